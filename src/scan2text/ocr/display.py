"""Split detector boxes that run two display lines of different headlines together.

The DB detector joins text on one row when the gap is small, and a
newspaper sets headlines of neighbouring articles side by side: "Dairy
farmers squeezed by low | Town hall roof repairs to begin in", or three
Chinese headlines of different sizes across the page. Such a box is read as
one line, its text is shared out later by guesswork, and when the headlines
do not sit on one baseline (a kicker above one of them) the box comes out
tilted over two rows and twice the type size.

The words of one headline share their type: the dense band of each word's
ink (the x-height band in Latin type, the whole glyph in Chinese) starts and
ends on the same rows. Two headlines run together differ there, in size or
in position. So a display box is cut at a white gap where the ink on its two
sides sits in different bands, and each part gets a box of its own ink, to be
recognised on its own. Body text is never touched: only boxes well above the
page's median line height are looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from scan2text.ocr.detection import DetBox

# Only boxes this many median line heights tall, and this many of their own
# heights long, are looked at.
DISPLAY_HEIGHT = 1.6
MIN_LENGTH = 4.0
# A gap is a candidate when at least this share of the type height is white.
GAP_SHARE = 0.35
# Each side of a gap is judged on at least this many type heights of ink.
SIDE_LENGTH = 3.0
# Two bands differ when their baselines are this share of the band height apart.
BAND_SHIFT = 0.22
# A part's box reaches this share of its dense band's height above and below it.
EXTEND = 0.6
# A row belongs to the dense band when it holds this share of the densest row's ink.
CORE_SHARE = 0.35
# A display box reaching this many box heights past the page's dark ink at an
# end (print showing through from the back, which the detector reads as more
# of the line) is cut back to the ink, keeping TRIM_PAD box heights of white.
TRIM_REACH = 0.5
TRIM_PAD = 0.15
# A run of ink this narrow at an end of the box, this far from the rest, is a
# sliver of the neighbouring line's last letter, not part of this line.
SLIVER_WIDTH = 0.35
SLIVER_GAP = 0.6


@dataclass
class _Run:
    """A run of inked columns (a letter, a word, a glyph) inside the box."""

    x0: int
    x1: int
    height: int


def _band(ink: np.ndarray, g: float) -> tuple[float, float] | None:
    """First and last row of the dense band of ``ink`` (rows with a good share of the densest row's ink).

    The row profile is smoothed over a fifth of the type height first, so
    that the strokes of ideographs (dense rows with white between) make one
    band, as the x-height of Latin type does.
    """
    rows = ink.sum(axis=1).astype(np.float64)
    if rows.max() <= 0:
        return None
    k = max(int(round(0.2 * g)), 1)
    rows = np.convolve(rows, np.ones(k) / k, mode="same")
    core = np.flatnonzero(rows >= CORE_SHARE * rows.max())
    # The band is the run of dense rows holding the most ink (not a stray rule
    # or the edge of a neighbouring line).
    breaks = np.flatnonzero(np.diff(core) > max(2, 0.15 * g))
    starts, ends = np.r_[0, breaks + 1], np.r_[breaks, len(core) - 1]
    best = max(range(len(starts)), key=lambda i: rows[core[starts[i]] : core[ends[i]] + 1].sum())
    return float(core[starts[best]]), float(core[ends[best]] + 1)


def _runs(ink: np.ndarray) -> list[_Run]:
    cols = ink.sum(axis=0) >= 2
    out, start = [], None
    for i, v in enumerate([*cols, False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            rows = np.flatnonzero(ink[:, start:i].any(axis=1))
            out.append(_Run(start, i, int(rows[-1] - rows[0] + 1)))
            start = None
    return out


def split_display_box(grey: np.ndarray, box: DetBox) -> list[DetBox]:
    """``box`` cut where two display lines set in different bands were run together ([box] if not)."""
    h_img, w_img = grey.shape[:2]
    x0, y0 = int(max(np.floor(box.x0), 0)), int(max(np.floor(box.y0), 0))
    x1, y1 = int(min(np.ceil(box.x1), w_img)), int(min(np.ceil(box.y1), h_img))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return [box]
    crop = grey[y0:y1, x0:x1]
    if float(crop.std()) < 8:
        return [box]
    _, binary = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    mask = np.zeros(crop.shape, np.uint8)
    cv2.fillPoly(mask, [np.round(box.quad - [x0, y0]).astype(np.int32)], 1)
    ink: np.ndarray = np.asarray(binary, np.uint8) * mask
    # Rules (a separator the box reaches into) are runs far longer than any stroke.
    length = int(2 * min(y1 - y0, x1 - x0)) | 1
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    ink = ink * (1 - np.asarray(rules, np.uint8))
    runs = _runs(ink)
    if len(runs) < 4:
        return [box]
    # Type height: the taller letters' ink (ascenders, capitals, whole ideographs).
    g = float(np.percentile([r.height for r in runs], 75))
    if g < 4:
        return [box]
    cuts = _cuts(ink, runs, 0, len(runs), g)
    if not cuts:
        return [box]
    parts: list[DetBox] = []
    for lo, hi in zip([0, *cuts], [*cuts, len(runs)]):
        part_ink = ink[:, runs[lo].x0 : runs[hi - 1].x1]
        band = _band(part_ink, g)
        if band is None:
            continue
        # The part's rows: its dense band and the ink touching it (ascenders,
        # descenders), not a line above or below that a tilted box reaches into.
        # Ascenders and descenders reach about half the x-height band beyond it.
        inked: np.ndarray = np.asarray(part_ink.any(axis=1))
        r0, r1 = int(band[0]), int(band[1])
        reach_v = int(np.ceil(EXTEND * (band[1] - band[0])))
        top, foot = max(r0 - reach_v, 0), min(r1 + reach_v, len(inked))
        while r0 > top and inked[r0 - 1]:
            r0 -= 1
        while r1 < foot and inked[r1]:
            r1 += 1
        # White beside the part, but no further than half-way to the next part's ink.
        pad = 0.2 * g
        left_pad = pad if lo == 0 else min(pad, (runs[lo].x0 - runs[lo - 1].x1) / 2)
        right_pad = pad if hi == len(runs) else min(pad, (runs[hi].x0 - runs[hi - 1].x1) / 2)
        px0 = max(x0 + runs[lo].x0 - left_pad, 0.0)
        px1 = min(x0 + runs[hi - 1].x1 + right_pad, float(w_img))
        py0 = max(y0 + r0 - pad, 0.0)
        py1 = min(y0 + r1 + pad, float(h_img))
        quad = np.array([[px0, py0], [px1, py0], [px1, py1], [px0, py1]], np.float32)
        parts.append(DetBox(quad=quad, score=box.score, tile=box.tile))
    return parts or [box]


def _cuts(ink: np.ndarray, runs: list[_Run], lo: int, hi: int, g: float) -> list[int]:
    """Run indices (in ``lo..hi``) where a new display line starts.

    Each white gap with at least ``SIDE_LENGTH`` type heights of ink on
    either side is scored by how far apart the baselines of the two sides
    are (the band's foot: descenders are too sparse to count). Of the gaps
    that score near the best, the widest is cut (a word space beside the
    true gap scores the same, its side holding a short word of the other
    headline); then each side is looked at again.
    """
    need = SIDE_LENGTH * g
    scored: list[tuple[float, int, int]] = []
    for k in range(lo + 1, hi):
        gap = runs[k].x0 - runs[k - 1].x1
        if gap < GAP_SHARE * g or runs[k - 1].x1 - runs[lo].x0 < need or runs[hi - 1].x1 - runs[k].x0 < need:
            continue
        a = _band(ink[:, runs[lo].x0 : runs[k - 1].x1], g)
        b = _band(ink[:, runs[k].x0 : runs[hi - 1].x1], g)
        if a is None or b is None:
            continue
        shift = abs(a[1] - b[1]) / max(a[1] - a[0], b[1] - b[0], 1.0)
        if shift > BAND_SHIFT:
            scored.append((shift, gap, k))
    if not scored:
        return []
    best = max(sh for sh, _, _ in scored)
    _, _, k = max((gap, -k, k) for sh, gap, k in scored if sh >= 0.8 * best)
    return [*_cuts(ink, runs, lo, k, g), k, *_cuts(ink, runs, k, hi, g)]


def trim_to_ink(grey: np.ndarray, box: DetBox, dark: float) -> DetBox:
    """``box`` cut back at either end to the page's dark ink (pixels below ``dark``), if it reaches far past it."""
    h_img, w_img = grey.shape[:2]
    x0, y0 = int(max(np.floor(box.x0), 0)), int(max(np.floor(box.y0), 0))
    x1, y1 = int(min(np.ceil(box.x1), w_img)), int(min(np.ceil(box.y1), h_img))
    height = y1 - y0
    if x1 - x0 < 8 or height < 8:
        return box
    # The middle rows: the box's own line, not the edge of a line above or below.
    runs = _runs((grey[y0 + height // 5 : y1 - height // 5, x0:x1] < dark).astype(np.uint8))
    if not runs:
        return box  # no dark ink at all: left to the layout stage's show-through test
    # Narrow runs of ink far out at the ends are slivers.
    while (
        len(runs) > 1
        and runs[0].x1 - runs[0].x0 < SLIVER_WIDTH * height
        and runs[1].x0 - runs[0].x1 >= SLIVER_GAP * height
    ):
        runs.pop(0)
    while (
        len(runs) > 1
        and runs[-1].x1 - runs[-1].x0 < SLIVER_WIDTH * height
        and runs[-1].x0 - runs[-2].x1 >= SLIVER_GAP * height
    ):
        runs.pop()
    reach = TRIM_REACH * height
    first, last = x0 + runs[0].x0, x0 + runs[-1].x1
    if first - box.x0 < reach and box.x1 - last < reach:
        return box
    pad = TRIM_PAD * height
    nx0 = max(box.x0, first - pad) if first - box.x0 >= reach else box.x0
    nx1 = min(box.x1, last + pad) if box.x1 - last >= reach else box.x1
    quad = np.array([[nx0, box.y0], [nx1, box.y0], [nx1, box.y1], [nx0, box.y1]], np.float32)
    return DetBox(quad=quad, score=box.score, tile=box.tile)


def split_display_boxes(grey: np.ndarray, boxes: list[DetBox]) -> list[DetBox]:
    """Every box of the page, with display boxes that run two headlines together cut apart.

    Display boxes are also cut back to the page's dark ink (Otsu's threshold
    over the whole page): print showing through from the back of the sheet
    is far lighter than the front's ink, but the detector may read it as the
    end of a headline ("Council approves water tower" + "retow").
    """
    heights = [min(b.x1 - b.x0, b.y1 - b.y0) for b in boxes]
    if len(heights) < 5:
        return boxes
    median = float(np.median(heights))
    sample = np.ascontiguousarray(grey[::4, ::4])
    dark, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    out: list[DetBox] = []
    for b, hgt in zip(boxes, heights):
        w = b.x1 - b.x0
        if hgt >= DISPLAY_HEIGHT * median and w >= MIN_LENGTH * hgt and w > b.y1 - b.y0:
            out.extend(trim_to_ink(grey, p, float(dark)) for p in split_display_box(grey, b))
        else:
            out.append(b)
    return out
