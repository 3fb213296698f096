"""Folder jobs: mirrored output tree, atomic writes, an append-only manifest, resume, a lock.

The manifest (`manifest.jsonl` in the output folder) gets one line per finished or failed
input, with the hash of its content; a rerun skips inputs whose hash and output are
unchanged and redoes the rest. A line cut short by a crash is ignored on the next run.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .document import Page
from .errors import InputError, Interrupted, OutputError
from .ingest import Source, discover, read_page, safe_name

MANIFEST = "manifest.jsonl"
LOCK = ".summarizer.lock"
# Our temp files: `.summarizer.tmp-<pid>-<random>`, and `.<name>.tmp-<pid>` from older versions.
TEMP_NAME = re.compile(r"^\.summarizer\.tmp-(\d+)-[0-9a-f]+$|^\..+\.tmp-(\d+)$")


def output_error(path: Path, exc: OSError) -> OutputError:
    """An OSError met while writing `path`, as one line for the user."""
    where = exc.filename if isinstance(exc.filename, str) and exc.filename != str(path) else None
    if isinstance(exc, IsADirectoryError):
        reason = "is a folder"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        reason, where = "a file is in the way", where or str(path)
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"{path}: cannot write ({reason}{f': {where}' if where else ''})", exc.errno)


def _temp_path(folder: Path) -> Path:
    return folder / f".summarizer.tmp-{os.getpid()}-{secrets.token_hex(4)}"


def _write_new(path: Path, data: bytes, sync: bool = True) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str) -> None:
    """Write via a temp file in the same folder, fsync, rename: readers never see half a file.

    The temp name is short whatever the target's name, so a 255-byte name still fits.

    Raises:
        OutputError: the folder cannot be made or written (read-only, full, a file in the way),
            or `path` is a folder.
    """
    tmp = _temp_path(path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        _write_new(tmp, data.encode("utf-8", errors="surrogateescape"))
        os.replace(tmp, path)
    except OSError as exc:
        raise output_error(path, exc) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def remove_stale_temp(folder: Path) -> int:
    """Delete our temp files that runs which died left in `folder`; returns how many."""
    removed = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            match = TEMP_NAME.match(name)
            if match and not _alive(int(match.group(1) or match.group(2))):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except OSError:
                    pass
    return removed


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


def safe_relative(name: str, max_component: int = 120) -> Path:
    """A relative output path from an input path, title or URL: no '..', no root, short parts."""
    parts = [safe_name(part, max_component) for part in re.split(r"[\\/]+", name)]
    parts = [part for part in parts if part]
    return Path(*parts) if parts else Path("article")


@dataclass
class Manifest:
    """State per input key: content hash, "done" or "failed", outputs, error.

    Lines are UTF-8; a path with bytes that are not UTF-8 is kept exactly as a JSON escape.
    """

    folder: Path
    entries: dict[str, dict] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # each output ever finished → input

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        manifest = cls(folder)
        path = folder / MANIFEST
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    manifest.entries[entry["input"]] = entry
                    if entry.get("state") == "done":
                        outputs = entry.get("outputs", [])
                        manifest.written.update(dict.fromkeys(outputs, entry["input"]))
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        return manifest

    def is_done(self, key: str, digest: str, outputs: list[str] | None = None) -> bool:
        """Finished with this content, into `outputs` (when given), and every output still there."""
        entry = self.entries.get(key)
        return bool(entry and entry.get("state") == "done" and entry.get("hash") == digest
                    and (outputs is None or entry.get("outputs") == outputs)
                    and all((self.folder / o).exists() for o in entry.get("outputs", [])))

    def record(self, key: str, digest: str | None, state: str, outputs: list[str] = (),
               error: str | None = None, **details: str) -> None:
        entry = {"input": key, **details, "hash": digest, "state": state, "outputs": list(outputs),
                 "time": time.time()}
        if error:
            entry["error"] = error
        self.entries[key] = entry
        # ensure_ascii=False keeps names readable; a lone surrogate (a byte that is not UTF-8)
        # is written as its JSON escape `\udcXX`, which loads back to the same name.
        text = json.dumps(entry, ensure_ascii=False)
        line = text.encode("utf-8", errors="backslashreplace") + b"\n"
        path = self.folder / MANIFEST
        try:
            fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise output_error(path, exc) from None

    def orphans(self, outputs: set[str], suffix: str = "") -> list[tuple[str, list[str]]]:
        """(input, outputs ending in `suffix`) of earlier runs that no current input writes."""
        found: dict[str, list[str]] = {}
        for output, key in self.written.items():
            gone = output.endswith(suffix) and output not in outputs
            if gone and (self.folder / output).exists():
                found.setdefault(key, []).append(output)
        return list(found.items())


class OutputLock:
    """One run per output folder: a lock file holding the owner's pid; a dead owner's is taken over.

    The lock appears with its pid already in it (written to a temp file, then hard-linked), so
    a racing run never reads an empty lock and takes it for a dead one.
    """

    def __init__(self, folder: Path):
        self.path = folder / LOCK

    def __enter__(self) -> "OutputLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temp_path(self.path.parent)
            _write_new(tmp, str(os.getpid()).encode(), sync=False)
        except OSError as exc:
            raise output_error(self.path.parent, exc) from None
        try:
            for _ in range(2):
                try:
                    self._publish(tmp)
                    return self
                except FileExistsError:
                    owner = self._owner()
                    if owner is not None and (owner == 0 or _alive(owner)):
                        raise InputError(f"{self.path.parent}: another run (pid {owner or '?'}) is "
                                         f"writing to this folder; wait for it, or delete "
                                         f"{self.path} if it is gone") from None
                    self.path.unlink(missing_ok=True)
                except OSError as exc:
                    raise output_error(self.path, exc) from None
        finally:
            tmp.unlink(missing_ok=True)
        raise InputError(f"{self.path.parent}: cannot take the lock {self.path}")

    def _publish(self, tmp: Path) -> None:
        try:
            os.link(tmp, self.path)
        except FileExistsError:
            raise
        except OSError as exc:  # a file system without hard links: create, then write
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            _write_new(self.path, str(os.getpid()).encode(), sync=False)

    def _owner(self) -> int | None:
        """The owner's pid, 0 for an empty lock younger than a few seconds (still being written)."""
        try:
            text = self.path.read_text().strip()
            if not text and time.time() - self.path.stat().st_mtime < 5:
                return 0
            return int(text or 0) or None
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


def pending(pipeline, jobs: list[Job], manifest: Manifest, report: BatchReport,
            fmt: str) -> Iterator[Job]:
    """Read each input once: unreadable ones are recorded as failed, finished ones skipped."""
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
        if manifest.is_done(job.input, digest, [output_name(source, fmt)]):
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
        entries.append(_entry(job, "done", [name]))
    return entries


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
    pipeline.progress("files", 0, len(sources))
    with OutputLock(out_dir):
        remove_stale_temp(out_dir)
        manifest = Manifest.load(out_dir)
        report.orphans = manifest.orphans({output_name(s, fmt) for s in sources}, f".{fmt}")
        try:
            todo = [Job(source, "", None, key) for source, key in zip(sources, keys)]
            jobs = pending(pipeline, todo, manifest, report, fmt)
            options = pipeline.options
            if options.executor == "ray":
                from .distributed import ray_translate

                # Workers read their own inputs: keep only where each one is, not its text.
                todo = [Job(job.source, job.digest, None, job.key) for job in jobs]
                results = ray_translate(options, todo, out_dir, fmt, protected, chunk_size, options.ray_address,
                                        options.workers, options.gpus_per_worker)
            else:
                results = (entry for group in chunked_iter(jobs, chunk_size)
                           for entry in translate_jobs(pipeline, group, out_dir, fmt, protected))
            for entry in results:
                manifest.record(entry["input"], entry["hash"], entry["state"], entry["outputs"],
                                entry["error"], id=entry.get("id"), location=entry["location"])
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
