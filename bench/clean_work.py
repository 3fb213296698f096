"""One cleaning workload in a fresh process: `run.py` times it and counts its instructions.

usage: clean_work.py ours|explained|trafilatura text|html PASSES

Cleans PASSES times the text dumps of the labelled pages (`samples/` and ../shared/eval's `html`,
`html-fresh` and `facts-real`: some thirty sites) or the HTML pages of `html` and `html-fresh`,
after a warm-up on a made-up page of the same kind (imports, compiled patterns, the model file),
and prints the seconds of each pass as JSON. The first
pass meets every page for the first time, as a run over new pages does; later passes meet them
again: the per-line caches are emptied before each page, but the RE2 screen keeps the automaton
states it built for their lines (see `cleaning/screen.py`), so they cost less.

Wall time on a shared machine swings by 2× between runs; the instructions a page costs do not.
Instructions are not time (trafilatura spends its in lxml's C, we spend ours in the Python
interpreter and RE2), so both are reported.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
WARM_UP = ("Kabar Kota\nBeranda\nHujan deras mengguyur kota sejak pagi, dan warga memilih tinggal di rumah "
           "sambil menunggu air surut.\nBaca juga: Jalan ditutup")


def as_html(text: str) -> str:
    return "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"


def pages(kind: str) -> list[str]:
    if kind == "html":
        return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(EVAL.glob("html*/*.html"))]
    paths = sorted((ROOT / "samples").glob("*.txt")) + sorted(EVAL.glob("html*/*.txt")) \
        + sorted(EVAL.glob("facts-real/*/*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def main() -> None:
    method, kind, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    texts = pages(kind)
    if method == "trafilatura":
        import trafilatura

        if kind == "html":
            items = texts
        else:  # a text dump as trafilatura would see it: one paragraph per line
            items = ["<html><body>" + "".join(f"<p>{ln}</p>" for ln in t.splitlines() if ln.strip()) + "</body></html>"
                     for t in texts]
        work = trafilatura.extract
        work(as_html(WARM_UP))
    else:
        sys.path.insert(0, str(ROOT))
        from summarizer.cleaning import clean_page
        from summarizer.cleaning.features import clear_caches
        from summarizer.document import Page

        items = [Page(f"p{i}", "p", t, kind=kind) for i, t in enumerate(texts)]

        def work(page: Page) -> None:
            clear_caches()  # a page seen again costs what the line features of a new one do
            clean_page(page, explain=method == "explained")

        work(Page("warm-up", "warm-up", as_html(WARM_UP) if kind == "html" else WARM_UP, kind=kind))
    seconds = []
    for _ in range(passes):
        start = time.perf_counter()
        for item in items:
            work(item)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"pages": len(items), "seconds": seconds}))


if __name__ == "__main__":
    main()
