"""The learned line labeller: scored with each site held out, never losing an article.

The held-out scores are computed here by the same code as `make eval-cleaner` (each labelled
site in ../shared/eval scored by a model trained without it); a score on the training pages
would prove nothing. Without ../shared/eval these tests fail: the quality claim needs its data.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, SHARED
from summarizer.cleaning import clean_page
from summarizer.cleaning.evaluation import leave_one_site_out, score
from summarizer.cleaning.labeller import MODEL_PATH
from summarizer.cleaning.text import classify
from summarizer.cleaning.training import fit, load_pages, read_labels
from summarizer.document import Page
from summarizer.errors import InputError

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="module")
def labelled():
    return load_pages(SHARED / "eval", SAMPLES)


@pytest.fixture(scope="module")
def held_out(labelled):
    return leave_one_site_out(labelled)


def test_text_dumps_of_unseen_sites_keep_the_article_and_drop_the_boilerplate(held_out):
    text = held_out.totals()["text"]
    assert text["pages"] == 26 and text["articles_lost"] == 0, text
    assert text["content"] >= 0.98 and text["boilerplate"] >= 0.95, text
    assert text["worst_page_content"] >= 0.90, text


def test_html_of_unseen_sites_keeps_the_article_and_drops_the_boilerplate(held_out):
    html = held_out.totals()["html"]
    assert html["pages"] == 21 and html["articles_lost"] == 0, html
    assert html["content"] >= 0.99 and html["boilerplate"] >= 0.97, html


def test_training_rebuilds_the_packaged_model(labelled):
    packaged = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    rebuilt = fit(labelled)
    assert packaged["training_pages"] == [page.name for page in labelled]
    assert {k: packaged[k] for k in rebuilt} == rebuilt


def cleaned(page: Page) -> str:
    article = clean_page(page)
    return "\n\n".join(([article.title] if article.title else []) + list(article.paragraphs))


@pytest.mark.parametrize("name", ["wire_one_paragraph", "short_article_long_teasers", "article_with_lists"])
def test_issue_shapes_come_out_whole(name):
    """A one-paragraph article closed by a credit, a short article beside a longer list of
    teaser leads, and an article with sub-headings, bullets and a numbered list."""
    rows = read_labels(PAGES / f"{name}.tsv")
    kept, content, removed, boilerplate, stripped, fragments = score(
        rows, cleaned(Page(name, name, "\n".join(line for _, line, _ in rows))))
    assert kept == content, f"{content - kept} of {content} article characters lost"
    assert removed >= 0.9 * boilerplate and stripped == fragments


def test_running_text_is_never_reported_as_no_article():
    lines = ["Home", "Sport", "Search",
             "officials at the harbour said the ferry would resume its route to the islands once the "
             "engine repairs were finished and the inspectors had signed the safety papers for the season, which "
             "the company hopes will happen before the school holidays begin in the middle of next month"]
    result = classify(lines)
    assert result.paragraphs and "ferry would resume" in result.paragraphs[-1]
    with pytest.raises(InputError, match="no article text found"):
        clean_page(Page("menu", "menu.txt", "Home\nSport\nSearch\nLogin\nContact us"))


def test_every_dropped_line_says_why():
    rows = read_labels(PAGES / "short_article_long_teasers.tsv")
    article = clean_page(Page("p", "p", "\n".join(line for _, line, _ in rows)))
    assert article.dropped and all(d.reason for d in article.dropped)
    assert any(d.reason.startswith("p=0.") for d in article.dropped)  # the labeller's own verdicts


def test_cleaning_a_page_loads_no_training_library():
    code = ("import sys; from summarizer.cleaning import clean_page; from summarizer.document import Page; "
            "clean_page(Page('x', 'x', open(sys.argv[1]).read())); "
            "print('LOADED', [m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules])")
    page = next(SAMPLES.glob("*.txt"))
    result = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
