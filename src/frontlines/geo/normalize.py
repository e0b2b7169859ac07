"""Place-name normalisation that survives transliteration.

Two lookup keys are made from every name, in the gazetteer and in text alike:

``name_key``
    lower case, diacritics and apostrophes removed, the Persian ezafe
    ("-e-", "-i-", "-ye", " i ") and generic words ("district", "province",
    "city" ...) dropped, and all spaces and hyphens closed up, so that
    "Lashkar Gah" = "Lashkargah", "Pul-i-Alam" = "Pul-e 'Alam" and
    "Nahr-e Saraj district" = "Nahr Saraj".
``skeleton``
    the key with the spelling choices of English transliterations of Dari and
    Pashto folded together: q/k, ow/aw, oo/ou/u, ee/i, a final "ah" as "a",
    doubled letters, and the vowel written between consonants ("e"/"a"/"i" in
    "Khan Neshin" / "Khanishin", "Reg" / "Rig"). It is lossy on purpose: it
    only proposes candidates, which context then resolves.

Hand-written rather than borrowed: no library knows these transliteration
conventions (unidecode only strips accents), and the rules are few.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
    }
)
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf\u0060\u00b4'\u2032ʿʾ]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_./,()]+")
# Ezafe and joining particles between the words of a Persian or Pashto name.
_EZAFE = frozenset({"e", "i", "ye", "yi", "y", "a"})
# "and" between the two halves of a district name ("Tarnak wa Jaldak", "Surkh-o-Parsa"),
# often left out in English ("Pachir Agam").
_AND = frozenset({"wa", "va", "o", "u", "aw"})
# Words that say what a place is rather than which place it is.
GENERIC_WORDS = frozenset(
    {
        "district",
        "districts",
        "province",
        "provinces",
        "city",
        "town",
        "village",
        "wuleswali",
        "woluswali",
        "uluswali",
        "oluswali",
        "woleswali",
        "wolaswali",
        "welayat",
        "wilayat",
        "velayat",
        "ulus",
        "markaz",
        "markaz-e",
        "tumani",
        "viloyati",
        "alaqadari",
        "alaqahdari",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")


@functools.lru_cache(maxsize=200_000)
def ascii_fold(text: str) -> str:
    """Strip diacritics and apostrophes; keep letters, digits, spaces and hyphens."""
    if text.isascii():  # nothing to decompose (the gazetteer build folds ~5 million names, most ASCII)
        return _APOSTROPHES.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", stripped)


def display_name(name: str) -> str:
    """A plain-ASCII form of a gazetteer name for output ("Nād ‘Alī" -> "Nad Ali")."""
    folded = ascii_fold(name)
    folded = re.sub(r"\s+", " ", folded).strip()
    return re.sub(r"\s+District$", "", folded)


def words(name: str) -> list[str]:
    """The words of a name: folded, lower-cased, split on spaces and hyphens."""
    folded = ascii_fold(name).lower()
    return [w for w in _NON_ALNUM.sub(" ", _SEPARATORS.sub(" ", folded)).split() if w]


@functools.lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The exact lookup key of a name (see the module docstring)."""
    parts = words(name)
    kept = [w for w in parts if w not in GENERIC_WORDS]
    if kept:
        parts = kept
    # The ezafe is dropped only between words, never as the whole name.
    if len(parts) > 1:
        parts = [
            w
            for i, w in enumerate(parts)
            if not (0 < i < len(parts) - 1 and (w in _EZAFE or w in _AND))
        ]
    return "".join(parts)


def ezafe_variants(name: str) -> set[str]:
    """Keys for the ezafe written onto the previous word ("Pul-e Alam" -> "pulialam")."""
    parts = words(name)
    parts = [w for w in parts if w not in GENERIC_WORDS] or parts
    variants = {"".join(parts)}
    if len(parts) < 2:
        return variants
    joined = [parts[0]]
    for word in parts[1:]:
        if (word in _EZAFE or word in _AND) and joined:
            continue
        joined.append(word)
    if len(joined) >= 2:
        for glue in ("i", "e", "ye", "y", "-e"):
            head = joined[0] + glue.replace("-", "")
            variants.add(head + "".join(joined[1:]))
    return variants


_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ch[ae]h?ar", "char"),  # Chahar / Char / Chehar ("four")
        (r"pa(?:y[aie]|[ie]{1,2}|ye)n", "pain"),  # Payin / Payan / Pain / Paeen ("lower")
        (r"ah\b", "a"),  # Qal'ah / Qala, Darah / Dara
        (r"(?<=[aeiou])h(?=[^aeiou])", ""),  # Shahrak / Sharak, Mehtar / Metar
        (r"q", "k"),  # Qala / Kala, Qandahar / Kandahar
        (r"ow|aw|au", "o"),  # Now / Naw, Dowlat / Dawlat
        (r"oo|ou|uu|w(?=[^aeiou]|$)", "u"),  # Nooristan, Kuwf
        (r"(?<=[aeiou])y[ei]", "i"),  # Darayem / Darayim
        (r"aiy\b|ayi\b|iy\b|ai|ay", "i"),  # Barakzaiy / Barakzai, Hairatan / Hayratan
        (r"ee|ii|ey|ei|ay(?=[^aeiou]|$)", "i"),  # Sheen / Shin, Deh / Dih
        (r"dh|z[hz]", "z"),  # Zh in Zharey vs Zhari
        (r"ph", "f"),
        (r"([a-z])\1+", r"\1"),  # doubled letters
        (r"(?<=[^aeiou])[aeiouy](?=[^aeiouy])", ""),  # short vowels between consonants
    )
)


@functools.lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """The transliteration-folded form of a key from :func:`name_key`."""
    folded = key
    for pattern, replacement in _SKELETON_RULES:
        folded = pattern.sub(replacement, folded)
    return folded


def keys_for(name: str) -> set[str]:
    """Every exact key a gazetteer name is filed under (base key and ezafe spellings)."""
    keys = {name_key(name)} | ezafe_variants(name)
    return {k for k in keys if k}
