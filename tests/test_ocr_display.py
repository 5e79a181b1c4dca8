"""Display boxes that run two headlines together are cut apart before recognition (ocr/display.py).

Pages are drawn with OpenCV's Hershey fonts: what is tested is the ink
geometry (white gaps, baselines), not the glyph shapes.
"""

from __future__ import annotations

import cv2
import numpy as np

from scan2text.ocr.detection import DetBox
from scan2text.ocr.display import split_display_box, split_display_boxes, trim_to_ink

FONT = cv2.FONT_HERSHEY_DUPLEX


def _page(texts: list[tuple[str, int, int, float]], size: tuple[int, int] = (600, 2400)) -> np.ndarray:
    """White page with each (text, x, baseline y, scale) drawn in black."""
    img = np.full(size, 255, np.uint8)
    for text, x, y, scale in texts:
        cv2.putText(img, text, (x, y), FONT, scale, 0, thickness=max(int(2 * scale), 1), lineType=cv2.LINE_AA)
    return img


def _box(x0: float, y0: float, x1: float, y1: float) -> DetBox:
    return DetBox(quad=np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32), score=0.9)


def _ink_span(img: np.ndarray, b: DetBox) -> tuple[int, int]:
    """Columns of ink inside a box."""
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    cols = np.flatnonzero((img[y0:y1, x0:x1] < 128).any(axis=0))
    return x0 + int(cols[0]), x0 + int(cols[-1])


def test_two_headlines_on_different_baselines_are_cut_at_the_gap_between_them() -> None:
    # "Dairy farmers squeezed by low" beside "Town hall roof repairs", whose
    # baseline is lower (a kicker sits above it); the detector made one box.
    img = _page([("Dairy farmers squeezed by low", 20, 140, 3.0), ("Town hall roof repairs", 1450, 190, 3.0)])
    (w_left, _), _ = cv2.getTextSize("Dairy farmers squeezed by low", FONT, 3.0, 6)
    box = _box(10, 60, 2390, 230)
    parts = split_display_box(img, box)
    assert len(parts) == 2
    left, right = sorted(parts, key=lambda p: p.x0)
    # The cut falls in the white gap between "low" and "Town", not inside a headline.
    assert left.x1 <= 1450 and right.x0 >= 20 + w_left - 5
    assert _ink_span(img, left)[0] <= 25 and _ink_span(img, right)[1] >= 2300
    # Each part's box sits on its own row: the right one lower.
    assert right.y1 > left.y1 + 30


def test_one_headline_with_word_spaces_is_left_whole() -> None:
    img = _page([("May with new vendors at the market", 20, 140, 3.0)])
    box = _box(10, 60, 2000, 180)
    assert split_display_box(img, box) == [box]


def test_same_baseline_is_not_cut_even_across_a_wide_gap() -> None:
    # Two parts of one headline set on one baseline with a wide space between
    # (the two-part Chinese headline pattern): nothing tells them apart.
    img = _page([("Council approves", 20, 140, 3.0), ("water tower repairs", 1100, 140, 3.0)])
    box = _box(10, 60, 2200, 180)
    assert split_display_box(img, box) == [box]


def test_a_rule_through_the_box_does_not_set_the_band() -> None:
    # A separator rule under the tops of the letters, inside the box: the
    # parts are still found, and neither part's box is stretched to the rule.
    img = _page([("Dairy farmers squeezed by low", 20, 160, 3.0), ("Town hall roof repairs", 1450, 210, 3.0)])
    cv2.line(img, (0, 70), (2399, 70), 0, 4)
    parts = split_display_box(img, _box(10, 62, 2390, 250))
    assert len(parts) == 2
    assert all(p.y0 > 72 for p in parts)


def test_body_lines_are_not_looked_at() -> None:
    # Only boxes well above the page's median line height are candidates.
    lines = [(f"text line number {i} of the column", 20, 40 + 30 * i, 0.7) for i in range(8)]
    img = _page(lines + [("Dairy farmers squeezed by low", 20, 450, 3.0), ("Town hall roof", 1450, 500, 3.0)])
    boxes = [_box(15, 22 + 30 * i, 700, 46 + 30 * i) for i in range(8)]
    boxes.append(_box(10, 370, 2300, 540))
    out = split_display_boxes(img, boxes)
    assert out[:8] == boxes[:8]
    assert len(out) == 10


def test_box_reaching_over_show_through_is_cut_back_to_the_ink() -> None:
    """Page 015: print from the back of the sheet shows through, mirrored and light, beside a
    headline and beyond the last letter of the neighbouring headline; the detector read all of it
    as one line ("beTrove of old a ult ee"). The box is cut back to the headline's dark ink."""
    img = _page([("Trove of old", 400, 140, 3.0), ("er", 20, 140, 3.0)])
    ghost = np.full_like(img, 255)
    cv2.putText(ghost, "Ice fishing derby set", (120, 140), FONT, 3.0, 0, thickness=6, lineType=cv2.LINE_AA)
    ghost = cv2.flip(ghost, 1)
    ghost[:, :400] = np.flip(ghost[:, :400], 1)
    light = (255 - 0.15 * (255 - ghost.astype(np.float32))).astype(np.uint8)  # grey 217 at darkest
    img = np.minimum(img, light)
    (w_head, _), _ = cv2.getTextSize("Trove of old", FONT, 3.0, 6)
    (w_er, _), _ = cv2.getTextSize("er", FONT, 3.0, 6)
    # The box starts on the neighbour's last stroke and runs on over the ghost print.
    box = _box(20 + w_er - 12, 60, 1500, 160)
    dark = 128.0
    trimmed = trim_to_ink(img, box, dark)
    pad = 0.15 * 100
    assert 400 - pad - 8 <= trimmed.x0 <= 400 and 400 + w_head <= trimmed.x1 <= 400 + w_head + pad + 8
    assert (trimmed.y0, trimmed.y1) == (box.y0, box.y1)


def test_box_fitting_its_ink_is_not_trimmed() -> None:
    img = _page([("Town hall roof repairs", 40, 140, 3.0)])
    (w, _), _ = cv2.getTextSize("Town hall roof repairs", FONT, 3.0, 6)
    box = _box(30, 60, 40 + w + 10, 160)
    assert trim_to_ink(img, box, 128.0) is box
    # A box over nothing but light grey (all show-through) is left to the layout stage.
    ghost = np.full((200, 1200), 215, np.uint8)
    box = _box(10, 10, 1100, 110)
    assert trim_to_ink(ghost, box, 128.0) is box
