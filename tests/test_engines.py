"""Engines: CTranslate2 and transformers agree, batching follows the token budget."""
from __future__ import annotations

import pytest

from summarizer import Options, Pipeline
from summarizer.engines.base import DEFAULT_BATCH_TOKENS, GenerationOptions, token_batches
from summarizer.engines.ct2 import CPU_TOKENS_IN_FLIGHT, batch_budget, convert, converted_path, thread_layout

SENTENCES = ["Meta menginvestasikan US$14,3 miliar di Scale AI.", "Perusahaan memangkas 200 karyawan tetap.",
             "Kesepakatan pada 13 Juni tersebut menilai Scale AI sebesar $29 miliar.", "Scale AI didirikan pada tahun 2016."]
GREEDY = GenerationOptions(num_beams=1, max_new_tokens=12, min_new_tokens=12)


def engine(models_dir, name, kind, **kw):
    return Pipeline(Options(models_dir=str(models_dir), engine=kind, use_cache=False, **kw)).engine(name, "translation")


@pytest.mark.parametrize("name", ["opus-mt-id-en", "nllb-600m"])
def test_ct2_float32_matches_transformers_greedy(models_dir, name):
    hf = engine(models_dir, name, "hf")
    ct2 = engine(models_dir, name, "ct2", compute_type="float32")
    assert type(ct2).__name__ == "CT2Engine"
    assert ct2.generate(SENTENCES, GREEDY, "id") == hf.generate(SENTENCES, GREEDY, "id")


def test_ct2_int8_runs_and_keeps_length(models_dir):
    ct2 = engine(models_dir, "opus-mt-id-en", "ct2")
    outputs = ct2.generate(SENTENCES, GREEDY, "id")
    assert len(outputs) == len(SENTENCES) and all(outputs)


def test_bart_summaries_run_on_both_engines(models_dir):
    for kind in ("hf", "ct2"):
        bart = Pipeline(Options(models_dir=str(models_dir), engine=kind, use_cache=False)).engine("distilbart-cnn", "summarization")
        [out] = bart.generate([" ".join(SENTENCES)], GenerationOptions(num_beams=2, min_new_tokens=5, max_new_tokens=8))
        assert out


def test_auto_engine_prefers_ct2_and_conversion_is_cached(models_dir, tmp_path):
    first = engine(models_dir, "opus-mt-id-en", "auto")
    assert type(first).__name__ == "CT2Engine"
    folder = converted_path(models_dir / "opus-mt-id-en", "int8", tmp_path / "cache")
    assert (folder / "model.bin").exists()
    mtime = (folder / "model.bin").stat().st_mtime
    assert convert(models_dir / "opus-mt-id-en", "int8", tmp_path / "cache") == folder
    assert (folder / "model.bin").stat().st_mtime == mtime
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(folder.name + ".")]  # no temp dirs left


def test_token_batches_respect_the_budget_and_cover_everything():
    lengths = [5, 50, 7, 300, 12, 12, 90, 3]
    batches = token_batches(lengths, 128)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(max(lengths[i] for i in b) * len(b) <= 128 or len(b) == 1 for b in batches)


def test_ct2_batches_are_full_but_every_worker_gets_one():
    many = [30] * 300  # 9,000 tokens: full batches; on CPU smaller with beams (the caches grow with them)
    assert batch_budget(many, None, 1, 2, "cpu") == CPU_TOKENS_IN_FLIGHT
    assert batch_budget(many, None, 4, 2, "cpu") == CPU_TOKENS_IN_FLIGHT // 4
    assert batch_budget(many, 512, 4, 2, "cpu") == 512  # --batch-tokens, when given, is the budget
    assert batch_budget(many, None, 4, 1, "cuda") == DEFAULT_BATCH_TOKENS
    few = [30] * 20  # 600 tokens: two halves, so that both workers decode
    assert batch_budget(few, None, 1, 2, "cpu") == 300
    assert batch_budget([700, 20], None, 4, 2, "cpu") == 700  # a long input always fits in a batch


def test_thread_layout_prefers_workers():
    assert thread_layout(2, "cpu") == (2, 1)
    assert thread_layout(16, "cpu") == (4, 4)
    assert thread_layout(16, "cuda") == (1, 1)


def test_device_resolution_on_a_cpu_machine():
    import torch

    from summarizer.device import resolve_device
    from summarizer.errors import InputError

    if torch.cuda.is_available():
        pytest.skip("this check is for machines without a GPU")
    assert resolve_device("auto") in ("cpu", "mps") and resolve_device("cpu") == "cpu"
    with pytest.raises(InputError, match="no CUDA GPU"):
        resolve_device("cuda")


def test_gpu_out_of_memory_halves_the_batch_then_falls_back_to_cpu(models_dir, monkeypatch):
    import torch

    hf = engine(models_dir, "opus-mt-id-en", "hf")
    expected = hf.generate(SENTENCES, GREEDY, "id")
    real = type(hf)._generate
    seen = []

    def flaky(self, texts, options, language, longest, device, scored=False):
        seen.append((len(texts), device))
        if len(texts) > 1 or device == self.device and len([s for s in seen if s[0] == 1]) == 1:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return real(self, texts, options, language, longest, device, scored)

    monkeypatch.setattr(type(hf), "_generate", flaky)
    assert hf.generate(SENTENCES, GREEDY, "id") == expected  # nothing lost, same output
    assert seen[0][0] == len(SENTENCES) and any(n == 1 for n, _ in seen)
    assert next(p.dtype for p in hf.model.parameters()) == hf.dtype


@pytest.mark.parametrize("kind", ["hf", "ct2"])
def test_mt5_summarizer_runs(models_dir, kind):
    mt5 = Pipeline(Options(models_dir=str(models_dir), engine=kind, use_cache=False)).engine("mt5-xlsum", "summarization")
    assert mt5.family == "mt5"
    [out] = mt5.generate([" ".join(SENTENCES)], GenerationOptions(num_beams=2, min_new_tokens=4, max_new_tokens=6))
    assert isinstance(out, str)


def test_without_ctranslate2_auto_uses_transformers_and_ct2_says_how_to_install(models_dir, monkeypatch):
    import sys

    from summarizer.errors import MissingDependency

    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if it were not installed
    assert type(engine(models_dir, "opus-mt-id-en", "auto")).__name__ == "HFEngine"
    with pytest.raises(MissingDependency, match=r"pip install 'summarizer\[fast\]'"):
        engine(models_dir, "opus-mt-id-en", "ct2")


@pytest.mark.parametrize("damage", ["empty", "truncated-weights", "bad-config"])
@pytest.mark.parametrize("engine", ["auto", "hf", "ct2"])
def test_a_damaged_model_folder_is_a_clear_model_error(models_dir, tmp_path, capsys, damage, engine):
    import shutil

    from summarizer.cli import main

    folder = tmp_path / "damaged-model"
    if damage == "empty":
        folder.mkdir()
    else:
        shutil.copytree(models_dir / "opus-mt-id-en", folder)
        if damage == "truncated-weights":
            weights = folder / "model.safetensors"
            weights.write_bytes(weights.read_bytes()[:1000])
        else:
            (folder / "config.json").write_text('{"model_type": "marian", "d_model": ')
    page = tmp_path / "page.txt"
    page.write_text("Harga beras di pasar tradisional naik tajam pekan ini, kata pedagang di Bandung.\n" * 3)
    assert main(["translate", str(page), "--translator", str(folder), "--engine", engine]) == 4
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(folder) in err
    assert "save_pretrained" in err  # how to fix it


@pytest.mark.parametrize("kind", ["hf", "ct2"])
def test_one_pipeline_shared_by_threads_loads_each_model_once(models_dir, kind):
    import threading

    pipeline = Pipeline(Options(models_dir=str(models_dir), engine=kind))
    engines, errors = [], []

    def first_use():
        try:
            engine = pipeline.engine("opus-mt-id-en", "translation")
            engines.append(engine)
            engine.generate(["Harga beras naik."], GenerationOptions(max_new_tokens=8))
        except Exception as exc:  # the assertion below shows it
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len({id(e) for e in engines}) == 1
