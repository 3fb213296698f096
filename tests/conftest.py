"""Shared fixtures: offline, isolated user dirs, tiny models built once per session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tiny_models import build_all

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No network, no real caches: every user and cache dir lives in the test's tmp_path."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path / "no-models"))
    yield


@pytest.fixture(scope="session")
def built_models(tmp_path_factory) -> Path:
    return build_all(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def models_dir(built_models, tmp_path, monkeypatch) -> Path:
    """A per-test copy of the tiny models, set as the models folder."""
    target = tmp_path / "models"
    shutil.copytree(built_models, target)
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(target))
    return target


@pytest.fixture
def samples_copy(tmp_path) -> Path:
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target
