"""Tests for geo.corpus: articles from files, folders, JSON Lines, CSV, Parquet and web pages; bad items as records."""

import csv
import datetime as dt
import html
import json
from pathlib import Path

import pytest

from geo.corpus import COLUMNS, CorpusArticle, Rejected, html_article, iter_articles, parse_columns, parse_published
from geo.errors import UsageError
from geo.evaluate import load_gold
from geo.files import sha256_hex
from geo.pipeline import analyse
from geo.text import MAX_ARTICLE_BYTES, html_to_text, read_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SEED = ROOT / "seeds" / "000_5900aaeb977870d1.txt"
GOLD = load_gold(CORPUS)
ARTICLES = [read_article(g.article, published=g.published) for g in GOLD]


def rows(limit=None):
    """The development corpus as table rows (id, url, title, published, body)."""
    return [
        {"id": Path(a.source).stem, "url": f"https://example.org/{Path(a.source).stem}", "title": a.text.splitlines()[0], "published": a.published.isoformat(), "body": a.text}
        for a in ARTICLES[:limit]
    ]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path, records, fields=None):
    fields = fields or list(records[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(records)
    return path


def write_parquet(path, records):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=7)
    return path


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


def only(items, kind):
    return [i for i in items if isinstance(i, kind)]


# -- tables -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_table_of_the_corpus_gives_its_articles_with_their_texts_dates_and_fields(tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"corpus.{kind}", rows())
    items = list(iter_articles([path], columns="text=body"))
    assert not only(items, Rejected)
    assert [a.text for a in items] == [a.text for a in ARTICLES]
    assert [a.published for a in items] == [g.published for g in GOLD]
    first = items[0]
    assert (first.source, first.file, first.row) == (f"{path}#1", str(path), 1)
    assert first.id == Path(GOLD[0].article).stem and first.url.startswith("https://example.org/")
    assert first.sha256 == sha256_hex(ARTICLES[0].text)
    assert [a.row for a in items] == list(range(1, len(ARTICLES) + 1))


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_table_row_is_analysed_like_its_file_and_its_spans_index_into_its_text(tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"corpus.{kind}", rows(6))
    for item, article in zip(iter_articles([path], columns={"text": "body"}), ARTICLES):
        analysis, expected = analyse(item), analyse(article)
        assert [m.as_json() for m in analysis.mentions] == [m.as_json() for m in expected.mentions]
        assert [len(i.incident.evidence) for i in analysis.incidents] == [len(i.incident.evidence) for i in expected.incidents]
        assert all(item.text[m.start : m.end] == m.text for m in analysis.mentions)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-12-02", dt.date(2025, 12, 2)), ("2025-12-02T10:00:00+05:00", dt.date(2025, 12, 2)), ("", None), (None, None),
     (dt.datetime(2025, 1, 3, 4, 5), dt.date(2025, 1, 3)), (dt.date(2024, 2, 29), dt.date(2024, 2, 29))],
)
def test_published_values_that_are_dates(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "02/12/2025", 20251202, True])
def test_published_values_that_are_not_dates(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_parquet_dates_and_timestamps_are_publication_dates(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = read_article(SEED).text  # its date line says December 2, 2025
    table = pa.table({"text": [text, text + " ", text + "  "],
                      "day": pa.array([dt.date(2012, 7, 24), None, dt.date(2012, 7, 25)], pa.date32()),
                      "at": pa.array([None, dt.datetime(2012, 7, 26, 23, 59), None], pa.timestamp("s"))})
    pq.write_table(table, tmp_path / "t.parquet")
    assert [a.published for a in iter_articles([tmp_path / "t.parquet"], "published=day")] == [dt.date(2012, 7, 24), dt.date(2025, 12, 2), dt.date(2012, 7, 25)]
    assert [a.published for a in iter_articles([tmp_path / "t.parquet"], "published=at")][1] == dt.date(2012, 7, 26)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_bad_rows_are_refused_one_by_one_and_the_good_ones_kept(tmp_path, kind):
    good = rows(3)
    bad = [
        {**good[0], "published": "yesterday"},
        {**good[1], "body": "   "},
        {**good[2], "body": "x" * (MAX_ARTICLE_BYTES + 1)},
    ]
    path = WRITERS[kind](tmp_path / f"mixed.{kind}", [good[0], bad[0], good[1], bad[1], bad[2], good[2]])
    items = list(iter_articles([path], columns="text=body"))
    assert [type(i).__name__ for i in items] == ["CorpusArticle", "Rejected", "CorpusArticle", "Rejected", "Rejected", "CorpusArticle"]
    reasons = [r.message for r in only(items, Rejected)]
    assert [r.row for r in only(items, Rejected)] == [2, 4, 5]
    assert reasons[0] == f"{path}#2: 'published' is 'yesterday', not a date; give YYYY-MM-DD (or an ISO date and time), or leave it empty"
    assert reasons[1] == f"{path}#4: 'body' is empty; give the article's text, or leave the row out"
    assert "over the limit of 2,000,000 bytes" in reasons[2]
    assert [a.text for a in only(items, CorpusArticle)] == [a.text for a in ARTICLES[:3]]


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_table_without_the_text_column_is_refused_as_a_whole(tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"notext.{kind}", rows(3))
    (item,) = iter_articles([path])
    assert isinstance(item, Rejected) and item.row is None
    assert item.message.startswith(f"{path}: no column 'text' (the article's text) among ")
    assert item.message.endswith("name the text's column with --columns text=COLUMN")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_columns_that_the_table_lacks_refuse_it(tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"t.{kind}", rows(2))
    (item,) = iter_articles([path], columns="text=body,published=date")
    assert item.message == f"{path}: --columns names date, which the table does not have; name columns it has"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not a JSON object (Expecting property name enclosed in double quotes"),
        ('"a string"', "a JSON str, not an object; give one JSON object a line"),
        ('{"text": 42}', "'text' is int, not text; give the article's text as a string"),
        ('{"id": "x"}', "no 'text' (the article's text); give every row its text"),
        ('{"text": "In Khorog.", "title": ["a"]}', "'title' is list"),
    ],
)
def test_bad_json_lines_are_refused_by_line_number(tmp_path, line, reason):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": ARTICLES[0].text}) + "\n\n" + line + "\n" + json.dumps({"text": ARTICLES[1].text}) + "\n")
    items = list(iter_articles([path]))
    assert [type(i).__name__ for i in items] == ["CorpusArticle", "Rejected", "CorpusArticle"]
    assert items[1].row == 3 and items[1].source == f"{path}#3"
    assert items[1].message.startswith(f"{path}#3: {reason}")


def test_a_csv_file_that_is_not_utf8_keeps_the_rows_before_the_problem(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"text\n" + ARTICLES[0].text.replace("\n", " ").encode() + b"\n" + "Kŭlob".encode("latin-1", "replace") + b"\xff\xfe\n")
    items = list(iter_articles([path]))
    assert isinstance(items[0], CorpusArticle)
    assert items[-1].row is None and "not UTF-8 text after row 1" in items[-1].message


@pytest.mark.parametrize("content", [b"", b"text\nnot parquet at all\n", b"PAR1" + b"\x00" * 64])
def test_a_parquet_file_that_is_not_parquet_is_refused(tmp_path, content):
    path = tmp_path / "t.parquet"
    path.write_bytes(content)
    (item,) = iter_articles([path])
    assert item.row is None
    assert item.message.startswith(f"{path}: not a Parquet file (") and item.message.endswith("give a Parquet table, or a .jsonl or .csv one")


# -- files and folders --------------------------------------------------------------------------------


def test_a_folder_is_read_recursively_in_sorted_order_with_tables_and_pages(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    write_jsonl(tmp_path / "b" / "rows.jsonl", [{"text": a.text} for a in ARTICLES[:2]])
    (tmp_path / "b" / "deeper" / "z.md").write_text(ARTICLES[2].text)
    (tmp_path / "b" / "notes.json").write_text("{}")  # not an article: left out
    (tmp_path / "c.html").write_text(page(ARTICLES[3].text, "2012-07-25"))
    sources = [i.source for i in iter_articles([tmp_path])]
    assert sources == [str(tmp_path / "a.txt"), f"{tmp_path / 'b' / 'deeper' / 'z.md'}", f"{tmp_path / 'b' / 'rows.jsonl'}#1",
                       f"{tmp_path / 'b' / 'rows.jsonl'}#2", str(tmp_path / "c.html")]
    assert sources == [i.source for i in iter_articles([tmp_path])]


def test_the_corpus_folder_gives_what_read_article_gives():
    items = list(iter_articles([CORPUS]))
    assert [i.source for i in items] == [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    assert [i.text for i in items] == [read_article(p).text for p in sorted(CORPUS.glob("*.txt"))]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "no such file"),
        ("binary.txt", bytes(range(256)) * 4, "binary data (NUL bytes)"),
        ("empty.md", b"  \n", "the article is empty"),
        ("big.txt", b"x" * (MAX_ARTICLE_BYTES + 1), "over the limit of 2,000,000 bytes"),
        ("missing.csv", None, "no such file"),
        ("latin.htm", "<p>Kŭlob é</p>".encode("latin-1", "replace") + b"\xe9", "not UTF-8 text"),
    ],
)
def test_a_bad_file_is_one_record_and_the_next_file_is_read(tmp_path, name, content, reason):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    items = list(iter_articles([tmp_path / name, SEED]))
    assert isinstance(items[0], Rejected) and items[0].file == str(tmp_path / name) and items[0].row is None
    assert items[0].message.startswith(str(tmp_path / name) + ": ") and reason in items[0].message
    assert items[1].source == str(SEED) and items[1].text == read_article(SEED).text


def test_a_folder_named_like_a_table_is_walked(tmp_path):
    (tmp_path / "x.csv").mkdir()
    (tmp_path / "x.csv" / "a.txt").write_bytes(SEED.read_bytes())
    assert [i.source for i in iter_articles([tmp_path])] == [str(tmp_path / "x.csv" / "a.txt")]


# -- web pages ----------------------------------------------------------------------------------------


def page(body, published=None, title="Border news"):
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    meta = f'<meta property="article:published_time" content="{published}T08:00:00Z">' if published else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}<script>var x = 'Kabul';</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/asia'>Kyrgyzstan news</a> | <a href='/z'>Uzbekistan</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<aside>Most read: Kazakhstan elections, Samarkand tourism</aside><footer>© Example News, Bishkek</footer></body></html>"
    )


@pytest.mark.parametrize("index", [0, 5, 11])
def test_a_web_page_gives_its_main_text_title_and_date_and_spans_index_into_it(tmp_path, index):
    article = ARTICLES[index]
    path = tmp_path / "page.html"
    path.write_text(page(article.text, "2012-07-25", title="Clashes in Khorog"), encoding="utf-8")
    (item,) = iter_articles([path])
    assert isinstance(item, CorpusArticle) and item.title == "Clashes in Khorog"
    assert item.published == dt.date(2012, 7, 25)
    for furniture in ("Home", "Most read", "Bishkek", "var x"):
        assert furniture not in item.text
    assert [p for p in article.text.split("\n") if len(p) > 80][0] in item.text
    analysis = analyse(item)
    assert analysis.mentions and all(item.text[m.start : m.end] == m.text for m in analysis.mentions)
    assert all(item.text[e.start : e.end] == e.quote for i in analysis.incidents for e in i.incident.evidence)


def test_a_page_without_a_metadata_date_takes_the_date_line_of_its_text(tmp_path):
    path = tmp_path / "seed.htm"
    path.write_text(page(SEED.read_text()), encoding="utf-8")
    (item,) = iter_articles([path])
    assert item.published == dt.date(2025, 12, 2)


def test_a_page_where_trafilatura_finds_nothing_falls_back_to_the_visible_text(tmp_path):
    markup = "<html><body><p>Khorog.</p></body></html>"
    path = tmp_path / "tiny.html"
    path.write_text(markup)
    (item,) = iter_articles([path])
    assert item.text == html_to_text(markup) == "Khorog." and item.title is None
    assert html_article(markup, "x.html").text == "Khorog."


def test_a_table_row_holding_a_page_is_read_as_a_page(tmp_path):
    path = write_jsonl(tmp_path / "pages.jsonl", [{"text": page(ARTICLES[0].text, "2012-07-24", "Khorog"), "title": "From the table"}])
    (item,) = iter_articles([path])
    assert item.title == "From the table" and "Home" not in item.text and item.published == dt.date(2012, 7, 24)


# -- --columns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "changed"),
    [("text=body", {"text": "body"}), (" text = body , published=date ", {"text": "body", "published": "date"}),
     ("id=guid,url=link,title=headline", {"id": "guid", "url": "link", "title": "headline"}), (None, {})],
)
def test_columns_name_a_column_for_each_field(spec, changed):
    assert parse_columns(spec) == {**{c: c for c in COLUMNS}, **changed}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("body", r"--columns 'body': 'body' is not FIELD=COLUMN; write it as text=body,published=date \(fields: text, id, url, title, published\)"),
        ("text=", r"'text=' is not FIELD=COLUMN"),
        ("text=body,,id=x", r"'' is not FIELD=COLUMN"),
        ("=body", r"'=body' is not FIELD=COLUMN"),
        ("body=text", r"--columns: unknown field 'body'; the fields are text, id, url, title, published"),
        ("text=a,text=b", r"field 'text' is given twice; give each field once"),
        ({"date": "published"}, r"unknown field 'date'"),
        (["text=body"], r"give a string like text=body,published=date or a mapping"),
    ],
)
def test_bad_columns_are_a_usage_error_before_anything_is_read(spec, message):
    with pytest.raises(UsageError, match=message):
        parse_columns(spec)
    with pytest.raises(UsageError, match=message):
        next(iter_articles([Path("/nonexistent/never-read.csv")], columns=spec))
