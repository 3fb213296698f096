"""A summarizer that needs no weights: TextRank over sentences with a lead bias.

Used as a baseline, as the fallback when no model is installed (`--summarizer extractive`),
and to pick the sentences that go into the combined summary.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

from ..stopwords import stopwords

WORD = re.compile(r"[^\W_][\w'-]*", re.U)


def content_words(sentence: str, language: str | None = "en") -> set[str]:
    stop = stopwords(language)
    return {w.lower() for w in WORD.findall(sentence) if len(w) > 2 and w.lower() not in stop}


def similarity(a: set[str], b: set[str]) -> float:
    """TextRank's overlap similarity, normalised by sentence lengths."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return len(a & b) / (math.log(len(a)) + math.log(len(b)))


def rank(sentences: Sequence[str], language: str | None = "en", lead_bias: float = 0.15,
         iterations: int = 30) -> list[float]:
    """TextRank score per sentence; early sentences get a small boost (news is lead-heavy)."""
    n = len(sentences)
    if n == 0:
        return []
    words = [content_words(s, language) for s in sentences]
    weights = [[similarity(words[i], words[j]) if i != j else 0.0 for j in range(n)] for i in range(n)]
    totals = [sum(row) or 1.0 for row in weights]
    scores = [1.0 / n] * n
    for _ in range(iterations):
        scores = [0.15 / n + 0.85 * sum(weights[j][i] / totals[j] * scores[j] for j in range(n)) for i in range(n)]
    return [s * (1 + lead_bias * (1 - i / n)) for i, s in enumerate(scores)]


def select(sentences: Sequence[str], k: int, language: str | None = "en") -> list[int]:
    """Indices of the `k` best sentences, in their original order."""
    scores = rank(sentences, language)
    best = sorted(range(len(sentences)), key=lambda i: -scores[i])[:k]
    return sorted(best)
