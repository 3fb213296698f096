"""The data that flows through the pipeline: frozen dataclasses, provenance kept.

Page (raw input) → Article (cleaned, language known, maybe translated) → Summary → Brief.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """One raw input, decoded to text.

    Attributes:
        id: short stable identifier (file stem, URL slug, "stdin"), unique within a run.
        source: where it came from: a path, a URL or "-".
        text: the decoded content.
        kind: "html" or "text".
        encoding: the encoding the bytes were decoded with.
        warnings: problems met while reading that did not stop it (e.g. replaced bytes).
    """

    id: str
    source: str
    text: str
    kind: str = "text"
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dropped:
    """A line the cleaner removed, and why (shown by `summarizer clean --json`)."""

    line: str
    reason: str


@dataclass(frozen=True)
class SentencePair:
    """A source sentence and its English translation.

    `flags` name figures and glossary terms that went missing; `score` is the model's mean
    log-probability per token (None when not translated); `trust` is "ok", "check" or "bad",
    for the `reasons` given (trust.py).
    """

    source: str
    target: str
    flags: tuple[str, ...] = ()
    score: float | None = None
    trust: str = "ok"
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A cleaned article, with everything the later stages add to it.

    `paragraphs` are the cleaned source-language text; `translation` (one tuple of
    sentence pairs per paragraph) is filled by the translate stage for non-English text.
    """

    id: str
    source: str
    paragraphs: tuple[str, ...]
    title: str | None = None
    kind: str = "text"
    language: str | None = None
    language_confidence: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[str, ...] = ()
    translation: tuple[tuple[SentencePair, ...], ...] | None = None
    translator: str | None = None

    @property
    def text(self) -> str:
        """The cleaned body, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def english_paragraphs(self) -> tuple[str, ...]:
        """English body: the translation when there is one, else the cleaned text."""
        if self.translation is None:
            return self.paragraphs
        return tuple(" ".join(p.target for p in para) for para in self.translation)

    @property
    def english(self) -> str:
        return "\n\n".join(self.english_paragraphs)

    @property
    def flags(self) -> tuple[str, ...]:
        """Translation warnings (figures lost or changed), one per affected sentence."""
        if not self.translation:
            return ()
        return tuple(f for para in self.translation for pair in para for f in pair.flags)

    @property
    def flagged_sentences(self) -> int:
        """Translated sentences whose trust is not "ok"."""
        if not self.translation:
            return 0
        return sum(1 for para in self.translation for pair in para if pair.trust != "ok")


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary and the ids of the articles that support it."""

    text: str
    sources: tuple[str, ...]
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """A summary of one article (`article_ids` has one id) or of the whole set."""

    article_ids: tuple[str, ...]
    sentences: tuple[SummarySentence, ...]
    model: str

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Figure:
    """A figure found in a source: money, a percentage, a count, a year or a date."""

    value: str  # as written in the source
    normalized: float | str  # a number, or an ISO date
    unit: str  # USD, IDR, %, people, year, date, count ...
    about: str  # the phrase the figure describes
    sentence: str
    source: str  # article id


@dataclass(frozen=True)
class DisagreementValue:
    value: str
    normalized: float | str
    unit: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    """One fact that the sources report with different values."""

    about: str
    values: tuple[DisagreementValue, ...]


@dataclass(frozen=True)
class Facts:
    figures: tuple[Figure, ...]
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True)
class Brief:
    """The result of a run: articles, their summaries, the combined summary, the facts."""

    articles: tuple[Article, ...]
    summaries: tuple[Summary, ...]
    combined: Summary | None
    facts: Facts
    failures: tuple[tuple[str, str], ...] = ()  # (source, reason) for inputs that were skipped


def short_id(article_id: str, all_ids: list[str] | tuple[str, ...]) -> str:
    """'000_c52daa8c54ef4d20' → '000' when that prefix names one article only."""
    prefix = article_id.split("_", 1)[0]
    if prefix != article_id and sum(1 for other in all_ids if other.split("_", 1)[0] == prefix) == 1:
        return prefix
    return article_id
