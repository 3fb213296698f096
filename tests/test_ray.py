"""The Ray executor: same outputs as a local run, and a killed worker loses nothing.

Marked `ray`; `make test` runs them (the `ray` extra is installed by `make install`).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from conftest import SAMPLES  # noqa: E402
from summarizer import Options, Pipeline  # noqa: E402
from summarizer.batch import MANIFEST, translate_folder  # noqa: E402
from summarizer.errors import MissingDependency, UsageError  # noqa: E402
from test_batch import done_lines, make_articles  # noqa: E402

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def options(models_dir: Path, executor: str) -> Options:
    return Options(models_dir=str(models_dir), engine="hf", executor=executor, workers=2, use_cache=False)


def outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


@pytest.mark.parametrize("raised, expected, message", [
    (RuntimeError("Ray Client requires pip package `ray[client]`."), MissingDependency, "pip install 'ray\\[client\\]'"),
    (ConnectionError("GCS unreachable\nmore detail"), UsageError, "could not start or join the Ray cluster at "
                                                                 "10.0.0.9:6379: GCS unreachable$"),
], ids=["client-missing", "unreachable"])
def test_a_cluster_that_cannot_be_joined_is_one_clear_error(monkeypatch, raised, expected, message):
    from summarizer.distributed import connect

    def refuse(**kwargs):
        raise raised

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    address = "ray://10.0.0.9:10001" if expected is MissingDependency else "10.0.0.9:6379"
    with pytest.raises(expected, match=message):
        connect(address)


def test_ray_translation_equals_local_byte_for_byte(local_ray, models_dir, tmp_path):
    src = tmp_path / "in"
    make_articles(src, 24)
    local = translate_folder(Pipeline(options(models_dir, "local")), [str(src)], tmp_path / "local", "json", chunk_size=4)
    remote = translate_folder(Pipeline(options(models_dir, "ray")), [str(src)], tmp_path / "ray", "json", chunk_size=4)
    assert local.done == remote.done == 24
    assert outputs(tmp_path / "local") == outputs(tmp_path / "ray")
    states = lambda folder: sorted((e["input"], e["hash"], e["outputs"][0]) for e in done_lines(folder))  # noqa: E731
    assert states(tmp_path / "local") == states(tmp_path / "ray")
    rerun = translate_folder(Pipeline(options(models_dir, "local")), [str(src)], tmp_path / "ray", "json")
    assert rerun.done == 0 and rerun.skipped == 24  # a Ray run resumes locally


def test_ray_brief_matches_local_brief(local_ray, models_dir):
    local = Pipeline(Options(models_dir=str(models_dir), engine="hf", summarizer="extractive")).run([str(SAMPLES)])
    remote = Pipeline(Options(models_dir=str(models_dir), engine="hf", summarizer="extractive", executor="ray")).run([str(SAMPLES)])
    assert [a.english for a in remote.articles] == [a.english for a in local.articles]
    assert [s.text for s in remote.summaries] == [s.text for s in local.summaries]
    assert remote.combined == local.combined and remote.facts == local.facts


def _worker_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "TranslateWorker" in cmdline or "MapWorker" in cmdline:
                pids.append(int(entry.name))
    return pids


def test_killing_a_ray_worker_mid_run_loses_nothing(local_ray, models_dir, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    texts = make_articles(src, 60)
    killed = []

    def killer():
        deadline = time.time() + 120
        while time.time() < deadline and not killed:
            if (out / MANIFEST).exists() and len(done_lines(out)) >= 8:
                for pid in _worker_pids()[:1]:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    report = translate_folder(Pipeline(options(models_dir, "ray")), [str(src)], out, "json", chunk_size=4)
    thread.join()
    assert killed, "no Ray worker process was found to kill"
    assert report.done == len(texts) and not report.failures
    done = [e["input"] for e in done_lines(out)]
    assert len(done) == len(set(done)) == len(texts)
    assert len(list(out.rglob("*.json"))) == len(texts)
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]
