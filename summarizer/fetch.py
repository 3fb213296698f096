"""Fetch one URL safely: http(s) only, timeouts, a size cap, few redirects, text types only."""
from __future__ import annotations

import socket
import urllib.error
import urllib.request

from .errors import InputError

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
USER_AGENT = "summarizer/0.1 (+news brief tool)"


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise InputError(f"{req.full_url}: redirect to a non-http URL refused ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, max_bytes: int, timeout: float) -> tuple[bytes, str]:
    """Return (body, content type) of `url`.

    Raises:
        InputError: on a timeout, HTTP error, redirect loop, wrong content type or over-size body.
    """
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain"})
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(ACCEPTED_TYPES):
                raise InputError(f"{url}: not a web page (content type {content_type})")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: larger than the {max_bytes:,}-byte limit ({int(declared):,} bytes)")
            body = response.read(max_bytes + 1)
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from None
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise InputError(f"{url}: timed out after {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise InputError(f"{url}: timed out after {timeout:g} s") from None
        raise InputError(f"{url}: cannot fetch ({reason})") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{url}: cannot fetch ({exc})") from None
    if len(body) > max_bytes:
        raise InputError(f"{url}: larger than the {max_bytes:,}-byte limit")
    return body, content_type
