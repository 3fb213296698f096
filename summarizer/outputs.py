"""Files written by `summarizer run --out`: the brief in three formats and per-article files."""
from __future__ import annotations

from pathlib import Path

from .batch import remove_stale_temp, safe_relative, write_atomic
from .document import Article, Brief, Summary
from .errors import OutputError
from .report import article_pairs, iter_render


def write_brief(brief: Brief, out: Path, articles: bool = True) -> list[Path]:
    """brief.txt/.md/.json/.html, and (with `articles`) articles/<id>/{cleaned,english,summary}.txt;
    every write atomic.

    Raises:
        OutputError: a file could not be written (read-only or full disk, a file in the way).
    """
    if out.is_dir():
        remove_stale_temp(out)
    written = []
    for fmt, name in (("text", "brief.txt"), ("markdown", "brief.md"), ("json", "brief.json"),
                      ("html", "brief.html")):
        write_atomic(out / name, iter_render(brief, fmt))  # in pieces: a big brief is never held whole
        written.append(out / name)
    if articles:
        for article, summary in article_pairs(brief):
            written += write_article(out, article, summary)
    return written


def write_article(out: Path, article: Article, summary: Summary | None) -> list[Path]:
    """articles/<id>/{cleaned,english,summary}.txt for one article, each write atomic.

    Raises:
        OutputError: a file could not be written.
    """
    folder = out / "articles" / safe_relative(article.id)
    files = {"cleaned.txt": "\n\n".join(([article.title] if article.title else []) + list(article.paragraphs)),
             "english.txt": article.english}
    if summary is not None:
        files["summary.txt"] = summary.text
    for name, text in files.items():
        write_atomic(folder / name, text + "\n")
    return [folder / name for name in files]


class ArticleWriter:
    """`Pipeline.run(each=...)` for `run --out`: each article's files are written as soon as the
    article is done, so a run that stops half-way keeps what it finished. The first write that
    fails stops the writing (the run goes on) and is kept in `error` for the caller to report."""

    def __init__(self, out: Path):
        self.out = out
        self.error: OutputError | None = None
        self.written: set[str] = set()  # names of the article folders this run wrote
        if out.is_dir():
            remove_stale_temp(out)

    def __call__(self, article: Article, summary: Summary) -> None:
        if self.error is None:
            try:
                write_article(self.out, article, summary)
                self.written.add(str(safe_relative(article.id)))
            except OutputError as exc:
                self.error = exc

    def earlier(self) -> list[str]:
        """Article folders an earlier run left in `articles/` that this run did not write."""
        folder = self.out / "articles"
        found = sorted(str(p.parent.relative_to(folder)) for p in folder.rglob("cleaned.txt")) if folder.is_dir() else []
        return [name for name in found if name not in self.written]
