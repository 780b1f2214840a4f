"""Article text: reading files safely, folding names, tokens, sentences and the publication date."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple
from html.parser import HTMLParser
from pathlib import Path

from geo.errors import ArticleError

MAX_ARTICLE_BYTES = 2_000_000
"""Articles larger than this (2 MB) are refused: news articles are a few tens of kB."""

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
ENCODINGS_TRIED = ("utf-8", "utf-8 with BOM", "utf-16 with BOM")

_EXTRA_FOLDS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ß": "ss", "æ": "ae", "œ": "oe"})
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_APOSTROPHES = "'’‘ʼʻ`´"


@dataclass(frozen=True)
class Article:
    """The text of one article and what is known about it."""

    text: str
    source: str
    published: dt.date | None = None


class Token(NamedTuple):
    """A word of the text: its folded form and its character span (a tuple: a long text has many)."""

    text: str
    folded: str
    start: int
    end: int


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Fold a name for matching: no accents, lower case, words joined by single spaces.

    >>> fold("Shŭrobod")
    'shurobod'
    >>> fold("Gorno-Badakhshan  Autonomous Oblast")
    'gorno badakhshan autonomous oblast'
    >>> fold("Qal‘ah-ye Kūf")
    'qal ah ye kuf'
    """
    return " ".join(t.folded for t in tokens(name))


def fold_variants(name: str) -> set[str]:
    """The folded name, and the same with apostrophes dropped instead of splitting words.

    >>> sorted(fold_variants("Roshtqal’a"))
    ['roshtqal a', 'roshtqala']
    """
    joined = name
    for mark in _APOSTROPHES:
        joined = joined.replace(mark, "")
    return {fold(name), fold(joined)} - {""}


TRANSLITERATION_FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"), ("w", "v"), ("ou", "u"), ("obod", "abad"), ("yy", "y"),
)
"""Spellings of one sound in the region's romanisations (Shokhin/Shohin, Ghafurov/Gafurov, Qal'a/Kala, Darwaz/Darvaz,
Shouroobod/Shurobod, -obod/-abad), folded away for names of six letters or more: applied in order, then doubled letters are single."""
_DOUBLED = re.compile(r"([a-z])\1")


def transliteration_key(folded: str) -> str:
    """A folded name with its romanisation variants folded too (see ``TRANSLITERATION_FOLDS``).

    >>> transliteration_key("shamsiddin shokhin") == transliteration_key("shamsiddin shohin")
    True
    >>> transliteration_key("darwaz"), transliteration_key("shurobod") == transliteration_key("shurabad")
    ('darvaz', True)
    """
    for old, new in TRANSLITERATION_FOLDS:
        folded = folded.replace(old, new)
    return _DOUBLED.sub(r"\1", folded)


@functools.lru_cache(maxsize=65536)
def fold_token(word: str) -> str:
    """Fold one word (see :func:`fold`)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.translate(_EXTRA_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[Token]:
    """Words of ``text`` with their spans; apostrophes and hyphens separate words.

    >>> [(t.text, t.start) for t in tokens("Afghanistan’s Badakhshan")]
    [('Afghanistan', 0), ('s', 12), ('Badakhshan', 14)]
    """
    return [Token(m.group(), fold_token(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sgt|Gen|Lt|Col|Capt|Maj|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|U\.S|U\.N|[A-Z])\.$"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (line breaks also end a sentence).

    >>> text = "Mr. Rahmon spoke. On Nov. 26 a drone hit.\\nNext line"
    >>> [text[a:b] for a, b in sentences(text)]
    ['Mr. Rahmon spoke.', 'On Nov. 26 a drone hit.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if _ABBREVIATIONS.search(text[max(start, end - 6) : end]):
            continue
        _append_stripped(spans, text, start, end)
        start = match.end()
    _append_stripped(spans, text, start, len(text))
    return spans


def _append_stripped(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right > left:
        spans.append((start + left, start + right))


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_LINE = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_MONTH_LINE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def find_published_date(text: str, lines: int = 12) -> dt.date | None:
    """The first "Month D, YYYY", "D Month YYYY" or ISO date in the first ``lines`` lines, if any.

    >>> find_published_date("Title\\nBy Eurasianet December 2, 2025\\n\\nText")
    datetime.date(2025, 12, 2)
    >>> find_published_date("Title\\nPublished: 29 August 2025 10:12")
    datetime.date(2025, 8, 29)
    """
    all_lines = text.splitlines()
    body = next((i for i, line in enumerate(all_lines[:60]) if len(line) >= 150), None)
    if body is not None and body > lines:
        head = "\n".join(all_lines[:body])  # page furniture before the article: the date nearest the text is the article's
        dated = [d for line in all_lines[:body] for d in [find_published_date(line, 1)] if d]
        if dated:
            return dated[-1]
    head = "\n".join(all_lines[:lines])
    found = [(m.start(), m.group(3), m.group(1), m.group(2)) for m in _DATE_LINE.finditer(head)]
    found += [(m.start(), m.group(3), m.group(2), m.group(1)) for m in _DAY_MONTH_LINE.finditer(head)]
    for _, year, month, day in sorted(found):
        date = _safe_date(int(year), _MONTHS[month.lower()], int(day))
        if date:
            return date
    for match in _ISO_DATE.finditer(head):
        date = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if date:
            return date
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_article(path: str | Path, published: dt.date | None = None) -> Article:
    """Read an article file (.txt, .md or .html) as text, refusing what is not an article.

    Raises :class:`ArticleError` naming the file and the problem: missing, not a file,
    too large (over ``MAX_ARTICLE_BYTES``), binary, not UTF-8, or empty.
    """
    path = Path(path)
    if not path.exists():
        raise ArticleError(f"{path}: no such file; give the path of an article (.txt, .md or .html)")
    if not path.is_file():
        raise ArticleError(f"{path}: not a file; give the path of an article (.txt, .md or .html)")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: {size:,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes; split the file or give one article"
        )
    return article_from_bytes(path.read_bytes(), str(path), published=published, is_html=path.suffix.lower() in (".html", ".htm"))


def article_from_bytes(data: bytes, source: str, published: dt.date | None = None, is_html: bool = False) -> Article:
    """Decode uploaded or read bytes into an :class:`Article` (see :func:`read_article`)."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{source}: {len(data):,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes; split the file or give one article"
        )
    text = _decode(data, source)
    if is_html or _looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise ArticleError(f"{source}: the article is empty; give a file with the article's text")
    return Article(text=text, source=source, published=published or find_published_date(text))


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data[:8192]:
        raise ArticleError(f"{source}: binary data (NUL bytes), not text; give a text file (.txt, .md or .html)")
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ArticleError(
                f"{source}: not UTF-8 text (byte {error.start}; tried {', '.join(ENCODINGS_TRIED)}); "
                "re-save the file as UTF-8"
            ) from None
    raise ArticleError(f"{source}: not valid UTF-16 text despite its byte-order mark; re-save the file as UTF-8")


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines (scripts and styles dropped).

    >>> html_to_text("<p>Kabul &amp; Dushanbe</p><script>alert(1)</script><p>Next</p>")
    'Kabul & Dushanbe\\n\\nNext'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
