"""Language identification with py3langid. Fills ``Article.language``.

The identifier is loaded once per process. Below a minimum confidence (short
or mixed texts) the language is left undetermined (None) rather than guessed:
py3langid calls "Taliban seize Kaldar" Bikol with 8 % confidence.
"""

from __future__ import annotations

import functools

from .. import config

# Enough letters for the character n-gram model to be meaningful; shorter
# texts (a headline) are left undetermined.
_MIN_LETTERS = 40


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
