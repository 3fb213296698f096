"""One cleaning workload, run under valgrind by `run.py` to count instructions per page.

usage: clean_work.py ours|explained|trafilatura REPS

Wall time on a shared machine swings by 2× between runs; the instructions a page costs do not.
Instructions are not time (trafilatura spends its in lxml's C, we spend ours in the Python
interpreter and RE2), so both are reported.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages() -> list[str]:
    eval_html = ROOT.parent / "shared" / "eval" / "html"
    return ([p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
            + [p.read_text(encoding="utf-8") for p in sorted(eval_html.glob("*.txt"))])


def main() -> None:
    method, reps = sys.argv[1], int(sys.argv[2])
    texts = pages()
    if method == "trafilatura":
        import trafilatura

        items = ["<html><body>" + "".join(f"<p>{ln}</p>" for ln in t.splitlines() if ln.strip()) + "</body></html>"
                 for t in texts]
        work = trafilatura.extract
    else:
        sys.path.insert(0, str(ROOT))
        from summarizer.cleaning import clean_page
        from summarizer.cleaning.features import clear_caches
        from summarizer.document import Page

        items = [Page(f"p{i}", "p", t) for i, t in enumerate(texts)]

        def work(page: Page) -> None:
            clear_caches()
            clean_page(page, explain=method == "explained")
    work(items[0])  # warm-up: imports, compiled patterns, the model file
    for _ in range(reps):
        for item in items:
            work(item)


if __name__ == "__main__":
    main()
