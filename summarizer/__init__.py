"""summarizer: clean scraped news pages, translate them to English, summarize them.

    from summarizer import summarize
    brief = summarize(["samples/"], summarizer="extractive")
    print(brief.combined.text)

Inputs, for every function here and `Pipeline.run(..., allow_text=True)`: a path (str or
Path; a folder is read recursively), an http(s) URL, page text (a str that is no existing
path, URL or path-shaped name), page content as bytes (decoded like a file: BOM, UTF-8,
declared charset, detection), or a list of any of these.

Bad inputs are handled the same way everywhere: each input that cannot be used (missing
path, unreadable, binary, empty, no article text) is skipped, logged as a warning on the
`summarizer` logger and listed in `.failures` as (source, reason): `Brief.failures`, or the
`.failures` of the list that `clean()` and `translate()` return. When no input at all is
usable, InputError is raised; its `failures` lists every reason. Anything that is not a
path, URL, str or bytes, or an unknown option, raises UsageError.
"""
from __future__ import annotations

import logging
import os
from typing import Iterable, Union

# Re-exported names, imported on first use so that `import summarizer` and
# `summarizer --help` stay instant (no model runtime, no extraction library).
_EXPORTS = {
    **dict.fromkeys(["Article", "Articles", "Brief", "Disagreement", "DisagreementValue", "Dropped", "Facts",
                     "Figure", "Page", "SentencePair", "Story", "Summary", "SummarySentence"], "document"),
    **dict.fromkeys(["ExitCode", "InputError", "Interrupted", "MissingDependency", "ModelNotFound", "PartialFailure",
                     "SummarizerError", "UsageError"], "errors"),
    "Options": "options",
    "Pipeline": "pipeline",
}
__all__ = sorted(_EXPORTS) + ["clean", "summarize", "translate"]
__version__ = "0.1.0"

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


Input = Union[str, "os.PathLike[str]", bytes]
Inputs = Union[Input, Iterable[Input]]


def clean(inputs: Inputs, explain: bool = False) -> Articles:  # noqa: F821 - names resolved lazily
    """Cleaned articles (no model needed).

    Args:
        inputs: paths, folders, URLs, page text or page bytes (see the module docstring).
        explain: each line the learned labeller dropped names, besides its probability, the
            features that pushed it out (`Article.dropped`; what `summarizer clean --json` shows).

    Returns:
        The articles, in input order; `.failures` lists the inputs skipped and why.

    Raises:
        InputError: no input yields an article (`failures` says why for each).
    """
    from .options import Options
    from .pipeline import Pipeline

    pipeline = Pipeline(Options(use_cache=False))
    articles, failures = _read_and_clean(pipeline, inputs, explain)
    return _articles(pipeline.detect(articles), failures)


def translate(inputs: Inputs, options: Options | None = None, **overrides) -> Articles:  # noqa: F821
    """Articles with an English translation for every non-English one (`Article.english`).

    Args:
        inputs: paths, folders, URLs, page text or page bytes (see the module docstring).
        options: an Options; keyword overrides set its fields, e.g. `translator="nllb-600m"`.

    Returns:
        The articles, in input order; `.failures` lists the inputs skipped and why.

    Raises:
        InputError: no input yields an article. ModelNotFound: the translation model is missing.
        UsageError: an unknown option or a value out of range.
    """
    from .pipeline import Pipeline

    pipeline = Pipeline(_options(options, overrides))
    articles, failures = _read_and_clean(pipeline, inputs)
    return _articles(pipeline.translate(pipeline.detect(articles)), failures)


def summarize(inputs: Inputs, options: Options | None = None, **overrides) -> Brief:  # noqa: F821
    """The full brief: per-article summaries, the combined summary and the disagreements.

    Args:
        inputs: paths, folders, URLs, page text or page bytes (see the module docstring).
        options: an Options; keyword overrides set its fields, e.g. `summarizer="extractive"`.

    Returns:
        A Brief; `Brief.failures` lists the inputs skipped and why. It holds every article in
        memory; for archives, `Pipeline(options).run(inputs, spill=True)` keeps them in a
        temporary file instead, as `summarizer run` does.

    Raises:
        InputError: no input yields an article. ModelNotFound: a model is missing.
        UsageError: an unknown option or a value out of range.
    """
    from .pipeline import Pipeline

    brief = Pipeline(_options(options, overrides)).run(inputs, allow_text=True)
    _log_failures(brief.failures)
    return brief


def _read_and_clean(pipeline, inputs: Inputs, explain: bool = False):
    from .pipeline import as_inputs, require_articles

    items = as_inputs(inputs)
    pages, failures = pipeline.read(items, allow_text=True)
    articles, more = pipeline.clean(pages, explain)
    require_articles(articles, failures + more, len(items))
    return articles, failures + more


def _articles(articles, failures):
    from .document import Articles

    _log_failures(failures)
    return Articles(articles, failures)


def _log_failures(failures) -> None:
    for source, reason in failures:
        log.warning("skipped %s", reason if reason.startswith(source) else f"{source}: {reason}")


def _options(options, overrides: dict):
    import dataclasses

    from .errors import UsageError
    from .options import Options

    if options is not None and not isinstance(options, Options):
        raise UsageError(f"options must be a summarizer.Options, not {type(options).__name__}")
    known = [f.name for f in dataclasses.fields(Options)]
    unknown = [k for k in overrides if k not in known]
    if unknown:
        raise UsageError(f"unknown option {unknown[0]!r}; options are: {', '.join(known)}")
    return dataclasses.replace(options or Options(), **overrides)
