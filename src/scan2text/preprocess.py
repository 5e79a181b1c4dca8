"""Page preprocessing: skew estimation and correction, quarter turns, the coordinate transform.

Skew is found from the centres of the page's glyphs (connected components):
projected on the right axis, the glyphs of one text line fall into the same
few bins, so the projection is sharpest at the true skew. A coarse search over
``±max_skew`` is refined to 0.02 degree steps, which resolves skew to within
0.1 degree on text pages.
"""

from __future__ import annotations

import logging
import math

import cv2
import numpy as np

from scan2text.document import Transform

log = logging.getLogger(__name__)

WORK_SIDE = 3000  # long side of the copy the skew is measured on


def _glyph_centres(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """Centres of glyph-sized connected components, and their median height."""
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 41, 15)
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


def estimate_skew(grey: np.ndarray, max_skew: float = 15.0) -> float:
    """Skew of the text lines in degrees, positive when lines rise to the right."""
    scale = min(1.0, WORK_SIDE / max(grey.shape[:2]))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    pts, med_h = _glyph_centres(small)
    if len(pts) < 50 or med_h <= 0:
        log.info("too few glyphs to measure skew; assuming 0")
        return 0.0
    if len(pts) > 40000:
        pts = pts[np.random.default_rng(0).choice(len(pts), 40000, replace=False)]
    bin_size = max(1.0, med_h / 4)
    coarse = np.arange(-max_skew, max_skew + 1e-9, 0.2)
    best = float(coarse[int(np.argmax(_sharpness(pts, coarse, bin_size)))])
    fine = np.arange(best - 0.3, best + 0.3 + 1e-9, 0.02)
    sharp = _sharpness(pts, fine, bin_size)
    # Average the top of the peak: the maximum alone jitters by a step or two.
    top = sharp >= sharp.max() - 0.02 * (sharp.max() - sharp.min())
    return float(np.mean(fine[top]))


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


def make_transform(rotation: int, skew: float, orig_w: int, orig_h: int, deskew_matrix: np.ndarray) -> Transform:
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
