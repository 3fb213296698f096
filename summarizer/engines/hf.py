"""transformers + torch engine: token-budget batches, inference mode, fp16 on CUDA."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Sequence

from ..errors import ModelNotFound, require
from .base import DEFAULT_BATCH_TOKENS, GenerationOptions, Scored, flores, output_cap, token_batches

log = logging.getLogger(__name__)


RESCORE_FLOATS = 32 * 1024 * 1024  # logits held at once when rescoring beam outputs (128 MB)


class _ChosenLogProb:
    """A logits processor, run last, that keeps the log-probability of each step's best token."""

    def __init__(self):
        self.steps: list = []

    def __call__(self, input_ids, scores):
        import torch

        self.steps.append(torch.log_softmax(scores.float(), dim=-1).max(dim=-1).values)
        return scores


class HFEngine:
    """A seq2seq model loaded once with `from_pretrained` from a local folder."""

    def __init__(self, path: Path, name: str, family: str, max_input_tokens: int, device: str = "cpu"):
        torch = require("torch")
        transformers = require("transformers")
        self.name, self.family, self.max_input_tokens, self.device = name, family, max_input_tokens, device
        self.calls = 0
        transformers.utils.logging.disable_progress_bar()  # our own progress bars speak for the run
        self.dtype = dtype = torch.float16 if device == "cuda" else torch.float32
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
            model = transformers.AutoModelForSeq2SeqLM.from_pretrained(str(path), dtype=dtype)
        except MemoryError:
            raise
        except Exception as exc:  # missing, truncated or mismatched files all mean "this folder is damaged"
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            raise ModelNotFound(
                f"model '{name}' in {path} cannot be loaded ({type(exc).__name__}: {reason}). The folder is "
                f"incomplete or damaged. To fix it: download it again (`summarizer models pull {name}` on a "
                f"connected machine), or replace {path} with a complete folder saved with save_pretrained().") from None
        self.model = model.to(device).eval()
        # A forced EOS at the length cap overwrites the last real token; CTranslate2 does not
        # force it, and the two engines must produce the same tokens.
        self.model.generation_config.forced_eos_token_id = None
        if device == "cpu":
            torch.set_num_threads(os.cpu_count() or 1)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]]

    def generate(self, texts: Sequence[str], options: GenerationOptions, source_language: str | None = None) -> list[str]:
        return [s.text for s in self._batches(texts, options, source_language, scored=False)]

    def generate_scored(self, texts: Sequence[str], options: GenerationOptions,
                        source_language: str | None = None) -> list[Scored]:
        return self._batches(texts, options, source_language, scored=True)

    def _batches(self, texts: Sequence[str], options: GenerationOptions, source_language: str | None,
                 scored: bool) -> list[Scored]:
        if not texts:
            return []
        lengths = self.count_tokens(texts)
        results: list[Scored] = [Scored("")] * len(texts)
        for batch in token_batches(lengths, options.batch_tokens or DEFAULT_BATCH_TOKENS):
            outputs = self._generate_safely([texts[i] for i in batch], options, source_language,
                                            max(lengths[i] for i in batch), scored)
            for i, out in zip(batch, outputs):
                results[i] = out
        return results

    def _generate_safely(self, texts: list[str], options: GenerationOptions, source_language: str | None,
                         longest: int, scored: bool) -> list[Scored]:
        """GPU out of memory: halve the batch and retry; at one text, run it on the CPU."""
        import torch

        try:
            return self._generate(texts, options, source_language, longest, self.device, scored)
        except torch.cuda.OutOfMemoryError:
            torch.cuda.empty_cache()
            if len(texts) > 1:
                half = len(texts) // 2
                log.warning("GPU out of memory on a batch of %d; retrying in halves", len(texts))
                return (self._generate_safely(texts[:half], options, source_language, longest, scored)
                        + self._generate_safely(texts[half:], options, source_language, longest, scored))
            log.warning("GPU out of memory on one text; running it on the CPU")
            self.model.to("cpu", dtype=torch.float32)
            try:
                return self._generate(texts, options, source_language, longest, "cpu", scored)
            finally:
                self.model.to(self.device, dtype=self.dtype)

    def _generate(self, texts: list[str], options: GenerationOptions, source_language: str | None,
                  longest: int, device: str, scored: bool) -> list[Scored]:
        import torch

        kwargs = {}
        # Greedy: the chosen token is the best after all processors, so its log-probability is
        # recorded on the way (a few floats a step); storing every step's scores would cost
        # rows × vocabulary floats a step.
        chosen = _ChosenLogProb() if scored and options.num_beams == 1 else None
        if self.family == "nllb":
            self.tokenizer.src_lang = flores(source_language)
            kwargs["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(flores("en"))
        encoded = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                 max_length=self.max_input_tokens).to(device)
        self.calls += 1
        with torch.inference_mode():
            generated = self.model.generate(
                **encoded, num_beams=options.num_beams, do_sample=False,
                max_new_tokens=output_cap(options, longest), min_new_tokens=options.min_new_tokens,
                no_repeat_ngram_size=options.no_repeat_ngram_size, length_penalty=options.length_penalty,
                early_stopping=options.num_beams > 1, logits_processor=[chosen] if chosen else None,
                **kwargs)
            if not scored:
                scores: list[float | None] = [None] * len(texts)
            elif chosen is not None:
                scores = self._mean(torch.stack(chosen.steps, dim=1), generated)
            else:
                scores = self._rescore(encoded, generated)
        texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
        return [Scored(t.strip(), s) for t, s in zip(texts, scores)]

    def _rescore(self, encoded, sequences) -> list[float | None]:
        """Beam search: the model's log-probabilities of the chosen outputs, by one forced pass in
        slices small enough to bound the memory of the logits (rows × steps × vocabulary)."""
        import torch

        steps = sequences.shape[1] - 1
        rows = max(1, RESCORE_FLOATS // max(1, steps * self.model.config.vocab_size))
        parts = []
        for start in range(0, sequences.shape[0], rows):
            part = slice(start, start + rows)
            logits = self.model(input_ids=encoded["input_ids"][part], attention_mask=encoded["attention_mask"][part],
                                decoder_input_ids=sequences[part, :-1]).logits
            parts.append(torch.log_softmax(logits.float(), dim=-1).gather(-1, sequences[part, 1:, None]).squeeze(-1))
        steps_logp = torch.cat(parts)
        if self.family == "nllb":  # the language code is forced, not chosen: certain, as in generate
            steps_logp[:, 0] = 0.0
        return self._mean(steps_logp, sequences)

    def _mean(self, steps, sequences) -> list[float | None]:
        """Mean log-probability of each output's tokens up to its end token (as CTranslate2 scores)."""
        import torch

        tokens = sequences[:, -steps.shape[1]:]
        config = self.model.generation_config
        eos = torch.tensor(config.eos_token_id if isinstance(config.eos_token_id, list) else [config.eos_token_id])
        is_end = torch.isin(tokens, eos.to(tokens.device))
        ended = torch.cumsum(is_end.int(), dim=1)
        keep = ((ended == 0) | ((ended == 1) & is_end)) & torch.isfinite(steps)
        if config.pad_token_id is not None and config.pad_token_id not in eos:
            keep &= tokens != config.pad_token_id
        means = []
        for row, mask in zip(steps, keep):
            means.append(float(row[mask].mean()) if mask.any() else None)
        return means
