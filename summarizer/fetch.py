"""Fetch one URL safely: http(s) only, one deadline for the whole fetch, a size cap, few
redirects, text types only."""
from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlparse

from .errors import InputError

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
USER_AGENT = "summarizer/0.1 (+news brief tool)"
CHUNK = 64 * 1024


class _Deadline:
    """Shuts every socket of one fetch when its time is up, so that a server trickling bytes
    (each read well within a per-read timeout) cannot keep the fetch alive past the deadline."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def connection(self, base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        deadline = self

        class Watched(base):  # type: ignore[misc, valid-type]
            def connect(self):
                self.timeout = max(0.05, min(self.timeout or deadline.seconds, deadline.remaining()))
                super().connect()
                deadline.watch(self.sock)

        return Watched

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


class _WatchedHandler:
    """Mixin for urllib's HTTP(S) handlers: every connection is registered with the deadline."""

    deadline: _Deadline

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self.deadline.connection(http_class), req, **kwargs)  # type: ignore[misc]


class _HTTP(_WatchedHandler, urllib.request.HTTPHandler):
    pass


class _HTTPS(_WatchedHandler, urllib.request.HTTPSHandler):
    pass


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        # urllib itself refuses other schemes with an HTTPError that looks like a redirect loop.
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urljoin(req.full_url, location.strip())
            if urlparse(target).scheme.lower() not in ("http", "https"):
                fp.close()
                raise InputError(f"{req.full_url}: redirect to a non-http(s) URL refused ({target[:200]})")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch(url: str, max_bytes: int, timeout: float) -> tuple[bytes, str, str | None]:
    """Return (body, content type, declared charset or None) of `url`.

    `timeout` bounds the whole fetch (connection, redirects, headers and body), not each read.

    Raises:
        InputError: on a timeout, HTTP error, redirect loop or a redirect to a non-http(s) URL,
            wrong content type or over-size body.
    """
    deadline = _Deadline(timeout)
    handlers = [_HTTP(), _HTTPS(), _LimitedRedirects()]
    for handler in handlers[:2]:
        handler.deadline = deadline  # type: ignore[attr-defined]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain"})
    timed_out = InputError(f"{url}: timed out after {timeout:g} s")
    try:
        with deadline, opener.open(request, timeout=timeout) as response:
            content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(ACCEPTED_TYPES):
                raise InputError(f"{url}: not a web page (content type {content_type})")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: larger than the {max_bytes:,}-byte limit ({int(declared):,} bytes)")
            charset = response.headers.get_content_charset()
            body = _read_body(response, max_bytes, deadline)
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from None
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise timed_out from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if deadline.expired or isinstance(reason, (socket.timeout, TimeoutError)):
            raise timed_out from None
        raise InputError(f"{url}: cannot fetch ({reason})") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        if deadline.expired:
            raise timed_out from None
        raise InputError(f"{url}: cannot fetch ({exc})") from None
    if len(body) > max_bytes:
        raise InputError(f"{url}: larger than the {max_bytes:,}-byte limit")
    return body, content_type, charset


def _read_body(response, max_bytes: int, deadline: _Deadline) -> bytes:
    """Read in chunks until the end, the size cap or the deadline (a shut socket reads as EOF)."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = response.read1(min(CHUNK, max_bytes + 1 - size))
        if deadline.expired:
            raise socket.timeout()
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
