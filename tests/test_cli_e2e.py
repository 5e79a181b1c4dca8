"""`scan2text run` end to end: real models, a good page and a corrupt one in the same call."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scan2text.errors import ExitCode

pytestmark = pytest.mark.e2e


def test_run_reports_bad_file_and_keeps_good_output(tmp_path: Path, text_page: np.ndarray) -> None:
    good = tmp_path / "good page.png"  # a space in the name on purpose
    Image.fromarray(text_page).save(good)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)  # a JPEG header and nothing else
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "scan2text", "run", str(bad), str(good), "-o", str(out), "-q", "--no-articles"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == ExitCode.input_file, proc.stderr
    assert "broken.jpg" in proc.stderr
    data = json.loads((out / "good page.json").read_text(encoding="utf-8"))
    assert data["schema"] == "scan2text/page-tree/1"
    lines = [ln for b in data["pages"][0]["blocks"] for ln in b["lines"]]
    assert len(lines) >= 150  # the page has 160 printed lines
    assert not list(out.glob("broken*"))
    assert not list(out.glob(".*tmp"))  # no temporary files left behind
