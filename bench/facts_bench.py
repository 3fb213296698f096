"""Time of `collect_facts` on one-line pages of growing size (a scrape with no sentence ends).

The work per article is bounded (pieces of MAX_SENTENCE characters, at most MAX_FIGURES figures),
so the time should stay nearly flat as the page grows.

    python bench/facts_bench.py            # 1, 4 and 15 MB
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
