"""What a figure measures and counts, read from the words around it (quantity_words.py)."""

from __future__ import annotations

import re

from .quantity_words import CLASSIFIERS, MEASURE_UNITS, MEASURES, NOUNS, SEVERITY
from .stopwords import ANY as STOPWORDS

# fmt: off
NOT_NOUNS = {"remain", "remained", "remains", "still", "masih", "are", "were", "have", "had",
             "more", "lagi", "sudah", "telah", "akan", "belum", "yet", "each", "per", "percent", "persen"}
# fmt: on
WORD = re.compile(r"[\w'’/-]+")
WINDOW = 8  # words on each side of a figure that can say what it measures
# Indonesian/Malay verb prefixes before a stem: "berkapasitas", "dimusnahkan"; not "ter-" (also a
# superlative: "tertinggi" is highest, not a height) nor "ke-" ("keselamatan" is safety).
PREFIXES = r"(?:ber|di|me|mem|men|meng|pe|pen|peng|per)?"
MEASURE_PATTERNS = {
    name: re.compile(r"(?<![\w])" + PREFIXES + "(?:" + "|".join(re.escape(s.strip()) for s in stems) + ")")
    for name, stems in MEASURES.items()
}
# fmt: off
SKIP_AFTER = {"other", "others", "more", "additional", "new", "lainnya", "lain", "lagi", "baru",
              "tambahan", "of", "the", "total", "orang-orang", "para", "buah", "from", "dari"}
# fmt: on


def measures_near(window: str) -> dict[str, int]:
    """Measure names in a window ("... # ..."), each with its distance in words to the figure."""
    left, _, right = window.partition(" # ")
    found: dict[str, int] = {}
    for name, pattern in MEASURE_PATTERNS.items():
        for side, text in ((0, left), (1, right)):
            for m in pattern.finditer(text):
                gap = text[m.end() :] if side == 0 else text[: m.start()]
                distance = len(WORD.findall(gap)) * 2 + side
                if distance < found.get(name, 99):
                    found[name] = distance
    return found


def counted_noun(after: str) -> str | None:
    """The class of the noun a count counts: the first noun after it, past names and classifiers."""
    words = WORD.findall(after)[:6]
    lowered = " ".join(w.lower() for w in words[:3])
    for name, stems in NOUNS.items():
        if any(" " in s and lowered.startswith(s) for s in stems):
            return name
    if words and 2 <= len(words[0]) <= 5 and words[0].isupper() and words[0].isalpha():
        return words[0].lower()  # an acronym right after a count is what it counts ("31 ABK")
    i = 0
    while i < len(words) and (words[i][:1].isupper() or words[i].lower() in SKIP_AFTER) and i < 3:
        i += 1
    words = [w.lower().strip("'’-") for w in words[i:]]
    if not words:
        return None
    for skip in (0, 1):
        if skip and words[0] not in CLASSIFIERS:
            break
        rest = words[skip:]
        if not rest:
            break
        phrase = " ".join(rest[:3])
        for name, stems in NOUNS.items():
            if any(
                phrase == s or phrase.startswith(s + " ") or (" " not in s and _word_is(rest[0], s))
                for s in stems
            ):
                if skip == 0 and rest[0] in CLASSIFIERS and len(rest) > 1 and known_noun(rest[1]):
                    break
                return name
    word = words[1] if words[0] in CLASSIFIERS and len(words) > 1 else words[0]
    if (
        word in STOPWORDS
        or not word.isalpha()
        or len(word) < 3
        or word in SEVERITY
        or word in NOT_NOUNS
        or _looks_like_verb(word)
    ):
        return "people" if words[0] == "orang" else None
    if any(_word_is(word, s) for stems in MEASURES.values() for s in stems):
        return "people" if words[0] == "orang" else None
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _looks_like_verb(word: str) -> bool:
    """English -ed/-ing forms and Indonesian/Malay verb prefixes: what follows a count is then its
    predicate, not the noun it counts."""
    return word.endswith(("ed", "ing")) or (
        len(word) > 5 and word.startswith(("me", "ber", "di", "ter"))
    )


def _word_is(word: str, stem: str) -> bool:
    return word == stem or (
        word.startswith(stem) and word[len(stem) :] in ("s", "es", "nya", "-nya", "-an")
    )


def known_noun(word: str) -> bool:
    return any(_word_is(word, s) for stems in NOUNS.values() for s in stems)


def measure_unit(after: str) -> str | None:
    words = WORD.findall(after.lower())[:2]
    if len(words) >= 2 and f"{words[0]} {words[1]}" in MEASURE_UNITS:
        return MEASURE_UNITS[f"{words[0]} {words[1]}"]
    return MEASURE_UNITS.get(words[0]) if words else None


NOUN_CLASS = {stem: name for name, stems in NOUNS.items() for stem in stems if " " not in stem}


def topics(sentence: str) -> frozenset[str]:
    """What a sentence is about: every measure and class of counted noun it names ("Angka kasus
    itu naik 150 persen" → cases, growth), so two changes are compared only when of one thing."""
    lowered = sentence.lower()
    words = {w.strip("'’-") for w in WORD.findall(lowered)}
    nouns = {NOUN_CLASS.get(w) or NOUN_CLASS.get(w[:-1]) for w in words} - {None}
    return frozenset(set(measures_near(lowered + " # ")) | nouns)
