"""Score story grouping on real article sets mixed in one folder.

Every set (a folder of .txt pages about one event: ../shared/eval/facts-real/*, samples/, and
any folder of such sets given with --sets) should come back as one story holding nothing else;
every single article (../shared/eval/html-fresh text dumps, and folders given with --singles)
should stay alone. Prints, per set, the stories its articles landed in, then the totals:

- whole: sets that are exactly one story; splits: extra stories the sets were cut into;
- purity: share of articles whose story's majority set is their own (singles count as their
  own set); merged singles: singles that joined another article;
- pair precision / recall over same-story article pairs;
- margins: each article's best group-average cosine with its own set and with any other set
  or single (the threshold has to sit between the lowest own and the highest other).

    python bench/eval_stories.py --sets /path/to/sets --singles /path/to/singles
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "eval"


def labelled(sets_dirs: list[Path], singles_dirs: list[Path]) -> dict[str, str]:
    """path → set name ('single:<file>' for articles that belong to no set)."""
    truth: dict[str, str] = {}
    for folder in [SHARED / "facts-real", *sets_dirs]:
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            for page in sorted(sub.glob("*.txt")):
                truth[str(page)] = f"{folder.name}/{sub.name}"
    for page in sorted((ROOT / "samples").glob("*.txt")):
        truth[str(page)] = "samples"
    for folder in [SHARED / "html-fresh", *singles_dirs]:
        for page in sorted(folder.glob("*.txt")):
            truth[str(page)] = f"single:{page.name}"
    return truth


def score(truth: dict[str, str], threshold: float | None = None, verbose: bool = True) -> dict:
    sys.path.insert(0, str(ROOT))
    from summarizer import Options, Pipeline
    from summarizer.stories import THRESHOLD, _Stories, cluster, signatures

    pipeline = Pipeline(Options(use_cache=False))
    pages, failures = pipeline.read(sorted(truth, key=lambda p: Path(p).name))
    articles, more = pipeline.clean(pages)
    assert not failures + more, failures + more
    articles = pipeline.detect(articles)
    labels = [truth[a.source] for a in articles]
    sigs = signatures(articles)
    groups = cluster(sigs, THRESHOLD if threshold is None else threshold)
    story_of = {i: n for n, g in enumerate(groups) for i in g}
    sets = sorted({lab for lab in labels if not lab.startswith("single:")})
    result = {"whole": 0, "splits": 0, "sets": len(sets), "singles": 0, "merged_singles": 0}
    for name in sets:
        members = [i for i, lab in enumerate(labels) if lab == name]
        stories = Counter(story_of[i] for i in members)
        whole = len(stories) == 1 and len(groups[next(iter(stories))]) == len(members)
        result["whole"] += whole
        result["splits"] += len(stories) - 1
        if verbose:
            print(f"{'ok ' if whole else 'BAD'} {name}: {len(members)} articles in stories "
                  f"{dict(stories)} (sizes {[len(groups[s]) for s in stories]})")
    for i, lab in enumerate(labels):
        if lab.startswith("single:"):
            result["singles"] += 1
            alone = len(groups[story_of[i]]) == 1
            result["merged_singles"] += not alone
            if verbose and not alone:
                print(f"BAD {lab} joined {[labels[j] for j in groups[story_of[i]] if j != i]}")
    pure = sum(max(Counter(labels[i] for i in g).values()) for g in groups)
    result["purity"] = pure / len(labels)
    same_story = {(i, j) for g in groups for i in g for j in g if i < j}
    same_set = {(i, j) for i in range(len(labels)) for j in range(i + 1, len(labels)) if labels[i] == labels[j]}
    result["pair_precision"] = len(same_story & same_set) / max(1, len(same_story))
    result["pair_recall"] = len(same_story & same_set) / max(1, len(same_set))
    # Margins: an article's mean cosine with the rest of its own set, and with each other set.
    own, other = [], []
    for i, sig in enumerate(sigs):
        by_set: dict[str, list[int]] = {}
        for j, lab in enumerate(labels):
            if j != i:
                by_set.setdefault(lab, []).append(j)
        for lab, members in by_set.items():
            index = _Stories(0.0)
            for j in members:
                index.add(0, j, sigs[j])
            mean = index.average(sig, 0)
            (own if lab == labels[i] else other).append((mean, articles[i].id, lab))
    result["lowest_own"] = min(own)[0] if own else None
    result["highest_other"] = max(other)[0] if other else None
    if verbose:
        print("lowest own-set means:", [(round(m, 3), a) for m, a, _ in sorted(own)[:4]])
        print("highest other-set means:", [(round(m, 3), a, lab) for m, a, lab in sorted(other)[-4:]])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=Path, action="append", default=[], help="a folder of article-set folders")
    parser.add_argument("--singles", type=Path, action="append", default=[], help="a folder of single articles")
    parser.add_argument("--threshold", type=float)
    args = parser.parse_args()
    result = score(labelled(args.sets, args.singles), args.threshold)
    print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
