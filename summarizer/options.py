"""Options: the one object a Python caller or the CLI passes to the pipeline."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
STORIES = ("auto", "one")  # group the input into stories, or treat it as one

LENGTHS = {  # summary length presets: (min, max) new tokens for models, sentences for extractive
    "short": ((20, 60), 2),
    "medium": ((40, 142), 3),
    "long": ((80, 250), 5),
}


@dataclass(frozen=True)
class Options:
    """Everything a run can be told.

    Attributes:
        translator: model for non-English text (alias, hub id or folder); None = registry default per language.
        summarizer: summarization model, or "extractive" for the no-weights summarizer.
        engine: "auto" (CTranslate2 when installed and the model converts, else transformers), "hf" or "ct2".
        device: "auto", "cpu", "cuda" or "mps".
        length: "short", "medium" or "long" summaries.
        summary_tokens: (min, max) new tokens per model summary; overrides `length`.
        beams: beam size for summaries (translation is greedy, beam 4 on a figure retry).
        batch_tokens: padded tokens per model batch; None lets the engine choose (CTranslate2 on
            CPU: 1,024 tokens × beams in flight per worker; otherwise 4,096).
        executor: "local", or "ray" to spread folder work over a Ray cluster (`ray_address`,
            `workers` actors with `gpus_per_worker` GPUs each).
        fallback: when a model is missing, warn and degrade (untranslated text, extractive summary)
            instead of stopping.
        translate: False keeps non-English text as it is.
        replace_unsupported: replace a summary sentence whose figure is in no source by the
            closest source sentence (else only flag it).
        stories: "auto" groups the articles into stories (one combined summary and one
            disagreement table each); "one" treats the whole input as one story.
        glossary: a TSV or JSON file of source term → required English and do-not-translate terms.
        protect_names: keep names of people, places and institutions (capitalised multi-word
            spans) untranslated.
    """

    translator: str | None = None
    summarizer: str = "distilbart-cnn"
    engine: str = "auto"
    device: str = "auto"
    length: str = "medium"
    beams: int = 4
    summary_tokens: tuple[int, int] | None = None
    batch_tokens: int | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 20.0
    models_dir: str | None = None
    cache_dir: str | None = None
    use_cache: bool = True
    fallback: bool = False
    translate: bool = True
    replace_unsupported: bool = True
    compute_type: str | None = None
    executor: str = "local"
    ray_address: str | None = None
    workers: int = 2
    gpus_per_worker: float = 0.0
    stories: str = "auto"
    glossary: str | None = None
    protect_names: bool = False

    def validate(self) -> None:
        from .engines import ENGINES
        from .device import CHOICES
        from .errors import UsageError

        problems = []
        if self.engine not in ("auto",) + ENGINES:
            problems.append(f"unknown engine {self.engine!r}; available: auto, {', '.join(ENGINES)}")
        if self.device not in CHOICES:
            problems.append(f"unknown device {self.device!r}; available: {', '.join(CHOICES)}")
        if self.length not in LENGTHS:
            problems.append(f"unknown length {self.length!r}; available: {', '.join(LENGTHS)}")
        if self.summary_tokens is not None and not 0 <= self.summary_tokens[0] <= self.summary_tokens[1] >= 1:
            problems.append("--summary-tokens MIN,MAX needs 0 ≤ MIN ≤ MAX and MAX ≥ 1")
        if not self.timeout > 0:
            problems.append("--timeout must be > 0 seconds")
        if self.executor not in ("local", "ray"):
            problems.append(f"unknown executor {self.executor!r}; available: local, ray")
        if self.stories not in STORIES:
            problems.append(f"unknown stories mode {self.stories!r}; available: {', '.join(STORIES)}")
        if self.workers < 1 or self.gpus_per_worker < 0:
            problems.append("--workers must be ≥ 1 and --gpus-per-worker ≥ 0")
        if self.beams < 1 or (self.batch_tokens is not None and self.batch_tokens < 16) or self.max_bytes < 1:
            problems.append("--beams must be ≥ 1, --batch-tokens ≥ 16, --max-bytes ≥ 1")
        if problems:
            raise UsageError("; ".join(problems))
