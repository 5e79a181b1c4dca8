"""Text detection: the DB detector run in overlapping tiles at full resolution.

FINDINGS.md: shrinking a newspaper page to the detector's usual 960 or 2000 px
loses small text or bridges column gutters, and one whole-page pass needs
memory that grows with the page. So the page is scaled only as far as its
measured text size allows, cut into overlapping tiles, detected tile by tile,
and the boxes of lines cut by tile seams are merged again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from shapely.geometry import Polygon

from scan2text.disjoint import DisjointSets
from scan2text.ocr.runtime import make_session, normalise, run_model

log = logging.getLogger(__name__)


@dataclass
class DetBox:
    """A detected text box: quadrilateral (4x2, clockwise from top-left) and score."""

    quad: np.ndarray
    score: float
    tile: int = 0

    @property
    def x0(self) -> float:
        return float(self.quad[:, 0].min())

    @property
    def x1(self) -> float:
        return float(self.quad[:, 0].max())

    @property
    def y0(self) -> float:
        return float(self.quad[:, 1].min())

    @property
    def y1(self) -> float:
        return float(self.quad[:, 1].max())


def order_quad(pts: np.ndarray) -> np.ndarray:
    """Order 4 points clockwise starting at the top-left one."""
    pts = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    by_x = pts[np.argsort(pts[:, 0])]
    left, right = by_x[:2], by_x[2:]
    tl, bl = left[np.argsort(left[:, 1])]
    tr, br = right[np.argsort(right[:, 1])]
    return np.array([tl, tr, br, bl], dtype=np.float32)


class Detector:
    """PP-OCR DB text detector."""

    def __init__(self, model_path: Any, entry: dict[str, Any], threads: int = 0) -> None:
        self.session = make_session(model_path, threads)
        self.input_name = self.session.get_inputs()[0].name
        self.spec = entry.get("input", {})
        post = entry.get("postprocess", {})
        self.thresh = float(post.get("thresh", 0.3))
        self.box_thresh = float(post.get("box_thresh", 0.5))
        self.unclip_ratio = float(post.get("unclip_ratio", 1.5))
        self.multiple = int(self.spec.get("size_multiple", 32))

    def prob_map(self, bgr: np.ndarray) -> np.ndarray:
        """Run the network on one image; returns the probability map at the image's size."""
        h, w = bgr.shape[:2]
        ph = -(-h // self.multiple) * self.multiple
        pw = -(-w // self.multiple) * self.multiple
        if (ph, pw) != (h, w):
            # Pad with white rather than resizing, so text keeps its size.
            padded = np.full((ph, pw, 3), 255, np.uint8)
            padded[:h, :w] = bgr
            bgr = padded
        x = normalise(bgr[None], self.spec)
        out = run_model(self.session, {self.input_name: x})[0]
        return np.asarray(out[0, 0, :h, :w], dtype=np.float32)

    def boxes_from_map(self, prob: np.ndarray, min_size: float = 3.0) -> list[DetBox]:
        """DB post-processing: threshold, contours, score, unclip."""
        bitmap = (prob > self.thresh).astype(np.uint8)
        contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        out: list[DetBox] = []
        h, w = prob.shape
        for contour in contours:
            if len(contour) < 4:
                continue
            rect = cv2.minAreaRect(contour)
            if min(rect[1]) < min_size:
                continue
            x, y, bw, bh = cv2.boundingRect(contour)
            mask = np.zeros((bh, bw), np.uint8)
            cv2.fillPoly(mask, [contour.reshape(-1, 2) - [x, y]], 1)
            score = float(cv2.mean(prob[y : y + bh, x : x + bw], mask)[0])
            if score < self.box_thresh:
                continue
            quad = cv2.boxPoints(rect)
            poly = Polygon(quad)
            if poly.length == 0:
                continue
            distance = poly.area * self.unclip_ratio / poly.length
            grown = poly.buffer(distance, join_style="mitre")
            if grown.is_empty or grown.geom_type != "Polygon":
                continue
            rect2 = cv2.minAreaRect(np.asarray(grown.exterior.coords, np.float32))
            if min(rect2[1]) < min_size + 2:
                continue
            quad2 = order_quad(cv2.boxPoints(rect2))
            quad2[:, 0] = np.clip(quad2[:, 0], 0, w)
            quad2[:, 1] = np.clip(quad2[:, 1], 0, h)
            out.append(DetBox(quad=quad2, score=score))
        return out

    def detect(self, grey: np.ndarray, scale: float, tile: int, overlap: int) -> list[DetBox]:
        """Detect text on a greyscale page; boxes come back in the page's own pixels."""
        if abs(scale - 1.0) > 1e-3:
            interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
            img = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=interp)
        else:
            img = grey
        bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
        H, W = img.shape[:2]
        boxes: list[DetBox] = []
        step = tile - overlap
        ys = list(range(0, max(H - overlap, 1), step)) or [0]
        xs = list(range(0, max(W - overlap, 1), step)) or [0]
        index = 0
        for ty in ys:
            for tx in xs:
                crop = bgr[ty : min(ty + tile, H), tx : min(tx + tile, W)]
                if crop.size == 0 or float(crop.min()) > 200:
                    index += 1
                    continue  # blank paper: nothing to find, save the network run
                for b in self.boxes_from_map(self.prob_map(crop)):
                    b.quad[:, 0] += tx
                    b.quad[:, 1] += ty
                    b.tile = index
                    boxes.append(b)
                index += 1
        merged = merge_seam_boxes(boxes)
        for b in merged:
            b.quad /= scale
        log.debug("detected %d boxes (%d before seam merge) in %d tiles", len(merged), len(boxes), index)
        return merged


def merge_seam_boxes(boxes: list[DetBox]) -> list[DetBox]:
    """Merge boxes of one text line found in two overlapping tiles.

    Only boxes from *different* tiles are merged, and only when they overlap
    horizontally and share most of their height: two lines of one tile are
    never joined, so neighbouring columns cannot be bridged here.
    """
    n = len(boxes)
    if n == 0:
        return []
    b = np.array([[bx.x0, bx.y0, bx.x1, bx.y1] for bx in boxes], np.float64)
    tiles = np.array([bx.tile for bx in boxes])
    sets = DisjointSets(n)

    heights = b[:, 3] - b[:, 1]
    widths = b[:, 2] - b[:, 0]
    for i in range(n):
        yo = np.minimum(b[i, 3], b[:, 3]) - np.maximum(b[i, 1], b[:, 1])
        xo = np.minimum(b[i, 2], b[:, 2]) - np.maximum(b[i, 0], b[:, 0])
        hmin = np.minimum(heights[i], heights)
        wmin = np.minimum(widths[i], widths)
        cand = (tiles != tiles[i]) & (yo > 0.6 * hmin) & (xo > 0.3 * np.minimum(hmin, wmin))
        cand[: i + 1] = False
        for j in np.nonzero(cand)[0]:
            sets.union(i, int(j))
    out: list[DetBox] = []
    for members in sets.groups():
        if len(members) == 1:
            out.append(boxes[members[0]])
            continue
        pts = np.concatenate([boxes[m].quad for m in members])
        quad = order_quad(cv2.boxPoints(cv2.minAreaRect(pts.astype(np.float32))))
        out.append(DetBox(quad=quad, score=max(boxes[m].score for m in members), tile=boxes[members[0]].tile))
    return out
