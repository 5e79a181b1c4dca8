"""Printed rules and box frames, found with morphology on the binarised page.

A rule is a long, thin run of ink: opening the ink mask with a long
horizontal (or vertical) structuring element keeps rules and wipes out text,
whose strokes are short. Every length and thickness here is measured in units
of the page's body text size, so the same code works at 150 and 600 dpi.

Box frames are recognised from the rules themselves: two vertical rules of
the same extent whose ends are joined by two horizontal rules.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from scan2text.document import BBox

log = logging.getLogger(__name__)

# A rule must be this many body-text sizes long; text strokes, even in large
# headlines, are shorter, and so are decorative dashes.
MIN_RULE_LENGTH = 5.0
# ... and at most this thick (relative to the body size); thicker bars are pictures or reverse type.
MAX_RULE_THICKNESS = 0.6
# Pieces of one broken (dashed, worn) rule are joined across gaps up to this (body sizes).
RULE_GAP = 0.6


@dataclass
class Rule:
    """A separator in frame coordinates: ``kind`` is horizontal, vertical or box."""

    kind: str
    box: BBox

    @property
    def length(self) -> float:
        return self.box.width if self.kind == "horizontal" else self.box.height


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink mask (uint8, 255 = ink) of a greyscale page by Otsu's threshold."""
    if gray.ndim != 2:
        raise ValueError(f"expected a greyscale image, got shape {gray.shape}")
    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 16:
        # A blank or nearly uniform page: Otsu would split paper noise into "ink".
        return np.zeros(gray.shape, np.uint8)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _text_mask(shape: tuple[int, int], text_boxes: Sequence[BBox], pad: int) -> np.ndarray:
    """Mask of the recognised lines, padded: detector boxes do not always reach the glyphs' edges."""
    mask = np.zeros(shape, np.uint8)
    for b in text_boxes:
        cv2.rectangle(
            mask,
            (int(b.x0) - pad, int(b.y0) - pad),
            (int(np.ceil(b.x1)) + pad, int(np.ceil(b.y1)) + pad),
            255,
            -1,
        )
    return mask


def _rule_pieces(ink: np.ndarray, horizontal: bool, body: float) -> list[BBox]:
    """Boxes of thin, long ink runs in one direction."""
    length = max(int(MIN_RULE_LENGTH * body), 15)
    gap = max(int(RULE_GAP * body), 3)

    def kernel(n: int) -> np.ndarray:
        return cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if horizontal else (1, n))

    # Close first so that dashed and worn rules become whole; text closed this
    # way turns into thick bars, which the thickness test below rejects.
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel(gap))
    opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel(length))
    n, _, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    max_thick = max(MAX_RULE_THICKNESS * body, 3.0)
    pieces: list[BBox] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        long_side, thick = (w, h) if horizontal else (h, w)
        if long_side < length:
            continue
        # A slightly slanted rule makes a staircase whose box is thicker than the
        # stroke: judge thickness by ink per unit length, not by the box.
        if area / long_side > max_thick:
            continue
        box = BBox(x, y, x + w, y + h)
        if _in_dense_ink(ink, box, horizontal, body):
            continue
        pieces.append(box)
    return pieces


def _in_dense_ink(ink: np.ndarray, box: BBox, horizontal: bool, body: float) -> bool:
    """True when both sides of a rule candidate are mostly ink: a run inside a photo, not a rule.

    A printed rule has paper on at least one side (a frame around a photo has
    the photo on one side only).
    """
    band = max(int(0.4 * body), 2)
    x0, y0, x1, y1 = int(box.x0), int(box.y0), int(box.x1), int(box.y1)
    if horizontal:
        a, b = ink[max(0, y0 - band) : y0, x0:x1], ink[y1 : y1 + band, x0:x1]
    else:
        a, b = ink[y0:y1, max(0, x0 - band) : x0], ink[y0:y1, x1 : x1 + band]
    dens = [float(s.mean()) / 255.0 if s.size else 0.0 for s in (a, b)]
    return min(dens) > 0.35


def _inside_text(piece: BBox, text: np.ndarray) -> bool:
    """True when most of a rule candidate lies on recognised text (a stroke of huge type)."""
    x0, y0, x1, y1 = int(piece.x0), int(piece.y0), int(np.ceil(piece.x1)), int(np.ceil(piece.y1))
    window = text[y0:y1, x0:x1]
    return window.size > 0 and float(window.mean()) / 255.0 > 0.5


def _find_boxes(hs: list[Rule], vs: list[Rule], tol: float) -> tuple[list[Rule], set[int], set[int]]:
    """Rectangles closed by two vertical and two horizontal rules; also which rules they used."""
    boxes: list[Rule] = []
    used_h: set[int] = set()
    used_v: set[int] = set()
    for i, left in enumerate(vs):
        for j, right in enumerate(vs):
            if right.box.cx <= left.box.cx + 4 * tol or j in used_v or i in used_v:
                continue
            if abs(left.box.y0 - right.box.y0) > tol or abs(left.box.y1 - right.box.y1) > tol:
                continue
            top_y = (left.box.y0 + right.box.y0) / 2
            bot_y = (left.box.y1 + right.box.y1) / 2

            def closing(y: float, lx: float = left.box.cx, rx: float = right.box.cx) -> int | None:
                for k, h in enumerate(hs):
                    if abs(h.box.cy - y) <= tol and h.box.x0 <= lx + tol and h.box.x1 >= rx - tol:
                        return k
                return None

            top, bottom = closing(top_y), closing(bot_y)
            if top is None or bottom is None or top == bottom:
                continue
            box = BBox(left.box.x0, min(top_y, hs[top].box.y0), right.box.x1, max(bot_y, hs[bottom].box.y1))
            boxes.append(Rule("box", box))
            used_v.update((i, j))
            # A horizontal rule longer than the box (a page-wide rule that also
            # closes the box) still separates things outside the box: keep it.
            for k in (top, bottom):
                if hs[k].box.width <= box.width + 2 * tol:
                    used_h.add(k)
    return boxes, used_h, used_v


def find_rules(ink: np.ndarray, body: float, text_boxes: Sequence[BBox]) -> list[Rule]:
    """Horizontal rules, vertical rules and box frames on an ink mask (frame coordinates).

    ``body`` is the page's body text size in pixels; ``text_boxes`` are the
    recognised lines, used to reject "rules" that are strokes of very large type.
    """
    text = _text_mask(ink.shape[:2], text_boxes, max(int(0.3 * body), 2))
    hs = [Rule("horizontal", b) for b in _rule_pieces(ink, True, body) if not _inside_text(b, text)]
    vs = [Rule("vertical", b) for b in _rule_pieces(ink, False, body) if not _inside_text(b, text)]
    tol = max(0.8 * body, 6.0)
    boxes, used_h, used_v = _find_boxes(hs, vs, tol)
    rules = (
        boxes
        + [r for k, r in enumerate(hs) if k not in used_h]
        + [r for k, r in enumerate(vs) if k not in used_v]
    )
    log.debug(
        "rules: %d horizontal, %d vertical, %d boxes",
        len(hs) - len(used_h),
        len(vs) - len(used_v),
        len(boxes),
    )
    return rules


def rule_mask(shape: tuple[int, int], rules: Sequence[Rule], pad: int) -> np.ndarray:
    """A mask covering every rule (box frames as outlines), padded by ``pad`` pixels."""
    mask = np.zeros(shape, np.uint8)
    for r in rules:
        b = r.box
        if r.kind == "box":
            # The outline is drawn centred on the box's edge; the frame's own
            # stroke lies just inside the edge, within ``pad``.
            corners = ((int(b.x0), int(b.y0)), (int(np.ceil(b.x1)), int(np.ceil(b.y1))))
            cv2.rectangle(mask, corners[0], corners[1], 255, 2 * pad + 4)
        else:
            p0 = (int(b.x0) - pad, int(b.y0) - pad)
            p1 = (int(np.ceil(b.x1)) + pad, int(np.ceil(b.y1)) + pad)
            cv2.rectangle(mask, p0, p1, 255, -1)
    return mask
