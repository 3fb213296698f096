"""The protocol every model runtime implements, and helpers they share."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

# ISO 639-1 → FLORES-200 codes used by NLLB.
FLORES = {
    "id": "ind_Latn", "ms": "zsm_Latn", "en": "eng_Latn", "tl": "tgl_Latn", "vi": "vie_Latn", "fr": "fra_Latn",
    "de": "deu_Latn", "es": "spa_Latn", "pt": "por_Latn", "nl": "nld_Latn", "zh": "zho_Hans", "ja": "jpn_Jpan",
    "ko": "kor_Hang", "th": "tha_Thai", "ar": "arb_Arab", "ru": "rus_Cyrl", "jv": "jav_Latn", "su": "sun_Latn",
}


# Padded tokens per batch when --batch-tokens is not given (CTranslate2 on CPU keeps fewer).
DEFAULT_BATCH_TOKENS = 4096


@dataclass(frozen=True)
class GenerationOptions:
    """Decoding settings shared by every engine (and part of every cache key)."""

    num_beams: int = 1
    max_new_tokens: int = 256
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0
    batch_tokens: int | None = None  # None: the engine's own default (DEFAULT_BATCH_TOKENS off CPU CTranslate2)
    # Output cap relative to the longest input in a batch (translation): stops runaway loops.
    max_ratio: float | None = None


@dataclass(frozen=True)
class Scored:
    """One output and the model's own confidence in it."""

    text: str
    score: float | None = None  # mean log-probability per output token (0 is certain); None: unknown


class Seq2Seq(Protocol):
    name: str
    family: str
    max_input_tokens: int
    calls: int  # model invocations so far (a cache hit makes none)

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def generate(self, texts: Sequence[str], options: GenerationOptions, source_language: str | None = None) -> list[str]: ...

    def generate_scored(self, texts: Sequence[str], options: GenerationOptions,
                        source_language: str | None = None) -> list[Scored]: ...


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices sorted by length and grouped so that padded size (longest × count) fits `budget`."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and lengths[i] * (len(current) + 1) > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def output_cap(options: GenerationOptions, longest_input: int) -> int:
    if options.max_ratio is None:
        return options.max_new_tokens
    return max(options.min_new_tokens + 1, min(options.max_new_tokens, int(longest_input * options.max_ratio) + 8))


def flores(language: str | None) -> str:
    return FLORES.get(language or "", "ind_Latn")

