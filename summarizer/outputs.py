"""Files written by `summarizer run --out`: the brief in three formats and per-article files."""
from __future__ import annotations

from pathlib import Path

from .batch import remove_stale_temp, safe_relative, write_atomic
from .document import Brief
from .report import iter_render


def write_brief(brief: Brief, out: Path) -> list[Path]:
    """brief.txt/.md/.json/.html, and articles/<id>/{cleaned,english,summary}.txt; every write atomic.

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
    summaries = {s.article_ids[0]: s for s in brief.summaries}
    for article in brief.articles:
        folder = out / "articles" / safe_relative(article.id)
        files = {"cleaned.txt": "\n\n".join(([article.title] if article.title else []) + list(article.paragraphs)),
                 "english.txt": article.english}
        if article.id in summaries:
            files["summary.txt"] = summaries[article.id].text
        for name, text in files.items():
            write_atomic(folder / name, text + "\n")
            written.append(folder / name)
    return written
