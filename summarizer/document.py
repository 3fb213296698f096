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
    qualifier: str | None = None  # "more than", "about", "at least", "almost", "up to", "range"
    as_of: str | None = None  # the time reference written with it ("pukul 19.34 WIB", "as of Monday")


@dataclass(frozen=True)
class DisagreementValue:
    value: str
    normalized: float | str
    unit: str
    sources: tuple[str, ...]
    qualifier: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Disagreement:
    """One fact that the sources report with different values."""

    about: str
    values: tuple[DisagreementValue, ...]
    kind: str = "conflict"  # "conflict": outlets differ at one time; "update": one figure over time


@dataclass(frozen=True)
class Facts:
    figures: tuple[Figure, ...]
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True)
class Story:
    """Articles of one event, with their own combined summary and facts.

    Attributes:
        id: "s1", "s2" ... largest story first.
        label: the title (or opening words) of the story's most central article.
        article_ids: its articles, in input order.
        combined: the combined summary of these articles only.
        facts: their figures; disagreements compare these articles only.
    """

    id: str
    label: str
    article_ids: tuple[str, ...]
    combined: Summary | None
    facts: Facts


@dataclass(frozen=True)
class Brief:
    """The result of a run: articles, their summaries, the combined summary, the facts.

    `stories` groups the articles by event, largest first. With one story, `combined` and
    `facts` are that story's; with several, `combined` is the largest story's and `facts`
    holds every story's figures and disagreements (each disagreement within one story).
    """

    articles: tuple[Article, ...]
    summaries: tuple[Summary, ...]
    combined: Summary | None
    facts: Facts
    failures: tuple[tuple[str, str], ...] = ()  # (source, reason) for inputs that were skipped
    stories: tuple[Story, ...] = ()


class Articles(list):
    """What `clean()` and `translate()` return: a plain list of Articles that also carries
    `failures`, (source, reason) for each input that was skipped (as `Brief.failures` does)."""

    def __init__(self, articles=(), failures=()):
        super().__init__(articles)
        self.failures: tuple[tuple[str, str], ...] = tuple(failures)


def short_id(article_id: str, all_ids: list[str] | tuple[str, ...]) -> str:
    """'000_c52daa8c54ef4d20' → '000' when that prefix names one article only."""
    prefix = article_id.split("_", 1)[0]
    if prefix != article_id and sum(1 for other in all_ids if other.split("_", 1)[0] == prefix) == 1:
        return prefix
    return article_id
