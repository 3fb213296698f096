"""`summarizer models ...`: list, locate, download and convert models (thin over models.py)."""
from __future__ import annotations

import click


@click.group()
def models():
    """List, locate, download and convert models."""


@models.command("list")
@click.option("--models-dir", type=click.Path(file_okay=False))
def models_list(models_dir):
    """Every registered model and whether it is installed."""
    from .errors import ModelNotFound
    from .models import Registry

    registry = Registry(models_dir)
    for alias, spec in registry.entries.items():
        try:
            where = str(registry.resolve(alias, spec.task).path)
        except ModelNotFound:
            where = "not installed"
        default = " (default)" if spec.default else ""
        click.echo(f"{alias:16} {spec.task:13} {spec.id:40} {where}{default}")
        click.echo(f"{'':16} {spec.about}")


@models.command("where")
@click.argument("name")
@click.option("--models-dir", type=click.Path(file_okay=False))
def models_where(name, models_dir):
    """The local folder a model name resolves to (exit 4 when not installed)."""
    from .models import Registry

    registry = Registry(models_dir)
    spec = registry.spec(name, "translation")
    click.echo(str(registry.resolve(name, spec.task).path))


@models.command("pull")
@click.argument("names", nargs=-1, required=True)
@click.option("--models-dir", type=click.Path(file_okay=False))
def models_pull(names, models_dir):
    """Download models from the Hugging Face hub into models/ (needs a network)."""
    from .models import Registry

    registry = Registry(models_dir)
    for name in names:
        click.echo(f"{name}: {registry.pull(name)}")


@models.command("convert")
@click.argument("name")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.option("--models-dir", type=click.Path(file_okay=False))
def models_convert(name, device, models_dir):
    """Convert an installed model to CTranslate2 now (otherwise done on first use)."""
    from .cache import default_cache_dir
    from .engines.ct2 import convert, default_compute_type
    from .engines.tokens import verdict
    from .models import Registry

    registry = Registry(models_dir)
    spec = registry.spec(name, "translation")
    resolved = registry.resolve(name, spec.task)
    converted = convert(resolved.path, default_compute_type(device).split("_")[0], default_cache_dir())
    click.echo(str(converted))
    checked = verdict(resolved.path, converted)
    tokenizer = "its own, no torch needed" if checked["light"] else "transformers' (loads torch)"
    click.echo(f"tokenizer: {tokenizer}: {checked['why']}", err=True)
