"""Translation plumbing with tiny random models: nothing truncated, order kept, cache works."""
from __future__ import annotations

import dataclasses

from summarizer import Article, Options, Pipeline
from summarizer.segment import split_sentences
from summarizer.translation import lost_figures

ID_SENTENCES = [
    "Pemerintah kota mengumumkan rencana pembangunan jalur sepeda baru pada tahun depan.",
    "Menurut kepala dinas perhubungan, proyek itu akan dimulai pada bulan Maret.",
    "Warga menyambut baik rencana tersebut, meskipun sebagian pedagang khawatir.",
    "Anggaran proyek diperkirakan mencapai Rp 120 miliar dari dana daerah.",
]
EN_PARAGRAPH = ("The city council said on Monday that the new bicycle lanes would be open to the public "
                "by the end of next year, and that cars would be banned from two central streets.")


def indonesian(aid: str, paragraphs) -> Article:
    return Article(id=aid, source=f"{aid}.txt", paragraphs=tuple(paragraphs), language="id", language_confidence=1.0)


def pipeline(models_dir, **kw) -> Pipeline:
    return Pipeline(Options(models_dir=str(models_dir), engine=kw.pop("engine", "hf"), **kw))


def test_long_article_comes_back_complete_and_in_order(models_dir):
    paragraphs = [" ".join(ID_SENTENCES[(i + j) % 4] for j in range(6)) for i in range(50)]
    art = indonesian("long", paragraphs)
    p = pipeline(models_dir)
    assert sum(p.translator_for("id").count_tokens([art.text])) > 5000
    [out] = p.translate([art])
    assert len(out.translation) == len(paragraphs)
    for para, pairs in zip(paragraphs, out.translation):
        assert [pair.source for pair in pairs] == split_sentences(para, "id")  # every sentence, in order
        assert all(pair.target.strip() for pair in pairs)
    assert out.translator == "opus-mt-id-en"


def test_english_paragraphs_inside_an_indonesian_article_pass_through(models_dir):
    art = indonesian("mixed", [" ".join(ID_SENTENCES), EN_PARAGRAPH, " ".join(ID_SENTENCES[:2])])
    [out] = pipeline(models_dir).translate([art])
    assert out.english_paragraphs[1] == EN_PARAGRAPH
    assert all(pair.source == pair.target for pair in out.translation[1])


def test_english_articles_are_not_sent_to_a_model(models_dir):
    art = Article(id="en", source="en.txt", paragraphs=(EN_PARAGRAPH,), language="en")
    p = pipeline(models_dir)
    assert p.translate([art]) == [art]
    assert p._engines == {}


def test_cache_makes_a_second_run_skip_the_model(models_dir):
    articles = [indonesian("a", [" ".join(ID_SENTENCES)]), indonesian("b", [" ".join(ID_SENTENCES[:2])])]
    first = pipeline(models_dir)
    out1 = first.translate(articles)
    assert first.translator_for("id").calls > 0
    second = pipeline(models_dir)
    out2 = second.translate(articles)
    assert second.translator_for("id").calls == 0
    assert [a.english for a in out1] == [a.english for a in out2]


def test_overlapping_sentences_are_translated_once(models_dir):
    p = pipeline(models_dir, use_cache=False)
    engine = p.translator_for("id")
    seen = []
    original = engine.generate_scored
    engine.generate_scored = lambda texts, options, lang=None: seen.extend(texts) or original(texts, options, lang)
    p.translate([indonesian("a", [" ".join(ID_SENTENCES)])])
    assert sorted(seen[: len(ID_SENTENCES)]) == sorted(ID_SENTENCES)


def test_malay_is_routed_to_nllb(models_dir):
    malay = Article(id="ms", source="ms.txt", language="ms", paragraphs=(
        "Kerajaan hari ini mengumumkan pakej bantuan bernilai RM1.2 bilion bagi membantu peniaga kecil.",))
    [out] = pipeline(models_dir).translate([malay])
    assert out.translator == "nllb-600m" and out.translation[0][0].target


def test_a_sentence_that_loses_a_figure_is_flagged(models_dir):
    [out] = pipeline(models_dir).translate([indonesian("f", ["Nilai investasi mencapai US$14,3 miliar pada 13 Juni 2025."])])
    flags = out.flags
    # A random model cannot keep the figures: the loss must be reported, never hidden.
    assert any("US$14,3 miliar" in f for f in flags) and any("13 Juni 2025" in f for f in flags)


def test_lost_figures_compares_values_not_spelling():
    assert lost_figures("Meta berinvestasi US$14,3 miliar (49%).", "Meta invested $14.3 billion (49 percent).", "id") == []
    assert lost_figures("Sebanyak 3.016 orang pada 13 Juni 2025.", "Some 3,016 people on June 13, 2025.", "id") == []
    assert lost_figures("Nilainya US$14,3 miliar.", "It was worth $14.8 billion.", "id") == ["US$14,3 miliar"]


def test_unknown_language_is_left_untranslated_with_a_warning(models_dir):
    p = pipeline(models_dir)
    [art] = p.detect([Article(id="x", source="x.txt", paragraphs=("ok",))])
    assert art.language == "und" and any("not recognised" in w for w in art.warnings)
    assert p.translate([art])[0].translation is None


def test_progress_reports_tokens_and_sentences(models_dir):
    events = []
    p = Pipeline(Options(models_dir=str(models_dir), engine="hf"), progress=lambda *args: events.append(args))
    p.translate([indonesian("a", [" ".join(ID_SENTENCES)])])
    stage, _, total, first = events[0]
    assert stage == "translate" and total > 0 and first == "0/4 sentences"
    assert sum(e[1] for e in events) == total and events[-1][3] == "4/4 sentences"


def test_batch_tokens_option_reaches_the_translation_engine(models_dir):
    """`--batch-tokens` bounds the padded size of every translation batch (memory on small machines)."""
    p = pipeline(models_dir)
    engine = p.translator_for("id")
    seen = []
    real = engine.generate_scored

    def recording(texts, options, source_language=None):
        seen.append(options.batch_tokens)
        return real(texts, options, source_language)

    engine.generate_scored = recording
    p.options = dataclasses.replace(p.options, batch_tokens=128)
    p.translate([indonesian("a", [" ".join(ID_SENTENCES)])])
    assert seen and set(seen) == {128}


def test_replacing_a_models_weights_invalidates_its_cached_translations(models_dir, tmp_path):
    import shutil

    from tiny_models import build_marian

    articles = [indonesian("a", [" ".join(ID_SENTENCES)])]
    before = pipeline(models_dir).translate(articles)
    folder = models_dir / "opus-mt-id-en"
    shutil.rmtree(folder)
    shutil.copytree(build_marian(tmp_path / "retrained", seed=7), folder)  # same names and sizes, new weights
    expected = pipeline(models_dir, use_cache=False).translate(articles)
    rerun = pipeline(models_dir)
    after = rerun.translate(articles)
    assert rerun.translator_for("id").calls > 0
    assert [a.english for a in after] == [a.english for a in expected] != [a.english for a in before]


def test_cached_translations_are_kept_apart_per_engine(models_dir):
    articles = [indonesian("a", [" ".join(ID_SENTENCES[:2])])]
    pipeline(models_dir, engine="hf").translate(articles)
    other = pipeline(models_dir, engine="ct2")
    other.translate(articles)
    assert other.translator_for("id").calls > 0
