"""Rebuild text lines from the boxes the detector returned: split what straddles a gutter, join pieces.

PP-OCR's detector often returns one box per word on justified English lines
(the stretched spaces break the line apart), and sometimes splits Chinese
lines at wide spaces. Pieces on one row are joined back into one line, but
never across a column gutter or a vertical rule: joining blindly merges
neighbouring columns. The detector also does the opposite now and then: one
box running on across a narrow gutter or a column rule into the next column.
Such boxes are cut at the gutter (:func:`split_straddling`).

Whether a strip of a row is a gutter is judged from the white channels of
the page image and from the rows around it (:mod:`scan2text.layout.channels`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from scan2text.document import BBox, Line, Word
from scan2text.layout.channels import GUTTER_MIN, GutterMap, neighbour_rows, rule_across, true_runs
from scan2text.layout.frame import Frame, LineIndex, TBlock, TLine
from scan2text.layout.roles import body_ink, ink_components, measure_ink
from scan2text.layout.separators import Rule
from scan2text.textnorm import mostly_han

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Pieces whose boxes are at most this far apart (in line heights) are always one line.
TIGHT_GAP = 0.5
# Without neighbouring rows to judge by, join pieces at most this far apart (a gutter is wider).
LONE_GAP = 0.8
# Never join pieces further apart than this, whatever the neighbours say.
MAX_GAP = 3.0
# In display type, white at least this share of the type size parts words.
INK_WORD_GAP = 0.15
# Chinese display pieces on one row are different headlines when their sizes
# differ by this factor or their box edges by this share of the box height.
OTHER_SIZE = 1.12
OTHER_SHIFT = 0.15
# Rows tell of a gutter through a line when this many show it, looking this many
# line heights up and down (not past a rule).
SPLIT_ROWS = 3
SPLIT_REACH = 20.0
# Each part of a cut line is at least this many line heights wide (a column is).
MIN_PART = 2.0
# ... and a line of text over or under it, this many line heights away at most
# past a paragraph's short last line.
CONTINUE_GAP = 2.5
# Where the page image shows the gutter, a part may be as narrow as this many
# line heights (a paragraph's last word).
MIN_PART_SEEN = 1.0
# A box this many times taller than its settled type size ran over two rows.
TALL_BOX = 1.3
# A pixel row of a part holds type when this share of its width is inked; a
# row of type is this many body sizes tall at least.
ROW_INK = 0.02
ROW_MIN = 0.33
# A part whose rows of ink are no taller than this (body sizes), and shorter by
# SIZE_APART than the tallest row of its line, is text beside display type ...
ROW_TEXT = 0.9
SIZE_APART = 1.3
# ... and takes the body size when it runs at least this many body sizes wide.
TEXT_PART = 4.0
# A gap this many type sizes wide inside a display line parts two titles.
DISPLAY_GAP = 1.2
# A line whose strokes are this much heavier than body text's may be display
# type set little larger than text (a bold headline over two columns): it is
# cut at a page gutter only where its own ink leaves white there.
HEAVY_INK = 1.4
HEAVY_GAP = 0.3
# A line of this many characters or more shows its type size by its pitch;
# a line that looks like display type but is set at this many body sizes or
# less by its pitch is text (:func:`settle_sizes`).
SETTLE_CHARS = 8
# A drop cap stands at least this many times the height of the letters after it.
DROP_CAP = 1.6
# ... and its line, running text, is at least this share small letters.
DROP_CAP_LOWER = 0.4
# ... and the rows beside it have letters of one size (medians within this factor).
DROP_CAP_ROWS = 1.3
SETTLE_MAX = 1.1
# A line that the page image shows running across this many column gutters is
# text when its pitch (less the gutters) is this many body sizes or less.
SETTLE_GUTTERS = 1
SETTLE_LOOSE = 1.3
# So does a gap between word pieces this many line heights wide that is this
# many times the line's usual word space.
WIDE_GAP_H = 0.6
WIDE_GAP_SPACES = 3.0
# Two detector boxes of one row may overlap by more than a word space when
# the detector broke a line of display type and grew each box past its ink:
# the right one is a piece of the same line when it runs on at least this many
# line heights past the left one, and overlaps it by under this share of
# the narrower box. Up to SEAM_CHARS characters read twice at the seam are
# dropped, when they fill at least SEAM_FIT of their width of the overlap.
SEAM_RUN_ON = 0.5
SEAM_SIZES = 1.6
SEAM_SHARE = 0.5
SEAM_CHARS = 3
SEAM_FIT = 0.5
# A gutter can be narrower than a word space (typewritten and mimeographed
# papers) and specks in it hide it from the page's gutter map. It still shows
# in the lines around: in at least COLUMN_ROWS rows within COLUMN_REACH line
# heights, above or below, a line of text starts within COLUMN_ALIGN body sizes
# of where the right piece starts, with nothing of its row across the gap.
COLUMN_ROWS = 3
COLUMN_REACH = 8.0
COLUMN_ALIGN = 0.5
# The line beside it in its row ends at most this many body sizes short of it
# (further off, the line starts a paragraph with an indent).
COLUMN_MATE = 1.0
# A line merged across such a gutter is cut in white of its own ink at least
# this many body sizes wide.
COLUMN_WHITE = 0.15
# A paragraph's first line starts up to this many line heights into its
# column (two ideographs, or an em or two of Latin).
PARA_INDENT = 2.2
# Rows merged across such a gutter with no column around to show it (a
# headline above them, an advert below): at least STACK_ROWS rows, one under
# the other, leave white at least STACK_GAP body sizes wide at the same
# place, their ink flush on both sides of it to STACK_FLUSH body sizes (in
# four rows, all but one on each side: a paragraph's short last line, an
# indent). The two parts are columns of one measure: as wide as each other,
# and as wide, to STACK_MEASURE body sizes, as at least STACK_PEERS lines of
# text nearby, more than are as wide as the merged rows. A river
# of word spaces in justified text has ragged edges, and seldom runs down
# the middle of a line. (Between ideographs, set on a grid, the white after
# a comma lines up row after row: there the gap must be STACK_GAP_HAN wide.)
STACK_ROWS = 3
# On the page's column grid (:func:`page_grid`) two rows are enough.
GRID_ROWS = 2
STACK_GAP = 0.4
STACK_GAP_HAN = 0.8
STACK_FLUSH = 0.25
STACK_MEASURE = 0.5
STACK_PEERS = 3
# The page's column grid: a column edge is where at least GRID_LINES lines of
# text start (or end) in a window 2 * GRID_ALIGN body sizes wide; a gutter of
# the grid is an end followed by a start at most GRID_GUTTER body sizes on.
GRID_LINES = 8
GRID_ALIGN = 0.3
GRID_GUTTER = 2.0
# A gutter of the grid counts for a line with GRID_NEAR of the lines that end
# at it, and as many that start at it, within GRID_REACH body sizes above or
# below.
GRID_REACH = 20.0
GRID_NEAR = 3
# Each part of a line cut there is at least this many body sizes wide: a
# column's width, not a word's.
GRID_COLUMN = 6.0


def _same_row(a: TLine, b: TLine) -> bool:
    h = min(a.box.height, b.box.height)
    return a.box.y_overlap(b.box) >= 0.6 * h and max(a.size, b.size) <= 1.35 * min(a.size, b.size)


def _rule_between(a: BBox, b: BBox, rules: Sequence[Rule]) -> bool:
    """True when a vertical rule (or a box side) stands in the gap between two pieces of a row."""
    x0, x1 = a.x1, b.x0
    y0, y1 = min(a.y0, b.y0), max(a.y1, b.y1)
    for r in rules:
        sides = [r.box] if r.kind == "vertical" else []
        if r.kind == "box":
            sides = [
                BBox(r.box.x0, r.box.y0, r.box.x0, r.box.y1),
                BBox(r.box.x1, r.box.y0, r.box.x1, r.box.y1),
            ]
        for s in sides:
            if x0 - 2 <= s.cx <= x1 + 2 and s.y0 < y1 and s.y1 > y0:
                return True
    return False


def _is_gutter(a: TLine, b: TLine, lines: LineIndex, rules: Sequence[Rule]) -> bool | None:
    """Whether the gap between ``a`` and ``b`` is a white channel; None when the rows around say nothing."""
    g0, g1 = sorted((a.box.x1, b.box.x0))
    row = BBox(a.box.x0, min(a.box.y0, b.box.y0), b.box.x1, max(a.box.y1, b.box.y1))
    rows = neighbour_rows(row, (a.size + b.size) / 2, lines, rules, g0, g1, (a, b))
    r0, r1 = rows.px(g0), rows.px(g1)
    said = [rows.channel(side, r0, r1, 2) for side in (rows.above, rows.below)]
    if all(w < 0 for w, _ in said):
        return None
    # One side may see a gutter the other cannot (a headline or caption crosses
    # it there); but when both sides tell and disagree, the side with more
    # rows behind it wins.
    yes = [n for w, n in said if w >= GUTTER_MIN * rows.h]
    no = [n for w, n in said if 0 <= w < GUTTER_MIN * rows.h]
    return bool(yes) and max(yes) >= max(no, default=0)


def _vertical_rules_through(
    box: BBox, rules: Sequence[Rule], pieces: Sequence[BBox] = ()
) -> list[tuple[float, float]]:
    """x-ranges of the vertical rules (and box sides) running through a line's box, away from its ends.

    Near an end of the line a rule counts only where it runs between two of
    the line's word ``pieces``: the detector saw a word (or a smudge it read
    as one) beyond the rule.
    """
    out = []
    for r in rules:
        sides = [r.box] if r.kind == "vertical" else []
        if r.kind == "box":
            t = max(2.0, 0.02 * r.box.width)
            sides = [
                BBox(r.box.x0, r.box.y0, r.box.x0 + t, r.box.y1),
                BBox(r.box.x1 - t, r.box.y0, r.box.x1, r.box.y1),
            ]
        for side in sides:
            if side.y_overlap(box) < 0.5 * box.height or not box.x0 < side.cx < box.x1:
                continue
            between = any(p.x1 <= side.cx for p in pieces) and any(p.x0 >= side.cx for p in pieces)
            if between or box.x0 + box.height < side.cx < box.x1 - box.height:
                # A little white either side: the rule's own ink must stay out of both parts.
                out.append((side.x0 - 3.0, side.x1 + 3.0))
    return out


def _covers(row: Sequence[TLine], part: BBox, indent: float = 0.0) -> bool:
    """Whether the lines of one row cover at least half of ``part`` (a part may span several columns).

    ``indent``: a line counts as starting this much further left (the first
    line of a paragraph, under the last line of the one before).
    """
    return (
        sum(BBox(o.box.x0 - indent, o.box.y0, o.box.x1, o.box.y1).x_overlap(part) for o in row)
        >= 0.5 * part.width
    )


def _continues_column(part: BBox, ln: TLine, lines: LineIndex, heavy: float = 0.0) -> bool:
    """Whether a line of the same size sits right above or below ``part`` (the part is in a column).

    The neighbour may itself run across the same gutter (the detector merges
    several rows in a row), but the row must cover the part (a part that
    still spans several columns is covered by a line in each). When the row right
    above (or below) holds only a short line inside the part, the short last
    line of a paragraph ("议精神。" over a part, "姑息。" under it), the row
    beyond it may cover the part instead. A part of a bold line (``heavy``:
    the ink ratio of bold type) continues a column of text, not the bold
    headline under a two-part kicker.
    """
    h = part.height
    bold = heavy > 0 and ln.ink >= heavy
    rows: dict[int, list[list[TLine]]] = {-1: [], 1: []}
    found = [
        o
        for o in lines.band(part.y0 - 3 * h, part.y1 + 3 * h)
        # (Box heights of one type size vary by a quarter and more.)
        if o is not ln
        and not o.cross
        and max(o.size, ln.size) <= 1.35 * min(o.size, ln.size)
        and o.box.x_overlap(part) > 0
        and not (bold and o.ink >= heavy)
    ]
    for o in sorted(found, key=lambda o: abs(o.box.cy - part.cy)):
        gap = max(o.box.y0 - part.y1, part.y0 - o.box.y1)
        if gap < -0.3 * h or gap > CONTINUE_GAP * h:
            continue
        side = rows[1 if o.box.cy > part.cy else -1]
        row = next(
            (r for r in side if o.box.y_overlap(r[0].box) >= 0.5 * min(o.box.height, r[0].box.height)), None
        )
        if row is None:
            side.append([o])
        else:
            row.append(o)
    for below, side in rows.items():
        if not side or max(side[0][0].box.y0 - part.y1, part.y0 - side[0][0].box.y1) > h:
            continue
        if _covers(side[0], part, PARA_INDENT * h if below > 0 else 0.0):
            return True
        # (the part may start at a paragraph indent, two characters into its column)
        short = all(o.box.x0 >= part.x0 - 3 * h and o.box.x1 <= part.x1 + h for o in side[0])
        if short and len(side) > 1 and _covers(side[1], part):
            return True
    return False


def _strips(
    ln: TLine,
    lines: LineIndex,
    rules: Sequence[Rule],
    gutters: GutterMap | None,
    frame: Frame | None = None,
    heavy: float = 0.0,
    grid: Sequence[GridGutter] = (),
) -> list[tuple[float, float]]:
    """Gutters (x ranges) that a detected line runs across: column rules, and white channels of the image.

    ``heavy``: the ink ratio from which a line is bold display type (0: none);
    ``grid``: the gutters of the page's column grid (:func:`page_grid`).
    """
    h = ln.box.height
    # (A box run over two rows is far taller than its type: where the image
    # shows the gutter, the settled type size measures the narrowest part.)
    h_type = ln.size if ln.size > 0 and h > TALL_BOX * ln.size else h
    if ln.cross or ln.box.width < 4 * h:
        return []
    pieces = (
        [frame.to_frame_box(BBox.of_points(w.polygon)) for w in ln.line.words if len(w.polygon) >= 3]
        if frame is not None
        else []
    )
    strips = _vertical_rules_through(ln.box, rules, pieces)
    if gutters is None:
        return strips
    # Gutters the page image shows through the line.
    image = gutters.strips(ln.box.x0 + h_type, ln.box.x1 - h_type, ln.box.y0, ln.box.y1)
    if ln.size > 1.3 * gutters.body:
        # Display type: two headlines run together leave a white gap far wider
        # than a word space (a full-width space is one em) between them.
        gaps = (
            _white_gaps(ln, gutters.ink, DISPLAY_GAP * ln.size)
            + _wide_word_gaps(pieces)
            + _stacked_gaps(ln, _ink_words(ln, gutters.ink) or pieces, lines, gutters.body)
        )
        # Or the detector ran a headline together with the text beside it: a
        # gutter of the page image with rows of text on one side and a taller
        # row of display type on the other (not a kicker over its headline
        # beside the headline's other half: the tallest rows match).
        for a, b in image:
            low, high = sorted(
                _tallest_row(gutters.ink, part, gutters.body)
                for part in (
                    BBox(ln.box.x0, ln.box.y0, a, ln.box.y1),
                    BBox(b, ln.box.y0, ln.box.x1, ln.box.y1),
                )
            )
            if _text_beside_display(low, high, gutters.body):
                gaps.append((a, b))
        for g in sorted(gaps):
            if not any(a < g[1] and g[0] < b for a, b in strips):
                strips.append(g)
        return sorted(strips)
    # Where the page image shows a gutter, or the rows around (a whole column's
    # worth, up to a rule) leave a strip open: an image channel can be too
    # short or too narrow to show, and boxes can be merged over several rows.
    found = list(image)
    rows = neighbour_rows(ln.box, ln.size, lines, rules, ln.box.x0, ln.box.x1, (ln,), SPLIT_REACH)
    r0, r1 = rows.px(ln.box.x0 + h), rows.px(ln.box.x1 - h)
    for side in (rows.above, rows.below):
        found += [
            (rows.x0 + a, rows.x0 + b)
            for a, b in rows.open_strips(side, r0, r1, SPLIT_ROWS, GUTTER_MIN * min(h, gutters.body))
        ]
    found += _aligned_gutters(ln, lines, rules, gutters.ink, gutters.body)
    found += _stacked_gutters(ln, lines, gutters.ink, gutters.body, grid)
    white = (
        _white_gaps(ln, gutters.ink, HEAVY_GAP * min(h, gutters.body))
        if heavy > 0 and ln.ink >= heavy
        else None
    )
    for x0, x1 in sorted(found):
        if any(s0 < x1 and x0 < s1 for s0, s1 in strips):
            continue
        if white is not None and not any(a < x1 and x0 < b for a, b in white):
            continue
        # Both parts must be column-wide and carry on columns of text, so
        # that a caption or a deck running over two columns is left whole.
        # (A paragraph's short last line may be narrower, where the page image
        # shows the gutter.)
        left, right = BBox(ln.box.x0, ln.box.y0, x0, ln.box.y1), BBox(x1, ln.box.y0, ln.box.x1, ln.box.y1)
        seen = any(a < x1 and x0 < b for a, b in image)
        if min(left.width, right.width) < (MIN_PART_SEEN * h_type if seen else MIN_PART * h):
            continue
        if _continues_column(left, ln, lines, heavy) and _continues_column(right, ln, lines, heavy):
            strips.append((x0, x1))
    return sorted(strips)


def _wide_word_gaps(pieces: Sequence[BBox]) -> list[tuple[float, float]]:
    """Gaps between the word pieces of a display line far wider than its word spaces.

    The words of one headline stand a word space apart, evenly; two headlines
    run together by the detector leave a gutter between them, several word
    spaces wide ("Free flu shots offered at | Ice fishing"). It takes at least
    three other gaps to know the word space.
    """
    ordered = sorted(pieces, key=lambda p: p.x0)
    gaps = [(a.x1, b.x0) for a, b in zip(ordered, ordered[1:])]
    if len(gaps) < 4:
        return []
    h = float(np.median([p.height for p in ordered]))
    out = []
    for i, (x0, x1) in enumerate(gaps):
        others = [max(b - a, 0.0) for j, (a, b) in enumerate(gaps) if j != i]
        if x1 - x0 >= max(WIDE_GAP_H * h, WIDE_GAP_SPACES * float(np.median(others))):
            out.append((x0, x1))
    return out


def _ink_words(ln: TLine, ink: np.ndarray) -> list[BBox]:
    """The words of a display line as its ink shows them: runs of ink between word-space-wide white.

    Word boxes from the recogniser's CTC steps can be off by a letter, too far
    to say which word a line under the headline starts under.
    """
    b = ln.box
    edges = [b.x0]
    for g0, g1 in _white_gaps(ln, ink, INK_WORD_GAP * ln.size):
        edges += [g0, g1]
    edges.append(b.x1)
    out = []
    for i in range(0, len(edges), 2):
        e = _ink_extent(ink, BBox(edges[i], b.y0, max(edges[i], edges[i + 1]), b.y1))
        if e is not None:
            out.append(BBox(e.x0, b.y0, e.x1, b.y1))
    return out if len(out) >= 2 else []


def _stacked_gaps(
    ln: TLine, pieces: Sequence[BBox], lines: LineIndex, body: float
) -> list[tuple[float, float]]:
    """Gaps of a display line where two headlines of two lines or more were run together.

    Each headline wraps under its own first word: a display line right under
    this one starts where this one starts, and another starts at a word
    piece further right ("State to study traffic on | Police warn of utility
    phone" over "Main Street" and "scam").
    """
    ordered = sorted(pieces, key=lambda p: p.x0)
    if len(ordered) < 2:
        return []
    h = ln.box.height
    under = [
        o.box
        for o in lines.band(ln.box.y1 - 0.3 * h, ln.box.y1 + 0.6 * h)
        if o is not ln
        and not o.cross
        and o.size >= 0.5 * ln.size
        # (Display type: the text under a deck starts its columns anywhere.)
        and o.size >= 1.3 * body
        and -0.3 * h <= o.box.y0 - ln.box.y1 <= 0.6 * h
    ]
    tol = 0.15 * h
    if not any(abs(o.x0 - ln.box.x0) <= tol for o in under):
        return []
    out = []
    for a, b in zip(ordered, ordered[1:]):
        if b.x0 - a.x1 > 0.2 * h and any(abs(o.x0 - b.x0) <= tol for o in under):
            out.append((a.x1, b.x0))
    return out


def _ink_rows(ink: np.ndarray, box: BBox, body: float) -> list[tuple[int, int]]:
    """The rows of type inside ``box``: runs of inked pixel rows at least a third of a body size tall.

    (Shorter runs are specks, or the descenders and ascenders of the rows
    above and below that a detector box took in.)
    """
    h, w = ink.shape[:2]
    ya, yb = int(max(box.y0, 0)), int(min(np.ceil(box.y1), h))
    xa, xb = int(max(box.x0, 0)), int(min(np.ceil(box.x1), w))
    if yb <= ya or xb <= xa:
        return []
    inked = np.asarray((ink[ya:yb, xa:xb] > 0).sum(axis=1) >= max(2, ROW_INK * (xb - xa)))
    return [(a + ya, b + ya) for a, b in true_runs(inked) if b - a >= ROW_MIN * body]


def _tallest_row(ink: np.ndarray, box: BBox, body: float) -> int:
    """Height of the tallest row of type inside ``box`` (0: none)."""
    return max((b - a for a, b in _ink_rows(ink, box, body)), default=0)


def _text_beside_display(text_row: int, display_row: int, body: float) -> bool:
    """Whether a part whose tallest row of ink is ``text_row`` is text beside display type of ``display_row``."""
    return 0 < text_row <= ROW_TEXT * body and SIZE_APART * text_row <= display_row


def _white_gaps(ln: TLine, ink: np.ndarray, min_width: float) -> list[tuple[float, float]]:
    """Runs of ink-free columns at least ``min_width`` wide inside a line's box (not at its ends)."""
    b = ln.box
    h, w = ink.shape[:2]
    pad = 0.2 * b.height
    ya, yb = int(max(b.y0 + pad, 0)), int(min(b.y1 - pad, h))
    xa, xb = int(max(b.x0, 0)), int(min(np.ceil(b.x1), w))
    if yb <= ya or xb <= xa:
        return []
    empty = ~np.asarray(ink[ya:yb, xa:xb].any(axis=0))
    runs = []
    start = None
    for i, v in enumerate(empty):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if start > 0 and i - start >= min_width:
                runs.append((float(xa + start), float(xa + i)))
            start = None
    return runs


def _char_width(ch: str) -> float:
    """Advance of a character in ems: ideographs and CJK punctuation one em, Latin about half."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") or ch in "“”‘’" else 0.55


def _units(text: str) -> float:
    return sum(_char_width(c) for c in text.strip())


def settle_sizes(lines: Sequence[TLine], body: float, gutters: GutterMap | None = None) -> None:
    """Set text lines whose detector boxes came out display-tall back to the body size.

    A box can take in strokes of the rows above and below, or run over two
    rows of a skewed page, and so look like display type. The advance of its
    characters gives it away: display type is set wider as well as taller,
    while these lines keep the pitch of the text around them. A box that
    also runs across column gutters (a bold run-in byline and the first
    row of each column read as one box) is measured without the gutters the
    page image shows through it (``gutters``).
    """
    ratios = [
        ln.box.width / _units(ln.text) / ln.size
        for ln in lines
        if not ln.cross and abs(ln.size - body) <= 0.15 * body and len(ln.text.strip()) >= SETTLE_CHARS
    ]
    if len(ratios) < 5:
        return
    per_size = float(np.median(ratios))
    for ln in lines:
        if ln.cross or ln.size < 1.3 * body or len(ln.text.strip()) < SETTLE_CHARS:
            continue
        h = ln.box.height
        through = (
            gutters.strips(ln.box.x0 + h, ln.box.x1 - h, ln.box.y0, ln.box.y1) if gutters is not None else []
        )
        width = ln.box.width - sum(b - a for a, b in through)
        # Rows of two or more columns read as one hold short last lines,
        # indents and loosely justified lines: their pitch is looser, but still
        # far from a headline's (unless a part is display type: _mixed).
        loose = SETTLE_LOOSE if len(through) >= SETTLE_GUTTERS else SETTLE_MAX
        if width / _units(ln.text) / per_size <= loose * body and not (
            gutters is not None and _mixed(ln, through, gutters)
        ):
            ln.size = body


def settle_stacked_rows(lines: Sequence[TLine], ink: np.ndarray, body: float) -> None:
    """Set lines whose boxes hold two or more rows of text type back to the body size.

    The detector can run two rows (of one column or several) into one box on
    a blurred page; the recogniser then reads a few letters of garbage, too
    few for :func:`settle_sizes` to measure their pitch. The page image
    shows the rows: two or more rows of ink, each no taller than a row of
    text (:data:`ROW_TEXT`), where display type would stand in one tall row.
    """
    for ln in lines:
        if ln.cross or ln.size < 1.3 * body or ln.box.height < 1.6 * body:
            continue
        rows = _ink_rows(ink, ln.box, body)
        if len(rows) >= 2 and all(b - a <= ROW_TEXT * body for a, b in rows):
            ln.size = body


def _mixed(ln: TLine, through: Sequence[tuple[float, float]], gutters: GutterMap) -> bool:
    """Whether a part of a line between the gutters through it is text beside display type in another.

    A headline run together with the text beside it keeps a loose pitch
    overall; its rows of ink are taller than the text's.
    """
    edges = [ln.box.x0] + [x for s in through for x in s] + [ln.box.x1]
    parts = [BBox(edges[i], ln.box.y0, edges[i + 1], ln.box.y1) for i in range(0, len(edges), 2)]
    tallest = [t for part in parts if (t := _tallest_row(gutters.ink, part, gutters.body)) > 0]
    return len(tallest) >= 2 and _text_beside_display(min(tallest), max(tallest), gutters.body)


def settle_drop_caps(lines: Sequence[TLine], ink: np.ndarray, body: float) -> None:
    """Cut the first line of a paragraph that opens with a drop cap back to its own row.

    A drop cap ("D" two or three lines tall, then "EMOCRATIC congressmen
    started") makes the detector box its line as tall as the cap, over the
    rows beside it, so the line looks like display type. Its ink shows it: a
    tall letter at its left end, then a row of text no taller than text
    type, with white under it. The line's box is set to that row.
    """
    settled: list[TLine] = []
    for ln in lines:
        b = ln.box
        text = ln.text.strip()
        # (By its box: settle_sizes may have set the size back to text's already.)
        if ln.cross or b.height < 1.3 * body or len(text) < SETTLE_CHARS or not text[0].isupper():
            continue
        # Running text after the opening word ("WHAT was in the"), not a headline in capitals.
        alpha = [c for c in text if c.isalpha()]
        if sum(c.islower() for c in alpha) < DROP_CAP_LOWER * len(alpha):
            continue
        stats, window = ink_components(b, ink)
        if window.width < 4 * body or window.height < 4:
            continue
        y0 = int(window.y0)
        comps = [c for c in stats if c[cv2.CC_STAT_AREA] >= 0.01 * body * body]
        # The cap: the tallest component near the left end, not a rule (as wide as a letter).
        near = [c for c in comps if c[cv2.CC_STAT_LEFT] <= 1.5 * body and c[cv2.CC_STAT_WIDTH] >= 0.4 * body]
        if not near:
            continue
        cap = max(near, key=lambda c: c[cv2.CC_STAT_HEIGHT])
        # Letters right of the cap (not rules: a column rule is taller than
        # the cap, a rule over the paragraph far wider than tall).
        letters = [
            c
            for c in comps
            if c[cv2.CC_STAT_LEFT] >= cap[cv2.CC_STAT_LEFT] + cap[cv2.CC_STAT_WIDTH]
            and c[cv2.CC_STAT_HEIGHT] < cap[cv2.CC_STAT_HEIGHT]
            and c[cv2.CC_STAT_WIDTH] <= 3 * c[cv2.CC_STAT_HEIGHT]
        ]
        if len(letters) < 5:
            continue
        letter = float(np.median([c[cv2.CC_STAT_HEIGHT] for c in letters]))
        if cap[cv2.CC_STAT_HEIGHT] < DROP_CAP * letter:
            continue
        # The first row of text beside the cap (not the clipped descenders of
        # the row over the box): its tall letters. A second row starts under
        # them (not the small letters of the same row, which start lower than
        # its capitals but above their feet), and the cap reaches down into it.
        letters = [c for c in letters if c[cv2.CC_STAT_HEIGHT] >= 0.6 * letter]
        top = min(c[cv2.CC_STAT_TOP] for c in letters)
        feet = max(
            c[cv2.CC_STAT_TOP] + c[cv2.CC_STAT_HEIGHT]
            for c in letters
            if c[cv2.CC_STAT_TOP] <= top + 0.5 * letter
        )
        below = [c[cv2.CC_STAT_TOP] for c in letters if c[cv2.CC_STAT_TOP] >= feet]
        if not below or cap[cv2.CC_STAT_TOP] + cap[cv2.CC_STAT_HEIGHT] < min(below) + 0.5 * letter:
            continue
        # The row ends where the second starts (descenders included).
        r0 = top
        row = [c for c in letters if c[cv2.CC_STAT_TOP] < min(below)]
        r1 = max(c[cv2.CC_STAT_TOP] + c[cv2.CC_STAT_HEIGHT] for c in row)
        # The rows beside the cap are set in one size: a headline whose box
        # took in the feet of the kicker over it has larger letters under
        # the kicker's, whatever its first capital looks like.
        second = [c[cv2.CC_STAT_HEIGHT] for c in letters if c[cv2.CC_STAT_TOP] >= min(below)]
        if float(np.median(second)) > DROP_CAP_ROWS * float(np.median([c[cv2.CC_STAT_HEIGHT] for c in row])):
            continue
        if r1 - r0 > 1.3 * body or r1 - r0 < 0.3 * body:
            continue
        pad = 0.1 * (r1 - r0)
        ln.box = BBox(b.x0, y0 + r0 - pad, b.x1, y0 + r1 + pad)
        ln.size = ln.box.height
        settled.append(ln)
    if settled:
        measure_ink(settled, ink)


def _ink_extent(ink: np.ndarray | None, box: BBox) -> BBox | None:
    """Box of the ink inside ``box``: ``box`` itself without an ink mask, None when it holds no ink."""
    if ink is None:
        return box
    x0, x1 = int(max(box.x0, 0)), int(min(np.ceil(box.x1), ink.shape[1]))
    y0, y1 = int(max(box.y0, 0)), int(min(np.ceil(box.y1), ink.shape[0]))
    if x1 <= x0 or y1 <= y0:
        return None
    window = ink[y0:y1, x0:x1]
    cols, rows = np.flatnonzero(window.any(axis=0)), np.flatnonzero(window.any(axis=1))
    if not len(cols):
        return None
    return BBox(x0 + cols[0], y0 + rows[0], x0 + cols[-1] + 1, y0 + rows[-1] + 1)


def _pitch(part: BBox, ln: TLine, lines: LineIndex) -> float | None:
    """Median advance per character unit of the other lines set in the column of ``part``."""
    h = part.height
    pitches = [
        o.box.width / units
        for o in lines.band(part.cy - 10 * h, part.cy + 10 * h)
        if o is not ln
        and not o.cross
        and max(o.size, ln.size) <= 1.2 * min(o.size, ln.size)
        # (a part may start at a paragraph indent, two characters into its column)
        and abs(o.box.cy - part.cy) <= 10 * h
        and o.box.x0 >= part.x0 - 3 * h
        and o.box.x1 <= part.x1 + h
        and o.box.x_overlap(part) >= 0.7 * o.box.width
        and len(o.text.strip()) >= 5
        and (units := sum(_char_width(c) for c in o.text.strip())) > 0
    ]
    return float(np.median(pitches)) if len(pitches) >= 2 else None


def _cut(
    ln: TLine, strips: list[tuple[float, float]], frame: Frame, ink: np.ndarray | None, lines: LineIndex
) -> list[TLine]:
    """The parts of a line between the strips, with its text shared out by character widths.

    Each part is first shrunk to the ink inside it: the white space beside
    a column rule or at the end of a short line holds no characters.
    """
    b = ln.box
    edges = [b.x0] + [x for s in strips for x in s] + [b.x1]
    inked = [
        _ink_extent(ink, BBox(edges[i], b.y0, max(edges[i], edges[i + 1]), b.y1))
        for i in range(0, len(edges), 2)
    ]
    boxes = [e for e in inked if e is not None]
    parts = [(e.x0, e.x1) for e in boxes]
    if boxes and len(ln.line.words) > 1 and all(len(w.polygon) >= 3 for w in ln.line.words):
        words = _split_words(ln, strips, frame, ink, lines)
        # Words read in a part without any ink are bleed-through or noise
        # beyond a rule ("clinic | ns Community"): they are dropped.
        dead = [(edges[2 * k], edges[2 * k + 1]) for k, e in enumerate(inked) if e is None]
        live = [
            w
            for w in words
            if not any(a <= frame.to_frame_box(BBox.of_points(w.polygon)).cx <= b for a, b in dead)
        ]
        if live and (len(boxes) >= 2 or len(live) < len(words)):
            return _cut_words(ln, parts, frame, live)
    if len(boxes) < 2:
        return [ln]
    text = ln.text
    widths = [_char_width(c) for c in text]
    # Each part holds about (its width / its type size) characters: the parts
    # may be set in different sizes (two headlines run together).
    # How many characters fit each part: its width over the character pitch of
    # the column it lies in (measured on that column's other lines), or, for
    # lone lines such as two headlines run together, over its ink height.
    rooms = [(e.x1 - e.x0) / (_pitch(e, ln, lines) or max(e.height, 1.0)) for e in boxes]
    total, room = sum(widths) or 1.0, sum(rooms)
    # Place each character along the parts laid end to end, by its centre.
    where, acc = [], 0.0
    for w in widths:
        pos = (acc + w / 2) / total * room
        acc += w
        k = 0
        while k < len(parts) - 1 and pos > rooms[k]:
            pos -= rooms[k]
            k += 1
        where.append(k)
    where = _snap_to_spaces(text, where)
    out: list[TLine] = []
    for k, (x0, x1) in enumerate(parts):
        piece = "".join(c for c, w in zip(text, where) if w == k).strip()
        if not piece:
            continue
        box = BBox(x0, b.y0, x1, b.y1)
        line = Line(
            id=ln.line.id if not out else f"{ln.line.id}.{k + 1}",
            text=piece,
            polygon=frame.to_page_polygon(box.polygon()),
            confidence=ln.line.confidence,
            text_size=ln.line.text_size,
            direction=ln.line.direction,
        )
        out.append(TLine(line=line, box=box, size=ln.size, ink=ln.ink))
    return out


def _split_words(
    ln: TLine, strips: list[tuple[float, float]], frame: Frame, ink: np.ndarray | None, lines: LineIndex
) -> list[Word]:
    """The word pieces of a rebuilt line, with each piece that itself runs across a strip cut at it.

    A detector box can take in the last word of one headline and the first
    of the next one across a column rule ("bridgeCommunity"); such a piece
    is cut like a whole line, sharing out its text by character widths.
    """
    out: list[Word] = []
    for w in ln.line.words:
        box = frame.to_frame_box(BBox.of_points(w.polygon))
        reach = 0.3 * box.height
        inside = [(s0, s1) for s0, s1 in strips if s0 - box.x0 >= reach and box.x1 - s1 >= reach]
        if not inside:
            out.append(w)
            continue
        piece = Line(
            id=ln.line.id,
            text=w.text,
            polygon=list(w.polygon),
            confidence=w.confidence,
            text_size=ln.line.text_size,
            direction=ln.line.direction,
        )
        parts = _cut(TLine(line=piece, box=box, size=ln.size, ink=ln.ink), inside, frame, ink, lines)
        out.extend(Word(p.text, list(p.line.polygon), w.confidence) for p in parts)
    return out


def _cut_words(
    ln: TLine, parts: list[tuple[float, float]], frame: Frame, words: Sequence[Word]
) -> list[TLine]:
    """Cut a line rebuilt from word pieces: each piece goes to the part holding its centre."""
    groups: list[list[TLine]] = [[] for _ in parts]
    for w in words:
        box = frame.to_frame_box(BBox.of_points(w.polygon))
        k = min(range(len(parts)), key=lambda i: max(parts[i][0] - box.cx, box.cx - parts[i][1], 0.0))
        piece = Line(
            id=f"{ln.line.id}.w",
            text=w.text,
            polygon=list(w.polygon),
            confidence=w.confidence,
            text_size=ln.line.text_size,
            direction=ln.line.direction,
        )
        groups[k].append(TLine(line=piece, box=box, size=ln.size, ink=ln.ink))
    out: list[TLine] = []
    for k, (group, (ink0, ink1)) in enumerate((g, p) for g, p in zip(groups, parts) if g):
        merged = group[0] if len(group) == 1 else _merge(group, frame)
        merged.line.id = ln.line.id if k == 0 else f"{ln.line.id}.{k + 1}"
        # Word edges inside a detector box come from the recogniser's CTC steps,
        # which sit somewhere inside a glyph (where differs by model); the ink of
        # the part places its ends to the pixel. Within half a line height only:
        # further off, the ink is not these words'.
        b, near = merged.box, 0.5 * merged.box.height
        x0 = ink0 if abs(ink0 - b.x0) <= near else b.x0
        x1 = ink1 if abs(ink1 - b.x1) <= near else b.x1
        if (x0, x1) != (b.x0, b.x1):
            merged.box = BBox(x0, b.y0, x1, b.y1)
            merged.line.polygon = frame.to_page_polygon(merged.box.polygon())
        out.append(merged)
    return out


def _snap_to_spaces(text: str, where: list[int]) -> list[int]:
    """Move each part boundary that falls inside a Latin word to the nearest space (within a few letters).

    Without a space near, a small letter followed by a capital marks where
    two words were run together.
    """
    where = list(where)
    for i in range(1, len(text)):
        if (
            where[i] == where[i - 1]
            or not (text[i - 1].isalnum() and text[i].isalnum())
            or _CJK.match(text[i])
        ):
            continue
        spaces = [j for j in range(max(1, i - 6), min(len(text), i + 7)) if text[j] == " "]
        if not spaces:
            # Two words run together without a space ("bridgeCommunity"): the
            # capital after a small letter starts the second one, and so does
            # a capital with a small letter after it at the end of a word in
            # capitals ("O'NEILLDale").
            spaces = [
                j
                for j in range(max(1, i - 4), min(len(text), i + 5))
                if text[j].isupper()
                and (
                    text[j - 1].islower()
                    or (
                        text[j - 1].isupper()
                        and len(text[j + 1 : j + 3]) == 2
                        and text[j + 1 : j + 3].isalpha()
                        and text[j + 1 : j + 3].islower()
                    )
                )
            ]
        if spaces:
            j = min(spaces, key=lambda j: abs(j - i))
            lo, hi = (j, i) if j < i else (i, j)
            for m in range(lo, hi):
                where[m] = where[i] if j < i else where[i - 1]
    return where


def split_straddling(
    lines: list[TLine],
    rules: Sequence[Rule],
    frame: Frame,
    ink: np.ndarray | None = None,
    gutters: GutterMap | None = None,
) -> list[TLine]:
    """Cut detected lines that run across a vertical rule or a column gutter into their column parts.

    ``gutters`` (the page's white channels) shows where the gutters run
    whatever the boxes say; ``ink`` (the ink mask in frame coordinates)
    places the cut between the characters. Cut parts are checked against
    their neighbours, which may be cut themselves, so this repeats until
    nothing changes.
    """
    out = list(lines)
    heavy = HEAVY_INK * body_ink(lines, gutters.body) if gutters is not None else 0.0
    grid = page_grid(lines, gutters.body) if gutters is not None else []
    # Each cut part -> the line it was cut from (parts of parts: the first
    # line). The lines are kept here too, so that no id is reused.
    origin: dict[int, int] = {}
    kept: list[TLine] = []
    for _ in range(6):
        cut: list[TLine] = []
        index = LineIndex(out)
        changed = False
        for ln in out:
            # (A caption under a photo over several columns is one line.)
            strips = [] if ln.caption else _strips(ln, index, rules, gutters, frame, heavy, grid)
            parts = _cut(ln, strips, frame, ink, index) if strips else [ln]
            if len(parts) > 1 and gutters is not None and ln.size > 1.3 * gutters.body:
                _settle_parts(ln, parts, gutters.ink, gutters.body, frame, index)
            elif len(parts) > 1 and gutters is not None and ln.box.height > 1.2 * gutters.body:
                # (text type in a box run over two rows)
                for p in parts:
                    fitted = _fit_rows(ln, p, gutters.ink, gutters.body, frame, index)
                    if (
                        fitted
                        and 0 < _tallest_row(gutters.ink, p.box, gutters.body) <= ROW_TEXT * gutters.body
                    ):
                        p.size = min(p.size, gutters.body)
            if len(parts) > 1:
                kept += [ln, *parts]
                for p in parts:
                    origin[id(p)] = origin.get(id(ln), id(ln))
            changed = changed or len(parts) != 1 or parts[0] is not ln
            cut.extend(parts)
        if not changed:
            break
        log.debug("cut %d lines that ran across a gutter", len(cut) - len(out))
        out = cut
    return _rejoin_words(out, origin, frame)


def _rejoin_words(lines: list[TLine], origin: dict[int, int], frame: Frame) -> list[TLine]:
    """Join a word cut off a line at a gutter to the line it stands a word space from.

    The detector can run one column's line on over the gutter into the first
    word of the next column's row ("past president of | for" beside "1972,
    presented by the"); cut there, the word is a line of its own. A cut part
    narrower than a column (:data:`MIN_PART` line heights) that stands at
    most :data:`TIGHT_GAP` line heights from a line of its row, not one cut
    from the same detector box, belongs to that line.
    """
    out = list(lines)
    for p in [ln for ln in lines if id(ln) in origin]:
        s = min(p.box.height, p.size) if p.size > 0 else p.box.height
        if p.cross or p.box.width >= MIN_PART * s or p not in out:
            continue
        best: tuple[float, TLine] | None = None
        for q in out:
            if q is p or q.cross or origin.get(id(q), id(q)) == origin[id(p)]:
                continue
            h = min(s, q.size if q.size > 0 else q.box.height)
            if min(p.box.y1, q.box.y1) - max(p.box.y0, q.box.y0) < 0.5 * min(p.box.height, q.box.height):
                continue
            gap = max(q.box.x0 - p.box.x1, p.box.x0 - q.box.x1)
            if -0.3 * h <= gap <= TIGHT_GAP * h and (best is None or gap < best[0]):
                best = (gap, q)
        if best is None:
            continue
        q = best[1]
        # (The word's box is as tall as the box it was cut from: it takes the row's.)
        word = replace(p, box=BBox(p.box.x0, q.box.y0, p.box.x1, q.box.y1), size=q.size)
        joined = _merge(sorted([word, q], key=lambda t: t.box.x0), frame)
        out[out.index(q)] = joined
        out.remove(p)
    return out


def _settle_parts(
    ln: TLine, parts: Sequence[TLine], ink: np.ndarray, body: float, frame: Frame, lines: LineIndex
) -> None:
    """Give the parts of a display-tall line that hold only rows of text the body size.

    A detector box that ran a headline together with the text beside it
    measures as display type in every part; the text's own rows of ink are
    as short as any text row's, and they run a few words wide (the letters
    of a masthead set wide apart do not). Such a part also takes the height
    of its own rows of ink (:func:`_fit_rows`).
    """
    rows = [_tallest_row(ink, p.box, body) for p in parts]
    for p, r in zip(parts, rows):
        if p.box.width >= TEXT_PART * body and _text_beside_display(r, max(rows), body):
            p.size = body
            _fit_rows(ln, p, ink, body, frame, lines)


def _fit_rows(ln: TLine, part: TLine, ink: np.ndarray, body: float, frame: Frame, lines: LineIndex) -> bool:
    """Shrink a text part of ``ln`` to the height of its own rows of ink; whether it stood into others'.

    The box it was cut from can stand into the rows above and below: rows
    of ink inside another line's box (``lines``: those ``ln`` was cut from
    among) are that line's.
    """
    rows = _ink_rows(ink, part.box, body)
    own = [
        (a, b)
        for a, b in rows
        if not any(
            o is not ln
            and o.box.x_overlap(part.box) >= 0.5 * part.box.width
            and o.box.y0 - 0.1 * body <= a
            and b <= o.box.y1 + 0.1 * body
            for o in lines.band(a, b)
        )
    ]
    if not own or len(own) == len(rows):
        return False
    pad = 0.25 * body
    part.box = BBox(
        part.box.x0, max(part.box.y0, own[0][0] - pad), part.box.x1, min(part.box.y1, own[-1][1] + pad)
    )
    part.line = replace(part.line, polygon=frame.to_page_polygon(part.box.polygon()))
    return True


def _joiner(left: str, right: str, gap: float, h: float) -> str:
    if left and right and _CJK.match(left[-1]) and _CJK.match(right[0]) and gap < 0.2 * h:
        return ""
    return " "


def _seam_repeat(left: TLine, right: TLine) -> int:
    """How many characters at the start of ``right`` repeat the end of ``left`` where their boxes overlap.

    A detector box grown past its ink takes in a letter or two of the box
    beside it, and the recogniser reads them again ("traffic on" | "n Main
    Street"). Only the characters that fit in the overlap can be such a
    repeat, and only when both sides read them alike.
    """
    overlap = left.box.x1 - right.box.x0
    if overlap <= 0 or not left.text or not right.text:
        return 0
    pitch = right.box.width / max(_units(right.text), 1.0)
    most = min(SEAM_CHARS, int(overlap / max(pitch, 1.0)) + 1, len(left.text), len(right.text))
    for k in range(most, 0, -1):
        head = right.text[:k]
        # (The characters must take up most of the overlap: boxes of one row
        # touch by a few pixels, and "there" | "every" repeat nothing.)
        if (
            head.strip() == head
            and left.text[-k:].casefold() == head.casefold()
            and overlap >= SEAM_FIT * pitch * _units(head)
        ):
            return k
    return 0


def _merge(pieces: list[TLine], frame: Frame) -> TLine:
    """One line made of row pieces (left to right)."""
    text = pieces[0].text
    words: list[Word] = []
    confs: list[float] = []
    chars: list[float] = []
    all_chars = all(p.line.char_confidences for p in pieces)
    for i, p in enumerate(pieces):
        piece_words = list(p.line.words or [Word(p.text, list(p.line.polygon), p.line.confidence)])
        piece_chars = list(p.line.char_confidences)
        piece_text = p.text
        if i:
            prev = pieces[i - 1]
            repeat = _seam_repeat(prev, p)
            if repeat:
                # The repeated characters are dropped from the right piece; what
                # follows them (a space, or the rest of a word) joins on as read.
                piece_text = p.text[repeat:].lstrip()
                sep = " " if p.text[repeat : repeat + 1].isspace() else ""
                piece_chars = piece_chars[repeat:]
                if piece_words and piece_words[0].text == p.text[:repeat]:
                    piece_words = piece_words[1:]
                elif words and words[-1].text.casefold() == p.text[:repeat].casefold():
                    words.pop()
            else:
                sep = _joiner(prev.text, p.text, p.box.x0 - prev.box.x1, p.box.height)
            text += sep + piece_text
            if all_chars and sep:
                chars.append(min(prev.line.char_confidences[-1], p.line.char_confidences[0]))
        words.extend(piece_words)
        confs.extend([p.line.confidence] * max(len(piece_text), 1))
        if all_chars:
            chars.extend(piece_chars[len(piece_chars) - len(piece_text) :] if piece_text else [])
    box = BBox.union_all([p.box for p in pieces])
    size = sorted(p.size for p in pieces)[len(pieces) // 2]
    line = Line(
        id=pieces[0].line.id,
        text=text,
        polygon=frame.to_page_polygon(box.polygon()),
        confidence=sum(confs) / len(confs),
        text_size=size,
        direction=pieces[0].line.direction,
        words=words,
        char_confidences=chars,
    )
    return TLine(line=line, box=box, size=size, ink=sum(p.ink for p in pieces) / len(pieces))


def _seam_piece(a: TLine, b: TLine, body: float, gutters: GutterMap | None = None) -> bool:
    """Whether ``b``, overlapping ``a`` on its row, is the rest of ``a``'s line from a broken detector box.

    Not where a gutter runs through the overlap: boxes of text lines (or of
    headlines) in neighbouring columns overlap across a narrow gutter. Text
    type is judged only with the page's gutter map at hand.
    """
    overlap = a.box.x1 - b.box.x0
    h = max(a.box.height, b.box.height)
    # (Sizes measured on pieces of one line differ more than on whole lines:
    # one piece has descenders, the other none.)
    if not (
        overlap > 0
        and body > 0
        and a.box.y_overlap(b.box) >= 0.6 * min(a.box.height, b.box.height)
        and max(a.size, b.size) <= SEAM_SIZES * min(a.size, b.size)
        and b.box.x0 > a.box.x0
        and b.box.x1 >= a.box.x1 + SEAM_RUN_ON * h
        and overlap < SEAM_SHARE * min(a.box.width, b.box.width)
    ):
        return False
    if max(a.size, b.size) <= 1.3 * body and gutters is None:
        return False
    # Two headlines side by side whose boxes overlap have a gutter between
    # them, running on down between their columns.
    y0, y1 = min(a.box.y0, b.box.y0), max(a.box.y1, b.box.y1)
    return gutters is None or not gutters.strips(b.box.x0 - 0.5 * h, a.box.x1 + 0.5 * h, y0, y1)


def _heads_a_column(a: TLine, b: TLine, lines: LineIndex, body: float) -> bool:
    """Whether ``b`` (right of ``a`` on a display-type row) starts where a column of text under it starts.

    Two headlines side by side over their own columns are a gutter apart,
    which in display type is no wider than a word space; the right one lines
    up with the left edge of the text under it.
    """
    if b.size < 1.3 * body:
        return False
    for o in lines.band(b.box.y1, b.box.y1 + 3 * b.size):
        if o is a or o is b or o.cross or abs(o.size - body) > 0.25 * body:
            continue
        # Only whole lines of text tell where a column starts; word boxes start anywhere.
        if o.box.width < 4 * body:
            continue
        if (
            0 <= o.box.y0 - b.box.y1 <= 3 * b.size
            and abs(o.box.x0 - b.box.x0) <= 0.5 * body
            and o.box.x0 >= a.box.x1
        ):
            return True
    return False


def _starts_here(
    row: BBox,
    x: float,
    gap0: float,
    lines: LineIndex,
    rules: Sequence[Rule],
    body: float,
    skip: Sequence[TLine],
) -> list[TLine]:
    """Lines of text within COLUMN_REACH line heights of ``row`` that start at ``x``, their rows open over ``gap0..x``.

    A line that starts a column has a column beside it: its row also holds a
    line that ends just short of it (:data:`COLUMN_MATE`), and none runs across.
    Lines beyond a headline over the gap are another article's, set in
    columns of their own.
    """
    h = row.height
    band = lines.band(row.y0 - COLUMN_REACH * h, row.y1 + COLUMN_REACH * h)
    heads = [
        o.box.cy
        for o in band
        if not o.cross and o.size > SIZE_APART * body and o.box.x0 <= gap0 and o.box.x1 >= x
    ]
    found = []
    for o in band:
        if o.cross or any(o is s for s in skip) or o.box.y_overlap(row) > 0.3 * o.box.height:
            continue
        if (
            abs(o.size - body) > 0.3 * body
            or o.box.width < 4 * body
            or abs(o.box.x0 - x) > COLUMN_ALIGN * body
        ):
            continue
        if rule_across(o.box.cy, row.cy, gap0, o.box.x1, rules) or any(
            min(o.box.cy, row.cy) < y < max(o.box.cy, row.cy) for y in heads
        ):
            continue
        mates = [
            p
            for p in lines.band(o.box.y0, o.box.y1)
            if p.box.y_overlap(o.box) >= 0.5 * min(p.box.height, o.box.height)
        ]
        if any(p is not o and p.box.x0 < gap0 and p.box.x1 > o.box.x0 for p in mates):
            continue
        if not any(p is not o and 0 <= o.box.x0 - p.box.x1 <= COLUMN_MATE * body for p in mates):
            continue
        found.append(o)
    return found


def _column_start(a: TLine, b: TLine, lines: LineIndex, rules: Sequence[Rule], body: float) -> bool:
    """Whether ``b`` (right of ``a`` on its row) starts a column: lines above and below start where it does.

    Rows of text around must start a line at ``b``'s left edge and leave the
    gap between the pieces open (see :data:`COLUMN_ROWS`). The detector splits
    a line of text at a word space only here and there, never at the same
    place row after row.
    """
    row = BBox(a.box.x0, min(a.box.y0, b.box.y0), b.box.x1, max(a.box.y1, b.box.y1))
    return len(_starts_here(row, b.box.x0, a.box.x1, lines, rules, body, (a, b))) >= COLUMN_ROWS


def _aligned_gutters(
    ln: TLine, lines: LineIndex, rules: Sequence[Rule], ink: np.ndarray, body: float
) -> list[tuple[float, float]]:
    """Gutters a text line runs across where the rows around start a column (:func:`_column_start`, for a merged line).

    The cut goes through the white of the line's own ink next to where the
    column starts: a gutter narrower than the gutter map can see.
    """
    h = ln.box.height
    starts = sorted(
        o.box.x0
        for o in lines.band(ln.box.y0 - COLUMN_REACH * h, ln.box.y1 + COLUMN_REACH * h)
        if not o.cross and o is not ln and ln.box.x0 + MIN_PART * h < o.box.x0 < ln.box.x1 - MIN_PART * h
    )
    if not starts:
        return []
    gaps = _white_gaps(ln, ink, COLUMN_WHITE * body)
    out: list[tuple[float, float]] = []
    tried: list[float] = []
    for x in starts:
        # (Lines starting within the alignment of one tried already tell the same.)
        if any(abs(x - t) <= COLUMN_ALIGN * body for t in tried):
            continue
        tried.append(x)
        # (The white runs up to the column's edge, or past it into an indent.)
        near = [(a, b) for a, b in gaps if a - COLUMN_ALIGN * body <= x <= b + COLUMN_ALIGN * body]
        if not near:
            continue
        a, b = min(near, key=lambda g: abs(g[1] - x))
        if len(_starts_here(ln.box, x, a, lines, rules, body, (ln,))) >= COLUMN_ROWS:
            out.append((a, b))
    return out


def _stack_gaps(
    ln: TLine, a: float, b: float, lines: LineIndex, ink: np.ndarray, body: float, split: bool = False
) -> list[tuple[TLine, tuple[float, float]]]:
    """``ln`` with its white gap at ``a..b``, and each row of its size right above and below it that leaves one there.

    The stack ends at a row that runs across ``a..b`` in ink, or where no row
    of the size runs across it. With ``split``, a row already read as two
    lines, one ending before ``b`` and one starting after ``a`` (within an
    indent), leaves the white between them; such rows count up to a stack of
    ``2 * STACK_ROWS + 1`` (a column read right needs no more).
    """
    gaps = [(ln, (a, b))]
    for down in (False, True):
        cur, seen = ln, [ln]
        while True:
            h = cur.box.height
            row = [
                o
                for o in lines.band(cur.box.y0 - 1.5 * h, cur.box.y1 + 1.5 * h)
                if not o.cross
                and all(o is not s for s in seen)
                and max(o.size, ln.size) <= 1.35 * min(o.size, ln.size)
                and (
                    -0.5 * h <= o.box.y0 - cur.box.y1 <= 0.8 * h
                    if down
                    else -0.5 * h <= cur.box.y0 - o.box.y1 <= 0.8 * h
                )
            ]
            nxt = [o for o in row if o.box.x0 < a - o.box.height and o.box.x1 > b + o.box.height]
            if nxt:
                cur = min(nxt, key=lambda o: abs(o.box.cy - cur.box.cy))
                seen.append(cur)
                white = [g for g in _white_gaps(cur, ink, COLUMN_WHITE * body) if g[0] < b and a < g[1]]
                if not white:
                    break
                gaps.append((cur, min(white, key=lambda g: abs(g[0] - a))))
                continue
            # (the left one may be a paragraph's short last line, the right
            # one may start with an indent)
            if len(gaps) >= 2 * STACK_ROWS + 1:
                break
            left = [o for o in row if o.box.x1 <= b and o.box.x0 < a - o.box.height]
            right = [o for o in row if a <= o.box.x0 <= b + 2.5 * o.size and o.box.x1 > b + o.box.height]
            if not (split and left and right):
                break
            lo = max(left, key=lambda o: o.box.x1)
            hi = min(right, key=lambda o: o.box.x0)
            if lo.box.y_overlap(hi.box) < 0.5 * min(lo.box.height, hi.box.height):
                break
            cur = lo
            seen += [lo, hi]
            gaps.append((lo, (lo.box.x1, hi.box.x0)))
    return gaps


def _edges(boxes: Sequence[BBox], x: Callable[[BBox], float], body: float) -> list[tuple[float, list[float]]]:
    """Positions ``x`` shared by at least :data:`GRID_LINES` boxes (in a window 2 × :data:`GRID_ALIGN` body sizes wide), with their rows' middles."""
    tol = GRID_ALIGN * body
    ordered = sorted(boxes, key=x)
    out: list[tuple[float, list[float]]] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and x(ordered[j + 1]) - x(ordered[i]) <= 2 * tol:
            j += 1
        if j - i + 1 >= GRID_LINES:
            group = ordered[i : j + 1]
            out.append((float(np.median([x(b) for b in group])), sorted(b.cy for b in group)))
            i = j + 1
        else:
            i += 1
    return out


@dataclass(frozen=True)
class GridGutter:
    """A gutter of the page's column grid: from where lines end (``x0``) to where they start (``x1``).

    ``ends``, ``starts``: the middles of those lines, in order; a gutter of
    one story's grid is not another's (papers mix grids on a page), so it
    counts only near them.
    """

    x0: float
    x1: float
    ends: tuple[float, ...]
    starts: tuple[float, ...]

    def near(self, y: float, reach: float) -> bool:
        """Whether :data:`GRID_NEAR` of the lines ending, and as many of those starting, lie within ``reach`` of ``y``."""
        return all(
            bisect_right(ys, y + reach) - bisect_left(ys, y - reach) >= GRID_NEAR
            for ys in (self.ends, self.starts)
        )


def page_grid(lines: Sequence[TLine], body: float) -> list[GridGutter]:
    """Gutters of the page's column grid: where many lines of text end, and many start just after.

    Newspapers set most stories on one grid of columns, so a gutter that
    three rows of a short story cannot show in the image shows in the
    stories above and below it.
    """
    text = [
        ln.box
        for ln in lines
        if not ln.cross and abs(ln.size - body) <= 0.3 * body and ln.box.width >= 4 * body
    ]
    starts = _edges(text, lambda b: b.x0, body)
    ends = _edges(text, lambda b: b.x1, body)
    return [
        GridGutter(e, s, tuple(ye), tuple(ys))
        for e, ye in ends
        for s, ys in starts
        if 0 < s - e <= GRID_GUTTER * body
    ]


def _stacked_gutters(
    ln: TLine, lines: LineIndex, ink: np.ndarray, body: float, grid: Sequence[GridGutter] = ()
) -> list[tuple[float, float]]:
    """Gutters through a stack of rows merged across columns (see :data:`STACK_ROWS`).

    Where the white lies on a gutter of the page's grid (``grid``, near the
    line), two rows are enough and the columns on either side need not be
    measured: the grid is the measure (:func:`_on_grid`). Elsewhere the
    stack must show two columns of one measure (:func:`_two_columns`).
    """
    if ln.size > 1.3 * body:
        return []
    h = ln.box.height
    wide = (STACK_GAP_HAN if mostly_han(ln.text) else STACK_GAP) * body
    flush = STACK_FLUSH * body
    out: list[tuple[float, float]] = []
    for a, b in _white_gaps(ln, ink, wide):
        if a - ln.box.x0 < MIN_PART * h or ln.box.x1 - b < MIN_PART * h:
            continue
        on = [
            (g.x0, g.x1)
            for g in grid
            if a - flush <= (g.x0 + g.x1) / 2 <= b + flush and g.near(ln.box.cy, GRID_REACH * body)
        ]
        cut = _on_grid(ln, a, b, on[0], lines, ink, body, wide) if on else None
        cut = cut or _two_columns(ln, a, b, lines, ink, body, wide)
        if cut is not None:
            out.append(cut)
    return out


def _on_grid(
    ln: TLine,
    a: float,
    b: float,
    gutter: tuple[float, float],
    lines: LineIndex,
    ink: np.ndarray,
    body: float,
    wide: float,
) -> tuple[float, float] | None:
    """The gutter of the grid at the white ``a..b`` of ``ln``, where the rows around show it.

    Rows that leave white there count, and rows already read as two lines
    on either side of it; at least :data:`GRID_ROWS`. Their ink stands
    flush on both sides (two rows both, more rows all but a short last
    line and an indent), at least :data:`GRID_COLUMN` body sizes from their
    ends.
    """
    flush, measure = STACK_FLUSH * body, STACK_MEASURE * body
    ge, gs = gutter
    # (A short last line leaves white far wider than the gutter: the rows
    # around are matched at the gutter.)
    stack = _stack_gaps(ln, max(a, ge - measure), min(b, gs + measure), lines, ink, body, split=True)
    stack[0] = (ln, (a, b))
    edges = [e for _, e in stack]
    if len(edges) < GRID_ROWS:
        return None
    end, start = max(e[0] for e in edges), min(e[1] for e in edges)
    off = 0 if len(edges) < STACK_ROWS else max(1, len(edges) // 4)
    x0, x1 = min(o.box.x0 for o, _ in stack), max(o.box.x1 for o, _ in stack)
    if (
        start - end >= wide
        and min(end - x0, x1 - start) >= GRID_COLUMN * body
        and sum(e[0] < end - flush for e in edges) <= off
        and sum(e[1] > start + flush for e in edges) <= off
        and ge - flush <= end
        and start <= gs + flush
    ):
        return (end, start)
    return None


def _two_columns(
    ln: TLine, a: float, b: float, lines: LineIndex, ink: np.ndarray, body: float, wide: float
) -> tuple[float, float] | None:
    """The gutter at the white ``a..b`` of ``ln`` where a stack of rows shows two columns of one measure."""
    h = ln.box.height
    flush, measure = STACK_FLUSH * body, STACK_MEASURE * body
    stack = _stack_gaps(ln, a, b, lines, ink, body)
    edges = [e for _, e in stack]
    n = len(edges)
    if n < STACK_ROWS:
        return None
    # (where the left column's ink ends, and the right column's starts)
    end, start = max(e[0] for e in edges), min(e[1] for e in edges)
    if start - end < wide:
        return None
    if (
        sum(e[0] >= end - flush for e in edges) < n - n // 4
        or sum(e[1] <= start + flush for e in edges) < n - n // 4
    ):
        return None
    # (Both columns are set flush, left and right, but for an indent and
    # a short last line; a row still merged with a third column is no
    # row of the two.)
    x0, x1 = min(o.box.x0 for o, _ in stack), max(o.box.x1 for o, _ in stack)
    if (
        sum(o.box.x0 <= x0 + 2 * o.size for o, _ in stack) < n - 1
        or sum(o.box.x1 >= x1 - o.size for o, _ in stack) < n - 1
    ):
        return None
    left, right = end - x0, x1 - start
    if abs(left - right) > 2 * measure:
        return None
    near = [
        o.box.width
        for o in lines.band(ln.box.y0 - COLUMN_REACH * h, ln.box.y1 + COLUMN_REACH * h)
        if not o.cross
        and all(o is not r for r, _ in stack)
        and max(o.size, ln.size) <= 1.35 * min(o.size, ln.size)
    ]
    # (Lines as wide as the stack's rows nearby: they are the columns.)
    peers = sum(min(abs(w - left), abs(w - right)) <= measure for w in near)
    rivals = sum(abs(w - (x1 - x0)) <= measure for w in near)
    return (end, start) if peers >= STACK_PEERS and peers > rivals else None


def other_headline(a: TLine | TBlock, b: TLine | TBlock, body: float) -> bool:
    """Whether Chinese display pieces ``a`` and ``b`` on one row are set in different type.

    Ideographs fill their boxes alike, so the pieces of one headline have one
    size and one baseline; side-by-side headlines of neighbouring articles
    differ in one or the other ("县消防救援大队开展冬季消防演练" beside
    "产业园区重点项目建设跑出加速度", a size smaller and set higher). Latin
    boxes vary with ascenders and descenders and are not judged this way.
    """
    if min(a.size, b.size) < 1.3 * body:
        return False
    if not (mostly_han(a.text) and mostly_han(b.text)):
        return False
    h = min(a.box.height, b.box.height)
    return (
        max(a.size, b.size) > OTHER_SIZE * min(a.size, b.size)
        or abs(a.box.y1 - b.box.y1) > OTHER_SHIFT * h
        or abs(a.box.y0 - b.box.y0) > OTHER_SHIFT * h
    )


def rebuild_lines(
    lines: list[TLine],
    rules: Sequence[Rule],
    frame: Frame,
    body: float = 0.0,
    gutters: GutterMap | None = None,
) -> list[TLine]:
    """Join pieces of one printed line; pieces across a gutter or vertical rule stay apart.

    A gap is a gutter when a white channel of the page image runs through it
    (``gutters``) or when the rows around leave it open (for pages where the
    channel is too short to show in the image).
    """
    index = LineIndex(lines)
    number = {id(ln): i for i, ln in enumerate(lines)}
    order = sorted(range(len(lines)), key=lambda i: lines[i].box.x0)
    right_of: dict[int, int] = {}
    left_of: dict[int, int] = {}
    for i in order:
        a = lines[i]
        if a.cross:
            continue
        best, best_gap = None, None
        for b in sorted(index.band(a.box.y0, a.box.y1), key=lambda o: o.box.x0):
            j = number[id(b)]
            if j == i or b.cross:
                continue
            apart = b.box.x0 >= a.box.x1 - 0.3 * a.box.height and _same_row(a, b)
            if not apart and not _seam_piece(a, b, body, gutters):
                continue
            gap = b.box.x0 - a.box.x1
            if gap > MAX_GAP * max(a.box.height, b.box.height):
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = j, gap
        if best is not None and best not in left_of:
            right_of[i] = best
            left_of[best] = i

    joined: dict[int, int] = {}
    for i, j in right_of.items():
        a, b = lines[i], lines[j]
        h = max(a.box.height, b.box.height)
        gap = b.box.x0 - a.box.x1
        if _rule_between(a.box, b.box, rules) or (body and _heads_a_column(a, b, index, body)):
            continue
        if body and other_headline(a, b, body):
            continue
        # A piece that starts a column of text is in that column, whatever the
        # gap (a display piece beside it heads the column to the left); not
        # between two display pieces, which may be one headline over a gutter.
        display = a.size > 1.3 * body and b.size > 1.3 * body
        if body and gap > 0 and not display and _column_start(a, b, index, rules, body):
            continue
        # (Only text type: between the words of a headline the white can run
        # up into the space above it.)
        text_type = body > 0 and max(a.size, b.size) <= 1.3 * body
        if (
            gutters is not None
            and text_type
            and gap > 0
            and gutters.strips(a.box.x1, b.box.x0, min(a.box.y0, b.box.y0), max(a.box.y1, b.box.y1))
        ):
            continue
        if gap > TIGHT_GAP * h:
            gutter = _is_gutter(a, b, index, rules)
            if gutter is True or (gutter is None and gap > LONE_GAP * h):
                continue
        joined[i] = j

    heads = [i for i in range(len(lines)) if i not in left_of or left_of[i] not in joined]
    out: list[TLine] = []
    for i in heads:
        chain = [i]
        while chain[-1] in joined:
            chain.append(joined[chain[-1]])
        out.append(lines[i] if len(chain) == 1 else _merge([lines[k] for k in chain], frame))
    if len(out) != len(lines):
        log.debug("rebuilt %d line pieces into %d lines", len(lines), len(out))
    return out
