"""Line cleaning: the learned labeller decides, a few general rules finish.

Every line is labelled keep or drop by `labeller.py` (features of the line and its
neighbours, decoded over the page as a sequence). Then: lines a site repeats across the
batch go; the headline is found just above the body and kept once, as title; a dateline or
site prefix is cut from the first paragraph and an end marker from the last. A page with
running text always keeps at least its best block. The whole is repeated on its own output
until nothing changes, so cleaning a cleaned page changes nothing.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..document import Dropped
from ..stopwords import guess_language
from .features import (LineFacts, densest_run, feature_row, is_sentence_like, normalised, page_context,
                       page_facts)
from .labeller import LineModel, load_model
from .protect import constrain, prose_lines
from .rules import LINK_LINE, strip_end_marker, strip_prefix

__all__ = ["Cleaned", "classify", "is_sentence_like"]

TITLE_WINDOW = 25  # lines searched before the body for the headline
# A headline shares at least a third of its content words with the body. With the bonus for
# sitting right above the body, a title found once is found again in the cleaned text.
MIN_TITLE_OVERLAP = 0.34
MIN_ARTICLE_WORDS = 40  # running text this long is an article that must not be lost
MAX_PASSES = 4
MAX_LINKS = 8  # links listed under one "read also" header
MAX_BOX = 10  # lines of links, ads or captions an article may run across
MIN_BOX_P = 0.01  # text past a box below this probability is another story
# Rule families whose lines are never article text wherever they stand: these stay verdicts.
# The others (navigation words, bylines, captions, datelines, links) are features the labeller
# weighs, since a sub-heading or a short sentence can look like them.
VERDICTS = frozenset({"advertising", "share-prompt", "agency-code", "counter", "pagination", "copyright",
                      "embed", "contact"})


@dataclass(frozen=True)
class Cleaned:
    title: str | None
    paragraphs: tuple[str, ...]
    dropped: tuple[Dropped, ...]
    warnings: tuple[str, ...] = ()


def _title_like(line: str, n_words: int) -> bool:
    return 3 <= n_words <= 30 and len(line) <= 220 and not re.search(r"[.,;]$", line)


def find_title(lines: list[str], start: int, body_words: set[str], language: str | None,
               skip: set[int], facts: list[LineFacts]) -> int | None:
    """Index of the headline among the lines just before the body, or None.

    A headline shares most of its content words with the article, is often repeated
    elsewhere on the page and sits near the top of the body; teaser links share fewer
    words and come in lists of headline-like lines.
    """
    def listed(j: int) -> bool:
        return (0 <= j < len(lines) and j not in skip and _title_like(lines[j], facts[j].whole_words)
                and not is_sentence_like(lines[j], language))

    counts = Counter(lines)
    best, best_score = None, 0.5
    for i in range(max(0, start - TITLE_WINDOW), start):
        line = lines[i]
        if i in skip or not _title_like(line, facts[i].whole_words):
            continue
        ws = facts[i].content
        if len(ws) < 2:
            continue
        overlap = len(ws & body_words) / len(ws)
        if overlap < MIN_TITLE_OVERLAP:
            continue
        adjacent = all(j in skip for j in range(i + 1, start))
        in_list = listed(i - 1) or listed(i + 1)
        score = overlap + 0.25 * (counts[line] > 1) + 0.2 * adjacent - 0.3 * in_list - 0.01 * (start - i)
        if score > best_score:
            best, best_score = i, score
    return best


def classify(lines: list[str], language: str | None = None, title_hint: str | None = None,
             template: frozenset[str] = frozenset(), from_html: bool = False,
             model: LineModel | None = None, explain: bool = False) -> Cleaned:
    """Split page lines into a title, article paragraphs and dropped lines with reasons.

    Args:
        lines: the page's lines, stripped, empty ones removed.
        language: ISO code of the page if known (else guessed from its function words).
        title_hint: a headline known from page metadata (HTML), dropped from the body.
        template: lines known to recur across pages of the same site.
        from_html: the lines come from main-text extraction rather than a text dump.
        model: the labeller to use (the packaged one by default).
        explain: name the features that pushed each line the labeller dropped ("p=0.03:
            words=1-2, ..."; what `clean --json` shows) instead of its probability alone.
    """
    model = model or load_model()
    dropped: list[Dropped] = []
    warnings: list[str] = []
    current = list(lines)
    result = Cleaned(title_hint, (), ())
    for _ in range(MAX_PASSES):
        result = _one_pass(current, language, title_hint, template, from_html, model, explain)
        dropped.extend(result.dropped)
        warnings.extend(w for w in result.warnings if w not in warnings)
        output = ([result.title] if result.title and title_hint is None else []) + list(result.paragraphs)
        if output == current:
            break
        current = output
    return Cleaned(result.title, result.paragraphs, tuple(dropped), tuple(warnings))


def _one_pass(lines: list[str], language: str | None, title_hint: str | None, template: frozenset[str],
              from_html: bool, model: LineModel, explain: bool) -> Cleaned:
    if not lines:
        return Cleaned(title_hint, (), ())
    language = language or guess_language(lines)
    facts = page_facts(lines, language)
    columns, running = page_context(lines, facts, title_hint, from_html, language)
    probabilities = model.probabilities(facts, columns)
    prose, explained, text_like = prose_lines(lines, facts, template)
    keep, warnings = constrain(lines, prose, explained, text_like, probabilities, model.decode)
    reasons: dict[int, str] = {}
    for i, line in enumerate(lines):
        family = facts[i].family
        if line in template and not running[i]:
            reasons[i] = "site template"
        elif family in VERDICTS or (family == "read-also" and LINK_LINE.match(line)):
            reasons[i] = family
        elif not keep[i]:
            reasons[i] = family or f"p={probabilities[i]:.2f}" + (
                ": " + ", ".join(model.strongest(feature_row(facts, columns, i))) if explain else "")
    _mark_listed_links(facts, running, reasons)
    _extend_over_boxes(lines, running, probabilities, reasons)
    warnings += _keep_best_block(lines, running, reasons, facts)
    body = [i for i in range(len(lines)) if i not in reasons and running[i]]
    if not body:
        return Cleaned(title_hint, (), tuple(Dropped(line, reasons.get(i, "no article text"))
                                             for i, line in enumerate(lines)), tuple(warnings))
    title, title_index = title_hint, None
    if title_hint is None:
        body_words = frozenset().union(*(facts[i].content for i in body))
        ruled = {i for i, f in enumerate(facts) if f.family is not None}
        title_index = find_title(lines, body[0], body_words, language, ruled, facts)
        title = lines[title_index] if title_index is not None else None
    title_key = normalised(title) if title else None
    kept: list[str] = []
    dropped: list[Dropped] = []
    for i, line in enumerate(lines):
        reason = reasons.get(i)
        if i == title_index:
            continue
        if reason is None and title_key and normalised(line) == title_key:
            reason = "repeated headline"
        if reason:
            dropped.append(Dropped(line, reason))
        else:
            kept.append(line)
    kept, fragments = _strip_fragments(kept)
    dropped.extend(Dropped(f, "site prefix" if i == 0 else "end marker") for i, f in fragments)
    return Cleaned(title, tuple(kept), tuple(dropped), tuple(warnings))


def _mark_listed_links(facts: list[LineFacts], running: list[bool], reasons: dict[int, str]) -> None:
    """Lines listed under a bare "read also" header are links, not text."""
    links_left = 0
    for i, f in enumerate(facts):
        if f.family == "read-also" and f.whole_words <= 4:
            links_left = MAX_LINKS
        elif links_left and not running[i] and f.family != "read-also":
            reasons[i] = "read-also"
            links_left -= 1
        else:
            links_left = 0


def _extend_over_boxes(lines: list[str], running: list[bool], probabilities: list[float],
                       reasons: dict[int, str]) -> None:
    """An article goes on after a box of links, an advertisement or a caption: text just past
    either end of the kept article, with only such lines between, is kept too."""
    counts = Counter(lines)

    def explained(j: int) -> bool:  # a rule's verdict, or a repeated non-text line (headline, menu)
        return not running[j] and (j in reasons and not reasons[j].startswith("p=") or counts[lines[j]] > 1)

    kept = [i for i in range(len(lines)) if running[i] and i not in reasons]
    if not kept:
        return
    for start, step in ((kept[-1], 1), (kept[0], -1)):
        i = start
        while True:
            j = i + step
            while 0 <= j < len(lines) and abs(j - i) <= MAX_BOX and explained(j):
                j += step
            if not (0 <= j < len(lines)) or abs(j - i) > MAX_BOX or not running[j] \
                    or probabilities[j] < MIN_BOX_P:
                break
            reasons.pop(j, None)
            i = j


def _keep_best_block(lines: list[str], running: list[bool], reasons: dict[int, str],
                     facts: list[LineFacts]) -> list[str]:
    """Never lose an article: when the labeller kept too little of a page that has running
    text, keep its densest block of running text as well, and say so."""
    text_lines = [i for i in range(len(lines)) if running[i]]
    page_words = sum(facts[i].whole_words for i in text_lines)
    kept_words = sum(facts[i].whole_words for i in text_lines if i not in reasons)
    ruled = {i for i, reason in reasons.items() if not reason.startswith("p=")}
    if text_lines and not kept_words and all(running[i] or i in ruled for i in range(len(lines))):
        for i in text_lines:  # a page of nothing but text (a note, a wire brief) is its article
            reasons.pop(i, None)
        return []
    if page_words < MIN_ARTICLE_WORDS or kept_words >= MIN_ARTICLE_WORDS:
        return []
    run = densest_run(text_lines, lines)
    if run is None:
        return []
    for i in range(run[0], run[1] + 1):
        if running[i]:
            reasons.pop(i, None)
    return ["the labeller found little article text; kept the page's densest block of running text"]


def _strip_fragments(kept: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Strip a dateline/site prefix from the first paragraph and an end marker from the last."""
    fragments: list[tuple[int, str]] = []
    if kept:
        # The prefix sits on the first paragraph of text, which may follow a kept caption or kicker.
        for i in range(min(3, len(kept))):
            kept[i], prefix = strip_prefix(kept[i])
            if prefix:
                fragments.append((0, prefix))
                break
        kept[-1], marker = strip_end_marker(kept[-1])
        if marker:
            fragments.append((1, marker))
    return kept, fragments
