"""Sources (files, folders, URLs, stdin) → Page: encoding, HTML vs text, size limits.

`discover` expands what the user named into `Source` entries without reading them, so a
batch can read each one on its own and record a failure without stopping the rest.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .document import Page
from .errors import InputError
from .options import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

PAGE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Magic numbers of formats users rename to .txt by mistake.
BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP/Office archive",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
}
HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|article|div|p)[\s>]", re.I)


@dataclass(frozen=True)
class Source:
    """Something to read: `location` is a path, a URL or "-"; `id` is unique in the run."""

    location: str
    id: str
    root: str | None = None  # the folder it was found in, for mirroring output trees

    @property
    def relative(self) -> str:
        """Path relative to its folder (for output mirroring), else the file name or the URL."""
        if self.root:
            return os.path.relpath(self.location, self.root)
        if self.is_url:
            return self.location
        if self.location == "-":
            return self.id
        return os.path.basename(self.location)

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))


Failures = list[tuple[str, str]]


def discover(locations: list[str], exclude: list[str] | None = None, *,
             failures: Failures | None = None, taken: set[str] | None = None) -> list[Source]:
    """Expand files, folders (recursively, page files only), URLs and "-" into Sources.

    Ids are file-system safe and unique (case-insensitively): a clash gets the first free
    `-N` suffix that is no other input's own id, in the order given, so reruns agree.

    Args:
        exclude: folders not to read (an output folder inside an input folder).
        failures: when given, a bad entry (missing path, unusable URL, bad list line, folder
            without pages) is appended as (location, message) and the others go on.
        taken: ids already given out in this run (updated), for callers that discover in parts.

    Raises:
        InputError: without `failures`, the first bad entry.
    """
    return discover_each([locations], exclude, failures=failures, taken=taken)[0]


def discover_each(groups: list[list[str]], exclude: list[str] | None = None, *,
                  failures: Failures | None = None,
                  taken: set[str] | None = None) -> list[list[Source]]:
    """`discover` for several groups of locations at once: the Sources of each group, with ids
    unique across all of them (as if discovered together)."""
    excluded = [os.path.realpath(p) for p in exclude or []]

    def fail(location: str, message: str) -> None:
        if failures is None:
            raise InputError(message)
        failures.append((location, message))

    seen: set[str] = set()
    found = [_first_mentions(_expand(group, excluded, fail), seen) for group in groups]
    ids = iter(unique_ids([ident for group in found for _, ident, _ in group], taken))
    return [[Source(location, next(ids), root) for location, _, root in group] for group in found]


def _first_mentions(found: list[tuple[str, str, str | None]], seen: set[str]):
    """Drop an input already named (the same file twice, or a file inside a folder also named):
    it would be read, counted as a source and written twice."""
    kept = []
    for entry in found:
        location = entry[0]
        key = location if location == "-" or "://" in location else os.path.realpath(location)
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return kept


def _expand(locations: list[str], excluded: list[str], fail) -> list[tuple[str, str, str | None]]:
    """(location, id before de-duplication, root folder) for every input `locations` name."""
    found: list[tuple[str, str, str | None]] = []
    for loc in _expand_lists(locations, fail):
        if loc == "-":
            found.append(("-", "stdin", None))
        elif re.match(r"^[a-z][a-z0-9+.-]*://", loc, re.I):
            if not loc.lower().startswith(("http://", "https://")):
                fail(loc, f"{loc}: only http:// and https:// URLs can be fetched")
                continue
            found.append((loc, _url_id(loc), None))
        elif os.path.isdir(loc):
            pages, others = _walk(Path(loc), excluded)
            if not pages:
                note = f"; {others} other file(s) skipped" if others else ""
                kinds = ", ".join(sorted(PAGE_SUFFIXES))
                fail(loc, f"{loc}: no page files ({kinds}) in this folder{note}")
            for path in pages:
                rel = os.path.splitext(os.path.relpath(path, loc))[0]
                ident = "/".join(safe_name(part) or "_" for part in rel.split(os.sep))
                found.append((str(path), ident, loc))
        elif os.path.lexists(loc):
            found.append((loc, safe_name(Path(loc).stem or "page"), None))
        else:
            fail(loc, f"{loc}: no such file or folder")
    return found


def unique_ids(bases: list[str], taken: set[str] | None = None) -> list[str]:
    """One id per base, in order: a repeat gets `-2`, `-3`... skipping every base and id in use."""
    taken = taken if taken is not None else set()
    reserved = {b.casefold() for b in bases} | taken
    ids = []
    for base in bases:
        ident, n = base, 1
        while ident.casefold() in taken:
            n += 1
            ident = f"{base}-{n}"
            while ident.casefold() in reserved:
                n += 1
                ident = f"{base}-{n}"
        taken.add(ident.casefold())
        ids.append(ident)
    return ids


def safe_name(part: str, limit: int = 120) -> str:
    """One path component safe on every file system: no control or reserved characters, no bytes
    that are not UTF-8, at most `limit` UTF-8 bytes (a cut name ends in a hash of the whole)."""
    clean = re.sub(r"[\x00-\x1f\x7f<>:\"|?*\\/\ud800-\udfff]", "_", part).strip(" .")
    if clean in ("", "..", "."):
        return ""
    encoded = clean.encode("utf-8")
    if len(encoded) <= limit:
        return clean
    digest = hashlib.sha1(part.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return encoded[:limit - 9].decode("utf-8", "ignore").rstrip(" .") + "-" + digest


def _expand_lists(locations: list[str], fail) -> list[str]:
    """`@list.txt` (one path or URL a line) and `*.jsonl` ({"url": ...} or {"path": ...} a line) name many inputs."""
    import json

    expanded: list[str] = []
    for loc in locations:
        if not (loc.startswith("@") or loc.endswith(".jsonl")):
            expanded.append(loc)
            continue
        path = loc[1:] if loc.startswith("@") else loc
        try:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            fail(loc, f"{path}: cannot read the list of inputs ({exc.strerror or exc})")
            continue
        base = Path(path).parent
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if path.endswith(".jsonl"):
                try:
                    item = json.loads(line)
                    line = item if isinstance(item, str) else item.get("url") or item["path"]
                    if not isinstance(line, str) or not line.strip():
                        raise TypeError
                except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
                    fail(f"{path}:{number}", f"{path}:{number}: expected {{\"url\": ...}} or "
                                             f"{{\"path\": ...}} with a string value")
                    continue
            is_relative = "://" not in line and not os.path.isabs(line)
            expanded.append(str(base / line) if is_relative and not os.path.exists(line) else line)
    return expanded


def _walk(root: Path, excluded: list[str]) -> tuple[list[Path], int]:
    """Page files under `root` (sorted, hidden ones left out), and how many other files it holds."""
    paths, others = [], 0
    for dirpath, dirnames, filenames in os.walk(root):
        here = os.path.realpath(dirpath)
        # An output folder inside the input folder must not be read back as input.
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and os.path.join(here, d) not in excluded)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in PAGE_SUFFIXES:
                paths.append(Path(dirpath) / name)
            else:
                others += 1
    return paths, others


def _url_id(url: str) -> str:
    """Host, path and query of a URL as one file name: `www.site.com-read-x-a`."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    text = parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
    return safe_name(re.sub(r"[^\w.-]+", "-", text).strip("-.")) or "page"


def read_page(source: Source, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0) -> Page:
    """Read and decode one source.

    Raises:
        InputError: unreadable, binary, empty, over `max_bytes`, or a failed fetch.
    """
    charset = None
    if source.location == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name_hint = ""
    elif source.is_url:
        from .fetch import fetch

        data, content_type, charset = fetch(source.location, max_bytes=max_bytes, timeout=timeout)
        name_hint = ".html" if "html" in content_type else ""
    else:
        data = _read_file(source.location, max_bytes)
        name_hint = source.location
    return page_from_bytes(data, source.id, source.location, max_bytes, name_hint, charset)


def page_from_bytes(data: bytes, id: str, source: str, max_bytes: int = DEFAULT_MAX_BYTES, name_hint: str = "",
                    charset: str | None = None) -> Page:
    """A Page from raw content, decoded as a file is (`charset`: the one the server declared).

    Raises:
        InputError: binary, empty or over `max_bytes`.
    """
    if len(data) > max_bytes:
        raise InputError(f"{source}: larger than the {max_bytes:,}-byte limit (raise it with --max-bytes)")
    text, encoding, warnings = decode(data, source, charset)
    if not text.strip():
        raise InputError(f"{source}: empty file")
    kind = "html" if Path(name_hint).suffix.lower() in HTML_SUFFIXES or looks_like_html(data) else "text"
    return Page(id=id, source=source, text=text, kind=kind, encoding=encoding, warnings=warnings)


def _read_file(path: str, max_bytes: int) -> bytes:
    try:
        if os.path.islink(path) and not os.path.exists(path):
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise InputError(f"{path}: symbolic link loop") from None
            raise InputError(f"{path}: broken symbolic link")
        if os.path.getsize(path) > max_bytes:
            raise InputError(f"{path}: larger than the {max_bytes:,}-byte limit (raise it with --max-bytes)")
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def looks_like_path(text: str) -> bool:
    """A string shaped like a file name or a list of inputs (one line ending in a page suffix,
    .jsonl, or starting with / ./ ../ ~/ @), as opposed to page text."""
    if len(text) > 4096 or "\n" in text or "<" in text:
        return False
    return (Path(text).suffix.lower() in PAGE_SUFFIXES | {".jsonl"}
            or text.startswith(("/", "./", "../", "~/", "@")))


def looks_like_html(data: bytes) -> bool:
    return bool(HTML_SNIFF.search(data[:4096]))


def decode(data: bytes, where: str = "input", declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Bytes → text: BOMs, UTF-8, UTF-16, the declared charset (HTTP header, then HTML meta),
    then detection (cp1252 preferred for Latin-script text), then UTF-8 with replacement.

    Raises:
        InputError: the bytes are binary (a known file signature, or NUL bytes anywhere).
    """
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec, ()
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{where}: binary file ({what}), not a text or HTML page")
    head = data[:8192]
    # UTF-16 without BOM: every other byte of ASCII text is NUL.
    if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4:
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(codec, errors="replace"), codec, ()
    if b"\x00" in data:  # the whole content: a NUL past the first block must not reach the output
        raise InputError(f"{where}: binary file (contains NUL bytes), not a text or HTML page")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes: its many valid multi-byte characters do not arise by chance
    # in a single-byte encoding, so a detected charset would garble every one of them. Against a
    # declared charset it takes far more: a page may mix a UTF-8 menu with a body in the declared one.
    meta = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", head, re.I)
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())  # a U+FFFD written in the page is no bad byte
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if valid >= (10 if declared or meta else 2) * bad:
        return text, "utf-8", (f"{bad} invalid UTF-8 byte sequence(s) replaced",)
    for label in (declared, meta.group(1).decode("ascii") if meta else None):
        codec = _codec(label)
        if codec:
            try:
                return data.decode(codec), codec, (f"decoded as {codec} (declared; not UTF-8)",)
            except UnicodeDecodeError:
                continue
    for codec in (_guess(data), "cp1252"):
        try:
            return data.decode(codec), codec, (f"decoded as {codec} (not UTF-8)",)
        except (UnicodeDecodeError, LookupError):
            continue
    return text, "utf-8", (f"{bad} invalid UTF-8 byte sequence(s) replaced",)


# Labels that browsers decode as windows-1252 (WHATWG Encoding Standard): pages labelled
# Latin-1 use its extra characters (curly quotes, dashes) all the time.
AS_CP1252 = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "us-ascii", "ascii", "cp819"}


def _codec(label: str | None) -> str | None:
    """Python's codec for a declared charset label, or None when unknown."""
    import codecs

    if not label:
        return None
    label = label.strip().lower()
    if label in AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _guess(data: bytes) -> str:
    """The detected encoding; among single-byte guesses for Latin-script text, cp1252 (the one
    news sites and Windows editors write) rather than a look-alike such as cp1250 or cp775."""
    import unicodedata

    from charset_normalizer import from_bytes

    sample = data[:65536]
    best = from_bytes(sample).best()
    if best is None:
        return "cp1252"
    try:
        text = sample.decode(best.encoding)
        sample.decode("cp1252")
    except (UnicodeDecodeError, LookupError):
        return best.encoding
    if len(text) != len(sample):  # a multi-byte encoding: trust the detector
        return best.encoding
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return "cp1252" if latin * 2 >= len(letters) else best.encoding
