"""The device models run on: CUDA → Apple MPS → CPU, overridable; resolved once per Pipeline."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)
CHOICES = ("auto", "cpu", "cuda", "mps")


def resolve_device(requested: str = "auto") -> str:
    """Turn "auto" into the best available device; check an explicit one exists.

    Raises:
        InputError: an explicit device that is not available here.
    """
    from .errors import InputError

    import torch

    if requested == "auto":
        if torch.cuda.is_available():
            device = "cuda"
        elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cpu"
        log.info("device: %s (auto)", device)
        return device
    if requested == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda: no CUDA GPU is visible to torch (use --device cpu or auto)")
    if requested == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise InputError("--device mps: Apple MPS is not available here (use --device cpu or auto)")
    return requested
