"""ROUGE table of the extractive summarizer against lead-3, LexRank and TextRank, per half.

    python scripts/eval_summaries.py [DATA.jsonl] [-j JOBS]      (`make eval-summaries`)

Runs ../shared/eval/summaries/score_summaries.py once per system over all 200 articles
(ours through the CLI, `summarizer summarize - --summarizer extractive`, one call per
article, as a user would), then averages its per-article scores over the first 100 (the
half the ranker's weights were fitted on) and the second 100 (held out). Needs the `eval`
extra (rouge-score, sumy).
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "summaries" / "indosum_dev01_200.jsonl"
TOKEN = re.compile(r"[^\W_]+")
FIELDS = ("rouge1", "rouge2", "rougeL")


def ours(python: str) -> str:
    take = "import json,sys; print(json.load(sys.stdin)['articles'][0]['summary']['text'])"
    return (f"{shlex.quote(python)} -m summarizer summarize - --summarizer extractive --no-cache"
            f" --format json | {shlex.quote(python)} -c {shlex.quote(take)}")


def score(data: Path, system: str, jobs: int, out: Path) -> list[dict]:
    scorer = data.parent / "score_summaries.py"
    command = [sys.executable, str(scorer), str(data), system, "-j", str(jobs), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"error: {system}: {done.stderr.strip() or done.stdout.strip()}")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def row(name: str, examples: list[dict]) -> str:
    n = len(examples)
    means = [sum(e[f] for e in examples) / n for f in FIELDS]
    tokens = sum(len(TOKEN.findall(e["prediction"].lower())) for e in examples) / n
    return f"| {name} | " + " | ".join(f"{m:.4f}" for m in means) + f" | {tokens:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("-j", type=int, default=2, help="articles scored at once")
    args = parser.parse_args()
    systems = {"ours (extractive)": ours(sys.executable), "lead-3": "lead3",
               "sumy LexRank": "lexrank", "sumy TextRank": "textrank"}
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: score(args.data, cmd, args.j, Path(tmp) / f"{i}.jsonl")
                   for i, (name, cmd) in enumerate(systems.items())}
    half = len(next(iter(results.values()))) // 2
    for label, part in (("first 100, weights fitted here", slice(0, half)),
                        ("second 100, held out", slice(half, None))):
        print(f"\n{args.data.name}: {label}\n")
        print("| system (medium / 3 sentences) | ROUGE-1 | ROUGE-2 | ROUGE-L | mean tokens |")
        print("| --- | --- | --- | --- | --- |")
        for name, examples in results.items():
            print(row(name, examples[part]))


if __name__ == "__main__":
    main()
