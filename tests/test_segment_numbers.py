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


@pytest.mark.parametrize("text, language, value", [
    ("tujuh pendaki", "id", 7), ("dua puluh orang", "id", 20), ("tiga belas korban", "id", 13),
    ("delapan ribuan lowongan", "id", 8000), ("seribu lima ratus warga", "id", 1500),
    ("lapan mangsa", "ms", 8), ("dua ratus lima puluh penduduk", "ms", 250),
    ("seven hikers", "en", 7), ("twenty-one people", "en", 21), ("two hundred and fifty workers", "en", 250),
])
def test_number_words(text, language, value):
    (number,) = parse_numbers(text, language)
    assert number.value == value and number.unit == "number"


def test_one_of_is_no_figure():
    assert parse_numbers("salah satu perusahaan, one of the firms, satu orang", "id") == []


@pytest.mark.parametrize("sentence, qualifier, low, high", [
    ("Lebih dari 1.500 warga mengungsi.", "more than", 1500, 1800),
    ("Sekitar 2.272 rumah rusak.", "about", 2044.8, 2499.2),
    ("Hampir 200 pekerja dirumahkan.", "almost", 170, 200),
    ("At least 134 people died.", "at least", 134, 160.8),
    ("Up to 40 boats sank.", "up to", 28, 40),
    ("Kerugian Rp2,3 triliun.", None, 2.25e12, 2.35e12),
    ("Seramai 62 orang maut.", None, 61.5, 62.5),
], ids=["lebih-dari", "sekitar", "hampir", "at-least", "up-to", "rounding", "exact"])
def test_hedges_become_intervals(sentence, qualifier, low, high):
    from summarizer.quantities import _sentence_quantities

    (q,) = _sentence_quantities(sentence, "", "id" if "Rp" in sentence else "en", "a", 0, frozenset())
    assert q.qualifier == qualifier and q.low == pytest.approx(low) and q.high == pytest.approx(high)


@pytest.mark.parametrize("sentence, language, kind, noun, measure", [
    ("Kerugian ditaksir Rp 35 miliar.", "id", "money:IDR", None, "losses"),
    ("Meta invested $14.3 billion in the startup.", "en", "money:USD", None, "investment"),
    ("Kapasitas lapas itu terisi 180 persen.", "id", "%", None, "capacity"),
    ("Gempa bermagnitudo 5,6 mengguncang.", "id", "magnitude", None, "magnitude"),
    ("Kedalaman gempa 10 km.", "id", "km", None, "depth"),
    ("Sebanyak 27 pendaki tewas.", "id", "count", "hikers", "killed"),
    ("Seramai 31 banduan ditahan.", "ms", "count", "prisoners", "arrested"),
    ("About 500 protesters were arrested.", "en", "count", "protesters", "arrested"),
    ("The company laid off 1,200 workers.", "en", "count", "workers", "laid off"),
], ids=lambda v: v if isinstance(v, str) and len(v) > 12 else None)
def test_units_scales_and_measures(sentence, language, kind, noun, measure):
    from summarizer.quantities import _sentence_quantities

    (q,) = _sentence_quantities(sentence, "", language, "a", 0, frozenset())
    assert (q.kind, q.noun, q.primary) == (kind, noun, measure)


@pytest.mark.parametrize("sentence, following, as_of, when", [
    ("Hingga pukul 19.34 WIB, 62 orang meninggal.", "", "pukul 19.34 WIB", (None, None, 1174)),
    ("As of 7:34 p.m. on Monday, 62 people died.", "", "As of 7:34 p.m. on Monday", (None, 0, 1174)),
    ("Sebanyak 103 orang meninggal.", "Data itu dihimpun per Selasa (22/11/2022) pukul 09.55 WIB.",
     "Selasa (22/11/2022) pukul 09.55 WIB", (11 * 31 + 22, 1, 595)),
    ("Seramai 13 mangsa maut setakat Khamis petang.", "", "Khamis petang", (None, 3, 960)),
], ids=["id-clock", "en-clock-day", "next-sentence", "ms-day-part"])
def test_time_references(sentence, following, as_of, when):
    from summarizer.quantity_time import time_reference

    assert time_reference(sentence, following) == (as_of, when)


@pytest.mark.parametrize("sentence, minutes", [
    ("Hingga pukul 14.00 WIB, 27 pendaki tewas.", 840),
    ("Setakat jam 2 petang Isnin, 23 mayat dikeluarkan.", 840),
    ("As of 10 a.m. Wednesday, 31 victims had been found dead.", 600),
], ids=["id-pukul", "ms-jam-petang", "en-am"])
def test_clock_times_date_a_figure_and_are_no_figure(sentence, minutes):
    from summarizer.quantities import _sentence_quantities

    (q,) = _sentence_quantities(sentence, "", "en", "a", 0, frozenset())
    assert q.when[2] == minutes and q.primary == "killed"


@pytest.mark.parametrize("text, language, value, unit", [
    ("AS$1.35 bilion", "ms", 1.35e9, "USD"),
    ("Rp1.2 trilion", "ms", 1.2e12, "IDR"),
    ("1.2 trillion rupiah", "en", 1.2e12, "IDR"),
], ids=["ms-as-dollar", "ms-trilion", "en-currency-word"])
def test_currencies_and_scales_in_each_language(text, language, value, unit):
    (number,) = parse_numbers(text, language)
    assert (number.value, number.unit) == (value, unit)


@pytest.mark.parametrize("sentence, language, kind, measure", [
    ("Stadion berkapasitas 25.000 penonton itu penuh.", "id", "count", "capacity"),
    ("Kebakaran itu memusnahkan lebih 12,000 hektar hutan.", "ms", "ha", "area"),
    ("Bacaan IPU tertinggi direkodkan 246.", "ms", "count", "index"),
    ("The death toll from the flood has risen to 21, officials said.", "en", "count", "killed"),
], ids=["id-prefixed-stem", "ms-hectares", "ms-index", "en-subject-before-clause"])
def test_what_a_figure_measures_in_each_language(sentence, language, kind, measure):
    from summarizer.quantities import _sentence_quantities

    (q,) = _sentence_quantities(sentence, "", language, "a", 0, frozenset())
    assert q.kind == kind and measure in q.measures


def test_trailing_zeros_of_a_large_count_are_rounding_but_a_small_count_is_exact():
    from summarizer.quantities import _sentence_quantities

    (big,) = _sentence_quantities("Tercatat 8.200 kasus baru.", "", "id", "a", 0, frozenset())
    (small,) = _sentence_quantities("Sebanyak 60 orang tewas.", "", "id", "a", 0, frozenset())
    assert big.low <= 8213 < big.high and not small.low <= 62 < small.high


def test_a_target_is_not_a_measured_figure():
    from summarizer.quantities import _sentence_quantities

    (q,) = _sentence_quantities("SPR mensasarkan peratusan keluar mengundi sebanyak 70 peratus.", "",
                                "ms", "a", 0, frozenset())
    assert q.era == "target" and "turnout" in q.measures


def test_an_iso_date_is_one_date_and_none_of_its_parts_a_count():
    found = parse_numbers("archived 2021-03-14: a ferry carried 14 people", "en")
    assert [(n.text, n.unit) for n in found] == [("2021-03-14", "date"), ("14", "number")]
