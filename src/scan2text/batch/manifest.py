"""The batch manifest (``OUTPUT_DIR/manifest.jsonl``) and the output-folder lock.

The manifest is JSON Lines, append-only: one record per file processed (or
refused), written by the batch's main process only, flushed and fsync'd
before the next record so that a crash loses at most the files in flight.
Reading it, the last record of each path wins; a line cut short by a crash is
ignored with a warning. Each record holds::

    path, size, mtime, mtime_ns, sha256, options_hash, status, error,
    error_kind, exit_code, seconds, pages, outputs, formats, time, run

and, when a worker ran the file, ``worker_pid`` and ``peak_rss_mb`` (that
worker's peak resident memory up to the end of this file, in MiB).
``status`` is ``done``, ``failed``, ``skipped`` or ``interrupted``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from scan2text.errors import Scan2TextError
from scan2text.models import sha256_of

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.jsonl"
SUMMARY_NAME = "summary.json"
LOCK_NAME = ".scan2text-batch.lock"
#: The batch's own scratch folder (in-flight markers); removed at the start and end of a run.
STAGING_NAME = ".scan2text-tmp"

STATUSES = ("done", "failed", "skipped", "interrupted")

# File names may hold bytes that are not UTF-8 (old archives); they travel as
# surrogate escapes and are written back as the same bytes.
_ENCODING_ERRORS = "surrogateescape"

sha256_file = sha256_of  # one implementation, shared with the model checks


def utc_now() -> str:
    """Current UTC time as ISO 8601 with a ``Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Every whole record of a manifest, in file order; broken lines are skipped."""
    path = Path(path)
    if not path.exists():
        return
    with open(path, encoding="utf-8", errors=_ENCODING_ERRORS) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                # The last line of a batch killed mid-write; its file is redone.
                log.warning("%s:%d: ignoring a broken manifest line (cut short by a crash?)", path, number)
                continue
            if isinstance(record, dict) and isinstance(record.get("path"), str):
                yield record
            else:
                log.warning("%s:%d: ignoring a manifest line that is not a record", path, number)


def latest_records(path: str | Path) -> dict[str, dict[str, Any]]:
    """The last record of each input path (last record wins)."""
    latest: dict[str, dict[str, Any]] = {}
    for record in read_records(path):
        latest[record["path"]] = record
    return latest


class ManifestWriter:
    """Appends records to ``manifest.jsonl`` durably (flush + fsync per record)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def open(self) -> ManifestWriter:
        """Open for appending; repair a last line left without its newline by a crash."""
        needs_newline = False
        if self.path.exists() and self.path.stat().st_size > 0:
            with open(self.path, "rb") as f:
                f.seek(-1, os.SEEK_END)
                needs_newline = f.read(1) != b"\n"
        try:
            # Kept open for the whole batch: one record per file, appended as files finish.
            self._file = open(self.path, "a", encoding="utf-8", errors=_ENCODING_ERRORS, newline="\n")  # noqa: SIM115
        except OSError as e:
            raise Scan2TextError(f"cannot open the manifest for writing: {e.strerror or e}", self.path) from e
        if needs_newline:
            # Otherwise the next record would be glued to the broken line and lost with it.
            self._file.write("\n")
        return self

    def append(self, record: dict[str, Any]) -> None:
        """Write one record and make it durable before returning."""
        if self._file is None:
            raise RuntimeError("manifest is not open")
        line = json.dumps(record, ensure_ascii=False, sort_keys=False)
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        """Close the file (records are already durable)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> ManifestWriter:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class OutputLock:
    """An exclusive lock on an output folder, so two batches never share a manifest.

    Uses ``flock``, which the kernel releases when the holder dies, even by
    ``kill -9``: a stale lock file never blocks the next run.
    """

    def __init__(self, output_dir: Path) -> None:
        self.path = output_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`Scan2TextError` if another batch holds it."""
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise Scan2TextError(f"cannot create the lock file: {e.strerror or e}", self.path) from e
        try:
            import fcntl
        except ImportError:  # Windows: no flock; one batch per folder is then up to the user
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            self._fd = None
            raise Scan2TextError(
                "another scan2text batch is writing to this output folder; wait for it or use another folder",
                self.path.parent,
            ) from None
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases it)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON to a temporary name beside ``path`` and rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", errors=_ENCODING_ERRORS) as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class InflightMarkers:
    """One small file per file in flight, naming where its outputs are being written.

    Outputs are written as ``.<name>.XXXX.tmp`` beside their final names; a
    batch killed with ``kill -9`` leaves such files behind only in the
    folders of the files then in flight, which these markers name, so the
    next run can clean exactly there instead of walking the whole output tree.
    """

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.folder = output_dir / STAGING_NAME / "inflight"

    def add(self, key: int, out_rel_dir: str, stem: str) -> None:
        """Note that outputs of ``stem`` are about to be written in ``out_rel_dir``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"out_dir": out_rel_dir, "stem": stem}, ensure_ascii=False)
        (self.folder / f"{key}.json").write_text(data, encoding="utf-8", errors=_ENCODING_ERRORS)

    def remove(self, key: int) -> None:
        """The file is finished (or recorded as not done)."""
        with contextlib.suppress(FileNotFoundError):
            (self.folder / f"{key}.json").unlink()

    def left_over(self) -> list[tuple[Path, str]]:
        """(output folder, stem) of every file that was in flight when a run died."""
        found: list[tuple[Path, str]] = []
        if not self.folder.is_dir():
            return found
        root = self.output_dir.resolve()
        for marker in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(marker.read_text(encoding="utf-8", errors=_ENCODING_ERRORS))
                folder = (self.output_dir / data["out_dir"]).resolve()
                stem = str(data["stem"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if folder.is_relative_to(root):
                found.append((folder, stem))
        return found


def remove_temporaries_of(folder: Path, stem: str) -> int:
    """Remove ``.<stem>.*.tmp`` in ``folder`` and ``.*.tmp`` in its ``<stem>.*`` sub-folders."""
    removed = 0
    if not folder.is_dir():
        return 0
    for entry in folder.iterdir():
        name = entry.name
        if entry.is_file() and name.startswith(f".{stem}.") and name.endswith(".tmp"):
            entry.unlink(missing_ok=True)
            removed += 1
        elif entry.is_dir() and not entry.is_symlink() and name.startswith(f"{stem}."):
            for sub in entry.iterdir():
                if sub.is_file() and sub.name.startswith(".") and sub.name.endswith(".tmp"):
                    sub.unlink(missing_ok=True)
                    removed += 1
    return removed


def clean_temporaries(output_dir: Path) -> int:
    """Remove what an interrupted run left: temporary outputs of its in-flight files, stray ``.*.tmp``.

    Must only be called while holding :class:`OutputLock`, so that no live
    batch is writing there. Returns the number of files removed.
    """
    import shutil

    removed = 0
    for folder, stem in InflightMarkers(output_dir).left_over():
        with contextlib.suppress(OSError):
            removed += remove_temporaries_of(folder, stem)
    staging = output_dir / STAGING_NAME
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
    for tmp in output_dir.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted run in %s", removed, output_dir)
    return removed
