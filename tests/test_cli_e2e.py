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


def test_run_issue_links_a_story_continued_on_a_later_page(tmp_path: Path) -> None:
    """Two page files of one issue, named by page number (1 and 3, page 2 not scanned), and a corrupt
    one: `run --issue` reads the pages into one document, links the story continued from page 1 on
    page 3, writes it once in JSON Lines, and reports the corrupt file without losing the rest."""
    from tests.test_continuations import _story
    from tests.test_layout_kit import PageBuilder

    story_1 = ["Work on the bridge over Willow Creek will start in the spring, the council said on Monday."]
    story_3 = ["The council expects the work to be finished before the winter and the road to reopen."]

    def draw(headline: str, texts: list[str], jump: str, jump_first: bool, path: Path) -> None:
        pb = PageBuilder(1400, 1200)
        _story(pb, 60, headline, texts, jump, jump_first)
        Image.fromarray(pb.page()[1]).save(path)

    draw(
        "Willow Creek bridge repairs to start",
        story_1 * 3,
        "(Continued on page 3)",
        False,
        tmp_path / "herald_0001.png",
    )
    draw("Willow Creek bridge", story_3 * 3, "(Continued from page 1)", True, tmp_path / "herald_0003.png")
    bad = tmp_path / "herald_0002.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    out = tmp_path / "out"
    files = [str(tmp_path / f"herald_000{k}.png") for k in (1, 2, 3)]
    proc = subprocess.run(
        [sys.executable, "-m", "scan2text", "run", *files, "--issue", "herald-1973-01-04", "-o", str(out), "-q",
         "--format", "json,jsonl,mets"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == ExitCode.input_file, proc.stderr
    assert "herald_0002.png" in proc.stderr
    data = json.loads((out / "herald-1973-01-04.json").read_text(encoding="utf-8"))
    assert len(data["pages"]) == 2
    first, third = ([a for a in p["articles"]] for p in data["pages"])
    assert [a["continued_on"] for a in first] == ["3"] and [a["continued_from"] for a in third] == ["1"]
    assert data["metadata"]["continuations"] == [
        [[data["pages"][0]["id"], first[0]["id"]], [data["pages"][1]["id"], third[0]["id"]]]
    ]
    records = [json.loads(s) for s in (out / "herald-1973-01-04.articles.jsonl").read_text().splitlines()]
    assert len(records) == 1 and records[0]["pages"] == [1, 2]
    assert records[0]["headline"] == "Willow Creek bridge repairs to start"
    assert "finished before the winter" in records[0]["text"]
    assert (out / "herald-1973-01-04.mets.xml").exists()
    assert not list(out.glob("herald_000*"))  # no per-file outputs in issue mode
