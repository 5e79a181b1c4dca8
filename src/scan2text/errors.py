"""Exceptions that carry their own exit code.

Only :func:`scan2text.cli.main` turns them into process exit codes; library
code raises them and never calls ``sys.exit``.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes, one per kind of failure."""

    ok = 0
    other_error = 1
    bad_args = 2
    input_file = 3
    model = 4
    export = 5
    ground_truth = 6
    partial_failure = 7
    interrupted = 130


class Scan2TextError(Exception):
    """Base of every error scan2text raises on purpose."""

    exit_code: ExitCode = ExitCode.other_error

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class BadArgsError(Scan2TextError):
    """Options or arguments that cannot work together."""

    exit_code = ExitCode.bad_args


class InputImageError(Scan2TextError):
    """An input file that is missing, unreadable, not an image, too big or broken."""

    exit_code = ExitCode.input_file


class ModelError(Scan2TextError):
    """A model file that is missing, corrupt or does not match the manifest."""

    exit_code = ExitCode.model


class ExportError(Scan2TextError):
    """An output that could not be written."""

    exit_code = ExitCode.export


class GroundTruthError(Scan2TextError):
    """Ground truth that cannot be read or does not match the prediction."""

    exit_code = ExitCode.ground_truth
