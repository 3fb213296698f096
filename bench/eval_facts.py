"""Score `facts` against labelled article sets: found, missed and false per set.

A set is a folder of articles plus an expected.json entry (the format of
../shared/eval/facts-real/expected.json): a conflict is found when one reported disagreement has,
for every expected value, a value whose text or normalized number matches one of its regular
expressions; an agreed figure is reported falsely when any disagreement has a value matching it.

    python bench/eval_facts.py                 # ../shared/eval/facts-real, samples, tests/data/facts
    python bench/eval_facts.py DIR/expected.json ...
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "eval" / "facts-real" / "expected.json",
           ROOT / "tests" / "data" / "facts" / "expected.json"]
SAMPLES_EXPECTED = ROOT / "tests" / "data" / "facts" / "samples.expected.json"


def _texts(value) -> list[str]:
    normalized = value.normalized
    texts = [value.value, str(normalized)]
    if isinstance(normalized, float) and normalized == int(normalized):
        texts.append(str(int(normalized)))
    return texts


def _matches(value, patterns: list[str]) -> bool:
    return any(re.search(p, t) for p in patterns for t in _texts(value))


def score(disagreements, expected: dict) -> dict:
    """found/missed conflicts and falsely reported agreed figures of one set."""
    found, missed = [], []
    for conflict in expected["conflicts"]:
        hit = any(all(any(_matches(v, patterns) for v in d.values) for patterns in conflict["values"])
                  for d in disagreements)
        (found if hit else missed).append(conflict.get("about", "?"))
    false = [patterns for patterns in expected["agreed"]
             if any(_matches(v, patterns) for d in disagreements for v in d.values)]
    return {"found": found, "missed": missed, "false": false}


def sets(expected_file: Path) -> list[tuple[str, Path, dict]]:
    labels = json.loads(expected_file.read_text(encoding="utf-8"))
    return [(name, expected_file.parent / name, entry) for name, entry in labels.items()]


def run(expected_files: list[Path]) -> list[tuple[str, dict]]:
    sys.path.insert(0, str(ROOT))
    from summarizer import clean
    from summarizer.facts import collect_facts

    results = []
    all_sets = [s for f in expected_files for s in sets(f)]
    if SAMPLES_EXPECTED.exists():
        all_sets.append(("samples", ROOT / "samples", json.loads(SAMPLES_EXPECTED.read_text())))
    for name, folder, expected in all_sets:
        facts = collect_facts(clean([str(folder)]))
        results.append((name, score(facts.disagreements, expected)))
    return results


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [f for f in DEFAULT if f.exists()]
    totals = [0, 0, 0, 0]
    for name, result in run(files):
        n_conflicts = len(result["found"]) + len(result["missed"])
        print(f"{name:28} found {len(result['found'])}/{n_conflicts}  false {len(result['false'])}"
              + (f"  missed: {', '.join(result['missed'])}" if result["missed"] else "")
              + (f"  false: {result['false']}" if result["false"] else ""))
        totals = [totals[0] + len(result["found"]), totals[1] + n_conflicts, totals[2] + len(result["false"]),
                  totals[3] + 1]
    print(f"{'total':28} found {totals[0]}/{totals[1]}  false {totals[2]}  ({totals[3]} sets)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
