"""Tokenizers for the CTranslate2 engine that do not load transformers (and with it torch).

transformers' tokenizers pull in torch: ~270 MiB of memory that a CTranslate2 run does not
otherwise need. The same tokenization is done here with the libraries underneath them:
sentencepiece for Marian (source.spm + vocab.json), the `tokenizers` library wherever the
model folder has a tokenizer.json (NLLB, BART, mT5 saved by transformers). Each is checked
against the transformers tokenizer once, when the model is converted (transformers is loaded
then anyway); a model whose check fails, or that has neither, keeps the transformers one.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol, Sequence

from ..errors import require
from .base import flores

VERDICT = "summarizer-tokenizer-check.json"  # written next to the converted model
TOKENIZER = "summarizer-tokenizer.json"  # the tokenizer exactly as transformers built it
# Text the check tokenizes: both languages, figures, punctuation, quotes, odd spacing, scripts.
PROBES = [
    "Meta menginvestasikan US$14,3 miliar (Rp 232 triliun) di Scale AI pada 13 Juni 2025.",
    "Meta invested $14.3 billion in Scale AI, taking a 49% stake; it didn't say why!",
    "\"Kami tidak akan,\" kata Alexandr Wang -- CEO -- kepada CNBC?  Ya.",
    "PHK 200 karyawan & 500 kontraktor (sekitar 14%) — tahun 2024/2025: ±3,5 juta.",
    "Zoë's café in 東京 costs €4.50 … l'économie n'est pas 'simple'.",
    "",
]


class Tokens(Protocol):
    def encode(self, texts: Sequence[str], source_language: str | None, max_length: int) -> list[list[str]]: ...

    def count(self, texts: Sequence[str]) -> list[int]: ...

    def decode(self, tokens: Sequence[str]) -> str: ...


def clean_up_spaces(text: str) -> str:
    """transformers' `clean_up_tokenization`, applied where the tokenizer config asks for it."""
    for before, after in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                          (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
        text = text.replace(before, after)
    return text


def _config(path: Path) -> dict:
    try:
        return json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class MarianTokens:
    """source.spm pieces looked up in vocab.json, `</s>` appended (transformers' MarianTokenizer)."""

    def __init__(self, path: Path, config: dict):
        spm = require("sentencepiece")
        self.source = spm.SentencePieceProcessor(model_file=str(path / "source.spm"))
        self.vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        self.unk, self.eos = str(config.get("unk_token", "<unk>")), str(config.get("eos_token", "</s>"))
        self.special = {self.unk, self.eos, str(config.get("pad_token", "<pad>"))}
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False))

    @classmethod
    def load(cls, path: Path, config: dict) -> "MarianTokens | None":
        files = all((path / f).exists() for f in ("source.spm", "vocab.json"))
        if config.get("tokenizer_class") != "MarianTokenizer" or config.get("separate_vocabs") or not files:
            return None
        return cls(path, config)

    def _pieces(self, text: str) -> list[str]:
        code = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:  # a target-language code, kept whole
            code, text = [text[:end + 2]], text[end + 2:]
        pieces = self.source.encode(text, out_type=str) if text else []
        return code + [p if p in self.vocab else self.unk for p in pieces]

    def encode(self, texts: Sequence[str], source_language: str | None, max_length: int) -> list[list[str]]:
        return [self._pieces(t)[:max_length - 1] + [self.eos] for t in texts]

    def count(self, texts: Sequence[str]) -> list[int]:
        return [len(self._pieces(t)) + 1 for t in texts]

    def decode(self, tokens: Sequence[str]) -> str:
        pieces = [t if t in self.vocab else self.unk for t in tokens]
        text = self.source.decode_pieces([p for p in pieces if p not in self.special])
        text = text.replace("\u2581", " ").strip()
        return (clean_up_spaces(text) if self.clean_up else text).strip()


class JsonTokens:
    """A tokenizer.json run by the `tokenizers` library; NLLB gets its language code and `</s>`."""

    def __init__(self, file: Path, kind: str, config: dict):
        tokenizers = require("tokenizers")
        self._processors = require("tokenizers.processors")
        self.tokenizer = tokenizers.Tokenizer.from_file(str(file))
        self.kind = kind
        self.unk_id = self.tokenizer.token_to_id(str(config.get("unk_token", "<unk>")))
        model_type = json.loads(self.tokenizer.to_str())["model"]["type"]
        # transformers skips the clean-up for BPE models: it would eat spaces before punctuation.
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False)) and model_type != "BPE"
        self._language = None
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()

    @classmethod
    def load(cls, path: Path, converted: Path, kind: str, config: dict) -> "JsonTokens | None":
        """From the tokenizer as transformers builds it (saved at conversion: transformers 5
        rebuilds normalizers and pre-tokenizers on load), else the model's own tokenizer.json."""
        file = next((f for f in (converted / TOKENIZER, path / "tokenizer.json") if f.exists()), None)
        if file is None or config.get("legacy_behaviour"):
            return None
        return cls(file, kind, config)

    def _set_language(self, language: str | None) -> None:
        if self.kind != "nllb" or language == self._language:
            return
        code, eos = flores(language), "</s>"
        self.tokenizer.post_processor = self._processors.TemplateProcessing(
            single=f"{code} $A {eos}", pair=f"{code} $A $B {eos}",
            special_tokens=[(code, self.tokenizer.token_to_id(code)), (eos, self.tokenizer.token_to_id(eos))])
        self._language = language

    def encode(self, texts: Sequence[str], source_language: str | None, max_length: int) -> list[list[str]]:
        self._set_language(source_language)
        self.tokenizer.enable_truncation(max_length)
        try:
            return [e.tokens for e in self.tokenizer.encode_batch(list(texts))]
        finally:
            self.tokenizer.no_truncation()

    def count(self, texts: Sequence[str]) -> list[int]:
        self._set_language("id")
        return [len(e.ids) for e in self.tokenizer.encode_batch(list(texts))]

    def decode(self, tokens: Sequence[str]) -> str:
        ids = [self.tokenizer.token_to_id(t) for t in tokens]
        text = self.tokenizer.decode([self.unk_id if i is None else i for i in ids], skip_special_tokens=True)
        return (clean_up_spaces(text) if self.clean_up else text).strip()


class TransformersTokens:
    """The model's transformers tokenizer: always right, but loads torch."""

    def __init__(self, path: Path, kind: str):
        self.tokenizer = require("transformers").AutoTokenizer.from_pretrained(str(path))
        self.kind = kind

    def encode(self, texts: Sequence[str], source_language: str | None, max_length: int) -> list[list[str]]:
        if self.kind == "nllb":
            self.tokenizer.src_lang = flores(source_language)
        ids = self.tokenizer(list(texts), add_special_tokens=True, truncation=True, max_length=max_length)["input_ids"]
        return [self.tokenizer.convert_ids_to_tokens(i) for i in ids]

    def count(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]]

    def decode(self, tokens: Sequence[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(list(tokens))
        return self.tokenizer.decode(ids, skip_special_tokens=True).strip()


def tokenizer_kind(config: dict) -> str:
    """"marian", "nllb" (a language code before the text) or "plain", from the tokenizer config."""
    name = str(config.get("tokenizer_class", ""))
    return "marian" if name.startswith("Marian") else "nllb" if name.startswith("Nllb") else "plain"


def light_tokens(path: Path, converted: Path) -> Tokens | None:
    config = _config(path)
    kind = tokenizer_kind(config)
    return MarianTokens.load(path, config) if kind == "marian" else JsonTokens.load(path, converted, kind, config)


def transformers_tokens(path: Path) -> TransformersTokens:
    return TransformersTokens(path, tokenizer_kind(_config(path)))


def mismatches(light: Tokens, reference: Tokens, vocabulary: Sequence[str]) -> list[str]:
    """Where `light` and `reference` disagree on the probes: encoding (whole and truncated),
    counts, and decoding of the probes and of token runs drawn across the whole vocabulary."""
    found = []
    for language in ("id", "en"):
        for cap in (512, 8):
            if light.encode(PROBES, language, cap) != reference.encode(PROBES, language, cap):
                found.append(f"encode ({language}, max {cap})")
    if light.count(PROBES) != reference.count(PROBES):
        found.append("count")
    step = max(1, len(vocabulary) // 400)
    spread = list(vocabulary[::step])
    runs = reference.encode(PROBES, "id", 512) + [spread[i:i + 16] for i in range(0, len(spread), 16)]
    bad = [run for run in runs if light.decode(run) != reference.decode(run)]
    if bad:
        found.append(f"decode ({len(bad)} of {len(runs)} token runs)")
    return found


def check(path: Path, converted: Path) -> dict:
    """Compare the light tokenizer with transformers' on the probes; store and return the verdict."""
    reference = transformers_tokens(path)
    backend = getattr(reference.tokenizer, "backend_tokenizer", None)
    if backend is not None:
        (converted / TOKENIZER).write_text(backend.to_str(), encoding="utf-8")
    light = light_tokens(path, converted)
    if light is None:
        verdict = {"light": False, "why": "neither sentencepiece files nor a tokenizer.json this module reads"}
    else:
        vocabulary = next((json.loads(f.read_text(encoding="utf-8")) for name in ("target_vocabulary.json", "shared_vocabulary.json")
                           if (f := converted / name).exists()), [])
        found = mismatches(light, reference, vocabulary)
        verdict = {"light": not found, "why": "; ".join(found) or "identical on the probes"}
    try:
        scratch = converted / (VERDICT + ".tmp")
        scratch.write_text(json.dumps(verdict), encoding="utf-8")
        os.replace(scratch, converted / VERDICT)
    except OSError:  # a read-only shared cache: check again next time rather than fail
        pass
    return verdict


def verdict(path: Path, converted: Path) -> dict:
    """The stored check of the light tokenizer, made now for a conversion that has none."""
    try:
        return json.loads((converted / VERDICT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return check(path, converted)


def load_tokens(path: Path, converted: Path) -> Tokens:
    """The light tokenizer where its check passed, else the transformers one."""
    light = light_tokens(path, converted) if verdict(path, converted)["light"] else None
    return light or transformers_tokens(path)
