"""Text recognition: line crops -> CTC decoding, batched by line width.

Each detected quadrilateral is warped straight to the recogniser's input
height (48 px) from the full-resolution page, so no intermediate copy of the
line is kept. Lines are sorted by width and batched, so a batch pads little.
Vertical lines (much taller than wide) are turned a quarter turn
counter-clockwise, as PaddleOCR does, so their first character comes first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from scan2text.errors import ModelError
from scan2text.ocr.runtime import make_session, normalise

log = logging.getLogger(__name__)

MAX_WIDTH = 4800  # px at height 48: a 100-character line; longer ones are squeezed


@dataclass
class RecResult:
    """Recognised text of one crop, with per-character confidences and x positions (0..1)."""

    text: str
    confidence: float
    char_confidences: list[float] = field(default_factory=list)
    char_positions: list[float] = field(default_factory=list)


def load_dictionary(rec_session: Any, dict_path: Path | None, entry: dict[str, Any]) -> list[str]:
    """The recogniser's character list: blank first, the dictionary, then a space."""
    if dict_path is not None:
        text = dict_path.read_text(encoding="utf-8")
        chars = [c.rstrip("\r\n") for c in text.split("\n")]
        if chars and chars[-1] == "":
            chars.pop()
    else:
        meta = rec_session.get_modelmeta().custom_metadata_map
        if "character" not in meta:
            raise ModelError("recognition model has no 'character' metadata and no dictionary file", entry.get("file"))
        chars = meta["character"].splitlines()
    chars = ["<blank>", *chars, " "]
    n_out = rec_session.get_outputs()[0].shape[-1]
    if isinstance(n_out, int) and n_out != len(chars):
        raise ModelError(
            f"dictionary has {len(chars) - 2} characters but the model predicts {n_out - 2}", entry.get("file")
        )
    return chars


def crop_line(image: np.ndarray, quad: np.ndarray, height: int = 48) -> np.ndarray:
    """Warp a quadrilateral of ``image`` to an upright strip ``height`` px tall."""
    q = np.asarray(quad, np.float32)
    w = max(float(np.linalg.norm(q[0] - q[1])), float(np.linalg.norm(q[3] - q[2])), 1.0)
    h = max(float(np.linalg.norm(q[0] - q[3])), float(np.linalg.norm(q[1] - q[2])), 1.0)
    vertical = h >= 1.5 * w
    if vertical:
        # Read top-to-bottom: rotate so the top of the column becomes the left.
        q = np.array([q[1], q[2], q[3], q[0]], np.float32)
        w, h = h, w
    out_w = int(min(max(round(w * height / h), 8), MAX_WIDTH))
    dst = np.array([[0, 0], [out_w, 0], [out_w, height], [0, height]], np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(image, m, (out_w, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


class Recogniser:
    """PP-OCR CTC recogniser."""

    def __init__(self, model_path: Path, entry: dict[str, Any], dict_path: Path | None, threads: int = 0) -> None:
        self.session = make_session(model_path, threads)
        self.input_name = self.session.get_inputs()[0].name
        self.spec = entry.get("input", {})
        self.height = int(self.spec.get("height", 48))
        self.chars = load_dictionary(self.session, dict_path, entry)

    def recognise(self, strips: list[np.ndarray], batch_size: int = 16) -> list[RecResult]:
        """Recognise greyscale strips (already ``height`` px tall)."""
        results: list[RecResult | None] = [None] * len(strips)
        order = sorted(range(len(strips)), key=lambda i: strips[i].shape[1])
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            width = max(strips[i].shape[1] for i in idx)
            width = max(width, 32)
            batch = np.zeros((len(idx), self.height, width, 3), np.uint8)
            pad = np.zeros((len(idx),), np.int32)
            for k, i in enumerate(idx):
                s = strips[i]
                batch[k, :, : s.shape[1]] = s[:, :, None] if s.ndim == 2 else s
                pad[k] = s.shape[1]
            x = normalise(batch, self.spec)
            # Padding becomes 0 after normalisation (mid-grey), as PaddleOCR pads.
            for k in range(len(idx)):
                x[k, :, :, pad[k] :] = 0.0
            probs = self.session.run(None, {self.input_name: x})[0]
            for k, i in enumerate(idx):
                results[i] = self._decode(probs[k], pad[k] / width)
        return [r if r is not None else RecResult("", 0.0) for r in results]

    def _decode(self, probs: np.ndarray, used: float) -> RecResult:
        steps = probs.shape[0]
        best = probs.argmax(axis=1)
        conf = probs.max(axis=1)
        text: list[str] = []
        confs: list[float] = []
        pos: list[float] = []
        prev = 0
        for t in range(steps):
            c = int(best[t])
            if c != 0 and c != prev:
                text.append(self.chars[c] if c < len(self.chars) else "")
                confs.append(float(conf[t]))
                pos.append(((t + 0.5) / steps) / max(used, 1e-6))
            prev = c
        mean = float(np.mean(confs)) if confs else 0.0
        return RecResult("".join(text), mean, confs, [min(p, 1.0) for p in pos])
