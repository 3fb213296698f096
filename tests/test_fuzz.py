"""Property tests: nothing raises on arbitrary input, cleaning is idempotent and keeps order.

A short profile runs with the suite; `make fuzz` runs 10,000 examples per property.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.cleaning import html as html_clean
from summarizer.cleaning.text import classify
from summarizer.document import Page
from summarizer.errors import InputError
from summarizer.ingest import decode
from summarizer.numbers import parse_numbers
from summarizer.segment import split_sentences

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

SENTENCES = [
    "Pemerintah kota mengumumkan rencana pembangunan jalur sepeda baru pada tahun depan.",
    "Menurut kepala dinas, proyek itu akan dimulai pada bulan Maret dan selesai dalam dua tahun.",
    "\"Kami akan terus mengawal proyek ini,\" kata wali kota dalam konferensi pers, Senin (4/3).",
    "The minister said the government would spend $2.5 billion on new roads over five years.",
    "Warga menyambut baik rencana tersebut, meskipun sebagian pedagang khawatir kehilangan lahan.",
]
BOILERPLATE = ["menu", "close", "BACA JUGA: Harga Cabai Naik", "Latest News", "(ant)", "Share on Facebook",
               "Kamis, 05/11/2015 10:08 WIB", "Copyright © 2024 Kota News", "No more pages", "Reporter: Budi"]
news_line = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(BOILERPLATE), st.text(max_size=80),
                      st.sampled_from(["LATAR BELAKANG", "Harga Minyak Goreng Turun di 20 Provinsi"]))
pages = st.lists(news_line, max_size=40).map(lambda lines: [ln.strip() for ln in lines if ln.strip()])


def cleaned_lines(lines: list[str]) -> list[str]:
    result = classify(lines)
    return ([result.title] if result.title else []) + list(result.paragraphs)


@PROFILE
@given(st.text(max_size=3000))
def test_cleaning_arbitrary_text_never_raises(text):
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    result = classify(lines)
    assert len(result.paragraphs) <= len(lines)


@PROFILE
@given(pages)
def test_cleaning_is_idempotent_and_keeps_order(lines):
    once = cleaned_lines(lines)
    assert cleaned_lines(once) == once
    remaining = iter(lines)
    assert all(any(p in line for line in remaining) for p in classify(lines).paragraphs)  # a subsequence: order kept


@PROFILE
@given(st.binary(max_size=4000))
def test_decoding_random_bytes_gives_text_or_a_clear_error(data):
    try:
        text, encoding, warnings = decode(data)
    except InputError as exc:
        assert "binary file" in str(exc)
    else:
        assert isinstance(text, str) and encoding


html_fragment = st.recursive(
    st.text(max_size=40).map(lambda t: t.replace("<", " ")),
    lambda children: st.tuples(st.sampled_from(["div", "p", "span", "article", "nav", "h1", "li", "script"]),
                               st.lists(children, max_size=4)).map(
        lambda tc: f"<{tc[0]}>{''.join(tc[1])}</{tc[0]}>"),
    max_leaves=30)


@PROFILE
@given(html_fragment)
def test_random_html_never_crashes_extraction(fragment):
    page = f"<html><body>{fragment}</body></html>"
    lines, meta = html_clean.extract(page)
    assert isinstance(lines, list) and isinstance(meta, dict)
    assert isinstance(html_clean.visible_lines(page), list)


def test_deep_nesting_and_huge_lines_do_not_crash():
    deep = "<div>" * 5000 + "<p>Isi berita yang panjang sekali di sini.</p>" + "</div>" * 5000
    html_clean.visible_lines(deep)
    html_clean.extract(deep)
    classify(["x" * 200_000, SENTENCES[0] * 50])


@PROFILE
@given(st.text(max_size=500))
def test_segmenter_and_number_parser_never_raise(text):
    sentences = split_sentences(text, "id")
    assert " ".join(sentences).split() == text.split()  # no word lost, none invented
    for number in parse_numbers(text, "id") + parse_numbers(text, "en"):
        assert 0 <= number.start < number.end <= len(text)


def test_page_dataclass_round_trip():
    assert Page("a", "a.txt", "x").kind == "text"
