"""The layout frame: one coordinate system in which every page reads like a horizontal one.

Horizontal pages are analysed as they are. Vertical Chinese pages (lines set
top to bottom, lines and blocks advancing right to left, tiers stacked top to
bottom) are turned a quarter turn so that the same analysis applies: in the
frame, a vertical line becomes a horizontal line read left to right, the line
to its left comes below it, and the tier below becomes the column to the right.

The quarter turn maps a page point ``(x, y)`` to the frame point
``(y, W - x)`` where ``W`` is the page width; :meth:`Frame.to_page` undoes it.
Everything the layout stage measures lives in frame coordinates until the
results are written back into the page tree.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from scan2text.document import BBox, Line, Point


@dataclass(frozen=True)
class Frame:
    """The map between page coordinates and layout-frame coordinates."""

    vertical: bool
    page_width: int
    page_height: int

    @property
    def width(self) -> int:
        """Width of the frame in pixels."""
        return self.page_height if self.vertical else self.page_width

    @property
    def height(self) -> int:
        """Height of the frame in pixels."""
        return self.page_width if self.vertical else self.page_height

    def image(self, image: np.ndarray) -> np.ndarray:
        """The page image as the frame sees it (a view, not a copy, for vertical pages)."""
        # np.rot90(k=1) gives out[i, j] = in[j, W-1-i]: frame row y' is page column W-1-x.
        return np.ascontiguousarray(np.rot90(image, 1)) if self.vertical else image

    def to_frame_point(self, p: Point) -> Point:
        """A page point in frame coordinates."""
        return (p[1], self.page_width - p[0]) if self.vertical else (p[0], p[1])

    def to_page_point(self, p: Point) -> Point:
        """A frame point in page coordinates."""
        return (self.page_width - p[1], p[0]) if self.vertical else (p[0], p[1])

    def to_frame_box(self, box: BBox) -> BBox:
        """A page box in frame coordinates."""
        if not self.vertical:
            return box
        return BBox(box.y0, self.page_width - box.x1, box.y1, self.page_width - box.x0)

    def to_page_box(self, box: BBox) -> BBox:
        """A frame box in page coordinates."""
        if not self.vertical:
            return box
        return BBox(self.page_width - box.y1, box.x0, self.page_width - box.y0, box.x1)

    def to_page_polygon(self, poly: Sequence[Point]) -> list[Point]:
        """A frame polygon in page coordinates."""
        return [self.to_page_point(p) for p in poly]

    def to_frame_polygon(self, poly: Sequence[Point]) -> list[Point]:
        """A page polygon in frame coordinates."""
        return [self.to_frame_point(p) for p in poly]

    def frame_line(self, line: Line) -> Line:
        """A copy of ``line`` with its geometry in frame coordinates (for reflow's indent tests)."""
        if not self.vertical:
            return line
        return Line(
            id=line.id,
            text=line.text,
            polygon=self.to_frame_polygon(line.polygon),
            confidence=line.confidence,
            text_size=line.text_size,
            direction="ltr",
            words=line.words,
            char_confidences=line.char_confidences,
        )


@dataclass(eq=False)
class TLine:
    """A text line as the layout stage works with it: frame box, size, weight, source line.

    Compared by identity: two lines with the same text and box are still two lines.
    """

    line: Line
    box: BBox
    size: float
    ink: float = 0.0
    furniture_kind: str | None = None
    # Lines of the other direction than the page (a vertical headline on a horizontal page).
    cross: bool = False
    # Set in smaller type right under a picture: a caption line, kept out of text blocks.
    caption: bool = False
    # Height of the x-height band of a line of Latin small letters, from its
    # ink (0 where not measured): unlike the box, the same for every line of
    # one type whatever its ascenders, descenders and capitals.
    x_height: float = 0.0
    # Capital height over the text's, for a line set in capitals (0: not in
    # capitals, or not measured; -1: in capitals, too few letters to tell).
    caps: float = 0.0

    @property
    def text(self) -> str:
        return self.line.text


@dataclass(eq=False)
class TBlock:
    """A block under construction: its lines (in reading order) and what was decided about it."""

    id: str
    lines: list[TLine] = field(default_factory=list)
    role: str = "body"
    furniture_kind: str | None = None
    column: int | None = None

    @property
    def box(self) -> BBox:
        return BBox.union_all([ln.box for ln in self.lines])

    @property
    def size(self) -> float:
        """Median text size of the block's lines."""
        return float(np.median([ln.size for ln in self.lines]))

    @property
    def ink(self) -> float:
        """Median ink ratio of the block's lines (a stroke-weight estimate)."""
        return float(np.median([ln.ink for ln in self.lines]))

    @property
    def x_height(self) -> float:
        """Median x-height of the block's measured lines (0 when none was measured)."""
        vals = [ln.x_height for ln in self.lines if ln.x_height > 0]
        return float(np.median(vals)) if vals else 0.0

    @property
    def measured_x_height(self) -> float:
        """The x-height where most of the block's lines were measured (0 otherwise: too little to judge by)."""
        measured = sum(ln.x_height > 0 for ln in self.lines)
        return self.x_height if 2 * measured > len(self.lines) else 0.0

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def box_gap_x(a: BBox, b: BBox) -> float:
    """Horizontal distance between two boxes (0 when they overlap in x)."""
    return max(0.0, max(a.x0, b.x0) - min(a.x1, b.x1))


def box_gap_y(a: BBox, b: BBox) -> float:
    """Vertical distance between two boxes (0 when they overlap in y)."""
    return max(0.0, max(a.y0, b.y0) - min(a.y1, b.y1))


class LineIndex:
    """Lines sorted by height on the page, to find those in a horizontal band quickly.

    The layout tests compare each line with its neighbours; on a page of a
    thousand lines a plain scan of all lines for each one costs seconds.
    """

    def __init__(self, lines: Sequence[TLine]) -> None:
        self.lines = sorted(lines, key=lambda ln: ln.box.y0)
        self._y0 = [ln.box.y0 for ln in self.lines]
        self._tallest = max((ln.box.height for ln in self.lines), default=0.0)

    def band(self, y0: float, y1: float) -> list[TLine]:
        """Lines whose boxes reach into the band ``y0..y1``."""
        lo = bisect.bisect_left(self._y0, y0 - self._tallest)
        hi = bisect.bisect_right(self._y0, y1)
        return [ln for ln in self.lines[lo:hi] if ln.box.y1 >= y0]
