"""Article → English Article: per-paragraph language, sentence units, nothing truncated.

English paragraphs pass through. Other paragraphs are split into sentences; a sentence
longer than the model's comfortable length is split at clause boundaries (never dropped),
all units of all articles go to the engine at once (it batches by token budget), and the
results are put back in order. Every figure in a source sentence must reappear in its
translation; a sentence that loses one is retried with beam search, then flagged. Glossary
terms and protected names travel as codes (glossary.py); every sentence gets the model's
score and a trust level (trust.py).
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Callable, Sequence

from .document import Article, SentencePair
from .engines.base import GenerationOptions, Scored, Seq2Seq
from .glossary import Glossary, Masked, mask, unmask
from .language import detect_paragraphs, needs_translation
from .numbers import parse_numbers, same_value
from .segment import split_long, split_sentences
from .trust import assess

log = logging.getLogger(__name__)

MAX_UNIT_TOKENS = 200  # opus-mt degrades past ~200 tokens per segment
GREEDY = GenerationOptions(num_beams=1, max_new_tokens=512, no_repeat_ngram_size=4, max_ratio=2.0)
RETRY = dataclasses.replace(GREEDY, num_beams=4)

Router = Callable[[str], Seq2Seq]


def lost_figures(source: str, target: str, language: str) -> list[str]:
    """Figures of the source sentence that its translation does not contain (as values)."""
    found = parse_numbers(target, "en")
    lost = []
    for number in parse_numbers(source, language):
        if not any(same_value(number.value, other.value) for other in found):
            lost.append(number.text)
    return lost


@dataclasses.dataclass
class _Unit:
    article: int
    paragraph: int
    sentence: int
    text: str
    language: str
    tokens: int = 0  # source tokens, counted once, for progress


Progress = Callable[[int, "int | None", str], None]  # (source tokens done, total tokens when known, detail)


def translate_articles(articles: list[Article], route: Router, progress: Progress | None = None,
                       batch_tokens: int | None = None, glossary: Glossary | None = None,
                       protect_names: bool = False) -> list[Article]:
    """Translate every non-English article; English and unknown-language ones come back unchanged.

    Args:
        articles: cleaned articles with `language` set.
        route: returns the engine for a source language (raises ModelNotFound when none).
        progress: called once with the total of source tokens, then with the tokens of each
            batch finished and a "sentences done" note.
        batch_tokens: padded tokens per model batch (`--batch-tokens`); None: the engine's default.
        glossary: terms that must become a given English, or stay as they are.
        protect_names: keep names of people, places and institutions untranslated.
    """
    plans: dict[int, list[list[list[str]]]] = {}  # article → paragraph → sentence → pieces (masked)
    masks: dict[tuple[int, int, int], Masked] = {}
    units: list[_Unit] = []
    para_languages: dict[int, list[str]] = {}
    for a, article in enumerate(articles):
        if not needs_translation(article.language):
            continue
        languages = detect_paragraphs(article.paragraphs, article.language)
        para_languages[a] = languages
        plans[a] = []
        for p, (para, language) in enumerate(zip(article.paragraphs, languages)):
            sentences = split_sentences(para, language)
            plans[a].append([[s] for s in sentences])
            if language == "en":
                continue
            engine = route(language)
            for s, sentence in enumerate(sentences):
                masks[(a, p, s)] = masked = mask(sentence, language, glossary, protect_names)
                pieces = split_long(masked.text, min(MAX_UNIT_TOKENS, engine.max_input_tokens - 2),
                                    engine.count_tokens)
                plans[a][p][s] = pieces
                units.extend(_Unit(a, p, s, piece, language, n) for piece, n in zip(pieces, engine.count_tokens(pieces)))
    if progress:
        progress(0, sum(u.tokens for u in units), f"0/{len(units)} sentences")
    outputs = _run(units, route, dataclasses.replace(GREEDY, batch_tokens=batch_tokens), progress)
    pairs = _join(units, outputs)
    languages = {key: para_languages[key[0]][key[1]] for key in pairs}
    _retry_lost_figures(pairs, plans, languages, route, dataclasses.replace(RETRY, batch_tokens=batch_tokens))
    result = []
    for a, article in enumerate(articles):
        if a not in plans:
            result.append(article)
            continue
        paragraphs = []
        for p, sentences in enumerate(plans[a]):
            row = []
            for s, pieces in enumerate(sentences):
                if (a, p, s) not in pairs:  # an English paragraph: passes through untouched
                    source = " ".join(pieces)
                    row.append(SentencePair(source, source))
                    continue
                row.append(_pair(masks[(a, p, s)], pairs[(a, p, s)], languages[(a, p, s)]))
            paragraphs.append(tuple(row))
        names = sorted({route(lang).name for lang in set(para_languages[a]) if lang != "en"})
        result.append(dataclasses.replace(article, translation=tuple(paragraphs), translator=", ".join(names) or None))
    return result


def _pair(masked: Masked, output: Scored, language: str) -> SentencePair:
    """A translated sentence with its codes restored, its figures and terms checked, and its trust."""
    source = masked.source
    target, missing = unmask(output.text, masked)
    flags = tuple(f"figure lost in translation: {x}" for x in lost_figures(source, target, language))
    flags += tuple(f"term not in the translation: {x}" for x in missing)
    lost = tuple(f for f in flags if f.startswith("figure"))
    trust, reasons = assess(source, target, language, output.score, problems=flags[len(lost):], serious=lost)
    return SentencePair(source, target, flags, score=output.score, trust=trust, reasons=reasons)


def _join(units: list[_Unit], outputs: list[Scored]) -> dict[tuple[int, int, int], Scored]:
    """The pieces of each sentence put back together; the score is their mean."""
    parts: dict[tuple[int, int, int], list[Scored]] = {}
    for unit, out in zip(units, outputs):
        parts.setdefault((unit.article, unit.paragraph, unit.sentence), []).append(out)
    joined = {}
    for key, pieces in parts.items():
        scores = [p.score for p in pieces if p.score is not None]
        joined[key] = Scored(" ".join(p.text for p in pieces), sum(scores) / len(scores) if scores else None)
    return joined


def generate_scored(engine: Seq2Seq, texts: Sequence[str], options: GenerationOptions,
                    language: str) -> list[Scored]:
    """Outputs with scores; an engine that only implements `generate` gives outputs without one."""
    if hasattr(engine, "generate_scored"):
        return engine.generate_scored(texts, options, language)
    return [Scored(t) for t in engine.generate(texts, options, language)]


def _run(units: list[_Unit], route: Router, options: GenerationOptions, progress: Progress | None) -> list[Scored]:
    """Send units to their engines grouped by language; outputs in unit order."""
    outputs = [Scored("")] * len(units)
    done = 0
    by_language: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        by_language.setdefault(unit.language, []).append(i)
    for language, indices in by_language.items():
        engine = route(language)
        step = 256  # report progress between slices of a long run
        for start in range(0, len(indices), step):
            chunk = indices[start:start + step]
            for i, out in zip(chunk, generate_scored(engine, [units[i].text for i in chunk], options, language)):
                outputs[i] = out
            done += len(chunk)
            if progress:
                progress(sum(units[i].tokens for i in chunk), None, f"{done}/{len(units)} sentences")
    return outputs


def _retry_lost_figures(pairs: dict, plans: dict, languages: dict, route: Router, retry_options: GenerationOptions) -> None:
    """Retranslate, with beam search, the sentences whose figures went missing; keep the better one."""
    def source(key: tuple[int, int, int]) -> str:
        return " ".join(plans[key[0]][key[1]][key[2]])

    retry = [key for key in pairs if lost_figures(source(key), pairs[key].text, languages[key])]
    if not retry:
        return
    log.info("retrying %d sentence(s) that lost a figure, with beam search", len(retry))
    units = [_Unit(*key, piece, languages[key]) for key in retry for piece in plans[key[0]][key[1]][key[2]]]
    outputs = _run(units, route, retry_options, None)
    for key, candidate in _join(units, outputs).items():
        before = lost_figures(source(key), pairs[key].text, languages[key])
        if len(lost_figures(source(key), candidate.text, languages[key])) < len(before):
            pairs[key] = candidate
