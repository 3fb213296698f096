"""summarizer: clean scraped news pages, translate them to English, summarize them.

    from summarizer import summarize
    brief = summarize(["samples/"], summarizer="extractive")
    print(brief.combined.text)
"""
from __future__ import annotations

import logging
import os
from typing import Sequence

# Re-exported names, imported on first use so that `import summarizer` and
# `summarizer --help` stay instant (no model runtime, no extraction library).
_EXPORTS = {
    **dict.fromkeys(["Article", "Brief", "Disagreement", "DisagreementValue", "Dropped", "Facts", "Figure", "Page",
                     "SentencePair", "Story", "Summary", "SummarySentence"], "document"),
    **dict.fromkeys(["ExitCode", "InputError", "Interrupted", "MissingDependency", "ModelNotFound", "PartialFailure",
                     "SummarizerError", "UsageError"], "errors"),
    "Options": "options",
    "Pipeline": "pipeline",
}
__all__ = sorted(_EXPORTS) + ["clean", "summarize", "translate"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")

Inputs = Sequence["str | os.PathLike[str]"] | str


def _as_list(inputs: Inputs) -> list:
    return [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)


def clean(inputs: Inputs) -> list[Article]:  # noqa: F821 - names resolved lazily
    """Cleaned articles from paths, folders, URLs or raw text/HTML strings (no model needed).

    Raises:
        InputError: when no input yields an article (the first reason is given).
    """
    from .errors import InputError
    from .options import Options
    from .pipeline import Pipeline

    pipeline = Pipeline(Options(use_cache=False))
    pages, failures = pipeline.read(_as_list(inputs), allow_text=True)
    articles, more = pipeline.clean(pages)
    if not articles and (failures or more):
        raise InputError((failures + more)[0][1])
    return pipeline.detect(articles)


def translate(inputs: Inputs, options: Options | None = None, **overrides) -> list[Article]:
    """Articles with an English translation for every non-English one (`Article.english`).

    Keyword overrides set Options fields, e.g. `translate("a.txt", translator="nllb-600m")`.
    """
    from .pipeline import Pipeline

    pipeline = Pipeline(_options(options, overrides))
    pages, _ = pipeline.read(_as_list(inputs), allow_text=True)
    articles, _ = pipeline.clean(pages)
    return pipeline.translate(pipeline.detect(articles))


def summarize(inputs: Inputs, options: Options | None = None, **overrides) -> Brief:
    """The full brief: per-article summaries, the combined summary and the disagreements.

    Keyword overrides set Options fields, e.g. `summarize(["a.txt"], summarizer="extractive")`.
    """
    from .pipeline import Pipeline

    pipeline = Pipeline(_options(options, overrides))
    return pipeline.run(_as_list(inputs), allow_text=True)


def _options(options, overrides: dict):
    import dataclasses

    from .options import Options

    return dataclasses.replace(options or Options(), **overrides)
