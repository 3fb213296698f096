"""A summarizer that needs no weights: a news-aware sentence ranker.

Each sentence gets a score from general properties of news text (where it stands in the
article and in its paragraph, how central it is, how close to the headline, whether it
carries figures and names) minus penalties for what a summary should not open with
(unattributed quotes, questions, headings and captions, very short or very long sentences).
Sentences are then picked by maximal marginal relevance within a word budget, so a summary
does not say one thing twice and has about the length of the preset.

Used as the fallback when no model is installed (`--summarizer extractive`) and to pick the
sentences that go into the combined summary. Cost is linear in the sentences considered,
and at most `MAX_SENTENCES` are.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..stopwords import stopwords

WORD = re.compile(r"[^\W_][\w'-]*", re.U)
DIGIT = re.compile(r"\d")
CLOSE_QUOTES = "\"”’»"
# A heading, a caption or a "read also" link: a bracketed line, or one ending without a full stop.
BRACKETED = re.compile(r"^\s*[(\[].*[)\]]\s*$", re.S)
TERMINAL = re.compile(r"[.!?][\"'”’»)\]]*\s*$")

# News sentences read in order: nothing past this many is ranked (bounds time and memory).
MAX_SENTENCES = 250
SHORT_WORDS = 8
LONG_WORDS = 45

# Fitted by scripts/fit_extractive.py (`make fit-extractive`) on the FIRST 100 articles of
# ../shared/eval/summaries/indosum_dev01_200.jsonl only; the second 100 are held out and
# scored in README. Coordinate ascent on ROUGE-1, so weights of correlated features share the
# work: the first sentence gets "early" 1.6 - 0.9 + "headline" 0.2, the second 0.8.
# A feature's weight multiplies its value (0..1).
WEIGHTS: dict[str, float] = {
    "lead": -0.9,  # the article's first sentence
    "early": 1.6,  # 1 / (1 + position in the article)
    "paragraph_start": 0.0,  # first sentence of its paragraph
    "early_paragraph": 0.2,  # 1 / (1 + paragraph number)
    "centrality": 0.5,  # TF-IDF cosine with the rest of the article
    "headline": 0.2,  # cosine with the title (no title: with the first sentence)
    "figures": -0.1,  # states a figure
    "names": 0.0,  # share of capitalised words inside the sentence
    "quote": -0.3,  # quotes someone
    "unattributed_quote": -0.3,  # quoted words with no speaker in the sentence
    "question": 0.0,
    "fragment": -0.5,  # heading, caption, list lead-in, bracketed link
    "short": -0.8,  # fewer than SHORT_WORDS words
    "long": -0.2,  # more than LONG_WORDS words
}
FEATURES = tuple(WEIGHTS)
REDUNDANCY = 0.5  # MMR: how much similarity to a chosen sentence costs a candidate (fitted)
WORDS_PER_SENTENCE = 24  # a k-sentence summary gets k times this many words (fitted)
SAYS_THE_SAME = 0.7  # cosine to a chosen sentence above which a candidate is never chosen


def content_words(sentence: str, language: str | None = "en") -> set[str]:
    """Lower-cased words of a sentence that are not function words (3 letters or more)."""
    stop = stopwords(language)
    return {w.lower() for w in WORD.findall(sentence) if len(w) > 2 and w.lower() not in stop}


def _vector(words: Sequence[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(words)
    return {w: c * idf.get(w, 1.0) for w, c in counts.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _norm(a: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    na, nb = _norm(a), _norm(b)
    return _dot(a, b) / (na * nb) if na and nb else 0.0


def _quotes(sentence: str, open_before: bool) -> tuple[float, float, bool]:
    """(quotes someone, quoted words with no speaker outside them, a quote still open after).

    A quotation may run over several sentences: `open_before` says one is open at the start.
    Single quotes are left out: ’ is also an apostrophe.
    """
    inside, quoted, outside = open_before, open_before, []
    for ch in sentence:
        if ch in "“«„" or (ch == '"' and not inside):
            inside = quoted = True
        elif ch in "”»" or ch == '"':
            inside, quoted = False, True
        elif not inside:
            outside.append(ch)
    if not quoted:
        return 0.0, 0.0, False
    speaker = len(WORD.findall("".join(outside))) >= 2
    return 1.0, 0.0 if speaker else 1.0, inside


@dataclass(frozen=True)
class Analysis:
    """What ranking and picking need of an article's sentences, computed once."""

    sentences: tuple[str, ...]
    lengths: tuple[int, ...]  # words per sentence
    vectors: tuple[dict[str, float], ...]  # TF-IDF over content words
    norms: tuple[float, ...]
    rows: tuple[dict[str, float], ...]  # feature name -> value in 0..1


def analyse(sentences: Sequence[str], paragraphs: Sequence[int] | None = None,
            language: str | None = "en", title: str | None = None) -> Analysis:
    """Every feature of `FEATURES` for each sentence, each between 0 and 1.

    Args:
        sentences: the article's sentences in order.
        paragraphs: the paragraph number of each sentence (None: one paragraph).
        language: selects the function-word list.
        title: the headline, when the article has one.
    """
    n = len(sentences)
    stop = stopwords(language)
    tokens = [WORD.findall(s) for s in sentences]
    words = [[w.lower() for w in ws if len(w) > 2 and w.lower() not in stop] for ws in tokens]
    frequency = Counter(w for ws in words for w in set(ws))
    idf = {w: math.log(1 + n / df) for w, df in frequency.items()}
    vectors = [_vector(ws, idf) for ws in words]
    norms = [_norm(v) for v in vectors]
    total: Counter[str] = Counter()
    for v in vectors:
        total.update(v)
    total_sq = sum(v * v for v in total.values())
    if title:
        headline = _vector([w.lower() for w in WORD.findall(title) if w.lower() not in stop], idf)
    else:
        headline = vectors[0] if vectors else {}
    paragraphs = list(paragraphs) if paragraphs is not None else [0] * n
    rows = []
    open_quote = False
    for i, (sentence, ws, v, norm) in enumerate(zip(sentences, tokens, vectors, norms)):
        starts_paragraph = i == 0 or paragraphs[i] != paragraphs[i - 1]
        if starts_paragraph:
            open_quote = False
        with_total = _dot(v, total)
        rest_sq = total_sq - 2 * with_total + norm * norm
        rest = with_total - norm * norm  # the dot product with every other sentence
        centrality = rest / (norm * math.sqrt(rest_sq)) if norm and rest_sq > 1e-9 else 0.0
        names = sum(1 for w in ws[1:] if w[0].isupper() and w.lower() not in stop)
        quote, unattributed, open_quote = _quotes(sentence, open_quote)
        stripped = sentence.strip()
        rows.append({
            "lead": 1.0 if i == 0 else 0.0,
            "early": 1.0 / (1 + i),
            "paragraph_start": 1.0 if starts_paragraph else 0.0,
            "early_paragraph": 1.0 / (1 + paragraphs[i] - paragraphs[0]),
            "centrality": max(0.0, centrality),
            "headline": 1.0 if i == 0 and not title else cosine(v, headline),
            "figures": 1.0 if DIGIT.search(sentence) else 0.0,
            "names": min(1.0, 4 * names / max(1, len(ws))),
            "quote": quote,
            "unattributed_quote": unattributed,
            "question": 1.0 if stripped.rstrip(CLOSE_QUOTES + ")] ").endswith("?") else 0.0,
            "fragment": 1.0 if BRACKETED.match(stripped) or not TERMINAL.search(stripped)
            or stripped.endswith(":") else 0.0,
            "short": 1.0 if len(ws) < SHORT_WORDS else 0.0,
            "long": 1.0 if len(ws) > LONG_WORDS else 0.0,
        })
    return Analysis(tuple(sentences), tuple(len(ws) for ws in tokens), tuple(vectors),
                    tuple(norms), tuple(rows))


def scores(analysis: Analysis, weights: dict[str, float] | None = None) -> list[float]:
    """Each sentence's weighted sum of features."""
    weights = weights or WEIGHTS
    return [sum(weights[name] * row[name] for name in FEATURES) for row in analysis.rows]


def pick(analysis: Analysis, ranked: Sequence[float], budget: int, limit: int,
         redundancy: float = REDUNDANCY) -> list[int]:
    """MMR within a word budget: the best sentence not too close to those already chosen.

    The first choice is always kept; later ones only while they fit `budget` words, and at
    most `limit` sentences. A sentence that says what a chosen one says, or whose score is
    not above zero, is never added. Returns indices in the article's order.
    """
    vectors, norms, lengths = analysis.vectors, analysis.norms, analysis.lengths
    remaining = set(range(len(vectors)))
    penalty = [0.0] * len(vectors)
    chosen: list[int] = []
    used = 0
    while remaining and len(chosen) < limit:
        best = max(remaining, key=lambda i: (ranked[i] - redundancy * penalty[i], -i))
        remaining.discard(best)
        if chosen and (penalty[best] >= SAYS_THE_SAME or ranked[best] <= 0):
            continue  # says a chosen thing again, or is worse than nothing (a heading, a caption)
        if chosen and used + lengths[best] > budget:
            break
        chosen.append(best)
        used += lengths[best]
        for i in remaining:  # MMR: a candidate costs its highest similarity to a chosen one
            if norms[i] and norms[best]:
                sim = _dot(vectors[i], vectors[best]) / (norms[i] * norms[best])
                penalty[i] = max(penalty[i], sim)
    return sorted(chosen)


def select(sentences: Sequence[str], k: int, language: str | None = "en",
           paragraphs: Sequence[int] | None = None, title: str | None = None) -> list[int]:
    """Indices of the sentences of a `k`-sentence summary, in their original order.

    Only the first `MAX_SENTENCES` sentences are considered. The summary holds about
    `k * WORDS_PER_SENTENCE` words, in at most `k + 1` sentences.
    """
    if not sentences or k < 1:
        return []
    analysis = analyse(sentences[:MAX_SENTENCES],
                       None if paragraphs is None else paragraphs[:MAX_SENTENCES], language, title)
    return pick(analysis, scores(analysis), k * WORDS_PER_SENTENCE, k + 1)
