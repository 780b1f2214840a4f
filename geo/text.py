"""Article text: reading files safely, folding names, tokens, sentences and the publication date."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import itertools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from collections.abc import Sequence
from typing import NamedTuple, overload
from html.parser import HTMLParser
from pathlib import Path

from geo.errors import ArticleError, shown

__all__ = [
    "ARTICLE_SUFFIXES",
    "Article",
    "MAX_ARTICLE_BYTES",
    "MONTHS",
    "MONTH_PATTERN",
    "SYSTEM_FOLDERS",
    "Token",
    "Tokens",
    "article_from_bytes",
    "find_published_date",
    "fold",
    "fold_token",
    "fold_variants",
    "html_to_text",
    "read_article",
    "read_article_bytes",
    "sentences",
    "tokens",
    "transliteration_key",
]

MAX_ARTICLE_BYTES = 2_000_000
"""Articles larger than this (2 MB) are refused: news articles are a few tens of kB."""

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
ENCODINGS_TRIED = ("utf-8", "utf-8 with BOM", "utf-16 with BOM", "utf-16 without BOM")

_EXTRA_FOLDS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ß": "ss", "æ": "ae", "œ": "oe"})
_TOKEN = r"(?:[^\W_]|[\u0300-\u036f])+"
_TOKEN_SPLIT = re.compile(f"({_TOKEN})")
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
    ("dzh", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"), ("w", "v"), ("ou", "u"), ("obod", "abad"), ("yy", "y"), ("ee", "i"), ("oo", "u"), ("ey", "ei"),
)
"""Spellings of one sound in the region's romanisations (Shokhin/Shohin, Ghafurov/Gafurov, Qal'a/Kala, Darwaz/Darvaz,
Shouroobod/Shurobod, -obod/-abad, English long vowels: Qarqeen/Qarqin, Nooristan/Nuristan, Leilek/Leylek), folded away
for names of six letters or more: applied in order, then doubled letters are single."""
_DOUBLED = re.compile(r"([a-z])\1")


@functools.lru_cache(maxsize=65536)
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


class Tokens(Sequence[Token]):
    """The words of a text as columns (their texts, folded forms, starts and ends), read as :class:`Token` on demand.

    A long article has hundreds of thousands of words; columns of strings and integers cost a fraction of as many
    tuples to build, and nothing for the garbage collector to walk.

    >>> words = Tokens("Afghanistan’s Badakhshan")
    >>> len(words), words[2], words.folded
    (3, Token(text='Badakhshan', folded='badakhshan', start=14, end=24), ['afghanistan', 's', 'badakhshan'])
    """

    __slots__ = ("texts", "folded", "starts", "ends")

    def __init__(self, text: str) -> None:
        parts = _TOKEN_SPLIT.split(text)  # separator, word, separator, word, …, separator
        offsets = list(itertools.accumulate(map(len, parts), initial=0))
        self.texts: list[str] = parts[1::2]
        self.folded: list[str] = list(map(fold_token, self.texts))
        self.starts: list[int] = offsets[1 : len(parts) - 1 : 2]
        self.ends: list[int] = offsets[2 : len(parts) : 2]

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...
    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return [Token(*row) for row in zip(self.texts[index], self.folded[index], self.starts[index], self.ends[index])]
        return Token(self.texts[index], self.folded[index], self.starts[index], self.ends[index])


def tokens(text: str) -> Tokens:
    """Words of ``text`` with their spans; apostrophes and hyphens separate words.

    >>> [(t.text, t.start) for t in tokens("Afghanistan’s Badakhshan")]
    [('Afghanistan', 0), ('s', 12), ('Badakhshan', 14)]
    """
    return Tokens(text)


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


MONTHS = {
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
"""Month names and their abbreviations, lower case, with the month's number."""
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
"""A regular-expression alternation of the month names, longest first."""
_DATE_LINE = re.compile(rf"\b({MONTH_PATTERN})\.?\s+(\d{{1,2}}),\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_MONTH_LINE = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_PATTERN})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
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
        date = _safe_date(int(year), MONTHS[month.lower()], int(day))
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

    Raises :class:`ArticleError` naming the file and the problem (see :func:`read_article_bytes`
    and :func:`article_from_bytes`): missing, unreadable, not a regular file, too large, binary,
    not UTF-8 or UTF-16, or empty.
    """
    path = Path(path)
    return article_from_bytes(
        read_article_bytes(path), str(path), published=published, is_html=path.suffix.lower() in (".html", ".htm")
    )


SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
"""Folders of the operating system's special files: what they hold is not an article, and reading some blocks or fails."""
_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_CHUNK = 1 << 20


def read_article_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an article file, decided once, at the file itself: it must open (no missing file,
    permission or link loop), be a regular file outside the system's special folders (no folder, pipe,
    device, socket, /proc or /sys file) and hold at most ``MAX_ARTICLE_BYTES`` bytes that can be read.

    Nothing but a regular file is ever opened (opening a device can act on it), and it is opened without
    waiting. Every refusal is an :class:`ArticleError` that names the file, the reason and what to do.
    """
    name = shown(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise ArticleError(f"{name}: {_open_problem(error)}") from None
    _check_regular(name, path, info)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise ArticleError(f"{name}: {_open_problem(error)}") from None
    try:
        _check_regular(name, path, os.fstat(fd))  # the same file still: not swapped for a pipe meanwhile
        data = _read_at_most(fd, name, MAX_ARTICLE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(_too_large(name, len(data), at_least=True))
    return data


def _check_regular(name: str, path: str | os.PathLike[str], info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        raise ArticleError(f"{name}: not a file but {kind}; give the path of an article (.txt, .md or .html)")
    real = os.path.realpath(path)
    system = next((folder for folder in SYSTEM_FOLDERS if real == folder or real.startswith(folder + "/")), None)
    if system:
        raise ArticleError(f"{name}: a special file of the system ({system}), not an article; copy the article's text into a .txt file and give that")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise ArticleError(_too_large(name, info.st_size))


def _read_at_most(fd: int, name: str, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        try:
            chunk = os.read(fd, min(_CHUNK, limit - size))
        except OSError as error:
            raise ArticleError(
                f"{name}: cannot be read ({error.strerror or error}); copy the article into a regular file on a working disk and give that"
            ) from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _open_problem(error: OSError) -> str:
    """What an error of stat() or open() means for the user, and what to do."""
    if error.errno == errno.ENOENT:
        return "no such file; give the path of an article (.txt, .md or .html)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; make the file readable (chmod u+r) or copy it somewhere you can read"
    if error.errno == errno.ELOOP:
        return "a loop of symbolic links; point the link at an article file"
    if error.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a folder); give the path of an article (.txt, .md or .html)"
    if error.errno == errno.ENAMETOOLONG:
        return "the path is too long; give a shorter path to the article"
    if error.errno == errno.ENXIO:
        return "not a file but a socket or a device without a reader; give the path of an article (.txt, .md or .html)"
    return f"cannot be opened ({error.strerror or error}); give the path of a readable article file"


def _too_large(name: str, size: int, at_least: bool = False) -> str:
    limit = MAX_ARTICLE_BYTES
    said = f"more than {limit:,} bytes (it grew while read, or its size is not known in advance)" if at_least else f"{size:,} bytes"
    return f"{name}: {said} is over the limit of {limit:,} bytes; split the file or give one article"


def article_from_bytes(data: bytes, source: str, published: dt.date | None = None, is_html: bool = False) -> Article:
    """Decode uploaded or read bytes into an :class:`Article` (see :func:`read_article`).

    Refused: more than ``MAX_ARTICLE_BYTES``, NUL bytes anywhere (binary data; UTF-16 without a
    byte-order mark is read), not UTF-8 or UTF-16, no text (an HTML page is reduced to its text first).
    """
    name = shown(source)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(_too_large(name, len(data)))
    text = _decode(data, name)
    if is_html or _looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise ArticleError(f"{name}: the article is empty; give a file with the article's text")
    return Article(text=text, source=source, published=published or find_published_date(text))


def _decode(data: bytes, name: str) -> str:
    binary = f"{name}: binary data (NUL bytes), not text; give a text file (.txt, .md or .html)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(f"{name}: not valid UTF-16 text despite its byte-order mark; re-save the file as UTF-8") from None
        if "\x00" in text:
            raise ArticleError(binary)
        return text
    if b"\x00" in data:  # anywhere: a NUL at byte 9,000 is as binary as one at byte 9
        unmarked = _utf16_without_bom(data)
        if unmarked is None:
            raise ArticleError(binary)
        return unmarked
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"{name}: not UTF-8 text (byte {error.start}; tried {', '.join(ENCODINGS_TRIED)}); re-save the file as UTF-8"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 bytes that lack a byte-order mark, or None if they do not look like UTF-16 text.

    Text in UTF-16 has a zero byte in most characters of Latin script, spaces and digits: all at odd
    offsets (little-endian) or all at even ones (big-endian). Binary data has zeros on both sides, and
    the high bytes of text come from a few Unicode blocks (0x00 and, say, 0x04 for Cyrillic, 0x06 for
    Arabic script, 0x20 for typographic quotes), not from anywhere.
    """
    if len(data) % 2 or len(data) < 16:
        return None
    half = len(data) // 2
    even, odd = data[0::2], data[1::2]
    if odd.count(0) >= 0.1 * half and even.count(0) <= 0.01 * half:
        encoding, high = "utf-16-le", odd
    elif even.count(0) >= 0.1 * half and odd.count(0) <= 0.01 * half:
        encoding, high = "utf-16-be", even
    else:
        return None
    blocks = sorted((high.count(b) for b in set(high)), reverse=True)
    if sum(blocks[:3]) < 0.95 * half:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return text if len(_CONTROL.findall(text)) <= 0.05 * len(text) else None


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


class _TextExtractor(HTMLParser):
    """The visible text of a page as parts, each with the elements that hide it.

    Scripts, styles, templates and <noscript> are hidden; so is <head>, which ends at </head>, at
    <body>, or (HTML5 lets </head> be left out) at the first element or text that belongs in the body.
    A <noscript> never closed hides nothing: it would otherwise swallow the rest of the page.
    """

    _HIDING = {"script", "style", "noscript", "template"}
    _HEAD_CONTENT = {"html", "head", "title", "meta", "link", "style", "script", "base", "noscript", "template"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, tuple[int, ...], bool]] = []
        self.open: list[tuple[str, int]] = []
        self.in_head = False
        self.in_title = False
        self._ids = itertools.count()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "head":
            self.in_head = True
            return
        if tag == "body" or (self.in_head and tag not in self._HEAD_CONTENT):
            self.in_head = False
        if tag == "title":
            self.in_title = True
        if tag in self._HIDING:
            self.open.append((tag, next(self._ids)))
        elif tag in self._BLOCK:
            self._add("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
            return
        if tag == "title":
            self.in_title = False
        if tag in self._HIDING:
            innermost = next((k for k in range(len(self.open) - 1, -1, -1) if self.open[k][0] == tag), None)
            if innermost is not None:
                del self.open[innermost:]
        elif tag in self._BLOCK:
            self._add("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_head and not self.open and not self.in_title and data.strip():
            self.in_head = False  # text outside <title> starts the body
        self._add(data)

    def _add(self, text: str) -> None:
        self.parts.append((text, tuple(i for _, i in self.open), self.in_head))

    def text(self) -> str:
        """The visible parts, joined (call after close())."""
        unclosed = {i for tag, i in self.open if tag == "noscript"}
        return "".join(text for text, hiders, in_head in self.parts if not in_head and unclosed.issuperset(hiders))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines (scripts and styles dropped).

    >>> html_to_text("<p>Kabul &amp; Dushanbe</p><script>alert(1)</script><p>Next</p>")
    'Kabul & Dushanbe\\n\\nNext'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = parser.text()
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
