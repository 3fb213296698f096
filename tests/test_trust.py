"""Sentence-level trust, the glossary and protected names, on both engines with the tiny models."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from conftest import SAMPLES

from summarizer import Article, Options, Pipeline
from summarizer.cache import SCORED, Cache, CachedEngine, cache_key
from summarizer.engines.base import Scored
from summarizer.errors import InputError
from summarizer.glossary import Glossary, load_glossary, mask, names, unmask
from summarizer.translation import GREEDY, RETRY
from summarizer.trust import BAD, LEVELS, assess, repetition, untranslated

# Look-alike news sentences written for these tests.
SENTENCES = [
    "Dinas pendidikan membuka pendaftaran sekolah baru bagi warga pada pekan depan.",
    "Menurut Siti Rahmawati, program beasiswa itu menjangkau ribuan pelajar di Kota Malang.",
    "Kepala Badan Pusat Statistik mengatakan harga beras naik tipis bulan ini.",
]
ENGINES = ["hf", "ct2"]


def article(*paragraphs: str) -> Article:
    return Article(
        id="t1", source="t1.txt", paragraphs=paragraphs, language="id", language_confidence=1.0
    )


def pipeline(models_dir, engine: str, **kw) -> Pipeline:
    return Pipeline(Options(models_dir=str(models_dir), engine=engine, **kw))


def pairs(translated: Article):
    return [p for para in translated.translation for p in para]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_sentence_has_a_score_a_trust_level_and_loops_are_flagged(models_dir, engine):
    p = pipeline(models_dir, engine)
    [out] = p.translate([article(" ".join(SENTENCES))])
    found = pairs(out)
    assert len(found) == len(SENTENCES)
    for pair in found:
        assert pair.score is not None and math.isfinite(pair.score) and pair.score < 0
        assert pair.trust in LEVELS
        # The tiny random models repeat words ("the the the"): a loop, so the sentence is bad.
        assert repetition(pair.target), pair.target
        assert pair.trust == BAD and any(r.startswith("repetition loop") for r in pair.reasons)
    assert out.flagged_sentences == len(SENTENCES)


@pytest.mark.parametrize(
    "name, options", [("opus-mt-id-en", GREEDY), ("nllb-600m", RETRY)], ids=["greedy", "beam"]
)
def test_both_engines_report_the_same_score(models_dir, name, options):
    texts = SENTENCES[:2]
    options = dataclasses.replace(options, max_new_tokens=24)
    hf = pipeline(models_dir, "hf", use_cache=False).engine(name, "translation")
    ct2 = pipeline(models_dir, "ct2", use_cache=False, compute_type="float32").engine(
        name, "translation"
    )
    for a, b in zip(hf.generate_scored(texts, options, "id"), ct2.generate_scored(texts, options, "id")):
        assert a.text == b.text
        assert a.score == pytest.approx(b.score, abs=0.02)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_output_equal_to_its_source_is_untranslated(models_dir, engine):
    p = pipeline(models_dir, engine, use_cache=False)
    real = p.translator_for("id").generate_scored

    def echo_first(
        texts, options, language=None
    ):  # the model hands the first sentence back unchanged
        outputs = real(texts, options, language)
        return [Scored(t, o.score) if t == SENTENCES[0] else o for t, o in zip(texts, outputs)]

    p.translator_for("id").generate_scored = echo_first
    [out] = p.translate([article(" ".join(SENTENCES[:2]))])
    first = pairs(out)[0]
    assert first.target == first.source and first.trust == BAD
    assert any(r.startswith("untranslated") for r in first.reasons)


@pytest.mark.parametrize(
    "text, loop",
    [
        ("The minister said the the the budget would grow.", "the"),
        (
            "Prices rose in the city, prices rose in the city, prices rose in the city.",
            "prices rose in the city",
        ),
        ("The company said it would hire more staff and open two offices next year.", None),
        ("Rain fell on Monday. Rain is expected again on Tuesday, the agency said.", None),
        ("emangkasemangkasemangkasemangkas", "emangkasemangkasemangkasemangkas"),
    ],
    ids=["word", "phrase", "plain", "plain-repeated-word", "piece"],
)
def test_repetition_finds_loops_and_only_loops(text, loop):
    assert repetition(text) == loop


def test_untranslated_and_length_ratio_checks():
    source = "Pemerintah daerah akan membangun jembatan baru di atas sungai itu tahun depan."
    assert untranslated(source, source, "id")
    assert untranslated(
        source, "Pemerintah daerah akan membangun jembatan baru tahun depan di sana.", "id"
    )
    english = "The regional government will build a new bridge over the river next year."
    assert not untranslated(source, english, "id")
    assert not untranslated(
        "Jakarta, 12 Mei 2025", "Jakarta, 12 Mei 2025", "id"
    )  # names and figures may stay
    assert assess(source, english, "id", -0.3) == ("ok", ())
    level, reasons = assess(source, "A bridge.", "id", -0.3)
    assert level == "check" and reasons[0].startswith("length ratio")
    level, reasons = assess(source, english, "id", -3.0)
    assert level == "check" and "low model score -3.00" in reasons


def test_cached_scores_come_back_and_old_cache_entries_still_read(models_dir, tmp_path):
    p = pipeline(models_dir, "ct2")
    engine = p.translator_for("id")
    first = engine.generate_scored(SENTENCES, GREEDY, "id")
    calls = engine.calls
    assert engine.generate_scored(SENTENCES, GREEDY, "id") == first and engine.calls == calls
    # A cache written before scores were kept holds bare text: still readable by generate().
    cache = Cache(tmp_path / "old.sqlite")
    cache.put_many({cache_key(engine.name, GREEDY, "id", SENTENCES[0]): "an old translation"})
    old = CachedEngine(engine.engine, cache)
    assert old.generate([SENTENCES[0]], GREEDY, "id") == ["an old translation"]
    [rescored] = old.generate_scored(
        [SENTENCES[0]], GREEDY, "id"
    )  # regenerated once, for its score
    assert rescored.score is not None
    stored = cache.get_many([cache_key(engine.name, GREEDY, "id", SENTENCES[0])])
    assert next(iter(stored.values())).startswith(SCORED)


def test_glossary_files_tsv_and_json(tmp_path):
    tsv = tmp_path / "g.tsv"
    tsv.write_text(
        "# terms\nBadan Pusat Statistik\tStatistics Indonesia\nPertamina\n", encoding="utf-8"
    )
    assert load_glossary(tsv) == Glossary(
        {"Badan Pusat Statistik": "Statistics Indonesia"}, ("Pertamina",)
    )
    js = tmp_path / "g.json"
    js.write_text(json.dumps({"terms": {"beras": "rice"}, "keep": ["Bulog"]}), encoding="utf-8")
    assert load_glossary(js) == Glossary({"beras": "rice"}, ("Bulog",))
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps({"beras": "rice", "Bulog": None}), encoding="utf-8")
    assert load_glossary(flat) == Glossary({"beras": "rice"}, ("Bulog",))
    for bad, text in (("empty.tsv", "# nothing\n"), ("broken.json", "{"), ("list.json", "[]")):
        (tmp_path / bad).write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match="glossary"):
            load_glossary(tmp_path / bad)


def test_masking_replaces_terms_by_codes_and_restores_them():
    glossary = Glossary(
        {"badan pusat statistik": "Statistics Indonesia", "beras": "rice"}, ("Bulog",)
    )
    masked = mask(
        "Kepala Badan Pusat Statistik bilang harga beras dan stok Bulog naik.",
        "id",
        glossary,
        False,
    )
    assert (
        "Statistik" not in masked.text and "beras" not in masked.text and "Bulog" not in masked.text
    )
    codes = [c for c, _ in masked.codes]
    assert len(codes) == 3 and all(c in masked.text for c in codes)
    english = dict(masked.codes)
    model_output = " ".join(f"{c} word" for c in codes)  # a model that copies the codes through
    restored, missing = unmask(model_output, masked)
    assert missing == () and all(e in restored for e in english.values())
    restored, missing = unmask("the codes were dropped", masked)
    assert set(missing) == set(english.values())


def test_names_are_capitalised_runs_without_an_opening_function_word():
    assert names("Menurut Siti Rahmawati, program itu menjangkau Kota Malang.", "id") == [
        "Siti Rahmawati",
        "Kota Malang",
    ]
    assert names("Pemerintah membuka pendaftaran bagi warga.", "id") == []
    assert names("Bank Indonesia menahan suku bunga.", "id") == ["Bank Indonesia"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_glossary_term_comes_through_or_is_flagged(models_dir, engine, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "dinas pendidikan\teducation office\nbeasiswa\tscholarship\n", encoding="utf-8"
    )
    p = pipeline(models_dir, engine, glossary=str(glossary))
    [out] = p.translate([article(" ".join(SENTENCES))])
    first, second = pairs(out)[:2]
    for pair, english in ((first, "education office"), (second, "scholarship")):
        assert english in pair.target or f"term not in the translation: {english}" in pair.flags
    assert "term not in the translation" not in " ".join(pairs(out)[2].flags)  # no term there


@pytest.mark.parametrize("engine", ENGINES)
def test_protected_names_survive_when_the_model_copies_codes_and_are_flagged_otherwise(
    models_dir, engine
):
    p = pipeline(models_dir, engine, protect_names=True, use_cache=False)
    real = p.translator_for("id").generate_scored
    seen = []

    def record(texts, options, language=None):
        seen.extend(texts)
        return real(texts, options, language)

    p.translator_for("id").generate_scored = record
    [out] = p.translate([article(SENTENCES[1])])
    assert "Siti" not in " ".join(seen) and "Malang" not in " ".join(
        seen
    )  # the model never sees them
    [pair] = pairs(out)
    for name in ("Siti Rahmawati", "Kota Malang"):
        assert name in pair.target or f"term not in the translation: {name}" in pair.flags

    def copy_codes(texts, options, language=None):  # a model that keeps the codes, as opus-mt does
        return [
            Scored(" ".join(w for w in t.split() if w.startswith("XQ")) + " said.", -0.5)
            for t in texts
        ]

    p.translator_for("id").generate_scored = copy_codes
    [out] = p.translate([article(SENTENCES[1])])
    [pair] = pairs(out)
    assert "Siti Rahmawati" in pair.target and "Kota Malang" in pair.target
    assert not any(f.startswith("term not") for f in pair.flags)


def test_cli_translate_jsonl_and_run_json_carry_trust(models_dir, capsys, tmp_path):
    from summarizer.cli import main

    page = tmp_path / "berita.txt"
    page.write_text("Judul berita\n\n" + " ".join(SENTENCES) + "\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("beasiswa\tscholarship\n", encoding="utf-8")
    assert (
        main(
            [
                "translate",
                str(page),
                "--format",
                "jsonl",
                "--engine",
                "ct2",
                "--glossary",
                str(glossary),
                "--protect-names",
            ]
        )
        == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and all({"score", "trust", "reasons"} <= set(line) for line in lines)
    assert all(line["trust"] in LEVELS and isinstance(line["score"], float) for line in lines)
    assert (
        main(
            [
                "run",
                str(SAMPLES / "000_c52daa8c54ef4d20.txt"),
                str(page),
                "--format",
                "json",
                "--summarizer",
                "extractive",
                "--engine",
                "ct2",
            ]
        )
        == 0
    )
    brief = json.loads(capsys.readouterr().out)
    translated = [a for a in brief["articles"] if a["sentences"]]
    assert translated and all(
        a["flagged_sentences"] == sum(s["trust"] != "ok" for s in a["sentences"])
        for a in translated
    )
    for fmt, word in (("text", "trust: "), ("markdown", "Trust: ")):
        assert (
            main(
                ["run", str(page), "--format", fmt, "--summarizer", "extractive", "--engine", "ct2"]
            )
            == 0
        )
        out = capsys.readouterr().out
        assert word in out and "translated sentences flagged" in out


def test_a_missing_glossary_file_is_an_input_error(models_dir, capsys, tmp_path):
    from summarizer.cli import main

    page = tmp_path / "berita.txt"
    page.write_text(" ".join(SENTENCES) + "\n", encoding="utf-8")
    assert main(["translate", str(page), "--glossary", str(tmp_path / "none.tsv")]) == 3
    assert "cannot read glossary" in capsys.readouterr().err
