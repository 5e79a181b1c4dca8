"""How a batch reports progress: a rich progress bar, a quiet mode for cron, or nothing.

``run_batch`` calls a :class:`Reporter`; the library default reports nothing
(only logging), ``scan2text batch`` uses :class:`RichReporter`, or
:class:`QuietReporter` with ``--quiet`` (errors and one final line).
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from scan2text.batch.config import BatchSummary


class Reporter(Protocol):
    """Receives a batch's events, in the batch's main thread."""

    def start(self, to_process: int, files: int, already_done: int) -> None:
        """The batch is about to process ``to_process`` of ``files`` inputs."""
        ...

    def record(self, record: dict[str, Any]) -> None:
        """One manifest record was written (a file done, failed, skipped or interrupted)."""
        ...

    def message(self, text: str) -> None:
        """A notice for the user (e.g. what Ctrl-C is doing)."""
        ...

    def stop(self) -> None:
        """The batch is over (or aborted): release the terminal. Called before :meth:`finish`."""
        ...

    def finish(self, summary: BatchSummary) -> None:
        """The batch has ended normally."""
        ...


#: Failures from earlier runs listed at the end (the rest are in summary.json).
MAX_EARLIER_LISTED = 20


def earlier_failure_lines(summary: BatchSummary) -> list[str]:
    """Lines reporting again the files that failed in earlier runs and were not retried."""
    earlier = [f for f in summary.failures if f.get("earlier")]
    lines = [f"failed earlier (not retried) {f['path']}: {f['error']}" for f in earlier[:MAX_EARLIER_LISTED]]
    if len(earlier) > MAX_EARLIER_LISTED:
        lines.append(f"... and {len(earlier) - MAX_EARLIER_LISTED} more (see summary.json)")
    if earlier:
        lines.append("use --retry-failed to process them again")
    return lines


class NullReporter:
    """Reports nothing (the library default; logging still works)."""

    def start(self, to_process: int, files: int, already_done: int) -> None:
        """Ignored."""

    def record(self, record: dict[str, Any]) -> None:
        """Ignored."""

    def message(self, text: str) -> None:
        """Ignored."""

    def stop(self) -> None:
        """Ignored."""

    def finish(self, summary: BatchSummary) -> None:
        """Ignored."""


def failure_line(record: dict[str, Any]) -> str:
    """``failed path: reason`` for one record."""
    return f"{record.get('status')} {record.get('path')}: {record.get('error')}"


class QuietReporter:
    """For cron: failures as they happen on stderr, one summary line on stdout at the end."""

    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self.out = out or Console(highlight=False, soft_wrap=True)
        self.err = err or Console(stderr=True, highlight=False, soft_wrap=True)

    def start(self, to_process: int, files: int, already_done: int) -> None:
        """Nothing to say yet."""

    def record(self, record: dict[str, Any]) -> None:
        """Print failures only."""
        if record.get("status") == "failed":
            self.err.print(escape(failure_line(record)), markup=True)

    def message(self, text: str) -> None:
        """Notices go to stderr (they are rare: Ctrl-C)."""
        self.err.print(escape(text))

    def stop(self) -> None:
        """Nothing to release."""

    def finish(self, summary: BatchSummary) -> None:
        """Earlier failures on stderr, then the one-line summary."""
        for line in earlier_failure_lines(summary):
            self.err.print(escape(line))
        self.out.print(escape(summary.one_line()))


class RichReporter:
    """A progress bar with files done and failed, pages per minute and time remaining."""

    def __init__(self, console: Console | None = None, out: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.out = out or Console(highlight=False, soft_wrap=True)
        self.progress = Progress(
            TextColumn("[bold]batch[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[done]} done[/] [red]{task.fields[failed]} failed[/]"),
            TextColumn("{task.fields[rate]} pages/min"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._done = self._failed = self._pages = 0
        self._t0 = time.monotonic()

    def start(self, to_process: int, files: int, already_done: int) -> None:
        """Show the bar over the files that need work."""
        if already_done:
            self.console.print(
                f"{files} files found; {already_done} already done earlier; {to_process} to process"
            )
        self._t0 = time.monotonic()
        self.progress.start()
        self._task = self.progress.add_task("batch", total=to_process, done=0, failed=0, rate="-")

    def record(self, record: dict[str, Any]) -> None:
        """Advance the bar; print failures above it."""
        status = record.get("status")
        if status == "done":
            self._done += 1
            self._pages += int(record.get("pages") or 0)
        elif status == "failed":
            self._failed += 1
            self.progress.console.print(
                f"[red]failed[/] {escape(str(record.get('path')))}: {escape(str(record.get('error')))}"
            )
        if self._task is None or status == "skipped":
            return
        elapsed = max(time.monotonic() - self._t0, 1e-6)
        self.progress.update(
            self._task,
            advance=1,
            done=self._done,
            failed=self._failed,
            rate=f"{60 * self._pages / elapsed:.1f}",
        )

    def message(self, text: str) -> None:
        """Print a notice above the bar."""
        self.progress.console.print(f"[yellow]{escape(text)}[/]")

    def stop(self) -> None:
        """Stop the bar."""
        self.progress.stop()

    def finish(self, summary: BatchSummary) -> None:
        """Earlier failures, then the summary line."""
        for line in earlier_failure_lines(summary):
            self.console.print(f"[red]{escape(line)}[/]")
        self.out.print(escape(summary.one_line()))
