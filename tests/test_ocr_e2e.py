"""End-to-end OCR with the real PP-OCR models on rendered pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from scan2text.inputs import PageImage
from scan2text.options import Options
from scan2text.pipeline import Pipeline

pytestmark = pytest.mark.e2e

TEXT = "全县创建全国文明城市动员会召开明确年创建工作重点动员全县上下进一步统一思想凝聚共识"


def expected_lines() -> list[str]:
    """The lines conftest.text_page draws: 4 columns x 40 rows of 11 characters."""
    return [TEXT[(row * 7) % 20 :][:11] for _ in range(4) for row in range(40)]


def recall(got: str, want: str) -> float:
    a, b = Counter(got.replace("\n", "")), Counter(want.replace("\n", ""))
    return sum((a & b).values()) / sum(b.values())


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Options(articles=False))


def _page(pipeline: Pipeline, img: np.ndarray) -> tuple[list[str], dict]:
    page = pipeline.process_image(PageImage(source=Path("t.png"), index=0, image=img, dpi=300))
    return [ln.text for ln in page.lines()], page.processing


def test_clean_page_read_in_full(pipeline: Pipeline, text_page: np.ndarray) -> None:
    lines, proc = _page(pipeline, text_page)
    assert recall("\n".join(lines), "\n".join(expected_lines())) >= 0.98
    assert proc["rotation"] == 0 and abs(proc["skew"]) < 0.1


def test_no_line_lost_or_doubled_at_tile_seams(text_page: np.ndarray) -> None:
    """Tiles of 512 px cut through many lines; each printed line must come back exactly once."""
    pipe = Pipeline(Options(articles=False, tile_size=512, tile_overlap=128, detect_orientation=False))
    lines, _ = _page(pipe, text_page)
    assert len(lines) == len(expected_lines())
    got, want = Counter(lines), Counter(expected_lines())
    assert sum((got & want).values()) >= 0.95 * len(want)


@pytest.mark.parametrize("rotation", [180, 90, 270])
def test_turned_pages_are_turned_back(pipeline: Pipeline, text_page: np.ndarray, rotation: int) -> None:
    # np.rot90 turns counter-clockwise; a page turned clockwise by r needs r back.
    k = {90: -1, 180: 2, 270: 1}[rotation]
    turned = np.ascontiguousarray(np.rot90(text_page, k))
    lines, proc = _page(pipeline, turned)
    assert proc["rotation"] == (360 - rotation) % 360
    assert recall("\n".join(lines), "\n".join(expected_lines())) >= 0.95


def test_skewed_page_is_deskewed_and_read(pipeline: Pipeline, text_page: np.ndarray) -> None:
    h, w = text_page.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 4.0, 1.0)
    skewed = cv2.warpAffine(text_page, m, (w, h), borderValue=255)
    lines, proc = _page(pipeline, skewed)
    assert proc["skew"] == pytest.approx(4.0, abs=0.1)
    assert recall("\n".join(lines), "\n".join(expected_lines())) >= 0.97


def test_run_file_through_the_library(tmp_path: Path, pipeline: Pipeline, text_page: np.ndarray) -> None:
    path = tmp_path / "page.tif"
    Image.fromarray(text_page).save(path, dpi=(300, 300))
    doc = pipeline.process_file(path)
    assert len(doc.pages) == 1 and doc.pages[0].dpi == pytest.approx(300, abs=1)
    first = next(doc.pages[0].lines())
    assert len(first.polygon) == 4 and first.text_size > 20 and 0 < first.confidence <= 1


def test_vertical_chinese_page_is_read_top_to_bottom(pipeline: Pipeline) -> None:
    """Columns of upright glyphs read top to bottom, right to left: not mistaken for a turned page."""
    from PIL import ImageDraw, ImageFont

    from tests.conftest import CJK_SERIF

    font = ImageFont.truetype(CJK_SERIF, 30, index=2)
    im = Image.new("L", (1600, 1400), 255)
    d = ImageDraw.Draw(im)
    columns = [TEXT[(c * 7) % 20 :][:35] for c in range(30)]
    for c, s in enumerate(columns):
        for k, ch in enumerate(s):
            d.text((1520 - c * 48, 60 + k * 36), ch, font=font, fill=0)
    page = pipeline.process_image(PageImage(source=Path("v.png"), index=0, image=np.asarray(im), dpi=300))
    assert page.processing["rotation"] == 0 and page.vertical
    lines = list(page.lines())
    assert sum(ln.direction == "ttb" for ln in lines) >= 0.9 * len(lines)
    assert recall("".join(ln.text for ln in lines), "".join(columns)) >= 0.97
    # Reading top to bottom: some line must start with its column's first three characters.
    assert any(ln.text.startswith(col[:3]) for ln in lines for col in columns)


def test_real_vertical_page_with_wide_columns_is_not_turned(pipeline: Pipeline) -> None:
    """Shen Bao, first issue (1872), read in place from ../shared: columns of classical Chinese,
    top to bottom, right to left, the detector's column boxes half again as wide as the glyphs.
    Whole columns read as well turned a quarter as a sideways page's lines; cells of one character
    tell the two apart. The opening column of the paper's first notice is known text:
    "今天下可傳之事甚多矣" ("Of the things in the world worth handing down, there are many")."""
    from tests.conftest import shared_path

    image = cv2.imread(str(shared_path("corpus", "real", "shenbao_1872", "test.png")), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    crop = np.ascontiguousarray(image[1100:4400, 2900:5100])
    page = pipeline.process_image(PageImage(source=Path("shenbao.png"), index=0, image=crop, dpi=300))
    assert page.processing["rotation"] == 0 and page.vertical
    lines = list(page.lines())
    assert sum(ln.direction == "ttb" for ln in lines) >= 0.8 * len(lines)
    assert any(ln.text.startswith("今天下可傳之事甚多矣") for ln in lines)


def test_show_through_is_not_read_with_background_cleaning() -> None:
    """Print on the back of a thin sheet shows through mirrored and light (14% of the paper's
    darkness, as on the degraded bench pages). Read as is, the detector takes it for more text at
    the end of each line; with ``clean_background`` only the front's lines come back."""
    from PIL import ImageDraw, ImageFont

    fonts = "/usr/share/fonts/truetype/liberation2/"

    def sheet(lines: list[tuple[str, int, str, int]]) -> np.ndarray:
        im = Image.new("L", (1800, 700), 255)
        d = ImageDraw.Draw(im)
        for text, y, face, size in lines:
            d.text((40, y), text, font=ImageFont.truetype(fonts + face, size), fill=0)
        return np.asarray(im)

    front_lines = [
        ("Council approves water tower", 40, "LiberationSans-Bold.ttf", 84),
        (
            "The town council voted on Monday to repair the old water tower on Hill",
            200,
            "LiberationSerif-Regular.ttf",
            34,
        ),
        ("Street, which has leaked since the storms of last spring.", 250, "LiberationSerif-Regular.ttf", 34),
    ]
    back_lines = [
        ("Dairy farmers squeezed by low prices", 40, "LiberationSans-Bold.ttf", 84),
        (
            "Milk prices fell for the third month in a row, and farmers in the county",
            215,
            "LiberationSerif-Regular.ttf",
            34,
        ),
        (
            "say that they cannot keep their herds at these prices for long.",
            265,
            "LiberationSerif-Regular.ttf",
            34,
        ),
    ]
    back = cv2.GaussianBlur(cv2.flip(sheet(back_lines), 1), (0, 0), 2.0).astype(np.float32)
    page = (sheet(front_lines).astype(np.float32) * 0.92 * (1 - 0.14 * (1 - back / 255))).astype(np.uint8)
    pipe = Pipeline(Options(articles=False, clean_background=True))
    lines, proc = _page(pipe, page)
    assert proc["background_cleaned"] is True
    assert lines == [text for text, *_ in front_lines]
