"""Spaces between ideographs restored from CTC positions and the crop's blank columns (scan2text.ocr.recognition)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scan2text.ocr.recognition import Recogniser, RecResult, cjk_space_gaps, restore_cjk_spaces
from scan2text.textnorm import normalise_spaces

EM = 36  # ink height of the synthetic glyphs, px (the strip is 48 px tall, as the recogniser's crops)
TOP = 6


def _strip(cells: list[tuple[int, list[tuple[int, int]]]], width: int) -> np.ndarray:
    """A white 48 px strip with black bars: each cell is (left x, [(bar x0, bar x1) relative to it])."""
    img = np.full((48, width), 255, np.uint8)
    for left, bars in cells:
        for x0, x1 in bars:
            img[TOP : TOP + EM, left + x0 : left + x1] = 0
    return img


SOLID = [(2, 34)]  # an ideograph filling its em square but for the side bearings
THREE_BARS = [(3, 7), (15, 20), (28, 33)]  # 川: white inside the character
RIGHT_HALF = [(18, 34)]  # ink on the right half only: over half an em of white before it


def _line(
    gaps_before: dict[int, int], n: int, glyph: list[tuple[int, int]] = SOLID
) -> tuple[np.ndarray, list[float]]:
    """``n`` glyphs on a pitch of one em, with extra white before the glyphs named in ``gaps_before``."""
    lefts, x = [], 4
    for k in range(n):
        x += gaps_before.get(k, 0)
        lefts.append(x)
        x += EM
    width = x + 4
    strip = _strip([(left, glyph) for left in lefts], width)
    return strip, [(left + EM / 2) / width for left in lefts]


def test_regular_pitch_has_no_space() -> None:
    strip, pos = _line({}, 8)
    assert cjk_space_gaps("全县创建全国文明", pos, strip) == []


@pytest.mark.parametrize("extra", [14, 18, 36])  # a third of an em, half an em, a full em
def test_wide_gap_is_a_space(extra: int) -> None:
    strip, pos = _line({4: extra}, 8)
    assert cjk_space_gaps("凝心聚力真抓实干", pos, strip) == [3]


def test_narrow_gap_is_no_space() -> None:
    # A sixth of an em more than the pitch: CTC jitter, not a space.
    strip, pos = _line({4: 6}, 8)
    assert cjk_space_gaps("凝心聚力真抓实干", pos, strip) == []


def test_white_inside_characters_on_the_pitch_is_no_space() -> None:
    # Characters like 川, 八, 上 show wide blank columns, but keep to the pitch.
    strip, pos = _line({}, 8, THREE_BARS)
    assert cjk_space_gaps("川川川川川川川川", pos, strip) == []


def test_white_beside_a_character_on_the_pitch_is_no_space() -> None:
    lefts = [4 + k * EM for k in range(8)]
    strip = _strip(
        [(left, RIGHT_HALF if k == 4 else SOLID) for k, left in enumerate(lefts)], lefts[-1] + EM + 4
    )
    pos = [(left + EM / 2) / strip.shape[1] for left in lefts]
    assert cjk_space_gaps("全县上下进一步统", pos, strip) == []


def test_wide_pitch_without_white_is_no_space() -> None:
    # A character the recogniser skipped leaves a wide CTC gap, but its ink fills the columns.
    strip, pos = _line({}, 8)
    del pos[4]
    assert cjk_space_gaps("凝心聚力抓实干", pos, strip) == []


def test_short_line_measures_against_the_ink_height() -> None:
    # Two ideograph pairs are too few for a pitch: the gap is measured in ems.
    strip, pos = _line({1: 22}, 3)
    assert cjk_space_gaps("员吴昊", pos, strip) == [0]
    strip, pos = _line({}, 3)
    assert cjk_space_gaps("员吴昊", pos, strip) == []
    # A little extra white (a letter-spaced name, a character with white at its side) is no space.
    lefts = [4, 4 + EM + 8, 4 + 2 * EM + 8]
    strip = _strip([(lefts[0], SOLID), (lefts[1], RIGHT_HALF), (lefts[2], SOLID)], lefts[2] + EM + 4)
    pos = [(left + EM / 2) / strip.shape[1] for left in lefts]
    assert cjk_space_gaps("刘上畅", pos, strip) == []


def test_only_ideograph_pairs() -> None:
    # Punctuation takes its own white; Latin letters get spaces from the model.
    strip, pos = _line({2: 30, 5: 30}, 7)
    assert cjk_space_gaps("记者，孙强AB", pos, strip) == []


def test_restore_keeps_lists_aligned() -> None:
    strip, pos = _line({4: 20}, 8)
    res = RecResult("凝心聚力真抓实干", 0.9, [0.9, 0.8, 0.9, 0.7, 0.95, 0.9, 0.9, 0.9], pos)
    out = restore_cjk_spaces(res, strip)
    assert out.text == "凝心聚力 真抓实干"
    assert len(out.char_positions) == len(out.char_confidences) == len(out.text)
    assert pos[3] < out.char_positions[4] < pos[4]
    assert out.char_confidences[4] == 0.7
    assert out.confidence == 0.9
    unchanged = restore_cjk_spaces(RecResult("全县创建", 0.9, [0.9] * 4, _line({}, 4)[1]), _line({}, 4)[0])
    assert unchanged.text == "全县创建"


# ----------------------------------------------------------------------------- the real recogniser

CJK_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def _render(parts: list[str], gap_em: float, size: int = 40) -> np.ndarray:
    """Text pieces set one after another with ``gap_em`` of white between them, as a 48 px strip."""
    font = ImageFont.truetype(CJK_SERIF, size, index=2)
    width = int(sum(font.getlength(p) for p in parts) + gap_em * size * (len(parts) - 1) + size)
    im = Image.new("L", (width, int(size * 1.5)), 255)
    d = ImageDraw.Draw(im)
    x = size / 2
    for p in parts:
        d.text((x, size * 0.2), p, font=font, fill=0)
        x += font.getlength(p) + gap_em * size
    arr = np.asarray(im)
    return cv2.resize(arr, (round(arr.shape[1] * 48 / arr.shape[0]), 48), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="module")
def recogniser() -> Recogniser:
    if not Path(CJK_SERIF).exists():
        pytest.fail(f"{CJK_SERIF} is missing: install fonts-noto-cjk (`make system-deps`)")
    from scan2text.options import Options
    from scan2text.pipeline import Pipeline

    return Pipeline(Options(articles=False)).engine.recogniser


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("parts", "gap"),
    [
        (["陶瓷文化的魅力。白今明", "报道"], 0.4),
        (["（李得胜", "朱亚旭）"], 0.5),
        (["凝心聚力谋思路", "真抓实干开新局"], 1.0),
        (["（记者", "黄敏", "通讯员", "孙强）"], 0.4),
    ],
)
def test_real_recogniser_restores_spaces(recogniser: Recogniser, parts: list[str], gap: float) -> None:
    (res,) = recogniser.recognise([_render(parts, gap)])
    # A full em of white the model reads itself, as an ideographic space (the pipeline writes it as " ").
    assert normalise_spaces(res.text) == " ".join(parts)


@pytest.mark.e2e
@pytest.mark.parametrize(
    "text",
    [
        "全县上下进一步统一思想、凝聚共识",
        "川流不息八方来客，儿童小区上班",
        "（刘畅）",
        "本报讯（记者刘洋）",
        "推动项目早日建成达效",
    ],
)
def test_real_recogniser_adds_no_space(recogniser: Recogniser, text: str) -> None:
    (res,) = recogniser.recognise([_render([text], 0.0)])
    assert not any(c.isspace() for c in res.text)
