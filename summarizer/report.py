"""Render a Brief (or one Article) as text, Markdown or JSON with stable keys."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, Callable, Iterable, Iterator

from .document import (
    Article, Brief, Disagreement, DisagreementValue, Facts, Figure, SentencePair, Story, Summary, SummarySentence,
    short_id,
)
from .numbers import format_value

FORMATS = ("text", "markdown", "json", "html")
LANGUAGE_NAMES = {"id": "Indonesian", "ms": "Malay", "en": "English", "und": "unknown"}


def article_dict(article: Article, summary: Summary | None = None, dropped: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "language": article.language,
        "language_confidence": round(article.language_confidence, 3),
        "kind": article.kind,
        "metadata": {k: v for k, v in article.metadata.items() if isinstance(v, (str, int, float))},
        "text": article.text,
        "english": article.english if article.translation is not None or article.language == "en" else None,
        "translated_by": article.translator,
        "translation_flags": list(article.flags),
        "warnings": list(article.warnings),
    }
    if article.translation is not None:
        data["sentences"] = [sentence_dict(p) for para in article.translation for p in para]
        data["flagged_sentences"] = article.flagged_sentences
    if summary is not None:
        data["summary"] = summary_dict(summary)
    if dropped:
        data["dropped"] = [{"line": d.line, "reason": d.reason} for d in article.dropped]
    return data


def sentence_dict(pair: SentencePair) -> dict[str, Any]:
    """One sentence pair: the model's score (mean log-probability per token), trust and reasons."""
    return {"source": pair.source, "target": pair.target, "flags": list(pair.flags),
            "score": None if pair.score is None else round(pair.score, 4), "trust": pair.trust,
            "reasons": list(pair.reasons)}


def trust_line(article: Article) -> str | None:
    """'2 of 14 sentences flagged (1 bad, 1 to check)' for a translated article."""
    if not article.translation:
        return None
    pairs = [p for para in article.translation for p in para if p.source != p.target or p.score is not None]
    bad = sum(1 for p in pairs if p.trust == "bad")
    return (f"{article.flagged_sentences} of {len(pairs)} translated sentences flagged "
            f"({bad} bad, {article.flagged_sentences - bad} to check)")


def summary_dict(summary: Summary) -> dict[str, Any]:
    return {"text": summary.text, "model": summary.model,
            "sentences": [{"text": s.text, "sources": list(s.sources), "flags": list(s.flags)} for s in summary.sentences]}


def _known(**fields: Any) -> dict[str, Any]:
    """Optional fields appear only when known, so the contract's keys stay as documented."""
    return {k: v for k, v in fields.items() if v is not None}


def figure_dict(f: Figure) -> dict[str, Any]:
    return {"value": f.value, "normalized": f.normalized, "unit": f.unit, "about": f.about,
            "sentence": f.sentence, "source": f.source, **_known(qualifier=f.qualifier, as_of=f.as_of)}


def disagreement_dict(d: Disagreement) -> dict[str, Any]:
    return {"about": d.about, "kind": d.kind, "values": [
        {"value": v.value, "normalized": v.normalized, "unit": v.unit, "english": format_value(v.normalized, v.unit),
         "sources": list(v.sources), **_known(qualifier=v.qualifier, as_of=v.as_of)} for v in d.values]}


def facts_dict(facts: Facts) -> dict[str, Any]:
    return {"figures": [figure_dict(f) for f in facts.figures],
            "disagreements": [disagreement_dict(d) for d in facts.disagreements]}


def story_dict(story: Story) -> dict[str, Any]:
    return {"id": story.id, "label": story.label, "articles": list(story.article_ids),
            "combined": summary_dict(story.combined) if story.combined else None,
            "facts": facts_dict(story.facts)}


def brief_dict(brief: Brief) -> dict[str, Any]:
    return _materialised(_brief_parts(brief))


class _Each:
    """A JSON array written one element at a time (see `_json_chunks`)."""

    def __init__(self, items: Iterable[Any]):
        self.items = items


def article_pairs(brief: Brief) -> Iterator[tuple[Article, Summary | None]]:
    """Each article of the brief with its summary, in order (read back from disk, one at a
    time, for a spilled run: see spill.py)."""
    pairs = getattr(brief.articles, "pairs", None)
    if pairs is not None:
        yield from pairs()
        return
    summaries = {s.article_ids[0]: s for s in brief.summaries}
    for article in brief.articles:
        yield article, summaries.get(article.id)


def pair_lookup(brief: Brief) -> Callable[[str], tuple[Article, Summary | None]]:
    """An article and its summary by id: read back from disk for a spilled run, else from dicts."""
    by_id = getattr(brief.articles, "pair_by_id", None)
    if by_id is not None:
        return by_id
    pairs = {a.id: (a, s) for a, s in article_pairs(brief)}
    return pairs.__getitem__


def _brief_parts(brief: Brief) -> dict[str, Any]:
    """The JSON brief with its long arrays (articles, figures, stories) left as `_Each`."""
    return {
        "articles": _Each(article_dict(a, s) for a, s in article_pairs(brief)),
        "combined": summary_dict(brief.combined) if brief.combined else None,
        "facts": {"figures": _Each(figure_dict(f) for f in brief.facts.figures),
                  "disagreements": _Each(disagreement_dict(d) for d in brief.facts.disagreements)},
        "failures": [{"source": s, "error": e} for s, e in brief.failures],
        "stories": _Each(story_dict(story) for story in brief.stories),
    }


def _materialised(value: Any) -> Any:
    if isinstance(value, _Each):
        return [_materialised(v) for v in value.items]
    if isinstance(value, dict):
        return {k: _materialised(v) for k, v in value.items()}
    return value


def _json_chunks(value: Any, level: int = 0) -> Iterator[str]:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, byte for byte, an element at a time."""
    pad = "  " * level
    if isinstance(value, dict) and value:
        for n, (key, item) in enumerate(value.items()):
            yield ("{" if n == 0 else ",") + "\n" + pad + "  " + json.dumps(key, ensure_ascii=False) + ": "
            yield from _json_chunks(item, level + 1)
        yield "\n" + pad + "}"
    elif isinstance(value, _Each):
        empty = True
        for item in value.items:
            yield ("[" if empty else ",") + "\n" + pad + "  "
            empty = False
            yield from _json_chunks(item, level + 1)
        yield "[]" if empty else "\n" + pad + "]"
    else:  # JSON strings hold no raw newline: every newline here starts an indented line
        yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


def _blocks(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Small pieces gathered into blocks of about `size` characters (one write each)."""
    held: list[str] = []
    length = 0
    for piece in pieces:
        held.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(held)
            held, length = [], 0
    if held:
        yield "".join(held)


def iter_render(brief: Brief, fmt: str) -> Iterator[str]:
    """The brief rendered in pieces: JSON an element at a time, the HTML page and several
    stories a story at a time, so that a big brief is written out without being held whole
    (a one-story text or Markdown brief comes as one piece)."""
    if fmt == "html":
        from .report_html import iter_html

        yield from _blocks(iter_html(brief))
    elif fmt == "json":
        yield from _blocks(_json_chunks(_brief_parts(brief)))
    elif len(brief.stories) > 1:
        yield from _render_stories(brief, markdown=fmt == "markdown")
    else:
        yield _render_markdown(brief) if fmt == "markdown" else _render_text(brief)


def render(brief: Brief, fmt: str) -> str:
    return "".join(iter_render(brief, fmt))


def _language(article: Article) -> str:
    name = LANGUAGE_NAMES.get(article.language or "und", article.language or "unknown")
    return f"{name} ({article.language_confidence:.2f})"


class ShortIds:
    """`short_id` for every id of a brief, each prefix counted once (not once per call)."""

    def __init__(self, ids: Iterable[str]):
        self.counts = Counter(i.split("_", 1)[0] for i in ids)

    def __call__(self, article_id: str) -> str:
        prefix = article_id.split("_", 1)[0]
        return prefix if prefix != article_id and self.counts[prefix] == 1 else article_id


def _shortener(ids: list[str] | ShortIds) -> Callable[[str], str]:
    return ids if isinstance(ids, ShortIds) else lambda aid: short_id(aid, ids)


def _cite(sentence: SummarySentence, ids: list[str] | ShortIds) -> str:
    short = _shortener(ids)
    cited = ", ".join(short(s) for s in sentence.sources) or "no source"
    flags = f" ⚠ {'; '.join(f for f in sentence.flags if f != 'disputed figure')}" if any(
        f != "disputed figure" for f in sentence.flags) else ""
    return f"{sentence.text} ({cited}){flags}"


def _hedged(value: DisagreementValue) -> str:
    return f"{value.qualifier}: {value.value}" if value.qualifier and value.qualifier != "range" else value.value


def disagreement_lines(facts: Facts, ids: list[str] | ShortIds) -> list[str]:
    lines, short = [], _shortener(ids)
    for d in facts.disagreements:
        joiner = " → " if d.kind == "update" else " vs "
        sides = joiner.join(f"{format_value(v.normalized, v.unit)} [{_hedged(v)}] ({', '.join(short(s) for s in v.sources)})"
                            + (f" as of {v.as_of}" if v.as_of and d.kind == "update" else "") for v in d.values)
        lines.append(f"{d.about} ({d.kind}{', latest last' if d.kind == 'update' else ''}): {sides}")
    return lines


def _render_text(brief: Brief) -> str:
    if len(brief.stories) > 1:
        return _render_stories(brief, markdown=False)
    ids = [a.id for a in brief.articles]
    summaries = {s.article_ids[0]: s for s in brief.summaries}
    translated = sum(1 for a in brief.articles if a.translation is not None)
    out = [f"BRIEF: {len(brief.articles)} article(s), {translated} translated to English", ""]
    for article in brief.articles:
        out.append(f"[{short_id(article.id, ids)}] {article.title or '(no title)'}")
        out.append(f"  source: {article.source}")
        out.append(f"  language: {_language(article)}" + (f", translated by {article.translator}" if article.translator else ""))
        summary = summaries.get(article.id)
        if summary:
            out.append(f"  summary: {summary.text}")
        if trust_line(article):
            out.append(f"  trust: {trust_line(article)}")
        for note in article.warnings + article.flags:
            out.append(f"  warning: {note}")
        out.append("")
    if brief.combined:
        out.append(f"COMBINED SUMMARY ({len(brief.articles)} sources, {brief.combined.model})")
        out.extend(f"- {_cite(s, ids)}" for s in brief.combined.sentences)
        out.append("")
    out.append("DISAGREEMENTS")
    out.extend(f"- {line}" for line in disagreement_lines(brief.facts, ids))
    if not brief.facts.disagreements:
        out.append("- none found: the sources agree on every figure compared")
    if brief.failures:
        out.append("")
        out.append("SKIPPED")
        out.extend(f"- {skipped_line(source, error)}" for source, error in brief.failures)
    return "\n".join(out) + "\n"


def skipped_line(source: str, error: str) -> str:
    """"source: reason" for a skipped input (errors that already start with their source as is)."""
    return f"{source}: {failure_reason(source, error)}"


def failure_reason(source: str, error: str) -> str:
    """The reason an input was skipped, without the source its error message may start with."""
    return error[len(source) + 2:] if error.startswith(source + ": ") else error


def _render_markdown(brief: Brief) -> str:
    if len(brief.stories) > 1:
        return _render_stories(brief, markdown=True)
    ids = [a.id for a in brief.articles]
    summaries = {s.article_ids[0]: s for s in brief.summaries}
    out = [f"# Brief: {len(brief.articles)} article(s)", ""]
    if brief.combined:
        out += ["## Combined summary", ""]
        out.extend(f"- {_cite(s, ids)}" for s in brief.combined.sentences)
        out.append("")
    out += ["## Articles", ""]
    for article in brief.articles:
        out.append(f"### [{short_id(article.id, ids)}] {article.title or '(no title)'}")
        out.append("")
        out.append(f"*{article.source}* · {_language(article)}" + (f" · translated by {article.translator}" if article.translator else ""))
        out.append("")
        summary = summaries.get(article.id)
        if summary:
            out.append(summary.text)
            out.append("")
        if trust_line(article):
            out += [f"Trust: {trust_line(article)}", ""]
        for note in article.warnings + article.flags:
            out.append(f"> warning: {note}")
        out.append("")
    out += ["## Disagreements", ""]
    out.extend(f"- {line}" for line in disagreement_lines(brief.facts, ids))
    if not brief.facts.disagreements:
        out.append("- none found")
    if brief.failures:
        out += ["", "## Skipped", ""]
        out.extend(f"- `{source}`: {failure_reason(source, error)}" for source, error in brief.failures)
    return "\n".join(out).rstrip() + "\n"


def _render_stories(brief: Brief, markdown: bool) -> Iterator[str]:
    """Several stories: each with its articles, its combined summary and its disagreements;
    written a story at a time (a spilled brief reads back one article at a time)."""
    return _joined(_story_blocks(brief, markdown))


def _story_blocks(brief: Brief, markdown: bool) -> Iterator[list[str]]:
    ids, translated = [], 0
    for article in brief.articles:  # one pass: a spilled brief reads each article back once here
        ids.append(article.id)
        translated += article.translation is not None
    short = ShortIds(ids)
    pair_by_id = pair_lookup(brief)
    head = (f"# Brief: {len(brief.articles)} article(s), {len(brief.stories)} stories" if markdown else
            f"BRIEF: {len(brief.articles)} article(s) in {len(brief.stories)} stories, "
            f"{translated} translated to English")
    yield [head, ""]
    for story in brief.stories:
        title = f"{story.id}: {story.label} ({len(story.article_ids)} article(s))"
        out = [f"## Story {title}", ""] if markdown else [f"STORY {title}", ""]
        for aid in story.article_ids:
            article, summary = pair_by_id(aid)
            line = f"[{short(aid)}] {article.title or '(no title)'} · {_language(article)} · {article.source}"
            out.append(f"- {line}" if markdown else f"  {line}")
            if summary:
                out.append(f"  {summary.text}" if markdown else f"    summary: {summary.text}")
            for note in article.warnings + article.flags:
                out.append(f"  > warning: {note}" if markdown else f"    warning: {note}")
        out.append("")
        if story.combined and len(story.article_ids) > 1:
            out += ["### Combined summary", ""] if markdown else [
                f"  COMBINED SUMMARY ({len(story.article_ids)} sources, {story.combined.model})"]
            out.extend(f"- {_cite(s, short)}" if markdown else f"  - {_cite(s, short)}" for s in story.combined.sentences)
            out.append("")
        lines = disagreement_lines(story.facts, short)
        if lines:
            out += ["### Disagreements", ""] if markdown else ["  DISAGREEMENTS"]
            out.extend(f"- {line}" if markdown else f"  - {line}" for line in lines)
            out.append("")
        yield out
    if brief.failures:
        out = ["## Skipped", ""] if markdown else ["SKIPPED"]
        out.extend(f"- `{source}`: {failure_reason(source, error)}" if markdown else f"- {skipped_line(source, error)}"
                   for source, error in brief.failures)
        yield out


def _joined(blocks: Iterable[list[str]]) -> Iterator[str]:
    """What `"\\n".join(every block's lines).rstrip() + "\\n"` gives, a block at a time."""
    held = ""  # trailing whitespace: written only when more text follows
    for n, lines in enumerate(blocks):
        text = held + ("\n" if n else "") + "\n".join(lines)
        kept = text.rstrip()
        held = text[len(kept):]
        if kept:
            yield kept
    yield "\n"
