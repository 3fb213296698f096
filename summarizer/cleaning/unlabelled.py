"""How much running text the cleaner keeps on real pages nobody labelled (`make eval-cleaner`).

Two checks on text the labeller never trained on, read in place from `../shared/eval`:
- real news pages (`facts-real/*/*.txt`): the share of their sentence-like lines (at least
  `SENTENCE_WORDS` words, ending a sentence) found in the cleaned article, page by page;
- clean article texts (`summaries/indosum_dev01_200.jsonl`, one article a row): each cleaned as
  a page, the share of all their words in lines found in the cleaned article. These pages are
  nothing but article, so every word dropped is a word lost.
A line counts as kept when the middle half of it is in the output: a dateline, site prefix or
end marker stripped from its ends is not a loss.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..document import Page
from ..errors import InputError

SENTENCE_WORDS = 12
SENTENCE_END = re.compile(r"[.!?\"”]$")


def cleaned_text(name: str, text: str) -> str:
    """The cleaned page as one string (title and paragraphs); empty when no article is found."""
    from . import clean_page

    try:
        article = clean_page(Page(name, name, text))
    except InputError:
        return ""
    return "\n".join(([article.title] if article.title else []) + list(article.paragraphs))


def is_kept(line: str, output: str) -> bool:
    return line[len(line) // 4: 3 * len(line) // 4 + 1] in output


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def sentence_lines(text: str) -> list[str]:
    return [line for line in text_lines(text)
            if len(line.split()) >= SENTENCE_WORDS and SENTENCE_END.search(line)]


def real_pages(eval_dir: Path) -> dict[str, tuple[int, int]]:
    """Per page of `facts-real`: (sentence-like lines kept, sentence-like lines).

    Raises:
        FileNotFoundError: the folder holds no pages.
    """
    paths = sorted((eval_dir / "facts-real").glob("*/*.txt"))
    if not paths:
        raise FileNotFoundError(f"no pages under {eval_dir / 'facts-real'}")
    out = {}
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        output = cleaned_text(path.name, text)
        lines = sentence_lines(text)
        kept = sum(is_kept(line, output) for line in lines)
        out[f"{path.parent.name}/{path.name}"] = (kept, len(lines))
    return out


def article_words(eval_dir: Path) -> tuple[int, int, int]:
    """Over the IndoSum articles: (words in kept lines, words, articles).

    Raises:
        FileNotFoundError: the file is missing.
    """
    path = eval_dir / "summaries" / "indosum_dev01_200.jsonl"
    kept = total = articles = 0
    with path.open(encoding="utf-8") as rows:
        for row in map(json.loads, rows):
            output = cleaned_text(row["id"], row["text"])
            for line in text_lines(row["text"]):
                n = len(line.split())
                total += n
                kept += n if is_kept(line, output) else 0
            articles += 1
    return kept, total, articles


def report(eval_dir: Path) -> str:
    """The Markdown section `make eval-cleaner` appends to the held-out table."""
    lines = ["## Unlabelled real pages", "",
             f"Sentence-like lines (>= {SENTENCE_WORDS} words, ending a sentence) kept by the",
             "packaged model.",
             "", "| page | kept | of | share |", "|---|---|---|---|"]
    for name, (kept, total) in real_pages(eval_dir).items():
        lines.append(f"| {name} | {kept} | {total} | {kept / max(total, 1):.3f} |")
    kept, total, articles = article_words(eval_dir)
    lines += ["", "## Clean article texts (IndoSum)", "",
              f"{articles} articles cleaned as pages: {kept / max(total, 1):.4f} of their {total} "
              "words kept."]
    return "\n".join(lines) + "\n"
