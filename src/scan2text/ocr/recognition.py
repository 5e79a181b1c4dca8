"""Text recognition: line crops -> CTC decoding, batched by line width.

Each detected quadrilateral is warped straight to the recogniser's input
height (48 px) from the full-resolution page, so no intermediate copy of the
line is kept. Lines are sorted by width and batched, so a batch pads little.
Vertical lines (much taller than wide) are turned a quarter turn
counter-clockwise, as PaddleOCR does, so their first character comes first.

The recogniser drops the narrow spaces of CJK type (``白今明 报道``,
``（记者 孙强）``, a headline set in two phrases). Ideographs sit on a
regular pitch, so such a space shows twice: as a CTC step gap clearly wider
than the line's pitch, and as a run of blank columns in the crop that is
wider than the side bearings of two ideographs. :func:`restore_cjk_spaces`
puts the space back where both show (see the thresholds below).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from scan2text.errors import ModelError
from scan2text.ocr.runtime import make_session, normalise, run_model
from scan2text.textnorm import is_han

log = logging.getLogger(__name__)

BATCH_COLUMNS = 8 * 1024  # padded width x lines per batch: bounds the activation memory
MAX_WIDTH = 4800  # px at height 48: a 100-character line; longer ones are squeezed

# A space between two ideographs: their CTC positions are at least this many
# times the line's pitch apart (the median distance of the other ideograph
# pairs; narrow CJK spaces are a third to a half em, CTC positions move by
# a sixth of an em in PP-OCRv5 and up to a quarter in PP-OCRv6, whose peak
# falls one step later on some glyphs) ...
SPACE_PITCH = 1.2
# ... or, in a line with too few ideograph pairs to know its pitch, this many
# times the ink height of the line (an ideograph's advance is about one em) ...
SPACE_EM = 1.45
# ... and blank columns between them at least this wide, in ink heights.
# Ideographs with white inside (上, 川, 八) can show half an em of white
# between them, but they keep to the pitch.
SPACE_BLANK = 0.5


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
            raise ModelError(
                "recognition model has no 'character' metadata and no dictionary file", entry.get("file")
            )
        chars = meta["character"].splitlines()
    chars = ["<blank>", *chars, " "]
    n_out = rec_session.get_outputs()[0].shape[-1]
    if isinstance(n_out, int) and n_out != len(chars):
        raise ModelError(
            f"dictionary has {len(chars) - 2} characters but the model predicts {n_out - 2}",
            entry.get("file"),
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
    return cv2.warpPerspective(
        image, m, (out_w, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def _batches(order: list[int], widths: list[int], batch_size: int) -> Iterator[list[int]]:
    """Split width-sorted ``order`` into batches of at most ``batch_size`` lines and
    ``BATCH_COLUMNS`` padded columns (lines x widest line), so that a batch of
    page-wide lines needs no more activation memory than one of short lines."""
    start = 0
    while start < len(order):
        end = start + 1
        while (
            end < len(order) and end - start < batch_size and (end - start + 1) * widths[end] <= BATCH_COLUMNS
        ):
            end += 1
        yield order[start:end]
        start = end


class Recogniser:
    """PP-OCR CTC recogniser."""

    def __init__(
        self, model_path: Path, entry: dict[str, Any], dict_path: Path | None, threads: int = 0
    ) -> None:
        self.session = make_session(model_path, threads)
        self.input_name = self.session.get_inputs()[0].name
        self.spec = entry.get("input", {})
        self.height = int(self.spec.get("height", 48))
        self.chars = load_dictionary(self.session, dict_path, entry)

    def recognise(self, strips: list[np.ndarray], batch_size: int = 16) -> list[RecResult]:
        """Recognise greyscale strips (already ``height`` px tall)."""
        results: list[RecResult | None] = [None] * len(strips)
        order = sorted(range(len(strips)), key=lambda i: strips[i].shape[1])
        for idx in _batches(order, [strips[i].shape[1] for i in order], batch_size):
            width = max(max(strips[i].shape[1] for i in idx), 32)
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
            probs = run_model(self.session, {self.input_name: x})[0]
            for k, i in enumerate(idx):
                results[i] = restore_cjk_spaces(self._decode(probs[k], pad[k] / width), strips[i])
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


def cjk_space_gaps(text: str, positions: list[float], strip: np.ndarray) -> list[int]:
    """Indices ``i`` of the ideograph pairs ``text[i], text[i + 1]`` that a space separates on the crop.

    ``positions`` are the characters' CTC positions (0..1 along ``strip``,
    one per character); ``strip`` is the greyscale crop the line was read
    from. Only pairs of ideographs are judged: Latin words get their spaces
    from the model, and CJK punctuation takes its own white.
    """
    if len(positions) != len(text) or len(text) < 2:
        return []
    pairs = [i for i in range(len(text) - 1) if is_han(text[i]) and is_han(text[i + 1])]
    if not pairs:
        return []
    grey = strip if strip.ndim == 2 else cv2.cvtColor(strip, cv2.COLOR_BGR2GRAY)
    if grey.dtype != np.uint8:
        grey = np.clip(grey, 0, 255).astype(np.uint8)
    h, w = grey.shape[:2]
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = np.nonzero(ink.sum(axis=1) >= max(2, 0.01 * w))[0]
    if len(rows) == 0:
        return []
    em = float(rows[-1] - rows[0] + 1)
    # A column is blank with at most one ink pixel (specks), away from the crop's edges.
    margin = 2 if h > 8 else 0
    filled = ink[margin : h - margin].sum(axis=0) >= 2
    xs = [p * w for p in positions]
    gaps = {i: xs[i + 1] - xs[i] for i in pairs}
    out: list[int] = []
    for i in pairs:
        others = [gaps[j] for j in pairs if j != i]
        if len(others) >= 2:
            wide = gaps[i] >= SPACE_PITCH * float(np.median(others))
        else:
            wide = gaps[i] >= SPACE_EM * em
        if not wide:
            continue
        a, b = max(int(xs[i]), 0), min(int(np.ceil(xs[i + 1])), w)
        blank = run = 0
        for f in filled[a:b]:
            run = 0 if f else run + 1
            blank = max(blank, run)
        if blank >= SPACE_BLANK * em:
            out.append(i)
    return out


def restore_cjk_spaces(result: RecResult, strip: np.ndarray) -> RecResult:
    """``result`` with a space put back between the ideographs that :func:`cjk_space_gaps` finds apart.

    The space gets the position half-way between its neighbours and the
    lower of their confidences, so the per-character lists stay aligned.
    """
    where = set(cjk_space_gaps(result.text, result.char_positions, strip))
    if not where:
        return result
    text: list[str] = []
    confs: list[float] = []
    pos: list[float] = []
    has_confs = len(result.char_confidences) == len(result.text)
    for i, ch in enumerate(result.text):
        text.append(ch)
        pos.append(result.char_positions[i])
        if has_confs:
            confs.append(result.char_confidences[i])
        if i in where:
            text.append(" ")
            pos.append((result.char_positions[i] + result.char_positions[i + 1]) / 2)
            if has_confs:
                confs.append(min(result.char_confidences[i], result.char_confidences[i + 1]))
    kept = confs if has_confs else list(result.char_confidences)
    return RecResult("".join(text), result.confidence, kept, pos)
