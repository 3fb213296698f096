"""The Ray executor: the same stage functions as a local run, mapped over a Ray dataset.

Each actor builds one Pipeline (so each model is loaded once per actor) and runs
`batch.translate_jobs` (or `summarize_jobs`) on groups of inputs; the driver records the
returned manifest entries, so a run can be resumed locally or on the cluster. Ray retries
a group whose worker died (`max_restarts`/`max_task_retries`); outputs are written
atomically, so a retried group rewrites the same files and nothing is recorded twice.
Output folders must be on storage that every node sees.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import pickle
from pathlib import Path
from typing import Any, Iterator

from .errors import require
from .ingest import Source
from .options import Options

log = logging.getLogger(__name__)


def connect(address: str | None = None, workers: int | None = None):
    """Start (or join) Ray: `address` or $RAY_ADDRESS joins a cluster, else a local instance."""
    ray = require("ray", extra="ray")
    require("ray.data", extra="ray")
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        kwargs: dict[str, Any] = {"address": address} if address else {"num_cpus": workers or os.cpu_count()}
        ray.init(log_to_driver=False, include_dashboard=False, logging_level=logging.WARNING, **kwargs)
    # Our own progress bar and summary line speak for the run; Ray's would interleave with them.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray


def _job_rows(jobs: list) -> list[dict]:
    return [{"location": j.source.location, "id": j.source.id, "root": j.source.root or "",
             "digest": j.digest, "key": j.key} for j in jobs]


def _jobs_from(batch: dict) -> list:
    from .batch import Job

    return [Job(Source(str(loc), str(ident), str(root) or None), str(digest), None, str(key))
            for loc, ident, root, digest, key in zip(batch["location"], batch["id"], batch["root"],
                                                     batch["digest"], batch["key"])]


class TranslateWorker:
    """A Ray actor: one Pipeline (models loaded once), translating groups of inputs."""

    def __init__(self, options: Options, out_dir: str, fmt: str, protected: frozenset[str]):
        from .pipeline import Pipeline

        self.pipeline = Pipeline(options)
        self.out_dir, self.fmt, self.protected = Path(out_dir), fmt, protected

    def __call__(self, batch: dict) -> dict:
        from .batch import translate_jobs

        entries = translate_jobs(self.pipeline, _jobs_from(batch), self.out_dir, self.fmt, self.protected)
        return {"entry": [json.dumps(e, ensure_ascii=False) for e in entries]}


class SummarizeWorker:
    """A Ray actor: clean → detect → translate → summarize each article; results go back pickled."""

    def __init__(self, options: Options):
        from .pipeline import Pipeline

        self.pipeline = Pipeline(options)

    def __call__(self, batch: dict) -> dict:
        from .summarization import summarize_articles

        pages, failures = [], []
        for job in _jobs_from(batch):
            got, failed = self.pipeline.read([job.source.location])
            pages.extend(dataclasses.replace(p, id=job.source.id) for p in got)
            failures.extend(failed)
        articles, clean_failures = self.pipeline.clean(pages)
        articles = self.pipeline.translate(self.pipeline.detect(articles))
        engine = self.pipeline.summarizer_or_fallback()
        summaries = summarize_articles(articles, engine, self.pipeline.options)
        results = [pickle.dumps(pair) for pair in zip(articles, summaries)]
        results += [pickle.dumps(("failed", source, error)) for source, error in failures + clean_failures]
        return {"result": results}


def _map(ray, rows: list[dict], worker: type, kwargs: dict, chunk: int, workers: int, gpus: float) -> Iterator[dict]:
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // max(chunk, 1)))
    mapped = dataset.map_batches(worker, batch_size=chunk, fn_constructor_kwargs=kwargs,
                                 compute=ray.data.ActorPoolStrategy(size=workers), num_gpus=gpus or None, num_cpus=1,
                                 # A dead worker is restarted and its group retried, forever.
                                 ray_remote_args_fn=lambda: {"max_restarts": -1, "max_task_retries": -1})
    yield from mapped.iter_rows()


def ray_translate(options: Options, jobs: list, out_dir: Path, fmt: str, protected: frozenset[str], chunk: int,
                  address: str | None = None, workers: int = 2, gpus_per_worker: float = 0) -> Iterator[dict]:
    """Manifest entries for `jobs`, translated by `workers` Ray actors."""
    if not jobs:
        return iter(())
    ray = connect(address, workers)
    kwargs = {"options": options, "out_dir": str(out_dir), "fmt": fmt, "protected": protected}
    return (json.loads(row["entry"]) for row in _map(ray, _job_rows(jobs), TranslateWorker, kwargs, chunk,
                                                     workers, gpus_per_worker))


def ray_summaries(options: Options, sources: list[Source], chunk: int = 8, address: str | None = None,
                  workers: int = 2, gpus_per_worker: float = 0) -> tuple[list, list, list[tuple[str, str]]]:
    """(articles, summaries, failures) for `sources`, in the order given, computed on Ray."""
    from .batch import Job

    ray = connect(address, workers)
    rows = _job_rows([Job(s, "") for s in sources])
    by_id: dict[str, tuple] = {}
    failures: list[tuple[str, str]] = []
    for row in _map(ray, rows, SummarizeWorker, {"options": options}, chunk, workers, gpus_per_worker):
        item = pickle.loads(row["result"])
        if item[0] == "failed":
            failures.append((item[1], item[2]))
        else:
            by_id[item[0].id] = item
    ordered = [by_id[s.id] for s in sources if s.id in by_id]
    return [a for a, _ in ordered], [s for _, s in ordered], failures
