"""The batch with the real pipeline (PP-OCR models) on small rendered pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from scan2text.batch import BatchConfig, latest_records, run_batch

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def render(path: Path, font: Path, size: int, lines: list[str]) -> None:
    face = ImageFont.truetype(str(font), size)
    im = Image.new("L", (900, 60 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(im)
    for i, text in enumerate(lines):
        draw.text((40, 40 + 70 * i), text, font=face, fill=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, dpi=(300, 300))


def page_text(path: Path) -> str:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join(ln["text"] for page in doc["pages"] for block in page["blocks"] for ln in block["lines"])


@pytest.mark.e2e
def test_real_pipeline_batch(tmp_path: Path) -> None:
    pytest.importorskip("scan2text.pipeline")
    for font in (SERIF, CJK):
        assert font.is_file(), f"font {font} is missing (apt-get install fonts-liberation2 fonts-noto-cjk)"
    inp, out = tmp_path / "in", tmp_path / "out"
    render(inp / "en.png", SERIF, 36, ["County council approves", "new bridge over the river"])
    render(inp / "zh" / "县报.png", CJK, 40, ["县委召开全体会议", "农业生产取得新成绩"])
    (inp / "zh" / "broken.tif").write_bytes(b"II*\x00 not really a tiff")

    summary = run_batch(BatchConfig(inp, out, jobs=2))

    assert (summary.done, summary.failed, summary.exit_code) == (2, 1, 7)
    en = page_text(out / "en.json")
    assert "new bridge over the river" in en and "County council" in en
    zh = page_text(out / "zh" / "县报.json")
    assert "县委召开全体会议" in zh and "农业生产" in zh
    assert latest_records(out / "manifest.jsonl")["zh/broken.tif"]["error_kind"] == "input_file"
    again = run_batch(BatchConfig(inp, out, jobs=2))
    assert (again.done, again.already_done) == (0, 2)
