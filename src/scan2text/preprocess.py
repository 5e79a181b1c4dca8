"""Page preprocessing: skew estimation and correction, quarter turns, the coordinate transform.

Skew is found in two steps. The centres of the page's glyphs (connected
components), projected on the right axis, fall into few bins when the axis
runs along the text lines: a search over ``±max_skew`` for the sharpest
projection gets within a few tenths of a degree. Then single text lines are
found on the nearly level page and a straight line is fitted to each; their
median slope gives the rest, to within 0.1 degree on text pages (measured on
rendered pages in tests/test_preprocess.py).
"""

from __future__ import annotations

import logging
import math

import cv2
import numpy as np

from scan2text.document import Transform

log = logging.getLogger(__name__)

WORK_SIDE = 3000  # long side of the copy the skew is measured on


def _binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to uneven lighting (local mean threshold)."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 41, 15)


def _glyph_centres(binary: np.ndarray) -> tuple[np.ndarray, float]:
    """Centres of glyph-sized connected components, and their median height."""
    n, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return np.zeros((0, 2)), 0.0
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    keep = (h >= 4) & (h <= 120) & (w <= 4 * h) & (w >= 2) & (area >= 8)
    pts = centroids[1:][keep]
    med_h = float(np.median(h[keep])) if keep.any() else 0.0
    return pts, med_h


def _sharpness(pts: np.ndarray, angles_deg: np.ndarray, bin_size: float) -> np.ndarray:
    """Sum of squared bin counts of the glyph centres projected across each angle."""
    out = np.empty(len(angles_deg))
    x, y = pts[:, 0], pts[:, 1]
    for k, a in enumerate(np.radians(angles_deg)):
        proj = y * math.cos(a) + x * math.sin(a)
        counts = np.bincount(((proj - proj.min()) / bin_size).astype(np.int64))
        out[k] = float(np.dot(counts, counts))
    return out


def _projection_skew(pts: np.ndarray, med_h: float, max_skew: float) -> float:
    """Skew to within a few tenths of a degree from the sharpest projection of glyph centres."""
    bin_size = max(1.0, med_h / 4)
    coarse = np.arange(-max_skew, max_skew + 1e-9, 0.2)
    best = float(coarse[int(np.argmax(_sharpness(pts, coarse, bin_size)))])
    fine = np.arange(best - 0.3, best + 0.3 + 1e-9, 0.02)
    return float(fine[int(np.argmax(_sharpness(pts, fine, bin_size)))])


def _line_fit_residual(binary: np.ndarray, angle: float, med_h: float) -> tuple[float, int]:
    """Remaining skew after turning by ``angle``: the median slope of single text lines.

    The projection is sharpest where lines of *different* columns, set at
    different heights, happen to share bins, which biases it by up to 0.2
    degree. A straight line fitted to the ink of one text line at a time has
    no such bias: lines are found by smearing glyphs together horizontally on
    the nearly level page, and each long one gives one slope.
    """
    level, _ = deskew(255 - binary, angle)
    ink = (level < 128).astype(np.uint8)
    k = max(3, int(round(med_h * 1.2)))
    joined = cv2.dilate(ink, np.ones((1, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    slopes: list[float] = []
    weights: list[int] = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < 10 * med_h or not 0.5 * med_h <= h <= 2.5 * med_h:
            continue
        ys, xs = np.nonzero((labels[y : y + h, x : x + w] == i) & (ink[y : y + h, x : x + w] > 0))
        if len(xs) < 50:
            continue
        slopes.append(float(np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]))
        weights.append(w)
    if len(slopes) < 5:
        return 0.0, len(slopes)
    s, wt = np.array(slopes), np.array(weights, np.float64)
    order = np.argsort(s)
    cum = np.cumsum(wt[order])
    median = float(s[order][int(np.searchsorted(cum, cum[-1] / 2))])
    # y grows downwards: a line falling to the right has a positive slope, i.e. negative skew.
    return -math.degrees(math.atan(median)), len(slopes)


def estimate_skew(grey: np.ndarray, max_skew: float = 15.0) -> float:
    """Skew of the text lines in degrees, positive when lines rise to the right."""
    scale = min(1.0, WORK_SIDE / max(grey.shape[:2]))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    binary = _binarise(small)
    pts, med_h = _glyph_centres(binary)
    if len(pts) < 50 or med_h <= 0:
        log.info("too few glyphs to measure skew; assuming 0")
        return 0.0
    if len(pts) > 40000:
        pts = pts[np.random.default_rng(0).choice(len(pts), 40000, replace=False)]
    angle = _projection_skew(pts, med_h, max_skew)
    residual, n_lines = _line_fit_residual(binary, angle, med_h)
    log.debug("skew %.3f from projection, %+.3f from %d fitted lines", angle, residual, n_lines)
    return angle + residual


def rotate_quarter(grey: np.ndarray, rotation: int) -> np.ndarray:
    """Turn an image clockwise by 0, 90, 180 or 270 degrees."""
    k = {0: 0, 90: -1, 180: 2, 270: 1}[rotation % 360]
    return np.ascontiguousarray(np.rot90(grey, k)) if k else grey


def _quarter_matrix(rotation: int, w: int, h: int) -> np.ndarray:
    """3x3 map from original pixels to pixels of the image turned clockwise by ``rotation``."""
    r = rotation % 360
    if r == 0:
        return np.eye(3)
    if r == 90:  # (x, y) -> (h - 1 - y, x)
        return np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], float)
    if r == 180:
        return np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], float)
    return np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], float)  # 270


def deskew(grey: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """Rotate by ``-angle`` degrees onto a canvas that keeps every pixel; returns image and 3x3 map."""
    h, w = grey.shape[:2]
    if abs(angle) < 0.02:
        return grey, np.eye(3)
    # cv2 angles are counter-clockwise; lines rising to the right are levelled clockwise.
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(math.ceil(h * sin + w * cos)), int(math.ceil(h * cos + w * sin))
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(grey, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)
    return out, np.vstack([m, [0, 0, 1]])


def make_transform(
    rotation: int, skew: float, orig_w: int, orig_h: int, deskew_matrix: np.ndarray
) -> Transform:
    """The processed -> original map of a page turned by ``rotation`` and deskewed."""
    forward = deskew_matrix @ _quarter_matrix(rotation, orig_w, orig_h)
    back = np.linalg.inv(forward)
    return Transform(
        rotation=rotation,
        skew=skew,
        original_width=orig_w,
        original_height=orig_h,
        matrix=[list(map(float, back[0])), list(map(float, back[1]))],
    )


# Background cleaning. The paper's brightness is estimated locally (the
# brightest pixels in a window a few columns wide, on a 1/8 copy); a pixel
# lighter than WHITE_CUT of its paper becomes white, one darker than
# KEEP_BELOW keeps its value, and those between are blended towards white.
# Print showing through from the back of a thin sheet, paper texture and
# foxing are lighter than WHITE_CUT; ink, even faded, is darker, and is left
# as it was (compare the background normalisation of OCRopus's nlbin, which
# flattens the page and clips it at a high percentile).
WHITE_CUT = 0.82
KEEP_BELOW = 0.70
_BG_ZOOM = 8
# Window of the paper estimate, as a share of the page's shorter side.
_BG_WINDOW = 0.06
# The paper estimate never falls below this share of the page's own paper
# level: inside a large photo the local maximum is the photo, not paper.
_BG_FLOOR = 0.7


def clean_background(grey: np.ndarray) -> np.ndarray:
    """The page with its paper made white: show-through, texture and stains removed, ink kept as it was.

    Bilevel and blank pages come back unchanged; the mapping is monotonic
    under a given paper level (darker stays darker).
    """
    if grey.ndim != 2 or grey.size == 0:
        return grey
    h, w = grey.shape
    small = cv2.resize(grey, (max(1, w // _BG_ZOOM), max(1, h // _BG_ZOOM)), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    if paper < 32:
        return grey  # a dark page or a negative: nothing to clean
    k = max(3, int(_BG_WINDOW * min(h, w) / _BG_ZOOM) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    bg = cv2.dilate(cv2.medianBlur(small, 3), kernel)
    bg = cv2.blur(bg, (k, k)).astype(np.float32)
    np.maximum(bg, _BG_FLOOR * paper, out=bg)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    g = grey.astype(np.float32)
    # How far each pixel is on the way from KEEP_BELOW to WHITE_CUT of its paper (0..1).
    t = g / bg
    t -= KEEP_BELOW
    t *= 1.0 / (WHITE_CUT - KEEP_BELOW)
    np.clip(t, 0.0, 1.0, out=t)
    g += (255.0 - g) * t
    return g.astype(np.uint8)
