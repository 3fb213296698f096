"""Article → English Article: per-paragraph language, sentence units, nothing truncated.

English paragraphs pass through. Other paragraphs are split into sentences; a sentence
longer than the model's comfortable length is split at clause boundaries (never dropped),
all units of all articles go to the engine at once (it batches by token budget), and the
results are put back in order. Every figure in a source sentence must reappear in its
translation; a sentence that loses one is retried with beam search, then flagged.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Callable

from .document import Article, SentencePair
from .engines.base import GenerationOptions, Seq2Seq
from .language import UNKNOWN, detect_paragraphs
from .numbers import parse_numbers, same_value
from .segment import split_long, split_sentences

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
                       batch_tokens: int | None = None) -> list[Article]:
    """Translate every non-English article; English and unknown-language ones come back unchanged.

    Args:
        articles: cleaned articles with `language` set.
        route: returns the engine for a source language (raises ModelNotFound when none).
        progress: called once with the total of source tokens, then with the tokens of each
            batch finished and a "sentences done" note.
        batch_tokens: padded tokens per model batch (`--batch-tokens`); None: the engine's default.
    """
    plans: dict[int, list[list[list[str]]]] = {}  # article → paragraph → sentence → pieces
    units: list[_Unit] = []
    para_languages: dict[int, list[str]] = {}
    for a, article in enumerate(articles):
        if article.language in ("en", UNKNOWN, None):
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
                pieces = split_long(sentence, min(MAX_UNIT_TOKENS, engine.max_input_tokens - 2), engine.count_tokens)
                plans[a][p][s] = pieces
                units.extend(_Unit(a, p, s, piece, language, n) for piece, n in zip(pieces, engine.count_tokens(pieces)))
    if progress:
        progress(0, sum(u.tokens for u in units), f"0/{len(units)} sentences")
    outputs = _run(units, route, dataclasses.replace(GREEDY, batch_tokens=batch_tokens), progress)
    targets: dict[tuple[int, int, int], list[str]] = {}
    for unit, out in zip(units, outputs):
        targets.setdefault((unit.article, unit.paragraph, unit.sentence), []).append(out)
    pairs = {key: " ".join(parts) for key, parts in targets.items()}
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
                source = " ".join(pieces)
                if (a, p, s) not in pairs:  # an English paragraph: passes through untouched
                    row.append(SentencePair(source, source))
                    continue
                lost = lost_figures(source, pairs[(a, p, s)], languages[(a, p, s)])
                row.append(SentencePair(source, pairs[(a, p, s)], tuple(f"figure lost in translation: {x}" for x in lost)))
            paragraphs.append(tuple(row))
        names = sorted({route(lang).name for lang in set(para_languages[a]) if lang != "en"})
        result.append(dataclasses.replace(article, translation=tuple(paragraphs), translator=", ".join(names) or None))
    return result


def _run(units: list[_Unit], route: Router, options: GenerationOptions, progress: Progress | None) -> list[str]:
    """Send units to their engines grouped by language; outputs in unit order."""
    outputs = [""] * len(units)
    done = 0
    by_language: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        by_language.setdefault(unit.language, []).append(i)
    for language, indices in by_language.items():
        engine = route(language)
        step = 256  # report progress between slices of a long run
        for start in range(0, len(indices), step):
            chunk = indices[start:start + step]
            for i, out in zip(chunk, engine.generate([units[i].text for i in chunk], options, language)):
                outputs[i] = out
            done += len(chunk)
            if progress:
                progress(sum(units[i].tokens for i in chunk), None, f"{done}/{len(units)} sentences")
    return outputs


def _retry_lost_figures(pairs: dict, plans: dict, languages: dict, route: Router, retry_options: GenerationOptions) -> None:
    """Retranslate, with beam search, the sentences whose figures went missing; keep the better one."""
    def source(key: tuple[int, int, int]) -> str:
        return " ".join(plans[key[0]][key[1]][key[2]])

    retry = [key for key in pairs if lost_figures(source(key), pairs[key], languages[key])]
    if not retry:
        return
    log.info("retrying %d sentence(s) that lost a figure, with beam search", len(retry))
    units = [_Unit(*key, piece, languages[key]) for key in retry for piece in plans[key[0]][key[1]][key[2]]]
    outputs = _run(units, route, retry_options, None)
    retried: dict[tuple[int, int, int], list[str]] = {}
    for unit, out in zip(units, outputs):
        retried.setdefault((unit.article, unit.paragraph, unit.sentence), []).append(out)
    for key, parts in retried.items():
        candidate = " ".join(parts)
        if len(lost_figures(source(key), candidate, languages[key])) < len(lost_figures(source(key), pairs[key], languages[key])):
            pairs[key] = candidate
