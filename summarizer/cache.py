"""Content-addressed cache (sqlite) for model outputs, and an engine wrapper that uses it.

Key = sha256(model identity + decoding options + source language + input text), so a rerun or
an overlapping batch never sends the same sentence to the model twice. The identity is what
the model is, not what it is called: its folder's content digest (`models.model_identity`),
the engine and its numeric precision and device, so replaced weights or another runtime
never get the old outputs back.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from .engines.base import GenerationOptions, Scored, Seq2Seq


def default_cache_dir() -> Path:
    if os.environ.get("SUMMARIZER_CACHE_DIR"):
        return Path(os.environ["SUMMARIZER_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarizer"))


class Cache:
    """A small key → text store; safe to share between processes (sqlite WAL)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS outputs (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.commit()

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(f"SELECT key, value FROM outputs WHERE key IN ({marks})", chunk).fetchall())
        return found

    def put_many(self, items: dict[str, str]) -> None:
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO outputs (key, value) VALUES (?, ?)", items.items())
            self._db.commit()

    def close(self) -> None:
        self._db.close()


def engine_identity(engine: Seq2Seq, model_digest: str) -> str:
    """The cache's name for a loaded model: runtime, device, precision and the folder's digest."""
    precision = getattr(engine, "compute_type", None) or getattr(engine, "dtype", "")
    return f"{type(engine).__name__}:{getattr(engine, 'device', '')}:{precision}:{engine.name}:{model_digest}"


def cache_key(model: str, options: GenerationOptions, language: str | None, text: str) -> str:
    settings = repr(sorted((k, v) for k, v in asdict(options).items() if k != "batch_tokens"))
    return hashlib.sha256("\x1f".join((model, settings, language or "", text)).encode("utf-8")).hexdigest()


# A stored value is the output text (caches written before scores existed) or this marker and
# a JSON [text, score]; no model output contains NUL, so the two cannot be confused.
SCORED = "\x00scored:"


def encode_value(output: Scored) -> str:
    return SCORED + json.dumps([output.text, output.score], ensure_ascii=False)


def decode_value(value: str) -> Scored:
    if value.startswith(SCORED):
        text, score = json.loads(value[len(SCORED):])
        return Scored(text, score)
    return Scored(value)


class CachedEngine:
    """Wraps any Seq2Seq engine: cached inputs skip the model, new outputs are stored."""

    def __init__(self, engine: Seq2Seq, cache: Cache, identity: str | None = None):
        self.engine, self.cache = engine, cache
        self.identity = identity or engine.name
        self.name, self.family, self.max_input_tokens = engine.name, engine.family, engine.max_input_tokens

    @property
    def calls(self) -> int:
        return self.engine.calls

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.engine.count_tokens(texts)

    def generate(self, texts: Sequence[str], options: GenerationOptions, source_language: str | None = None) -> list[str]:
        return [s.text for s in self._outputs(texts, options, source_language, need_score=False)]

    def generate_scored(self, texts: Sequence[str], options: GenerationOptions,
                        source_language: str | None = None) -> list[Scored]:
        return self._outputs(texts, options, source_language, need_score=True)

    def _outputs(self, texts: Sequence[str], options: GenerationOptions, source_language: str | None,
                 need_score: bool) -> list[Scored]:
        keys = [cache_key(self.identity, options, source_language, t) for t in texts]
        found = {k: decode_value(v) for k, v in self.cache.get_many(list(dict.fromkeys(keys))).items()}
        # A text cached before scores were kept is generated again once when its score is asked for.
        missing = [i for i, k in enumerate(keys) if k not in found or (need_score and found[k].score is None)]
        unique = list(dict.fromkeys(texts[i] for i in missing))
        if unique:
            if need_score:
                outputs = self.engine.generate_scored(unique, options, source_language)
            else:  # summaries: no score asked, none computed
                outputs = [Scored(t) for t in self.engine.generate(unique, options, source_language)]
            new = {cache_key(self.identity, options, source_language, t): o for t, o in zip(unique, outputs)}
            self.cache.put_many({k: encode_value(o) for k, o in new.items()})
            found.update(new)
        return [found[k] for k in keys]
