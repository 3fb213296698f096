"""Page → Article: HTML extraction, text-dump rules, and lines learned across the batch."""
from __future__ import annotations

from ..document import Article, Page
from ..errors import InputError
from . import html as html_pages
from .template import learn_template
from .text import classify

__all__ = ["clean_page", "clean_pages", "page_lines"]


def page_lines(page: Page) -> tuple[list[str], dict]:
    """The lines to classify and the metadata found, for either kind of page."""
    if page.kind == "html":
        lines, meta = html_pages.extract(page.text)
        if not lines:
            lines = html_pages.visible_lines(page.text)
            meta["extraction"] = "visible text (main-text extraction found nothing)"
        return lines, meta
    return [ln.strip() for ln in page.text.splitlines() if ln.strip()], {}


def clean_page(page: Page, template: frozenset[str] = frozenset(), explain: bool = False) -> Article:
    """Clean one page into an Article.

    `explain`: each line the labeller dropped names the features that pushed it out (what
    `clean --json` shows; slower), not only its probability.

    Raises:
        InputError: the page holds no article text.
    """
    return _clean(page, *page_lines(page), template, explain)


def _clean(page: Page, lines: list[str], meta: dict, template: frozenset[str], explain: bool) -> Article:
    meta = dict(meta)
    title_hint = meta.pop("title", None)
    result = classify(lines, title_hint=title_hint, template=template, from_html=page.kind == "html",
                      explain=explain)
    if not result.paragraphs:
        raise InputError(f"{page.source}: no article text found")
    return Article(
        id=page.id,
        source=page.source,
        paragraphs=result.paragraphs,
        title=result.title,
        kind=page.kind,
        metadata=meta,
        dropped=result.dropped,
        warnings=page.warnings + result.warnings,
    )


def site_key(page: Page, meta: dict) -> str:
    if meta.get("hostname"):
        return str(meta["hostname"])
    if page.source.startswith(("http://", "https://")):
        return page.source.split("/")[2]
    return ""


def clean_pages(pages: list[Page], explain: bool = False) -> list[Article | InputError]:
    """Clean a batch, learning each site's repeated lines first; failures are returned in place
    (`explain`: see `clean_page`)."""
    prepared = [page_lines(p) for p in pages]
    keys = [site_key(p, meta) for p, (_, meta) in zip(pages, prepared)]
    templates = learn_template([(k, lines) for k, (lines, _) in zip(keys, prepared)])
    results: list[Article | InputError] = []
    for page, key, (lines, meta) in zip(pages, keys, prepared):
        try:
            results.append(_clean(page, lines, meta, templates.get(key, frozenset()), explain))
        except InputError as exc:
            results.append(exc)
    return results
