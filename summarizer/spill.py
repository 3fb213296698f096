"""Articles, summaries and stories kept on disk for the length of a run, so that memory does
not grow with the folder.

`run` over a big folder meets every article twice: once when it is cleaned, translated and
summarized, and again when its story gets its combined summary and facts and when the brief
is rendered. In between, the article and its summary (cleaned text, sentence pairs, summary
sentences: nearly all of an article's size) wait in an anonymous temporary file (deleted when
closed, or by the system if the process dies); so do the finished stories (their combined
summaries and figures). Memory holds only where each item starts in that file.
"""
from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

from .document import Article, Summary

T = TypeVar("T")


class Spilled(Sequence[T], Generic[T]):
    """A read-only sequence of items pickled one after another in a temporary file."""

    def __init__(self, folder: str | None = None):
        # Open for the store's life, closed by `close()` or when the store is collected.
        self._file = tempfile.TemporaryFile(prefix="summarizer-", dir=folder)  # noqa: SIM115
        self._starts = array("q")  # where each item's pickle starts, in the order kept
        self._ends = array("q")

    def append(self, item: T) -> None:
        """Write one item to the end of the store."""
        self._file.seek(0, 2)
        start = self._file.tell()
        self._file.write(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
        self._starts.append(start)
        self._ends.append(self._file.tell())

    def __len__(self) -> int:
        return len(self._starts)

    def _read(self, index: int):
        start = self._starts[index]
        self._file.seek(start)
        return pickle.loads(self._file.read(self._ends[index] - start))

    def _load(self, index: int) -> T:
        return self._read(index)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._load(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        return self._load(index)

    def __iter__(self) -> Iterator[T]:
        for index in range(len(self)):
            yield self._load(index)

    def close(self) -> None:
        self._file.close()

    def __eq__(self, other: object) -> bool:  # as a tuple of the same items compares
        return isinstance(other, Sequence) and len(self) == len(other) and all(
            a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} on disk)"


class ArticleStore(Spilled[Article]):
    """Articles on disk, each pickled with its summary; `summaries` reads the summaries back."""

    def __init__(self, folder: str | None = None):
        super().__init__(folder)
        self._position: dict[str, int] = {}  # article id → its place in the order kept

    def append(self, article: Article, summary: Summary | None = None) -> None:  # type: ignore[override]
        """Write one article (and its summary) to the end of the store."""
        self._position[article.id] = len(self)
        super().append((article, summary))  # type: ignore[arg-type]

    def sort(self, key: Callable[[str], int]) -> None:
        """Put the articles in the order of `key(article id)` (the file is not rewritten)."""
        ids = sorted(self._position, key=lambda i: (key(i), self._position[i]))
        places = [self._position[i] for i in ids]
        self._starts = array("q", (self._starts[p] for p in places))
        self._ends = array("q", (self._ends[p] for p in places))
        self._position = {aid: n for n, aid in enumerate(ids)}

    def pair(self, index: int) -> tuple[Article, Summary | None]:
        """The article at `index` and its summary."""
        return self._read(index)

    def pair_by_id(self, article_id: str) -> tuple[Article, Summary | None]:
        """The article with this id and its summary (KeyError when there is none)."""
        return self._read(self._position[article_id])

    def pairs(self) -> Iterator[tuple[Article, Summary | None]]:
        """Every article with its summary, in order, read back one at a time."""
        for index in range(len(self)):
            yield self._read(index)

    def _load(self, index: int) -> Article:
        return self.pair(index)[0]

    def by_id(self, article_id: str) -> Article:
        """The article with this id (KeyError when there is none)."""
        return self._load(self._position[article_id])

    def summary_of(self, article_id: str) -> Summary | None:
        """The summary of the article with this id (None when it has none or is not here)."""
        place = self._position.get(article_id)
        return None if place is None else self.pair(place)[1]

    def ids(self) -> list[str]:
        """Article ids in order, without reading the articles back."""
        ids = [""] * len(self)
        for aid, place in self._position.items():
            ids[place] = aid
        return ids

    @property
    def summaries(self) -> SpilledSummaries:
        return SpilledSummaries(self)

    def __repr__(self) -> str:
        return f"ArticleStore({len(self)} articles on disk)"


class SpilledSummaries(Sequence[Summary]):
    """The summaries of an ArticleStore, in its order, read back from disk one at a time."""

    def __init__(self, store: ArticleStore):
        self._store = store

    def __len__(self) -> int:
        return len(self._store)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        return self._store.pair(index)[1]

    def __iter__(self) -> Iterator[Summary]:
        for index in range(len(self)):
            yield self._store.pair(index)[1]  # type: ignore[misc]

    def by_id(self, article_id: str) -> Summary | None:
        return self._store.summary_of(article_id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(
            a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


class Chained(Sequence[T], Generic[T]):
    """`getter(item)` of every item of a sequence, one after another, read as they are needed:
    the figures of every story of a spilled brief, one story's at a time."""

    def __init__(self, items: Sequence, getter: Callable[[object], Sequence[T]]):
        self._items, self._getter = items, getter

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            yield from self._getter(item)

    def __len__(self) -> int:
        return sum(len(self._getter(item)) for item in self._items)

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __getitem__(self, index):  # type: ignore[override]
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]
