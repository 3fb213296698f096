"""Errors the library raises, each with the exit code the CLI maps it to."""
from __future__ import annotations

from enum import IntEnum
from typing import Sequence


class ExitCode(IntEnum):
    OK = 0
    USAGE = 2
    INPUT = 3
    MODEL_MISSING = 4
    PARTIAL = 5
    DEPENDENCY = 6
    INTERRUPTED = 130


class SummarizerError(Exception):
    """Base class: a message meant for the user and an exit code."""

    exit_code = ExitCode.INPUT


class UsageError(SummarizerError):
    """Options that cannot work together or values out of range."""

    exit_code = ExitCode.USAGE


class InputError(SummarizerError):
    """An input could not be read or holds no article (bad path, binary, too big, empty).

    Raised by a whole run when no input is usable; `failures` then lists (source, reason).
    """

    exit_code = ExitCode.INPUT

    def __init__(self, message: str, failures: Sequence[tuple[str, str]] = ()):
        super().__init__(message)
        self.failures = list(failures)


class OutputError(SummarizerError):
    """An output could not be written (read-only or full disk, a folder where a file goes...)."""

    exit_code = ExitCode.INPUT

    def __init__(self, message: str, errno: int | None = None):
        super().__init__(message)
        self.errno = errno

    @property
    def fatal(self) -> bool:
        """True when no later write can succeed either (disk full, read-only, no permission)."""
        import errno

        return self.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                              errno.EIO)


class ModelNotFound(SummarizerError):
    """A model is neither local nor reachable; the message says where we looked and the fix."""

    exit_code = ExitCode.MODEL_MISSING


class MissingDependency(SummarizerError):
    """An optional package is needed for what was asked; the message gives the install line."""

    exit_code = ExitCode.DEPENDENCY


class PartialFailure(SummarizerError):
    """A batch finished but some inputs failed; `failures` lists (source, reason)."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, message: str, failures: list[tuple[str, str]]):
        super().__init__(message)
        self.failures = failures


class Interrupted(SummarizerError):
    exit_code = ExitCode.INTERRUPTED


def require(module: str, extra: str | None = None):
    """Import an optional heavy module, or raise MissingDependency with the install line."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        hint = f"pip install 'summarizer[{extra}]'" if extra else f"pip install {module.split('.')[0]}"
        raise MissingDependency(f"{module} is not installed ({exc}); install it with: {hint}") from exc
