"""Pipeline: loads each model once and runs ingest → clean → detect → translate → summarize."""
from __future__ import annotations

import dataclasses
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from .cache import Cache, CachedEngine, default_cache_dir, engine_identity
from .cleaning import clean_pages
from .cleaning.features import clear_caches as clear_line_caches
from .document import Article, Brief, Facts, Page, Story, Summary
from .engines.base import Seq2Seq
from .errors import InputError, MissingDependency, ModelNotFound, UsageError, require
from .executors import executor_for
from .facts import collect_facts
from .ingest import Source, discover_each, looks_like_path, page_from_bytes, read_page, unique_ids
from .language import UNKNOWN, detect, needs_translation
from .models import EXTRACTIVE, Registry, ResolvedModel, model_identity, output_positions
from .options import LENGTHS, Options
from .spill import ArticleStore, Chained, Spilled
from .stories import SignatureBuilder
from .stories import cluster as cluster_stories
from .stories import group as group_stories
from .stories import label as story_label
from .summarization import combine, summarize_articles
from .translation import translate_articles

log = logging.getLogger(__name__)
# Articles summarized per engine call: enough to keep every worker busy, few enough that the
# progress bar moves.
SUMMARY_GROUP = 8

# Models load one at a time in a process: transformers builds a model on the "meta" device
# through process-wide hooks, so two loads at once (even from two Pipelines) break each other.
LOADING = threading.RLock()

# progress(stage, advance, total, detail=""): a new total starts a stage; advance counts
# finished items; detail is a short note for the user ("12/40 sentences").
Progress = Callable[..., None]


def _quiet(stage: str, advance: int, total: int | None, detail: str = "") -> None:
    return None


class Pipeline:
    """Reusable runner: models and the cache are opened on first use and kept.

    Thread safety: one Pipeline may be shared by threads. Models, the device and the cache are
    opened under a lock (each model is loaded once, whichever thread asks first), the cache is
    safe to share (and, through sqlite, between processes), and a CTranslate2 conversion is made
    once under a file lock even by concurrent processes. Runs from several threads work, but
    gain little (each engine already uses every core), and NLLB under transformers sets its
    tokenizer's source language per call, so threads translating different languages at once
    through one Pipeline are not safe; for throughput use one Pipeline per process (or the Ray
    executor).
    """

    def __init__(self, options: Options | None = None, progress: Progress | None = None):
        self.options = options or Options()
        self.options.validate()
        self.progress = progress or _quiet
        self.registry = Registry(self.options.models_dir)
        self._engines: dict[tuple[str, str], Seq2Seq] = {}
        self._cache: Cache | None = None
        self._device: str | None = None
        self._summarizer_missing = False  # with `fallback`: said once, then extractive
        self._glossary = None

    # models ---------------------------------------------------------------------------
    @property
    def cache_dir(self) -> Path:
        return Path(self.options.cache_dir) if self.options.cache_dir else default_cache_dir()

    def cache(self) -> Cache | None:
        with LOADING:
            if self.options.use_cache and self._cache is None:
                self._cache = Cache(self.cache_dir / "outputs.sqlite")
            return self._cache

    def engine(self, name: str, task: str) -> Seq2Seq:
        """The engine for a model name, loaded once (raises ModelNotFound when not installed)."""
        key = (name, task)
        with LOADING:
            if key not in self._engines:
                model = self.registry.resolve(name, task)
                engine = self._load(model)
                cache = self.cache()
                self._engines[key] = engine if cache is None else \
                    CachedEngine(engine, cache, engine_identity(engine, model_identity(model.path)))
            return self._engines[key]

    def device(self) -> str:
        """The torch device, resolved once per Pipeline (cuda → mps → cpu unless told)."""
        with LOADING:
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
    def _items(self, inputs: Sequence[str | os.PathLike | bytes], allow_text: bool = False,
               ) -> tuple[list[Source | Page], list[tuple[str, str]]]:
        """Sources (read later) and pages given inline, in the order given, and the inputs that failed.

        With `allow_text` (the Python API), bytes are page content (decoded like a file) and a
        string is page text unless it is "-", a URL, an existing path or shaped like a path
        (one line ending in .txt/.html/…), which is read (or reported missing) as a path.
        Every input gets its own id, unique across all of them.

        Raises:
            UsageError: an input is not a path, URL, string or bytes.
        """
        failures: list[tuple[str, str]] = []
        given = as_inputs(inputs)
        # (kind, value) per input: "path" | "bytes" | "text" | "failed"
        kinds: list[tuple[str, object]] = []
        for i, item in enumerate(given):
            if allow_text and isinstance(item, (bytes, bytearray, memoryview)):
                kinds.append(("bytes", bytes(item)))
                continue
            if not isinstance(item, (str, os.PathLike)):
                raise UsageError(f"input {i + 1}: expected a path, URL, page text or bytes, got {type(item).__name__}")
            is_path = isinstance(item, os.PathLike)
            item = os.fspath(item) if is_path else item
            if isinstance(item, bytes):  # a bytes path (os.PathLike[bytes])
                item = os.fsdecode(item)
            if is_path or not allow_text or item == "-" or "://" in item[:12] or os.path.lexists(item) \
                    or looks_like_path(item):
                kinds.append(("path", item))
            elif not item.strip():
                kinds.append(("failed", ("<text>", "<text>: empty text")))
            elif "\x00" in item:
                kinds.append(("failed", ("<text>", "<text>: contains NUL characters, not a text or HTML page")))
            else:
                kinds.append(("text", item))
        taken: set[str] = set()  # one id per input across all of them; failures per input
        found = iter(discover_each([[str(value)] for kind, value in kinds if kind == "path"],
                                   failures=failures, taken=taken))
        items: list[Source | Page] = []  # in the order given
        for i, (kind, value) in enumerate(kinds):
            if kind == "path":
                items.extend(next(found))
            elif kind == "failed":
                failures.append(value)  # type: ignore[arg-type]
            elif kind == "bytes":
                try:
                    ident = unique_ids([f"bytes{i + 1}"], taken)[0]
                    items.append(page_from_bytes(value, ident, "<bytes>", self.options.max_bytes))  # type: ignore[arg-type]
                except InputError as exc:
                    failures.append(("<bytes>", str(exc)))
            else:
                text = str(value)
                ident = unique_ids([f"text{i + 1}"], taken)[0]
                items.append(Page(id=ident, source="<text>", text=text,
                                  kind="html" if "<html" in text[:2000].lower() else "text"))
        return items, failures

    def read(self, inputs: Sequence[str | os.PathLike | bytes], allow_text: bool = False,
             ) -> tuple[list[Page], list[tuple[str, str]]]:
        """Pages from paths, folders, URLs or "-"; unreadable ones become (source, reason) failures
        (see `_items` for what counts as a path, text or bytes)."""
        items, failures = self._items(inputs, allow_text)
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

    def clean(self, pages: list[Page], explain: bool = False) -> tuple[list[Article], list[tuple[str, str]]]:
        """Articles and (source, reason) failures; `explain`: see `cleaning.clean_page`."""
        articles, failures = [], []
        for page, result in zip(pages, clean_pages(pages, explain)):
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
            return [dataclasses.replace(a, warnings=a.warnings + (note,)) if needs_translation(a.language) else a
                    for a in articles]

    def check_summarizer(self) -> None:
        """Load the summarizer before any other work, so that a missing or damaged model, or a
        summary length the model cannot write, stops a run before translation, not after it.

        Raises:
            ModelNotFound: the model is missing or damaged (without `fallback`).
            UsageError: `summary_tokens` (or the `length` preset) exceeds the model's positions.
        """
        if self.summarizer_or_fallback() is None:
            return
        model = self.registry.resolve(self.options.summarizer, "summarization")
        most = output_positions(model.path)
        wanted = (self.options.summary_tokens or LENGTHS[self.options.length][0])[1]
        if most is not None and wanted > most:
            raise UsageError(f"--summary-tokens: {model.spec.alias} can write at most {most} tokens "
                             f"(asked for up to {wanted}); use a smaller MAX")

    def summarizer_or_fallback(self) -> Seq2Seq | None:
        """The summarizer; with `fallback`, a missing model means the extractive one."""
        if self._summarizer_missing:
            return None
        try:
            return self.summarizer()
        except ModelNotFound as exc:
            if not self.options.fallback:
                raise
            log.warning("using the extractive summarizer: %s", exc)
            self._summarizer_missing = True
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

    def run(self, inputs: Sequence[str | os.PathLike | bytes], allow_text: bool = False,
            spill: bool = False, each: Callable[[Article, Summary], None] | None = None) -> Brief:
        """The whole pipeline over `inputs`.

        Per-article work (read → clean → detect → translate → summarize) runs on the chosen
        executor, a chunk of pages at a time, so raw page text never piles up; then the
        articles are grouped into stories here, and each story gets its combined summary
        and facts (on Ray this is the driver's serial tail). Inputs that cannot be used are
        listed in `Brief.failures` as (source, reason).

        With `spill` (what the CLI does), each finished article and its summary go to a
        temporary file (`spill.ArticleStore`), and so does each finished story: `Brief.articles`,
        `Brief.summaries`, `Brief.stories` and the figures of `Brief.facts` read them back one at
        a time. Memory then holds a compact grouping signature and the id of each article, and
        the articles of one story at a time. Without it, the Brief holds everything (the
        Python API's default).
        `each(article, summary)` is called as each article is done (`run --out` writes its files).

        Raises:
            InputError: no input is usable (its `failures` lists why, input by input).
            ModelNotFound, UsageError: a model is missing or cannot serve these options.
        """
        inputs = as_inputs(inputs)
        self.check_summarizer()
        items, failures = self._items(inputs, allow_text)
        order = {item.id: n for n, item in enumerate(items)}
        articles: ArticleStore | list[Article] = ArticleStore() if spill else []
        summaries: dict[str, Summary] = {}  # without `spill` only: the store keeps them on disk
        builder = SignatureBuilder(spill=spill) if self.options.stories == "auto" else None
        self.progress("articles", 0, len(items))
        for result in executor_for(self).map(ArticleStage(self.options), items, STREAM_GROUP):
            if result[0] == "failed":
                failures.append((result[1], result[2]))
            else:
                article, summary = result
                if isinstance(articles, ArticleStore):
                    articles.append(article, summary)
                else:
                    summaries[article.id] = summary
                    articles.append(article)
                if each is not None:
                    each(article, summary)
                if builder is not None:
                    builder.add(article)
            self.progress("articles", 1, None)
        del items

        place = _position_in(order)
        if isinstance(articles, ArticleStore):
            articles.sort(place)
            ids = articles.ids()
            kept: Sequence[Summary] = articles.summaries
        else:
            articles.sort(key=lambda a, place=place: place(a.id))
            ids = [a.id for a in articles]
            kept = [summaries.pop(i) for i in ids]
        del order, place
        require_articles(articles, failures, len(inputs))
        groups = cluster_stories(builder.signatures(ids)) if builder is not None and len(ids) > 1 else None
        del builder
        return self._brief(articles, kept, failures, groups)

    def _brief(self, articles: Sequence[Article], summaries: Sequence[Summary],
               failures: list[tuple[str, str]], groups: list[list[int]] | None = None) -> Brief:
        """Stories, largest first, each with its own combined summary and facts (`groups`: the
        stories already found, as indices into `articles`). From a spilled run (`articles` an
        ArticleStore) a story's articles are read back while its work is done, and each finished
        story goes to disk too (`Brief.stories` reads them back)."""
        engine = self.summarizer_or_fallback() if articles else None
        if self.options.stories == "one" or len(articles) < 2:
            groups = [list(range(len(articles)))] if articles else []
        elif groups is None:
            groups = group_stories(articles)
        spilled = isinstance(articles, ArticleStore)
        ids = articles.ids() if isinstance(articles, ArticleStore) else [a.id for a in articles]
        built: Spilled[Story] | list[Story] = Spilled() if spilled and len(groups) > 1 else []
        self.progress("summarize", 0, len(groups))
        first: Story | None = None
        for n, members in enumerate(groups, 1):
            if isinstance(articles, ArticleStore):  # from disk: one story at a time
                pairs = [articles.pair(i) for i in members]
                story_articles = [a for a, _ in pairs]
                story_summaries = [s for _, s in pairs]
                del pairs
            else:
                story_articles = [articles[i] for i in members]
                story_summaries = [summaries[i] for i in members]
            _, combined, facts = self._combine(story_articles, story_summaries, engine)  # type: ignore[arg-type]
            story = Story(f"s{n}", story_label(story_articles), tuple(ids[i] for i in members), combined, facts)
            first = first or story
            built.append(story)
            del story_articles, story_summaries, story
        if len(groups) == 1:
            combined, facts = first.combined, first.facts  # type: ignore[union-attr]
        else:  # the largest story's combined summary; every story's figures and disagreements
            combined = first.combined if first else None
            facts = Facts(Chained(built, lambda s: s.facts.figures),  # type: ignore[arg-type]
                          Chained(built, lambda s: s.facts.disagreements))  # type: ignore[arg-type]
            if not spilled:
                facts = Facts(tuple(facts.figures), tuple(facts.disagreements))
        kept = articles if spilled else tuple(articles)
        stories = built if spilled and len(groups) > 1 else tuple(built)
        return Brief(kept, summaries if spilled else tuple(summaries), combined, facts,  # type: ignore[arg-type]
                     tuple(failures), stories)  # type: ignore[arg-type]

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def as_inputs(inputs) -> list:
    """One input (a path, URL, text or bytes) or an iterable of them, as a list.

    Raises:
        UsageError: `inputs` is neither (a number, None, a mapping).
    """
    if isinstance(inputs, (str, bytes, bytearray, memoryview, os.PathLike)):
        return [inputs]
    if isinstance(inputs, Mapping) or not isinstance(inputs, Iterable):
        raise UsageError(f"inputs: expected a path, URL, page text or bytes, or a list of them; "
                         f"got {type(inputs).__name__}")
    return list(inputs)


def require_articles(articles: Sequence[Article], failures: Sequence[tuple[str, str]], given: int) -> None:
    """Raise InputError (with every failure) when no input gave an article."""
    if articles:
        return
    if failures:
        more = f" (and {len(failures) - 1} more failed)" if len(failures) > 1 else ""
        raise InputError(f"no input could be used: {failures[0][1]}{more}", failures)
    raise InputError("no input given" if not given else "no readable page found in the inputs", failures)
# Pages read, cleaned, translated and summarized together: enough for a site's repeated lines
# to be learned and for full model batches, few enough that raw page text stays small.
STREAM_GROUP = 256


@dataclass(frozen=True)
class ArticleStage:
    """Per-article work, run by an executor: read → clean → detect → translate → summarize.

    Returns (Article, Summary) pairs and ("failed", source, reason) triples. Articles are kept
    lean: the lines the cleaner dropped are let go (only `clean --json` shows them).
    """

    options: Options

    def open(self) -> Pipeline:
        return Pipeline(self.options)

    def __call__(self, pipeline: Pipeline, items: Sequence[Source | Page]) -> list:
        pages, failed = [], []
        for item in items:
            try:
                pages.append(item if isinstance(item, Page) else
                             read_page(item, pipeline.options.max_bytes, pipeline.options.timeout))
            except InputError as exc:
                failed.append(("failed", item.location, str(exc)))
        articles, clean_failures = pipeline.clean(pages)
        del pages
        # The cleaner's per-line caches pay off within a chunk (a site's repeated lines); kept
        # across a whole archive they were most of what memory grew by (70 → 48 MiB peak RSS
        # at 4,000 articles when cleared, bench/stories_bench.py).
        clear_line_caches()
        articles = [dataclasses.replace(a, dropped=()) for a in articles]
        articles = pipeline.translate(pipeline.detect(articles))
        engine = pipeline.summarizer_or_fallback()
        summaries = []
        for start in range(0, len(articles), SUMMARY_GROUP):
            summaries.extend(summarize_articles(articles[start:start + SUMMARY_GROUP], engine, pipeline.options))
        return list(zip(articles, summaries)) + failed + [("failed", s, e) for s, e in clean_failures]


def _position_in(order: dict[str, int]) -> Callable[[str], int]:
    """An article's place in the input order (ids not found go last)."""
    return lambda aid: order.get(aid, len(order))
