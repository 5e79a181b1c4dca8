"""What runs in a worker: one input file in, outputs renamed into place, a result out.

:func:`process_task` hashes the input, runs the pipeline and writes the
outputs, each to a temporary name in its final folder, made durable and
renamed into place, so an output file is either whole or absent. Every failure becomes a :class:`TaskResult` with a reason; nothing
escapes to kill the worker except the process dying itself.

:func:`worker_main` is the loop of a local worker process;
:func:`run_dask_task` is the same work as a Dask task, with the pipeline
cached in the Dask worker process.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from scan2text.batch.config import PipelineFactory, PipelineLike, factory_name
from scan2text.batch.manifest import sha256_file
from scan2text.document import Document
from scan2text.errors import ExitCode, ExportError, InputImageError, Scan2TextError
from scan2text.options import Options

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    """One input file to process (picklable; sent to workers)."""

    seq: int
    rel_path: str
    source: str
    out_dir: str
    stem: str
    formats: tuple[str, ...]
    output_root: str


@dataclass
class TaskResult:
    """What became of one task. ``status`` is ``done``, ``failed``, ``interrupted`` or ``fatal``.

    ``fatal`` means the pipeline itself could not be built (models missing):
    the batch stops rather than failing every file the same way.
    ``worker_pid`` and ``peak_rss_mb`` (the worker process's peak resident
    memory so far, see :func:`peak_rss_mb`) are set by the worker that ran the
    task; results made outside a worker (timeouts, deaths) have neither.
    """

    rel_path: str
    status: str
    seconds: float = 0.0
    pages: int = 0
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None
    exit_code: int | None = None
    traceback: str | None = None
    worker_pid: int | None = None
    peak_rss_mb: float | None = None


def peak_rss_mb() -> float | None:
    """Peak resident memory of this process so far, in MiB (``ru_maxrss``); None where unknown."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Kilobytes on Linux and the BSDs, bytes on macOS.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def failed_result(
    task: Task, error: str, kind: str, exit_code: int = int(ExitCode.other_error)
) -> TaskResult:
    """A failed result made outside the worker (timeout, worker death, interruption)."""
    status = "interrupted" if kind == "interrupted" else "failed"
    return TaskResult(
        rel_path=task.rel_path, status=status, error=error, error_kind=kind, exit_code=exit_code
    )


# -- writing outputs ----------------------------------------------------------


def _fallback_write(document: Document, out_dir: Path, stem: str, formats: tuple[str, ...]) -> list[Path]:
    """JSON (and plain text) without ``scan2text.export``; other formats are an error."""
    written = []
    for fmt in formats:
        if fmt == "json":
            target, data = out_dir / f"{stem}.json", document.to_json()
        elif fmt == "text":
            target, data = out_dir / f"{stem}.txt", "\n\n".join(p.text for p in document.pages) + "\n"
        else:
            raise ExportError(f"format {fmt!r} needs scan2text.export, which is not installed")
        # Same temporary-name pattern as scan2text.export, so the same clean-up finds both.
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()
        written.append(target)
    return written


def write_outputs(document: Document, out_dir: Path, stem: str, formats: tuple[str, ...]) -> list[Path]:
    """Write ``document`` in ``formats`` through ``scan2text.export`` (or the JSON fallback).

    Every file is written to a temporary name (``.<name>.XXXX.tmp``) in its
    final folder, made durable and renamed into place, so it is whole or
    absent; writing in the final folder keeps the relative image paths inside
    the XML files right.
    """
    try:
        from scan2text.export import write_outputs as export_write
    except ImportError as e:
        # Only a missing exporter falls back; an exporter that is present but
        # broken must fail loudly rather than silently drop formats.
        if e.name != "scan2text.export":
            raise
        return _fallback_write(document, out_dir, stem, formats)
    return list(export_write(document, out_dir, stem, formats))


def _checked_out_dir(task: Task) -> Path:
    """The task's output folder, created, and refused if it leads outside OUTPUT_DIR."""
    root = Path(task.output_root).resolve()
    out_dir = Path(task.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not out_dir.resolve().is_relative_to(root):
        # A symlink planted inside OUTPUT_DIR must not send outputs elsewhere.
        raise ExportError(f"output folder leads outside the output folder {root}; refused", out_dir)
    return out_dir


def _relative_outputs(paths: list[Path], task: Task) -> list[str]:
    root = Path(task.output_root)
    return [Path(p).relative_to(root).as_posix() for p in paths]


# -- one task -----------------------------------------------------------------


def _hash_input(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
        digest = sha256_file(path)
    except PermissionError:
        raise InputImageError("permission denied", path) from None
    except FileNotFoundError:
        raise InputImageError("file vanished before it was processed", path) from None
    except OSError as e:
        raise InputImageError(f"cannot read file: {e.strerror or e}", path) from None
    return digest, st.st_size, st.st_mtime_ns


def process_task(task: Task, pipeline: PipelineLike) -> TaskResult:
    """Process one file completely; every error becomes a failed :class:`TaskResult`."""
    t0 = time.perf_counter()
    result = TaskResult(rel_path=task.rel_path, status="failed")
    try:
        result.sha256, result.size, result.mtime_ns = _hash_input(Path(task.source))
        document = pipeline.process_file(Path(task.source))
        result.pages = len(document.pages)
        out_dir = _checked_out_dir(task)
        result.outputs = _relative_outputs(write_outputs(document, out_dir, task.stem, task.formats), task)
        result.status = "done"
    except Scan2TextError as e:
        result.error, result.error_kind, result.exit_code = e.message, e.exit_code.name, int(e.exit_code)
    except MemoryError:
        result.error, result.error_kind, result.exit_code = (
            "out of memory",
            "memory",
            int(ExitCode.other_error),
        )
    except Exception as e:  # a stage that broke on this page: report it, keep the worker
        result.error = f"{type(e).__name__}: {e}"
        result.error_kind, result.exit_code = "stage_error", int(ExitCode.other_error)
        result.traceback = "".join(traceback.format_exception(e)[-12:])
    result.seconds = round(time.perf_counter() - t0, 3)
    result.worker_pid, result.peak_rss_mb = os.getpid(), peak_rss_mb()
    return result


def count_pages_safely(source: str) -> int:
    """Pages of a file for its time limit; 1 when it cannot be told (the reader reports why)."""
    try:
        from scan2text.inputs import count_pages

        return max(1, count_pages(source))
    except Exception:  # any failure is reported properly when the file is read
        return 1


# -- local worker process ------------------------------------------------------


def _die_with_parent(lifeline: Connection) -> None:
    """Exit as soon as the batch process is gone, even mid-page.

    The batch holds the other end of ``lifeline`` and never writes to it, so
    it becomes readable only when the batch dies (even by ``kill -9``). An
    orphaned worker would otherwise finish its page and rename outputs into
    place behind the next run's back.
    """

    def watch() -> None:
        wait([lifeline])
        os._exit(70)

    threading.Thread(target=watch, name="scan2text-lifeline", daemon=True).start()


def worker_main(
    conn: Connection,
    lifeline: Connection,
    factory: PipelineFactory,
    options_json: str,
    max_pages: int,
    log_level: int,
    environ: dict[str, str] | None = None,
) -> None:
    """Loop of a local worker: build the pipeline once, then process tasks until told to stop.

    Messages to the batch: ``("ready",)``, ``("started", pages)``,
    ``("result", TaskResult, retiring)`` and ``("fatal", message, exit_code)``.
    ``environ`` is the batch's environment when it started the worker.
    """
    # Ctrl-C reaches the whole process group; only the batch decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(lifeline)
    if environ is not None:
        # A forkserver child inherits the server's environment, frozen when the
        # server started; take the batch's current one, as a spawned child would.
        os.environ.clear()
        os.environ.update(environ)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=log_level, format="%(levelname)s %(name)s[%(process)d]: %(message)s")
    try:
        pipeline = factory(Options.from_dict(json.loads(options_json)))
    except Scan2TextError as e:
        conn.send(("fatal", str(e), int(e.exit_code)))
        return
    except Exception as e:
        conn.send(("fatal", f"cannot build the pipeline: {type(e).__name__}: {e}", int(ExitCode.other_error)))
        return
    conn.send(("ready",))
    pages = 0
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            n_pages = count_pages_safely(task.source)
            conn.send(("started", n_pages))
            result = process_task(task, pipeline)
            pages += max(result.pages, 1)
            # Retire after max_pages: memory that creeps up is given back to the OS.
            retiring = pages >= max_pages
            conn.send(("result", result, retiring))
            if retiring:
                return
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the batch has gone


# -- Dask worker ------------------------------------------------------------------

_DASK_PIPELINES: dict[str, list[Any]] = {}
_DASK_LOCK = threading.Lock()


def run_dask_task(task: Task, factory: PipelineFactory, options_json: str, max_pages: int) -> TaskResult:
    """One task on a Dask worker; the pipeline is built once per worker process and cached.

    After ``max_pages`` pages the cached pipeline is dropped and rebuilt, which
    frees the model sessions; replacing the whole process is left to the
    cluster (``dask worker --lifetime``).
    """
    key = f"{factory_name(factory)}|{options_json}"
    with _DASK_LOCK:
        entry = _DASK_PIPELINES.get(key)
        if entry is None:
            try:
                entry = [factory(Options.from_dict(json.loads(options_json))), 0]
            except Scan2TextError as e:
                return TaskResult(task.rel_path, "fatal", error=str(e), exit_code=int(e.exit_code))
            except Exception as e:
                msg = f"cannot build the pipeline: {type(e).__name__}: {e}"
                return TaskResult(task.rel_path, "fatal", error=msg, exit_code=int(ExitCode.other_error))
            _DASK_PIPELINES[key] = entry
    result = process_task(task, entry[0])
    with _DASK_LOCK:
        entry[1] += max(result.pages, 1)
        if entry[1] >= max_pages:
            _DASK_PIPELINES.pop(key, None)
            import gc

            gc.collect()
    return result
