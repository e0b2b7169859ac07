"""Bytes to text: size limit, binary detection, character decoding.

Fills nothing of the Article directly; gives the readers the decoded text that
becomes ``Article.raw`` (and a warning when the decoding was not plain UTF-8).

Order (each step named in the warning it leaves):

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. valid UTF-8 is UTF-8;
3. UTF-8 with U+FFFD for a few bad bytes when at least as many well-formed
   multi-byte sequences stand beside them (a damaged UTF-8 file: in cp1252 text
   a well-formed sequence needs a capital accented letter followed by a symbol,
   while nearly every accented letter is a bad byte);
4. cp1252 / Latin-1 when its reading is plausible (:mod:`.plausible`: the
   accented letters sit inside words, the quotes and the euro sign where such
   signs go). A short English story with "Café owner José Hüsseini" is far more
   often Latin-1 than cp775, whatever a detector says about twenty bytes; then
   UTF-8 with U+FFFD for a few bad bytes beside any well-formed sequence;
5. charset-normalizer's candidates (every one it keeps, with its chaos and
   coherence, not only its first guess) and the other Western code pages, judged
   by plausibility: a Latin code page when its reading is plausible, a code page
   of another script (Cyrillic, Greek, Arabic...) only when charset-normalizer is
   confident and the text really is in that script; ties go by
   ``data/charsets.yaml``'s order of preference;
6. UTF-8 with U+FFFD when only a few bytes are bad (an ASCII story with stray
   bytes); the most plausible Latin reading with a warning counting its garbled
   characters; otherwise an EncodingError.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from typing import BinaryIO

from .. import config
from ..errors import BinaryInputError, EncodingError, TooLargeError
from . import plausible
from .plausible import Verdict

# How much of the start is checked for NUL bytes and control characters: enough
# to see the header of any binary format (PDF, images, archives, executables).
_SNIFF_BYTES = 8192
# Text never holds NUL; a few other control bytes can slip into scraped text,
# but a file where more than this share are control bytes is not text.
_MAX_CONTROL_SHARE = 0.05
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}


@dataclass
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def max_article_bytes() -> int:
    return int(config.get("ingest", "max_article_bytes"))


def check_size(size: int, origin: str) -> None:
    limit = max_article_bytes()
    if size > limit:
        raise TooLargeError(
            f"article of {size:,} bytes is larger than the limit of {limit:,} "
            "([ingest] max_article_bytes)",
            origin=origin,
        )


def read_limited(stream: BinaryIO, origin: str, already: bytes = b"") -> bytes:
    """``already`` and the rest of ``stream``, refused once past the size limit (never reads more)."""
    limit = max_article_bytes()
    chunks: list[bytes] = [already]
    total = len(already)
    if total > limit:
        raise TooLargeError(
            f"article larger than the limit of {limit:,} bytes ([ingest] max_article_bytes)",
            origin=origin,
        )
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLargeError(
                f"article larger than the limit of {limit:,} bytes ([ingest] max_article_bytes)",
                origin=origin,
            )
    return b"".join(chunks)


def looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16/32 text has NULs too; those carry a BOM and are decoded below
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = sum(1 for byte in head if byte in _CONTROL)
    return control / len(head) > _MAX_CONTROL_SHARE


@dataclass(frozen=True)
class _Reading:
    encoding: str
    text: str
    verdict: Verdict
    chaos: float = 0.0  # charset-normalizer's mess ratio (0 = clean)
    order: int = 0  # position in the order of preference

    @property
    def latin(self) -> bool:
        return self.verdict.script in ("", "LATIN")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp1252 with the five bytes it leaves undefined read as Latin-1 (C1 controls), as browsers do
_CP1252 = {
    byte: (bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)) for byte in range(0x80, 0xA0)
}

_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_VALID_MULTIBYTE = re.compile(r"[^\x00-\x7f\ufffd]")


def decode_bytes(data: bytes, origin: str) -> Decoded:
    """Decode ``data`` or raise BinaryInputError / EncodingError naming ``origin``."""
    if looks_binary(data):
        raise BinaryInputError("binary file, not text", origin=origin)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _with_bom(data, codec)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    conf = plausible.settings()
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    few = bad <= max(int(conf["few_bytes"]), len(data) * float(conf["few_share"]))
    as_utf8 = Decoded(utf8, "utf-8", f"{bad} undecodable byte(s) replaced by U+FFFD")
    valid = len(_VALID_MULTIBYTE.findall(utf8))  # well-formed multi-byte characters
    if few and valid >= bad:
        return as_utf8  # more well-formed sequences than bad bytes: damaged UTF-8
    western = _western(data)
    if western.verdict.plausibility >= conf["accept"]:
        return _decoded(western, origin)
    if few and valid:
        return as_utf8  # valid multi-byte sequences beside the bad bytes: damaged UTF-8
    readings = [western, *_candidates(data)]
    accepted = [r for r in readings if _acceptable(r, conf)]
    if accepted:
        return _decoded(_best(accepted, conf), origin)
    if few:
        return as_utf8
    latin = [r for r in readings if r.latin and r.verdict.plausibility >= conf["fallback"]]
    if latin:
        best = _best(latin, conf)
        found = _decoded(best, origin)
        found.warning = (
            f"{found.warning}, but {best.verdict.garbled} of {best.verdict.checked} "
            "non-ASCII characters look garbled"
        )
        return found
    raise EncodingError("cannot decode: not UTF-8 and no other encoding reads as text", origin=origin)


def _with_bom(data: bytes, codec: str) -> Decoded:
    name = codec.replace("-sig", "")
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return Decoded(text, name, f"{text.count(chr(0xFFFD))} undecodable byte(s) of {name} replaced by U+FFFD")


def _western(data: bytes) -> _Reading:
    """The cp1252 reading (Latin-1 when no byte falls in 0x80-0x9F, where the two differ)."""
    text = data.decode("latin-1")
    if _C1_BYTES.search(data):
        text = text.translate(_CP1252)
        return _Reading("cp1252", text, plausible.judge(text))
    return _Reading("latin-1", text, plausible.judge(text), order=1)


def _candidates(data: bytes) -> list[_Reading]:
    """charset-normalizer's candidates (each with its chaos) and the preferred code pages it
    merged into another or left out, judged."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    preference = list(plausible.settings()["preference"])
    readings: dict[str, _Reading] = {}
    for rank, match in enumerate(from_bytes(data)):
        if not _keeps_ascii(match.encoding):
            continue  # EBCDIC, UTF-16 without a mark: the story's English would not survive
        text = str(match)
        order = preference.index(match.encoding) if match.encoding in preference else len(preference) + rank
        readings[match.encoding] = _Reading(match.encoding, text, plausible.judge(text), match.chaos, order)
    for order, encoding in enumerate(preference):
        if encoding in readings or encoding in ("cp1252", "latin_1"):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        chaos = mess_ratio(text[:_CHAOS_SAMPLE], maximum_threshold=1.0)
        readings[encoding] = _Reading(encoding, text, plausible.judge(text), chaos, order)
    return list(readings.values())


@functools.cache
def _keeps_ascii(encoding: str) -> bool:
    try:
        return _PRINTABLE_ASCII.decode(encoding) == _PRINTABLE_ASCII.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


# charset-normalizer's mess ratio of the code pages it did not report is measured on the
# text's start: it is a rate, and a sample of this size gives it within a few hundredths.
_CHAOS_SAMPLE = 20_000


def _acceptable(reading: _Reading, conf: dict) -> bool:
    verdict = reading.verdict
    if verdict.plausibility < conf["accept"] or verdict.fitting_letters < conf["min_letters"]:
        return False
    if reading.latin:
        return True
    if reading.chaos > conf["script_max_chaos"]:
        return False
    if verdict.script_letters >= conf["script_min_letters"]:
        return True
    letters = plausible.letter_count(reading.text[: verdict.span])
    return letters > 0 and verdict.script_letters / letters >= conf["script_min_share"]


def _best(readings: list[_Reading], conf: dict) -> _Reading:
    """The most plausible reading; near-ties go to the cleaner (chaos), then the preferred."""
    top = max(r.verdict.plausibility for r in readings)
    tied = [r for r in readings if r.verdict.plausibility >= top - conf["plausibility_tie"]]
    cleanest = min(r.chaos for r in tied)
    tied = [r for r in tied if r.chaos <= cleanest + conf["chaos_tie"]]
    return min(tied, key=lambda r: r.order)


def _decoded(reading: _Reading, origin: str) -> Decoded:
    text = reading.text
    if looks_binary(text.encode("utf-8", errors="replace")):
        raise BinaryInputError("binary file, not text", origin=origin)
    return Decoded(text, reading.encoding, f"not UTF-8; decoded as {reading.encoding}")
