"""The offline gazetteer: places by name, ranked with context, behind geopy's geocoder interface."""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.errors import DataError, UsageError
from geo.model import Place
from geo.paths import DATA_DIR
from geo.text import fold, fold_variants, transliteration_key

__all__ = [
    "AREA_TYPE_WORDS",
    "Candidate",
    "Context",
    "OfflineGazetteer",
    "load_gazetteer",
]

FOCUS = ("AF", "TJ")

MISSPELT_MIN_LETTERS = 6
MISSPELT_MIN_SCORE = 88
MISSPELT_CANDIDATES = 10
"""A typed place name no spelling rule finds is matched to a name this close (rapidfuzz ratio, 0–100): "Badakshan"
(94) and "Takhaar" (92) are found, "Baghlan" for "Baghdad" (71) is not; measured on the corpus and tests/test_gazetteer.py."""
TRANSLITERATED_MIN_LETTERS = 6
"""Names shorter than this are matched only as spelt: short names fold together too easily."""
AREA_TYPE_WORDS = {
    "province": "admin1",
    "region": "admin1",
    "oblast": "admin1",
    "autonomous oblast": "admin1",
    "autonomous region": "admin1",
    "autonomous province": "admin1",
    "vilayat": "admin1",
    "wilayat": "admin1",
    "provinces": "admin1",
    "regions": "admin1",
    "district": "admin2",
    "districts": "admin2",
    "nohiya": "admin2",
    "county": "admin2",
    "rayon": "admin2",
    "city": "populated place",
    "town": "populated place",
    "village": "populated place",
    "river": "river",
}
"""Type words that may follow a name ("Badakhshan Province") and the kind of place they ask for."""

_SOURCES = {
    "gn": "geonames", "country": "geonames", "admin1": "naturalearth", "district": "borderwatch", "landmark": "borderwatch",
    "border": "naturalearth", "river": "borderwatch", "crossing": "borderwatch",
}


@dataclass(frozen=True)
class Context:
    """What the text around a name says about which place is meant.

    ``country``: a country named right next to it ("Afghanistan's X", "X, Tajikistan");
    ``type_word``: a word such as "Province" or "District" after it;
    ``article_countries``: how often each country is named in the whole article;
    ``definite``: "the" right before it, as rivers take and towns do not ("across the Panj").
    """

    country: str | None = None
    type_word: str | None = None
    article_countries: Counter[str] = field(default_factory=Counter)
    definite: bool = False


@dataclass(frozen=True)
class Candidate:
    """A place a name may mean, with its ranking score (higher is likelier)."""

    place: Place
    score: float


class OfflineGazetteer(Geocoder):
    """A geopy geocoder that answers from the embedded gazetteer, with no network.

    >>> g = OfflineGazetteer()
    >>> g.geocode("Khorog").raw["country"], g.geocode("Khorog").address
    ('TJ', 'Khorugh, Gorno-Badakhshan, TJ')
    >>> g.geocode("Faizabad, Afghanistan").raw["admin1"]
    'Badakhshan'
    >>> g.geocode("Nowhere-on-earth") is None
    True
    """

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        super().__init__()
        self.places, self.index = _load(data_dir)
        self._by_spelling: dict[str, tuple[int, ...]] = {}
        for key, ids in self.index.items():
            if len(key.replace(" ", "")) >= TRANSLITERATED_MIN_LETTERS:
                spelling = transliteration_key(key)
                self._by_spelling[spelling] = tuple(sorted(set(self._by_spelling.get(spelling, ())) | set(ids)))
        self._country_names = {
            key: p.country for key, ids in self.index.items() for p in (self.places[i] for i in ids) if p.kind == "country"
        }
        self._units = {(p.country, p.name if p.kind == "admin1" else None): p for p in self.places if p.kind in ("country", "admin1")}
        self._borders = {p.country: p for p in self.places if p.kind == "border"}
        by_letter_and_kind: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for key, ids in self.index.items():
            if len(key.replace(" ", "")) >= MISSPELT_MIN_LETTERS:
                for i in ids:
                    by_letter_and_kind.setdefault((key[0], self.places[i].kind), []).append((key, i))
        self._misspelling_keys = {k: (tuple(n for n, _ in v), tuple(i for _, i in v)) for k, v in by_letter_and_kind.items()}
        self._name_lengths: dict[str, int] = {}
        for key in (*self.index, *self._by_spelling):
            first, *rest = key.split(" ")
            self._name_lengths[first] = max(self._name_lengths.get(first, 0), len(rest) + 1)

    # -- geopy's interface ------------------------------------------------------------------

    def geocode(
        self, query: str, *, exactly_one: bool = True, country_codes: str | list[str] | None = None, timeout=None
    ) -> Location | list[Location] | None:
        """Places named ``query`` ("Khorog", "Faizabad, Afghanistan"), best first; None if none.

        ``country_codes`` keeps only places in those ISO 3166-1 alpha-2 countries.
        """
        if not isinstance(query, str) or not query.strip():
            raise UsageError(f"query {query!r} is not a place name; give a non-empty string such as 'Khorog'")
        name, country = self._split_country(query)
        candidates = self.candidates(name, Context(country=country))
        allowed = {country_codes} if isinstance(country_codes, str) else set(country_codes or ())
        locations = [_location(c, self._point_of(c.place)) for c in candidates if not allowed or c.place.country in {a.upper() for a in allowed}]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        """Not offered: Borderwatch locates points with :mod:`geo.boundaries` instead."""
        raise NotImplementedError("OfflineGazetteer does not reverse-geocode; use geo.boundaries.load_boundaries().locate")

    # -- Borderwatch's interface -----------------------------------------------------------

    def lookup(self, name: str) -> list[Place]:
        """Every place with this name or alternate name (accents and case ignored)."""
        keys = fold_variants(name)
        ids = {i for key in keys for i in self.index.get(key, ())}
        if not ids:
            ids = {i for key in keys if len(key.replace(" ", "")) >= TRANSLITERATED_MIN_LETTERS for i in self._by_spelling.get(transliteration_key(key), ())}
        return [self.places[i] for i in sorted(ids)]

    def has_name(self, folded: str) -> bool:
        """Whether a folded name (see :func:`geo.text.fold`) is in the gazetteer."""
        return folded in self.index or (
            len(folded.replace(" ", "")) >= TRANSLITERATED_MIN_LETTERS and transliteration_key(folded) in self._by_spelling
        )

    def misspelt(self, name: str, kinds: tuple[str, ...], within: Place | None = None) -> Place | None:
        """The place of one of ``kinds`` whose name ``name`` misspells ("Badakshan", "Takhaar"), if one is close enough.

        Only names of ``MISSPELT_MIN_LETTERS`` letters or more, with the same first letter, scored by
        ``rapidfuzz.fuzz.ratio`` at ``MISSPELT_MIN_SCORE`` or better; inside ``within`` when given.

        >>> OfflineGazetteer().misspelt("Badakshan", ("admin1",)).name
        'Badakhshan'
        >>> OfflineGazetteer().misspelt("Baghdad", ("admin1",)) is None
        True
        """
        from rapidfuzz import fuzz, process

        key = fold(name)
        if len(key.replace(" ", "")) < MISSPELT_MIN_LETTERS:
            return None
        for kind in kinds:
            keys, ids = self._misspelling_keys.get((key[0], kind), ((), ()))
            for _, _, at in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=MISSPELT_MIN_SCORE, limit=MISSPELT_CANDIDATES):
                place = self.places[ids[at]]
                if within is None or _inside(place, within):
                    return place
        return None

    def longest_name_from(self, folded_word: str) -> int:
        """How many words the longest name beginning with this folded word has (0: no name begins with it).

        >>> OfflineGazetteer().longest_name_from("gorno")
        4
        """
        found = self._name_lengths.get(folded_word, 0)
        if len(folded_word) >= 3:
            found = max(found, self._name_lengths.get(transliteration_key(folded_word), 0))
        return found

    def country_of_name(self, folded: str) -> str | None:
        """The ISO code of the country with this folded name ("tajikistan" → "TJ"), if any."""
        return self._country_names.get(folded)

    def candidates(self, name: str, context: Context | None = None) -> list[Candidate]:
        """The places ``name`` may mean, best first, scored with ``context``; scores sum to 1."""
        context = context or Context()
        places = self.lookup(name)
        if context.type_word:  # "Shuroobod District" may be a name of its own (the district of the town Shurobod)
            places += [p for p in self.lookup(f"{name} {context.type_word}") if p not in places]
        if not places:
            name, type_word = _split_type_word(name)
            places = self.lookup(name) if type_word else []
            context = replace(context, type_word=context.type_word or type_word)
        raw = [(_score(p, fold(name), context), p) for p in places]
        if not raw:
            return []
        top = max(s for s, _ in raw)
        weights = [(math.exp(s - top), p) for s, p in raw]
        total = sum(w for w, _ in weights)
        ranked = sorted(((round(w / total, 3), p) for w, p in weights), key=lambda c: (-c[0], c[1].id))
        return [Candidate(p, s) for s, p in ranked]

    def unit(self, country: str, admin1: str | None = None) -> Place | None:
        """The country, or its admin-1 unit of that name, as a place; None if the gazetteer has none.

        >>> OfflineGazetteer().unit("KG", "Batken").id
        'admin1:KG-B'
        """
        return self._units.get((country, admin1))

    def _point_of(self, place: Place) -> tuple[float, float]:
        """The place's point; for a district with no known seat, its admin-1 unit's (geopy needs one)."""
        for candidate in (place, self.unit(place.country, place.admin1), self.unit(place.country)):
            if candidate is not None and candidate.lat is not None and candidate.lon is not None:
                return candidate.lat, candidate.lon
        raise DataError(f"{place.id} has no point and neither has its country; rebuild data/ with `python -m geo build-data`")

    def border(self, a: str, b: str) -> Place | None:
        """The border two countries share, as a place; None if they share none here.

        >>> OfflineGazetteer().border("TJ", "KG").name
        'Kyrgyzstan–Tajikistan border'
        """
        return self._borders.get("|".join(sorted((a, b))))

    def place(self, place_id: str) -> Place:
        """The place with this id ("admin1:TJ-KT", "gn:1221328"); UsageError if unknown."""
        for p in self.places:
            if p.id == place_id:
                return p
        raise UsageError(f"unknown place id {place_id!r}; ids look like 'gn:1221328' or 'admin1:TJ-KT'")

    def _split_country(self, query: str) -> tuple[str, str | None]:
        head, _, tail = query.rpartition(",")
        country = self.country_of_name(fold(tail)) if head else None
        return (head, country) if country else (query, None)


def _split_type_word(name: str) -> tuple[str, str | None]:
    """("Leninabad Oblast") -> ("leninabad", "oblast"); names without a type word are returned as they are."""
    words = fold(name).split()
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]) in AREA_TYPE_WORDS:
            return " ".join(words[:-size]), " ".join(words[-size:])
    return name, None


def _score(place: Place, key: str, context: Context) -> float:
    score = 0.0
    if context.country:
        score += 3.0 if place.country == context.country else -2.0
    wanted = AREA_TYPE_WORDS.get(context.type_word or "")
    if wanted:
        score += 2.5 if place.kind == wanted else -1.0
    else:
        score += {"country": 1.0, "populated place": 0.3, "admin1": 0.2, "admin2": 0.1}.get(place.kind, 0.0)
    total = sum(context.article_countries.values())
    if total:
        score += 1.0 * context.article_countries.get(place.country, 0) / total
    if place.country in FOCUS:
        score += 0.5
    if context.definite and place.kind in ("river", "border"):
        score += 3.0
    score += 0.15 * math.log10((place.population or 0) + 1)
    if fold(place.name) == key:
        score += 0.3
    return score


def _inside(place: Place, unit: Place) -> bool:
    return place.country == unit.country and (unit.kind == "country" or place.admin1 == unit.admin1)


def _location(candidate: Candidate, point: tuple[float, float]) -> Location:
    place = candidate.place
    address = ", ".join(x for x in (place.name, place.admin1 if place.admin1 != place.name else None, place.country) if x)
    raw = {**place.as_dict(), "score": candidate.score}
    return Location(address, point, raw)


@functools.cache
def load_gazetteer(data_dir: Path = DATA_DIR) -> OfflineGazetteer:
    """The embedded gazetteer, loaded once per process."""
    return OfflineGazetteer(data_dir)


def _load(data_dir: Path) -> tuple[list[Place], dict[str, tuple[int, ...]]]:
    path = data_dir / "gazetteer.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataError(f"{path} is missing; rebuild data/ with `python -m geo build-data`") from None
    header = lines[0].split("\t")
    places: list[Place] = []
    index: dict[str, list[int]] = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        place = Place(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            country=row["country"],
            admin1=row["admin1"] or None,
            lat=float(row["lat"]) if row["lat"] else None,
            lon=float(row["lon"]) if row["lon"] else None,
            population=int(row["population"]) if row["population"] else None,
            source=_SOURCES[row["id"].split(":", 1)[0]],
            bbox=_bbox(row["bbox"]),
        )
        for key in row["keys"].split("|"):
            index.setdefault(key, []).append(len(places))
        places.append(place)
    return places, {k: tuple(v) for k, v in index.items()}


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    """ "west,south,east,north" as four numbers, or None for an empty cell."""
    if not text:
        return None
    west, south, east, north = map(float, text.split(","))
    return west, south, east, north
