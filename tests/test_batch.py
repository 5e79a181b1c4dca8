"""Batch processing with a fake pipeline: fault isolation, resume, timeouts, worker recycling, CLI.

The fake (:mod:`scan2text.batch.testing`) reads pages with the real input
reader and writes one line per page, ``<name> page <n> <w>x<h> mean <m>``;
the tests work the expected text out from the pixels they wrote.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from scan2text.batch import BatchAbort, BatchConfig, latest_records, run_batch
from scan2text.batch.discovery import assign_stems, discover, short_stem
from scan2text.batch.manifest import OutputLock
from scan2text.batch.testing import DELAY_ENV, LOG_ENV, broken_pipeline, fake_pipeline
from scan2text.errors import Scan2TextError
from scan2text.options import Options


def make_image(path: Path, seed: int, size: tuple[int, int] = (80, 60)) -> float:
    """Write a random greyscale image; return its mean grey value (what the fake reports)."""
    w, h = size
    arr = (np.random.RandomState(seed).rand(h, w) * 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = "TIFF" if path.suffix.lower() in (".tif", ".tiff") else "PNG"
    Image.fromarray(arr).save(path, format=fmt)
    return float(arr.mean())


def expected_text(name: str, mean: float, size: tuple[int, int] = (80, 60), page: int = 1) -> str:
    return f"{name} page {page} {size[0]}x{size[1]} mean {mean:.1f}"


def output_text(path: Path) -> str:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join(
        line["text"] for page in doc["pages"] for block in page["blocks"] for line in block["lines"]
    )


def events(log: Path, kind: str) -> list[dict]:
    if not log.exists():
        return []
    return [e for e in map(json.loads, log.read_text().splitlines()) if e["event"] == kind]


@pytest.fixture
def fake_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "fake-events.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    monkeypatch.delenv(DELAY_ENV, raising=False)
    return log


def batch(inp: Path, out: Path, **kw: object) -> BatchConfig:
    kw.setdefault("jobs", 2)
    kw.setdefault("pipeline_factory", fake_pipeline)
    return BatchConfig(input_dir=inp, output_dir=out, **kw)  # type: ignore[arg-type]


def tree_snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    snap = {}
    for p in sorted(root.rglob("*")):
        if p == skip or skip in p.parents or p.name == "fake-events.jsonl":
            continue
        st = p.lstat()
        snap[str(p)] = (st.st_size, st.st_mtime_ns)
    return snap


# -- fault isolation -------------------------------------------------------------


def test_every_bad_input_kind_fails_alone_and_good_pages_come_out(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    good = {
        "p1.png": make_image(inp / "p1.png", 1),
        "sub/p2.tif": make_image(inp / "sub" / "p2.tif", 2),
        "sub/deeper/p3.PNG": make_image(inp / "sub" / "deeper" / "p3.PNG", 3),
    }
    make_image(tmp_path / "source.png", 9)
    raw = (tmp_path / "source.png").read_bytes()
    (inp / "zero.png").write_bytes(b"")
    (inp / "truncated.png").write_bytes(raw[: len(raw) * 6 // 10])
    (inp / "garbage.tif").write_bytes(b"II*\x00" + os.urandom(300))
    (inp / "text.jpg").write_text("this is not an image\n")
    make_image(inp / "huge.png", 4, size=(400, 300))  # 120,000 px: over the 20,000 px budget below
    (inp / "stage__boom__.png").write_bytes(raw)
    (inp / "segv__crash__.png").write_bytes(raw)
    (inp / "killed__oom__.png").write_bytes(raw)
    os.mkfifo(inp / "fifo.png")
    (inp / "broken.png").symlink_to(tmp_path / "does-not-exist.png")
    (inp / "escape.png").symlink_to(tmp_path / "source.png")
    (inp / "notes.txt").write_text("not an input: wrong extension")
    before = tree_snapshot(tmp_path, out)

    summary = run_batch(batch(inp, out, options=Options(max_pixels=20_000)))

    for rel, mean in good.items():
        target = out / Path(rel).with_suffix(".json")
        assert output_text(target) == expected_text(Path(rel).name, mean)
    latest = latest_records(out / "manifest.jsonl")
    assert {r for r, rec in latest.items() if rec["status"] == "done"} == set(good)
    expect_failed = {
        "zero.png": ("input_file", "empty"),
        "truncated.png": ("input_file", ""),
        "garbage.tif": ("input_file", ""),
        "text.jpg": ("input_file", "not an image"),
        "huge.png": ("input_file", "budget"),
        "stage__boom__.png": ("stage_error", "fake layout stage failed"),
        "segv__crash__.png": ("worker_died", "SIGSEGV"),
        "killed__oom__.png": ("worker_died", "SIGKILL"),
        "fifo.png": ("input_file", "not a regular file"),
        "broken.png": ("input_file", "broken symbolic link"),
    }
    for rel, (kind, reason) in expect_failed.items():
        rec = latest[rel]
        assert rec["status"] == "failed", rel
        assert rec["error_kind"] == kind, (rel, rec)
        assert reason in rec["error"], (rel, rec["error"])
        assert rec["outputs"] == []
    assert latest["escape.png"]["status"] == "skipped"
    assert "outside the input folder" in latest["escape.png"]["error"]
    assert "notes.txt" not in latest
    assert not (out / "escape.json").exists()

    assert (summary.done, summary.failed, summary.skipped, summary.files) == (3, 10, 1, 14)
    assert summary.exit_code == 7
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk["exit_code"] == 7 and on_disk["done"] == 3 and on_disk["failed"] == 10
    assert {f["path"] for f in on_disk["failures"]} == set(expect_failed)
    # Nothing was written outside OUTPUT_DIR, and no temporaries are left inside it.
    assert tree_snapshot(tmp_path, out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or ".scan2text-tmp" in p.parts]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permission bits")
def test_unreadable_file_fails_with_permission_denied(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    mean = make_image(inp / "ok.png", 1)
    make_image(inp / "locked.png", 2)
    (inp / "locked.png").chmod(0o000)
    summary = run_batch(batch(inp, out))
    latest = latest_records(out / "manifest.jsonl")
    assert latest["locked.png"]["status"] == "failed"
    assert "permission denied" in latest["locked.png"]["error"]
    assert output_text(out / "ok.json") == expected_text("ok.png", mean)
    assert summary.exit_code == 7


def test_permission_error_becomes_a_failed_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same mapping, checked in-process (runs as root too)."""
    from scan2text.batch import worker

    def denied(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    make_image(tmp_path / "locked.png", 1)
    monkeypatch.setattr(worker, "sha256_file", denied)
    task = worker.Task(
        0,
        "locked.png",
        str(tmp_path / "locked.png"),
        str(tmp_path / "o"),
        "locked",
        ("json",),
        str(tmp_path / "o"),
    )
    result = worker.process_task(task, fake_pipeline(Options()))
    assert (result.status, result.error, result.error_kind, result.exit_code) == (
        "failed",
        "permission denied",
        "input_file",
        3,
    )
    assert not (tmp_path / "o" / "locked.json").exists()


def test_odd_file_names_and_stem_clashes(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    long_name = "长" * 80 + ".png"  # 240 bytes of UTF-8: <stem>.alto.xml would not fit in 255
    names = ["with space.png", "Ünïcödé 報紙.png", long_name, "a.png", "a.tif"]
    means = {n: make_image(inp / "dir with space" / n, i) for i, n in enumerate(names)}
    latin1 = os.fsencode(str(inp / "dir with space")) + b"/caf\xe9.png"  # not UTF-8
    make_image(Path(os.fsdecode(latin1)), 7)

    summary = run_batch(batch(inp, out))
    # The non-UTF-8 name cannot go into UTF-8 JSON/XML as it is: that is the exporter's
    # call (see the report); the batch must record it either way and go on.
    latin1_rel = os.fsdecode(b"dir with space/caf\xe9.png")
    latest = latest_records(out / "manifest.jsonl")
    assert latest[latin1_rel]["status"] in ("done", "failed")
    assert summary.done + summary.failed == 6 and summary.done >= 5
    od = out / "dir with space"
    assert output_text(od / "with space.json") == expected_text("with space.png", means["with space.png"])
    assert output_text(od / "Ünïcödé 報紙.json") == expected_text(
        "Ünïcödé 報紙.png", means["Ünïcödé 報紙.png"]
    )
    # a.png and a.tif share a stem, so both keep their whole name.
    assert output_text(od / "a.png.json") == expected_text("a.png", means["a.png"])
    assert output_text(od / "a.tif.json") == expected_text("a.tif", means["a.tif"])
    long_out = [p for p in od.iterdir() if p.name.startswith("长" * 10)]
    assert len(long_out) == 1 and len(long_out[0].name.encode()) <= 180 + len(".json")
    assert output_text(long_out[0]) == expected_text(long_name, means[long_name])
    # The manifest round-trips the non-UTF-8 name: a second run recognises every file.
    again = run_batch(batch(inp, out))
    assert (again.done, again.already_done + again.failed_earlier) == (0, 6)
    assert {f["path"] for f in again.failures} <= {latin1_rel}


def test_stem_rules() -> None:
    stems = assign_stems(["a.png", "a.tif", "A.jpg", "b.png", "a.png.tif"])
    assert stems["b.png"] == "b"
    assert stems["a.png"] == "a.png" and stems["a.tif"] == "a.tif" and stems["A.jpg"] == "A.jpg"
    # "a.png.tif" has plain stem "a.png", which clashes with a.png's whole-name stem.
    assert stems["a.png.tif"].startswith("a.png~") and len({s.casefold() for s in stems.values()}) == 5
    long = "x" * 300
    cut = short_stem(long)
    assert len(cut.encode()) <= 180 and cut.startswith("x" * 100) and cut != short_stem("x" * 301)


def test_discovery_is_sorted_and_skips_hidden_and_output(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    for rel in ["b/2.png", "b/10.png", "a.png", "C.JPG", ".hidden/x.png", "b/.DS_Store.png", "out/x.png"]:
        make_image(inp / rel, 0, size=(4, 4))
    found = discover(inp, inp / "out")
    assert [f.rel_path for f in found.files] == ["C.JPG", "a.png", "b/10.png", "b/2.png"]


# -- resume ----------------------------------------------------------------------


def test_rerun_skips_done_and_redoes_what_changed(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    for i in range(4):
        make_image(inp / f"p{i}.png", i)
    first = run_batch(batch(inp, out))
    assert first.done == 4 and len(events(fake_log, "done")) == 4

    second = run_batch(batch(inp, out))
    assert (second.done, second.already_done, second.exit_code) == (0, 4, 0)
    assert len(events(fake_log, "start")) == 4  # nothing processed again

    new_mean = make_image(inp / "p1.png", 99)  # new content
    os.utime(inp / "p1.png", ns=(1, 1_000_000_000))
    os.utime(inp / "p2.png", ns=(2, 2_000_000_000))  # touched only: same content
    (out / "p3.json").unlink()  # an output went missing
    third = run_batch(batch(inp, out))
    started = [Path(e["path"]).name for e in events(fake_log, "start")[4:]]
    assert sorted(started) == ["p1.png", "p3.png"]
    assert (third.done, third.already_done) == (2, 2)
    assert output_text(out / "p1.json") == expected_text("p1.png", new_mean)
    # p2's stat was refreshed, so the next run takes the fast path again.
    p2 = latest_records(out / "manifest.jsonl")["p2.png"]
    assert (p2["status"], p2["mtime_ns"]) == ("done", 2_000_000_000)

    # Other options (not just threads or formats) mean other outputs: everything again.
    fourth = run_batch(batch(inp, out, options=Options(max_skew=5.0, threads=3)))
    assert fourth.done == 4
    # Asking for a format not written before redoes the files too.
    fifth = run_batch(batch(inp, out, options=Options(max_skew=5.0, formats=("json", "text"))))
    assert fifth.done == 4 and (out / "p0.articles").is_dir()
    sixth = run_batch(batch(inp, out, options=Options(max_skew=5.0, threads=1)))
    assert sixth.already_done == 4 and sixth.done == 0


def test_failed_files_are_reported_again_and_retried_on_request(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_image(inp / "good.png", 1)
    (inp / "bad.png").write_bytes(b"broken")
    make_image(inp / "x__boom__.png", 2)
    assert run_batch(batch(inp, out)).failed == 2

    again = run_batch(batch(inp, out))
    assert (again.failed, again.failed_earlier, again.exit_code) == (0, 2, 7)
    assert len(events(fake_log, "start")) == 3  # failures were not attempted again
    assert {f["path"] for f in again.failures} == {"bad.png", "x__boom__.png"}

    retried = run_batch(batch(inp, out, retry_failed=True))
    assert retried.failed == 2 and retried.already_done == 1
    assert sorted(Path(e["path"]).name for e in events(fake_log, "start")[3:]) == ["bad.png", "x__boom__.png"]

    fixed_mean = make_image(inp / "bad.png", 5)  # the archivist replaced the broken scan
    fixed = run_batch(batch(inp, out))
    assert fixed.done == 1 and fixed.failed_earlier == 1
    assert output_text(out / "bad.json") == expected_text("bad.png", fixed_mean)


def test_broken_manifest_line_and_leftover_temporaries(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_image(inp / "a.png", 1)
    make_image(inp / "b.png", 2)
    run_batch(batch(inp, out))
    # Simulate a crash: a record cut short, a temporary output and an in-flight marker.
    with open(out / "manifest.jsonl", "a") as f:
        f.write('{"path": "b.png", "status": "do')
    (out / ".a.json.k3j4.tmp").write_text("half")
    (out / ".scan2text-tmp" / "inflight").mkdir(parents=True)
    (out / ".scan2text-tmp" / "inflight" / "0.json").write_text('{"out_dir": "", "stem": "a"}')
    summary = run_batch(batch(inp, out))
    assert summary.already_done == 2
    assert not (out / ".a.json.k3j4.tmp").exists() and not (out / ".scan2text-tmp").exists()
    lines = (out / "manifest.jsonl").read_text().splitlines()
    assert all(json.loads(line) for line in lines[:-1] if line and not line.endswith('"do'))


def test_second_batch_on_same_output_is_refused(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_image(inp / "a.png", 1)
    out.mkdir()
    with OutputLock(out), pytest.raises(Scan2TextError, match="another scan2text batch"):
        run_batch(batch(inp, out))


def test_bad_arguments(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    with pytest.raises(Scan2TextError, match="differ"):
        run_batch(batch(inp, inp))
    with pytest.raises(Scan2TextError, match="inside the output"):
        run_batch(batch(inp, tmp_path))
    with pytest.raises(Scan2TextError, match="does not exist"):
        run_batch(batch(tmp_path / "nope", tmp_path / "out"))


# -- workers ---------------------------------------------------------------------


def test_timeout_stops_the_page_and_the_batch_goes_on(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    means = {f"p{i}.png": make_image(inp / f"p{i}.png", i) for i in range(3)}
    make_image(inp / "slow__hang__.png", 7)
    t0 = time.monotonic()
    summary = run_batch(batch(inp, out, page_timeout=1.5))
    assert time.monotonic() - t0 < 20
    rec = latest_records(out / "manifest.jsonl")["slow__hang__.png"]
    assert (rec["status"], rec["error"], rec["error_kind"]) == ("failed", "timeout after 1.5 s", "timeout")
    for name, mean in means.items():
        assert output_text(out / name.replace(".png", ".json")) == expected_text(name, mean)
    assert summary.exit_code == 7


def test_models_load_once_per_worker_and_workers_are_recycled(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    for i in range(5):
        make_image(inp / f"p{i}.png", i)
    run_batch(batch(inp, out, jobs=1, max_pages_per_worker=2))
    inits = events(fake_log, "init")
    done = events(fake_log, "done")
    assert len(done) == 5
    assert len(inits) == 3  # pages 1-2, 3-4, 5: one pipeline per worker process
    per_pid: dict[int, int] = {}
    for e in done:
        per_pid[e["pid"]] = per_pid.get(e["pid"], 0) + 1
    assert sorted(per_pid.values()) == [1, 2, 2] and set(per_pid) == {e["pid"] for e in inits}

    fake_log.unlink()
    run_batch(batch(inp, tmp_path / "out2", jobs=2))
    assert len(events(fake_log, "init")) <= 2 and len(events(fake_log, "done")) == 5


def test_fail_fast_stops_at_first_failure(tmp_path: Path, fake_log: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_image(inp / "a.png", 1)
    (inp / "b.png").write_bytes(b"")
    for name in "cdefgh":
        make_image(inp / f"{name}.png", 2)
    summary = run_batch(batch(inp, out, jobs=1, fail_fast=True))
    assert summary.exit_code == 3  # the input-file error's own exit code
    assert summary.not_started >= 5 and summary.done == 1
    statuses = {p: r["status"] for p, r in latest_records(out / "manifest.jsonl").items()}
    assert statuses["a.png"] == "done" and statuses["b.png"] == "failed"
    # A bad input found by discovery (a broken link) stops the batch before any work.
    (inp / "0-broken.png").symlink_to(tmp_path / "missing.png")
    again = run_batch(batch(tmp_path / "in", tmp_path / "out2", jobs=1, fail_fast=True))
    assert (again.exit_code, again.done, again.not_started) == (3, 0, 8)


def test_pipeline_that_cannot_be_built_aborts_the_batch(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    make_image(inp / "a.png", 1)
    with pytest.raises(BatchAbort) as info:
        run_batch(batch(inp, out, pipeline_factory=broken_pipeline))
    assert int(info.value.exit_code) == 4 and "model file is missing" in str(info.value)
    # No file is blamed for the missing models: the next run processes them all.
    assert latest_records(out / "manifest.jsonl") == {}


# -- command line ------------------------------------------------------------------


def test_cli_quiet_prints_failures_and_one_summary_line(
    tmp_path: Path, fake_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    from scan2text.batch import command

    monkeypatch.setattr(command, "PIPELINE_FACTORY", fake_pipeline)
    app = typer.Typer()
    app.command()(command.batch_command)
    inp, out = tmp_path / "in", tmp_path / "out"
    make_image(inp / "a.png", 1)
    (inp / "b.png").write_bytes(b"")
    result = CliRunner().invoke(app, [str(inp), str(out), "-j", "1", "--quiet", "--format", "text"])
    assert result.exit_code == 7, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines[0] == "failed b.png: file is empty (0 bytes)"
    assert lines[-1].startswith("batch: 2 files, 1 done now") and len(lines) == 2
    assert (out / "a.json").is_file() and (out / "a.articles").is_dir()
    result = CliRunner().invoke(app, [str(inp), str(out), "-q"])
    assert result.exit_code == 7
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines[0] == "failed earlier (not retried) b.png: file is empty (0 bytes)"
    assert "1 failed earlier" in lines[-1] and "0 done now, 1 done earlier" in lines[-1]
