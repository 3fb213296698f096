"""CTranslate2 engine: converted once (int8 on CPU, int8_float16 on CUDA), batches passed whole.

A single `translate_batch` call with `max_batch_size`/`batch_type="tokens"` is split by
CTranslate2 into token-budget batches that its `inter_threads` workers decode in parallel,
so on CPU the layout is many workers × few threads (on 2 cores: 2 × 1, twice 1 × 2), and
summaries of several articles are passed together for the same reason.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Sequence

from ..errors import ModelNotFound, require
from .base import DEFAULT_BATCH_TOKENS, GenerationOptions, Scored, flores, output_cap
from .tokens import check as check_tokenizer
from .tokens import load_tokens

log = logging.getLogger(__name__)


def thread_layout(cores: int, device: str) -> tuple[int, int]:
    """(inter_threads, intra_threads): parallel workers scale better than threads, for sentences
    and summaries alike. Measured on 2 cores: two 1-thread workers double translation throughput
    over one 2-thread worker, and even a single 700-token article is summarized faster with beam 4
    on one thread (the decoder's small per-step products lose more to synchronisation than they gain)."""
    if device == "cuda":
        return 1, 1
    inter = max(1, min(cores, 4))
    return inter, max(1, cores // inter)


def default_compute_type(device: str) -> str:
    return "int8_float16" if device == "cuda" else "int8"


def converted_path(model_path: Path, quantization: str, cache_dir: Path) -> Path:
    """Cache folder for a conversion, keyed by the model folder, what it holds and quantization."""
    from ..models import model_identity

    digest = hashlib.sha256()
    digest.update(str(model_path.resolve()).encode())
    digest.update(model_identity(model_path).encode())  # replaced weights, even of the same size, convert anew
    digest.update(quantization.encode())
    return cache_dir / "ct2" / f"{model_path.name}-{quantization}-{digest.hexdigest()[:12]}"


# Batch budget on CPU, in tokens × beams. Measured on 2 cores (opus-mt, 300 sentences): 1,024
# translates as fast as 2,048 at two thirds of the peak memory, and beam 4 is fastest at 256.
CPU_TOKENS_IN_FLIGHT = 1024


def batch_budget(lengths: Sequence[int], batch_tokens: int | None, beams: int, workers: int, device: str) -> int:
    """Tokens per CTranslate2 batch: `batch_tokens` when the user set it, else on CPU 1,024 tokens
    × beams (the memory of a batch grows with its rows × steps). Full batches, but at least one
    per worker: smaller ones cost more than a worker idle at the end, because each decoding step
    reads every weight once per batch (NLLB's output layer alone is 262 MB in int8); splitting
    finer was measured 1.6× slower on NLLB, 1.1× on opus-mt. Never below the longest input."""
    budget = batch_tokens or (CPU_TOKENS_IN_FLIGHT // beams if device == "cpu" else DEFAULT_BATCH_TOKENS)
    return max(max(lengths), min(budget, math.ceil(sum(lengths) / workers)))


# Config fields the CTranslate2 converter reads that transformers 5 no longer writes.
LEGACY_CONFIG = {"bart": {"normalize_before": False}}


def _converter_view(model_path: Path, scratch: Path) -> Path:
    """The model folder as the converter expects it: a linked copy with legacy config fields added."""
    config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
    missing = {k: v for k, v in LEGACY_CONFIG.get(config.get("model_type", ""), {}).items() if k not in config}
    if not missing:
        return model_path
    view = scratch / "source"
    view.mkdir()
    for item in model_path.iterdir():
        if item.name != "config.json":
            (view / item.name).symlink_to(item.resolve())
    (view / "config.json").write_text(json.dumps({**config, **missing}), encoding="utf-8")
    return view


def convert(model_path: Path, quantization: str, cache_dir: Path) -> Path:
    """Convert a transformers model folder once; a half-written conversion is never used.

    Raises:
        ModelNotFound: the converter does not support this model.
    """
    target = converted_path(model_path, quantization, cache_dir)
    if (target / "model.bin").exists():
        return target
    from filelock import FileLock

    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / f".{target.name}.lock")):  # another process converting it: wait, reuse
        return _convert(model_path, quantization, target)


def _convert(model_path: Path, quantization: str, target: Path) -> Path:
    if (target / "model.bin").exists():
        return target
    ctranslate2 = require("ctranslate2", extra="fast")
    require("transformers").utils.logging.disable_progress_bar()  # the converter loads the model with it
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        log.info("converting %s to CTranslate2 (%s) in %s", model_path, quantization, target)
        source = _converter_view(model_path, tmp)
        ctranslate2.converters.TransformersConverter(str(source)).convert(str(tmp / "model"), quantization=quantization, force=True)
        check_tokenizer(model_path, tmp / "model")  # transformers is loaded now anyway; later runs skip it
        try:
            os.rename(tmp / "model", target)
        except OSError:
            if not (target / "model.bin").exists():  # another process won the race only if it finished
                raise
    except Exception as exc:
        raise ModelNotFound(f"cannot convert {model_path} to CTranslate2: {exc}. If the folder is incomplete or "
                            f"damaged, replace it with a complete one saved with save_pretrained(); if "
                            f"CTranslate2 does not support this model, use --engine hf.") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _mean_score(score: float, length: int, options: GenerationOptions) -> float:
    """CTranslate2 divides a hypothesis' summed log-probability by length ** length_penalty (the
    end token counts); bring it to the mean per token, as the transformers engine reports."""
    return score * (length + 1) ** (options.length_penalty - 1)


class CT2Engine:
    """A converted model run by ctranslate2.Translator; tokenized without transformers where that
    gives the same tokens (engines/tokens.py), so a CPU run never loads torch."""

    def __init__(self, path: Path, name: str, family: str, max_input_tokens: int, device: str = "cpu",
                 cache_dir: Path | None = None, compute_type: str | None = None):
        ctranslate2 = require("ctranslate2", extra="fast")
        self.name, self.family, self.max_input_tokens, self.device = name, family, max_input_tokens, device
        self.calls = 0
        compute_type = compute_type or default_compute_type(device)
        self.compute_type = compute_type
        quantization = "float32" if compute_type == "float32" else compute_type.split("_")[0]
        model_dir = convert(Path(path), quantization, Path(cache_dir or tempfile.gettempdir()))
        inter, intra = thread_layout(os.cpu_count() or 1, device)
        self.workers = inter
        self.translator = ctranslate2.Translator(str(model_dir), device=device, compute_type=compute_type,
                                                 inter_threads=inter, intra_threads=intra)
        self.tokens = load_tokens(Path(path), model_dir)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.tokens.count(texts)

    def generate(self, texts: Sequence[str], options: GenerationOptions, source_language: str | None = None) -> list[str]:
        return [s.text for s in self.generate_scored(texts, options, source_language)]

    def generate_scored(self, texts: Sequence[str], options: GenerationOptions,
                        source_language: str | None = None) -> list[Scored]:
        if not texts:
            return []
        tokens = self.tokens.encode(texts, source_language, self.max_input_tokens)
        prefix = [[flores("en")] for _ in tokens] if self.family == "nllb" else None
        longest = max(len(t) for t in tokens)
        budget = batch_budget([len(t) for t in tokens], options.batch_tokens, options.num_beams, self.workers,
                              self.device)
        self.calls += 1
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, max_batch_size=budget, batch_type="tokens",
            beam_size=options.num_beams, max_decoding_length=output_cap(options, longest),
            min_decoding_length=options.min_new_tokens, no_repeat_ngram_size=options.no_repeat_ngram_size,
            length_penalty=options.length_penalty, return_scores=True)
        outputs = []
        for result in results:
            hyp = result.hypotheses[0]
            if prefix is not None and hyp[:1] == prefix[0]:
                hyp = hyp[1:]
            outputs.append(Scored(self.tokens.decode(hyp), _mean_score(result.scores[0], len(hyp), options)))
        return outputs
