"""Each manifest record names the worker process that ran the file and that worker's peak memory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scan2text.batch import BatchConfig, read_records, run_batch
from scan2text.batch.testing import DELAY_ENV, LOG_ENV, fake_pipeline
from scan2text.batch.worker import peak_rss_mb

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no ru_maxrss on Windows")


def test_peak_rss_follows_what_the_process_touched() -> None:
    before = peak_rss_mb()
    assert before is not None and before > 10  # a Python process with numpy loaded
    block = np.ones(300 * 1024 * 1024 // 8)  # 300 MiB, every page written
    after = peak_rss_mb()
    del block
    assert after is not None and after - before > 250
    assert peak_rss_mb() == pytest.approx(after, abs=5)  # a peak: it does not fall when memory is freed


def test_manifest_records_carry_the_worker_pid_and_its_peak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LOG_ENV, raising=False)
    monkeypatch.setenv(DELAY_ENV, "0.2")  # both workers get files
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(4):
        Image.fromarray(np.full((40, 60), 40 * i, np.uint8)).save(inp / f"p{i}.png")
    (inp / "broken.png").write_bytes(b"not a png")

    run_batch(BatchConfig(inp, out, jobs=2, pipeline_factory=fake_pipeline))

    records = {r["path"]: r for r in read_records(out / "manifest.jsonl")}
    assert set(records) == {"p0.png", "p1.png", "p2.png", "p3.png", "broken.png"}
    assert records["broken.png"]["status"] == "failed"  # failures the worker saw carry the figures too
    pids = {r["worker_pid"] for r in records.values()}
    assert os.getpid() not in pids and len(pids) == 2  # the worker processes, not the batch process
    for rec in records.values():
        assert isinstance(rec["peak_rss_mb"], float) and 10 < rec["peak_rss_mb"] < 4096
    for pid in pids:
        peaks = [r["peak_rss_mb"] for r in read_records(out / "manifest.jsonl") if r["worker_pid"] == pid]
        assert peaks == sorted(peaks)  # a running peak never goes down
