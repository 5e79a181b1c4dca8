"""Geometry for the XML exporters: mapping to the scan's pixels, and word boxes.

The page tree holds geometry in pixels of the *processed* page (after rotation
and deskew). ALTO, PAGE-XML and METS reference the *original* scan, so the
exporters map every point through ``Page.transform`` (:class:`CoordMap`). When
the transform is the identity (no rotation, no skew) this changes nothing.

:func:`line_words` splits a line into the words that ALTO writes as
``String`` elements: ``Line.words`` when the recogniser gave them, else the
line's text split at white space. A Chinese line without spaces therefore
becomes one ``String`` (one recognised segment); the recogniser gives no word
boundaries for Chinese, and inventing them (one ``String`` per character, or a
word segmenter) would put boxes into the archive that nobody measured. Boxes
of words split from a line's text are estimated by giving each character an
equal share of the line's extent along its direction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from scan2text.document import BBox, Block, Line, Page, Point

_IDENTITY = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0))


class CoordMap:
    """Maps processed-page points to pixels of the scan the XML files reference."""

    def __init__(self, page: Page) -> None:
        t = page.transform
        matrix = tuple(tuple(float(v) for v in row) for row in t.matrix)
        self.identity = matrix == _IDENTITY
        self._m = matrix
        if not self.identity and t.original_width > 0 and t.original_height > 0:
            self.width, self.height = int(t.original_width), int(t.original_height)
        else:
            self.width, self.height = int(page.width), int(page.height)
        # ALTO and PAGE both state how far the text is turned; the tree stores
        # the clockwise turn that levelled it, which is the same angle.
        self.rotation = (t.rotation + t.skew) % 360.0
        if self.rotation > 180.0:
            self.rotation -= 360.0

    def point(self, x: float, y: float) -> Point:
        """One point, clamped to the image so that no coordinate is negative or past the edge."""
        if not self.identity:
            m = self._m
            x, y = m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2]
        return (min(max(x, 0.0), float(self.width)), min(max(y, 0.0), float(self.height)))

    def polygon(self, points: Sequence[Point]) -> list[Point]:
        """Every point of ``points`` mapped."""
        return [self.point(x, y) for x, y in points]

    def box(self, points: Sequence[Point]) -> BBox | None:
        """The axis-aligned box of the mapped ``points``; None when there are none."""
        if not points:
            return None
        return BBox.of_points(self.polygon(points))


def is_rectangle(points: Sequence[Point]) -> bool:
    """True when ``points`` are exactly the corners of their own axis-aligned box."""
    if len(points) != 4:
        return False
    box = BBox.of_points(points)
    return {(round(x), round(y)) for x, y in points} == {(round(x), round(y)) for x, y in box.polygon()}


def points_str(points: Sequence[Point]) -> str:
    """``x1,y1 x2,y2 ...`` with whole, non-negative pixels (PAGE-XML's point syntax, also ALTO's)."""
    return " ".join(f"{max(0, round(x))},{max(0, round(y))}" for x, y in points)


@dataclass
class WordSpan:
    """One word of a line as the exporters write it.

    ``start``/``end`` index the line's text (``-1`` when the word could not be
    found in it); ``polygon`` is in processed-page pixels and empty when
    neither the recogniser nor the line gave geometry.
    """

    text: str
    polygon: list[Point] = field(default_factory=list)
    confidence: float = 1.0
    char_confidences: list[float] = field(default_factory=list)
    start: int = -1
    end: int = -1


def _estimated_polygon(line: Line, start: int, end: int) -> list[Point]:
    """The share of the line's box that characters ``start:end`` of its text take."""
    if not line.has_geometry or not line.text or start < 0:
        return []
    box = line.bbox
    n = len(line.text)
    if line.direction == "ttb":
        y0 = box.y0 + box.height * start / n
        y1 = box.y0 + box.height * end / n
        return BBox(box.x0, y0, box.x1, y1).polygon()
    x0 = box.x0 + box.width * start / n
    x1 = box.x0 + box.width * end / n
    return BBox(x0, box.y0, x1, box.y1).polygon()


def char_map(line: Line) -> list[float | None]:
    """The confidence of each character of ``line.text``; None where it is not known.

    ``Line.char_confidences`` comes either with one value per character of
    the text, or (from the recogniser) with one per character that is not
    white space. Any other length cannot be lined up with the text, and
    attaching values to the wrong characters would be worse than none.
    """
    text, confs = line.text, line.char_confidences
    if len(confs) == len(text):
        return list(confs)
    if len(confs) == sum(1 for ch in text if not ch.isspace()):
        values = iter(confs)
        return [None if ch.isspace() else next(values) for ch in text]
    return [None] * len(text)


def _char_slice(chars: list[float | None], start: int, end: int) -> list[float]:
    """The confidences of characters ``start:end``, or [] unless all of them are known."""
    if start < 0:
        return []
    values = chars[start:end]
    return [v for v in values if v is not None] if values and None not in values else []


def line_words(line: Line) -> list[WordSpan]:
    """The words of ``line`` in reading order, with boxes and confidences (see module docstring)."""
    spans: list[WordSpan] = []
    chars = char_map(line)
    if line.words:
        cursor = 0
        for word in line.words:
            start = line.text.find(word.text, cursor) if word.text else -1
            end = start + len(word.text) if start >= 0 else -1
            if start >= 0:
                cursor = end
            polygon = list(word.polygon) if len(word.polygon) >= 3 else _estimated_polygon(line, start, end)
            spans.append(
                WordSpan(word.text, polygon, word.confidence, _char_slice(chars, start, end), start, end)
            )
        return spans
    for m in re.finditer(r"\S+", line.text):
        word_chars = _char_slice(chars, m.start(), m.end())
        confidence = sum(word_chars) / len(word_chars) if word_chars else line.confidence
        polygon = _estimated_polygon(line, m.start(), m.end())
        spans.append(WordSpan(m.group(), polygon, confidence, word_chars, m.start(), m.end()))
    return spans


def confidence_digits(confidences: Sequence[float]) -> str:
    """ALTO ``CC``: one digit per character, ``0`` = sure ... ``9`` = unsure, space-separated.

    Digit ``d`` stands for a confidence in ``(1 - (d + 1) / 10, 1 - d / 10]``:
    1.0 to just above 0.9 is ``0``, 0.9 to just above 0.8 is ``1``, ... and
    0.1 or less is ``9``.
    """
    digits = []
    for c in confidences:
        c = min(max(float(c), 0.0), 1.0)
        # The small epsilon keeps 0.9, 0.8, ... (which are inexact in binary)
        # in the bin whose upper bound they are.
        digits.append(str(min(9, int((1.0 - c) * 10 + 1e-9))))
    return " ".join(digits)


def baseline(line: Line) -> list[Point]:
    """An estimated baseline in processed-page pixels; empty without geometry.

    Horizontal lines: a level line at 85 % of the box height (below CJK
    glyphs' feet and above Latin descenders, near enough for both).
    Vertical lines: the column's centre line from top to bottom, as PAGE-XML
    draws baselines of vertical text.
    """
    if not line.has_geometry:
        return []
    box = line.bbox
    if line.direction == "ttb":
        return [(box.cx, box.y0), (box.cx, box.y1)]
    y = box.y0 + 0.85 * box.height
    return [(box.x0, y), (box.x1, y)]


def block_outline(block: Block) -> list[Point]:
    """The block's polygon, else the box around its lines; empty when nothing has geometry."""
    if len(block.polygon) >= 3:
        return list(block.polygon)
    boxes = [ln.bbox for ln in block.lines if ln.has_geometry]
    return BBox.union_all(boxes).polygon() if boxes else []
