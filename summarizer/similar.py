"""Near-identical sentences without comparing all pairs: a prefix-filtered inverted index.

Two word sets with Jaccard similarity of at least t share a word among the first
n - ceil(t * n) + 1 words of each (n its size), when both are sorted in one global order
(Bayardo et al., "Scaling up all pairs similarity search", 2007). Indexing only those prefix
words, rarest first, finds every pair above t exactly, while each lookup touches only the
few entries that share a rare word: the cost grows with the sentences, not their pairs.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Generic, Hashable, Iterable, Iterator, TypeVar

Key = TypeVar("Key", bound=Hashable)


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _prefix_length(size: int, threshold: float) -> int:
    return size - math.ceil(threshold * size - 1e-9) + 1


class SimilarIndex(Generic[Key]):
    """Word sets under keys; `similar(words)` yields the keys at or above `threshold` Jaccard.

    Args:
        threshold: the lowest Jaccard similarity a lookup must find (0 < threshold <= 1).
        frequency: how common each word is (rarest first makes lookups cheap); words it does
            not name count as the rarest. Any fixed order keeps lookups exact.
    """

    def __init__(self, threshold: float, frequency: dict[str, int] | None = None):
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.frequency = frequency or {}
        self._postings: dict[str, list[Key]] = defaultdict(list)
        self._words: dict[Key, frozenset[str]] = {}

    def _prefix(self, words: Iterable[str]) -> list[str]:
        ordered = sorted(set(words), key=lambda w: (self.frequency.get(w, 0), w))
        return ordered[: _prefix_length(len(ordered), self.threshold)]

    def add(self, key: Key, words: Iterable[str]) -> None:
        words = frozenset(words)
        if not words or key in self._words:
            return
        self._words[key] = words
        for word in self._prefix(words):
            self._postings[word].append(key)

    def words(self, key: Key) -> frozenset[str]:
        return self._words[key]

    def similar(self, words: Iterable[str]) -> Iterator[tuple[Key, float]]:
        """(key, similarity) of every indexed set at or above the threshold, each once."""
        words = frozenset(words)
        # Jaccard is at most the ratio of the two sizes: far bigger or smaller sets cannot match.
        low, high = self.threshold * len(words), len(words) / self.threshold
        seen: set[Key] = set()
        for word in self._prefix(words):
            for key in self._postings.get(word, ()):
                if key in seen:
                    continue
                seen.add(key)
                other = self._words[key]
                if not low - 1e-9 <= len(other) <= high + 1e-9:
                    continue
                score = jaccard(words, other)
                if score >= self.threshold:
                    yield key, score
