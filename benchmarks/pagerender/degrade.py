"""Making a clean page look scanned: bleed-through, skew, uneven light, blur, noise, JPEG artefacts.

The ground truth stays in the coordinates of the clean, unskewed page; the
skew is recorded with the 2x3 affine ``matrix`` that maps those coordinates to
pixels of the degraded image, in the form of ``scan2text.document.Transform``
(processed page -> original scan).
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np

from benchmarks.pagerender.spec import Degradation


def skew_matrix(width: int, height: int, angle: float) -> tuple[np.ndarray, int, int]:
    """The 2x3 map from page pixels to a canvas that holds the page turned by ``angle`` degrees.

    Positive angles turn the page counter-clockwise as seen, so its text lines
    rise to the right. The canvas grows so that no corner is cut off.
    """
    m = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw = int(math.ceil(height * sin + width * cos))
    nh = int(math.ceil(height * cos + width * sin))
    m[0, 2] += nw / 2 - width / 2
    m[1, 2] += nh / 2 - height / 2
    return m, nw, nh


def degrade(page: np.ndarray, deg: Degradation, seed: int) -> tuple[np.ndarray, dict[str, Any]]:
    """The degraded image of a clean greyscale page and the transform record for its ground truth."""
    rng = np.random.default_rng(seed)
    h, w = page.shape
    img: np.ndarray = page.astype(np.float32)
    paper = float(np.percentile(page, 99))
    if deg.bleed > 0:
        # The back of the sheet shows through mirrored, softened by the paper.
        back = cv2.GaussianBlur(cv2.flip(page, 1), (0, 0), 2.0).astype(np.float32)
        dy, dx = int(rng.integers(-40, 40)), int(rng.integers(-40, 40))
        back = np.roll(back, (dy, dx), axis=(0, 1))
        img *= 1.0 - deg.bleed * (1.0 - back / 255.0)
    m, nw, nh = skew_matrix(w, h, deg.skew)
    if abs(deg.skew) > 1e-6:
        img = cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=paper)
    if deg.illumination > 0:
        # A smooth field: darker towards one corner, as under a scanner lid or a camera.
        # Computed on a coarse grid and enlarged: it has no detail to lose.
        sh, sw = max(2, nh // 16), max(2, nw // 16)
        yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
        cx, cy = rng.uniform(0, sw), rng.uniform(0, sh)
        dist = np.hypot(xx - cx, yy - cy) / math.hypot(sw, sh)
        field = cv2.resize(
            (1.0 - deg.illumination * dist).astype(np.float32), (nw, nh), interpolation=cv2.INTER_LINEAR
        )
        img *= field
    if deg.blur > 0:
        img = cv2.GaussianBlur(img, (0, 0), deg.blur)
    if deg.noise > 0:
        img += rng.normal(0.0, deg.noise, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if deg.jpeg_quality is not None:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(deg.jpeg_quality)])
        decoded = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if ok else None
        if decoded is not None:
            out = decoded
    transform = {
        "rotation": 0,
        "skew": deg.skew,
        "original_width": nw,
        "original_height": nh,
        "matrix": [[float(v) for v in row] for row in m],
    }
    return out, transform


def map_point(transform: dict[str, Any], x: float, y: float) -> tuple[float, float]:
    """Where the clean-page point (x, y) lies in the degraded image."""
    m = transform["matrix"]
    return m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2]
