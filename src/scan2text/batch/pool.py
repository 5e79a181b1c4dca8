"""A pool of local worker processes that survives its workers.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one task that runs
too long, and a worker that dies breaks the whole executor. This pool keeps
one pipe per worker and hands each worker one task at a time, so it can:

* kill a worker whose file runs past its time limit (``page_timeout`` times
  the file's page count, which the worker reports when it starts the file)
  and report the file as failed, "timeout after N s";
* notice a worker that died (segfault, OOM kill) and report its file as failed;
* replace a worker after ``max_pages_per_worker`` pages;
* start replacement workers as needed, and give up if workers keep dying
  before they are even ready (a broken installation).

Workers are started with the ``forkserver`` method where available (else
``spawn``): never ``fork``, because the batch process runs threads (the
progress display) and forking a threaded process can deadlock the child.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from scan2text.batch.config import BatchAbort, PipelineFactory
from scan2text.batch.worker import Task, TaskResult, failed_result, worker_main
from scan2text.errors import ExitCode

log = logging.getLogger(__name__)

#: Workers that die before they are ready, in a row, before the batch gives up.
MAX_STARTUP_FAILURES = 3


def describe_death(exitcode: int | None) -> str:
    """A reason for a worker that died while processing a file."""
    if exitcode is None:
        return "worker process vanished while processing this file"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"worker process was killed ({name}; out of memory?) while processing this file"
        return f"worker process crashed ({name}) while processing this file"
    return f"worker process exited with code {exitcode} while processing this file"


def default_start_method() -> str:
    """``forkserver`` where the platform has it, else ``spawn``."""
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


@dataclass
class _Slot:
    """One worker process and what it is doing."""

    proc: BaseProcess
    conn: Connection
    lifeline: Connection
    spawned_at: float = 0.0
    ready: bool = False
    task: Task | None = None
    sent_at: float = 0.0
    deadline: float | None = None
    limit: float = 0.0
    retiring: bool = False


class LocalPool:
    """Runs tasks in up to ``jobs`` worker processes; see the module docstring."""

    def __init__(
        self,
        jobs: int,
        factory: PipelineFactory,
        options_json: str,
        page_timeout: float,
        max_pages_per_worker: int,
        start_method: str | None = None,
    ) -> None:
        self.jobs = max(1, jobs)
        self.factory = factory
        self.options_json = options_json
        self.page_timeout = page_timeout
        self.max_pages = max_pages_per_worker
        method = start_method or default_start_method()
        self._ctx: Any = mp.get_context(method)
        if method == "forkserver":
            # The server imports the worker module once; each worker forks from it quickly.
            self._ctx.set_forkserver_preload(["scan2text.batch.worker"])
        self._slots: list[_Slot] = []
        self._startup_failures = 0
        self._requeue: deque[Task] = deque()
        self.workers_started = 0

    # -- public ---------------------------------------------------------------

    @property
    def capacity(self) -> int:
        """How many tasks may be in flight at once."""
        return self.jobs

    def in_flight(self) -> int:
        """Tasks handed to workers (or waiting for a worker to start) and not yet finished."""
        return sum(1 for s in self._slots if s.task is not None) + len(self._requeue)

    def submit(self, task: Task) -> None:
        """Give ``task`` to an idle worker, starting one if needed."""
        for slot in self._slots:
            if slot.task is None and not slot.retiring:
                self._assign(slot, task)
                return
        if self._active() >= self.jobs:
            raise RuntimeError("submit() called with every worker busy")
        self._assign(self._spawn(), task)

    def poll(self, timeout: float) -> list[TaskResult]:
        """Wait up to ``timeout`` seconds; return the tasks that finished, failed or timed out."""
        self._place_requeued()
        results: list[TaskResult] = []
        if not self._slots:
            time.sleep(min(timeout, 0.05))
            return results
        now = time.monotonic()
        deadlines = [s.deadline for s in self._slots if s.deadline is not None]
        wait_for = max(0.0, min([timeout, *(d - now for d in deadlines)]))
        objects: list[Any] = [s.conn for s in self._slots] + [s.proc.sentinel for s in self._slots]
        wait(objects, wait_for)
        for slot in list(self._slots):
            self._drain(slot, results)
            if not slot.proc.is_alive():
                self._reap(slot, results)
            elif not slot.ready and time.monotonic() - slot.spawned_at > max(self.page_timeout, 60.0):
                # A worker that never gets ready (a model load that hangs) must not stall the batch.
                log.error("worker %s did not get ready in time; stopping it", slot.proc.name)
                slot.proc.kill()
                slot.proc.join(5.0)
                self._reap(slot, results)
            elif slot.deadline is not None and time.monotonic() > slot.deadline and slot.task is not None:
                task = slot.task
                self._kill(slot)
                limit = f"{slot.limit:g}"
                log.info("%s: timeout after %s s; worker stopped", task.rel_path, limit)
                results.append(failed_result(task, f"timeout after {limit} s", "timeout"))
        self._place_requeued()
        return results

    def cancel_all(self) -> list[Task]:
        """Kill every worker now; return the tasks they had (to be marked interrupted)."""
        tasks = [s.task for s in self._slots if s.task is not None] + list(self._requeue)
        self._requeue.clear()
        for slot in list(self._slots):
            self._kill(slot)
        return tasks

    def close(self) -> None:
        """Stop idle workers gracefully and anything else by force."""
        for slot in self._slots:
            if slot.task is None:
                with contextlib.suppress(OSError, ValueError):
                    slot.conn.send(None)
        end = time.monotonic() + 5.0
        for slot in list(self._slots):
            slot.proc.join(max(0.0, end - time.monotonic()))
            self._kill(slot)

    # -- internals ------------------------------------------------------------

    def _active(self) -> int:
        # A retiring worker is on its way out and takes no more tasks.
        return sum(1 for s in self._slots if not s.retiring)

    def _spawn(self) -> _Slot:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        life_r, life_w = self._ctx.Pipe(duplex=False)
        log_level = logging.getLogger().getEffectiveLevel()
        proc = self._ctx.Process(
            target=worker_main,
            args=(
                child_conn,
                life_r,
                self.factory,
                self.options_json,
                self.max_pages,
                log_level,
                dict(os.environ),
            ),
            name=f"scan2text-worker-{self.workers_started + 1}",
            daemon=True,
        )
        proc.start()
        # Close our copies of the child's ends, so EOF is seen when either side dies.
        child_conn.close()
        life_r.close()
        self.workers_started += 1
        slot = _Slot(proc=proc, conn=parent_conn, lifeline=life_w, spawned_at=time.monotonic())
        self._slots.append(slot)
        return slot

    def _assign(self, slot: _Slot, task: Task) -> None:
        slot.task = task
        if slot.ready:
            self._send(slot)

    def _send(self, slot: _Slot) -> None:
        assert slot.task is not None
        slot.sent_at = time.monotonic()
        slot.limit = self.page_timeout
        slot.deadline = slot.sent_at + slot.limit
        # If the worker died, _reap reports it on the next poll.
        with contextlib.suppress(OSError, ValueError):
            slot.conn.send(slot.task)

    def _drain(self, slot: _Slot, results: list[TaskResult]) -> None:
        try:
            while slot.conn.poll():
                self._handle(slot, slot.conn.recv(), results)
        except (EOFError, OSError):
            pass  # the worker is gone; _reap handles it

    def _handle(self, slot: _Slot, msg: tuple[Any, ...], results: list[TaskResult]) -> None:
        kind = msg[0]
        if kind == "ready":
            slot.ready = True
            self._startup_failures = 0
            if slot.task is not None:
                self._send(slot)
        elif kind == "started":
            # The whole file may take page_timeout per page.
            slot.limit = self.page_timeout * max(1, int(msg[1]))
            slot.deadline = slot.sent_at + slot.limit
        elif kind == "result":
            results.append(msg[1])
            slot.task, slot.deadline = None, None
            slot.retiring = bool(msg[2])
        elif kind == "fatal":
            self.cancel_all()
            raise BatchAbort(f"worker could not start: {msg[1]}", int(msg[2]))

    def _reap(self, slot: _Slot, results: list[TaskResult]) -> None:
        slot.proc.join(1.0)
        code = slot.proc.exitcode
        if slot.task is not None:
            if slot.ready:
                log.info("%s: %s", slot.task.rel_path, describe_death(code))
                results.append(failed_result(slot.task, describe_death(code), "worker_died"))
            else:
                # Died before it was ready: not the file's fault; give it to another worker.
                self._requeue.append(slot.task)
        if not slot.ready and not slot.retiring:
            self._startup_failures += 1
            if self._startup_failures >= MAX_STARTUP_FAILURES:
                self.cancel_all()
                self._forget(slot)
                raise BatchAbort(
                    f"{MAX_STARTUP_FAILURES} worker processes in a row died while starting "
                    f"(last exit code {code}); is the installation broken?",
                    int(ExitCode.other_error),
                )
        self._forget(slot)

    def _place_requeued(self) -> None:
        while self._requeue and self._active() < self.jobs:
            self._assign(self._spawn(), self._requeue.popleft())

    def _kill(self, slot: _Slot) -> None:
        if slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(5.0)
        self._forget(slot)

    def _forget(self, slot: _Slot) -> None:
        for conn in (slot.conn, slot.lifeline):
            with contextlib.suppress(OSError):
                conn.close()
        with contextlib.suppress(ValueError):
            self._slots.remove(slot)
        with contextlib.suppress(ValueError, AttributeError):
            slot.proc.close()
