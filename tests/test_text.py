"""Tests for geo.text: reading articles safely, folding, tokens, sentences, dates."""

import datetime as dt
import os
from pathlib import Path

import re

import pytest

from geo.errors import ArticleError
from geo.text import MAX_ARTICLE_BYTES, article_from_bytes, find_published_date, fold, read_article, sentences, tokens


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Shŭrobod", "shurobod"),
        ("Kŭlob", "kulob"),
        ("Gorno-Badakhshan", "gorno badakhshan"),
        ("  Khatlon   Region ", "khatlon region"),
        ("Dasht-e Qal‘ah", "dasht e qal ah"),
        ("Mazār-e Sharīf", "mazar e sharif"),
    ],
)
def test_fold_removes_accents_case_and_punctuation(name, folded):
    assert fold(name) == folded


def test_tokens_keep_spans_into_the_original_text():
    text = "In Tajikistan’s Khatlon Region"
    assert [(t.text, text[t.start : t.end]) for t in tokens(text)][-2:] == [("Khatlon", "Khatlon"), ("Region", "Region")]


@pytest.mark.parametrize("text", ["", "...", "Khorog", " «Shŭrobod»,  Qal‘ai-Khumb 12 km. ", "Kok-Tash\n\nvillage"])
def test_token_columns_and_token_views_agree(text):
    words = tokens(text)
    expected = [(m.group(), m.start(), m.end()) for m in re.finditer(r"(?:[^\W_]|[\u0300-\u036f])+", text)]
    assert [(w.text, w.start, w.end) for w in words] == expected
    assert list(zip(words.texts, words.starts, words.ends)) == expected
    assert [text[a:b] for a, b in zip(words.starts, words.ends)] == words.texts
    assert words[1:3] == list(words)[1:3] and (len(words) == 0 or words[-1] == list(words)[-1])


def test_sentences_do_not_break_after_abbreviations():
    text = "On Nov. 26 Mr. Rahmon met U.S. envoys. Three were killed! Next?"
    assert [text[a:b] for a, b in sentences(text)] == [
        "On Nov. 26 Mr. Rahmon met U.S. envoys.",
        "Three were killed!",
        "Next?",
    ]


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("Title\nBy Eurasianet December 2, 2025\n", dt.date(2025, 12, 2)),
        ("Title\nPublished 2025-11-27 10:00\n", dt.date(2025, 11, 27)),
        ("Title\nSept. 3, 2024\n", dt.date(2024, 9, 3)),
        ("Title\nFebruary 30, 2025\n", None),
        ("No date here at all\n", None),
    ],
)
def test_published_date_from_a_date_line(head, date):
    assert find_published_date(head + "Body text.") == date


def test_seed_article_reads_with_its_date(seed_article):
    assert seed_article.published == dt.date(2025, 12, 2)
    assert seed_article.text.startswith("Situation along Afghan-Tajik border")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the article is empty"),
        (b"   \n\t\n", "the article is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("Kulob café".encode("latin-1"), r"not UTF-8 text .*tried utf-8, utf-8 with BOM, utf-16 with BOM.*re-save"),
        (b"<html><body><script>x()</script></body></html>", "the article is empty"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "html-without-text"],
)
def test_bad_files_raise_a_clear_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=f"bad.txt: {message}"):
        read_article(path)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(ArticleError, match="nope.txt: no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="not a file"):
        read_article(tmp_path)


def test_too_large_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(ArticleError, match=r"huge.txt: 2,000,001 bytes is over the limit of 2,000,000 bytes"):
        read_article(path)


def test_utf16_with_bom_and_utf8_with_bom_are_read(tmp_path):
    (tmp_path / "a.txt").write_bytes("Kŭlob".encode("utf-16"))
    (tmp_path / "b.txt").write_bytes("\ufeffKŭlob".encode("utf-8"))
    assert read_article(tmp_path / "a.txt").text == "Kŭlob"
    assert read_article(tmp_path / "b.txt").text == "Kŭlob"


def test_html_article_keeps_text_and_drops_scripts():
    page = b"<html><head><title>t</title><script>alert(1)</script></head><body><p>Shelling near Khorog &amp; Kulob.</p><p>Second.</p></body></html>"
    article = article_from_bytes(page, "page.html", is_html=True)
    assert article.text == "Shelling near Khorog & Kulob.\n\nSecond."
    assert "alert" not in article.text


def test_the_publication_date_is_the_last_date_before_the_text_after_page_furniture():
    furniture = "".join(f"  • TJS/USD = 0.1070{i} 0%\n" for i in range(14))
    text = furniture + "31 January 2026\n28 October 2025\n\nHeadline\n\n" + "Armed clashes erupted on October 25 along the frontier. " * 4
    assert find_published_date(text) == dt.date(2025, 10, 28)


# -- the reading layer: one decision per file, one error type naming the file and the reason ------------


def test_nul_bytes_anywhere_are_binary(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"On November 26 a drone attack hit Khatlon. " * 250 + b"\x00\x01\x02" + b"more text")
    assert path.read_bytes().index(b"\x00") > 9_000
    with pytest.raises(ArticleError, match=r"late.txt: binary data \(NUL bytes\)"):
        read_article(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "body", ["On November 26 a drone attack hit a camp in Kŭlob, Khatlon.", "حمله پهپادی در ولایت بدخشان، سه کارگر کشته شدند"], ids=["latin", "persian"]
)
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding, body):
    text = f"Title\nBy Desk December 2, 2025\n\n{body}"
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    article = read_article(tmp_path / "a.txt")
    assert article.text == text and article.published == dt.date(2025, 12, 2)


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"\x00 not text", b"\x00A" * 4 + bytes(range(1, 200))], ids=["bytes", "short", "mixed"])
def test_binary_data_that_merely_has_nul_bytes_is_still_binary(data):
    with pytest.raises(ArticleError, match=r"x.bin: binary data \(NUL bytes\)"):
        article_from_bytes(data, "x.bin")


def test_a_loop_of_symbolic_links_is_named_as_such(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(ArticleError, match=r"a.txt: a loop of symbolic links; point the link at an article file"):
        read_article(tmp_path / "a.txt")


@pytest.fixture
def unreadable(tmp_path, unreadable_file):
    return unreadable_file(tmp_path / "secret.txt", b"On November 26 a drone attack hit Khatlon.")


def test_an_unreadable_file_is_a_permission_error_naming_it(unreadable):
    with pytest.raises(ArticleError, match=r"secret.txt: permission denied; make the file readable \(chmod u\+r\)"):
        read_article(unreadable)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("special", "message"),
    [
        ("/proc/self/mem", r"/proc/self/mem: a special file of the system \(/proc\), not an article"),
        ("/proc/self/status", r"/proc/self/status: a special file of the system \(/proc\)"),
        ("/dev/null", r"/dev/null: not a file but a character device"),
        ("fifo", r"pipe.txt: not a file but a named pipe \(FIFO\)"),
    ],
)
def test_special_files_are_refused_without_reading_them(request, special, message):
    path = request.getfixturevalue("fifo") if special == "fifo" else Path(special)
    with pytest.raises(ArticleError, match=message):
        read_article(path)  # a FIFO without a writer would block a plain open()


def test_a_file_name_with_a_line_break_gives_a_one_line_message(tmp_path):
    path = tmp_path / "two\nlines\u202etxt.exe.txt"
    path.write_bytes(b"")
    with pytest.raises(ArticleError) as raised:
        read_article(path)
    message = str(raised.value)
    assert "\n" not in message and "\u202e" not in message
    assert "two\\nlines\\u202etxt.exe.txt: the article is empty" in message


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Border</title><p>Shelling near Khorog &amp; Kulob.</p><p>Second.</p>",
        "<html><head><title>Border</title></head><body><noscript>Enable JavaScript<p>Shelling near Khorog &amp; Kulob.</p><p>Second.</p>",
        "<html><head><title>Border</title>Shelling near Khorog &amp; Kulob.<p>Second.</p>",
    ],
    ids=["no-end-of-head", "unclosed-noscript", "text-in-head"],
)
def test_valid_html5_without_closing_tags_keeps_its_text(page):
    text = article_from_bytes(page.encode("utf-8"), "page.html", is_html=True).text
    assert "Shelling near Khorog & Kulob." in text and "Second." in text and "Border" not in text


def test_a_device_is_never_opened(monkeypatch):
    real_open = os.open
    opened = []
    monkeypatch.setattr(os, "open", lambda file, *a, **k: opened.append(os.fspath(file)) or real_open(file, *a, **k))
    with pytest.raises(ArticleError, match="not a file but a character device"):
        read_article("/dev/zero")  # opening some devices acts on them (a watchdog starts its timer)
    assert opened == []
