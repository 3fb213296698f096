"""How far to trust one translated sentence: the model's own score and checks on its output.

Each check gives a reason; the worst reason sets the level: `bad` (the English is wrong or
missing something: a loop, no translation, a lost figure), `check` (read it against the source:
a low score, an odd length, a glossary term or name that did not come through), else `ok`.
"""

from __future__ import annotations

import re

from .language import detect

OK, CHECK, BAD = "ok", "check", "bad"
LEVELS = (OK, CHECK, BAD)
# Mean log-probability per token below which the model itself was unsure. Full-size opus-mt and
# NLLB give about -0.2 to -0.8 on news sentences; below -1.5 most outputs are garbled.
LOW_SCORE = -1.5
# English over Indonesian characters is about 0.8-1.3 for a faithful translation.
LENGTH_RATIO = (0.4, 2.5)
MIN_CHARS_FOR_RATIO = 25  # a short title or "Jakarta, 12 Mei" may change length a lot
_WORD = re.compile(r"\w+")
_CHAR_LOOP = re.compile(r"(\w{2,}?)\1{3,}")  # a piece repeated inside one run of letters


def repetition(text: str) -> str | None:
    """The repeated n-gram when the output loops: a word three times in a row, a phrase of 2 words
    three times, of 3+ words twice, or a piece of a word four times ("kaskaskaskas")."""
    words = [w.lower() for w in _WORD.findall(text)]
    for n in range(1, 7):
        times = 3 if n <= 2 else 2
        for i in range(len(words) - n * times + 1):
            gram = words[i : i + n]
            if all(words[i + k * n : i + (k + 1) * n] == gram for k in range(1, times)):
                return " ".join(gram)
    match = _CHAR_LOOP.search(text)
    return match.group(0) if match else None


def untranslated(source: str, target: str, language: str) -> bool:
    """The output is the source again, or is still written in the source language."""
    words = _WORD.findall(source)
    # A line of names and figures ("Jakarta, 12 Mei") may rightly come back as it was.
    if sum(1 for w in words if w.islower()) >= 2 and [w.lower() for w in words] == _WORD.findall(
        target.lower()
    ):
        return True
    if sum(1 for w in _WORD.findall(target) if w.islower()) < 3:  # too little text to tell
        return False
    code, _ = detect(target)
    return code == language or (code in ("id", "ms") and language in ("id", "ms"))


def length_ratio(source: str, target: str) -> float | None:
    """Characters of the output per character of the source, when the source is long enough."""
    if len(source) < MIN_CHARS_FOR_RATIO:
        return None
    return len(target) / len(source)


def assess(
    source: str,
    target: str,
    language: str,
    score: float | None,
    problems: tuple[str, ...] = (),
    serious: tuple[str, ...] = (),
) -> tuple[str, tuple[str, ...]]:
    """(trust level, reasons) of one sentence pair.

    Args:
        source, target: the sentence and its translation.
        language: the source language.
        score: the model's mean log-probability per token, or None when unknown.
        problems: reasons found elsewhere that ask for a check (glossary terms, names).
        serious: reasons found elsewhere that make the sentence bad (lost figures).
    """
    bad = list(serious)
    check = list(problems)
    loop = repetition(target)
    if loop:
        bad.append(f"repetition loop: {loop!r}")
    if untranslated(source, target, language):
        bad.append("untranslated: the output is still in the source language")
    ratio = length_ratio(source, target)
    if ratio is not None and not LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1]:
        check.append(f"length ratio {ratio:.2f} (expected {LENGTH_RATIO[0]}-{LENGTH_RATIO[1]})")
    if score is not None and score < LOW_SCORE:
        check.append(f"low model score {score:.2f}")
    level = BAD if bad else CHECK if check else OK
    return level, tuple(bad + check)
