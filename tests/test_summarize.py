"""Summaries: chunking never truncates, map-reduce runs, provenance is complete."""
from __future__ import annotations

import pytest

from summarizer import Article, Options, Pipeline, UsageError
from summarizer.summarization import UNSUPPORTED, chunks, combine, summarize_article, summarize_articles

EN = ("Meta invested $14.3 billion in Scale AI. The deal gave Meta a 49% stake in the company. "
      "Scale AI cut 200 employees a month later. Its chief executive joined Meta to lead a new lab.")


def english(aid: str, *paragraphs: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", paragraphs=paragraphs, language="en")


def test_chunks_cover_a_long_article_completely(models_dir):
    engine = Pipeline(Options(models_dir=str(models_dir), engine="hf")).engine("distilbart-cnn", "summarization")
    sentences = [f"Sentence number {i} says that the company reported new figures for quarter {i % 4 + 1}." for i in range(700)]
    assert sum(engine.count_tokens(sentences)) > 10_000
    packed = chunks(sentences, engine.max_input_tokens - 8, engine.count_tokens)
    assert [s for chunk in packed for s in chunk] == sentences
    assert all(sum(engine.count_tokens([" ".join(c)])) <= engine.max_input_tokens for c in packed)


def test_map_reduce_summary_of_a_long_article(models_dir):
    p = Pipeline(Options(models_dir=str(models_dir), engine="hf", beams=1, length="short"))
    engine = p.summarizer()
    article = english("long", *[EN] * 120)
    summary = summarize_article(article, engine, p.options)
    assert engine.calls >= 2  # chunks, then the reduce step
    assert summary.article_ids == ("long",) and summary.model == "distilbart-cnn"
    assert all(s.sources == ("long",) for s in summary.sentences)


def test_articles_are_summarized_together_with_the_same_result_as_one_by_one(models_dir):
    """Batched so that every CTranslate2 worker has an article to decode; nothing else changes."""
    p = Pipeline(Options(models_dir=str(models_dir), engine="ct2", compute_type="float32", beams=2, length="short",
                         use_cache=False))
    engine = p.summarizer()
    articles = [english("one", EN), english("two", "Scale AI cut 200 employees. " * 3),
                english("long", *[EN] * 120), english("empty")]
    together = summarize_articles(articles, engine, p.options)
    calls = engine.calls
    assert calls <= 1 + 3  # the map over every article at once, then at most three reduce levels
    assert together == [summarize_article(a, engine, p.options) for a in articles]
    assert engine.calls > calls + 2
    assert together[3].sentences == ()


def test_extractive_summary_picks_sentences_from_the_article():
    article = english("e", EN, "Analysts said the price was high. Others said it bought Meta time.")
    summary = summarize_article(article, None, Options(length="short"))
    assert summary.model == "extractive" and 2 <= len(summary.sentences) <= 3
    assert summary.sentences[0].text == "Meta invested $14.3 billion in Scale AI."
    assert all(s.text in article.text for s in summary.sentences)


def test_combined_summary_orders_by_support_and_cites_every_source():
    shared = "Meta invested $14.3 billion in Scale AI."
    articles = [english("a", shared + " The deal was announced in June."),
                english("b", shared + " Analysts were surprised by the price."),
                english("c", "Scale AI cut 200 employees a month after the deal. " + shared)]
    options = Options(length="short")
    summaries = [summarize_article(a, None, options) for a in articles]
    combined = combine(articles, summaries, None, options)
    assert combined.article_ids == ("a", "b", "c")
    assert combined.sentences[0].text == shared and combined.sentences[0].sources == ("a", "b", "c")
    assert all(s.sources for s in combined.sentences)
    texts = [s.text for s in combined.sentences]
    assert len(texts) == len(set(texts))  # near-identical sentences merged


def test_abstractive_combined_summary_has_provenance(models_dir):
    p = Pipeline(Options(models_dir=str(models_dir), engine="hf", beams=1, length="short"))
    articles = [english("a", EN), english("b", EN.replace("14.3", "14.8"))]
    summaries, combined, facts = p.summarize(articles)
    assert len(summaries) == 2 and combined is not None and combined.sentences
    for s in combined.sentences:  # a random tiny model: either sourced, or flagged and sourceless
        assert set(s.sources) <= {"a", "b"}
        assert bool(s.sources) != (UNSUPPORTED in s.flags)
    assert [d.about for d in facts.disagreements] == ["investment"]


class Scripted:
    """A summarization engine that answers with a fixed text."""

    name, family, max_input_tokens, calls = "scripted", "bart", 1024, 0

    def __init__(self, text: str):
        self.text = text

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def generate(self, texts, options, source_language=None):
        self.calls += 1
        return [self.text for _ in texts]


def test_a_generated_sentence_that_no_source_supports_is_credited_to_none():
    articles = [english("a", "The port of Tanjung Mas reopened on Monday after the storm passed."),
                english("b", "Fishermen in the north were told to stay ashore until Friday.")]
    options = Options(length="short", replace_unsupported=False)
    summaries = [summarize_article(a, None, options) for a in articles]
    engine = Scripted("The port of Tanjung Mas reopened on Monday after the storm. "
                      "A famous violinist released her third album in Vienna.")
    combined = combine(articles, summaries, engine, options)
    sourced, invented = combined.sentences
    assert sourced.sources == ("a",) and UNSUPPORTED not in sourced.flags
    assert invented.sources == () and UNSUPPORTED in invented.flags


def test_token_bounds_override_the_length_preset():
    from summarizer.summarization import generation_options

    assert generation_options(Options(length="short")).max_new_tokens == 60
    bounded = generation_options(Options(length="short", summary_tokens=(10, 25)))
    assert (bounded.min_new_tokens, bounded.max_new_tokens) == (10, 25)


@pytest.mark.parametrize("bounds", [(0, 0), (30, 10), (-1, 5)])
def test_impossible_summary_lengths_are_usage_errors(bounds):
    with pytest.raises(UsageError, match="summary-tokens"):
        Options(summary_tokens=bounds).validate()


def test_a_summary_longer_than_the_model_allows_is_refused_before_translation(models_dir, tmp_path):
    import shutil

    from tiny_models import build_bart

    shutil.rmtree(models_dir / "distilbart-cnn")
    build_bart(models_dir / "distilbart-cnn", max_positions=64)
    stages = []
    pipeline = Pipeline(Options(models_dir=str(models_dir), engine="hf", summary_tokens=(10, 200)),
                        progress=lambda stage, *args, **kw: stages.append(stage))
    page = "Harga beras di pasar tradisional naik tajam pekan ini, kata pedagang di Bandung.\n" * 3
    with pytest.raises(UsageError, match="at most 63"):
        pipeline.run([page], allow_text=True)
    assert "translate" not in stages

def test_the_ranker_skips_headings_unattributed_quotes_and_repeats():
    article = english(
        "r",
        "Flood Update",
        "Heavy rain flooded forty villages in the river valley on Tuesday, officials said.",
        '"We have never seen water this high."',
        "Forty villages in the river valley were flooded by heavy rain on Tuesday, officials said.",
        "The regional government opened twelve shelters and sent boats to reach stranded families.",
        "Will the dams hold?",
        "Rescue teams expect the water to recede by the weekend if the rain stops.",
    )
    texts = [s.text for s in summarize_article(article, None, Options(length="medium")).sentences]
    assert texts[0].startswith("Heavy rain flooded forty villages")
    assert "Flood Update" not in texts and "Will the dams hold?" not in texts
    assert not any(t.startswith('"We have never') for t in texts)
    assert not any(t.startswith("Forty villages") for t in texts)  # says the lead again
    assert any(t.startswith("The regional government") for t in texts)


BODY = ["The storm cut power to most of the eastern districts overnight.",
        "Engineers from the state utility restored two substations by noon.",
        "Schools in the coastal towns will stay closed until Thursday.",
        "Farmers reported flattened rice fields along the northern highway.",
        "The airport cancelled eleven flights and rebooked stranded passengers.",
        "Insurance firms expect claims to exceed last year's total.",
        "Volunteers handed out drinking water at the central mosque.",
        "A ferry carrying forty passengers docked safely despite high waves.",
        "Police closed a landslide-hit road linking the two provinces.",
        "Meteorologists warned that another front could arrive next week."]


def test_extractive_length_follows_the_preset():
    article = english("p", *BODY)
    lengths = {name: len(summarize_article(article, None, Options(length=name)).sentences)
               for name in ("short", "medium", "long")}
    assert lengths["short"] < lengths["medium"] < lengths["long"]


def test_similar_index_finds_exactly_the_pairs_above_its_threshold():
    import random

    from summarizer.similar import SimilarIndex, jaccard

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    sets = [frozenset(rng.sample(vocabulary, rng.randint(1, 8))) for _ in range(300)]
    for threshold in (0.3, 0.45, 0.6, 1.0):
        index: SimilarIndex[int] = SimilarIndex(threshold)
        for i, words in enumerate(sets):
            index.add(i, words)
        for query in sets[:60]:
            found = {key for key, _ in index.similar(query)}
            assert found == {i for i, words in enumerate(sets) if jaccard(query, words) >= threshold}


def test_combined_summary_finds_support_in_articles_whose_summary_left_it_out():
    lead = "Workers at the Cilacap refinery began a three-day strike over unpaid overtime."
    filler = " ".join(BODY)
    articles = [english("a", lead + " Talks resumed late on Wednesday."),
                english("b", filler + " " + lead.replace("began", "started")),
                english("c", "A new bridge opened in Surabaya on Thursday to ease traffic.")]
    options = Options(length="short")
    summaries = [summarize_article(a, None, options) for a in articles]
    assert not any("refinery" in s.text for s in summaries[1].sentences)
    combined = combine(articles, summaries, None, options)
    strike = next(s for s in combined.sentences if "refinery" in s.text)
    assert strike.sources == ("a", "b") and combined.sentences[0] == strike
    bridge = next(s for s in combined.sentences if "bridge" in s.text)
    assert bridge.sources == ("c",)


def test_a_huge_one_line_page_is_summarized_in_flat_memory():
    """A page with no line breaks: only its first sentences are segmented and ranked."""
    import tracemalloc

    words = ["harbour", "cargo", "minister", "said", "Tuesday", "ships", "the", "of", "2,400", "tonnes"]
    sentence = " ".join(words[(i * 7) % len(words)] for i in range(17)) + ". "
    text = "".join(f"Report {i} {sentence}" for i in range(60_000))  # about 5 MB, one paragraph
    assert len(text) > 4_000_000
    article = english("huge", text)
    tracemalloc.start()
    try:
        summaries = summarize_articles([article], None, Options())
        combined = combine([article], summaries, None, Options())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summaries[0].sentences and combined.sentences
    assert peak < 20_000_000  # the text alone is 5 MB; whole-text work would need several times it
