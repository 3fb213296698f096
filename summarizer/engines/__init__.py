"""Model runtimes behind one protocol (`base.Seq2Seq`), chosen by name from ENGINES."""
from __future__ import annotations

from .base import GenerationOptions, Seq2Seq

ENGINES = ("hf", "ct2")

__all__ = ["ENGINES", "GenerationOptions", "Seq2Seq"]
