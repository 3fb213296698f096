"""Decoder constraints that keep an article's running text whatever the labeller's features say.

A line of prose (at least `PROSE_WORDS` words, a sentence end, function words of the page's
language, no boilerplate rule, said once on the page) is kept when it lies:
- between lines the labeller kept: an article does not stop and restart around a paragraph;
- from the article's opening on: a paragraph opened by a dateline or a site prefix
  (`JAKARTA, KOMPAS.com -`), or prose with nothing above it but a headline and lines a rule
  explains, is where an article starts, so the prose from it down to the kept text belongs to
  the article, and on down while the lines read as text (a short sentence, a paragraph whose
  full stop is missing, a line a rule explains);
- anywhere on a page whose lines are mostly prose: a plain article with no page around it.
Inside the article so kept, a list goes with the line that introduces it (`... as follows:`) and
a sub-heading with the paragraphs it sits between. These hold for news in general; they are not
learned, so a page unlike the labelled ones cannot talk the labeller out of its own article.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .features import SENTENCE_END, LineFacts, words
from .rules import strip_prefix

PROSE_WORDS = 12  # a line this long that ends a sentence is running text beyond doubt
MIN_FUNCTION_SHARE = 0.08  # prose in any language spends this share of its words on function words
MOSTLY_PROSE = 2 / 3  # share of a page's lines that makes it a plain article
HEAD_LINES = 1  # prose below its headline and lines a rule explains opens the article
PROTECTED_P = 0.99  # the probability a protected line is decoded with
INTRO_WORDS = 5  # a line this long ending in a colon introduces what follows
INTRO_REACH = 2  # an introduction may follow the kept text past a sub-heading
MAX_ITEMS = 15  # list items one introduction may carry
MAX_ITEM_WORDS = 40
SUBHEADING_WORDS = (2, 15)


def prose_lines(lines: list[str], facts: list[LineFacts], template: frozenset[str]
                ) -> tuple[list[bool], list[bool], list[bool]]:
    """Which lines are prose; which a rule, the site template or repetition explains away
    (never prose, never kept by these constraints); and which read as text without being
    prose (running text, or prose but for its full stop)."""
    counts = Counter(lines)
    explained = [counts[line] > 1 or line in template or f.family is not None for line, f in zip(lines, facts)]
    prose = [not known and f.ends and is_prose(f) for f, known in zip(facts, explained)]
    text_like = [not known and (f.running or is_prose(f)) for f, known in zip(facts, explained)]
    return prose, explained, text_like


def is_prose(facts: LineFacts) -> bool:
    """Long enough, and with the function words of running text (the line's own words, without
    a dateline or end marker; the caller has checked that it ends a sentence)."""
    return facts.n_words >= PROSE_WORDS and facts.function_share >= MIN_FUNCTION_SHARE


def protected(lines: list[str], prose: list[bool], keep: list[bool],
              explained: list[bool], text_like: list[bool]) -> set[int]:
    """The prose lines the constraints keep, given the labeller's decoded keep/drop."""
    candidates = [i for i, p in enumerate(prose) if p]
    if not candidates:
        return set()
    if len(candidates) >= MOSTLY_PROSE * len(lines):
        return set(candidates)
    kept = [i for i, k in enumerate(keep) if k and prose[i]] or [i for i, k in enumerate(keep) if k]
    first = kept[0] if kept else len(lines)
    opening = next((i for i in candidates
                    if i < first and (strip_prefix(lines[i])[1]
                                      or sum(not e for e in explained[:i]) <= HEAD_LINES)), None)
    if not kept and opening is None:
        return set()
    start = first if opening is None else opening
    end = kept[-1] if kept else start
    if opening is not None or kept:  # the article runs on while the lines read as text
        j = start
        while j < len(lines) and (prose[j] or explained[j] or text_like[j]):
            end = max(end, j) if prose[j] else end
            j += 1
    return {i for i in candidates if start <= i <= end}


def constrain(lines: list[str], prose: list[bool], explained: list[bool], text_like: list[bool],
              probabilities: list[float], decode: Callable[[list[float]], list[bool]]
              ) -> tuple[list[bool], list[str]]:
    """Decode the page, then again with the protected lines held at `PROTECTED_P`, so that what
    lies between them (a sub-heading, a list) is judged as part of the article; the protected
    lines are kept. Returns the keep/drop per line and warnings."""
    keep = decode(probabilities)
    chosen = protected(lines, prose, keep, explained, text_like)
    warnings = []
    if chosen and not all(keep[i] for i in chosen):
        plain = sum(prose) >= MOSTLY_PROSE * len(lines)  # no doubt where the article is
        if not plain and not any(k and p for k, p in zip(keep, prose)):
            warnings.append("the labeller kept none of the page's prose; kept the prose from "
                            "the article's opening")
        raised = [max(p, PROTECTED_P) if i in chosen else p for i, p in enumerate(probabilities)]
        keep = decode(raised)
        for i in chosen:
            keep[i] = True
    return _fill(lines, prose, keep, explained), warnings


def _fill(lines: list[str], prose: list[bool], keep: list[bool],
          explained: list[bool]) -> list[bool]:
    """Keep the lists and sub-headings that lie inside the kept article.

    `explained` marks lines a rule, the site template or repetition accounts for: never kept here.
    """
    kept = [i for i, k in enumerate(keep) if k and prose[i]]
    if not kept:
        return keep
    keep = list(keep)
    start, end = kept[0], kept[-1]
    i = start
    while i <= min(end + INTRO_REACH, len(lines) - 1):
        line = lines[i].rstrip()
        if not explained[i] and line.endswith(":") and len(words(line)) >= INTRO_WORDS:
            keep[i] = True
            j = i + 1
            while (j < len(lines) and j - i <= MAX_ITEMS and not prose[j] and not explained[j]
                   and not lines[j].rstrip().endswith(":")
                   and len(words(lines[j])) <= MAX_ITEM_WORDS):
                keep[j] = True
                j += 1
            # The article goes on after its list: the prose right below it is the next paragraph.
            while j < len(lines) and prose[j]:
                keep[j] = True
                end = max(end, j)
                j += 1
            i = j
        else:
            i += 1
    low, high = SUBHEADING_WORDS
    for i in range(start + 1, end):
        if (not keep[i] and not explained[i] and keep[i - 1] and keep[i + 1]
                and low <= len(words(lines[i])) <= high and not SENTENCE_END.search(lines[i].rstrip())):
            keep[i] = True
    return keep
