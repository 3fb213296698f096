"""Text-dump cleaning: classify each line as article text or boilerplate.

Two kinds of evidence: the rule families in `rules.py`, and structure. News text is a run
of sentence-like lines (long enough, ending in sentence punctuation, rich in function
words, mostly lower-case words); menus, teasers and widgets are short or title-cased.
The article body is the densest such run; short lines inside it (sub-headings) stay,
lines outside it go. The headline is found just before the body and kept once, as title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Dropped
from ..stopwords import stopwords
from .rules import match_rule, strip_end_marker, strip_prefix

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)
SENTENCE_END = re.compile(r"[.!?…:][\"”’')\]]*$")
MAX_GAP = 4  # non-body lines allowed between two body lines of one article
MAX_LINKS = 8  # links listed under one "read also" header
TITLE_WINDOW = 25  # lines searched before the body for the headline
# A headline shares at least a third of its content words with the body. With the bonus for
# sitting right above the body, a title found once is found again in the cleaned text.
MIN_TITLE_OVERLAP = 0.34


@dataclass(frozen=True)
class Cleaned:
    title: str | None
    paragraphs: tuple[str, ...]
    dropped: tuple[Dropped, ...]


def _words(line: str) -> list[str]:
    return WORD.findall(line)


def is_sentence_like(line: str, language: str | None) -> bool:
    """A line that reads as running text rather than a label, link or headline."""
    body, _ = strip_end_marker(line)
    words = _words(body)
    if len(words) < 6 or not SENTENCE_END.search(body.rstrip()):
        return False
    lower = sum(1 for w in words[1:] if w[0].islower()) / max(len(words) - 1, 1)
    function = sum(1 for w in words if w.lower() in stopwords(language)) / len(words)
    # Headlines are title-cased and short; news leads are long even when full of names.
    return (lower >= 0.6 or (lower >= 0.25 and (function >= 0.08 or len(words) >= 15))
            or (lower >= 0.15 and len(words) >= 20))


def _title_like(line: str) -> bool:
    words = _words(line)
    return 3 <= len(words) <= 30 and len(line) <= 220 and not re.search(r"[.,;]$", line)


def _content_words(text: str, language: str | None) -> set[str]:
    """Content words cut to four letters, so "rates"/"rate" and "stabilises"/"stable" meet."""
    stop = stopwords(language)
    return {w.lower()[:4] for w in _words(text) if len(w) > 2 and w.lower() not in stop}


def find_title(lines: list[str], start: int, body_words: set[str], language: str | None,
               reasons: dict[int, str]) -> int | None:
    """Index of the headline among the lines just before the body, or None.

    A headline shares most of its content words with the article, is often repeated
    elsewhere on the page, sits near the top of the body and is often followed by its date
    or byline; teaser links share fewer words and come in lists of headline-like lines.
    """
    skip = set(reasons)

    def listed(j: int) -> bool:
        return 0 <= j < len(lines) and j not in skip and _title_like(lines[j]) and not is_sentence_like(lines[j], language)

    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    best, best_score = None, 0.5
    for i in range(max(0, start - TITLE_WINDOW), start):
        line = lines[i]
        if i in skip or not _title_like(line):
            continue
        words = _content_words(line, language)
        if len(words) < 2:
            continue
        overlap = len(words & body_words) / len(words)
        if overlap < MIN_TITLE_OVERLAP:
            continue
        adjacent = all(j in skip for j in range(i + 1, start))
        dated = any(reasons.get(j) in ("dateline", "byline") for j in (i + 1, i + 2))
        in_list = listed(i - 1) or listed(i + 1)
        score = (overlap + 0.25 * (counts[line] > 1) + 0.2 * adjacent + 0.1 * dated - 0.3 * in_list
                 - 0.01 * (start - i))
        if score > best_score:
            best, best_score = i, score
    return best


def classify(lines: list[str], language: str | None = None, title_hint: str | None = None,
             template: frozenset[str] = frozenset()) -> Cleaned:
    """Split page lines into a title, article paragraphs and dropped lines with reasons.

    Args:
        lines: the page's lines, stripped, empty ones removed.
        language: ISO code of the page if known (sharpens the function-word signal).
        title_hint: a headline known from page metadata (HTML), dropped from the body.
        template: lines known to recur across pages of the same site.
    """
    reasons: dict[int, str] = {}
    links_left = 0  # after a bare "Baca juga" header: the link lines listed under it
    for i, line in enumerate(lines):
        if line in template:
            reasons[i] = "site template"
        elif (family := match_rule(line)) is not None:
            reasons[i] = family
        elif links_left and not is_sentence_like(line, language):
            reasons[i] = "read-also"
        if reasons.get(i) == "read-also" and len(_words(line)) <= 4:
            links_left = MAX_LINKS
        else:
            links_left = links_left - 1 if reasons.get(i) == "read-also" else 0
    body = [i for i, line in enumerate(lines) if i not in reasons and is_sentence_like(line, language)]
    span = _densest_run(body, lines, set(reasons))
    if span is None:
        return Cleaned(title_hint, (), tuple(Dropped(line, reasons.get(i, "no article text")) for i, line in enumerate(lines)))
    first, last = span
    # Only the body's sentences: the same words whether or not the page was cleaned before.
    body_words = _content_words(" ".join(lines[i] for i in body if first <= i <= last), language)
    title_index = None
    title = title_hint
    if title_hint is None:
        title_index = find_title(lines, first, body_words, language, reasons)
        title = lines[title_index] if title_index is not None else None
    title_key = _norm(title) if title else None
    kept: list[str] = []
    dropped: list[Dropped] = []
    for i, line in enumerate(lines):
        reason = reasons.get(i)
        if i == title_index:
            continue
        if reason is None and title_key and _norm(line) == title_key:
            reason = "repeated headline"
        elif reason is None and not first <= i <= last:
            reason = "outside article body"
        if reason:
            dropped.append(Dropped(line, reason))
        else:
            kept.append(line)
    kept, fragments = _strip_fragments(kept)
    dropped.extend(Dropped(f, "site prefix" if i == 0 else "end marker") for i, f in fragments)
    return Cleaned(title, tuple(kept), tuple(dropped))


def _densest_run(body: list[int], lines: list[str], explained: set[int]) -> tuple[int, int] | None:
    """The run of body lines holding the most text; lines that a rule explains (ads, links,
    captions) do not break a run, other lines do after MAX_GAP of them."""
    if not body:
        return None
    runs: list[list[int]] = [[body[0]]]
    for i in body[1:]:
        previous = runs[-1][-1]
        unexplained = sum(1 for j in range(previous + 1, i) if j not in explained)
        if unexplained <= MAX_GAP and i - previous - 1 <= 3 * MAX_GAP:
            runs[-1].append(i)
        else:
            runs.append([i])
    best = max(runs, key=lambda run: sum(len(lines[i]) for i in run))
    return best[0], best[-1]


def _strip_fragments(kept: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Strip a dateline/site prefix from the first paragraph and an end marker from the last."""
    fragments: list[tuple[int, str]] = []
    if kept:
        kept[0], prefix = strip_prefix(kept[0])
        if prefix:
            fragments.append((0, prefix))
        kept[-1], marker = strip_end_marker(kept[-1])
        if marker:
            fragments.append((1, marker))
    return kept, fragments


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()
