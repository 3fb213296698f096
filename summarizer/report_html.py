"""Render a Brief as one self-contained HTML page: stories, summaries linked to the sentences
behind them, the disagreements, and every article's source and English side by side.

No network and no external assets: the CSS and the script are inline. Every piece of text
comes from scraped pages, so all of it is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence
from importlib import resources
from html import escape

from .document import Article, Brief, Facts, Story, Summary
from .numbers import format_value, parse_numbers
from .segment import split_sentences
from .stopwords import stopwords

MIN_SHARED_WORDS = 2  # a link needs at least this many content words in common
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Sentence:
    anchor: str  # element id
    source: str
    english: str
    language: str
    trust: str = "ok"
    reasons: tuple[str, ...] = ()
    score: float | None = None


def _stories(brief: Brief) -> Sequence[Story]:
    """The brief's stories (read back one at a time from a spilled run), or one of them all."""
    stories = getattr(brief, "stories", None)
    if stories:
        return stories
    return [
        Story(
            "s1", "All articles", tuple(a.id for a in brief.articles), brief.combined, brief.facts
        )
    ]


def _sentences(article: Article, number: int) -> list[_Sentence]:
    """The article's sentences in order, each with an element id, source and English side."""
    language = article.language or "und"
    found: list[_Sentence] = []
    if article.translation is not None:
        for pair in (p for para in article.translation for p in para):
            found.append(
                _Sentence(
                    f"a{number}-s{len(found)}",
                    pair.source,
                    pair.target,
                    language,
                    pair.trust,
                    pair.reasons,
                    pair.score,
                )
            )
        return found
    for para in article.paragraphs:
        for sentence in split_sentences(para, language if language in ("id", "ms") else "en"):
            found.append(_Sentence(f"a{number}-s{len(found)}", sentence, sentence, language))
    return found


def _content(text: str) -> set[str]:
    common = stopwords("en") | stopwords("id")
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in common and len(w) > 1}


def links(sentence: str, candidates: dict[str, list[_Sentence]]) -> list[str]:
    """Ids of the sentence in each cited article that shares the most content words with
    `sentence` (at least MIN_SHARED_WORDS); computed here, at render time."""
    words = _content(sentence)
    anchors = []
    for sentences in candidates.values():
        best, best_shared = None, MIN_SHARED_WORDS - 1
        for s in sentences:
            shared = len(words & (_content(s.english) | _content(s.source)))
            if shared > best_shared:
                best, best_shared = s.anchor, shared
        if best:
            anchors.append(best)
    return anchors


def _marked(text: str, language: str) -> str:
    """Escaped text with its figures in <mark>."""
    out, last = [], 0
    for number in parse_numbers(text, language if language != "und" else None):
        out.append(escape(text[last : number.start]))
        out.append(f'<mark class="fig">{escape(text[number.start : number.end])}</mark>')
        last = number.end
    out.append(escape(text[last:]))
    return "".join(out)


def _summary_items(
    summary: Summary, short: Callable[[str], str], sentences: dict[str, list[_Sentence]], cls: str
) -> str:
    items = []
    for s in summary.sentences:
        targets = links(s.text, {a: sentences.get(a, []) for a in s.sources})
        cite = ", ".join(
            f'<a href="#art-{escape(a)}">{escape(short(a))}</a>' for a in s.sources
        )
        flags = [f for f in s.flags]
        if not s.sources:
            flags.append("supported by no source")
        note = "".join(f' <span class="flag">⚠ {escape(f)}</span>' for f in flags)
        items.append(
            f'<li class="{cls}" tabindex="0" data-targets="{escape(" ".join(targets))}">'
            f"{_marked(s.text, 'en')}{f' <span class=cite>({cite})</span>' if cite else ''}{note}</li>"
        )
    return "\n".join(items)


def _disagreements(facts: Facts, short: Callable[[str], str]) -> str:
    if not facts.disagreements:
        return '<p class="none">None found: the sources agree on every figure compared.</p>'
    rows = []
    for d in facts.disagreements:
        for i, v in enumerate(d.values):
            about = (
                f'<th scope="row" rowspan="{len(d.values)}">{escape(d.about)}</th>'
                if i == 0
                else ""
            )
            sources = ", ".join(
                f'<a href="#art-{escape(s)}">{escape(short(s))}</a>' for s in v.sources
            )
            rows.append(
                f"<tr>{about}<td><mark class=fig>{escape(format_value(v.normalized, v.unit))}</mark>"
                f" <span class=as-written>[{escape(v.value)}]</span></td><td class=sources>{sources}</td></tr>"
            )
    return (
        '<table class="disagreements"><thead><tr><th>Fact</th><th>Value</th><th>Sources</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _article(
    article: Article,
    number: int,
    short: Callable[[str], str],
    summary: Summary | None,
    sentences: list[_Sentence],
) -> str:
    sid = short(article.id)
    meta = [escape(article.source), escape(article.language or "unknown")]
    if article.translator:
        meta.append(f"translated by {escape(article.translator)}")
    parts = [
        (
            f'<article id="art-{escape(article.id)}"><h4><span class=sid>[{escape(sid)}]</span> '
            f'{escape(article.title or "(no title)")}</h4><p class="meta">{" · ".join(meta)}</p>'
        )
    ]
    if article.translation is not None:
        parts.append(
            f'<p class="trust-count" data-flagged="{article.flagged_sentences}">'
            f"{article.flagged_sentences} of {len(sentences)} sentences flagged</p>"
        )
    if summary is not None:
        items = _summary_items(summary, short, {article.id: sentences}, "summary-sentence")
        parts.append(f'<ol class="summary">{items}</ol>')
    for note in article.warnings:
        parts.append(f'<p class="flag">⚠ {escape(note)}</p>')
    rows = []
    for s in sentences:
        reasons = "".join(f"<li>{escape(r)}</li>" for r in s.reasons)
        score = "" if s.score is None else f'<span class="score">score {s.score:.2f}</span>'
        english = (
            f"<td class=en>{_marked(s.english, 'en')}</td>"
            if article.translation is not None
            else ""
        )
        trust = (
            (
                f'<td class="trust"><span class="badge {escape(s.trust)}">{escape(s.trust)}</span>{score}'
                f"<ul>{reasons}</ul></td>"
            )
            if article.translation is not None
            else ""
        )
        rows.append(
            f'<tr id="{s.anchor}" class="sentence trust-{escape(s.trust)}">'
            f'<td class=src lang="{escape(s.language)}">{_marked(s.source, s.language)}</td>{english}{trust}</tr>'
        )
    head = (
        "<th>Source</th><th>English</th><th>Trust</th>"
        if article.translation is not None
        else "<th>Text</th>"
    )
    parts.append(
        f'<details class="sentences"><summary>Sentences ({len(sentences)})</summary>'
        f'<table class="bilingual"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</details></article>"
    )
    return "\n".join(parts)


def _asset(name: str) -> str:
    """The page's own CSS or script, inlined so that the page needs nothing else."""
    return (resources.files("summarizer") / "assets" / name).read_text(encoding="utf-8")


def render_html(brief: Brief) -> str:
    """The brief as one page; nothing is fetched when it is opened."""
    return "".join(iter_html(brief))


def iter_html(brief: Brief) -> Iterator[str]:
    """`render_html` a story at a time: the articles of one story are read (from disk, for a
    spilled run) while its section is written, so a big brief is never held whole."""
    from .report import ShortIds, failure_reason, pair_lookup

    ids, numbers, translated, flagged = [], {}, 0, 0
    for article in brief.articles:  # one pass: a spilled brief reads each article back once here
        numbers[article.id] = len(ids)
        ids.append(article.id)
        translated += article.translation is not None
        flagged += article.flagged_sentences
    short = ShortIds(ids)
    del ids
    pair_by_id = pair_lookup(brief)
    stories = _stories(brief)
    nav = "".join(
        f'<li><a href="#story-{escape(s.id)}">{escape(s.label)}</a> ({len(s.article_ids)})</li>'
        for s in stories
    )
    yield f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brief: {len(numbers)} article(s)</title>
<style>{_asset("brief.css")}</style></head>
<body><header><h1>Brief</h1>
<p>{len(numbers)} article(s), {translated} translated to English, {flagged} translated sentence(s)
flagged. Click a summary sentence to see the source sentence behind it.</p>
<nav><ol>{nav}</ol></nav></header>
<main>"""
    for story in stories:
        members = [a for a in story.article_ids if a in numbers]
        pairs = {a: pair_by_id(a) for a in members}
        sentences = {a: _sentences(pairs[a][0], numbers[a]) for a in members}
        part = [
            f'<section class="story" id="story-{escape(story.id)}"><h2>{escape(story.label)}</h2>'
        ]
        if story.combined:
            part.append(
                '<h3>Combined summary</h3><ol class="summary combined">'
                f"{_summary_items(story.combined, short, sentences, 'summary-sentence')}</ol>"
            )
        part.append(f"<h3>Disagreements</h3>{_disagreements(story.facts, short)}")
        part.append(f"<h3>Articles ({len(story.article_ids)})</h3>")
        part.extend(
            _article(pairs[a][0], numbers[a], short, pairs[a][1], sentences[a]) for a in members
        )
        part.append("</section>")
        yield "\n".join(part)
    if brief.failures:
        items = "".join(
            f"<li><code>{escape(s)}</code>: {escape(failure_reason(s, e))}</li>" for s, e in brief.failures
        )
        yield f'<section class="failures"><h2>Skipped</h2><ul>{items}</ul></section>'
    yield f"""</main>
<script>{_asset("brief.js")}</script></body></html>
"""
