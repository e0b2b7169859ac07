"""How much a decoded text looks like text: the judge between candidate code pages.

A code page guessed wrongly still gives characters, but not ones that sit where
letters and punctuation sit in real writing: UTF-8 read as cp1252 gives an
uppercase "Ã" inside a lowercase word and "©" before a letter ("CafÃ©"); cp1251
Russian read as cp1252 gives words made only of accented letters ("Ðîññèÿ"); a
Latin-1 "é" read as cp775 gives "ķ", and "ü" gives "³" between two letters
("H³sseini"). :func:`judge` looks at every non-ASCII character in its context
(the word around a letter, the neighbours of a symbol) and counts those that
look garbled; :mod:`.decode` prefers the reading with the fewest.

The lists of rare letters and lone-word letters are data (``data/charsets.yaml``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml

# At most this many non-ASCII words and symbols are judged: enough for a verdict,
# and the cost of judging stays bounded on a 5 MB file of Cyrillic.
MAX_JUDGED = 5000

# A run of letters of any script; the numbers and ordinals Unicode counts as word characters
# ("H³sseini", "1º") are not letters here but signs judged by their neighbours (_BY_NUMBERS).
_WORD = re.compile(r"[^\W\d_²³¹½¼¾ºªµ]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LONGEST_WORD = 64  # how far back the start of a word is looked for
_C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # never in text (tab, newlines, form feed are)
_QUOTES = frozenset("“”‘’„‚«»‹›")
_APOSTROPHES = frozenset("’ʼ")
_DASHES = frozenset("–—")
_SPACES = frozenset("\u00a0\u00ad")  # no-break space, soft hyphen
_CURRENCY = frozenset("€£¥¢")
_BEFORE = frozenset("©§¶")  # "© 2021 Reuters", "§ 5": before a word or a number
_AFTER = frozenset("®™")  # "Hilux®": after a word
_BY_NUMBERS = frozenset("²³¹½¼¾×±‰°ºªµ")  # only next to a digit (or a space for × ± °)
_INVERTED = frozenset("¡¿")
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "IDEOGRAPHIC", "HALFWIDTH"})


@functools.cache
def settings() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "charsets.yaml").read_text("utf-8")
    return dict(safe_yaml(text))


@functools.cache
def script(char: str) -> str:
    """The script of a letter from its Unicode name ("LATIN", "CYRILLIC", "ARABIC", "CJK"...).
    Japanese and Korean writing mixes kana, hangul and ideographs in one word: one script here."""
    first = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return "CJK" if first in _EAST_ASIAN else first


@dataclass(frozen=True)
class Verdict:
    checked: int  # non-ASCII characters judged
    garbled: int  # of which look like a wrong code page
    fitting_letters: int  # non-ASCII letters that sit plausibly in their words
    script: str  # the script of most non-ASCII letters ("" when there are none)
    script_letters: int  # letters of that script
    span: int  # the characters judged: all of the text unless MAX_JUDGED was reached

    @property
    def plausibility(self) -> float:
        return 1.0 if not self.checked else 1.0 - self.garbled / self.checked


def judge(text: str) -> Verdict:
    """Count the non-ASCII characters of ``text`` that look garbled (see the module doc).

    Only the non-ASCII characters and the words around them are looked at (in C-speed
    regular expressions up to them), so the cost follows their number, not the length."""
    conf = settings()
    rare, lone = frozenset(conf["rare_letters"]), frozenset(conf["lone_letters"])
    checked = garbled = fitting = 0
    scripts: Counter[str] = Counter()
    end = 0  # where the last word judged ends
    span = len(text)
    for match in _NON_ASCII.finditer(text):
        position = match.start()
        if position < end:
            continue  # in the word just judged
        if checked >= MAX_JUDGED:
            span = position
            break
        char = match.group()
        before = text[position - 1] if position else " "
        after = text[position + 1] if position + 1 < len(text) else " "
        if not _is_letter(char):
            checked += 1
            garbled += not _symbol_fits(char, before, after)
            continue
        start = position
        while start > max(0, position - _LONGEST_WORD) and _is_letter(text[start - 1]):
            start -= 1
        word_match = _WORD.match(text, start)
        assert word_match is not None  # text[start] is a letter
        end = word_match.end()
        bad, count = _judge_word(word_match.group(), rare, lone, scripts)
        checked += count
        garbled += bad
        fitting += count - bad
    controls = len(_C0_CONTROLS.findall(text, 0, span))
    main, count = scripts.most_common(1)[0] if scripts else ("", 0)
    return Verdict(checked + controls, garbled + controls, fitting, main, count, span)


def letter_count(text: str) -> int:
    """Letters of ``text`` in any script (the denominator of a script's share)."""
    return len(text) - len(_WORD.sub("", text))


def _is_letter(char: str) -> bool:
    """As _WORD sees it."""
    return char not in _BY_NUMBERS and (char.isalpha() or (char.isalnum() and not char.isdecimal()))


def _judge_word(word: str, rare: frozenset[str], lone: frozenset[str], scripts: Counter[str]) -> tuple[int, int]:
    """(garbled, judged) non-ASCII letters of one word, and its scripts counted into ``scripts``."""
    foreign = [c for c in word if not c.isascii()]
    word_scripts = {script(c) for c in foreign} | ({"LATIN"} if any(c.isascii() for c in word) else set())
    for char in foreign:
        scripts[script(char)] += 1
    if len(word_scripts) > 1:
        return len(foreign), len(foreign)  # "Ðîññèÿ" is one script; "Ьюёzтр" is not
    latin = word_scripts == {"LATIN"}
    if latin and len(word) > 1 and len(foreign) == len(word):
        return len(foreign), len(foreign)  # a Latin word of accented letters only: another script read as Latin
    if latin and len(word) == 1:
        return int(word not in lone), 1
    bad = 0
    lower_seen = False
    for char in word:
        if char.islower():
            lower_seen = True
        if char.isascii():
            continue
        bad += (latin and char in rare) or (char.isupper() and lower_seen)  # "CafÃ": a capital after a small letter
    return bad, len(foreign)


def _symbol_fits(char: str, before: str, after: str) -> bool:
    """Whether a non-ASCII character that is not a letter sits where such a character sits in text."""
    letter_before, letter_after = before.isalpha(), after.isalpha()
    if char in _QUOTES:
        return not (letter_before and letter_after) or char in _APOSTROPHES
    if char in _DASHES or char in _SPACES:
        return True
    if char in _CURRENCY:
        return any(c.isdigit() or c.isspace() for c in (before, after))
    if char in _BEFORE:
        return not letter_before and not letter_after
    if char in _AFTER:
        return not letter_after
    if char in _BY_NUMBERS:
        return before.isdigit() or after.isdigit() or (char in "×±°" and before.isspace())
    if char in _INVERTED:
        return letter_after and not letter_before
    category = unicodedata.category(char)
    if category[0] == "P":  # punctuation of any script: the Arabic comma, the ellipsis
        # between two letters only in their own script (the Hebrew gershayim of an acronym)
        return not (letter_before and letter_after) or script(char) == script(before) == script(after)
    if category[0] == "M":  # a combining mark on a letter
        return letter_before
    return category[0] in "NZ"  # digits and spaces of other scripts; symbols and controls are noise
