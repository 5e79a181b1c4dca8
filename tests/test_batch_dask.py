"""``--dask local`` gives the same outputs and manifest outcomes as ``-j 2``."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scan2text.batch import BatchConfig, latest_records, run_batch
from scan2text.batch.testing import DELAY_ENV, LOG_ENV, fake_pipeline
from scan2text.options import Options

pytest.importorskip("distributed", reason="dask[distributed] is the optional extra scan2text[dask]")


def make_inputs(inp: Path) -> dict[str, float]:
    means = {}
    for i, rel in enumerate(["a.png", "sub/b.png", "sub/c.tif", "sub/deep/d.png"]):
        arr = (np.random.RandomState(i).rand(30, 40) * 255).astype(np.uint8)
        (inp / rel).parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(arr).save(inp / rel)
        means[rel] = float(arr.mean())
    (inp / "sub" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    (inp / "sub" / "x__boom__.png").write_bytes((inp / "a.png").read_bytes())
    (inp / "slow__hang__.png").write_bytes((inp / "a.png").read_bytes())
    return means


def outputs(out: Path, pattern: str = "*.json") -> dict[str, str]:
    found = {
        p.relative_to(out).as_posix(): p.read_text()
        for p in sorted(out.rglob(pattern))
        if p.name != "summary.json"
    }
    # ALTO records when it was written; that alone may differ between two runs.
    return {k: re.sub(r"<processingDateTime>[^<]*</processingDateTime>", "", v) for k, v in found.items()}


def outcomes(out: Path) -> dict[str, tuple[str, str | None, str | None]]:
    return {
        p: (r["status"], r["error_kind"], r["error"])
        for p, r in latest_records(out / "manifest.jsonl").items()
    }


def test_dask_local_matches_local_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DELAY_ENV, raising=False)
    log = tmp_path / "events.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    inp = tmp_path / "in"
    means = make_inputs(inp)
    options = Options(formats=("json", "alto"))
    common = dict(options=options, page_timeout=2.0, pipeline_factory=fake_pipeline)
    local = run_batch(BatchConfig(inp, tmp_path / "out-local", jobs=2, **common))  # type: ignore[arg-type]
    seen = len(log.read_text().splitlines())
    dask = run_batch(BatchConfig(inp, tmp_path / "out-dask", jobs=2, dask="local", **common))  # type: ignore[arg-type]
    dask_events = [json.loads(line) for line in log.read_text().splitlines()[seen:]]
    inits = Counter(e["pid"] for e in dask_events if e["event"] == "init")
    # Models are loaded once per Dask worker process (3: the timed-out worker is restarted).
    assert set(inits.values()) == {1} and len(inits) <= 3
    assert {e["pid"] for e in dask_events if e["event"] == "start"} <= set(inits)

    assert (
        (dask.done, dask.failed, dask.exit_code) == (local.done, local.failed, local.exit_code) == (4, 3, 7)
    )
    want = {rel: f"{Path(rel).name} page 1 40x30 mean {m:.1f}" for rel, m in means.items()}
    for name, out in (("local", tmp_path / "out-local"), ("dask", tmp_path / "out-dask")):
        got = {
            rel: json.loads(text)["pages"][0]["blocks"][0]["lines"][0]["text"]
            for rel, text in outputs(out).items()
        }
        assert got == {str(Path(r).with_suffix(".json")): t for r, t in want.items()}, name
    # Identical outputs (JSON byte for byte, ALTO but for its timestamps) and identical outcomes.
    assert outputs(tmp_path / "out-local") == outputs(tmp_path / "out-dask")
    assert outputs(tmp_path / "out-local", "*.xml") == outputs(tmp_path / "out-dask", "*.xml")
    assert outcomes(tmp_path / "out-local") == outcomes(tmp_path / "out-dask")
    assert outcomes(tmp_path / "out-dask")["slow__hang__.png"] == ("failed", "timeout", "timeout after 2 s")
    alto = sorted(
        p.relative_to(tmp_path / "out-dask").as_posix() for p in (tmp_path / "out-dask").rglob("*.xml")
    )
    assert alto == [
        "a.alto/a_p0001.xml",
        "sub/b.alto/b_p0001.xml",
        "sub/c.alto/c_p0001.xml",
        "sub/deep/d.alto/d_p0001.xml",
    ]

    # Resume works the same through Dask: nothing left to do.
    again = run_batch(BatchConfig(inp, tmp_path / "out-dask", jobs=2, dask="local", **common))  # type: ignore[arg-type]
    assert (again.done, again.already_done, again.failed_earlier) == (0, 4, 3)


def test_dask_scheduler_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--dask tcp://...``: an existing cluster the batch only connects to (and leaves running)."""
    from distributed import LocalCluster

    monkeypatch.delenv(DELAY_ENV, raising=False)
    inp, out = tmp_path / "in", tmp_path / "out"
    means = make_inputs(inp)
    (inp / "slow__hang__.png").unlink()
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        summary = run_batch(
            BatchConfig(inp, out, dask=cluster.scheduler_address, pipeline_factory=fake_pipeline)
        )
        assert len(cluster.workers) == 1  # still there for the next client
    assert (summary.done, summary.failed) == (4, 2)
    for rel, mean in means.items():
        doc = json.loads((out / rel).with_suffix(".json").read_text())
        assert (
            doc["pages"][0]["blocks"][0]["lines"][0]["text"]
            == f"{Path(rel).name} page 1 40x30 mean {mean:.1f}"
        )
