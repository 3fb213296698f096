"""Render a Brief (or one Article) as text, Markdown or JSON with stable keys."""
from __future__ import annotations

import json
from typing import Any

from .document import Article, Brief, DisagreementValue, Facts, SentencePair, Summary, SummarySentence, short_id
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


def facts_dict(facts: Facts) -> dict[str, Any]:
    return {
        "figures": [{"value": f.value, "normalized": f.normalized, "unit": f.unit, "about": f.about,
                     "sentence": f.sentence, "source": f.source, **_known(qualifier=f.qualifier, as_of=f.as_of)}
                    for f in facts.figures],
        "disagreements": [{"about": d.about, "kind": d.kind, "values": [
            {"value": v.value, "normalized": v.normalized, "unit": v.unit, "english": format_value(v.normalized, v.unit),
             "sources": list(v.sources), **_known(qualifier=v.qualifier, as_of=v.as_of)} for v in d.values]}
            for d in facts.disagreements],
    }


def brief_dict(brief: Brief) -> dict[str, Any]:
    summaries = {s.article_ids[0]: s for s in brief.summaries}
    return {
        "articles": [article_dict(a, summaries.get(a.id)) for a in brief.articles],
        "combined": summary_dict(brief.combined) if brief.combined else None,
        "facts": facts_dict(brief.facts),
        "failures": [{"source": s, "error": e} for s, e in brief.failures],
        "stories": [{"id": story.id, "label": story.label, "articles": list(story.article_ids),
                     "combined": summary_dict(story.combined) if story.combined else None,
                     "facts": facts_dict(story.facts)} for story in brief.stories],
    }


def render(brief: Brief, fmt: str) -> str:
    if fmt == "html":
        from .report_html import render_html

        return render_html(brief)
    if fmt == "json":
        return json.dumps(brief_dict(brief), ensure_ascii=False, indent=2)
    return _render_markdown(brief) if fmt == "markdown" else _render_text(brief)


def _language(article: Article) -> str:
    name = LANGUAGE_NAMES.get(article.language or "und", article.language or "unknown")
    return f"{name} ({article.language_confidence:.2f})"


def _cite(sentence: SummarySentence, ids: list[str]) -> str:
    cited = ", ".join(short_id(s, ids) for s in sentence.sources) or "no source"
    flags = f" ⚠ {'; '.join(f for f in sentence.flags if f != 'disputed figure')}" if any(
        f != "disputed figure" for f in sentence.flags) else ""
    return f"{sentence.text} ({cited}){flags}"


def _hedged(value: DisagreementValue) -> str:
    return f"{value.qualifier}: {value.value}" if value.qualifier and value.qualifier != "range" else value.value


def disagreement_lines(facts: Facts, ids: list[str]) -> list[str]:
    lines = []
    for d in facts.disagreements:
        joiner = " → " if d.kind == "update" else " vs "
        sides = joiner.join(f"{format_value(v.normalized, v.unit)} [{_hedged(v)}] ({', '.join(short_id(s, ids) for s in v.sources)})"
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
        out.extend(f"- {source}: {error}" for source, error in brief.failures)
    return "\n".join(out) + "\n"


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
        out.extend(f"- `{source}`: {error}" for source, error in brief.failures)
    return "\n".join(out).rstrip() + "\n"


def _render_stories(brief: Brief, markdown: bool) -> str:
    """Several stories: each with its articles, its combined summary and its disagreements."""
    ids = [a.id for a in brief.articles]
    articles = {a.id: a for a in brief.articles}
    summaries = {s.article_ids[0]: s for s in brief.summaries}
    translated = sum(1 for a in brief.articles if a.translation is not None)
    head = (f"# Brief: {len(brief.articles)} article(s), {len(brief.stories)} stories" if markdown else
            f"BRIEF: {len(brief.articles)} article(s) in {len(brief.stories)} stories, "
            f"{translated} translated to English")
    out = [head, ""]
    for story in brief.stories:
        title = f"{story.id}: {story.label} ({len(story.article_ids)} article(s))"
        out += [f"## Story {title}", ""] if markdown else [f"STORY {title}", ""]
        for aid in story.article_ids:
            article, summary = articles[aid], summaries.get(aid)
            line = f"[{short_id(aid, ids)}] {article.title or '(no title)'} · {_language(article)} · {article.source}"
            out.append(f"- {line}" if markdown else f"  {line}")
            if summary:
                out.append(f"  {summary.text}" if markdown else f"    summary: {summary.text}")
            for note in article.warnings + article.flags:
                out.append(f"  > warning: {note}" if markdown else f"    warning: {note}")
        out.append("")
        if story.combined and len(story.article_ids) > 1:
            out += ["### Combined summary", ""] if markdown else [
                f"  COMBINED SUMMARY ({len(story.article_ids)} sources, {story.combined.model})"]
            out.extend(f"- {_cite(s, ids)}" if markdown else f"  - {_cite(s, ids)}" for s in story.combined.sentences)
            out.append("")
        lines = disagreement_lines(story.facts, ids)
        if lines:
            out += ["### Disagreements", ""] if markdown else ["  DISAGREEMENTS"]
            out.extend(f"- {line}" if markdown else f"  - {line}" for line in lines)
            out.append("")
    if brief.failures:
        out += ["## Skipped", ""] if markdown else ["SKIPPED"]
        out.extend(f"- `{source}`: {error}" if markdown else f"- {source}: {error}" for source, error in brief.failures)
    return "\n".join(out).rstrip() + "\n"
