"""Decoder constraints that keep an article's running text whatever the labeller's features say.

A line of prose (at least `PROSE_WORDS` words, a sentence end, function words of the page's
language, no boilerplate rule, said once on the page) is kept when it lies:
- between lines the labeller kept: an article does not stop and restart around a paragraph;
- from the article's dateline on: a paragraph opened by a dateline or a site prefix
  (`JAKARTA, KOMPAS.com -`) is where an article starts, so the prose from it down to the
  kept text belongs to the article;
- anywhere on a page whose lines are mostly prose: a plain article with no page around it.
These hold for news in general; they are not learned, so a page unlike the labelled ones cannot
talk the labeller out of its own article.
"""
from __future__ import annotations

from collections import Counter

from ..stopwords import stopwords
from .features import FIRST_RULE, LAST_RULE, SENTENCE_END, words
from .rules import strip_end_marker, strip_prefix

PROSE_WORDS = 12  # a line this long that ends a sentence is running text beyond doubt
MIN_FUNCTION_SHARE = 0.08  # prose in any language spends this share of its words on function words
MOSTLY_PROSE = 2 / 3  # share of a page's lines that makes it a plain article
PROTECTED_P = 0.99  # the probability a protected line is decoded with


def prose_lines(lines: list[str], rows: list[list[float]], language: str | None,
                template: frozenset[str]) -> list[bool]:
    """Which lines are prose that no rule, repetition or site template explains away."""
    stop = stopwords(language)
    counts = Counter(lines)
    out = []
    for line, row in zip(lines, rows):
        if counts[line] > 1 or line in template or any(row[FIRST_RULE:LAST_RULE]):
            out.append(False)
            continue
        out.append(is_prose(line, stop))
    return out


def is_prose(line: str, stop: frozenset[str]) -> bool:
    body, _ = strip_end_marker(line)
    body, _ = strip_prefix(body)
    ws = words(body)
    if len(ws) < PROSE_WORDS or not SENTENCE_END.search(body.rstrip()):
        return False
    return sum(1 for w in ws if w.lower() in stop) / len(ws) >= MIN_FUNCTION_SHARE


def protected(lines: list[str], prose: list[bool], keep: list[bool]) -> set[int]:
    """The prose lines the constraints keep, given the labeller's decoded keep/drop."""
    candidates = [i for i, p in enumerate(prose) if p]
    if not candidates:
        return set()
    if len(candidates) >= MOSTLY_PROSE * len(lines):
        return set(candidates)
    kept = [i for i, k in enumerate(keep) if k and prose[i]] or [i for i, k in enumerate(keep) if k]
    if not kept:
        return set()
    start, end = kept[0], kept[-1]
    opening = next((i for i in candidates if i < start and strip_prefix(lines[i])[1]), None)
    if opening is not None:
        start = opening
    return {i for i in candidates if start <= i <= end}


def constrain(lines: list[str], prose: list[bool], probabilities: list[float], keep: list[bool],
              decode) -> tuple[list[bool], set[int]]:
    """Decode again with the protected lines held at `PROTECTED_P`, so that what lies between
    them (a sub-heading, a list) is judged as part of the article; the protected lines are kept."""
    chosen = protected(lines, prose, keep)
    if not chosen or all(keep[i] for i in chosen):
        return keep, chosen
    raised = [max(p, PROTECTED_P) if i in chosen else p for i, p in enumerate(probabilities)]
    keep = decode(raised)
    for i in chosen:
        keep[i] = True
    return keep, chosen
