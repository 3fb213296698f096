"""An output folder written safely: atomic writes, stale temp files, the manifest, the lock.

The manifest (`manifest.jsonl`) gets one line per finished or failed input: its key, id,
content hash, state and outputs. A line cut short by a crash is ignored on the next run.
"""
from __future__ import annotations

import errno
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import InputError, OutputError
from .ingest import safe_name

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


def _write_new(path: Path, data: bytes | Iterable[bytes], sync: bool = True) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        for piece in [data] if isinstance(data, bytes) else data:
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | Iterable[str]) -> None:
    """Write via a temp file in the same folder, fsync, rename: readers never see half a file.

    `data` is the text, or its pieces (written as they come, never held whole).

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
        pieces = [data] if isinstance(data, str) else data
        _write_new(tmp, (piece.encode("utf-8", errors="surrogateescape") for piece in pieces))
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
    written: dict[str, str] = field(default_factory=dict)  # each output ever written → input

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        manifest = cls(folder)
        path = folder / MANIFEST
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    manifest.entries[entry["input"]] = entry
                    if entry.get("state") in ("done", "untranslated"):  # a file was written
                        outputs = entry.get("outputs", [])
                        manifest.written.update(dict.fromkeys(outputs, entry["input"]))
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        return manifest

    def is_done(self, key: str, digest: str, outputs: list[str] | None = None, settings: str | None = None) -> bool:
        """Finished with this content, into `outputs` and with `settings` (when given; an entry
        written before settings were recorded counts as theirs), and every output still there."""
        entry = self.entries.get(key)
        return bool(entry and entry.get("state") == "done" and entry.get("hash") == digest
                    and (outputs is None or entry.get("outputs") == outputs)
                    and (settings is None or entry.get("settings", settings) == settings)
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
