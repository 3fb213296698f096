"""Articles kept on disk for the length of a run, so memory does not grow with the folder.

`run` over a big folder meets every article twice: once when it is cleaned, translated and
summarized, and again when its story gets its combined summary and facts and when the brief
is rendered. In between, the cleaned text and sentence pairs (most of an article's size)
wait in an anonymous temporary file (deleted when closed, or by the system if the process
dies); memory holds only where each article starts in that file.
"""
from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from .document import Article


class ArticleStore(Sequence[Article]):
    """A read-only sequence of Articles pickled one after another in a temporary file."""

    def __init__(self, folder: str | None = None):
        # Open for the store's life, closed by `close()` or when the store is collected.
        self._file = tempfile.TemporaryFile(prefix="summarizer-articles-", dir=folder)  # noqa: SIM115
        self._starts = array("q")  # where each article's pickle starts, in the order kept
        self._ends = array("q")
        self._position: dict[str, int] = {}  # article id → its place in that order

    def append(self, article: Article) -> None:
        """Write one article to the end of the store."""
        self._file.seek(0, 2)
        start = self._file.tell()
        self._file.write(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
        self._position[article.id] = len(self._starts)
        self._starts.append(start)
        self._ends.append(self._file.tell())

    def sort(self, key: Callable[[str], int]) -> None:
        """Put the articles in the order of `key(article id)` (the file is not rewritten)."""
        ids = sorted(self._position, key=lambda i: (key(i), self._position[i]))
        places = [self._position[i] for i in ids]
        self._starts = array("q", (self._starts[p] for p in places))
        self._ends = array("q", (self._ends[p] for p in places))
        self._position = {aid: n for n, aid in enumerate(ids)}

    def __len__(self) -> int:
        return len(self._starts)

    def _load(self, index: int) -> Article:
        start = self._starts[index]
        self._file.seek(start)
        return pickle.loads(self._file.read(self._ends[index] - start))

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._load(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("article index out of range")
        return self._load(index)

    def __iter__(self) -> Iterator[Article]:
        for index in range(len(self)):
            yield self._load(index)

    def by_id(self, article_id: str) -> Article:
        """The article with this id (KeyError when there is none)."""
        return self._load(self._position[article_id])

    def ids(self) -> list[str]:
        """Article ids in order, without reading the articles back."""
        ids = [""] * len(self)
        for aid, place in self._position.items():
            ids[place] = aid
        return ids

    def close(self) -> None:
        self._file.close()

    def __repr__(self) -> str:
        return f"ArticleStore({len(self)} articles on disk)"
