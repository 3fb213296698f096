"""Article → Summary, and many Articles → one combined Summary with provenance.

Abstractive summaries are chunked at the model's real input limit and map-reduced, so no
part of a long article is cut. Every figure in a generated sentence must exist in the
sources; a sentence with an invented figure is flagged and, by default, replaced by the
closest source sentence. In the combined summary each sentence carries the ids of the
articles that support it, and a sentence stating a figure the sources dispute says so.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from typing import Callable, Iterator, Sequence

from .document import Article, Disagreement, Summary, SummarySentence, short_id
from .engines.base import GenerationOptions, Seq2Seq
from .engines.extractive import MAX_SENTENCES, content_words, select
from .numbers import CURRENCY_DISPLAY, Number, format_value, parse_numbers, same_value
from .options import LENGTHS, Options
from .segment import split_long, split_sentences
from .similar import SimilarIndex, jaccard

log = logging.getLogger(__name__)

EXTRACTIVE_NAME = "extractive"
MAX_REDUCE_DEPTH = 3
SAME_SENTENCE = 0.6  # content-word Jaccard above which two sentences say the same thing
SUPPORTS = 0.45  # ... above which an article's sentence supports a summary sentence
ATTRIBUTED = 0.5  # share of a generated sentence's content words one point must hold to source it
UNSUPPORTED = "unsupported"  # the flag of a generated sentence that matches no source
LONG_PARAGRAPH = 5_000  # characters segmented at once; no real paragraph is this long


def summary_language(article: Article) -> str:
    """The language a summary of `article` is in: English once translated, else its own."""
    if article.translation is not None or article.language in (None, "und"):
        return "en"
    return article.language


def _pieces(paragraph: str, size: int = LONG_PARAGRAPH) -> Iterator[str]:
    """A paragraph in pieces of about `size` characters, cut at spaces (a page with no
    line breaks would otherwise be segmented whole)."""
    start = 0
    while start < len(paragraph):
        end = len(paragraph)
        if end - start > size:
            cut = paragraph.rfind(" ", start, start + size)
            end = cut if cut > start else start + size
        yield paragraph[start:end]
        start = end


def article_sentences(article: Article, limit: int = MAX_SENTENCES) -> tuple[list[str], list[int]]:
    """The first `limit` sentences of the summary-language text, and each one's paragraph number.

    Reading stops at `limit`, so the cost of a summary does not grow with the article's length.
    """
    language = summary_language(article)
    sentences: list[str] = []
    paragraphs: list[int] = []
    for number, paragraph in enumerate(article.english_paragraphs):
        for piece in _pieces(paragraph):
            for sentence in split_sentences(piece, language):
                if len(sentences) == limit:
                    return sentences, paragraphs
                sentences.append(sentence)
                paragraphs.append(number)
    return sentences, paragraphs


def english_sentences(article: Article, limit: int = MAX_SENTENCES) -> list[str]:
    return article_sentences(article, limit)[0]


def generation_options(options: Options) -> GenerationOptions:
    (low, high), _ = LENGTHS[options.length]
    if options.summary_tokens is not None:
        low, high = options.summary_tokens
    return GenerationOptions(num_beams=options.beams, min_new_tokens=low, max_new_tokens=high,
                             no_repeat_ngram_size=3, length_penalty=2.0, batch_tokens=options.batch_tokens)


def chunks(sentences: Sequence[str], limit: int, count: Callable[[list[str]], list[int]]) -> list[list[str]]:
    """Consecutive sentences packed into chunks of at most `limit` tokens; long sentences split."""
    pieces = [p for s in sentences for p in split_long(s, limit, count)]
    lengths = count(pieces) if pieces else []
    packed: list[list[str]] = []
    size = 0
    for piece, length in zip(pieces, lengths):
        if packed and size + length <= limit:
            packed[-1].append(piece)
            size += length
        else:
            packed.append([piece])
            size = length
    return packed


def abstractive(documents: Sequence[list[str]], engine: Seq2Seq, gen: GenerationOptions) -> list[str]:
    """Map-reduce each document (a list of sentences): summarize its chunks, then the joined chunk
    summaries, until one chunk is left. Each level's chunks of every document go to the engine in
    one call, so all of its workers stay busy (two articles decode side by side on two cores)."""
    limit = engine.max_input_tokens - 8
    results = [""] * len(documents)
    pending = dict(enumerate(documents))
    for depth in range(MAX_REDUCE_DEPTH + 1):
        parts = {i: found for i, doc in pending.items() if (found := chunks(doc, limit, engine.count_tokens))}
        outputs = iter(engine.generate([" ".join(c) for found in parts.values() for c in found], gen, "en"))
        pending = {}
        for i, found in parts.items():
            summaries = [next(outputs) for _ in found]
            if len(found) == 1 or depth == MAX_REDUCE_DEPTH:
                results[i] = " ".join(summaries)
            else:
                pending[i] = split_sentences(" ".join(summaries), "en")
        if not pending:
            break
    return results


def summarize_articles(articles: Sequence[Article], engine: Seq2Seq | None, options: Options) -> list[Summary]:
    """Each article's summary (extractive when `engine` is None)."""
    if engine is None:
        _, k = LENGTHS[options.length]
        chosen = [extract(article, k) for article in articles]
        name = EXTRACTIVE_NAME
    else:
        documents = [[s for para in a.english_paragraphs for s in split_sentences(para, "en")]
                     for a in articles]
        chosen = [split_sentences(text, "en") for text in abstractive(documents, engine, generation_options(options))]
        name = engine.name
    summaries = []
    for article, sentences in zip(articles, chosen):
        summary = [SummarySentence(s, (article.id,)) for s in sentences if s.strip()]
        if engine is not None:  # a sentence copied from the article states no figure it lacks
            summary = check_figures(summary, [article], options.replace_unsupported)
        summaries.append(Summary((article.id,), tuple(summary), name))
    return summaries


def extract(article: Article, k: int) -> list[str]:
    """The sentences of an extractive `k`-sentence summary of `article`, in its order."""
    sentences, paragraphs = article_sentences(article)
    title = article.title if article.translation is None else None
    chosen = select(sentences, k, summary_language(article), paragraphs, title)
    return [sentences[i] for i in chosen]


def summarize_article(article: Article, engine: Seq2Seq | None, options: Options) -> Summary:
    """One article's summary (extractive when `engine` is None)."""
    return summarize_articles([article], engine, options)[0]


def source_numbers(articles: Sequence[Article]) -> list[Number]:
    numbers: list[Number] = []
    for article in articles:
        numbers.extend(parse_numbers(article.text, article.language if article.language != "und" else "en"))
        if article.translation is not None:
            numbers.extend(parse_numbers(article.english, "en"))
    return numbers


def check_figures(sentences: list[SummarySentence], articles: Sequence[Article], replace: bool) -> list[SummarySentence]:
    """Flag (and by default replace) summary sentences that state a figure found in no source."""
    known = source_numbers(articles)
    pool = [(s, a.id) for a in articles for s in english_sentences(a)]
    checked = []
    for sentence in sentences:
        invented = [n.text for n in parse_numbers(sentence.text, "en")
                    if not any(same_value(n.value, k.value) for k in known)]
        if not invented:
            checked.append(sentence)
            continue
        flag = f"unsupported figure: {', '.join(invented)}"
        if replace and pool:
            words = content_words(sentence.text)
            best, source = max(pool, key=lambda item: jaccard(words, content_words(item[0])))
            checked.append(SummarySentence(best, (source,), (flag, f"replaced the model's sentence: {sentence.text}")))
        else:
            checked.append(SummarySentence(sentence.text, sentence.sources, sentence.flags + (flag,)))
    return checked


def combine(articles: Sequence[Article], summaries: Sequence[Summary], engine: Seq2Seq | None, options: Options,
            disagreements: Sequence[Disagreement] = ()) -> Summary:
    """The combined summary: shared points first, each sentence with its supporting article ids.

    The points are the sentences of the articles' own summaries, near-identical ones merged;
    a point is supported by every article with a sentence close to it. Both lookups go
    through a prefix-filtered index (`similar.SimilarIndex`), so the cost grows with the
    number of sentences, not with their pairs. A generated sentence that matches no point
    is credited to no article and flagged `UNSUPPORTED`.
    """
    ids = [a.id for a in articles]
    ranked = shared_points(articles, summaries)
    _, k = LENGTHS[options.length]
    if engine is None:
        chosen = [SummarySentence(text, tuple(s for s in ids if s in sources)) for text, sources in ranked[: k + 2]]
        name = EXTRACTIVE_NAME
    else:
        [text] = abstractive([[t for t, _ in ranked]], engine, generation_options(options))
        chosen = [_attribute(sentence, ranked, ids)
                  for sentence in split_sentences(text, "en") if sentence.strip()]
        name = engine.name
    if engine is not None:  # extractive sentences are the sources' own words
        chosen = check_figures(chosen, articles, options.replace_unsupported)
    return Summary(tuple(ids), tuple(mark_disputes(chosen, disagreements, ids)), name)


def shared_points(articles: Sequence[Article],
                  summaries: Sequence[Summary]) -> list[tuple[str, set[str]]]:
    """Summary sentences merged when near-identical, each with the ids of the articles that
    support it; most-supported first, and among equals each article's best sentence before
    anyone's second."""
    # Function words of every language: a story may mix untranslated languages.
    article_words = [[frozenset(content_words(s, None)) for s in english_sentences(a)]
                     for a in articles]
    frequency = Counter(w for sentences in article_words for words in set(sentences) for w in words)
    owners: dict[frozenset[str], set[str]] = defaultdict(set)  # identical sentences, one entry
    support: SimilarIndex[frozenset[str]] = SimilarIndex(SUPPORTS, frequency)
    for article, sentences in zip(articles, article_words):
        for words in sentences:
            owners[words].add(article.id)
            support.add(words, words)
    same: SimilarIndex[int] = SimilarIndex(SAME_SENTENCE, frequency)
    points: list[tuple[str, set[str]]] = []
    position: list[tuple[int, int]] = []  # (rank inside its article's summary, article index)
    for a, summary in enumerate(summaries):
        for rank, sentence in enumerate(summary.sentences):
            words = frozenset(content_words(sentence.text, None))
            supporters = set(sentence.sources)
            for key, _ in support.similar(words):
                supporters |= owners[key]
            match = max(same.similar(words), key=lambda found: (found[1], -found[0]), default=None)
            if match is not None:
                points[match[0]][1].update(supporters)
            else:
                same.add(len(points), words)
                points.append((sentence.text, supporters))
                position.append((rank, a))
    order = sorted(range(len(points)), key=lambda i: (-len(points[i][1]), position[i]))
    return [points[i] for i in order]


def _attribute(text: str, ranked: list[tuple[str, set[str]]], ids: list[str]) -> SummarySentence:
    """A generated sentence credited to the sources of the point that holds most of its words,
    or to none, flagged, when no point holds `ATTRIBUTED` of them."""
    words = content_words(text, None)
    best, sources = 0.0, set()
    for point, supporters in ranked:
        held = len(words & content_words(point, None)) / len(words) if words else 0.0
        if held > best:
            best, sources = held, supporters
    if best < ATTRIBUTED:
        return SummarySentence(text, (), (UNSUPPORTED,))
    return SummarySentence(text, tuple(s for s in ids if s in sources))


def mark_disputes(sentences: list[SummarySentence], disagreements: Sequence[Disagreement],
                  ids: list[str]) -> list[SummarySentence]:
    """A sentence stating one side of a disputed figure names every side and its sources."""
    marked = []
    for sentence in sentences:
        numbers = parse_numbers(sentence.text, "en")
        notes = []
        for d in disagreements:
            units = {v.unit for v in d.values}
            counts = not units & {"%", "date", "year", "magnitude", *CURRENCY_DISPLAY}  # a count of anything
            if any(n.unit in units or (n.unit == "number" and counts) for n in numbers) and any(
                    same_value(n.value, v.normalized) for n in numbers for v in d.values):
                sides = " vs ".join(f"{format_value(v.normalized, v.unit)} ({', '.join(short_id(s, ids) for s in v.sources)})"
                                    for v in d.values)
                notes.append(f"sources disagree on the {d.about}: {sides}")
        if notes:
            text = f"{sentence.text} [{'; '.join(notes)}]"
            marked.append(SummarySentence(text, sentence.sources, sentence.flags + ("disputed figure",)))
        else:
            marked.append(sentence)
    return marked
