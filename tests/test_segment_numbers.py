"""Sentence splitting and number parsing on real Indonesian and English news shapes."""
from __future__ import annotations

import pytest

from conftest import SAMPLES
from summarizer.numbers import dates_compatible, format_value, parse_numbers, to_float
from summarizer.segment import split_long, split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Jl. Sudirman No. 5 dll. dan Prof. Budi hadir. Acara dimulai pukul 09.00.",
     ["Jl. Sudirman No. 5 dll. dan Prof. Budi hadir.", "Acara dimulai pukul 09.00."]),
    ("Saham PT Bank Rakyat Indonesia Tbk. naik 2,5 persen. Investor menyambut baik.",
     ["Saham PT Bank Rakyat Indonesia Tbk. naik 2,5 persen.", "Investor menyambut baik."]),
    ("Nilainya US$14,3 miliar. \"Kami senang,\" kata Dr. Budi. Ia lalu pergi...",
     ["Nilainya US$14,3 miliar.", "\"Kami senang,\" kata Dr. Budi.", "Ia lalu pergi..."]),
    ("Meta paid $14.3 billion for a 49% stake. The U.S. firm declined to comment.",
     ["Meta paid $14.3 billion for a 49% stake.", "The U.S. firm declined to comment."]),
], ids=["jl-no-prof", "tbk-decimal", "quote-dr-ellipsis", "english"])
def test_sentences(text, expected):
    assert split_sentences(text, "id" if "Jl." in text or "Tbk" in text or "Nilainya" in text else "en") == expected


def test_seed_sentences_keep_every_character():
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                joined = " ".join(split_sentences(line, "id"))
                assert joined.split() == line.split()


def test_split_long_cuts_at_clauses_and_never_drops_words():
    sentence = ", ".join(f"bagian nomor {i} dari kalimat yang sangat panjang ini" for i in range(60)) + "."

    def count(texts):
        return [len(t.split()) for t in texts]

    pieces = split_long(sentence, 40, count)
    assert len(pieces) > 1 and all(count([p])[0] <= 40 for p in pieces)
    assert " ".join(pieces).split() == sentence.split()


@pytest.mark.parametrize("text, language, value, unit", [
    ("US$14,8 Miliar", "id", 14.8e9, "USD"),
    ("USD 14,3 miliar", "id", 14.3e9, "USD"),
    ("Rp 2,5 juta", "id", 2.5e6, "IDR"),
    ("Rp230 triliun", "id", 230e12, "IDR"),
    ("sekitar Rp 226 T", "id", 226e12, "IDR"),
    ("14,8 miliar dolar", "id", 14.8e9, "USD"),
    ("49%", "id", 49.0, "%"),
    ("27 persen", "id", 27.0, "%"),
    ("3.016 orang", "id", 3016.0, "number"),
    ("$14.3 billion", "en", 14.3e9, "USD"),
    ("RM6.162 million", "en", 6.162e6, "MYR"),
    ("2,000 doctors", "en", 2000.0, "number"),
    ("27 per cent", "en", 27.0, "%"),
    ("didirikan pada tahun 2016", "id", 2016.0, "year"),
], ids=lambda v: v if isinstance(v, str) and len(v) > 3 else None)
def test_numbers(text, language, value, unit):
    found = parse_numbers(text, language)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value) and found[0].unit == unit


@pytest.mark.parametrize("text, iso", [
    ("Per 10 Juni 2025 silam", "2025-06-10"), ("pada 13 Juni tersebut", "????-06-13"),
    ("on June 13, 2025", "2025-06-13"), ("Pada Mei 2024, valuasi", "2024-05"), ("13 Agustus 2024", "2024-08-13"),
])
def test_dates(text, iso):
    assert [n.value for n in parse_numbers(text, "id")] == [iso]


def test_times_codes_and_short_dates_are_not_figures():
    assert parse_numbers("pukul 08.00 WIB sampai Jumat (6/11) pukul 08.45 WITA, ponsel S6", "id") == []


def test_decimal_conventions_and_date_matching():
    assert to_float("14,3", "id") == 14.3 and to_float("14.3", "en") == 14.3
    assert to_float("1.229", "id") == 1229 and to_float("2,000", "en") == 2000
    assert dates_compatible("2025-06-13", "????-06-13") and dates_compatible("2025-06-13", "2025-06")
    assert not dates_compatible("2025-06-10", "????-06-13")
    assert format_value(14.3e9, "USD") == "$14.3 billion" and format_value("2025-06-10", "date") == "10 June 2025"
