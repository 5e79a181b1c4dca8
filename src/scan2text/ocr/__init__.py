"""Text detection and recognition with PaddleOCR's PP-OCR models on onnxruntime."""

from __future__ import annotations

from scan2text.ocr.engine import OcrEngine, RecognisedLine

__all__ = ["OcrEngine", "RecognisedLine"]
