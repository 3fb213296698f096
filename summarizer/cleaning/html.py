"""HTML pages: trafilatura finds the main text and metadata; our line rules finish the job.

trafilatura lets "Baca juga" links, captions and bylines through, so its output goes through
the same classifier as text dumps. When it finds nothing, the page's visible text is dumped
block by block and classified as a text dump.
"""
from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "button", "label",
}
SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "title")
TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—»:]{1,2})\s+")


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(html: str) -> str:
    """lxml refuses control characters; scraped pages sometimes contain them."""
    return CONTROL.sub(" ", html)


def extract(html: str) -> tuple[list[str], dict[str, Any]]:
    """Main-text lines and metadata (title, author, date, site, url) of an HTML page."""
    import lxml.etree
    import trafilatura

    html = xml_safe(html)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_recall=True)
    except (ValueError, lxml.etree.LxmlError, RecursionError) as exc:
        log.warning("main-text extraction failed (%s); using the visible text", exc)
        doc = None
    meta: dict[str, Any] = {}
    lines: list[str] = []
    if doc is not None:
        for key in ("author", "date", "sitename", "hostname", "url"):
            value = getattr(doc, key, None)
            if value:
                meta["site" if key == "sitename" else key] = value
        lines = [ln.strip() for ln in (doc.text or "").split("\n") if ln.strip()]
        meta["raw_title"] = getattr(doc, "title", None)
    meta["title"] = headline(html, meta.get("raw_title"), meta.get("site"), meta.get("hostname"))
    meta.pop("raw_title", None)
    return lines, meta


def headline(html: str, page_title: str | None, site: str | None, host: str | None) -> str | None:
    """The article headline: an <h1> that the page title contains, else the title less its site part."""
    headings = [h for h in _h1_texts(html) if len(h.split()) >= 2]
    if page_title:
        for h in headings:
            if h.casefold() in page_title.casefold():
                return h
        site_words = {w.casefold() for w in re.findall(r"\w+", f"{site or ''} {host or ''}") if len(w) > 2}
        parts = [p for p in TITLE_SEPARATORS.split(page_title)
                 if not site_words or not ({w.casefold() for w in re.findall(r"\w+", p)} <= site_words | {"com", "www"})]
        if parts:
            return max(parts, key=len).strip()
    return headings[0] if headings else None


def _h1_texts(html: str) -> list[str]:
    import lxml.etree
    import lxml.html

    try:
        doc = lxml.html.fromstring(xml_safe(html))
    except (ValueError, lxml.etree.LxmlError):
        return []
    return [re.sub(r"\s+", " ", h.text_content()).strip() for h in doc.iter("h1")]


def visible_lines(html: str) -> list[str]:
    """The page's visible text, one line per block element (the fallback when extraction fails)."""
    import lxml.etree
    import lxml.html

    try:
        doc = lxml.html.fromstring(xml_safe(html))
    except (ValueError, lxml.etree.LxmlError):
        return []
    for bad in doc.xpath("|".join(f"//{t}" for t in SKIP_TAGS)):
        bad.drop_tree()
    parts: list[str] = []
    for event, el in lxml.etree.iterwalk(doc, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail)
    text = "".join(parts)
    return [re.sub(r"\s+", " ", ln).strip() for ln in text.split("\n") if ln.strip()]
