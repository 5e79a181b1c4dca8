"""White channels: is a strip of a text row a column gutter, judged by the rows around it?

A gutter leaves a strip of the page open in (nearly) every neighbouring row
set in the same type size, with text on both sides of it. Between words,
each point of a row is covered by a word in most neighbouring rows; a river
of word spaces can stay open over a few rows, but it wanders, so no wide
strip of it is open in all of them. Rows above and rows below are judged
apart: a gutter opens under a headline that crosses it and closes above the
next article's. Rows beyond a horizontal rule belong to another article and
are not consulted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from scan2text.document import BBox
from scan2text.layout.frame import LineIndex, TLine
from scan2text.layout.separators import Rule

# Neighbouring rows considered: this many line heights up and down.
CHANNEL_REACH = 12.0
# A channel must be this wide (line heights; body sizes for the image map) to be a gutter ...
GUTTER_MIN = 0.5
# In the page image a channel is this many body sizes wide and tall: wider than
# the white in a CJK comma's cell (characters stand on a grid, so punctuation
# can line up down a column) and taller than a river of word spaces.
CHANNEL_WIDTH = 0.8
CHANNEL_ROWS = 6.0
# Latin text has no such cells, and papers set in Latin type may run their
# gutters as narrow as half a body size (the Cambridge Chronicle, 1973): a
# channel that narrow counts when it runs straight down this many body sizes,
# further than any river of word spaces.
CHANNEL_WIDTH_LATIN = 0.4
CHANNEL_ROWS_LATIN = 15.0
# Text this close to a channel (line heights) counts as lying beside it.
BESIDE = 3.0
# Lines whose sizes differ by more than this factor are not rows of one text.
SIZE_RATIO = 1.35
# A larger line across this share of a row's stretch is a headline between articles.
HEAD_ACROSS = 0.5


@dataclass
class Rows:
    """Coverage of an x-window by the neighbouring rows of a line, above (-1) and below (+1)."""

    x0: float
    h: float
    above: list[np.ndarray]
    below: list[np.ndarray]

    def px(self, x: float) -> int:
        """Window index of page x (clipped)."""
        width = len(self.above[0]) if self.above else len(self.below[0]) if self.below else 0
        return int(np.clip(round(x - self.x0), 0, width))

    def channel(self, side: list[np.ndarray], r0: int, r1: int, min_rows: int) -> tuple[int, int]:
        """Width of the widest strip within window indices ``r0..r1`` open in this side's rows, and how many rows tell.

        The width is -1 when fewer than ``min_rows`` rows tell.

        Only rows that say something count: rows with text in the strip, or
        with text on both sides of it (a paragraph's short last line that stops
        before the strip does not). A third of them may cross the strip (a
        caption or a headline over the columns).
        """
        reach = int(BESIDE * self.h)
        evidence = [
            c
            for c in side
            if c[r0:r1].any() or (c[max(0, r0 - reach) : r0].any() and c[r1 : r1 + reach].any())
        ]
        if len(evidence) < min_rows or r1 <= r0:
            return -1, len(evidence)
        free = np.sum([c[r0:r1] for c in evidence], axis=0) <= 0.4 * len(evidence)
        return _longest_run(free), len(evidence)

    def open_strips(
        self, side: list[np.ndarray], r0: int, r1: int, min_rows: int, min_width: float
    ) -> list[tuple[int, int]]:
        """Strips within window indices ``r0..r1`` open in this side's rows, with text on both sides in them.

        For a line that may run across a gutter: the rows that count are those
        with text within the range; a strip must be open in all but a few of
        the rows that have text on both sides of it.
        """
        reach = int(BESIDE * self.h)
        rows = [c for c in side if c[r0:r1].any()]
        if len(rows) < min_rows or r1 <= r0:
            return []
        counts = np.sum([c[r0:r1] for c in rows], axis=0)
        strips = []
        for a, b in true_runs(np.asarray(counts <= len(rows) / 3)):
            a, b = a + r0, b + r0
            if b - a < min_width:
                continue
            sided = [c for c in rows if c[max(0, a - reach) : a].any() and c[b : b + reach].any()]
            # A row crosses the strip when it covers its middle (ragged ends of
            # detector boxes nibble at its edges). Rows merged across the same
            # gutter cross it too; allow a few more of them.
            q = (b - a) // 4
            if len(sided) >= min_rows and np.sum([c[a + q : b - q].any() for c in sided]) <= 0.4 * len(sided):
                strips.append((a, b))
        return strips


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    out: list[tuple[int, int]] = []
    start = None
    for i, v in enumerate(mask):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(mask)))
    return out


def _longest_run(mask: np.ndarray) -> int:
    best = run = 0
    for v in mask:
        run = run + 1 if v else 0
        best = max(best, run)
    return best


def rule_across(ya: float, yb: float, x0: float, x1: float, rules: Sequence[Rule]) -> bool:
    """True when a horizontal rule (or box edge) between heights ``ya`` and ``yb`` runs under most of ``x0..x1``."""
    lo, hi = min(ya, yb), max(ya, yb)
    for r in rules:
        # The rule must run under (most of) the stretch in question.
        if r.kind == "vertical" or min(r.box.x1, x1) - max(r.box.x0, x0) < 0.8 * (x1 - x0):
            continue
        ys = [r.box.cy] if r.kind == "horizontal" else [r.box.y0, r.box.y1]
        if any(lo < y < hi for y in ys):
            return True
    return False


def neighbour_rows(
    row: BBox,
    size: float,
    lines: LineIndex,
    rules: Sequence[Rule],
    x0: float,
    x1: float,
    skip: Sequence[TLine],
    reach: float = CHANNEL_REACH,
) -> Rows:
    """Coverage of ``x0..x1`` (widened by :data:`BESIDE` line heights) by the rows around ``row``.

    Rows up to ``reach`` line heights away count, but none beyond a horizontal
    rule or a line of display type under most of the stretch.
    """
    h = row.height
    lo, hi = x0 - BESIDE * h, x1 + BESIDE * h
    width = max(int(np.ceil(hi - lo)), 1)
    band = lines.band(row.y0 - reach * h, row.y1 + reach * h)
    # Display type under most of the stretch (a headline) starts another
    # article, as a rule does.
    barriers = [
        ln.box.cy
        for ln in band
        if not ln.cross
        and ln.size > SIZE_RATIO * size
        # (its middle off the row: a headline's descenders reach into the
        # box of the first row under it)
        and not row.y0 <= ln.box.cy <= row.y1
        and ln.box.x_overlap(BBox(x0, row.y0, x1, row.y1)) >= HEAD_ACROSS * (x1 - x0)
    ]
    found: list[TLine] = []
    for ln in band:
        if ln.cross or any(ln is s for s in skip):
            continue
        if max(ln.size, size) > SIZE_RATIO * min(ln.size, size):
            continue
        if ln.box.y_overlap(row) > 0.3 * h or ln.box.x1 < lo or ln.box.x0 > hi:
            continue
        if rule_across(ln.box.cy, row.cy, x0, x1, rules) or any(
            min(ln.box.cy, row.cy) < y < max(ln.box.cy, row.cy) for y in barriers
        ):
            continue
        found.append(ln)
    # Rows: lines that overlap the row's first line by half a height (boxes of
    # one printed row differ by a few pixels in height and position).
    heads: list[TLine] = []
    covers: list[np.ndarray] = []
    for ln in sorted(found, key=lambda ln: ln.box.cy):
        k = next(
            (
                i
                for i, head in enumerate(heads)
                if ln.box.y_overlap(head.box) >= 0.5 * min(ln.box.height, head.box.height)
            ),
            -1,
        )
        if k < 0:
            heads.append(ln)
            covers.append(np.zeros(width, bool))
        covers[k][int(max(ln.box.x0 - lo, 0)) : int(min(ln.box.x1 - lo, width))] = True
    return Rows(
        x0=lo,
        h=h,
        above=[c for head, c in zip(heads, covers) if head.box.cy < row.cy],
        below=[c for head, c in zip(heads, covers) if head.box.cy > row.cy],
    )


# A narrow Latin channel must have text close beside it, on both sides, without
# a break for this share of CHANNEL_ROWS_LATIN: a river of word spaces that
# opens into the white under a column's end, or the white beside a column
# rule, is not flanked so far.
FLANKED = 0.8
# Breaks in the flanking up to this many body sizes tall are bridged.
BRIDGE = 2.0


def _flanked_channels(
    ink: np.ndarray, white: np.ndarray, body: float, width: int, lines: Sequence[BBox] | None = None
) -> np.ndarray:
    """White channels ``width`` wide with text close beside them, on both sides, down CHANNEL_ROWS_LATIN body sizes.

    Where the detector's ``lines`` are given, only ink inside them is text: a
    photo's texture beside a light patch of it is not.
    """
    tall = max(int(CHANNEL_ROWS_LATIN * body), 10)
    # Text ink (not a column rule: a run of ink several body sizes tall), smeared
    # down over the leading, so that a column of text is solid.
    rules = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(3 * body), 3)))
    )
    text = cv2.subtract(ink, rules)
    if lines is not None:
        boxes = np.zeros_like(text)
        for b in lines:
            cv2.rectangle(boxes, (int(b.x0), int(b.y0)), (int(b.x1), int(b.y1)), 255, -1)
        text = cv2.bitwise_and(text, boxes)
    solid = cv2.dilate(text, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(body), 1))))
    # White with text within a body size to its left and to its right.
    reach = max(int(body), 2)
    kernel = np.ones((1, reach), np.uint8)
    left = cv2.dilate(solid, kernel, anchor=(reach - 1, 0))
    right = cv2.dilate(solid, kernel, anchor=(0, 0))
    flanked = ((white > 0) & (left > 0) & (right > 0)).astype(np.uint8)
    # A paragraph's indent or short last line beside the channel leaves it
    # unflanked for a row; bridge such breaks, but only through white paper.
    bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(BRIDGE * body), 3)))
    flanked = cv2.morphologyEx(flanked, cv2.MORPH_CLOSE, bridge) & white
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (width, max(int(FLANKED * tall), 10)))
    return cv2.morphologyEx(flanked, cv2.MORPH_OPEN, rect)


class GutterMap:
    """Tall white channels of the page image: gutters, whatever the detector's boxes say.

    The paper between two columns stays white from row to row; a box that the
    detector ran across a gutter does not change the ink. Opening the mask of
    white paper with a rectangle most of a body size wide and
    several body sizes tall keeps exactly such channels (and margins); spaces
    between words, short last lines and paragraph indents are too narrow or
    too short to survive. On a ``latin`` page, narrower channels with text
    close on both sides all the way down are gutters too (:func:`_flanked_channels`;
    text is the ink inside the detector's ``lines``, where given).
    """

    def __init__(
        self, ink: np.ndarray, body: float, latin: bool = False, lines: Sequence[BBox] | None = None
    ) -> None:
        self.ink = ink
        white = (ink == 0).astype(np.uint8)
        self.body = body
        self.width = max(int(CHANNEL_WIDTH * body), 2)
        tall = max(int(CHANNEL_ROWS * body), 10)
        self.mask = cv2.morphologyEx(
            white, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (self.width, tall))
        )
        if latin:
            self.width = max(int(CHANNEL_WIDTH_LATIN * body), 2)
            self.mask = cv2.bitwise_or(self.mask, _flanked_channels(ink, white, body, self.width, lines))

    def _through(self, xa: int, xb: int, ya: int, yb: int) -> np.ndarray:
        h, w = self.mask.shape[:2]
        ya, yb = max(ya, 0), min(yb, h)
        if yb <= ya:
            return np.zeros(xb - xa, bool)
        return np.asarray(self.mask[ya:yb, xa:xb].all(axis=0))

    def _inked_beside(self, a: int, b: int, ya: int, yb: int) -> bool:
        reach = int(3 * self.body)
        h, w = self.ink.shape[:2]
        ya, yb = max(ya, 0), min(yb, h)
        return (
            yb > ya
            and bool(self.ink[ya:yb, max(a - reach, 0) : a].any())
            and bool(self.ink[ya:yb, b : min(b + reach, w)].any())
        )

    def strips(self, x0: float, x1: float, y0: float, y1: float) -> list[tuple[float, float]]:
        """x-ranges within ``x0..x1`` where a gutter runs through the row ``y0..y1``.

        The channel must cross the row (shrunk by a fifth top and bottom:
        detector boxes overlap the rows next to them) and go on through the
        text row above or below it, with type on both sides there: white
        that only opens into empty space (the cell of a comma under a wide
        margin, the space between a headline's words) is no gutter.
        """
        h, w = self.mask.shape[:2]
        pad, lh = 0.2 * (y1 - y0), y1 - y0
        xa, xb = int(max(np.floor(x0), 0)), int(min(np.ceil(x1), w))
        if xb <= xa or y1 - y0 < 2:
            return []
        through = self._through(xa, xb, int(y0 + pad), int(y1 - pad))
        out = []
        for a, b in true_runs(through):
            if b - a < self.width:
                continue
            a, b = a + xa, b + xa
            for ya, yb in (
                (int(y0 - 1.5 * lh), int(y0 - 0.2 * lh)),
                (int(y1 + 0.2 * lh), int(y1 + 1.5 * lh)),
            ):
                if self._through(a, b, ya, yb).any() and self._inked_beside(a, b, ya, yb):
                    out.append((float(a), float(b)))
                    break
        return out
