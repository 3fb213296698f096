"""Summaries: chunking never truncates, map-reduce runs, provenance is complete."""
from __future__ import annotations

from summarizer import Article, Options, Pipeline
from summarizer.summarization import chunks, combine, summarize_article, summarize_articles

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
    assert len(summaries) == 2 and combined is not None
    assert all(set(s.sources) <= {"a", "b"} and s.sources for s in combined.sentences)
    assert [d.about for d in facts.disagreements] == ["investment"]


def test_token_bounds_override_the_length_preset():
    from summarizer.summarization import generation_options

    assert generation_options(Options(length="short")).max_new_tokens == 60
    bounded = generation_options(Options(length="short", summary_tokens=(10, 25)))
    assert (bounded.min_new_tokens, bounded.max_new_tokens) == (10, 25)
