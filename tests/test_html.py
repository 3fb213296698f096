"""The HTML brief: self-contained, escaped, and usable in a real browser (Debian's chromium)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

from summarizer import Article, Options, Pipeline
from summarizer.document import Brief, Facts, Summary, SummarySentence
from summarizer.outputs import write_brief
from summarizer.report import render
from summarizer.report_html import _Sentence, links

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = (
    'Harga naik <script>document.title="pwned"</script> <img src=x onerror=alert(1)> pekan ini.'
)


def brief_of(*paragraphs: str, summary: str = "Harga naik pekan ini.") -> Brief:
    art = Article(
        id="x1",
        source="x1.html",
        paragraphs=paragraphs,
        title="<b>Judul</b>",
        language="id",
        language_confidence=0.99,
    )
    summary_obj = Summary(("x1",), (SummarySentence(summary, ("x1",)),), "extractive")
    return Brief((art,), (summary_obj,), None, Facts((), ()))


def test_page_text_is_escaped_and_the_page_is_self_contained():
    page = render(brief_of(HOSTILE), "html")
    assert page.count("<script") == 1  # ours only
    assert (
        "&lt;script&gt;" in page
        and "&lt;img src=x onerror=alert(" in page
        and "&lt;b&gt;Judul" in page
    )
    assert not re.search(r"""(src|href)=["']?(https?:)?//|@import|url\(""", page)  # nothing fetched


def test_a_summary_sentence_links_to_the_sentence_sharing_most_words():
    candidates = {
        "a": [
            _Sentence("a0-s0", "x", "The city opened a new bridge on Monday.", "en"),
            _Sentence("a0-s1", "y", "Rice prices rose by five percent in the capital.", "en"),
        ],
        "b": [_Sentence("a1-s0", "z", "Nothing in common here at all.", "en")],
    }
    assert links("Rice prices in the capital rose sharply.", candidates) == ["a0-s1"]
    assert links("Completely unrelated words.", candidates) == []


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip(
            "needs Debian's chromium and chromium-driver: `make browser` (as root) installs them"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"summarizer-chromium-{os.getpid()}"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path):
    driver.get(path.resolve().as_uri())
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


@pytest.fixture(scope="module")
def samples_page(tmp_path_factory) -> Path:
    """brief.html of samples/ with no model at all (untranslated text, extractive summaries)."""
    out = tmp_path_factory.mktemp("brief")
    os.environ.setdefault("SUMMARIZER_MODELS_DIR", str(out / "no-models"))
    brief = Pipeline(Options(summarizer="extractive", fallback=True, use_cache=False)).run(
        [SAMPLES]
    )
    write_brief(brief, out)
    return out / "brief.html"


def test_samples_page_in_a_browser(browser, samples_page, tmp_path):
    from selenium.webdriver.common.by import By

    assert open_page(browser, samples_page) == []  # no console errors or warnings
    rows = browser.find_elements(By.CSS_SELECTOR, "table.disagreements tbody tr")
    text = [" ".join(r.text.split()) for r in rows]
    # The samples' two disputes, every side with its sources.
    assert any("$14.3 billion" in t and t.endswith("002, 003, 004") for t in text), text
    assert any("$14.8 billion" in t and t.endswith("000, 001") for t in text), text
    assert any("10 June 2025" in t and t.endswith("000") for t in text), text
    assert any("13 June" in t and t.endswith("001") for t in text), text
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.disagreements th[scope=row]")) == 2
    item = browser.find_elements(By.CSS_SELECTOR, "ol.combined .summary-sentence")[0]
    assert not browser.find_elements(By.CSS_SELECTOR, "tr.highlight")
    item.click()
    [row] = browser.find_elements(By.CSS_SELECTOR, "tr.highlight")
    assert row.is_displayed()  # its <details> was opened
    said = set(re.findall(r"\w{4,}", item.text.lower()))
    assert len(said & set(re.findall(r"\w{4,}", row.text.lower()))) >= 3  # the sentence behind it
    browser.save_screenshot(str(tmp_path / "brief.png"))
    if os.environ.get("BRIEF_SCREENSHOT"):  # `make screenshot` refreshes the README's picture
        browser.set_window_size(1100, 1500)
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(os.environ["BRIEF_SCREENSHOT"])
    assert open_page(browser, samples_page) == []


def test_hostile_page_text_shows_as_text_in_the_browser(browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "brief.html"
    page.write_text(render(brief_of(HOSTILE, summary=HOSTILE), "html"), encoding="utf-8")
    assert open_page(browser, page) == []
    assert browser.title.startswith("Brief") and "pwned" not in browser.title
    assert "<script>" in browser.find_element(By.CSS_SELECTOR, ".summary-sentence").text
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")


def test_translated_page_side_by_side_and_on_a_phone(browser, models_dir, tmp_path):
    from selenium.webdriver.common.by import By

    brief = Pipeline(
        Options(models_dir=str(models_dir), engine="ct2", summarizer="extractive")
    ).run([SAMPLES])
    write_brief(brief, tmp_path)
    assert open_page(browser, tmp_path / "brief.html") == []
    first = browser.find_elements(By.CSS_SELECTOR, "article")[0]
    first.find_element(By.CSS_SELECTOR, "details > summary").click()
    row = first.find_elements(By.CSS_SELECTOR, "tr.sentence")[0]
    source, english = (
        row.find_element(By.CSS_SELECTOR, "td.src"),
        row.find_element(By.CSS_SELECTOR, "td.en"),
    )
    assert source.text and english.text and source.text != english.text
    assert row.find_element(By.CSS_SELECTOR, ".badge").text in ("ok", "check", "bad")
    counts = [
        e.get_attribute("data-flagged")
        for e in browser.find_elements(By.CSS_SELECTOR, ".trust-count")
    ]
    assert counts == [str(a.flagged_sentences) for a in brief.articles if a.translation is not None]
    browser.set_window_size(390, 844)  # a phone: nothing wider than the screen
    try:
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 1
    finally:
        browser.set_window_size(1280, 1600)
