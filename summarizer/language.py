"""Language of an article and of each paragraph (lingua, offline, models inside the wheel)."""
from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

# Languages the detector chooses among. Indonesian and Malay are both kept so that Malay
# pages are routed to a model that knows Malay instead of being read as Indonesian.
LANGUAGES = ("INDONESIAN", "MALAY", "ENGLISH", "TAGALOG", "VIETNAMESE", "FRENCH", "GERMAN", "SPANISH",
             "PORTUGUESE", "DUTCH", "CHINESE", "JAPANESE", "KOREAN", "THAI", "ARABIC", "RUSSIAN")
MIN_CONFIDENCE = 0.5
MIN_WORDS = 4
UNKNOWN = "und"


def needs_translation(language: str | None) -> bool:
    """Whether text in `language` goes to a translation model (English and unknown ones do not)."""
    return language not in ("en", UNKNOWN, None)


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES)).build()


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) of `text`; ("und", confidence) when too short or unsure."""
    sample = text[:4000]
    if len(re.findall(r"\w+", sample)) < MIN_WORDS:
        return UNKNOWN, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return UNKNOWN, 0.0
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    if best.value < MIN_CONFIDENCE:
        return UNKNOWN, float(best.value)
    return code, float(best.value)


CLOSE_PAIRS = {"id", "ms"}  # a paragraph's id/ms call is less reliable than the article's


def detect_paragraphs(paragraphs: tuple[str, ...], article_language: str) -> list[str]:
    """Language per paragraph; short, unsure or id/ms-ambiguous ones take the article's language."""
    result = []
    for para in paragraphs:
        code, _ = detect(para) if len(para.split()) >= 8 else (UNKNOWN, 0.0)
        if code == UNKNOWN or (code in CLOSE_PAIRS and article_language in CLOSE_PAIRS):
            code = article_language
        result.append(code)
    return result
