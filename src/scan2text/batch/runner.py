"""``run_batch``: plan what needs doing from the manifest, run it, record every outcome.

The batch process is the only writer of ``manifest.jsonl``. For each input
found it decides, from the last record of that path:

* no record, or ``interrupted``/``skipped`` last time: process it;
* content changed (size or mtime differ and the sha256 differs too, or
  ``rehash`` finds a different sha256), or the options hash changed: process it;
* ``done``, unchanged, same options, every recorded output present and
  every requested format among them: leave it (``already_done``);
* ``failed``, unchanged, same options: report it again (``failed_earlier``),
  or process it with ``retry_failed``.

Ctrl-C once: nothing new starts, files in flight finish, the manifest is
complete, exit code 130. Twice (or SIGTERM): files in flight are cancelled and
recorded as ``interrupted``. The next run continues where this one stopped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

from scan2text.batch.config import BatchConfig, BatchSummary, PipelineFactory, options_hash, worker_options
from scan2text.batch.discovery import InputFile, discover
from scan2text.batch.manifest import (
    MANIFEST_NAME,
    SUMMARY_NAME,
    InflightMarkers,
    ManifestWriter,
    OutputLock,
    clean_temporaries,
    latest_records,
    remove_temporaries_of,
    sha256_file,
    utc_now,
    write_json_atomic,
)
from scan2text.batch.progress import NullReporter, Reporter
from scan2text.batch.worker import Task, TaskResult, failed_result
from scan2text.errors import ExitCode, Scan2TextError

log = logging.getLogger(__name__)

#: Seconds between checks for Ctrl-C, finished files and deadlines.
POLL_SECONDS = 0.2


class _Signals:
    """Counts Ctrl-C presses; SIGTERM counts as two (cancel now)."""

    def __init__(self) -> None:
        self.count = 0
        self.name = "Ctrl-C"

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        self.name = "SIGTERM"
        self.count = max(self.count, 2)

    @contextlib.contextmanager
    def installed(self) -> Iterator[_Signals]:
        """Handle SIGINT and SIGTERM while the batch runs (main thread only)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        old_int = signal.signal(signal.SIGINT, self._on_sigint)
        old_term = signal.signal(signal.SIGTERM, self._on_sigterm)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, old_int)
            signal.signal(signal.SIGTERM, old_term)


@dataclass
class Plan:
    """What a run will do with each input."""

    tasks: list[Task] = field(default_factory=list)
    inputs: dict[str, InputFile] = field(default_factory=dict)
    #: Task number of each input to process (names its in-flight marker).
    seq_of: dict[str, int] = field(default_factory=dict)
    #: Records of inputs that discovery found unusable (broken links, not regular files).
    failed_inputs: list[dict[str, Any]] = field(default_factory=list)


def decide(
    item: InputFile,
    prev: dict[str, Any] | None,
    ohash: str,
    formats: tuple[str, ...],
    output_dir: Path,
    retry_failed: bool = False,
    rehash: bool = False,
) -> str:
    """What to do with one input given its last record.

    Returns ``"run"``, ``"done"`` (unchanged and complete), ``"refresh"`` (content
    unchanged but size/mtime record out of date: done, record the new stat) or
    ``"failed_earlier"``.
    """
    if prev is None or prev.get("status") not in ("done", "failed"):
        return "run"
    same_stat = prev.get("size") == item.size and prev.get("mtime_ns") == item.mtime_ns
    if rehash or not same_stat:
        # Touched (copied without -p, restored from backup...) is not changed: compare content.
        try:
            if sha256_file(item.path) != prev.get("sha256"):
                return "run"
        except OSError:
            return "run"  # the worker reports why it cannot be read
    if prev.get("options_hash") != ohash:
        return "run"
    if prev["status"] == "failed":
        return "run" if retry_failed else "failed_earlier"
    outputs = prev.get("outputs") or []
    prefix = f"{item.out_rel_dir}/{item.stem}." if item.out_rel_dir else f"{item.stem}."
    if (
        not outputs
        or not set(formats) <= set(prev.get("formats") or [])
        or not all(o.startswith(prefix) and (output_dir / o).is_file() for o in outputs)
    ):
        return "run"
    return "done" if same_stat else "refresh"


def _base_record(item: InputFile, ohash: str, formats: tuple[str, ...], run_id: str) -> dict[str, Any]:
    return {
        "path": item.rel_path,
        "size": item.size,
        "mtime": item.mtime_ns / 1e9 if item.mtime_ns is not None else None,
        "mtime_ns": item.mtime_ns,
        "sha256": None,
        "options_hash": ohash,
        "status": "failed",
        "error": None,
        "error_kind": None,
        "exit_code": None,
        "seconds": 0.0,
        "pages": 0,
        "outputs": [],
        "formats": list(formats),
        "time": utc_now(),
        "run": run_id,
    }


def record_of(
    result: TaskResult, item: InputFile, ohash: str, formats: tuple[str, ...], run_id: str
) -> dict[str, Any]:
    """The manifest record of one task's result."""
    rec = _base_record(item, ohash, formats, run_id)
    if result.size is not None:
        rec["size"] = result.size
    if result.mtime_ns is not None:
        rec["mtime_ns"], rec["mtime"] = result.mtime_ns, result.mtime_ns / 1e9
    rec.update(
        sha256=result.sha256,
        status=result.status,
        error=result.error,
        error_kind=result.error_kind,
        exit_code=result.exit_code,
        seconds=result.seconds,
        pages=result.pages,
        outputs=result.outputs,
    )
    if result.traceback:
        rec["traceback"] = result.traceback
    if result.worker_pid is not None:
        # Which worker process ran the file, and its peak memory so far (for capacity planning).
        rec["worker_pid"], rec["peak_rss_mb"] = result.worker_pid, result.peak_rss_mb
    return rec


def _make_backend(config: BatchConfig, jobs: int, options_json: str) -> Any:
    if config.dask:
        from scan2text.batch.dask_backend import DaskBackend

        return DaskBackend(
            config.dask,
            jobs,
            config.pipeline_factory,
            options_json,
            config.page_timeout,
            config.max_pages_per_worker,
        )
    from scan2text.batch.pool import LocalPool

    return LocalPool(
        jobs,
        config.pipeline_factory,
        options_json,
        config.page_timeout,
        config.max_pages_per_worker,
        config.start_method,
    )


class _Run:
    """State of one ``run_batch`` call."""

    def __init__(self, config: BatchConfig, reporter: Reporter, output_dir: Path) -> None:
        self.config = config
        self.reporter = reporter
        self.output_dir = output_dir
        self.formats = tuple(config.options.formats)
        self.ohash = options_hash(config.options, config.pipeline_factory)
        self.run_id = f"{utc_now()}-{os.getpid()}"
        self.summary = BatchSummary(input_dir=str(config.input_dir.resolve()), output_dir=str(output_dir))
        self.manifest = ManifestWriter(output_dir / MANIFEST_NAME)
        self.signals = _Signals()
        self.markers = InflightMarkers(output_dir)

    def write(self, record: dict[str, Any]) -> None:
        self.manifest.append(record)
        s = self.summary
        status = record["status"]
        if status == "done":
            s.done += 1
            s.pages += int(record.get("pages") or 0)
        elif status == "failed":
            s.failed += 1
        elif status == "interrupted":
            s.interrupted += 1
        if status in ("failed", "interrupted"):
            s.failures.append(
                {
                    "path": record["path"],
                    "status": status,
                    "error": record["error"],
                    "error_kind": record["error_kind"],
                }
            )
        self.reporter.record(record)

    def plan(self, files: list[InputFile], prior: dict[str, dict[str, Any]]) -> Plan:
        plan = Plan()
        cfg = self.config
        for item in files:
            if self.signals.count:
                break
            prev = prior.get(item.rel_path)
            if item.problem:
                rec = _base_record(item, self.ohash, self.formats, self.run_id)
                kind = "refused" if item.problem_status == "skipped" else "input_file"
                rec.update(status=item.problem_status, error=item.problem, error_kind=kind)
                if item.problem_status == "skipped":
                    self.summary.skipped += 1
                    log.warning("%s: %s", item.rel_path, item.problem)
                    if prev is None or (prev.get("status"), prev.get("error")) != ("skipped", item.problem):
                        self.manifest.append(rec)
                else:
                    rec["exit_code"] = int(ExitCode.input_file)
                    plan.failed_inputs.append(rec)
                continue
            action = decide(
                item, prev, self.ohash, self.formats, self.output_dir, cfg.retry_failed, cfg.rehash
            )
            if action == "run":
                plan.inputs[item.rel_path] = item
                plan.seq_of[item.rel_path] = len(plan.tasks)
                plan.tasks.append(
                    Task(
                        seq=len(plan.tasks),
                        rel_path=item.rel_path,
                        source=str(item.path),
                        out_dir=str(self.output_dir / item.out_rel_dir)
                        if item.out_rel_dir
                        else str(self.output_dir),
                        stem=item.stem,
                        formats=self.formats,
                        output_root=str(self.output_dir),
                    )
                )
            elif action == "failed_earlier":
                assert prev is not None
                self.summary.failed_earlier += 1
                self.summary.failures.append(
                    {"path": item.rel_path, "status": "failed", "error": prev.get("error"),
                     "error_kind": prev.get("error_kind"), "earlier": True}
                )  # fmt: skip
            else:
                self.summary.already_done += 1
                if action == "refresh":
                    assert prev is not None
                    mtime = item.mtime_ns / 1e9 if item.mtime_ns is not None else None
                    self.manifest.append(
                        {
                            **prev,
                            "size": item.size,
                            "mtime": mtime,
                            "mtime_ns": item.mtime_ns,
                            "time": utc_now(),
                        }
                    )
        return plan

    def _finished(self, result: TaskResult, plan: Plan) -> None:
        """Record one outcome; clean up after a worker that was stopped mid-write."""
        item = plan.inputs[result.rel_path]
        if result.status != "done":
            # A killed worker may have left temporary outputs; stems are unique per folder.
            with contextlib.suppress(OSError):
                remove_temporaries_of(self.output_dir / item.out_rel_dir, item.stem)
        self.write(record_of(result, item, self.ohash, self.formats, self.run_id))
        self.markers.remove(plan.seq_of[result.rel_path])

    def execute(self, plan: Plan) -> None:
        cfg = self.config
        jobs = cfg.effective_jobs
        # Splitting onnxruntime threads between workers needs this machine's cores;
        # an external Dask cluster's workers are sized by whoever started them.
        remote = cfg.dask is not None and cfg.dask != "local"
        options_json = (cfg.options if remote else worker_options(cfg.options, jobs)).to_json()
        pending: deque[Task] = deque(plan.tasks)
        if not pending or self.signals.count:
            self.summary.not_started = len(pending)
            return
        backend = _make_backend(cfg, min(jobs, len(pending)), options_json)
        announced = False
        ok = False
        try:
            while pending or backend.in_flight():
                if self.signals.count >= 2 or self.summary.stopped_by_failure is not None:
                    break
                if self.signals.count == 1 and not announced:
                    announced = True
                    self.reporter.message(
                        f"Ctrl-C: starting nothing new; finishing {backend.in_flight()} file(s) in flight "
                        "(press Ctrl-C again to cancel them)"
                    )
                    log.info("interrupted: finishing the files in flight")
                while pending and not self.signals.count and backend.in_flight() < backend.capacity:
                    task = pending.popleft()
                    item = plan.inputs[task.rel_path]
                    self.markers.add(task.seq, item.out_rel_dir, item.stem)
                    backend.submit(task)
                if self.signals.count and not backend.in_flight():
                    break
                for result in backend.poll(POLL_SECONDS):
                    self._finished(result, plan)
                    if (
                        result.status == "failed"
                        and cfg.fail_fast
                        and self.summary.stopped_by_failure is None
                    ):
                        self.summary.stopped_by_failure = result.exit_code or int(ExitCode.other_error)
            if self.signals.count >= 2 or self.summary.stopped_by_failure is not None:
                why = (
                    f"cancelled by {self.signals.name}"
                    if self.signals.count >= 2
                    else "cancelled: --fail-fast stopped the batch after a failure"
                )
                for task in backend.cancel_all():
                    self._finished(failed_result(task, why, "interrupted"), plan)
            ok = True
        finally:
            if not ok:
                backend.cancel_all()
            backend.close()
        self.summary.not_started = len(pending)


def run_batch(
    config: BatchConfig, *, reporter: Reporter | None = None, pipeline_factory: PipelineFactory | None = None
) -> BatchSummary:
    """Process every input under ``config.input_dir`` that is not already done; see the module docstring.

    Raises :class:`~scan2text.errors.BadArgsError` for unusable settings and
    :class:`~scan2text.batch.config.BatchAbort` when the pipeline cannot be
    built at all; a file that fails is recorded, never raised.
    """
    if pipeline_factory is not None:
        config = replace(config, pipeline_factory=pipeline_factory)
    config.validate()
    reporter = reporter or NullReporter()
    output_dir = config.output_dir.resolve()
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise Scan2TextError(f"cannot create the output folder: {e.strerror or e}", output_dir) from e
    t0 = time.monotonic()
    with OutputLock(output_dir):
        run = _Run(config, reporter, output_dir)
        try:
            _run_locked(run, config, output_dir)
        finally:
            # Give the terminal back (progress display) even when the batch is aborted.
            reporter.stop()
        summary = run.summary
        summary.seconds = time.monotonic() - t0
        write_json_atomic(output_dir / SUMMARY_NAME, summary.to_dict())
    reporter.finish(summary)
    return summary


def _run_locked(run: _Run, config: BatchConfig, output_dir: Path) -> None:
    """The part of :func:`run_batch` that runs while holding the output-folder lock."""
    reporter = run.reporter
    with run.signals.installed(), run.manifest:
        clean_temporaries(output_dir)
        prior = latest_records(output_dir / MANIFEST_NAME)
        found = discover(config.input_dir, output_dir)
        summary = run.summary
        summary.files = len(found.files)
        for rel, error in found.folder_errors:
            summary.failures.append(
                {"path": rel, "status": "failed", "error": error, "error_kind": "input_file"}
            )
        plan = run.plan(found.files, prior)
        reporter.start(len(plan.tasks) + len(plan.failed_inputs), summary.files, summary.already_done)
        for rec in plan.failed_inputs:
            run.write(rec)
        if plan.failed_inputs and config.fail_fast:
            summary.stopped_by_failure = int(ExitCode.input_file)
            summary.not_started = len(plan.tasks)
        else:
            run.execute(plan)
        summary.was_interrupted = run.signals.count > 0
        # Everything in flight has ended: the scratch folder is no longer needed.
        clean_temporaries(output_dir)
