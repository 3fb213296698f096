"""Folder jobs: mirrored output tree, atomic writes, an append-only manifest, resume, a lock.

The manifest (`manifest.jsonl` in the output folder) gets one line per finished or failed
input, with the hash of its content; a rerun skips inputs whose hash and output are
unchanged and redoes the rest. A line cut short by a crash is ignored on the next run.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .document import Page
from .errors import InputError, Interrupted, SummarizerError
from .executors import executor_for
from .ingest import Source, discover, read_page

MANIFEST = "manifest.jsonl"
LOCK = ".summarizer.lock"


def write_atomic(path: Path, data: str) -> None:
    """Write via a temp file in the same folder, fsync, rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


def safe_relative(name: str, max_component: int = 120) -> Path:
    """A relative output path from an input path, title or URL: no '..', no root, short parts."""
    parts = []
    for part in re.split(r"[\\/]+", name):
        part = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", part).strip(" .")
        if part in ("", ".", ".."):
            continue
        parts.append(part[:max_component])
    return Path(*parts) if parts else Path("article")


@dataclass
class Manifest:
    """State per input (relative path): content hash, "done" or "failed", outputs, error."""

    folder: Path
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        manifest = cls(folder)
        path = folder / MANIFEST
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    manifest.entries[entry["input"]] = entry
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        return manifest

    def is_done(self, relative: str, digest: str) -> bool:
        entry = self.entries.get(relative)
        return bool(entry and entry.get("state") == "done" and entry.get("hash") == digest
                    and all((self.folder / o).exists() for o in entry.get("outputs", [])))

    def record(self, relative: str, digest: str | None, state: str, outputs: list[str] = (), error: str | None = None) -> None:
        entry = {"input": relative, "hash": digest, "state": state, "outputs": list(outputs), "time": time.time()}
        if error:
            entry["error"] = error
        self.entries[relative] = entry
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / MANIFEST, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


class OutputLock:
    """One run per output folder: a lock file holding the owner's pid; a dead owner's lock is taken over."""

    def __init__(self, folder: Path):
        self.path = folder / LOCK

    def __enter__(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                os.write(fd, str(os.getpid()).encode())
                os.close(fd)
                return self
            except FileExistsError:
                owner = self._owner()
                if owner is not None and _alive(owner):
                    raise InputError(f"{self.path.parent}: another run (pid {owner}) is writing to this folder; "
                                     f"wait for it, or delete {self.path} if it is gone") from None
                self.path.unlink(missing_ok=True)
        raise InputError(f"{self.path.parent}: cannot take the lock {self.path}")

    def _owner(self) -> int | None:
        try:
            return int(self.path.read_text().strip() or 0) or None
        except (OSError, ValueError):
            return None

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def chunked_iter(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items from any iterable (the last one shorter)."""
    group: list = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


@dataclass
class BatchReport:
    done: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


def guard_output(out_dir: Path, inputs: list[str]) -> None:
    """Refuse an output folder that is a file or is an input folder itself (outputs would overwrite inputs)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir}: is a file, not a folder")
    out = out_dir.resolve()
    for item in inputs:
        if item != "-" and "://" not in item and Path(item).resolve() == out:
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
    """An input still to do: where it is, the hash of its content, and (locally) its page."""

    source: Source
    digest: str
    page: Page | None = None


def pending(pipeline, sources: list[Source], manifest: Manifest, report: BatchReport) -> Iterator[Job]:
    """Read each input once: unreadable ones are recorded as failed, finished ones skipped."""
    for source in sources:
        try:
            page = read_page(source, pipeline.options.max_bytes, pipeline.options.timeout)
        except InputError as exc:
            manifest.record(source.relative, None, "failed", error=str(exc))
            report.failures.append((source.location, str(exc)))
            pipeline.progress("files", 1, None)
            continue
        digest = content_hash(page.text)
        if manifest.is_done(source.relative, digest):
            report.skipped += 1
            pipeline.progress("files", 1, None)
            continue
        yield Job(source, digest, page)


def translate_jobs(pipeline, jobs: list[Job], out_dir: Path, fmt: str, protected: frozenset[str]) -> list[dict]:
    """The stage work for a group of inputs: clean → detect → translate → write. Returns manifest entries.

    Shared by the local and the Ray executors, so both write the same files.
    """
    entries: list[dict] = []
    pages, by_id = [], {}
    for job in jobs:
        page = job.page
        if page is None:  # a worker on another machine reads the input itself
            try:
                page = read_page(job.source, pipeline.options.max_bytes, pipeline.options.timeout)
            except InputError as exc:
                entries.append({"input": job.source.relative, "location": job.source.location, "hash": job.digest,
                                "state": "failed", "outputs": [], "error": str(exc)})
                continue
        pages.append(page)
        by_id[page.id] = job
    articles, failed = pipeline.clean(pages)
    for location, error in failed:
        job = next(j for j in by_id.values() if j.source.location == location)
        entries.append({"input": job.source.relative, "location": location, "hash": job.digest, "state": "failed",
                        "outputs": [], "error": error})
    for article in pipeline.translate(pipeline.detect(articles)):
        job = by_id[article.id]
        target = out_dir / safe_relative(str(Path(job.source.relative).with_suffix(f".{fmt}")))
        if str(target.resolve()) in protected:
            raise SummarizerError(f"{target}: would overwrite an input file")
        write_atomic(target, translation_output(article, fmt))
        entries.append({"input": job.source.relative, "location": job.source.location, "hash": job.digest,
                        "state": "done", "outputs": [str(target.relative_to(out_dir))], "error": None})
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

    With `options.executor == "ray"` the groups run on Ray actors; both executors write the
    same files and the same manifest.

    Raises:
        Interrupted: on Ctrl-C, after recording what was finished.
    """
    guard_output(out_dir, inputs)
    sources = discover(inputs, exclude=[str(out_dir)])
    protected = frozenset(str(Path(s.location).resolve()) for s in sources if not s.is_url and s.location != "-")
    report = BatchReport()
    pipeline.progress("files", 0, len(sources))
    with OutputLock(out_dir):
        manifest = Manifest.load(out_dir)
        try:
            jobs = pending(pipeline, sources, manifest, report)
            options = pipeline.options
            if options.executor == "ray":
                # Workers read their own inputs: keep only where each one is, not its text.
                jobs = [Job(job.source, job.digest) for job in jobs]
            stage = TranslateStage(options, out_dir, fmt, protected)
            results = executor_for(pipeline).map(stage, jobs, chunk_size)
            for entry in results:
                manifest.record(entry["input"], entry["hash"], entry["state"], entry["outputs"], entry["error"])
                if entry["state"] == "done":
                    report.done += 1
                    report.outputs.extend(entry["outputs"])
                else:
                    report.failures.append((entry["location"], entry["error"]))
                pipeline.progress("files", 1, None)
        except KeyboardInterrupt:
            raise Interrupted(f"interrupted: {report.done} translated, {report.skipped} already done; "
                              f"rerun the same command to resume") from None
    return report
