"""Shared fixtures: the shared/ folder beside the repo, small page images made on the fly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
CJK_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; fails (does not skip) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need the shared/ folder beside the repository")
    return path


@pytest.fixture(scope="session")
def text_page() -> np.ndarray:
    """A 1600x2000 greyscale page of four columns of Chinese text, made with Noto Serif CJK."""
    font = ImageFont.truetype(CJK_SERIF, 30, index=2)
    im = Image.new("L", (1600, 2000), 255)
    d = ImageDraw.Draw(im)
    text = "全县创建全国文明城市动员会召开明确年创建工作重点动员全县上下进一步统一思想凝聚共识"
    for col in range(4):
        for row in range(40):
            start = (row * 7) % 20
            d.text((60 + col * 380, 60 + row * 46), text[start : start + 11], font=font, fill=0)
    return np.asarray(im)
