"""Score `facts` against labelled article sets: found, missed and false per set.

A set is a folder of articles plus an expected.json entry (the format of
../shared/eval/facts-real/expected.json): a conflict is found when one reported disagreement has,
for every expected value, a value whose text or normalized number matches one of its regular
expressions; an agreed figure is reported falsely when any disagreement has a value matching it.

    python bench/eval_facts.py                 # ../shared/eval/facts-real, samples, tests/data/facts
    python bench/eval_facts.py DIR/expected.json ...
    python bench/eval_facts.py --sets DIR ...  # DIR/<set>/ folders each with an expected.json,
                                               # or DIR/expected.json naming its sub-folders
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "eval" / "facts-real" / "expected.json",
           ROOT / "tests" / "data" / "facts" / "expected.json",
           ROOT / "tests" / "data" / "facts-blind" / "expected.json"]
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


def articles(folder: Path) -> list[str]:
    """The set's article files: its labels and notes (expected.json, NOTES.md) are no source."""
    kept = (".txt", ".html", ".htm")
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in kept)


def set_folders(folder: Path) -> list[tuple[str, Path, dict]]:
    """Sets under `folder`: its expected.json (keyed by sub-folder), or one expected.json in each
    sub-folder (a single set's labels, or a one-entry mapping named after the folder)."""
    if (folder / "expected.json").exists():
        labels = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        if "conflicts" in labels:
            return [(folder.name, folder, labels)]
        return [(name, folder / name if (folder / name).is_dir() else folder, entry)
                for name, entry in labels.items()]
    found = []
    for sub in sorted(p for p in folder.iterdir() if (p / "expected.json").exists()):
        found.extend(set_folders(sub))
    return found


def run(expected_files: list[Path], folders: list[Path] = (),
        samples: bool = True) -> list[tuple[str, dict]]:
    sys.path.insert(0, str(ROOT))
    from summarizer import clean
    from summarizer.facts import collect_facts

    results = []
    all_sets = [s for f in expected_files for s in sets(f)]
    all_sets += [s for d in folders for s in set_folders(d)]
    if samples and SAMPLES_EXPECTED.exists():
        all_sets.append(("samples", ROOT / "samples", json.loads(SAMPLES_EXPECTED.read_text())))
    for name, folder, expected in all_sets:
        facts = collect_facts(clean(articles(folder)))
        results.append((name, score(facts.disagreements, expected)))
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("expected", nargs="*", type=Path,
                        help="expected.json files (keys: set folders)")
    parser.add_argument("--sets", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of sets, scored in place (repeatable)")
    args = parser.parse_args(argv)
    files, folders = list(args.expected), list(args.sets)
    if not files and not folders:
        files = [f for f in DEFAULT if f.exists()]
    missing = [str(p) for p in files + folders if not p.exists()]
    if missing:
        print(f"error: not found: {', '.join(missing)}", file=sys.stderr)
        return 3
    totals = [0, 0, 0, 0]
    for name, result in run(files, folders, samples=not folders or bool(files)):
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
