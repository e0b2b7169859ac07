"""Language identification with py3langid. Fills ``Article.language``.

The identifier is loaded once per process. Below a minimum confidence (short
or mixed texts) the language is left undetermined (None) rather than guessed:
py3langid calls "Taliban seize Kaldar" Bikol with 8 % confidence.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from .. import config
from ..cache import Product, obtain, package_versions, version_key

log = logging.getLogger(__name__)

# Enough letters for the character n-gram model to be meaningful; shorter
# texts (a headline) are left undetermined.
_MIN_LETTERS = 40


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    source = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else Path(MODEL_DIR) / MODEL_FILE
    try:
        ptc, pc, classes, nextmove, output, row = _unpacked(source)
        return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    except Exception:  # noqa: BLE001 - the cache is a speed-up: the library's own (slower) reading
        log.debug("language model cache unusable; reading %s", source, exc_info=True)
        return LanguageIdentifier.from_model_file(source, norm_probs=True)


# py3langid ships its model as an LZMA-compressed .npz (4.6 MB); unpacking it costs 0.8-1.6 s of
# every run's start. The unpacked arrays (68 MB) are kept in the user cache directory
# (frontlines.cache) under a key of the model file and the py3langid version, and read as
# py3langid's modelio.load_model reads them (no pickle).
LANGID = Product("langid-model", ".npz", "the language identifier's unpacked model", seconds=3)


@functools.cache
def _unpacked(source: Path) -> tuple:
    """(ptc, pc, classes, nextmove, output, row) as LanguageIdentifier takes them."""
    import hashlib

    key = version_key(hashlib.sha256(source.read_bytes()).hexdigest(), package_versions("py3langid", "numpy"))
    return obtain(LANGID, key, build=lambda path: _unpack(source, path), load=_read_unpacked,
                  keep=int(config.get("cache", "keep_versions")))


def _unpack(source: Path, path: Path) -> None:
    import lzma
    import shutil

    with lzma.open(source) as packed, open(path, "wb") as unpacked:
        shutil.copyfileobj(packed, unpacked, length=1 << 20)


def _read_unpacked(path: Path) -> tuple:
    from array import array

    import numpy as np

    def as_array(values):  # py3langid's tables are stdlib arrays of unsigned ints
        out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
        out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
        return out

    with np.load(path, allow_pickle=False) as data:
        return (np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                as_array(data["nextmove"]), data["out_feat"].tolist(), as_array(data["nextmove_row"]))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when unsure."""
    sample = text[:20_000]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    ranked = _identifier().rank(sample)
    code, confidence = ranked[0]
    if code in config.get("ingest", "english_creoles"):
        english = next((p for c, p in ranked if c == "en"), 0.0)
        if english >= config.get("ingest", "creole_english_share"):
            return "en"  # Nigerian English, not Nigerian Pidgin (see defaults.toml)
    if confidence < config.get("ingest", "language_min_confidence"):
        return None
    return code
