"""Quality gate on pages the labeller never trained on: tests/pages/, written by the project in
the shapes of news sites. The labelled pages of ../shared/eval are scored site-held-out in
test_clean_learned.py.
"""
from __future__ import annotations

from pathlib import Path

from conftest import SHARED
from summarizer.cleaning import clean_page
from summarizer.document import Page
from summarizer.cleaning.evaluation import score
from summarizer.cleaning.training import read_labels

PAGES = Path(__file__).parent / "pages"


def cleaned_output(page: Page) -> str:
    article = clean_page(page)
    return "\n\n".join(([article.title] if article.title else []) + list(article.paragraphs))


def total(results):
    kc, kt, dr, dt, sr, st = (sum(col) for col in zip(*results))
    return kc / kt, dr / max(dt, 1), sr, st


def test_own_site_style_pages_meet_the_targets():
    results = []
    for tsv in sorted(PAGES.glob("*.tsv")):
        rows = read_labels(tsv)
        page = Page(tsv.stem, str(tsv), "\n".join(line for _, line, _ in rows))
        results.append(score(rows, cleaned_output(page)))
    content, boilerplate, stripped, fragments = total(results)
    assert content >= 0.99 and boilerplate >= 0.95, (content, boilerplate)
    assert stripped == fragments


def test_html_metadata_goes_to_article_fields_not_the_body():
    raw = (SHARED / "eval" / "html" / "kompas_2015.html").read_text(encoding="utf-8", errors="replace")
    article = clean_page(Page("kompas", "kompas.html", raw, kind="html"))
    assert article.title == "Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan"
    assert article.metadata["date"] == "2015-11-04" and article.metadata["site"] == "KOMPAS.com"
    assert article.title not in article.paragraphs and not any("KOMPAS.com –" in p for p in article.paragraphs)
