"""Group lines into blocks: column fragments, title blocks, captions, furniture.

Lines are taken top to bottom; each joins the block whose last line sits
right above it (same type size, within the block's horizontal range, a normal
line gap away, nothing printed in between), or starts a new block. The line
gap that counts as "normal" is measured on the page itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import numpy as np

from scan2text.document import BBox
from scan2text.layout.frame import LineIndex, TBlock, TLine, box_gap_x
from scan2text.layout.roles import CAPS_TITLE, body_ink
from scan2text.layout.separators import Rule
from scan2text.textnorm import mostly_han

log = logging.getLogger(__name__)

# Lines of one block differ in size by at most this factor (lines flush with the
# block's measure: the second).
SIZE_RATIO = 1.2
NOISY_SIZE_RATIO = 1.45
# Display lines whose ink ratio is this many times a text line's are bold type.
HEAVIER = 1.3
# A flush line whose ink ratio is at most this share of its block's is a box grown
# over white: it may differ in size by this factor.
THIN_INK = 0.75
THIN_SIZE_RATIO = 1.75
# A bold Chinese kicker over its headline: both set heavier than text (ink
# ratio this many times body text's), the kicker smaller by this factor.
# Ideographs fill their em square whatever they are, so lines of one Chinese
# headline measure alike.
CJK_BOLD = 1.3
CJK_KICKER = 1.07
# A sentence's end at the end of a line: a full stop, question or
# exclamation mark after two small letters, or an ideographic one.
_ENDS_SENTENCE = re.compile(r"[a-zà-ÿ]{2}[.!?][\"”’')]?\s*$|[。！？][”’」』]?\s*$")
# Centres of consecutive lines stand at least this share of a box height apart.
ROW_PITCH = 0.7
# A paragraph break may add this much space (in line sizes) to the page's normal line gap.
EXTRA_GAP = 0.6


def typical_gap(lines: Sequence[TLine], body: float) -> float:
    """The page's normal gap between consecutive body lines, in pixels."""
    body_lines = sorted(
        (ln for ln in lines if not ln.cross and abs(ln.size - body) <= 0.2 * body), key=lambda ln: ln.box.y0
    )
    gaps: list[float] = []
    for i, a in enumerate(body_lines):
        best: float | None = None
        for b in body_lines[i + 1 :]:
            if b.box.y0 > a.box.y1 + 3 * body:
                break
            if b.box.y0 < a.box.y1 - 0.3 * body:
                continue
            if a.box.x_overlap(b.box) >= 0.8 * min(a.box.width, b.box.width):
                g = b.box.y0 - a.box.y1
                best = g if best is None else min(best, g)
        if best is not None:
            gaps.append(max(best, 0.0))
    if not gaps:
        return 0.4 * body
    return float(np.median(gaps))


def container_of(box: BBox, boxes: Sequence[Rule]) -> int:
    """Index of the innermost box frame holding ``box`` (by its centre); -1 for the page itself."""
    best, best_area = -1, float("inf")
    for i, r in enumerate(boxes):
        b = r.box
        if b.x0 <= box.cx <= b.x1 and b.y0 <= box.cy <= b.y1 and b.area < best_area:
            best, best_area = i, b.area
    return best


def rule_between(upper: BBox, lower: BBox, rules: Sequence[Rule], min_share: float = 0.3) -> bool:
    """True when a horizontal rule lies between two vertically stacked boxes, under a good part of them."""
    y0, y1 = upper.y1 - 2, lower.y0 + 2
    span = BBox(min(upper.x0, lower.x0), 0, max(upper.x1, lower.x1), 1)
    for r in rules:
        if r.kind == "vertical":
            continue
        ys = [r.box.cy] if r.kind == "horizontal" else [r.box.y0, r.box.y1]
        for y in ys:
            if y0 <= y <= y1:
                overlap = max(0.0, min(r.box.x1, span.x1) - max(r.box.x0, span.x0))
                if overlap >= min_share * min(upper.width, lower.width):
                    return True
    return False


def vertical_rule_between(a: BBox, b: BBox, rules: Sequence[Rule]) -> bool:
    """True when a vertical rule stands between two boxes side by side, over their common height."""
    left, right = (a, b) if a.cx <= b.cx else (b, a)
    lo, hi = max(a.y0, b.y0), min(a.y1, b.y1)
    for r in rules:
        if (
            r.kind == "vertical"
            and left.x1 - 2 <= r.box.cx <= right.x0 + 2
            and r.box.y0 < hi
            and r.box.y1 > lo
        ):
            return True
    return False


def _picture_between(upper: BBox, lower: BBox, pictures: Sequence[BBox]) -> bool:
    for p in pictures:
        if p.y0 >= upper.y1 - 2 and p.y1 <= lower.y0 + 2 and p.x_overlap(lower) > 0.3 * lower.width:
            return True
    return False


def _kicker_and_headline(a: TLine, b: TLine, heavy: float) -> bool:
    """Whether two bold Chinese lines, one over the other, differ in size: a kicker and its headline."""
    if min(a.ink, b.ink) < heavy or max(a.size, b.size) < CJK_KICKER * min(a.size, b.size):
        return False
    return mostly_han(a.text) and mostly_han(b.text)


def _fits(
    block: TBlock,
    line: TLine,
    row: Sequence[TLine],
    gap_norm: float,
    rules: Sequence[Rule],
    pictures: Sequence[BBox],
    title: bool,
    body: float,
    title_size: float,
    heavy: float = 0.0,
) -> float | None:
    """How well ``line`` continues ``block``: the vertical gap, or None when it does not.

    ``heavy``: the ink ratio from which a line is set in bold type (0: unknown).
    """
    last = block.lines[-1]
    if heavy > 0 and _kicker_and_headline(last, line, heavy):
        return None
    if last.cross or line.cross or last.furniture_kind != line.furniture_kind or last.caption != line.caption:
        return None
    # Capitals clearly taller than the text's are display type, whatever the
    # boxes measure (not judged where a line's capitals are too few to tell).
    if min(last.caps, line.caps) >= 0 and (last.caps >= CAPS_TITLE) != (line.caps >= CAPS_TITLE):
        return None
    lb, bb = line.box, block.box
    # The block's size: the median of its lines once it has a few (one
    # detector box can take in strokes of the lines around it), else that of
    # its last line.
    ref = block.size if len(block.lines) >= 3 else last.size
    small = min(ref, line.size)
    gap = lb.y0 - last.box.y1
    if max(ref, line.size) > SIZE_RATIO * small:
        # Detector boxes of one type size can differ in height by a quarter
        # (a box that takes in a stroke of the next line). A text line set flush
        # with the block's right edge, in its measure, is still one of its lines;
        # so is a box that looks like display type but sits in a justified
        # column at its line gap, flush with both its edges.
        flush = abs(lb.x1 - bb.x1) <= 0.5 * small and lb.x0 >= bb.x0 - 3 * small
        # (A lone display line, the last of a headline, shows no measure.)
        flush = flush and (len(block.lines) >= 2 or ref < title_size)
        # A paragraph's last line, short and ending a sentence, under text on
        # its left edge (or its last line's) is text too, however tall its box came out
        # (a trail of dots or specks after "next year.").
        on_edge = min(abs(lb.x0 - bb.x0), abs(lb.x0 - last.box.x0)) <= 0.5 * small
        short = lb.x1 < bb.x1 - small
        flush = flush or (
            max(ref, line.size) < title_size and on_edge and short and bool(_ENDS_SENTENCE.search(line.text))
        )
        # Nor does a headline that fills a narrow column: its lines are set in
        # heavier strokes than the text under it, lines whose boxes merely came
        # out tall are not.
        if ref >= title_size and line.ink > 0 and block.ink >= HEAVIER * line.ink:
            flush = False
        if title:
            # (It may open a paragraph, indented.)
            flush = (
                flush
                and len(block.lines) >= 2
                and ref <= SIZE_RATIO * body
                and -0.5 * small <= lb.x0 - bb.x0 <= 3 * small
            )
            flush = flush and gap <= (gap_norm + 0.2) * small
        # A box grown over white (its ink share well under the block's) may
        # come out taller still and be the same type.
        thin = line.ink > 0 and block.ink > 0 and line.ink <= THIN_INK * block.ink
        if not flush or max(ref, line.size) > (THIN_SIZE_RATIO if thin else NOISY_SIZE_RATIO) * small:
            return None
        title = False
    # Boxes of neighbouring rows overlap a little; the boxes of a line the
    # detector ran across a gutter and that was cut apart may overlap the row
    # above more, but their centres still stand a line's pitch apart.
    below = gap >= -0.3 * line.size or lb.cy - last.box.cy >= ROW_PITCH * min(lb.height, last.box.height)
    if not below or gap > (gap_norm + EXTRA_GAP) * line.size:
        return None
    overlap = lb.x_overlap(bb)
    if title:
        # Headline lines may be centred or staggered; they need only overlap.
        if overlap < 0.3 * min(lb.width, bb.width):
            return None
    else:
        tol = line.size
        # A block of one or two lines does not show its measure yet: its first
        # line may be an indented paragraph opening (the next line starts up to
        # an indent further left) or a paragraph's short last line (the next
        # line runs on further right). Its left edge still has to agree.
        young = len(block.lines) <= 2 and abs(lb.x0 - bb.x0) <= 3 * line.size
        if lb.x0 < bb.x0 - (3 * line.size if young else tol) or overlap < 0.5 * min(lb.width, bb.width):
            return None
        # Ragged-right text shows its measure only on its longest lines; the
        # left edge is the sure one, so a line on that edge may run further right.
        if lb.x1 > bb.x1 + tol and not young and abs(lb.x0 - bb.x0) > tol:
            return None
        # Two lines of this row both under the block: the block's text splits
        # into columns here, so neither line continues it.
        for other in row:
            if (
                other is not line
                and not other.cross
                and other.box.x_overlap(bb) > 0.5 * other.box.width
                and max(other.size, line.size) <= SIZE_RATIO * min(other.size, line.size)
            ):
                return None
        # A narrow line that touches neither edge of a wide block is not one of its lines.
        if (
            lb.width < 0.6 * bb.width
            and abs(lb.x0 - bb.x0) > 3 * line.size
            and abs(lb.x1 - bb.x1) > 1.5 * line.size
        ):
            return None
    if rule_between(last.box, lb, rules) or _picture_between(last.box, lb, pictures):
        return None
    return gap


def build_blocks(
    lines: Sequence[TLine],
    body: float,
    rules: Sequence[Rule],
    pictures: Sequence[BBox],
    title_size: float,
    id_prefix: str,
) -> list[TBlock]:
    """Blocks of lines (frame coordinates), each with its lines top to bottom.

    ``title_size`` is the size from which a line counts as display type
    (headline-like), where the looser alignment rules of headlines apply.
    """
    gap_norm = typical_gap(lines, body) / max(body, 1.0)
    heavy = CJK_BOLD * body_ink(lines, body)
    boxes = [r for r in rules if r.kind == "box"]
    ordered = sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0))
    blocks: list[TBlock] = []
    open_blocks: list[TBlock] = []
    holder: dict[int, int] = {}
    index = LineIndex(ordered)
    for ln in ordered:
        row = [
            o
            for o in index.band(ln.box.y0, ln.box.y1)
            if o.box.y_overlap(ln.box) >= 0.5 * min(o.box.height, ln.box.height)
        ]
        where = container_of(ln.box, boxes)
        best: TBlock | None = None
        best_key: tuple[float, float] | None = None
        for b in open_blocks:
            if holder[id(b)] != where:
                continue
            gap = _fits(b, ln, row, gap_norm, rules, pictures, ln.size >= title_size, body, title_size, heavy)
            if gap is None:
                continue
            key = (gap, -ln.box.x_overlap(b.box))
            if best_key is None or key < best_key:
                best, best_key = b, key
        if best is None:
            best = TBlock(id="", lines=[])
            blocks.append(best)
            open_blocks.append(best)
            holder[id(best)] = where
        best.lines.append(ln)
        # Blocks whose last line is far above cannot grow any more: drop them
        # from the search to keep this linear-ish on dense pages.
        open_blocks = [b for b in open_blocks if b.lines[-1].box.y1 > ln.box.y0 - 6 * max(body, ln.size)]
    blocks = _group_cross(blocks)
    for i, b in enumerate(blocks):
        b.id = f"{id_prefix}{i + 1:04d}"
        b.furniture_kind = b.lines[0].furniture_kind
        if b.furniture_kind:
            b.role = "furniture"
    log.debug("%d lines -> %d blocks", len(lines), len(blocks))
    return blocks


def _group_cross(blocks: list[TBlock]) -> list[TBlock]:
    """Merge single lines set across the page's direction (a vertical headline of two lines)."""
    cross = [b for b in blocks if b.lines[0].cross]
    rest = [b for b in blocks if not b.lines[0].cross]
    merged: list[TBlock] = []
    for b in sorted(cross, key=lambda b: b.box.x0):
        for m in merged:
            mb = m.box
            if box_gap_x(mb, b.box) <= 0.8 * b.size and mb.y_overlap(b.box) >= 0.5 * min(
                mb.height, b.box.height
            ):
                m.lines.append(b.lines[0])
                break
        else:
            merged.append(b)
    for m in merged:
        # Vertical lines on a horizontal page read right to left.
        m.lines.sort(key=lambda ln: -ln.box.x0)
    return rest + merged
