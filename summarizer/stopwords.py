"""Function words per language: cleaning uses their density, extractive summaries ignore them."""
from __future__ import annotations

from functools import lru_cache

_ID = """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh sebagai
atau karena bahwa ada telah sudah saat para kami kita mereka ia dia saya anda tersebut lebih
bisa dapat hanya masih namun tetapi tapi jika kalau agar supaya serta seperti hingga sampai
antara setelah sebelum sejak selama tentang terhadap bagi per pun lagi sangat akan harus
sebuah seorang satu beberapa banyak semua setiap secara yakni yaitu menjadi merupakan
kata ujar menurut nya sedang belum pernah oleh bila maka sehingga namun demikian
tak sang pula bukan kini
""".split()
_MS = """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh sebagai
atau kerana bahawa ada telah sudah ketika para kami kita mereka beliau dia saya anda tersebut
lebih boleh dapat hanya masih namun tetapi jika kalau agar supaya serta seperti hingga
sehingga antara selepas sebelum sejak selama tentang terhadap bagi lagi sangat perlu harus
sebuah seorang satu beberapa banyak semua setiap secara iaitu menjadi merupakan kata menurut
""".split()
_EN = """the a an and or but of to in on at for with by from as is are was were be been being
that this these those it its he she they we you i his her their our your not no can could
will would should may might must has have had do does did than then there here which who
whom whose what when where why how about into over after before between during under also
said says more most such only other some any each all both very so if because while
""".split()

STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(_ID),
    "ms": frozenset(_MS),
    "en": frozenset(_EN),
}
# Unknown languages: the union still finds function words in mixed pages.
ANY = frozenset(_ID) | frozenset(_MS) | frozenset(_EN)


def stopwords(language: str | None) -> frozenset[str]:
    return STOPWORDS.get(language or "", ANY)


# Words only one of the three languages uses often: they tell Malay from Indonesian.
_MARKERS = {
    "id": frozenset("tidak karena bahwa setelah bisa sudah tapi saat ujar kata nya".split()),
    "ms": frozenset("tidak kerana bahawa selepas boleh beliau iaitu ketika".split()),
    "en": frozenset(_EN),
}


_LANGUAGES = tuple(STOPWORDS)
_MARKER_LANGUAGES: dict[str, tuple[int, ...]] = {}  # marker word -> the languages (indices) it marks
for _code, _words in _MARKERS.items():
    for _word in _words:
        _MARKER_LANGUAGES[_word] = _MARKER_LANGUAGES.get(_word, ()) + (_LANGUAGES.index(_code),)
_MARKER_WORDS = frozenset(_MARKER_LANGUAGES)


@lru_cache(maxsize=65536)
def _marker_counts(line: str) -> tuple[int, ...]:
    """How many marker words of each language (order of STOPWORDS) a line holds. Cached: the
    cleaner guesses again on its own output, and a site repeats its lines on every page."""
    counts = [0] * len(_LANGUAGES)
    for word in filter(_MARKER_WORDS.__contains__, line.lower().split()):
        for k in _MARKER_LANGUAGES[word]:
            counts[k] += 1
    return tuple(counts)


def guess_language(lines: list[str]) -> str | None:
    """The language whose function words a page uses most (its first 400 lines), or None
    below a dozen hits.

    A cheap guess for cleaning only (the pipeline detects the language properly later).
    """
    hits = [sum(column) for column in zip(*map(_marker_counts, lines[:400]))] or [0] * len(_LANGUAGES)
    best = max(range(len(_LANGUAGES)), key=hits.__getitem__)  # ties: the first in STOPWORDS order
    return _LANGUAGES[best] if hits[best] >= 12 else None


def clear_cache() -> None:
    """Forget the per-line counts (benchmarks: a page seen again must cost what a new one does)."""
    _marker_counts.cache_clear()
