"""The CTranslate2 engine's own tokenizers: same tokens as transformers, without loading torch."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.engines import tokens
from summarizer.engines.ct2 import convert

ROOT = Path(__file__).resolve().parent.parent


def sample_lines() -> list[str]:
    return [ln.strip() for f in sorted((ROOT / "samples").glob("*.txt"))
            for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.mark.parametrize("name", ["opus-mt-id-en", "nllb-600m", "distilbart-cnn"])
def test_light_tokenizer_matches_transformers_on_every_sample_line(models_dir, tmp_path, name):
    path = models_dir / name
    converted = convert(path, "int8", tmp_path / "cache")
    verdict = json.loads((converted / tokens.VERDICT).read_text())
    assert verdict["light"], verdict["why"]
    light, reference = tokens.load_tokens(path, converted), tokens.transformers_tokens(path)
    assert not isinstance(light, tokens.TransformersTokens)
    lines = sample_lines()
    for language in ("id", "ms", "en"):
        assert light.encode(lines, language, 64) == reference.encode(lines, language, 64)
    assert light.count(lines) == reference.count(lines)
    encoded = reference.encode(lines, "id", 512)
    assert [light.decode(t) for t in encoded] == [reference.decode(t) for t in encoded]


def test_a_tokenizer_that_differs_is_caught_and_not_used(models_dir, tmp_path):
    path = models_dir / "opus-mt-id-en"
    converted = convert(path, "int8", tmp_path / "cache")
    light, reference = tokens.light_tokens(path, converted), tokens.TransformersTokens(path, "marian")
    light.eos = "<unk>"  # a wrong end-of-sentence token, as a mismatched file would give
    assert any(found.startswith("encode") for found in tokens.mismatches(light, reference, []))
    (converted / tokens.VERDICT).write_text(json.dumps({"light": False, "why": "encode"}))
    assert isinstance(tokens.load_tokens(path, converted), tokens.TransformersTokens)


def test_conversions_without_a_verdict_are_checked_on_first_load(models_dir, tmp_path):
    path = models_dir / "opus-mt-id-en"
    converted = convert(path, "int8", tmp_path / "cache")
    (converted / tokens.VERDICT).unlink()
    assert isinstance(tokens.load_tokens(path, converted), tokens.MarianTokens)
    assert json.loads((converted / tokens.VERDICT).read_text())["light"]


def test_translating_with_a_converted_model_never_loads_torch(models_dir, tmp_path):
    """The memory a CTranslate2 run saves: neither transformers nor torch is imported."""
    convert(models_dir / "opus-mt-id-en", "int8", tmp_path / "cache")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from summarizer.engines.base import GenerationOptions\n"
        "from summarizer.engines.ct2 import CT2Engine\n"
        f"engine = CT2Engine(Path({str(models_dir / 'opus-mt-id-en')!r}), 'opus-mt-id-en', 'marian', 512,"
        f" cache_dir=Path({str(tmp_path / 'cache')!r}))\n"
        "out = engine.generate(['Meta menginvestasikan US$14,3 miliar.'], GenerationOptions(max_new_tokens=8), 'id')\n"
        "print(len(out), sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "[]"]
