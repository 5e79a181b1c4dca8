"""OcrEngine.read strips a line's text and its per-character lists together."""

from __future__ import annotations

from typing import Any

import numpy as np

from scan2text.ocr.detection import DetBox
from scan2text.ocr.engine import OcrEngine
from scan2text.ocr.recognition import RecResult


class _Det:
    def detect(self, grey: np.ndarray, scale: float, tile: int, overlap: int) -> list[DetBox]:
        return [DetBox(quad=np.array([[10, 10], [200, 10], [200, 40], [10, 40]], float), score=0.9)]


class _Rec:
    height = 48

    def recognise(self, strips: list[np.ndarray], batch_size: int = 16) -> list[RecResult]:
        return [RecResult(" ab ", 0.9, [0.1, 0.8, 0.7, 0.2], [0.05, 0.3, 0.6, 0.95])]


def test_leading_and_trailing_spaces_leave_positions_aligned() -> None:
    engine: Any = object.__new__(OcrEngine)
    engine.detector, engine.recogniser = _Det(), _Rec()
    (line,) = engine.read(np.full((60, 240), 255, np.uint8), 1.0, 1024, 128)
    assert line.text == "ab"
    assert line.char_positions == [0.3, 0.6] and line.char_confidences == [0.8, 0.7]


def _line(text: str, x0: float, y0: float, x1: float, y1: float) -> Any:
    from scan2text.ocr.engine import RecognisedLine

    quad = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    return RecognisedLine(quad=quad, text=text, confidence=0.9, vertical=False)


def test_second_reading_of_part_of_a_line_is_dropped() -> None:
    """Page 015: a box for "pproves" inside the box of the whole headline, and (page 002) two boxes
    of one line read alike: only the whole line, once, is kept."""
    from scan2text.ocr.engine import drop_echoes

    head = _line("Council approves water tower", 143, 223, 1687, 368)
    part = _line("pproves", 631, 287, 1054, 351)
    whole = _line("持冬训充电", 1649, 1697, 1995, 1831)
    again = _line("持冬训充电", 1716, 1697, 1989, 1831)
    text = _line("The town council voted on Monday", 143, 400, 1000, 440)
    assert [ln.text for ln in drop_echoes([part, head, again, whole, text])] == [
        "Council approves water tower",
        "持冬训充电",
        "The town council voted on Monday",
    ]
    kept = drop_echoes([part, head, again, whole, text])
    assert kept[1] is whole


def test_line_inside_another_box_with_other_text_is_kept() -> None:
    """A short line that a tilted box of the row above reaches over is not a second reading."""
    from scan2text.ocr.engine import drop_echoes

    tilted = _line("Dairy farmers squeezed by low prices", 100, 100, 1500, 260)
    under = _line("by Ann Lee", 120, 200, 400, 250)
    assert drop_echoes([tilted, under]) == [tilted, under]
