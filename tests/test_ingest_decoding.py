"""Decoding that prefers the plausible: names with accents come out as written.

Issue 10: a short Latin-1 file came out as cp775 ("Cafķ owner Josķ"), UTF-8 with a
few bad bytes as cp1251 ("CafГ©"), a long cp1252 article without its accents
("H�sseini"). Every case below gives the exact text expected.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.errors import BinaryInputError, EncodingError
from frontlines.ingest import read_inputs
from frontlines.ingest.decode import decode_bytes
from frontlines.ingest.plausible import judge
from frontlines.models import Article

CAFE = "Café owner José Hüsseini was among the wounded, police said."
MASSOUD = "Ahmad Shāh Massoud was killed by two men posing as journalists in Takhar."
FRENCH = (
    "Le général François Lecointre a déclaré à la presse que l'opération Barkhane "
    "continuerait au Mali, où trois soldats français ont été blessés près de Ménaka."
)
SPANISH = "El señor Muñoz, portavoz de la misión, dijo que la explosión ocurrió en Kabul."
GERMAN = "Der Bürgermeister Jürgen Großmann sagte, die Straße nach Kundus sei gesperrt."
TURKISH = "Turkish President Recep Tayyip Erdoğan said in Şanlıurfa that the operation would go on."
POLISH = "Former president Lech Wałęsa said the attack in Łódź was shocking."
SMART = "“The district has been cleared,” the governor said — the reward is €5,000 for Hüsseini’s killers."
RUSSIAN = (
    "Российские военные нанесли удар по позициям боевиков в провинции Идлиб, "
    "сообщили в министерстве обороны."
)
ARABIC = "قتل خمسة مدنيين في هجوم بسيارة مفخخة في مدينة قندهار يوم الاثنين، حسبما قال مسؤولون."
GREEK = "Οι δυνάμεις ανακατέλαβαν την πόλη την Κυριακή, ανέφερε το υπουργείο."
FILLER = (
    "Fighters attacked a police checkpoint in Andar district of Ghazni province on Monday "
    "night, officials said, and the fighting went on until the morning. "
)


def decoded(data: bytes):
    return decode_bytes(data, "test.txt")


@pytest.mark.parametrize(
    "text,encoding,named",
    [
        (CAFE, "latin-1", "latin-1"),  # short Latin-1: was cp775
        (CAFE + " " + FILLER * 30, "latin-1", "latin-1"),  # long Latin-1
        (SMART, "cp1252", "cp1252"),
        (FILLER * 20 + SMART + " " + CAFE, "cp1252", "cp1252"),  # long cp1252, few accents: was "H�sseini"
        (FRENCH, "latin-1", "latin-1"),
        (SPANISH, "latin-1", "latin-1"),
        (GERMAN, "latin-1", "latin-1"),
        (TURKISH, "cp1254", "cp1254"),  # "Erdoðan" in cp1252, "Erdođan" in cp1250
        (POLISH, "cp1250", "cp1250"),  # "Wa³êsa" in cp1252
        (RUSSIAN, "cp1251", "cp1251"),
        ("Москва заявила об ударе.", "cp1251", "cp1251"),  # short Russian
        (RUSSIAN, "koi8_r", "koi8_r"),
        (ARABIC, "cp1256", "cp1256"),
        ("قتل خمسة مدنيين.", "cp1256", "cp1256"),  # short Arabic: the Mac Cyrillic reading is as clean
        (GREEK, "cp1253", "cp1253"),
        (FILLER * 3 + RUSSIAN, "cp1251", "cp1251"),  # an English story quoting a Russian sentence
    ],
)
def test_legacy_code_pages_give_the_text_as_written(text, encoding, named):
    result = decoded(text.encode(encoding))
    assert result.text == text
    assert result.encoding == named
    assert result.warning == f"not UTF-8; decoded as {named}"


@pytest.mark.parametrize(
    "text,bad",
    [
        (CAFE, b"\xff"),
        (CAFE, b"\xe9\xff"),  # was cp1251: "CafГ©"
        (MASSOUD, b"\x93\x94\xff"),
        (FRENCH + " " + FILLER * 10, b"\xc3"),  # a truncated sequence
    ],
)
def test_utf8_with_a_few_bad_bytes_keeps_every_good_character(text, bad):
    half = len(text) // 2
    cut = text.index(" ", half)
    data = text[:cut].encode() + b" " + bad + text[cut:].encode()
    result = decoded(data)
    assert result.encoding == "utf-8"
    assert result.text == text[:cut] + " " + "\ufffd" * len(bad) + text[cut:]
    assert result.warning == f"{len(bad)} undecodable byte(s) replaced by U+FFFD"


def test_stray_bytes_in_ascii_are_replaced_not_read_as_a_rare_code_page():
    # \xff alone between spaces: "ÿ" in cp1252, "’" in ISO-8859-13, "я" in cp1251
    data = FILLER.encode() + b" \xff " + FILLER.encode()
    result = decoded(data)
    assert result.encoding == "utf-8" and result.text.count("\ufffd") == 1


def test_a_latin1_accent_inside_an_ascii_word_is_read_as_latin1():
    # one byte, one word: "Caf\xe9" is a Latin-1 "Café", not a broken UTF-8 character
    result = decoded(b"The Caf\xe9 Kabul was hit by a rocket on Monday.")
    assert result.text == "The Café Kabul was hit by a rocket on Monday."


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig"])
def test_byte_order_marks(codec):
    result = decoded((CAFE + " " + RUSSIAN).encode(codec))
    assert result.text == CAFE + " " + RUSSIAN
    assert result.warning is None


def test_bytes_that_read_as_nothing_are_an_encoding_error():
    with pytest.raises(EncodingError):
        decoded(bytes(range(128, 256)) * 40)


def test_through_the_reader_the_article_keeps_its_names(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(CAFE.encode("latin-1"))
    [article] = list(read_inputs([str(path)]))
    assert isinstance(article, Article)
    assert "José Hüsseini" in article.text
    assert article.warnings == ["not UTF-8; decoded as latin-1"]


def test_judge_counts_mojibake_as_garbled():
    assert judge(CAFE).plausibility == 1.0
    assert judge("CafÃ© owner JosÃ© HÃ¼sseini").plausibility < 0.5  # UTF-8 read as cp1252
    assert judge("Cafķ owner Josķ H³sseini").garbled == 1  # the cp775 reading: "³" between letters
    assert judge("Ðîññèéñêèå âîéñêà").plausibility < 0.2  # cp1251 read as cp1252
    assert judge("donâ€™t").garbled >= 1


# --- properties ------------------------------------------------------------------------------

_ACCENTED = "éèêëàâäôöûüùçñíóúáãõøåæ"
_ascii_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@st.composite
def _western_words(draw):
    """A word as Western European names are written: ASCII letters around one or two accents."""
    head = draw(_ascii_word)
    accents = draw(st.text(alphabet=_ACCENTED, min_size=1, max_size=2))
    tail = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=6))
    word = head + accents + tail
    return word.capitalize() if draw(st.booleans()) else word


_sentence = st.lists(
    st.one_of(_ascii_word, _western_words()), min_size=3, max_size=40
).map(" ".join)
_punctuated = st.tuples(
    _sentence, st.sampled_from(["", "“", "‘"]), st.sampled_from([".", ",” he said.", "’s.", " — €20."])
).map(lambda parts: parts[1] + parts[0].capitalize() + parts[2])
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.lists(_punctuated, min_size=1, max_size=6).map(" ".join).filter(lambda t: not t.isascii()))
def test_western_text_in_cp1252_decodes_back_exactly(text):
    result = decoded(text.encode("cp1252"))
    assert result.text == text
    assert result.encoding in ("cp1252", "latin-1")


@PROPERTY
@given(
    st.lists(_punctuated, min_size=1, max_size=6).map(" ".join).filter(lambda t: not t.isascii()),
    st.lists(st.sampled_from([b"\xff", b"\xe9", b"\x80", b"\xc3", b"\xfe"]), min_size=1, max_size=3),
)
def test_utf8_with_one_to_three_bad_bytes_keeps_its_accents(text, bad):
    words = text.split(" ")
    data = b" ".join(w.encode() for w in words) + b" " + b"".join(bad)
    result = decoded(data)
    assert result.encoding == "utf-8"
    assert result.text.startswith(text)


_CP1252_TEXT = "".join(
    c for c in (bytes([b]).decode("cp1252", errors="ignore") for b in range(0x20, 0x100)) if c.isprintable()
)


@PROPERTY
@given(st.text(alphabet=_CP1252_TEXT + " \n", min_size=1, max_size=400).filter(lambda t: any(c.isalpha() for c in t)))
def test_any_cp1252_text_decodes_exactly_or_says_how(text):
    data = text.encode("cp1252")
    try:
        result = decoded(data)
    except (EncodingError, BinaryInputError) as error:
        assert error.one_line().startswith("test.txt: ")
        return
    try:  # bytes that are valid UTF-8 ("Â¡" in cp1252 is "¡" in UTF-8) are read as UTF-8, always
        assert result.text == data.decode("utf-8") and result.warning is None
        return
    except UnicodeDecodeError:
        pass
    if result.encoding in ("cp1252", "latin-1"):
        assert result.text == text  # the cp1252 reading of cp1252 bytes is always exact
    else:  # another code page, or U+FFFD for a few bytes: never silently
        assert result.warning and (result.encoding in result.warning or "U+FFFD" in result.warning)
