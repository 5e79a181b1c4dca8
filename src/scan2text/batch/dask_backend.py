"""Running a batch's files on a Dask cluster (``--dask tcp://host:8786`` or ``--dask local``).

The batch process stays the only writer of the manifest; the cluster only
runs :func:`scan2text.batch.worker.run_dask_task`, which keeps each worker's
pipeline (its loaded models) in a process-level cache. Workers read the
inputs and write the outputs themselves, so input and output folders must be
reachable under the same paths on every worker (a shared file system).

The rules match the local pool where Dask allows:

* at most as many files in flight as the cluster has worker threads, so a
  file starts about when it is submitted and its time limit
  (``page_timeout`` times its page count) runs from submission;
* a file past its limit is cancelled and its worker restarted (with a nanny;
  without one the task runs on and only its result is dropped);
* a worker that dies fails its file (``allowed-failures`` is 0 for
  ``--dask local``; an external scheduler keeps its own setting, so a file
  that kills workers is retried there before it is reported);
* replacing worker processes after many pages is the cluster's job
  (``dask worker --lifetime``); the pipeline cache is rebuilt after
  ``max_pages_per_worker`` pages.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from scan2text.batch.config import BatchAbort, PipelineFactory
from scan2text.batch.worker import Task, TaskResult, count_pages_safely, failed_result, run_dask_task
from scan2text.errors import BadArgsError, Scan2TextError

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Start processes with Ctrl-C ignored: they inherit it, and only the batch handles Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


class DaskBackend:
    """Submits tasks to a Dask cluster with the same interface as :class:`~scan2text.batch.pool.LocalPool`."""

    def __init__(
        self,
        address: str,
        jobs: int,
        factory: PipelineFactory,
        options_json: str,
        page_timeout: float,
        max_pages_per_worker: int,
    ) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise BadArgsError("--dask needs dask.distributed: pip install 'scan2text[dask]'") from None
        self.factory = factory
        self.options_json = options_json
        self.page_timeout = page_timeout
        self.max_pages = max_pages_per_worker
        self._cluster: Any = None
        self._futures: dict[Any, tuple[Task, float, float]] = {}
        self._capacity = max(1, jobs)
        self._capacity_checked = 0.0
        if logging.getLogger().getEffectiveLevel() > logging.INFO:
            # dask configures its own loggers at INFO: keep them as quiet as ours (cron, --quiet).
            logging.getLogger("distributed").setLevel(logging.WARNING)
        try:
            if address == "local":
                with dask.config.set({"distributed.scheduler.allowed-failures": 0}), _sigint_ignored():
                    self._cluster = LocalCluster(
                        n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None
                    )
                self.client = Client(self._cluster)
            else:
                self.client = Client(address, timeout=30)
        except (OSError, TimeoutError) as e:
            self.close()
            raise Scan2TextError(f"cannot reach the Dask scheduler at {address}: {e}") from e
        log.info("Dask cluster: %s", self.client)

    @property
    def capacity(self) -> int:
        """Worker threads of the cluster (re-read every few seconds: clusters grow and shrink)."""
        now = time.monotonic()
        if now - self._capacity_checked > 5.0:
            self._capacity_checked = now
            with contextlib.suppress(Exception):
                self._capacity = max(1, sum(self.client.nthreads().values()))
        return self._capacity

    def in_flight(self) -> int:
        """Tasks submitted and not yet collected."""
        return len(self._futures)

    def submit(self, task: Task) -> None:
        """Send one task to the cluster."""
        limit = self.page_timeout * count_pages_safely(task.source)
        future = self.client.submit(
            run_dask_task, task, self.factory, self.options_json, self.max_pages,
            key=f"scan2text-{task.seq}-{uuid.uuid4().hex[:8]}", pure=False,
        )  # fmt: skip
        self._futures[future] = (task, time.monotonic(), limit)

    def poll(self, timeout: float) -> list[TaskResult]:
        """Collect finished tasks, waiting up to ``timeout`` seconds; time out overdue ones."""
        from distributed import wait as dask_wait

        results: list[TaskResult] = []
        if not self._futures:
            time.sleep(min(timeout, 0.05))
            return results
        with contextlib.suppress(TimeoutError):
            dask_wait(list(self._futures), timeout=timeout, return_when="FIRST_COMPLETED")
        for future in [f for f in self._futures if f.done()]:
            task, _, _ = self._futures.pop(future)
            results.append(self._collect(future, task))
        now = time.monotonic()
        overdue = [(f, t, lim) for f, (t, start, lim) in self._futures.items() if now - start > lim]
        for future, task, limit in overdue:
            del self._futures[future]
            self._stop(future)
            log.info("%s: timeout after %g s; task cancelled", task.rel_path, limit)
            results.append(failed_result(task, f"timeout after {limit:g} s", "timeout"))
        return results

    def _collect(self, future: Any, task: Task) -> TaskResult:
        from distributed.scheduler import KilledWorker

        if future.status == "finished":
            result: TaskResult = future.result()
            if result.status == "fatal":
                self.cancel_all()
                raise BatchAbort(
                    f"Dask worker could not build the pipeline: {result.error}", result.exit_code or 1
                )
            return result
        if future.status == "cancelled":
            return failed_result(task, "task was cancelled by the Dask cluster", "worker_died")
        exc = future.exception()
        if isinstance(exc, KilledWorker):
            return failed_result(task, "Dask worker process died while processing this file", "worker_died")
        return failed_result(task, f"Dask task failed: {type(exc).__name__}: {exc}", "worker_died")

    def _stop(self, future: Any) -> None:
        """Cancel an overdue task and restart the worker running it."""
        worker = None
        with contextlib.suppress(Exception):
            for address, keys in self.client.processing().items():
                if future.key in keys:
                    worker = address
        future.cancel()
        if worker is None:
            return
        try:
            self.client.restart_workers([worker], timeout=30)
        except Exception as e:  # no nanny, or the scheduler refused: the task runs on
            log.warning("could not restart Dask worker %s to stop an overdue task: %s", worker, e)

    def cancel_all(self) -> list[Task]:
        """Cancel every task in flight; return their tasks."""
        tasks = [t for t, _, _ in self._futures.values()]
        with contextlib.suppress(Exception):
            self.client.cancel(list(self._futures), force=True)
        self._futures.clear()
        return tasks

    def close(self) -> None:
        """Disconnect; shut down the cluster if this backend started it."""
        client = getattr(self, "client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
