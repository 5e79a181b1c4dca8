"""Article assembly: which blocks belong together, in what order, over what region.

Each title group governs the body text below it: the blocks in the columns
its headline spans (the span is widened to the columns of the blocks right
under the title), down to the first thing that ends an article in that
column: a horizontal rule, a box frame edge or another title. Blocks inside
a box frame belong only to titles in the same box. A body column can run on
past the headline's span: a block at the top of the next column to the right,
in the same band under the same rule, continues the article. Body blocks that
no title governs are grouped by column continuation into articles without a
headline.

Within an article, blocks are read by recursive cuts: columns left to right
(in the layout frame, which turns vertical pages so that this means right to
left on the page), and top to bottom inside a column.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry import box as sbox
from shapely.ops import unary_union

from scan2text.disjoint import DisjointSets
from scan2text.document import BBox, Point
from scan2text.layout.blocks import container_of, vertical_rule_between
from scan2text.layout.frame import TBlock, box_gap_x
from scan2text.layout.separators import Rule
from scan2text.layout.titles import TitleGroup

log = logging.getLogger(__name__)

# How sure the assembly is of each way a unit joins an article.
GOVERNED = 1.0
SIDE_TITLE = 0.85
CONTINUED = 0.7
HEADLESS = 0.6
# A title's text (or photo) starts within this many body sizes under it.
FIRST_ROW = 6.0
# Blocks of one column stand at most this many body sizes apart.
STACK_GAP = 2.5
# Text starting this far down a title's box (a share of its height) may be a
# row the title's detector box took in.
TOOK_IN = 0.5


@dataclass
class Unit:
    """Something an article is made of: a body block, or a picture (with its caption)."""

    box: BBox
    block: TBlock | None = None
    picture: int | None = None
    caption: TBlock | None = None
    container: int = -1
    article: int | None = None
    confidence: float = 0.0


@dataclass
class Draft:
    """An article as assembled: its title group (if any) and its units in reading order."""

    title: TitleGroup | None
    units: list[Unit] = field(default_factory=list)
    region: list[list[Point]] = field(default_factory=list)

    @property
    def first_box(self) -> BBox:
        if self.title is not None:
            return self.title.box
        return self.units[0].box

    @property
    def confidence(self) -> float:
        if not self.units:
            return 0.3
        conf = sum(u.confidence for u in self.units) / len(self.units)
        return conf if self.title is not None else conf * 0.9


def _blocked(
    top: float, box: BBox, rules: Sequence[Rule], titles: Sequence[TitleGroup], own: TitleGroup | None
) -> bool:
    """True when a rule, box edge or another title lies between ``top`` and ``box`` over the box's column."""
    bottom = box.y0 + 1
    for r in rules:
        if r.kind == "vertical":
            continue
        ys = [r.box.cy] if r.kind == "horizontal" else [r.box.y0, r.box.y1]
        if any(top < y < bottom for y in ys) and r.box.x_overlap(box) >= 0.5 * box.width:
            return True
    for t in titles:
        if t is own:
            continue
        tb = t.box
        # (A title whose box took in the first row under it stands between
        # as well: it starts above the unit and runs past the unit's top.)
        if (top < tb.cy < bottom or top < tb.y0 < bottom < tb.y1) and tb.x_overlap(box) >= 0.3 * box.width:
            return True
    return False


def _govern(
    t: TitleGroup, units: Sequence[Unit], rules: Sequence[Rule], titles: Sequence[TitleGroup], body: float
) -> list[tuple[Unit, float, float]]:
    """The units title ``t`` governs, each with its distance below the title and a confidence."""
    tb = t.head_box
    mine = [u for u in units if u.container == t.container]
    # The first row under the title: the nearest units below it (a photo's
    # detected top can lie a little lower than the photo).
    # (A title's box may have taken in the first row of text under it: that
    # text starts in the lower part of the title box and runs on below it.)
    below = [
        u
        for u in mine
        if (
            tb.y1 - 0.5 * body <= u.box.y0
            or (tb.y0 + TOOK_IN * tb.height <= u.box.y0 and u.box.y1 >= tb.y1 + body)
        )
        and u.box.y0 <= tb.y1 + FIRST_ROW * body
        and u.box.x_overlap(tb) >= 0.1 * u.box.width
        and not _blocked(tb.y1 - 1, u.box, rules, titles, t)
    ]
    nearest = min((u.box.y0 for u in below), default=0.0)
    first = [u for u in below if u.box.y0 <= nearest + 3 * body]
    top, conf = tb.y1 - 0.5 * body, GOVERNED
    if not first:
        # A title beside its text (a side headline): the text starts level with it.
        first = [
            u
            for u in mine
            if abs(u.box.y0 - tb.y0) <= 2 * body
            and box_gap_x(u.box, tb) <= 2 * body
            and u.box.x_overlap(tb) < 0.1 * u.box.width
        ]
        top, conf = tb.y0 - body, SIDE_TITLE
    if not first:
        return []
    span = BBox.union_all([tb] + [u.box for u in first])
    claims: list[tuple[Unit, float, float]] = []
    for u in mine:
        # (A first-row unit may start inside the title's box; no other may.)
        if (u.box.y0 < top and not any(u is f for f in first)) or u.box.x_overlap(span) < 0.5 * u.box.width:
            continue
        if _blocked(tb.y1 - 1 if conf == GOVERNED else top, u.box, rules, titles, t):
            continue
        claims.append((u, u.box.y0 - tb.y1, conf))
    return claims


def _band_top(t: TitleGroup, rules: Sequence[Rule], content_top: float) -> float:
    """The y of the rule (or page content top) right above a title, over the title's width."""
    best = content_top
    for r in rules:
        if r.kind == "vertical":
            continue
        for y in [r.box.cy] if r.kind == "horizontal" else [r.box.y0, r.box.y1]:
            if best < y <= t.box.y0 and r.box.x_overlap(t.box) > 0.3 * t.box.width:
                best = y
    return best


def _continue_right(
    drafts: list[Draft],
    units: Sequence[Unit],
    rules: Sequence[Rule],
    titles: Sequence[TitleGroup],
    body: float,
    content_top: float,
) -> None:
    """Attach free blocks at the top of the column right of an article (text running on past the span), and those stacked under them."""
    changed = True
    while changed:
        changed = False
        for k, d in enumerate(drafts):
            if d.title is None or not any(u.block is not None for u in d.units):
                continue
            text_units = [u for u in d.units if u.block is not None]
            right, last = _last_column(text_units, body)
            band = _band_top(d.title, rules, content_top)
            # The next column's text starts level with the title's foot, or
            # with the text under it (a jump line may stand between).
            level = max(d.title.box.y1, min(u.box.y0 for u in text_units))
            for u in units:
                if u.article is not None or u.block is None or u.container != d.title.container:
                    continue
                ub = u.box
                if not (right - body <= ub.x0 <= right + 3 * body):
                    continue
                # (Not above the title: the story under a lower title does not
                # run on into the top of a column beside the one above it.)
                if not (max(band, d.title.box.y0) - body <= ub.y0 <= level + 2 * body):
                    continue
                if _blocked(band + 1, ub, rules, titles, d.title) or vertical_rule_between(
                    last.box, ub, rules
                ):
                    continue
                # The column before must be full: its text runs down at least as far as this block.
                if last.box.y1 < ub.y1 - 3 * body:
                    continue
                u.article, u.confidence = k, CONTINUED
                d.units.append(u)
                _follow_column(d, k, u, units, rules, titles, body)
                changed = True
                break


def _last_column(text_units: Sequence[Unit], body: float) -> tuple[float, Unit]:
    """The right edge of the last column an article's text units fill, and its lowest unit.

    The edge is the median right end of that column's lines: one line the
    detector ran on into the next column's first word does not move it.
    """
    start = max(u.box.x0 for u in text_units)
    half = 0.5 * float(np.median([u.box.width for u in text_units]))
    column = [u for u in text_units if u.box.x0 > start - max(half, body)]
    ends = [ln.box.x1 for u in column if u.block is not None for ln in u.block.lines]
    return float(np.median(ends)), max(column, key=lambda u: u.box.y1)


def _follow_column(
    d: Draft,
    k: int,
    top: Unit,
    units: Sequence[Unit],
    rules: Sequence[Rule],
    titles: Sequence[TitleGroup],
    body: float,
) -> None:
    """Attach the free blocks stacked under ``top`` in its column (a crosshead, the text after it) to draft ``k``.

    A column the story runs on into can be in several blocks; nothing but a
    rule or another title ends the story in it.
    """
    last = top
    while True:
        lb = last.box
        nxt = [
            u
            for u in units
            if u.article is None
            and u.block is not None
            and u.container == top.container
            # (Under it: lower at both edges, the top by a third of a line at
            # least. Detector boxes of adjacent blocks can overlap by more
            # than half a line.)
            and u.box.y0 > lb.y0 + 0.3 * body
            and u.box.y1 > lb.y1
            and _stacked(lb, u.box, rules, titles, body)
        ]
        if not nxt:
            return
        last = min(nxt, key=lambda u: u.box.y0)
        last.article, last.confidence = k, CONTINUED
        d.units.append(last)


def _stacked(
    upper: BBox, lower: BBox, rules: Sequence[Rule], titles: Sequence[TitleGroup], body: float
) -> bool:
    """Whether ``lower`` carries on the column of ``upper``: under most of it, close, nothing between."""
    return (
        upper.x_overlap(lower) >= 0.5 * min(upper.width, lower.width)
        and lower.y0 - upper.y1 <= STACK_GAP * body
        and not _blocked(upper.y1 - 1, lower, rules, titles, None)
    )


def _headless(
    units: Sequence[Unit], rules: Sequence[Rule], titles: Sequence[TitleGroup], body: float
) -> list[list[Unit]]:
    """Group free body blocks into articles without a title, by column continuation."""
    free = [u for u in units if u.article is None and u.block is not None]
    sets = DisjointSets(len(free))

    for i, a in enumerate(free):
        for j, b in enumerate(free):
            if j <= i or a.container != b.container:
                continue
            ab, bb = a.box, b.box
            upper, lower = (ab, bb) if ab.y0 <= bb.y0 else (bb, ab)
            stacked = _stacked(upper, lower, rules, titles, body)
            beside = (
                box_gap_x(ab, bb) <= 3 * body
                and ab.x_overlap(bb) < 0.2 * min(ab.width, bb.width)
                and abs(ab.y0 - bb.y0) <= 2 * body
                and not vertical_rule_between(ab, bb, rules)
            )
            if stacked or beside:
                sets.union(i, j)
    return [[free[i] for i in idx] for idx in sets.groups()]


def assemble(
    titles: Sequence[TitleGroup], units: list[Unit], rules: Sequence[Rule], body: float
) -> list[Draft]:
    """Articles (in page reading order) from title groups and units."""
    content_top = min([u.box.y0 for u in units] + [t.box.y0 for t in titles], default=0.0)
    best: dict[int, tuple[float, float, int]] = {}
    for k, t in enumerate(titles):
        for u, dist, conf in _govern(t, units, rules, titles, body):
            key = (-conf, dist, k)
            if id(u) not in best or key < best[id(u)]:
                best[id(u)] = key
    drafts = [Draft(title=t) for t in titles]
    for u in units:
        if id(u) in best:
            conf, _, k = best[id(u)]
            u.article, u.confidence = k, -conf
            drafts[k].units.append(u)
    _continue_right(drafts, units, rules, titles, body, content_top)
    for group in _headless(units, rules, titles, body):
        k = len(drafts)
        for u in group:
            u.article, u.confidence = k, HEADLESS
        drafts.append(Draft(title=None, units=group))
    _attach_pictures(drafts, units, body)
    drafts = [d for d in drafts if d.title is not None or d.units]
    for d in drafts:
        d.units = _reading_order([u for u in d.units if u.block is not None], body) + [
            u for u in d.units if u.block is None
        ]
    return _page_order(drafts, body)


def _attach_pictures(drafts: list[Draft], units: Sequence[Unit], body: float) -> None:
    """Give each free picture to the article whose text surrounds it most closely."""
    for u in units:
        if u.article is not None or u.picture is None:
            continue
        grown = sbox(u.box.x0, u.box.y0, u.box.x1, u.box.y1).buffer(2 * body)
        best, best_area = None, 0.0
        for k, d in enumerate(drafts):
            boxes = [v.box for v in d.units if v.block is not None]
            if d.title is not None:
                boxes.append(d.title.box)
            if not boxes:
                continue
            area = unary_union([sbox(b.x0, b.y0, b.x1, b.y1) for b in boxes]).intersection(grown).area
            if area > best_area:
                best, best_area = k, area
        if best is not None:
            u.article, u.confidence = best, CONTINUED
            drafts[best].units.append(u)


def _core(u: Unit) -> BBox:
    """The box most of a unit's lines agree on: one sloppy detector box poking into the gutter does not count."""
    if u.block is None or len(u.block.lines) < 2:
        return u.box
    if len(u.block.lines) == 2:
        # Two lines agree on what they share.
        a, b = (ln.box for ln in u.block.lines)
        x0, x1 = max(a.x0, b.x0), min(a.x1, b.x1)
        return BBox(x0, u.box.y0, max(x0, x1), u.box.y1)
    x0s = sorted(ln.box.x0 for ln in u.block.lines)
    x1s = sorted(ln.box.x1 for ln in u.block.lines)
    k = len(x0s) // 5
    return BBox(x0s[k], u.box.y0, max(x1s[len(x1s) - 1 - k], x0s[k]), u.box.y1)


def _cut(units: list[Unit], axis: int, tol: float) -> list[list[Unit]]:
    """Split units into runs separated by gaps along x (axis 0) or y (axis 1)."""
    key = (lambda u: (_core(u).x0, _core(u).x1)) if axis == 0 else (lambda u: (u.box.y0, u.box.y1))
    ordered = sorted(units, key=key)
    groups: list[list[Unit]] = [[ordered[0]]]
    reach = key(ordered[0])[1]
    for u in ordered[1:]:
        lo, hi = key(u)
        if lo >= reach - tol:
            groups.append([u])
        else:
            groups[-1].append(u)
        reach = max(reach, hi)
    return groups


def _reading_order(units: list[Unit], body: float) -> list[Unit]:
    """Recursive cuts: columns left to right first, then top to bottom."""
    if len(units) <= 1:
        return list(units)
    for axis in (0, 1):
        groups = _cut(units, axis, 0.3 * body)
        if len(groups) > 1:
            return [u for g in groups for u in _reading_order(g, body)]
    # No clean cut: top to bottom, and units that start on one level (two
    # columns under one headline, a pixel apart in height) left to right.
    rows: list[list[Unit]] = []
    for u in sorted(units, key=lambda u: u.box.y0):
        if rows and u.box.y0 - rows[-1][0].box.y0 <= 0.5 * body:
            rows[-1].append(u)
        else:
            rows.append([u])
    return [u for row in rows for u in sorted(row, key=lambda u: u.box.x0)]


def _page_order(drafts: list[Draft], body: float) -> list[Draft]:
    """Articles top to bottom by their first block; articles starting on one level, left to right."""
    ordered = sorted(drafts, key=lambda d: d.first_box.y0)
    rows: list[list[Draft]] = []
    for d in ordered:
        if rows and d.first_box.y0 - rows[-1][0].first_box.y0 <= 2 * body:
            rows[-1].append(d)
        else:
            rows.append([d])
    return [d for row in rows for d in sorted(row, key=lambda d: d.first_box.x0)]


def regions(drafts: Sequence[Draft], body: float) -> None:
    """Each article's region: its blocks' boxes closed over gutters and gaps, minus other articles."""

    def boxes_of(d: Draft) -> list[BBox]:
        out = [u.box for u in d.units] + [u.caption.box for u in d.units if u.caption is not None]
        if d.title is not None:
            out += [b.box for b in d.title.blocks]
        return out

    d_close = 1.2 * body
    shapes = [unary_union([sbox(b.x0, b.y0, b.x1, b.y1) for b in boxes_of(d)]) for d in drafts]
    for k, d in enumerate(drafts):
        if shapes[k].is_empty:
            continue
        closed = shapes[k].buffer(d_close, join_style=2).buffer(-d_close, join_style=2)
        others = [s for j, s in enumerate(shapes) if j != k and not s.is_empty]
        if others:
            closed = closed.difference(unary_union(others))
        closed = closed.union(shapes[k])
        polys = (
            list(closed.geoms)
            if isinstance(closed, MultiPolygon)
            else [closed]
            if isinstance(closed, Polygon)
            else []
        )
        d.region = [
            [(float(x), float(y)) for x, y in list(p.simplify(1.0).exterior.coords)[:-1]]
            for p in polys
            if p.area >= 4 * body * body
        ]


def make_units(
    blocks: Sequence[TBlock], pictures: Sequence[BBox], captions: dict[int, TBlock], rules: Sequence[Rule]
) -> list[Unit]:
    """Units for assembly: body blocks and pictures, each in its box frame."""
    boxes = [r for r in rules if r.kind == "box"]
    units = [
        Unit(box=b.box, block=b, container=container_of(b.box, boxes)) for b in blocks if b.role == "body"
    ]
    for i, p in enumerate(pictures):
        units.append(Unit(box=p, picture=i, caption=captions.get(i), container=container_of(p, boxes)))
    return units
