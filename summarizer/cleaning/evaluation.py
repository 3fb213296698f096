"""Score the cleaner on labelled pages, with each site held out of training (`make eval-cleaner`).

The measures are those of `../shared/eval/score_clean.py`: content kept (characters of
article lines found in the output), boilerplate removed (dropped lines absent from it) and
fragments stripped (labelled prefixes and end markers no longer beside the text).
"""
from __future__ import annotations

import argparse
import collections
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .labeller import LineModel, model_from_dict
from .training import LabelledPage, extract_html, fit, load_pages, norm

Counts = tuple[int, int, int, int, int, int]  # kept, content, removed, boilerplate, stripped, fragments


def score(rows: list[tuple[str, str, list[str]]], out: str) -> Counts:
    out_lines = collections.Counter(norm(ln) for ln in out.split("\n") if ln.strip())
    flat = norm(out)
    keep_text = collections.Counter(norm(line) for label, line, _ in rows if label == "keep")
    kc = kt = dr = dt = sr = st = 0
    for label, line, extras in rows:
        n = norm(line)
        if label == "keep":
            body = n
            for extra in extras:
                kind, frag = extra.split(":", 1)
                frag = norm(frag)
                st += 1
                if kind == "prefix" and body.startswith(frag):
                    body = body[len(frag):].strip()
                    sr += (frag + " " + body[:40]) not in flat and (frag + body[:40]) not in flat
                if kind == "suffix" and body.endswith(frag):
                    body = body[: -len(frag)].strip()
                    sr += (body[-40:] + " " + frag) not in flat and (body[-40:] + frag) not in flat
            kt += len(body)
            kc += len(body) if body in flat or (body[:60] in flat and body[-60:] in flat) else 0
        else:
            dt += 1
            dr += out_lines.get(n, 0) <= keep_text.get(n, 0) and (len(n) < 40 or n not in flat or keep_text.get(n, 0) > 0)
    return kc, kt, dr, dt, sr, st


@dataclass
class Report:
    pages: dict[str, dict[str, Counts]] = field(default_factory=dict)  # page -> kind -> counts

    def totals(self) -> dict[str, dict[str, float]]:
        out = {}
        for kind in ("text", "html"):
            rows = [kinds[kind] for kinds in self.pages.values() if kind in kinds]
            if not rows:
                continue
            kc, kt, dr, dt, sr, st = (sum(col) for col in zip(*rows))
            worst = min(r[0] / max(r[1], 1) for r in rows)
            out[kind] = {"content": round(kc / max(kt, 1), 4), "boilerplate": round(dr / max(dt, 1), 4),
                         "stripped": sr, "fragments": st, "worst_page_content": round(worst, 4),
                         "articles_lost": sum(1 for r in rows if r[1] and r[0] == 0), "pages": len(rows)}
        return out

    def table(self) -> str:
        lines = ["| page | text content | text boilerplate | text strips | html content | html boilerplate"
                 " | html strips |", "|---|---|---|---|---|---|---|"]
        for name, kinds in self.pages.items():
            cells = [name]
            for kind in ("text", "html"):
                if kind in kinds:
                    kc, kt, dr, dt, sr, st = kinds[kind]
                    cells += [f"{kc / max(kt, 1):.3f}", f"{dr / max(dt, 1):.3f}", f"{sr}/{st}"]
                else:
                    cells += ["", "", ""]
            lines.append("| " + " | ".join(cells) + " |")
        totals = self.totals()
        cells = ["**total**"]
        for kind in ("text", "html"):
            t = totals.get(kind)
            cells += [f"**{t['content']:.3f}**", f"**{t['boilerplate']:.3f}**",
                      f"{t['stripped']}/{t['fragments']}"] if t else ["", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
        for kind, t in totals.items():
            lines.append(f"\n{kind}: worst page content {t['worst_page_content']:.3f}, "
                         f"articles lost {t['articles_lost']} of {t['pages']}")
        return "\n".join(lines)


def cleaned_output(lines: list[str], title_hint: str | None, from_html: bool, model: LineModel) -> str:
    from .text import classify

    result = classify(lines, title_hint=title_hint, from_html=from_html, model=model)
    return "\n\n".join(([result.title] if result.title else []) + list(result.paragraphs))


def evaluate(pages: list[LabelledPage], model_for: Callable[[LabelledPage], LineModel],
             html: bool = True) -> Report:
    """Score every page as a text dump and, where it has HTML, as HTML, with its own model."""
    report = Report()
    for page in pages:
        model = model_for(page)
        kinds = {"text": score(page.rows, cleaned_output(page.text_lines, None, False, model))}
        if html and page.html is not None:
            extract_html(page)
            kinds["html"] = score(page.rows, cleaned_output(page.html_lines, page.html_title, True, model))
        report.pages[page.name] = kinds
    return report


def leave_one_site_out(pages: list[LabelledPage], html: bool = True, **fit_args) -> Report:
    """Each site scored by a model trained on the other sites only."""
    return evaluate(pages, lambda held: model_from_dict(fit([p for p in pages if p.site != held.site],
                                                            **fit_args)), html)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["train", "eval"])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--samples", type=Path, default=Path("samples"))
    parser.add_argument("--out", type=Path, help="eval: also write the table here (Markdown)")
    args = parser.parse_args(argv)
    if args.command == "train":
        from .training import train

        train(args.eval_dir, args.samples)
        return
    report = leave_one_site_out(load_pages(args.eval_dir, args.samples))
    from .unlabelled import report as unlabelled_report

    text = ("# Cleaner, leave-one-site-out\n\nEach page's site held out of training; written by "
            "`make eval-cleaner`.\n\n" + report.table() + "\n\n" + unlabelled_report(args.eval_dir))
    sys.stdout.write(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
