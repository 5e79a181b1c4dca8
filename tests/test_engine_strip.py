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
