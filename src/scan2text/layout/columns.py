"""The page's column grid, measured from the body text blocks.

A column is the x-range that column fragments of body text share. Papers mix
grids on one page (an article set two grid columns wide next to narrow
ones), so the grid is the set of distinct ranges that body blocks of some
length occupy, not one even division of the page. Columns are sorted left to
right; ranges of different grids may overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scan2text.layout.frame import TBlock

# Blocks with at least this many lines define columns (short ones can be indented or ragged).
MIN_LINES = 3
# Two blocks are in one column when both their edges agree within this many body sizes.
EDGE_TOL = 1.5


def find_columns(blocks: Sequence[TBlock], body: float) -> list[tuple[float, float]]:
    """Distinct x-ranges of body-text columns (frame coordinates), left to right."""
    tol = EDGE_TOL * body
    ranges = sorted((b.box.x0, b.box.x1) for b in blocks if b.role == "body" and len(b.lines) >= MIN_LINES)
    clusters: list[list[tuple[float, float]]] = []
    for x0, x1 in ranges:
        for c in clusters:
            cx0 = float(np.median([r[0] for r in c]))
            cx1 = float(np.median([r[1] for r in c]))
            if abs(x0 - cx0) <= tol and abs(x1 - cx1) <= tol:
                c.append((x0, x1))
                break
        else:
            clusters.append([(x0, x1)])
    cols = sorted((min(r[0] for r in c), max(r[1] for r in c)) for c in clusters)

    # A range that holds two side-by-side narrower columns is an article set
    # across several grid columns, not a column of the grid.
    def spans_two(c: tuple[float, float]) -> bool:
        inner = [d for d in cols if d != c and d[0] >= c[0] - tol and d[1] <= c[1] + tol]
        return any(b[0] >= a[1] - tol for a in inner for b in inner if a is not b)

    return [c for c in cols if not spans_two(c)]


def assign_columns(blocks: Sequence[TBlock], columns: Sequence[tuple[float, float]]) -> None:
    """Set each text block's ``column`` to the column whose range matches it best (by overlap over union)."""
    for b in blocks:
        b.column = None
        if b.role == "furniture":
            continue
        bx0, bx1 = b.box.x0, b.box.x1
        best, best_iou = None, 0.0
        for i, (c0, c1) in enumerate(columns):
            inter = max(0.0, min(bx1, c1) - max(bx0, c0))
            union = max(bx1, c1) - min(bx0, c0)
            iou = inter / union if union > 0 else 0.0
            if iou > best_iou:
                best, best_iou = i, iou
        if best is not None and best_iou >= 0.6:
            b.column = best
