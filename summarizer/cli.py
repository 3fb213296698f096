"""Command line: parse options → build one Options → call the library → render. No logic here."""
from __future__ import annotations

import errno
import json
import logging
import os
import sys
from pathlib import Path

import click

from .errors import ExitCode, InputError, OutputError, PartialFailure, SummarizerError
from .cli_models import models
from .options import LENGTHS, STORIES, Options

EPILOG_RUN = """\b
Examples:
  summarizer run samples/                      brief of a folder of scraped pages
  summarizer run page.html --format json       machine-readable brief
  summarizer run samples/ --out brief/         also write per-article files
  cat page.txt | summarizer run -              read stdin
  summarizer run samples/ --no-translate --summarizer extractive
                                               no model needed at all
"""


def _token_bounds(ctx, param, value):
    if value is None:
        return None
    try:
        low, high = (int(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("expected MIN,MAX, e.g. 30,80") from None
    return low, high


TRANSLATION_ONLY = {"translator"}
SUMMARY_ONLY = {"summarizer_name", "length", "summary_tokens", "beams"}


def model_options(func=None, *, translates: bool = True, summarizes: bool = True):
    """Options shared by every command that loads a model (one definition, no drift); a command
    that only translates or only summarizes shows only the options that change what it does."""
    if func is None:
        return lambda f: model_options(f, translates=translates, summarizes=summarizes)
    left_out = (set() if translates else TRANSLATION_ONLY) | (set() if summarizes else SUMMARY_ONLY)
    decorators = [
        click.option("--translator", metavar="MODEL", help="Translation model: alias (see `models list`), hub id or folder. Default: per language (opus-mt-id-en for Indonesian, nllb-600m for others)."),
        click.option("--summarizer", "summarizer_name", metavar="MODEL", default="distilbart-cnn", show_default=True, help="Summarization model, or 'extractive' (no weights)."),
        click.option("--engine", type=click.Choice(["auto", "hf", "ct2"]), default="auto", show_default=True, help="Runtime: CTranslate2 (fast), transformers, or auto."),
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda", "mps"]), default="auto", show_default=True),
        click.option("--length", type=click.Choice(list(LENGTHS)), default="medium", show_default=True, help="Summary length."),
        click.option("--summary-tokens", metavar="MIN,MAX", callback=_token_bounds, help="Summary length in model tokens (overrides --length)."),
        click.option("--beams", type=int, default=4, show_default=True, help="Beam size for summaries."),
        click.option("--batch-tokens", type=int, default=None, help="Padded tokens per model batch (translation and summaries). Default: 1,024 tokens × beams in flight per worker with CTranslate2 on CPU (fast, little memory), 4,096 otherwise. Lower it for less memory; raise it for speed with a large vocabulary (NLLB, beam 4: 512 is 1.2× faster at 1.3× the memory)."),
        click.option("--max-bytes", type=int, default=16 * 1024 * 1024, show_default=True, help="Skip inputs larger than this."),
        click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds to wait for a URL."),
        click.option("--models-dir", type=click.Path(file_okay=False), help="Where local model folders live (default: models/)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the translation/summary cache."),
        click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Run folder work locally or on a Ray cluster (pip install 'summarizer[ray]')."),
        click.option("--ray-address", metavar="ADDR", help="Ray cluster to join (ray://host:10001); default $RAY_ADDRESS or a local Ray."),
        click.option("--workers", type=int, default=2, show_default=True, help="Ray actors (each loads the models once)."),
        click.option("--gpus-per-worker", type=float, default=0.0, show_default=True),
        click.option("--fallback", is_flag=True, help="When a model is missing, warn and continue (untranslated text, extractive summary) instead of stopping."),
    ]
    for decorator in reversed(decorators):
        probe = decorator(lambda: None)  # the option's parameter name, to leave out the ones that do nothing here
        if not {param.name for param in probe.__click_params__} & left_out:
            func = decorator(func)
    return func


def trust_options(func):
    """Options of the commands that translate: terms and names that must come through."""
    func = click.option("--protect-names", is_flag=True, help="Keep names of people, places and institutions "
                        "(capitalised multi-word spans) untranslated; a name lost is flagged.")(func)
    return click.option("--glossary", type=click.Path(dir_okay=False), metavar="FILE",
                        help="TSV (term<TAB>english; a term alone stays untranslated) or JSON "
                        '({"terms": {...}, "keep": [...]}); a term that does not come through is flagged.')(func)


def build_options(**kw) -> Options:
    """CLI flags → the same Options a Python caller passes."""
    return Options(
        translator=kw.get("translator"), summarizer=kw.get("summarizer_name") or "distilbart-cnn",
        engine=kw.get("engine", "auto"), device=kw.get("device", "auto"), length=kw.get("length", "medium"),
        beams=kw.get("beams", 4), summary_tokens=kw.get("summary_tokens"), batch_tokens=kw.get("batch_tokens"),
        max_bytes=kw.get("max_bytes", 16 * 1024 * 1024), timeout=kw.get("timeout", 20.0), models_dir=kw.get("models_dir"),
        use_cache=not kw.get("no_cache", False), fallback=kw.get("fallback", False),
        translate=not kw.get("no_translate", False), executor=kw.get("executor", "local"),
        ray_address=kw.get("ray_address"), workers=kw.get("workers", 2), gpus_per_worker=kw.get("gpus_per_worker", 0.0),
        stories=kw.get("stories", Options.stories),
        glossary=kw.get("glossary"), protect_names=kw.get("protect_names", Options.protect_names))


class Bars:
    """tqdm bars on stderr fed by the pipeline's progress callback (hidden when not a terminal)."""

    def __init__(self):
        self.bars = {}

    def __call__(self, stage: str, advance: int, total: int | None, detail: str = "") -> None:
        from tqdm import tqdm

        if total is not None:
            if stage in self.bars:
                self.bars[stage].close()
            unit = {"translate": "tok", "files": "file"}.get(stage, "item")  # translate: source tokens/s, ETA
            self.bars[stage] = tqdm(total=total, desc=stage, unit=unit, file=sys.stderr, disable=None, leave=False)
        bar = self.bars.get(stage)
        if bar is not None:
            if detail:
                bar.set_postfix_str(detail, refresh=False)
            if advance:
                bar.update(advance)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def pipeline_for(options: Options):
    from .pipeline import Pipeline

    return Pipeline(options, progress=Bars())


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def report_failures(failures, total: int) -> None:
    for source, error in failures:
        click.echo(f"error: {error}" if error.startswith(source) else f"error: {source}: {error}", err=True)
    if failures and len(failures) >= total:
        raise InputError(f"no input could be used ({len(failures)} failed)")
    if failures:
        raise PartialFailure(f"{len(failures)} of {total} input(s) failed", list(failures))


def run_listing_failures(pipeline, paths, spill: bool = False, each=None):
    """pipeline.run; when no input is usable, one `error:` line per input, then exit 3."""
    try:
        return pipeline.run(list(paths), spill=spill, each=each)
    except InputError as exc:
        if not exc.failures:
            raise
        report_failures(exc.failures, len(exc.failures))
        raise


@click.group(epilog="Run `summarizer COMMAND --help` for a command's options and examples.")
@click.version_option(package_name="summarizer")
@click.option("-v", "--verbose", count=True, help="Show progress details (-v) or debug logs (-vv).")
@click.option("--traceback", is_flag=True, help="Show the full traceback on errors (for bug reports; -vv does too).")
@click.pass_context
def cli(ctx, verbose, traceback):
    """Clean scraped news pages, translate them to English and summarize them.

    \b
    Pipeline: ingest → clean → detect language → translate → summarize → brief.
    Quick start:
      summarizer run samples/            the whole brief
      summarizer clean page.html         only the cleaned article
      summarizer facts samples/          figures and where the sources disagree
      summarizer models list             which models are installed
    """
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    for value, name in ((logging.WARNING, "warning"), (logging.INFO, "info"), (logging.DEBUG, "debug")):
        logging.addLevelName(value, name)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"traceback": traceback}


@cli.command(epilog=EPILOG_RUN)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text",
              show_default=True, help="html: one self-contained page (no network) to read the brief in.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Also write brief.{txt,md,json,html} and per-article files here.")
@click.option("--no-translate", is_flag=True, help="Keep non-English text as it is.")
@click.option("--stories", type=click.Choice(STORIES), default=Options.stories, show_default=True,
              help="auto: group the articles into stories (same event), each with its own combined summary "
                   "and disagreements; one: the whole input is one story.")
@model_options
@trust_options
def run(paths, fmt, out, **kw):
    """The whole pipeline: a brief of every article and of the set.

    PATHS are files (.txt, .html), folders (read recursively), URLs or - for stdin.
    """
    from .report import iter_render

    from .outputs import ArticleWriter, write_brief

    pipeline = pipeline_for(build_options(**kw))
    writer = ArticleWriter(out) if out is not None else None  # each article's files as it is done
    brief = run_listing_failures(pipeline, paths, spill=True, each=writer)  # articles wait on disk
    for piece in iter_render(brief, fmt):  # first: a failed write below must not lose the brief
        click.echo(piece, nl=False)
    if writer is not None:
        try:
            if writer.error is not None:
                raise writer.error
            write_brief(brief, out, articles=False)
        except OutputError as exc:
            raise OutputError(f"{exc}; the brief was written to standard output only") from None
        earlier = writer.earlier()
        if earlier:
            more = f" and {len(earlier) - 10} more" if len(earlier) > 10 else ""
            warn(f"{len(earlier)} article folder(s) of an earlier run in {out / 'articles'} are not in this brief "
                 f"(kept): {', '.join(earlier[:10])}{more}")
    report_failures(brief.failures, len(brief.articles) + len(brief.failures))


@cli.command(epilog="""\b
Examples:
  summarizer clean page.html               cleaned text on stdout
  summarizer clean page.txt --json         with metadata and every dropped line + reason
  summarizer clean scraped/ --out clean/   a folder, mirrored
""")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON with title, language, metadata, paragraphs and dropped lines "
              "with reasons (one object; JSON Lines when there are several inputs).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write one cleaned file per input here.")
@click.option("--max-bytes", type=int, default=16 * 1024 * 1024, show_default=True, help="Skip inputs larger than this.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds to wait for a URL.")
def clean(paths, as_json, out, max_bytes, timeout):
    """Cleaned article text (title first, then paragraphs); no model needed.

    Several inputs print one after another, each opened by a line "==> SOURCE <=="."""
    from .pipeline import Pipeline
    from .report import article_dict

    pipeline = Pipeline(Options(max_bytes=max_bytes, timeout=timeout, use_cache=False))
    pages, failures = pipeline.read(list(paths))
    articles, clean_failures = pipeline.clean(pages, explain=as_json)
    failures += clean_failures
    if as_json:
        articles = pipeline.detect(articles)
    single = len(articles) == 1 and out is None
    for article in articles:
        for note in article.warnings:
            warn(f"{article.source}: {note}")
        text = json.dumps(article_dict(article, dropped=True), ensure_ascii=False, indent=2 if single or out else None) \
            if as_json else "\n\n".join(([article.title] if article.title else []) + list(article.paragraphs))
        if out is not None:
            from .batch import remove_stale_temp, safe_relative, write_atomic

            if out.is_dir():
                remove_stale_temp(out)
            suffix = "json" if as_json else "txt"
            write_atomic(out / f"{safe_relative(article.id)}.{suffix}", text + "\n")
        else:
            if len(articles) > 1 and not as_json:
                click.echo(source_header(article, first=article is articles[0]))
            click.echo(text)
    report_failures(failures, len(articles) + len(failures))


def source_header(article, first: bool) -> str:
    """The line that opens one article of several printed as text (as `head` marks files)."""
    return ("" if first else "\n") + f"==> {article.source} <=="


@cli.command(epilog="""\b
Examples:
  summarizer translate article.txt                  English text on stdout
  summarizer translate scraped/ --out english/      a folder; rerun to resume
  summarizer translate scraped/ --out en/ --format json   keep sentence pairs
""")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Mirror the input tree here (resumable).")
@click.option("--format", "fmt", type=click.Choice(["txt", "json", "jsonl"]), default="txt", show_default=True,
              help="json/jsonl carry each sentence's score, trust (ok/check/bad) and reasons.")
@model_options(summarizes=False)
@trust_options
def translate(paths, out, fmt, **kw):
    """Translate non-English articles to English (English ones pass through)."""
    from .batch import translate_folder, translation_output

    pipeline = pipeline_for(build_options(**kw))
    if out is not None:
        report = translate_folder(pipeline, list(paths), out, fmt)
        untranslated = (f", {report.untranslated} written untranslated (no model; a rerun with one translates "
                        f"them)" if report.untranslated else "")
        click.echo(f"{report.done} translated{untranslated}, {report.skipped} already done, "
                   f"{len(report.failures)} failed → {out}", err=True)
        if report.orphans:
            listed = "; ".join(f"{key} → {', '.join(outputs)}"
                               for key, outputs in report.orphans[:10])
            more = f"; and {len(report.orphans) - 10} more" if len(report.orphans) > 10 else ""
            warn(f"outputs of {len(report.orphans)} input(s) deleted or renamed since an earlier "
                 f"run are kept in {out}: {listed}{more}")
        report_failures(report.failures, report.done + report.untranslated + report.skipped + len(report.failures))
        return
    pages, failures = pipeline.read(list(paths))
    articles, clean_failures = pipeline.clean(pages)
    for article in pipeline.translate(pipeline.detect(articles)):
        if len(articles) > 1 and fmt == "txt":
            click.echo(source_header(article, first=article.id == articles[0].id))
        click.echo(translation_output(article, fmt), nl=False)
    report_failures(failures + clean_failures, len(articles) + len(failures) + len(clean_failures))


@cli.command(epilog="""\b
Examples:
  summarizer summarize english.txt
  summarizer translate page.txt | summarizer summarize -
  summarizer summarize a.txt b.txt --summarizer extractive --format json
""")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@model_options(translates=False)
def summarize(paths, fmt, **kw):
    """Summarize articles as they are (no translation), and the set when there are several."""
    from .report import iter_render

    pipeline = pipeline_for(build_options(no_translate=True, **kw))
    brief = run_listing_failures(pipeline, paths, spill=True)
    for piece in iter_render(brief, fmt):
        click.echo(piece, nl=False)
    report_failures(brief.failures, len(brief.articles) + len(brief.failures))


@cli.command(epilog="""\b
Examples:
  summarizer facts samples/           figure table and disagreements
  summarizer facts samples/ --json    the documented JSON contract
""")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
def facts(paths, as_json):
    """Figures in the sources (money, percentages, counts, dates) and where they disagree."""
    from .document import short_id
    from .facts import collect_facts
    from .pipeline import Pipeline
    from .report import disagreement_lines, facts_dict

    pipeline = Pipeline(Options(use_cache=False))
    pages, failures = pipeline.read(list(paths))
    articles, clean_failures = pipeline.clean(pages)
    articles = pipeline.detect(articles)
    if not articles:  # nothing read: the errors say why, no empty table on stdout
        report_failures(failures + clean_failures, len(failures) + len(clean_failures))
    found = collect_facts(articles)
    if as_json:
        click.echo(json.dumps(facts_dict(found), ensure_ascii=False, indent=2))
    else:
        ids = [a.id for a in articles]
        click.echo("FIGURES")
        for f in found.figures:
            click.echo(f"- [{short_id(f.source, ids)}] {f.about}: {f.value}")
        click.echo("\nDISAGREEMENTS")
        for line in disagreement_lines(found, ids) or ["none found"]:
            click.echo(f"- {line}")
    report_failures(failures + clean_failures, len(articles) + len(failures) + len(clean_failures))


cli.add_command(models)


GLOBAL_FLAGS = {"-v", "-vv", "-vvv", "--verbose", "--traceback"}


def _global_flags_first(args: list[str]) -> list[str]:
    """`summarizer run x -v` as `summarizer -v run x`: the group's flags may follow the command
    (not past a `--`, after which every word is a path)."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    return flags + [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:]


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the CLI and maps every error to one line and its exit code."""
    args = _global_flags_first(argv if argv is not None else sys.argv[1:])
    show_traceback = "--traceback" in args or "-vv" in args
    if sys.stdout is None and not _writes_files(args):  # started with stdout closed (`>&-`)
        click.echo("error: standard output is closed: redirect it to a file or use --out DIR", err=True)
        return ExitCode.INPUT
    for stream in (sys.stdout, sys.stderr):  # a name with bytes that are not UTF-8 prints escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli.main(args=args, prog_name="summarizer", standalone_mode=False)
        if sys.stdout is not None:
            sys.stdout.flush()
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except SystemExit:
        from click.utils import PacifyFlushWrapper

        if isinstance(sys.stdout, PacifyFlushWrapper):  # click's sign that stdout's reader left
            _stdout_to_devnull()
            return ExitCode.OK
        raise
    except click.ClickException as exc:
        exc.show()
        return ExitCode.USAGE
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        return ExitCode.INTERRUPTED
    except SummarizerError as exc:
        if show_traceback:
            raise
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return ExitCode.INTERRUPTED
    except OSError as exc:
        # The reader of stdout left (`| head`): stop quietly, as other command-line tools do.
        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
            _stdout_to_devnull()
            return ExitCode.OK
        if show_traceback:
            raise
        _stdout_to_devnull()  # stdout full: the buffered rest would fail again at exit
        where = f": {exc.filename}" if exc.filename else " (standard output)"
        click.echo(f"error: cannot write{where}: {exc.strerror or exc}", err=True)
        return ExitCode.INPUT
    return ExitCode.OK


def _writes_files(args: list[str]) -> bool:
    """Whether the command line names an output folder or only asks for help."""
    return any(a == "--out" or a.startswith("--out=") or a in ("--help", "-h") for a in args)


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null so the flush at exit does not fail again (Python docs, SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real stdout (tests capture it)
        pass


def entry() -> None:
    sys.exit(main())
