"""Corpus input: the articles of files, folders and article tables (JSON Lines, CSV, Parquet), one item at a time.

:func:`iter_articles` never raises for one bad item: it yields a :class:`Rejected` record (which file, which
row, why, what to do) and goes on. What is refused as a whole file and what row by row:

* a whole file (``row`` is None): a file that cannot be read (missing, a folder that cannot be listed, not a
  regular file, binary, too large for an article), a table without the ``text`` column (or without a column
  that ``columns`` names; for JSON Lines, the text column as its first object says), a ``.parquet`` file that is not Parquet, a CSV file that is not UTF-8 or whose
  quoting breaks (the rows before it are kept, the rest of the file is not read);
* one row (``row`` is its number, 1 for the first record; for JSON Lines the line number): a line that is not
  a JSON object, a ``text`` that is missing, empty, not a string or over ``MAX_ARTICLE_BYTES``, a
  ``published`` that is not a date (the row is refused rather than read against a wrong date), an ``id``,
  ``url`` or ``title`` that is not text.

The text of an article is what the store keeps and what every span indexes into: for an HTML page it is the
main text that ``trafilatura`` extracts (the page's own extractor, :func:`geo.text.html_to_text`, when
trafilatura finds nothing), never the markup.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import ArticleError, UsageError, shown
from geo.files import article_files_under, sha256_hex
from geo.text import (
    ARTICLE_SUFFIXES,
    MAX_ARTICLE_BYTES,
    SYSTEM_FOLDERS,
    Article,
    article_from_bytes,
    find_published_date,
    html_to_text,
    read_article,
    read_article_bytes,
)

__all__ = [
    "COLUMNS",
    "CorpusArticle",
    "HTML_SUFFIXES",
    "Rejected",
    "TABLE_SUFFIXES",
    "html_article",
    "iter_articles",
    "parse_columns",
    "parse_published",
]

COLUMNS = ("text", "id", "url", "title", "published")
"""The fields an article table may have; only ``text`` is required."""
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
"""Files read as tables of articles, one article a row."""
HTML_SUFFIXES = (".html", ".htm")
"""Files read as web pages: their main text is the article."""
_CSV_FIELD_LIMIT = 4 * MAX_ARTICLE_BYTES  # a longer text is then refused by its row, not by the CSV parser
_PARQUET_BATCH = 1024


@dataclass(frozen=True)
class CorpusArticle(Article):
    """An :class:`~geo.text.Article` with what its table row or page said about it: id, url, title.

    ``source`` is the file, and for a table row ``file#row`` (row 1 is the first record).

    >>> a = CorpusArticle("Text.", "news.jsonl#3", None, id="a-17", title="Clash")
    >>> a.file, a.row, a.sha256[:12]
    ('news.jsonl', 3, 'f06dce27b84e')
    """

    id: str | None = None
    url: str | None = None
    title: str | None = None
    file: str = ""
    row: int | None = None

    def __post_init__(self) -> None:
        if not self.file:
            file, row = _split_source(self.source)
            object.__setattr__(self, "file", file)
            object.__setattr__(self, "row", row)

    @property
    def sha256(self) -> str:
        """The content hash of the text (:func:`geo.files.sha256_hex`, the store's key): a stored article is skipped."""
        return sha256_hex(self.text)


@dataclass(frozen=True)
class Rejected:
    """An input item that gives no article, or an article whose analysis failed: where, and why (one line).

    ``at`` is when a store recorded it (:meth:`geo.store.Store.ingest_errors`, ISO 8601 UTC), None before.

    >>> r = Rejected("news.csv", 4, "news.csv#4: 'published' is 'yesterday', not a date; give YYYY-MM-DD or leave it empty")
    >>> r.source
    'news.csv#4'
    """

    file: str
    row: int | None
    message: str
    at: str | None = None

    @property
    def source(self) -> str:
        """The file, or ``file#row``."""
        return self.file if self.row is None else f"{self.file}#{self.row}"


def parse_columns(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Which column of a table holds each field: ``"text=body,published=date"`` → every field's column.

    Fields not named keep their own name as column name. Raises :class:`UsageError` on bad syntax or a field
    that is not one of :data:`COLUMNS`.

    >>> parse_columns("text=body, published=date")
    {'text': 'body', 'id': 'id', 'url': 'url', 'title': 'title', 'published': 'date'}
    >>> parse_columns("body")
    Traceback (most recent call last):
    ...
    geo.errors.UsageError: --columns 'body': 'body' is not FIELD=COLUMN; write it as text=body,published=date (fields: text, id, url, title, published)
    """
    mapping = {name: name for name in COLUMNS}
    if spec is None:
        return mapping
    fields = ", ".join(COLUMNS)
    if isinstance(spec, str):
        pairs = []
        for part in spec.split(","):
            field, equals, column = (p.strip() for p in part.partition("="))
            if not equals or not field or not column:
                raise UsageError(
                    f"--columns {shown(spec)!r}: {shown(part.strip())!r} is not FIELD=COLUMN; write it as text=body,published=date (fields: {fields})"
                )
            pairs.append((field, column))
    elif isinstance(spec, Mapping):
        pairs = [(str(k), v) for k, v in spec.items()]
    else:
        raise UsageError(f"columns {spec!r}: give a string like text=body,published=date or a mapping of field to column")
    seen: set[str] = set()
    for field, column in pairs:
        if field not in mapping:
            raise UsageError(f"--columns: unknown field {shown(field)!r}; the fields are {fields}")
        if field in seen:
            raise UsageError(f"--columns: field {field!r} is given twice; give each field once")
        if not isinstance(column, str) or not column:
            raise UsageError(f"--columns: field {field!r} maps to {column!r}; give the name of a column")
        seen.add(field)
        mapping[field] = column
    return mapping


def parse_published(value: Any) -> dt.date | None:
    """A table's ``published`` value as a date: a date, a datetime, or an ISO text (``2025-12-02``,
    ``2025-12-02T10:00:00Z``); None for an empty value. Raises :class:`ValueError` for anything else.

    >>> parse_published("2025-12-02T10:00:00Z"), parse_published(""), parse_published(None)
    (datetime.date(2025, 12, 2), None, None)
    """
    if value is None or (isinstance(value, float) and value != value):  # None, NaN
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10]) if len(text) == 10 else dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ValueError(value)


def iter_articles(paths: Iterable[str | os.PathLike[str]], columns: str | Mapping[str, str] | None = None) -> Iterator[CorpusArticle | Rejected]:
    """Each article of ``paths``, in order, or a :class:`Rejected` record for an item that gives none.

    A folder is walked recursively, its files in sorted order (links to folders are not followed); in it, the
    article files (.txt, .md, .html, .htm) and tables (.jsonl, .ndjson, .csv, .parquet) count. A file given by
    name is a table if its name says so, and an article otherwise. ``columns`` (see :func:`parse_columns`) says
    which table column holds each field; it is checked first (:class:`UsageError`), before anything is read.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.jsonl").write_text('{"body": "On November 26 a drone hit Khatlon.", "date": "2025-12-02"}\\n"x"\\n')
    >>> [(type(i).__name__, i.source) for i in iter_articles([folder], columns="text=body,published=date")]
    [('CorpusArticle', '.../a.jsonl#1'), ('Rejected', '.../a.jsonl#2')]
    """
    mapping = parse_columns(columns)
    for item, problem in article_files_under(paths, ARTICLE_SUFFIXES + TABLE_SUFFIXES):
        if problem:
            yield Rejected(str(item), None, f"{shown(item)}: {problem}")
        else:
            yield from _read_path(item, mapping)


def _read_path(path: Path, mapping: dict[str, str]) -> Iterator[CorpusArticle | Rejected]:
    suffix = path.suffix.lower()
    try:
        if suffix in TABLE_SUFFIXES:
            _check_table_file(path)
            reader = _parquet_rows if suffix == ".parquet" else _csv_rows if suffix == ".csv" else _jsonl_rows
            yield from reader(path, mapping)
        elif suffix in HTML_SUFFIXES:
            yield _html_file(path)
        else:
            article = read_article(path)
            yield CorpusArticle(article.text, article.source, article.published, file=str(path))
    except ArticleError as error:
        yield Rejected(str(path), None, str(error))


# -- web pages ----------------------------------------------------------------------------------


def _html_file(path: Path) -> CorpusArticle:
    data = read_article_bytes(path)  # the safe reader: a regular file outside /proc, /sys, /dev, at most MAX_ARTICLE_BYTES
    fallback = article_from_bytes(data, str(path), is_html=True)  # refuses binary, undecodable and empty pages
    return html_article(_markup(data), str(path), fallback=fallback.text)


def html_article(markup: str, source: str, published: dt.date | None = None, fallback: str | None = None, **fields: Any) -> CorpusArticle:
    """The article of a web page: trafilatura's main text, title and publication date, or else the page's
    visible text (:func:`geo.text.html_to_text`, or ``fallback``) when trafilatura finds no main text.

    ``published`` (a table's column) comes first, then the page's metadata, then a date line in the text.

    >>> page = "<html><head><title>Clash</title></head><body><nav>Home</nav><article><p>" + "On November 26 a drone attack on a camp in Khatlon killed three workers. " * 2 + "</p></article></body></html>"
    >>> a = html_article(page, "page.html")
    >>> a.title, a.text.startswith("On November 26"), "Home" in a.text
    ('Clash', True, False)
    """
    text, title, date = _trafilatura(markup)
    if not text:
        text = fallback if fallback is not None else html_to_text(markup)
        title = None
    if not text.strip():
        raise ArticleError(f"{shown(source)}: the page has no text; give the page of an article")
    published = published or date or find_published_date(text)
    fields.setdefault("title", title)
    return CorpusArticle(text, source, published, **fields)


def _markup(data: bytes) -> str:
    """The markup of page bytes that :func:`geo.text.article_from_bytes` accepted (UTF-8, or UTF-16 with a mark)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""  # UTF-16 without a mark: the page's own extractor reads it (the fallback)


def _trafilatura(markup: str) -> tuple[str, str | None, dt.date | None]:
    if not markup.strip():
        return "", None, None
    import trafilatura  # imported on the first page: it is slow to load

    try:
        document = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a page trafilatura cannot parse: the page's own extractor reads it
        return "", None, None
    text = str(getattr(document, "text", None) or "").strip()  # a Document (a dict only with as_dict=True)
    if not text:
        return "", None, None
    found, date = getattr(document, "date", None), None
    if found:
        try:
            date = dt.date.fromisoformat(str(found)[:10])
        except ValueError:
            date = None
    return text, getattr(document, "title", None) or None, date


# -- tables -------------------------------------------------------------------------------------


def _check_table_file(path: Path) -> None:
    name = shown(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ArticleError(f"{name}: no such file; give the path of an article or of a table (.jsonl, .csv, .parquet)") from None
    except OSError as error:
        raise ArticleError(f"{name}: cannot be opened ({error.strerror or error}); give the path of a readable table") from None
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(f"{name}: not a regular file; give the path of a table of articles (.jsonl, .csv, .parquet)")
    real = os.path.realpath(path)
    if any(real == folder or real.startswith(folder + "/") for folder in SYSTEM_FOLDERS):
        raise ArticleError(f"{name}: a special file of the system, not a table; copy the table into a regular file and give that")
    if not os.access(path, os.R_OK):
        raise ArticleError(f"{name}: permission denied; make the file readable (chmod u+r) or copy it somewhere you can read")


def _row_article(path: Path, row: int, record: Mapping[str, Any], mapping: dict[str, str]) -> CorpusArticle | Rejected:
    """The article of one table row, or why the row gives none."""
    source = f"{path}#{row}"
    name = shown(source)

    def refuse(reason: str) -> Rejected:
        return Rejected(str(path), row, f"{name}: {reason}")

    text = record.get(mapping["text"])
    column = shown(mapping["text"])
    if text is None:
        return refuse(f"no {column!r} (the article's text); give every row its text, or name the text's column with --columns text=COLUMN")
    if not isinstance(text, str):
        return refuse(f"{column!r} is {type(text).__name__}, not text; give the article's text as a string")
    if not text.strip():
        return refuse(f"{column!r} is empty; give the article's text, or leave the row out")
    fields: dict[str, Any] = {}
    for field in ("id", "url", "title"):
        value = record.get(mapping[field])
        if isinstance(value, int) and not isinstance(value, bool) and field == "id":
            value = str(value)
        if value is not None and not isinstance(value, str):
            return refuse(f"{shown(mapping[field])!r} is {type(value).__name__} {shown(value)[:40]!r}, not text; give it as a string or leave it empty")
        fields[field] = value or None
    raw = record.get(mapping["published"])
    try:
        published = parse_published(raw)
    except ValueError:
        return refuse(
            f"{shown(mapping['published'])!r} is {shown(raw)[:40]!r}, not a date; give YYYY-MM-DD (or an ISO date and time), or leave it empty"
        )
    try:
        if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            _check_size(text, name)
            return html_article(text, source, published, file=str(path), row=row, **fields)
        article = article_from_bytes(text.encode("utf-8"), source, published=published)
    except ArticleError as error:
        return refuse(str(error).removeprefix(f"{name}: "))
    return CorpusArticle(article.text, source, article.published, file=str(path), row=row, **fields)


def _check_size(text: str, name: str) -> None:
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name}: {size:,} bytes is over the limit of {MAX_ARTICLE_BYTES:,} bytes; give one article a row")


def _missing_columns(path: Path, found: Iterable[str], mapping: dict[str, str], text_only: bool = False) -> None:
    found = set(found)
    if mapping["text"] not in found:
        raise ArticleError(
            f"{shown(path)}: no column {shown(mapping['text'])!r} (the article's text) among {', '.join(sorted(map(shown, found))) or 'no columns'}; "
            "name the text's column with --columns text=COLUMN"
        )
    named = sorted(shown(c) for f, c in mapping.items() if c != f and c not in found)
    if named and not text_only:
        raise ArticleError(f"{shown(path)}: --columns names {', '.join(named)}, which the table does not have; name columns it has")


def _jsonl_rows(path: Path, mapping: dict[str, str]) -> Iterator[CorpusArticle | Rejected]:
    first = True
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            name = shown(f"{path}#{number}")
            try:
                record = json.loads(line)
            except (UnicodeDecodeError, ValueError) as error:
                yield Rejected(str(path), number, f"{name}: not a JSON object ({error}); give one JSON object a line")
                continue
            if not isinstance(record, dict):
                yield Rejected(str(path), number, f"{name}: a JSON {type(record).__name__}, not an object; give one JSON object a line")
                continue
            if first:  # the first record stands for the table's columns: a text column missing there is missing everywhere
                _missing_columns(path, record, mapping, text_only=True)
                first = False
            yield _row_article(path, number, record, mapping)


def _csv_rows(path: Path, mapping: dict[str, str]) -> Iterator[CorpusArticle | Rejected]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    number = 0
    with open(path, "rb") as binary:
        reader = csv.DictReader(_utf8_lines(binary))
        try:
            _missing_columns(path, reader.fieldnames or (), mapping)
            for number, record in enumerate(reader, start=1):
                yield _row_article(path, number, {k: v for k, v in record.items() if k is not None}, mapping)
        except UnicodeDecodeError as error:
            raise ArticleError(f"{shown(path)}: not UTF-8 text after row {number} ({error.reason}); the rest of the file is not read; re-save the table as UTF-8") from None
        except csv.Error as error:
            raise ArticleError(f"{shown(path)}: not a valid CSV file after row {number} ({error}); the rest of the file is not read; fix its quoting") from None


def _utf8_lines(binary: Iterable[bytes]) -> Iterator[str]:
    """The lines of a UTF-8 file, decoded one by one (a bad byte is found where it is, not a buffer ahead)."""
    for number, line in enumerate(binary):
        text = line.decode("utf-8")
        yield text.removeprefix("\ufeff") if number == 0 else text


def _parquet_rows(path: Path, mapping: dict[str, str]) -> Iterator[CorpusArticle | Rejected]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise ArticleError(f"{shown(path)}: not a Parquet file ({error}); give a Parquet table, or a .jsonl or .csv one") from None
    names = table.schema_arrow.names
    _missing_columns(path, names, mapping)
    wanted = sorted({c for c in mapping.values() if c in names})
    number = 0
    try:
        for batch in table.iter_batches(batch_size=_PARQUET_BATCH, columns=wanted):
            for record in batch.to_pylist():
                number += 1
                yield _row_article(path, number, record, mapping)
    except (pa.ArrowException, OSError) as error:
        raise ArticleError(f"{shown(path)}: cannot be read after row {number} ({error}); the rest of the file is not read; re-write the table") from None


def _split_source(source: str) -> tuple[str, int | None]:
    file, hash_, row = source.rpartition("#")
    if hash_ and row.isdigit():
        return file, int(row)
    return source, None
