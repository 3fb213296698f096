"""Folder jobs: mirrored output tree, one output per input, resume, failures recorded.

A rerun skips inputs whose content hash and output are unchanged (per the manifest) and
redoes the rest. How the folder is written safely (atomic writes, the manifest, the lock,
stale temp files) lives in `output_folder.py`.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .document import Page
from .errors import InputError, Interrupted, OutputError
from .executors import executor_for
from .ingest import Source, discover, read_page
from .language import needs_translation
from .output_folder import (  # noqa: F401  (re-exported: the batch API callers know)
    LOCK, MANIFEST, Manifest, OutputLock, remove_stale_temp, safe_relative, write_atomic,
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


@dataclass
class BatchReport:
    done: int = 0
    skipped: int = 0
    # written in the source language (`fallback` without a model): not done, a rerun redoes them
    untranslated: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    # (input, outputs) finished by an earlier run that no current input writes: kept, listed.
    orphans: list[tuple[str, list[str]]] = field(default_factory=list)


def guard_output(out_dir: Path, inputs: list[str]) -> None:
    """Refuse an output folder that is a file or is an input folder itself (outputs would overwrite inputs)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir}: is a file, not a folder")
    out = os.path.realpath(out_dir)
    for item in inputs:
        if item != "-" and "://" not in item and os.path.realpath(item) == out:
            raise InputError(f"--out {out_dir}: is the input folder; outputs would overwrite inputs, choose another folder")


TRANSLATION_FORMATS = ("txt", "json", "jsonl")


def translation_output(article, fmt: str) -> str:
    """One translated article as txt (English text), json (with sentence pairs) or jsonl (a pair per line)."""
    from .report import article_dict

    if fmt == "txt":
        title = f"{article.title}\n\n" if article.title and article.language == "en" else ""
        return title + article.english + "\n"
    data = article_dict(article)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    pairs = data.get("sentences") or [{"source": s, "target": s, "flags": []} for s in article.paragraphs]
    return "".join(json.dumps({"id": article.id, **p}, ensure_ascii=False) + "\n" for p in pairs)


@dataclass(frozen=True)
class Job:
    """An input still to do: where it is, its hash, (locally) its page, its manifest key."""

    source: Source
    digest: str
    page: Page | None = None
    key: str = ""

    @property
    def input(self) -> str:
        return self.key or self.source.relative


def output_name(source: Source, fmt: str) -> str:
    """Where an input's translation goes, relative to the output folder: its unique id + format."""
    return f"{safe_relative(source.id)}.{fmt}"  # ids' parts are short: the suffix always fits


def manifest_keys(sources: list[Source]) -> list[str]:
    """Each input's manifest key: its path inside its folder, else (not unique) its location."""
    relatives = [s.relative for s in sources]
    counts: dict[str, int] = {}
    for rel in relatives:
        counts[rel] = counts.get(rel, 0) + 1
    return [rel if counts[rel] == 1 else s.location for s, rel in zip(sources, relatives)]


def translation_settings(options) -> str:
    """What else than its content decides an input's translation: a rerun with other settings
    redoes it."""
    glossary = None
    if options.glossary:  # its content, not only its name: an edited glossary makes other outputs
        try:
            glossary = hashlib.sha256(Path(options.glossary).read_bytes()).hexdigest()
        except OSError:
            glossary = str(options.glossary)
    return json.dumps({"translator": options.translator, "glossary": glossary,
                       "protect_names": options.protect_names, "translate": options.translate}, sort_keys=True)


def pending(pipeline, jobs: list[Job], manifest: Manifest, report: BatchReport,
            fmt: str, settings: str) -> Iterator[Job]:
    """Read each input once: unreadable ones are recorded as failed, finished ones (with these
    `translation_settings`) skipped."""
    for job in jobs:
        source = job.source
        try:
            page = read_page(source, pipeline.options.max_bytes, pipeline.options.timeout)
        except InputError as exc:
            manifest.record(job.input, None, "failed", error=str(exc), id=source.id)
            report.failures.append((source.location, str(exc)))
            pipeline.progress("files", 1, None)
            continue
        digest = content_hash(page.text)
        if manifest.is_done(job.input, digest, [output_name(source, fmt)], settings):
            report.skipped += 1
            pipeline.progress("files", 1, None)
            continue
        yield Job(source, digest, page, job.input)


def _entry(job: Job, state: str, outputs: list[str] = (), error: str | None = None) -> dict:
    return {"input": job.input, "id": job.source.id, "location": job.source.location,
            "hash": job.digest, "state": state, "outputs": list(outputs), "error": error}


def translate_jobs(pipeline, jobs: list[Job], out_dir: Path, fmt: str, protected: frozenset[str]) -> list[dict]:
    """The stage work for a group of inputs: clean → detect → translate → write. Returns manifest entries.

    Shared by the local and the Ray executors, so both write the same files.

    Raises:
        OutputError: the output folder cannot take more writes (full, read-only); an output
            path that is a folder fails only its own input.
    """
    entries: list[dict] = []
    pages, by_id = [], {}
    for job in jobs:
        page = job.page
        if page is None:  # a worker on another machine reads the input itself
            try:
                page = read_page(job.source, pipeline.options.max_bytes, pipeline.options.timeout)
            except InputError as exc:
                entries.append(_entry(job, "failed", error=str(exc)))
                continue
        pages.append(page)
        by_id[page.id] = job
    articles, failed = pipeline.clean(pages)
    for location, error in failed:
        job = next(j for j in by_id.values() if j.source.location == location)
        entries.append(_entry(job, "failed", error=error))
    for article in pipeline.translate(pipeline.detect(articles)):
        job = by_id[article.id]
        name = output_name(job.source, fmt)
        target = out_dir / name
        if os.path.realpath(target) in protected:
            entries.append(_entry(job, "failed", error=f"{target}: would overwrite an input file"))
            continue
        try:
            write_atomic(target, translation_output(article, fmt))
        except OutputError as exc:
            if exc.fatal:
                raise
            entries.append(_entry(job, "failed", error=str(exc)))
            continue
        untranslated = (pipeline.options.translate and article.translation is None
                        and needs_translation(article.language))
        entries.append(_entry(job, "untranslated" if untranslated else "done", [name]))
    return entries


@dataclass(frozen=True)
class TranslateStage:
    """`translate_jobs` as a stage any executor can run (see executors.py)."""

    options: object
    out_dir: Path
    fmt: str
    protected: frozenset[str]

    def open(self):
        from .pipeline import Pipeline

        return Pipeline(self.options)

    def __call__(self, pipeline, jobs: list[Job]) -> list[dict]:
        return translate_jobs(pipeline, jobs, self.out_dir, self.fmt, self.protected)


def translate_folder(pipeline, inputs: list[str], out_dir: Path, fmt: str = "txt", chunk_size: int = 16) -> BatchReport:
    """Translate every page under `inputs` into `out_dir`, mirroring the tree; resumable.

    Each input is written to `<its id>.<fmt>` (ids are unique, see `ingest.discover`), and
    `manifest.jsonl` maps every input to its output. Temp files of a run that died are removed;
    outputs of inputs deleted (or renamed) since an earlier run are listed in `BatchReport.orphans`.
    With `options.executor == "ray"` the groups run on Ray actors; both executors write the
    same files and the same manifest.

    Raises:
        Interrupted: on Ctrl-C, after recording what was finished.
        OutputError: the output folder cannot be written (the message says why).
    """
    guard_output(out_dir, inputs)
    report = BatchReport()
    sources = discover(inputs, exclude=[str(out_dir)], failures=report.failures)
    protected = frozenset(os.path.realpath(s.location) for s in sources
                          if not s.is_url and s.location != "-")
    keys = manifest_keys(sources)
    settings = translation_settings(pipeline.options)
    pipeline.progress("files", 0, len(sources))
    with OutputLock(out_dir):
        remove_stale_temp(out_dir)
        manifest = Manifest.load(out_dir)
        report.orphans = manifest.orphans({output_name(s, fmt) for s in sources}, f".{fmt}")
        try:
            todo = [Job(source, "", None, key) for source, key in zip(sources, keys)]
            jobs = pending(pipeline, todo, manifest, report, fmt, settings)
            options = pipeline.options
            if options.executor == "ray":
                # Workers read their own inputs: keep only where each one is, not its text.
                jobs = [Job(job.source, job.digest, None, job.key) for job in jobs]
            stage = TranslateStage(options, out_dir, fmt, protected)
            results = executor_for(pipeline).map(stage, jobs, chunk_size)
            for entry in results:
                manifest.record(entry["input"], entry["hash"], entry["state"], entry["outputs"],
                                entry["error"], id=entry.get("id"), location=entry["location"],
                                settings=settings)
                if entry["state"] in ("done", "untranslated"):
                    report.done += entry["state"] == "done"
                    report.untranslated += entry["state"] == "untranslated"
                    report.outputs.extend(entry["outputs"])
                else:
                    report.failures.append((entry["location"], entry["error"]))
                pipeline.progress("files", 1, None)
        except KeyboardInterrupt:
            untranslated = f", {report.untranslated} written untranslated" if report.untranslated else ""
            raise Interrupted(f"interrupted: {report.done} translated{untranslated}, {report.skipped} already done; "
                              f"rerun the same command to resume") from None
    return report
