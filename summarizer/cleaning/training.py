"""Train the line labeller from labelled pages (`make train-cleaner`); needs scikit-learn.

Labelled pages live outside the repository (`../shared/eval`: `seeds/`, `html/`,
`html-fresh/`; format in `seeds/README.md`). Each page trains twice: as its text dump, and
as the lines trafilatura extracts from its HTML (labels matched by text), because the
labeller runs on both. Every page is its own site, which `evaluation.py` holds out in turn.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .features import NAMES, page_features
from .labeller import MODEL_PATH, LineModel, model_from_dict

LABEL_DIRS = ("seeds", "html", "html-fresh")
REGULARISATION = 0.03  # inverse strength C of the L2 penalty on standardised features
KEEP_WEIGHT = 1.0  # weight of article lines against boilerplate lines (2.0 kept no more text, removed less)
TRANSITION_WEIGHT = 0.5  # the features already look at neighbours: trust the sequence prior less


@dataclass
class LabelledPage:
    name: str
    language: str | None
    rows: list[tuple[str, str, list[str]]]
    text_lines: list[str]
    html: str | None = None
    html_lines: list[str] = field(default_factory=list)
    html_title: str | None = None
    examples: list | None = None

    @property
    def site(self) -> str:
        return self.name


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def read_labels(tsv: Path) -> list[tuple[str, str, list[str]]]:
    rows = []
    for row in tsv.read_text(encoding="utf-8").split("\n"):
        if row:
            parts = row.split("\t")
            rows.append((parts[0], parts[1], [x for x in parts[2:] if x]))
    return rows


def load_pages(eval_dir: Path, samples: Path) -> list[LabelledPage]:
    """Every labelled page under `eval_dir`; seed texts are read from `samples`.

    Raises:
        FileNotFoundError: `eval_dir` holds no labelled pages.
    """
    pages = []
    for sub in LABEL_DIRS:
        folder = eval_dir / sub
        info: dict = {}
        for meta in ("pages.json", "seeds.json"):
            if (folder / meta).exists():
                info.update(json.loads((folder / meta).read_text(encoding="utf-8")))
        for tsv in sorted(folder.glob("*.tsv")):
            dump = folder / f"{tsv.stem}.txt"
            dump = dump if dump.exists() else samples / f"{tsv.stem}.txt"
            text = dump.read_text(encoding="utf-8", errors="replace")
            html = folder / f"{tsv.stem}.html"
            pages.append(LabelledPage(
                name=tsv.stem, language=(info.get(tsv.stem) or {}).get("language"), rows=read_labels(tsv),
                text_lines=[ln.strip() for ln in text.splitlines() if ln.strip()],
                html=html.read_text(encoding="utf-8", errors="replace") if html.exists() else None))
    if not pages:
        raise FileNotFoundError(f"no labelled pages under {eval_dir}")
    return pages


def extract_html(page: LabelledPage) -> None:
    """Fill the page's trafilatura lines and headline (once; extraction is the slow part)."""
    from . import page_lines
    from ..document import Page

    if page.html is None or page.html_lines:
        return
    lines, meta = page_lines(Page(page.name, page.name, page.html, kind="html"))
    page.html_lines, page.html_title = lines, meta.get("title")


def text_examples(page: LabelledPage) -> tuple[list[list[float]], list[int]]:
    labels = [1 if label == "keep" else 0 for label, _, _ in page.rows]
    if len(labels) != len(page.text_lines):
        raise ValueError(f"{page.name}: {len(labels)} labels for {len(page.text_lines)} lines")
    rows, _ = page_features(page.text_lines, None, False, page.language)
    return rows, labels


def cleaned_examples(page: LabelledPage) -> tuple[list[list[float]], list[int]]:
    """The article alone, every line kept: cleaning a cleaned page must change nothing."""
    article = []
    for label, line, extras in page.rows:
        if label == "keep":
            for extra in extras:
                kind, fragment = extra.split(":", 1)
                if kind == "prefix" and line.startswith(fragment):
                    line = line[len(fragment):].strip()
                elif kind == "suffix" and line.endswith(fragment):
                    line = line[: -len(fragment)].strip()
            article.append(line)
    rows, _ = page_features(article, None, False, page.language)
    return rows, [1] * len(rows)


def html_examples(page: LabelledPage) -> tuple[list[list[float]], list[int]]:
    """Extracted lines with the label of the labelled line they are; lines matching none are left out."""
    extract_html(page)
    if not page.html_lines:
        return [], []
    label_of: dict[str, int] = {}
    for label, line, _ in page.rows:
        key = norm(line)
        label_of[key] = max(label_of.get(key, 0), int(label == "keep"))
    kept_text = " ".join(norm(line) for label, line, _ in page.rows if label == "keep")
    rows, _ = page_features(page.html_lines, page.html_title, True, page.language)
    xs, ys = [], []
    for line, row in zip(page.html_lines, rows):
        key = norm(line)
        label = label_of.get(key, 1 if len(key) >= 20 and key in kept_text else None)
        if label is not None:
            xs.append(row)
            ys.append(label)
    return xs, ys


def examples(page: LabelledPage) -> list[tuple[list[list[float]], list[int]]]:
    """The page's (features, labels) sequences, text dump first, computed once per page."""
    if page.examples is None:
        out = [text_examples(page), cleaned_examples(page)]
        out += [html_examples(page)] if page.html is not None else []
        page.examples = [seq for seq in out if seq[1]]
    return page.examples


def fit(pages: list[LabelledPage], keep_weight: float = KEEP_WEIGHT,
        regularisation: float = REGULARISATION, transition_weight: float = TRANSITION_WEIGHT) -> dict:
    """Fit the labeller on the pages; the model as the JSON-ready dict `labeller.py` reads."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    sequences = [seq for page in pages for seq in examples(page)]
    x = np.array([row for rows, _ in sequences for row in rows], dtype=float)
    y = np.array([label for _, labels in sequences for label in labels])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    classifier = LogisticRegression(C=regularisation, max_iter=5000)
    classifier.fit((x - mean) / scale, y, sample_weight=np.where(y == 1, keep_weight, 1.0))
    weights = classifier.coef_[0] / scale
    bias = float(classifier.intercept_[0] - (weights * mean).sum())
    counts = [[1.0, 1.0], [1.0, 1.0]]  # add-one smoothing
    for _, labels in sequences:
        for a, b in zip(labels, labels[1:]):
            counts[a][b] += 1
    transitions = [[round(math.log(c / sum(row)), 6) for c in row] for row in counts]
    return {
        "features": NAMES,
        "weights": [round(float(w), 6) for w in weights],
        "bias": round(bias, 6),
        "means": [round(float(m), 6) for m in mean],
        "transitions": transitions,
        "prior_keep": round(float(y.mean()), 6),
        "transition_weight": transition_weight,
    }


def train(eval_dir: Path, samples: Path, out: Path = MODEL_PATH) -> LineModel:
    """Fit on every labelled page and write the model with its training pages and scores."""
    from .evaluation import evaluate

    pages = load_pages(eval_dir, samples)
    data = fit(pages)
    model = model_from_dict(data)
    data["training_pages"] = [page.name for page in pages]
    data["training_scores"] = evaluate(pages, lambda _page: model).totals()
    data["note"] = "Scores on the training pages prove little: `make eval-cleaner` holds each site out."
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return model
