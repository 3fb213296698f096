"""Time of the facts finder as its input grows.

1. `collect_facts` on one-line pages of growing size (a scrape with no sentence ends). The work
   per article is bounded (pieces of MAX_SENTENCE characters, at most MAX_FIGURES figures), so
   the time should stay nearly flat as the page grows.
2. `find_disagreements` on one story of growing size: the labelled fact sets' real articles
   (../shared/eval/facts-real, tests/data/facts*, samples/) drawn at random, each draw another
   outlet, as a big story's syndicated and rewritten coverage is. Figures are compared in pairs
   of one measure, so some growth beyond linear is expected; the per-article column shows it.

    python bench/facts_bench.py            # 1, 4 and 15 MB; stories of 100 to 800 articles
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STORY_SIZES = (100, 200, 400, 800)

ROW = ("Sebanyak 23 orang tewas dan 15 hilang, kerugian Rp 1,2 triliun, 300 rumah rusak "
       "| menu | 2024 | ")


def main() -> int:
    from summarizer import Article
    from summarizer.facts import collect_facts

    other = Article(
        id="b",
        source="b.txt",
        paragraphs=("Sebanyak 25 orang tewas dalam banjir itu.",),
        language="id",
    )
    print(f"{'page':>8} {'seconds':>8} {'figures':>8}")
    for megabytes in (1, 4, 15):
        text = ROW * (megabytes * 1_000_000 // len(ROW))
        page = Article(id="page", source="page.txt", paragraphs=(text,), language="id")
        start = time.perf_counter()
        facts = collect_facts([page, other])
        print(f"{megabytes:>6}MB {time.perf_counter() - start:>8.2f} {len(facts.figures):>8}")
    print()
    story()
    return 0


def story() -> None:
    from summarizer import clean
    from summarizer.facts import find_disagreements
    from summarizer.quantities import extract_quantities

    folders = [ROOT.parent / "shared" / "eval" / "facts-real", *sorted((ROOT / "tests" / "data").glob("facts*")),
               ROOT / "samples"]
    paths = sorted(str(p) for folder in folders for p in folder.rglob("*") if p.suffix in (".txt", ".html"))
    figures = [extract_quantities(article) for article in clean(paths)]
    draw = random.Random(7)
    print(f"{'articles':>8} {'figures':>8} {'seconds':>8} {'ms/article':>10} {'× 100s':>7}")
    first = None
    for size in STORY_SIZES:
        picked = [draw.randrange(len(figures)) for _ in range(size)]
        quantities = [replace(q, source=f"{q.source}#{k}") for k, i in enumerate(picked) for q in figures[i]]
        start = time.perf_counter()
        find_disagreements(quantities)
        per_article = (time.perf_counter() - start) / size * 1000
        first = first or per_article
        print(f"{size:>8} {len(quantities):>8} {per_article * size / 1000:>8.2f} {per_article:>10.2f} "
              f"{per_article / first:>6.1f}×")


if __name__ == "__main__":
    sys.exit(main())
