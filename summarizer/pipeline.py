"""Pipeline: loads each model once and runs ingest → clean → detect → translate → summarize."""
from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .cache import Cache, CachedEngine, default_cache_dir
from .cleaning import clean_pages
from .document import Article, Brief, Facts, Page, Summary
from .engines.base import Seq2Seq
from .errors import InputError, MissingDependency, ModelNotFound, require
from .facts import collect_facts
from .ingest import Source, discover, read_page
from .language import UNKNOWN, detect
from .models import EXTRACTIVE, Registry, ResolvedModel
from .options import Options
from .summarization import combine, summarize_articles
from .translation import translate_articles

log = logging.getLogger(__name__)
# Articles summarized per engine call: enough to keep every worker busy, few enough that the
# progress bar moves.
SUMMARY_GROUP = 8

# progress(stage, advance, total, detail=""): a new total starts a stage; advance counts
# finished items; detail is a short note for the user ("12/40 sentences").
Progress = Callable[..., None]


def _quiet(stage: str, advance: int, total: int | None, detail: str = "") -> None:
    return None


class Pipeline:
    """Reusable runner: models and the cache are opened on first use and kept."""

    def __init__(self, options: Options | None = None, progress: Progress | None = None):
        self.options = options or Options()
        self.options.validate()
        self.progress = progress or _quiet
        self.registry = Registry(self.options.models_dir)
        self._engines: dict[tuple[str, str], Seq2Seq] = {}
        self._cache: Cache | None = None
        self._device: str | None = None
        self._glossary = None

    # models ---------------------------------------------------------------------------
    @property
    def cache_dir(self) -> Path:
        return Path(self.options.cache_dir) if self.options.cache_dir else default_cache_dir()

    def cache(self) -> Cache | None:
        if self.options.use_cache and self._cache is None:
            self._cache = Cache(self.cache_dir / "outputs.sqlite")
        return self._cache

    def engine(self, name: str, task: str) -> Seq2Seq:
        """The engine for a model name, loaded once (raises ModelNotFound when not installed)."""
        key = (name, task)
        if key not in self._engines:
            engine = self._load(self.registry.resolve(name, task))
            cache = self.cache()
            self._engines[key] = CachedEngine(engine, cache) if cache is not None else engine
        return self._engines[key]

    def device(self) -> str:
        """The torch device, resolved once per Pipeline (cuda → mps → cpu unless told)."""
        if self._device is None:
            from .device import resolve_device

            self._device = resolve_device(self.options.device)
        return self._device

    def _load(self, model: ResolvedModel) -> Seq2Seq:
        spec, choice = model.spec, self.options.engine
        args = (model.path, spec.alias, spec.family, spec.max_input_tokens)
        if choice in ("auto", "ct2"):
            try:
                from .engines.ct2 import CT2Engine

                ctranslate2 = require("ctranslate2", extra="fast")
                gpus = ctranslate2.get_cuda_device_count()
                if self.options.device == "cuda" and not gpus:
                    raise InputError("--device cuda: CTranslate2 sees no CUDA GPU (use --device cpu or auto)")
                device = "cuda" if self.options.device in ("auto", "cuda") and gpus else "cpu"
                engine = CT2Engine(*args, device=device, cache_dir=self.cache_dir, compute_type=self.options.compute_type)
                log.info("engine for %s: ct2 on %s (CTranslate2 installed and the model converted)", spec.alias, device)
                return engine
            except (MissingDependency, ModelNotFound) as exc:
                if choice == "ct2":
                    raise
                log.info("engine for %s: hf (CTranslate2 not usable: %s)", spec.alias, exc)
        from .engines.hf import HFEngine

        return HFEngine(*args, device=self.device())

    def translator_for(self, language: str) -> Seq2Seq:
        name = self.options.translator or self.registry.default("translation", language).alias
        return self.engine(name, "translation")

    def summarizer(self) -> Seq2Seq | None:
        """The summarization engine, or None for the extractive summarizer."""
        if self.options.summarizer == EXTRACTIVE:
            return None
        return self.engine(self.options.summarizer, "summarization")

    # stages -----------------------------------------------------------------------------
    def read(self, inputs: Sequence[str | os.PathLike], allow_text: bool = False) -> tuple[list[Page], list[tuple[str, str]]]:
        """Pages from paths, folders, URLs or "-"; unreadable ones become failures.

        With `allow_text` (the Python API), a string that is no existing path or URL is page text.
        """
        failures: list[tuple[str, str]] = []
        items: list[Source | Page] = []  # in the order given
        for i, item in enumerate(inputs):
            is_path = isinstance(item, os.PathLike)
            item = str(item)
            if is_path or not allow_text or item == "-" or "://" in item[:12] or os.path.lexists(item):
                try:
                    items.extend(discover([item]))
                except InputError as exc:
                    failures.append((item, str(exc)))
            else:
                items.append(Page(id=f"text{i + 1}", source="<text>", text=item,
                                  kind="html" if "<html" in item[:2000].lower() else "text"))
        self.progress("read", 0, len(items))
        pages: list[Page] = []
        for entry in items:
            try:
                pages.append(entry if isinstance(entry, Page) else
                             read_page(entry, self.options.max_bytes, self.options.timeout))
            except InputError as exc:
                failures.append((entry.location, str(exc)))
            self.progress("read", 1, None)
        return pages, failures

    def clean(self, pages: list[Page]) -> tuple[list[Article], list[tuple[str, str]]]:
        articles, failures = [], []
        for page, result in zip(pages, clean_pages(pages)):
            if isinstance(result, Article):
                articles.append(result)
            else:
                failures.append((page.source, str(result)))
        return articles, failures

    def detect(self, articles: Iterable[Article]) -> list[Article]:
        detected = []
        for article in articles:
            language, confidence = detect(article.text)
            warnings = article.warnings
            if language == UNKNOWN:
                warnings += (f"language not recognised (confidence {confidence:.2f}); left untranslated",)
            detected.append(dataclasses.replace(article, language=language, language_confidence=confidence, warnings=warnings))
        return detected

    def glossary(self):
        """The --glossary file, read once (raises InputError when it cannot be used)."""
        if self._glossary is None and self.options.glossary:
            from .glossary import load_glossary

            self._glossary = load_glossary(self.options.glossary)
        return self._glossary

    def translate(self, articles: list[Article]) -> list[Article]:
        if not self.options.translate:
            return articles
        try:
            return translate_articles(articles, self.translator_for,
                                      lambda n, total, detail: self.progress("translate", n, total, detail),
                                      batch_tokens=self.options.batch_tokens, glossary=self.glossary(),
                                      protect_names=self.options.protect_names)
        except ModelNotFound as exc:
            if not self.options.fallback:
                raise
            log.warning("not translating: %s", exc)
            note = "not translated: no translation model installed (see `summarizer models list`)"
            return [a if a.language in ("en", UNKNOWN) else dataclasses.replace(a, warnings=a.warnings + (note,))
                    for a in articles]

    def summarizer_or_fallback(self) -> Seq2Seq | None:
        """The summarizer; with `fallback`, a missing model means the extractive one."""
        try:
            return self.summarizer()
        except ModelNotFound as exc:
            if not self.options.fallback:
                raise
            log.warning("using the extractive summarizer: %s", exc)
            return None

    def summarize(self, articles: list[Article]) -> tuple[list[Summary], Summary | None, Facts]:
        engine = self.summarizer_or_fallback()
        self.progress("summarize", 0, len(articles) + 1)
        summaries = []
        for start in range(0, len(articles), SUMMARY_GROUP):
            group = articles[start:start + SUMMARY_GROUP]
            summaries.extend(summarize_articles(group, engine, self.options))
            self.progress("summarize", len(group), None)
        return self._combine(articles, summaries, engine)

    def _combine(self, articles: list[Article], summaries: list[Summary], engine: Seq2Seq | None):
        """The set-level tail: facts, then the combined summary that cites and flags them."""
        facts = collect_facts(articles)
        combined = combine(articles, summaries, engine, self.options, facts.disagreements) if articles else None
        self.progress("summarize", 1, None)
        return summaries, combined, facts

    def run(self, inputs: Sequence[str | os.PathLike], allow_text: bool = False) -> Brief:
        """The whole pipeline over `inputs`; inputs that fail are listed in `Brief.failures`."""
        if self.options.executor == "ray":
            return self._run_on_ray(inputs)
        pages, failures = self.read(inputs, allow_text)
        articles, clean_failures = self.clean(pages)
        failures += clean_failures
        articles = self.translate(self.detect(articles))
        summaries, combined, facts = self.summarize(articles)
        return Brief(tuple(articles), tuple(summaries), combined, facts, tuple(failures))

    def _run_on_ray(self, inputs: Sequence[str | os.PathLike]) -> Brief:
        """Per-article work on Ray actors; the combined summary and facts here, from their results."""
        from .distributed import ray_summaries

        try:
            sources = discover([str(i) for i in inputs])
        except InputError as exc:
            return Brief((), (), None, collect_facts([]), ((str(inputs), str(exc)),))
        articles, summaries, failures = ray_summaries(
            self.options, sources, address=self.options.ray_address, workers=self.options.workers,
            gpus_per_worker=self.options.gpus_per_worker)
        summaries, combined, facts = self._combine(articles, summaries, self.summarizer_or_fallback())
        return Brief(tuple(articles), tuple(summaries), combined, facts, tuple(failures))

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
