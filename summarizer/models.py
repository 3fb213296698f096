"""Model registry (models/registry.json): alias → hub id, task, languages; and resolution.

Resolution order: a local folder given by the user → <models_dir>/<alias>/ → the Hugging
Face cache → (only for `summarizer models pull`) the hub. A miss raises ModelNotFound whose
message names the model, every place looked in, and the fix.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, ModelNotFound

REPO_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
EXTRACTIVE = "extractive"


@dataclass(frozen=True)
class ModelSpec:
    """What the registry knows about a model (or what we infer for an unregistered one)."""

    alias: str
    id: str
    task: str
    family: str
    languages: tuple[str, ...] = ("*",)
    target: str = "en"
    max_input_tokens: int = 512
    default: bool = False
    about: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def handles(self, language: str) -> bool:
        return "*" in self.languages or language in self.languages


def models_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Where local model folders live: explicit → $SUMMARIZER_MODELS_DIR → the repo's models/ → user data dir."""
    if explicit:
        return Path(explicit)
    if os.environ.get("SUMMARIZER_MODELS_DIR"):
        return Path(os.environ["SUMMARIZER_MODELS_DIR"])
    if REPO_MODELS_DIR.is_dir():
        return REPO_MODELS_DIR
    from platformdirs import user_data_dir

    return Path(user_data_dir("summarizer")) / "models"


def load_registry(directory: Path | None = None) -> dict[str, ModelSpec]:
    """Registry entries from the package's models/registry.json, overlaid by <models_dir>/registry.json."""
    entries: dict[str, ModelSpec] = {}
    for path in dict.fromkeys([REPO_MODELS_DIR / "registry.json", (directory or models_dir()) / "registry.json"]):
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: invalid model registry ({exc})") from None
        for alias, item in data.items():
            known = {k: item[k] for k in ("id", "task", "family", "target", "max_input_tokens", "default", "about") if k in item}
            entries[alias] = ModelSpec(alias=alias, languages=tuple(item.get("languages", ["*"])), **known,
                                       extra={k: v for k, v in item.items() if k not in known and k != "languages"})
    return entries


@dataclass(frozen=True)
class ResolvedModel:
    spec: ModelSpec
    path: Path


class Registry:
    """Resolves model names (alias, hub id or folder) to local folders."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = models_dir(directory)
        self.entries = load_registry(self.directory)

    def spec(self, name: str, task: str) -> ModelSpec:
        """The registry entry for `name`, or one inferred from a hub id / folder's config."""
        if name in self.entries:
            return self.entries[name]
        for entry in self.entries.values():
            if entry.id == name:
                return entry
        family = _family_of(Path(name)) if Path(name).is_dir() else _family_from_name(name)
        return ModelSpec(alias=name, id=name, task=task, family=family,
                         max_input_tokens=1024 if family == "bart" else 512)

    def default(self, task: str, language: str | None = None) -> ModelSpec:
        """The default model for a task (and source language, for translation)."""
        candidates = [e for e in self.entries.values() if e.task == task and e.default]
        if language is not None:
            exact = [e for e in candidates if language in e.languages]
            candidates = exact or [e for e in candidates if e.handles(language)]
        if not candidates:
            raise ModelNotFound(f"no default {task} model registered{f' for language {language!r}' if language else ''};"
                                f" add one to {self.directory / 'registry.json'}")
        return candidates[0]

    def resolve(self, name: str, task: str) -> ResolvedModel:
        """Find `name` locally; never downloads.

        Raises:
            ModelNotFound: with the places looked in and how to provide the model.
        """
        spec = self.spec(name, task)
        if Path(name).is_dir():
            if not (Path(name) / "config.json").is_file():
                raise ModelNotFound(f"{task} model folder {name} has no config.json: it is empty or not a model "
                                    f"saved with save_pretrained. To fix it: pass a complete model folder, or "
                                    f"copy one saved with save_pretrained() there.")
            return ResolvedModel(_with_family(spec, Path(name)), Path(name))
        local = self.directory / spec.alias
        if (local / "config.json").is_file():
            return ResolvedModel(_with_family(spec, local), local)
        cached = _hf_cache(spec.id)
        if cached is not None:
            return ResolvedModel(_with_family(spec, cached), cached)
        known = spec.alias in self.entries or any(e.id == spec.id for e in self.entries.values())
        if not known and "/" not in name and not local.exists():
            raise ModelNotFound(
                f"unknown {task} model '{name}': not an alias of `summarizer models list`, not a folder, and not "
                f"in the Hugging Face cache ({_hf_cache_dir()}). Give an alias, a folder saved with "
                f"save_pretrained, or a hub id (fetched first by `summarizer models pull ID` on a connected machine).")
        hint = f"summarizer models pull {spec.alias}" if spec.alias in self.entries else f"summarizer models pull {spec.id}"
        fallback = {"summarization": " or use --summarizer extractive (no weights needed)",
                    "translation": " or go on without translating (--fallback; `run` and the API also take "
                                   "--no-translate / translate=False)"}.get(task, "")
        raise ModelNotFound(
            f"{task} model '{spec.alias}' ({spec.id}) is not installed. Looked in: {local}/, "
            f"the Hugging Face cache ({_hf_cache_dir()}). To provide it: run `{hint}` on a connected machine, "
            f"or copy a folder saved with save_pretrained to {local}/, or pass a folder path{fallback}.")

    def pull(self, name: str, task: str = "translation") -> Path:
        """Download a model from the hub into <models_dir>/<alias>/ (the one command that downloads)."""
        spec = self.spec(name, task)
        target = self.directory / spec.alias
        try:
            from huggingface_hub import snapshot_download

            snapshot_download(spec.id, local_dir=str(target))
        except Exception as exc:  # network, auth and hub errors all mean the same to the user
            raise ModelNotFound(f"could not download '{spec.id}' from the Hugging Face hub ({type(exc).__name__}: "
                                f"{str(exc).splitlines()[0][:200]}). On a machine without network, copy the model "
                                f"folder to {target}/ instead.") from None
        return target


def model_identity(path: Path) -> str:
    """A digest of what a model folder holds: config.json's content and every file's name, size
    and modification time (ns). Replacing the weights, even with files of the same size, changes it."""
    import hashlib

    digest = hashlib.sha256()
    try:
        digest.update((path / "config.json").read_bytes())
    except OSError:
        pass
    try:
        files = sorted(path.iterdir())
    except OSError:
        files = []
    for file in files:
        try:
            st = file.stat()
        except OSError:
            continue
        if file.is_file():
            digest.update(f"\x1f{file.name}:{st.st_size}:{st.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:20]


def output_positions(path: Path) -> int | None:
    """How many tokens the model's decoder can write (its learned or fixed positions), or None
    where positions are relative (T5, mT5) or grow on demand (M2M100/NLLB)."""
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if config.get("model_type") in ("t5", "mt5", "m2m_100") or not isinstance(config, dict):
        return None
    positions = config.get("max_target_positions") or config.get("max_position_embeddings")
    return positions - 1 if isinstance(positions, int) and positions > 1 else None  # one goes to the start token


def _hf_cache_dir() -> str:
    home = os.environ.get("HF_HOME", os.path.join(os.path.expanduser("~"), ".cache", "huggingface"))
    return os.environ.get("HF_HUB_CACHE", os.path.join(home, "hub"))


def _hf_cache(repo_id: str) -> Path | None:
    folder = Path(_hf_cache_dir()) / ("models--" + repo_id.replace("/", "--")) / "snapshots"
    if not folder.is_dir():
        return None
    for snapshot in sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True):
        if (snapshot / "config.json").exists():
            return snapshot
    return None


def _family_of(path: Path) -> str:
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "unknown"
    model_type = config.get("model_type", "")
    return {"marian": "marian", "m2m_100": "nllb", "bart": "bart", "mt5": "mt5", "t5": "mt5"}.get(model_type, model_type)


def _family_from_name(name: str) -> str:
    lowered = name.lower()
    for key, family in (("opus-mt", "marian"), ("nllb", "nllb"), ("m2m", "nllb"), ("bart", "bart"), ("t5", "mt5")):
        if key in lowered:
            return family
    return "unknown"


def _with_family(spec: ModelSpec, path: Path) -> ModelSpec:
    family = _family_of(path)
    if family in ("unknown", "") or family == spec.family:
        return spec
    from dataclasses import replace

    return replace(spec, family=family)
