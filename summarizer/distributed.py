"""The Ray executor's machinery: a stage mapped over a Ray dataset by a pool of actors.

This module only wraps stage functions: it knows nothing of pipelines or batches. Each actor
calls `stage.open()` once (so each model is loaded once per actor) and runs the stage on
groups of items; items and results travel pickled. Ray retries a group whose worker died
(`max_restarts`/`max_task_retries`); stages that write files write them atomically, so a
retried group rewrites the same files and the driver records each result once.
Output folders must be on storage that every node sees.
"""
from __future__ import annotations

import logging
import os
import pickle
from typing import Any, Iterator

from .errors import MissingDependency, UsageError, require

log = logging.getLogger(__name__)


def connect(address: str | None = None, workers: int | None = None):
    """Start (or join) Ray: `address` or $RAY_ADDRESS joins a cluster, else a local instance."""
    ray = require("ray", extra="ray")
    require("ray.data", extra="ray")
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        kwargs: dict[str, Any] = {"address": address} if address else {"num_cpus": workers or os.cpu_count()}
        try:
            ray.init(log_to_driver=False, include_dashboard=False, logging_level=logging.WARNING, **kwargs)
        except (ImportError, RuntimeError, ConnectionError, ValueError, TimeoutError) as exc:
            client = bool(address) and address.startswith("ray://")  # Ray Client has its own extra
            if client and ("ray[client]" in str(exc) or isinstance(exc, ImportError)):
                raise MissingDependency(f"the Ray cluster at {address} is reached by Ray Client: "
                                        f"pip install 'ray[client]'") from None
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise UsageError(f"could not start or join {where}: {detail}") from None
    # Our own progress bar and summary line speak for the run; Ray's would interleave with them.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray


class StageWorker:
    """A Ray actor: one Pipeline from `stage.open()`, running the stage on groups of items."""

    def __init__(self, stage):
        self.stage = stage
        self.pipeline = stage.open()

    def __call__(self, batch: dict) -> dict:
        items = [pickle.loads(blob) for blob in batch["item"]]
        return {"result": [pickle.dumps(result) for result in self.stage(self.pipeline, items)]}


def ray_map(stage, items: list, chunk: int, address: str | None = None, workers: int = 2,
            gpus_per_worker: float = 0) -> Iterator:
    """The stage's results for `items`, computed by `workers` Ray actors (in no fixed order)."""
    if not items:
        return iter(())
    ray = connect(address, workers)
    rows = [{"item": pickle.dumps(item)} for item in items]
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // max(chunk, 1)))
    mapped = dataset.map_batches(StageWorker, batch_size=chunk, fn_constructor_kwargs={"stage": stage},
                                 compute=ray.data.ActorPoolStrategy(size=workers), num_gpus=gpus_per_worker or None,
                                 num_cpus=1,
                                 # A dead worker is restarted and its group retried, forever.
                                 ray_remote_args_fn=lambda: {"max_restarts": -1, "max_task_retries": -1})
    return (pickle.loads(row["result"]) for row in mapped.iter_rows())
