"""Draw what the layout stage understood onto the page image.

Articles get one colour each (translucent fill over their region), blocks are
outlined in the colour of their role, separators are drawn in red, columns as
thin blue bands along the top and bottom edges, and arrows join the blocks of
each article in reading order. The article's number is written at its first
block so that a person can check the page order at a glance.
"""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from scan2text.document import BlockRole, Page
from scan2text.errors import ExportError

log = logging.getLogger(__name__)

# BGR colours per block role.
ROLE_COLOURS: dict[BlockRole, tuple[int, int, int]] = {
    BlockRole.body: (90, 90, 90),
    BlockRole.kicker: (0, 140, 255),
    BlockRole.headline: (0, 0, 220),
    BlockRole.subheadline: (180, 0, 180),
    BlockRole.byline: (0, 160, 0),
    BlockRole.caption: (200, 120, 0),
    BlockRole.furniture: (120, 120, 0),
    BlockRole.unknown: (0, 200, 200),
}


def _article_colour(k: int) -> tuple[int, int, int]:
    # Golden-angle hues keep neighbouring article numbers far apart in colour.
    hue = int((k * 137.508) % 180)
    hsv = np.array([[[hue, 200, 235]]], np.uint8)
    b, g, r = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0]
    return int(b), int(g), int(r)


def _pts(poly: list[tuple[float, float]]) -> np.ndarray:
    return np.array([[round(x), round(y)] for x, y in poly], np.int32).reshape(-1, 1, 2)


def render_overlay(page: Page, image: np.ndarray, path: Path) -> None:
    """Write a PNG of ``image`` with ``page``'s columns, separators, blocks and articles drawn on it."""
    if image.ndim == 2:
        canvas = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    else:
        canvas = image[:, :, :3].copy()
    h, w = canvas.shape[:2]
    thick = max(2, round(max(h, w) / 1500))

    fill = canvas.copy()
    for k, art in enumerate(page.articles):
        for poly in art.region:
            if len(poly) >= 3:
                cv2.fillPoly(fill, [_pts(poly)], _article_colour(k))
    canvas = cv2.addWeighted(fill, 0.3, canvas, 0.7, 0)

    band = max(6, h // 150)
    for x0, x1 in page.columns:
        if page.vertical:
            cv2.rectangle(canvas, (0, round(x0)), (band, round(x1)), (255, 80, 0), -1)
            cv2.rectangle(canvas, (w - band, round(x0)), (w, round(x1)), (255, 80, 0), -1)
        else:
            cv2.rectangle(canvas, (round(x0), 0), (round(x1), band), (255, 80, 0), -1)
            cv2.rectangle(canvas, (round(x0), h - band), (round(x1), h), (255, 80, 0), -1)

    for sep in page.separators:
        if len(sep.polygon) >= 3:
            cv2.polylines(canvas, [_pts(sep.polygon)], True, (0, 0, 255), thick * 2)
    for pic in page.pictures:
        cv2.polylines(canvas, [_pts(pic.polygon)], True, (200, 0, 200), thick * 2)

    centres: dict[str, tuple[int, int]] = {}
    for block in page.blocks:
        if not block.polygon:
            continue
        cv2.polylines(canvas, [_pts(block.polygon)], True, ROLE_COLOURS[block.role], thick)
        box = block.bbox
        centres[block.id] = (round(box.cx), round(box.cy))

    font_scale = max(0.8, max(h, w) / 2500)
    for k, art in enumerate(page.articles):
        colour = _article_colour(k)
        dark = tuple(int(c * 0.5) for c in colour)
        pts = [centres[b] for b in art.block_ids if b in centres]
        for a, b in zip(pts, pts[1:]):
            cv2.arrowedLine(
                canvas,
                a,
                b,
                dark,
                thick * 2,
                tipLength=min(0.3, 40 / max(1.0, float(np.hypot(b[0] - a[0], b[1] - a[1])))),
            )
        if pts:
            x, y = pts[0]
            cv2.putText(
                canvas, str(k + 1), (x, y), cv2.FONT_HERSHEY_SIMPLEX, font_scale * 2, (0, 0, 0), thick * 4
            )
            cv2.putText(
                canvas, str(k + 1), (x, y), cv2.FONT_HERSHEY_SIMPLEX, font_scale * 2, colour, thick * 2
            )

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = cv2.imwrite(str(path), canvas)
    except (OSError, cv2.error) as exc:
        raise ExportError(f"cannot write overlay: {exc}", path) from exc
    if not ok:
        raise ExportError("cannot write overlay (OpenCV could not encode or write the file)", path)
    log.debug("overlay written to %s", path)
