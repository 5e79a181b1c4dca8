"""Title groups: the kicker, headline and subheadline blocks that open an article.

Display-type blocks that sit close together (stacked, or side by side on one
row) with no rule between them form one title group. In a group the blocks
set in the largest type are the headline; smaller blocks above it are the
kicker (引题), smaller blocks below it the subheadline (副题). A block of
body-size type right under a headline that starts with a dash ("——") is a
subheadline too, and a byline set under the headline is the byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from scan2text.bylines import is_byline_line
from scan2text.disjoint import DisjointSets
from scan2text.document import BBox
from scan2text.layout.blocks import container_of, rule_between, vertical_rule_between
from scan2text.layout.frame import TBlock, box_gap_x, box_gap_y
from scan2text.layout.lines import other_headline
from scan2text.layout.separators import Rule
from scan2text.textnorm import mostly_han

_DASH = re.compile(r"^\s*[—–\-―]{1,3}")
# Letters that stand between the baseline and the x-height: a line of only
# these has a box about this many times shorter than its type size.
_X_LETTERS = set("acemnorsuvwxz")
X_HEIGHT_BOX = 1.6
# A deck split off the top of a text block has at most this many lines, each
# within this size factor of its first.
DECK_LINES = 3
DECK_SAME = 1.08
# In a Chinese title group, blocks at least this share of the largest size are headline.
CJK_HEAD = 0.88
# A title block in capitals whose letters stand at least this share of the
# headline's is headline too.
CAPS_HEAD = 0.85
# A Latin deck's x-height is at least this many times that of the text.
DECK_X_HEIGHT = 1.06
# Two Latin title lines are one type when their x-heights are within this ratio.
X_HEIGHT_MATCH = 0.85
_SENTENCE_END = ("。", "！", "？", ".", "!", "?", "”", '"')


@dataclass
class TitleGroup:
    """The title blocks of one article, top to bottom, with the box frame they sit in."""

    blocks: list[TBlock]
    container: int

    @property
    def box(self) -> BBox:
        return BBox.union_all([b.box for b in self.blocks])

    @property
    def head_box(self) -> BBox:
        """The box of the display blocks alone: a byline under the title may sit in the first row of text."""
        heads = [b.box for b in self.blocks if b.role != "byline"]
        return BBox.union_all(heads) if heads else self.box

    def text_of(self, role: str) -> str | None:
        """The group's text for one role (lines and blocks joined by spaces, row by row), or None."""
        parts = [
            " ".join(ln.text.strip() for ln in b.lines)
            for b in _rows_order([b for b in self.blocks if b.role == role])
        ]
        text = " ".join(p for p in parts if p)
        return text or None


def _rows_order(blocks: list[TBlock]) -> list[TBlock]:
    """Blocks top to bottom, and left to right within a row (pieces of one title line)."""
    rows: list[list[TBlock]] = []
    for b in sorted(blocks, key=lambda b: b.box.cy):
        if rows and b.box.y_overlap(rows[-1][0].box) >= 0.5 * min(b.box.height, rows[-1][0].box.height):
            rows[-1].append(b)
        else:
            rows.append([b])
    return [b for row in rows for b in sorted(row, key=lambda b: b.box.x0)]


def _text_between(upper: BBox, lower: BBox, text: Iterable[TBlock], body: float) -> bool:
    """Whether a block of ``text`` stands between ``upper`` and ``lower``, under (most of) one and over the other."""
    return any(
        t.box.y0 >= upper.y1 - 0.5 * body
        and t.box.y1 <= lower.y0 + 0.5 * body
        and min(t.box.x_overlap(upper), t.box.x_overlap(lower))
        > 0.5 * min(t.box.width, upper.width, lower.width)
        for t in text
    )


# A headline this many times wider than a display block under it may stand over
# a column of text beside it.
WIDER = 1.5


def _beside_wider(upper: BBox, lower: BBox, text: Sequence[TBlock], body: float) -> bool:
    """Whether ``lower`` is a headline of its own, in one column under a wider headline.

    The wider headline's text already runs beside it, starting level with it
    (a deck stands between its headline and all of the text), and text of
    its own runs under it ("33 ISSUED PERMITS TO RE-ENTER PACIFIC COAST" over
    "SEVEN FAMILIES / MAY RETURN HOME" in its first column; Topaz Times 1944).
    """
    if upper.width < WIDER * lower.width:
        return False
    beside = any(
        t.box.x_overlap(upper) > 0.5 * t.box.width
        and t.box.x_overlap(lower) <= 0
        and upper.y1 - 0.5 * body <= t.box.y0 < lower.y1
        for t in text
    )
    under = any(
        t.box.x_overlap(lower) > 0.5 * min(t.box.width, lower.width)
        and -0.5 * body <= t.box.y0 - lower.y1 <= 2 * body
        for t in text
    )
    return beside and under


def _linked(
    a: TBlock,
    b: TBlock,
    rules: Sequence[Rule],
    text: Sequence[TBlock],
    body: float,
    display: Sequence[TBlock] = (),
) -> bool:
    ab, bb = a.box, b.box
    size = max(a.size, b.size)
    upper, lower = (ab, bb) if ab.cy <= bb.cy else (bb, ab)
    if box_gap_y(ab, bb) <= 0.9 * size and ab.x_overlap(bb) >= 0.2 * min(ab.width, bb.width):
        # (Running text set between them parts them, as a rule does: a
        # headline's first lines of text over the banner of an advert.)
        return (
            not _text_between(upper, lower, text, body)
            and not _beside_wider(upper, lower, text, body)
            and not rule_between(upper, lower, rules, 0.5)
        )
    # Pieces of one headline on a row are set in one size a word space apart;
    # two headlines side by side are a gutter (and often a column rule) apart,
    # and the right one starts where the column of text under it starts.
    same_row = ab.y_overlap(bb) >= 0.5 * min(ab.height, bb.height) and size <= 1.15 * min(a.size, b.size)
    if not same_row or box_gap_x(ab, bb) > 1.1 * size or vertical_rule_between(ab, bb, rules):
        return False
    if other_headline(a, b, body):
        return False
    rb = a if ab.x0 > bb.x0 else b
    right = rb.box
    if any(
        abs(t.box.x0 - right.x0) <= 0.5 * body and 0 <= t.box.y0 - right.y1 <= 3 * size and len(t.lines) >= 3
        for t in text
    ):
        return False
    # The right piece's headline goes on in lines of its own under it,
    # starting where it starts: a headline of two lines or more stands
    # beside the left piece (one headline run on wraps to its left edge).
    if len(rb.lines) >= 2 and all(abs(ln.box.x0 - right.x0) <= 0.3 * size for ln in rb.lines):
        return False
    return not any(
        d is not a
        and d is not b
        and abs(d.box.x0 - right.x0) <= 0.3 * size
        and -0.3 * size <= d.box.y0 - right.y1 <= 0.6 * size
        for d in display
    )


def group_titles(
    display: Sequence[TBlock], rules: Sequence[Rule], text: Sequence[TBlock], body: float
) -> list[TitleGroup]:
    """Group display blocks into title groups and set each block's role.

    ``text`` are the blocks of text type (to tell two headlines side by side
    from one headline set in two pieces).
    """
    boxes = [r for r in rules if r.kind == "box"]
    sets = DisjointSets(len(display))

    where = [container_of(b.box, boxes) for b in display]
    for i in range(len(display)):
        for j in range(i + 1, len(display)):
            if where[i] == where[j] and _linked(display[i], display[j], rules, text, body, display):
                sets.union(i, j)
    groups = [
        TitleGroup(sorted((display[i] for i in idx), key=lambda b: (b.box.y0, b.box.x0)), where[idx[0]])
        for idx in sets.groups()
    ]
    for g in groups:
        _set_roles(g)
    return sorted(groups, key=lambda g: (g.box.y0, g.box.x0))


def _set_roles(group: TitleGroup) -> None:
    top = max(b.size for b in group.blocks)
    # Kickers and decks are set clearly smaller than the headline (about half
    # to two thirds of it); measured box heights of one Latin headline vary
    # with ascenders, descenders and capitals by up to a quarter.
    # Ideographs fill their em square whatever they are: lines of one Chinese
    # headline measure alike, so a kicker a fifth smaller is a kicker still.
    top_block = max(group.blocks, key=lambda b: b.size)
    cjk_top = mostly_han(top_block.text)
    heads = [
        b
        for b in group.blocks
        if (
            b.size >= (CJK_HEAD if cjk_top and mostly_han(b.text) else 0.7) * top
            and _same_x_height(b, top_block) is not False
        )
        # Lines in capitals measure their type by their letters, whatever their boxes.
        or (_caps(b) > 0 and _caps(top_block) > 0 and _caps(b) >= CAPS_HEAD * _caps(top_block))
    ]
    # A headline line set flush under another at headline leading, starting
    # where it starts, is the same headline even when its box came out
    # shorter (a Latin line without capitals or descenders, or the line above
    # came out taller: a box cut off a detector box that ran over two rows).
    grew = True
    while grew:
        grew = False
        for b in group.blocks:
            if b in heads:
                continue
            size = _type_size(b)
            if any(
                (
                    # Lines of one Latin type: the headline's first lines, over a
                    # last line whose box came out tallest, are headline too.
                    (
                        -0.3 * top <= b.box.y0 - h.box.y1 <= 0.35 * top
                        or -0.3 * top <= h.box.y0 - b.box.y1 <= 0.35 * top
                    )
                    if _same_x_height(b, h)
                    else _same_x_height(b, h) is None
                    and (size >= 0.6 * top or size >= 0.75 * _type_size(h))
                    and -0.3 * top <= b.box.y0 - h.box.y1 <= 0.35 * top
                )
                and abs(b.box.x0 - h.box.x0) <= 0.15 * top
                for h in heads
            ):
                heads.append(b)
                grew = True
    heads.sort(key=lambda b: (b.box.y0, b.box.x0))
    first, last = heads[0].box.y0, max(b.box.y1 for b in heads)
    for b in group.blocks:
        if b in heads:
            b.role = "headline"
        elif b.box.cy < first or (b.box.y1 <= heads[0].box.cy and b.box.x_overlap(heads[0].box) > 0):
            # (Above the headline, or standing over its first line in a box
            # that took in more than that line.)
            b.role = "kicker"
        elif b.box.cy > last and is_byline_line(b.text.replace("\n", " ")):
            b.role = "byline"
        else:
            b.role = "subheadline"


def _caps(b: TBlock) -> float:
    """A title block's capital height over the text's when all its lines are set in capitals (0 otherwise)."""
    return (
        float(np.median([ln.caps for ln in b.lines]))
        if b.lines and all(ln.caps > 0 for ln in b.lines)
        else 0.0
    )


def _same_x_height(a: TBlock, b: TBlock) -> bool | None:
    """Whether two Latin title blocks are set in one type, by their x-heights (None: not both measured).

    Box heights of one Latin headline's lines differ by a quarter with their
    capitals, ascenders and descenders ("over downtown" under "Residents
    split"); their x-heights do not, and a deck's is clearly smaller.
    """
    if a.x_height <= 0 or b.x_height <= 0:
        return None
    return min(a.x_height, b.x_height) >= X_HEIGHT_MATCH * max(a.x_height, b.x_height)


def _type_size(b: TBlock) -> float:
    """A title block's type size from its box: a Latin line of letters without
    ascenders or descenders ("scam", "new era") has a box about the x-height tall."""
    letters = [c for c in b.text if c.isalpha()]
    return b.size * X_HEIGHT_BOX if letters and all(c in _X_LETTERS for c in letters) else b.size


def attach_decks(
    groups: Sequence[TitleGroup],
    blocks: Sequence[TBlock],
    rules: Sequence[Rule],
    body: float,
    ink: float,
    body_xh: float = 0.0,
) -> list[TBlock]:
    """Take text-size blocks next to a headline into its group.

    Below the headline: dash-led decks (subheadline) and bylines. Above it: a
    short block set larger or bolder than body text is a kicker. Text type
    only joins a group when it sits within one headline size of it. A deck
    run into the column below is split off that column's block; the new
    blocks are returned.
    """
    extra: list[TBlock] = []
    for g in groups:
        size = max(b.size for b in g.blocks)
        # (build_blocks gives the blocks top to bottom: the upper part of a
        # deck is the deck before the part under it is judged, so it does not
        # count as text between.)
        for b in list(blocks) + extra:
            deck = _leading_deck(b, g, size, blocks, body, body_xh)
            if deck is not None:
                extra.append(deck)
                g.blocks.append(deck)
                continue
            if b.role != "body" or len(b.lines) > 2:
                continue
            gb, bb = g.box, b.box
            if bb.x_overlap(gb) < 0.5 * bb.width:
                continue
            text = b.text.replace("\n", " ")
            # (Detector boxes of neighbouring lines may touch or overlap a little.)
            # (A title box can come out tall enough to reach over the deck under
            # it: a deck may start in the title box's lower part.)
            under = -0.3 * body <= bb.y0 - gb.y1 or (
                bb.y0 >= gb.y0 + 0.6 * gb.height and bb.y1 > gb.y1 - 0.1 * body
            )
            # (Nor when lines of text stand between it and the title: it is a
            # line further down a column.)
            under = under and not _text_between(
                gb, bb, (t for t in blocks if t is not b and t.role == "body"), body
            )
            if under and bb.y0 - gb.y1 <= 0.9 * size and not rule_between(gb, bb, rules, 0.5):
                if _DASH.match(text):
                    b.role = "subheadline"
                elif is_byline_line(text):
                    b.role = "byline"
                elif _looks_like_deck(b, text, blocks, body, ink, gb, body_xh) or _ends_deck(
                    b, text, g, body
                ):
                    b.role = "subheadline"
                else:
                    continue
            elif (
                bb.y0 < gb.y0 - 0.1 * bb.height
                and gb.y0 - bb.y1 <= 0.9 * size
                and not rule_between(bb, gb, rules, 0.5)
            ):
                # A kicker is set larger or bolder than text, or is a single
                # line that is not a sentence and is centred over the headline
                # or a label in capitals ("HEALTH", "CITY HALL").
                heads = [h.box for h in g.blocks if h.role == "headline"]
                single = len(b.lines) == 1 and bool(heads) and not text.rstrip().endswith(_SENTENCE_END)
                centred = (
                    single and abs(bb.cx - heads[0].cx) <= 0.1 * heads[0].width and bb.width < heads[0].width
                )
                label = single and text.isupper() and len(text.split()) <= 3
                # (A tall box over letters of text's x-height is no larger type.)
                text_x_height = body_xh > 0 and 0 < b.measured_x_height < DECK_X_HEIGHT * body_xh
                larger = b.size >= 1.1 * body and not text_x_height
                if not larger and b.ink < 1.2 * ink and not (centred or label):
                    continue
                if any(h.role == "headline" and h.box.y0 < bb.y0 for h in g.blocks):
                    continue
                b.role = "kicker"
            else:
                continue
            g.blocks.append(b)
        g.blocks.sort(key=lambda x: (x.box.y0, x.box.x0))
    return extra


def _ends_deck(b: TBlock, text: str, group: TitleGroup, body: float) -> bool:
    """A last line of a deck in capitals, centred under it, that a full stop ends ("TO PASSAGE.").

    Decks of the 1930s close with a full stop, which running text also
    does; a single line in capitals centred under the deck's lines, in their
    size, is the deck's end.
    """
    if len(b.lines) != 1 or not any(c.isalpha() for c in text) or not text.isupper():
        return False
    bb = b.box
    for d in group.blocks:
        db = d.box
        if d.role != "subheadline" or not 0 <= bb.y0 - db.y1 <= body:
            continue
        if (
            abs(bb.cx - db.cx) <= 0.1 * db.width
            and bb.width < db.width
            and max(b.size, d.size) <= 1.2 * min(b.size, d.size)
        ):
            return True
    return False


def _looks_like_deck(
    b: TBlock, text: str, blocks: Sequence[TBlock], body: float, ink: float, title: BBox, body_xh: float = 0.0
) -> bool:
    """A line or two standing alone under a headline, a little larger or bolder than text, that is not running text.

    Running text has commas and full stops; and the first line of a column
    that merely came apart from the rest of it (a detector box of another
    height) has that column right under it, at its measure and one line gap
    away, where a deck stands off by more.
    """
    # (A full stop inside a Chinese line ends a sentence of running text
    # there: "工作。继续以……".)
    if text.rstrip().endswith(_SENTENCE_END) or any(p in text for p in "，；、,;。！？"):
        return False
    if not (b.size >= 1.05 * body or b.ink >= 1.15 * ink):
        return False
    # A Latin line with the x-height of text is text, whatever its box (the
    # first line of a column right under a headline, spaced out wide).
    if body_xh > 0 and 0 < b.measured_x_height < DECK_X_HEIGHT * body_xh:
        return False
    bb = b.box
    for o in blocks:
        # A deck has its row to itself under its title; a line with text
        # beside it there is a row of text.
        beside = o is not b and o.role == "body" and o.box.y_overlap(bb) >= 0.5 * min(o.box.height, bb.height)
        beside = beside and o.box.x_overlap(title) >= 0.5 * o.box.width
        if (
            beside
            and o.box.x_overlap(bb) == 0
            and abs(o.size - body) <= 0.25 * body
            and box_gap_x(o.box, bb) <= 3 * body
        ):
            return False
    for o in blocks:
        ob = o.box
        if o is b or o.role != "body" or len(o.lines) < 3:
            continue
        if (
            0 <= ob.y0 - bb.y1 <= 0.6 * body
            and abs(ob.x1 - bb.x1) <= 0.5 * body
            and ob.x0 - 3 * body <= bb.x0
        ):
            return False
    return True


def _leading_deck(
    block: TBlock, group: TitleGroup, size: float, blocks: Sequence[TBlock], body: float, body_xh: float = 0.0
) -> TBlock | None:
    """Split a deck off the top of a text block it was run into; returns the deck block.

    A deck set only a little larger than text can join the column below it.
    Its line sits right under the headline, is clearly larger than the lines
    after it and is not a sentence. Nor is it level with the first lines of
    the columns beside it: then it is the first row of the text.
    """
    if block.role != "body" or len(block.lines) < 3:
        return None
    first, rest = block.lines[0], block.lines[1:]
    gb = group.box
    if not (0 <= first.box.y0 - gb.y1 <= 0.9 * size and first.box.x_overlap(gb) >= 0.5 * first.box.width):
        return None
    text = first.text.strip()
    # Running text is full of commas; a deck seldom has one.
    if (
        text.endswith(_SENTENCE_END)
        or any(p in text for p in "，；、,;")
        or first.size < 1.1 * float(np.median([ln.size for ln in rest]))
    ):
        return None
    # A Latin line with the x-height of text is the column's first line, its box taller.
    if body_xh > 0 and 0 < first.x_height < DECK_X_HEIGHT * body_xh and not is_byline_line(text):
        return None
    fb = first.box
    for o in blocks:
        if (
            o is block
            or o.role not in ("body", "byline")
            or o.box.x_overlap(fb) > 0
            or box_gap_x(o.box, fb) > 3 * body
        ):
            continue
        if (
            abs(o.box.y0 - fb.y0) <= 0.5 * body
            and o.box.x_overlap(gb) >= 0.5 * o.box.width
            and abs(o.lines[0].size - body) <= 0.25 * body
        ):
            return None
    deck = [first]
    if not is_byline_line(text):
        # A deck wrapped over two or three lines in a narrow column: the lines
        # after the first in its size, as clearly larger than the text after
        # them, and no sentences either.
        while len(rest) >= 3 and len(deck) < DECK_LINES:
            nxt, after = rest[0], rest[1:]
            t = nxt.text.strip()
            if (
                t.endswith(_SENTENCE_END)
                or any(p in t for p in "，；、,;")
                or is_byline_line(t)
                or max(nxt.size, first.size) > DECK_SAME * min(nxt.size, first.size)
                or nxt.size < 1.1 * float(np.median([ln.size for ln in after]))
                or nxt.box.y0 - deck[-1].box.y1 > 0.5 * first.size
                # (the column's first line, its box tall: the x-height of text)
                or (body_xh > 0 and 0 < nxt.x_height < DECK_X_HEIGHT * body_xh)
            ):
                break
            deck.append(nxt)
            rest = after
    block.lines = rest
    # A credit set in bolder type over the text ("By AMY HOLLOWAY") is the byline.
    return TBlock(id=f"{block.id}d", lines=deck, role="byline" if is_byline_line(text) else "subheadline")


def strip_dash(text: str | None) -> str | None:
    """A subheadline without the dash that introduces it."""
    if text is None:
        return None
    out = _DASH.sub("", text).strip()
    return out or None
