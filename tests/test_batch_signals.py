"""A batch killed with SIGKILL or interrupted with Ctrl-C, then run again.

Each batch runs as a subprocess of ``python -m scan2text.batch`` with the fake
pipeline (slowed down by ``SCAN2TEXT_FAKE_DELAY``), which logs every file it
starts and finishes, so the tests can tell how often each file was processed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scan2text.batch import read_records
from scan2text.batch.testing import DELAY_ENV, LOG_ENV

# The batch command with the fake pipeline in place of the real one.
SCRIPT = """
import sys
from scan2text.batch import command
from scan2text.batch.testing import fake_pipeline
command.PIPELINE_FACTORY = fake_pipeline
from scan2text.batch.__main__ import main
main()
"""


def make_inputs(inp: Path, n: int) -> dict[str, float]:
    means = {}
    for i in range(n):
        arr = (np.random.RandomState(i).rand(30, 40) * 255).astype(np.uint8)
        (inp / f"d{i % 3}").mkdir(parents=True, exist_ok=True)
        Image.fromarray(arr).save(inp / f"d{i % 3}" / f"page {i:02d}.png")
        means[f"d{i % 3}/page {i:02d}.png"] = float(arr.mean())
    return means


def start_batch(inp: Path, out: Path, log: Path, delay: float, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, **{LOG_ENV: str(log), DELAY_ENV: str(delay)})
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(inp), str(out), "-q", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, like a job in a shell
    )


def records(out: Path) -> list[dict]:
    return list(read_records(out / "manifest.jsonl"))


def wait_for(cond, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def log_events(log: Path, kind: str) -> list[dict]:
    if not log.exists():
        return []
    return [e for e in map(json.loads, log.read_text().splitlines()) if e["event"] == kind]


def rel_of(event: dict, inp: Path) -> str:
    return Path(event["path"]).relative_to(inp.resolve()).as_posix()


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def check_outputs(out: Path, means: dict[str, float]) -> None:
    for rel, mean in means.items():
        doc = json.loads((out / rel).with_suffix(".json").read_text())
        assert (
            doc["pages"][0]["blocks"][0]["lines"][0]["text"]
            == f"{Path(rel).name} page 1 40x30 mean {mean:.1f}"
        )
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or ".scan2text-tmp" in p.parts]
    assert leftovers == []


def test_kill_9_then_rerun_processes_every_file_exactly_once(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    means = make_inputs(inp, 12)
    log1, log2 = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    proc = start_batch(inp, out, log1, 0.3, "-j", "2")
    wait_for(lambda: sum(r["status"] == "done" for r in records(out)) >= 3)
    os.kill(proc.pid, signal.SIGKILL)  # the batch process only: its workers must not outlive it
    proc.wait(timeout=10)
    done_in_run1 = {r["path"] for r in records(out) if r["status"] == "done"}
    assert 3 <= len(done_in_run1) < 12
    worker_pids = {e["pid"] for e in log_events(log1, "init")}
    wait_for(lambda: not any(alive(p) for p in worker_pids), timeout=5)

    proc2 = start_batch(inp, out, log2, 0.0, "-j", "2")
    stdout, stderr = proc2.communicate(timeout=60)
    assert proc2.returncode == 0, stderr.decode()
    done_per_path = Counter(r["path"] for r in records(out) if r["status"] == "done")
    assert done_per_path == Counter({p: 1 for p in means})
    # Run 2 processed exactly the files run 1 had not recorded as done.
    assert sorted(rel_of(e, inp) for e in log_events(log2, "start")) == sorted(set(means) - done_in_run1)
    # At most the files in flight at the kill (one per worker) were finished twice.
    finished = Counter(rel_of(e, inp) for e in log_events(log1, "done") + log_events(log2, "done"))
    assert set(finished) == set(means) and sum(n - 1 for n in finished.values()) <= 2
    check_outputs(out, means)


def test_workers_die_with_a_killed_batch_mid_page(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_inputs(inp, 4)
    log = tmp_path / "run1.jsonl"
    proc = start_batch(inp, out, log, 60.0, "-j", "2")  # every page takes a minute
    wait_for(lambda: len(log_events(log, "start")) >= 2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    worker_pids = {e["pid"] for e in log_events(log, "start")}
    # Orphans would go on for a minute and write outputs behind the next run's back.
    wait_for(lambda: not any(alive(p) for p in worker_pids), timeout=3)
    assert log_events(log, "done") == []
    assert [p for p in out.rglob("*.json") if ".scan2text-tmp" not in p.parts] == []


def test_ctrl_c_finishes_files_in_flight_then_resume(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    means = make_inputs(inp, 12)
    log1, log2 = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    proc = start_batch(inp, out, log1, 0.5, "-j", "2")
    wait_for(lambda: sum(r["status"] == "done" for r in records(out)) >= 2)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stderr.decode()
    assert "INTERRUPTED" in stdout.decode()
    recs = records(out)
    # Files in flight were finished, not cancelled: everything started is done.
    assert all(r["status"] == "done" for r in recs)
    assert {rel_of(e, inp) for e in log_events(log1, "start")} == {r["path"] for r in recs}
    assert len(recs) < 12
    summary = json.loads((out / "summary.json").read_text())
    assert summary["was_interrupted"] is True and summary["not_started"] == 12 - len(recs)

    proc2 = start_batch(inp, out, log2, 0.0, "-j", "2")
    proc2.communicate(timeout=60)
    assert proc2.returncode == 0
    assert Counter(r["path"] for r in records(out) if r["status"] == "done") == Counter({p: 1 for p in means})
    assert len(log_events(log2, "start")) == 12 - len(recs)
    check_outputs(out, means)


@pytest.mark.parametrize("how", ["ctrl-c twice", "sigterm"])
def test_second_ctrl_c_or_sigterm_cancels_files_in_flight(tmp_path: Path, how: str) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    means = make_inputs(inp, 5)
    log1 = tmp_path / "run1.jsonl"
    proc = start_batch(inp, out, log1, 30.0, "-j", "2")
    wait_for(lambda: len(log_events(log1, "start")) >= 2)
    if how == "sigterm":
        t0 = time.monotonic()
        os.kill(proc.pid, signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.5)
        t0 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=20)
    assert proc.returncode == 130 and time.monotonic() - t0 < 10
    recs = records(out)
    assert sorted(r["status"] for r in recs) == ["interrupted", "interrupted"]
    expected = "cancelled by SIGTERM" if how == "sigterm" else "cancelled by Ctrl-C"
    assert all(r["error"] == expected for r in recs)

    proc2 = start_batch(inp, out, tmp_path / "run2.jsonl", 0.0, "-j", "2")
    proc2.communicate(timeout=60)
    assert proc2.returncode == 0
    check_outputs(out, means)
