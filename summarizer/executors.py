"""Executors: where per-article stage work runs, behind one small interface.

The pipeline and batch jobs call `executor_for(pipeline).map(stage, items, chunk)`. A stage
is a picklable callable `stage(pipeline, items) -> results` with an `open()` that builds the
Pipeline it runs with; the local executor passes the caller's own Pipeline (models already
loaded, progress shown), the Ray executor gives each actor one Pipeline from `open()`.
Ray is imported only when `options.executor == "ray"`.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Protocol, Sequence


class Stage(Protocol):
    def open(self) -> Any:
        """A Pipeline for this stage's options (built once per Ray actor)."""

    def __call__(self, pipeline: Any, items: Sequence) -> list: ...


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items from any iterable (the last one shorter)."""
    group: list = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


class LocalExecutor:
    """Runs each chunk in this process, with the caller's Pipeline."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline

    def map(self, stage: Stage, items: Iterable, chunk: int) -> Iterator:
        for group in chunked(items, chunk):
            yield from stage(self.pipeline, group)


class RayExecutor:
    """Runs chunks on Ray actors (`options.workers`, each with `gpus_per_worker` GPUs)."""

    def __init__(self, options: Any):
        self.options = options

    def map(self, stage: Stage, items: Iterable, chunk: int) -> Iterator:
        from .distributed import ray_map

        # The caller's groups, unchanged: the same groups as a local run give the same batches,
        # and so byte-for-byte the same outputs.
        options, items = self.options, list(items)
        return ray_map(stage, items, chunk, options.ray_address, options.workers, options.gpus_per_worker)


def executor_for(pipeline: Any) -> LocalExecutor | RayExecutor:
    return RayExecutor(pipeline.options) if pipeline.options.executor == "ray" else LocalExecutor(pipeline)
