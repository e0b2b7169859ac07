"""Bytes to text: size limit, binary detection, character decoding.

Fills nothing of the Article directly; gives the readers the decoded text that
becomes ``Article.raw`` (and a warning when the decoding was not plain UTF-8).

Order: UTF-8 (with or without BOM); UTF-8 with a few stray bytes replaced (a
mostly-UTF-8 file with one broken character is still UTF-8: a detector would
guess a single-byte code page and garble every accented letter); otherwise
charset-normalizer's best guess. Bytes that none of these read are an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from .. import config
from ..errors import BinaryInputError, EncodingError, TooLargeError

# How much of the start is checked for NUL bytes and control characters: enough
# to see the header of any binary format (PDF, images, archives, executables).
_SNIFF_BYTES = 8192
# Text never holds NUL; a few other control bytes can slip into scraped text,
# but a file where more than this share are control bytes is not text.
_MAX_CONTROL_SHARE = 0.05
# Share of bytes that may be invalid UTF-8 and still be read as UTF-8 (with
# U+FFFD in their place): one broken character per ~200 is a damaged UTF-8
# file, more is another encoding.
_MAX_BAD_UTF8_SHARE = 0.005
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


def decode_bytes(data: bytes, origin: str) -> Decoded:
    """Decode ``data`` or raise BinaryInputError / EncodingError naming ``origin``."""
    if looks_binary(data):
        raise BinaryInputError("binary file, not text", origin=origin)
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= max(1, len(data) * _MAX_BAD_UTF8_SHARE):
        return Decoded(
            replaced,
            "utf-8",
            f"{bad} undecodable byte(s) replaced by U+FFFD",
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise EncodingError("cannot decode: not UTF-8 and no other encoding fits", origin=origin)
    text = str(best)
    if looks_binary(text.encode("utf-8", errors="replace")):
        raise BinaryInputError("binary file, not text", origin=origin)
    return Decoded(text, best.encoding, f"not UTF-8; decoded as {best.encoding}")
