"""What a batch is asked to do (:class:`BatchConfig`) and what it did (:class:`BatchSummary`).

Both are plain dataclasses so that the library API and the ``scan2text batch``
command share them; :class:`BatchSummary` is also written to
``OUTPUT_DIR/summary.json``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scan2text import __version__
from scan2text.document import Document
from scan2text.errors import BadArgsError, ExitCode, Scan2TextError
from scan2text.options import Options

log = logging.getLogger(__name__)

#: Input file extensions a batch picks up (compared case-insensitively).
SUPPORTED_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2", ".j2k", ".pdf")

#: Options that change neither the pages' content nor the models, so changing
#: them must not make a resumed batch redo finished files.
_HASH_EXCLUDED = ("threads", "formats", "model_dir")


class PipelineLike(Protocol):
    """The one method a batch needs from a pipeline."""

    def process_file(self, path: Path) -> Document:
        """Process every page of ``path`` into one :class:`Document`."""
        ...


#: Builds a pipeline from options, once per worker process. It must be a
#: module-level callable so that it can be pickled to worker processes.
PipelineFactory = Callable[[Options], PipelineLike]


def default_pipeline_factory(options: Options) -> PipelineLike:
    """The real pipeline (``scan2text.pipeline.Pipeline``), imported in the worker."""
    from scan2text.pipeline import Pipeline

    return Pipeline(options)


class BatchAbort(Scan2TextError):
    """A problem that stops the whole batch (models missing, workers that cannot start)."""

    def __init__(
        self, message: str, exit_code: int = int(ExitCode.other_error), path: str | Path | None = None
    ) -> None:
        super().__init__(message, path)
        try:
            self.exit_code = ExitCode(exit_code)
        except ValueError:
            self.exit_code = ExitCode.other_error


@dataclass
class BatchConfig:
    """Everything ``run_batch`` needs.

    Attributes:
        input_dir: Folder searched recursively for page images and PDFs.
        output_dir: Folder that receives the outputs (mirroring ``input_dir``),
            ``manifest.jsonl`` and ``summary.json``. It may lie inside
            ``input_dir``; it is then left out of discovery.
        options: Processing options; ``options.formats`` are the formats written.
        jobs: Worker processes (0: ``os.cpu_count()``); with ``dask="local"`` the
            number of Dask workers.
        retry_failed: Process again the files that failed in an earlier run.
        dask: ``None`` for local processes, ``"local"`` for a ``LocalCluster``,
            or a scheduler address such as ``tcp://host:8786``.
        page_timeout: Seconds one page may take; a file gets this times its page count.
        max_pages_per_worker: A worker process is replaced after this many pages.
        fail_fast: Stop at the first failed file (in-flight files are cancelled).
        rehash: Hash every input again instead of trusting unchanged size and mtime.
        pipeline_factory: Builds the pipeline in each worker (tests inject fakes).
        start_method: multiprocessing start method (default: forkserver where
            available, else spawn; never fork, which is unsafe with threads).
    """

    input_dir: Path
    output_dir: Path
    options: Options = field(default_factory=Options)
    jobs: int = 0
    retry_failed: bool = False
    dask: str | None = None
    page_timeout: float = 600.0
    max_pages_per_worker: int = 200
    fail_fast: bool = False
    rehash: bool = False
    pipeline_factory: PipelineFactory = default_pipeline_factory
    start_method: str | None = None

    def validate(self) -> None:
        """Raise :class:`BadArgsError` for settings that cannot work."""
        if not self.input_dir.exists():
            raise BadArgsError("input folder does not exist", self.input_dir)
        if not self.input_dir.is_dir():
            raise BadArgsError("input is not a folder", self.input_dir)
        if self.jobs < 0:
            raise BadArgsError(f"--jobs must be 0 (all cores) or more, not {self.jobs}")
        if not self.page_timeout > 0:
            raise BadArgsError(f"--page-timeout must be positive, not {self.page_timeout}")
        if self.max_pages_per_worker < 1:
            raise BadArgsError(f"--max-pages-per-worker must be at least 1, not {self.max_pages_per_worker}")
        inp = self.input_dir.resolve()
        out = self.output_dir.resolve()
        if inp == out:
            raise BadArgsError("output folder must differ from the input folder", self.output_dir)
        if out in inp.parents:
            raise BadArgsError(
                f"input folder {inp} lies inside the output folder; outputs would mix with inputs"
            )

    @property
    def effective_jobs(self) -> int:
        """Worker count with 0 meaning every core."""
        return self.jobs or os.cpu_count() or 1


def worker_options(options: Options, jobs: int) -> Options:
    """Options as workers get them: onnxruntime threads split between the workers.

    With ``threads=0`` every worker's onnxruntime would use every core, and
    ``jobs`` workers would fight over them.
    """
    if options.threads:
        return options
    d = options.to_dict()
    d["threads"] = max(1, (os.cpu_count() or 1) // max(jobs, 1))
    return Options.from_dict(d)


def _model_fingerprint(options: Options) -> Any:
    """The sha256 of each model file of the set, as the model manifest records them."""
    try:
        from scan2text.models import load_manifest

        manifest = load_manifest(options.models_path)
        spec = manifest["sets"][options.model_set]
        return {role: manifest["models"][name].get("sha256") for role, name in sorted(spec.items())}
    except (Scan2TextError, KeyError, OSError, TypeError) as e:
        # The pipeline reports a missing model itself; the set's name still counts.
        log.debug("no model fingerprint for %s: %s", options.model_set, e)
        return options.model_set


def factory_name(factory: PipelineFactory) -> str:
    """``module.qualname`` of a pipeline factory (part of the options hash)."""
    return f"{getattr(factory, '__module__', '?')}.{getattr(factory, '__qualname__', repr(factory))}"


def options_hash(options: Options, factory: PipelineFactory = default_pipeline_factory) -> str:
    """Hash of everything that decides a file's outputs except the file itself.

    That is the options (less those in ``_HASH_EXCLUDED``), the scan2text
    version, the model files of the set and the pipeline factory.
    """
    d = {k: v for k, v in options.to_dict().items() if k not in _HASH_EXCLUDED}
    payload = {
        "options": d,
        "scan2text": __version__,
        "models": _model_fingerprint(options),
        "pipeline": factory_name(factory),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


@dataclass
class BatchSummary:
    """What one ``run_batch`` call did. Counts are of input files unless named pages."""

    input_dir: str
    output_dir: str
    files: int = 0
    done: int = 0
    already_done: int = 0
    failed: int = 0
    failed_earlier: int = 0
    skipped: int = 0
    interrupted: int = 0
    not_started: int = 0
    pages: int = 0
    seconds: float = 0.0
    was_interrupted: bool = False
    stopped_by_failure: int | None = None
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages_per_minute(self) -> float:
        """Pages processed in this run per minute of wall time."""
        return 60.0 * self.pages / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """130 if interrupted, the first failure's code with --fail-fast, 7 if anything failed, else 0."""
        if self.was_interrupted:
            return int(ExitCode.interrupted)
        if self.stopped_by_failure is not None:
            return self.stopped_by_failure
        if self.failed or self.failed_earlier or self.failures:
            return int(ExitCode.partial_failure)
        return int(ExitCode.ok)

    def one_line(self) -> str:
        """The one-line summary printed at the end (also for cron's ``--quiet``)."""
        parts = [f"{self.files} files", f"{self.done} done now", f"{self.already_done} done earlier"]
        parts.append(f"{self.failed} failed")
        if self.failed_earlier:
            parts.append(f"{self.failed_earlier} failed earlier (not retried)")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.interrupted or self.not_started:
            parts.append(f"{self.interrupted} interrupted, {self.not_started} not started")
        rate = f"{self.pages} pages in {self.seconds:.1f} s ({self.pages_per_minute:.1f} pages/min)"
        state = " INTERRUPTED" if self.was_interrupted else ""
        return f"batch{state}: {', '.join(parts)}; {rate}; exit {self.exit_code}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as written to ``summary.json``."""
        return {
            "input_dir": self.input_dir,
            "output_dir": self.output_dir,
            "files": self.files,
            "done": self.done,
            "already_done": self.already_done,
            "failed": self.failed,
            "failed_earlier": self.failed_earlier,
            "skipped": self.skipped,
            "interrupted": self.interrupted,
            "not_started": self.not_started,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "pages_per_minute": round(self.pages_per_minute, 2),
            "was_interrupted": self.was_interrupted,
            "exit_code": self.exit_code,
            "scan2text_version": __version__,
            "failures": self.failures,
        }
