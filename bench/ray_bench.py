"""Articles/s of folder translation: local executor vs Ray with 1 and 2 workers (`make bench-ray`).

Full-size opus-mt-id-en architecture (random weights), CTranslate2 engine, generated
articles of 6 sentences. Writes its table into bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def articles(folder: Path, count: int, work: Path) -> None:
    from method import inputs, repeated

    sentences = repeated(inputs(work / "opus-mt-id-en")["sentences"], count * 6)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:04d}.txt").write_text(" ".join(sentences[i * 6:(i + 1) * 6]), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=96)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    import ray

    from models import build_all
    from summarizer import Options, Pipeline
    from summarizer.batch import translate_folder

    work = HERE / ".work"
    build_all(work)  # no-op when make bench built them
    model_dir = work / "opus-mt-id-en"
    models = work / "ray-models"
    models.mkdir(exist_ok=True)
    if not (models / "opus-mt-id-en").exists():
        (models / "opus-mt-id-en").symlink_to(model_dir)
    src = work / "ray-articles"
    shutil.rmtree(src, ignore_errors=True)
    articles(src, args.articles, work)
    rows = []
    start = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray_start = time.perf_counter() - start
    for label, executor, workers in (("local", "local", 1), ("ray, 1 worker", "ray", 1), ("ray, 2 workers", "ray", 2)):
        out = work / f"ray-out-{executor}-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        options = Options(models_dir=str(models), engine="ct2", executor=executor, workers=workers, use_cache=False,
                          cache_dir=str(work / "cache"))
        pipeline = Pipeline(options)
        if executor == "local":
            pipeline.translator_for("id")  # load (and convert) outside the timing, as the actors do on start
        began = time.perf_counter()
        report = translate_folder(pipeline, [str(src)], out)
        elapsed = time.perf_counter() - began
        rows.append((label, report.done, elapsed))
        print(label, report.done, f"{elapsed:.1f}s", flush=True)
    local = rows[0][2] / rows[0][1]
    lines = ["", f"## Folder translation: local vs Ray ({args.articles} articles of 6 sentences, ct2 int8, 2 cores)", "",
             "| executor | articles | wall s | articles/s | overhead per article vs local |", "| --- | --- | --- | --- | --- |"]
    for label, done, elapsed in rows:
        lines.append(f"| {label} | {done} | {elapsed:.1f} | {done / elapsed:.2f} | {(elapsed / done - local) * 1000:+.0f} ms |")
    lines += ["", f"Starting the local Ray instance took {ray_start:.1f} s (not in the times above). Ray wall times "
              "include starting the actors and loading the model in each. With random weights every sentence decodes "
              "to its length cap and, having lost its figures, is retried with beam 4, so the absolute rates are far "
              "below a real model's; what this measures is the executors' difference. "
              "On 2 cores two workers compete with each "
              "other for the same cores that one CTranslate2 engine already keeps busy, so Ray can only add "
              "overhead here; on a cluster each worker brings its own cores or GPU: throughput ≈ workers × one "
              "worker's rate (N GPU workers: about N times one GPU's rate, measured with `make bench` on that GPU) "
              "until the shared storage or the driver's manifest writes "
              "(one small append per article) become the limit. The combined summary of a `run` is computed on "
              "the driver after the map: the serial tail."]
    from run import keep_other_sections  # this section replaces the previous run's

    args.out.write_text(keep_other_sections(args.out, "# Benchmark results\n" + "\n".join(lines) + "\n"))
    print("\n".join(lines))
    ray.shutdown()


if __name__ == "__main__":
    main()
