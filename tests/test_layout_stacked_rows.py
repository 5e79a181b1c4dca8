"""Rows of two columns read as one box each, with nothing around to show the gutter.

The Cambridge Chronicle (1973, p.3) opens "Property taxes rise - growth
lowers" with three rows set in two columns 20 px apart (half the body
size) under a two-column headline, over an advert: the detector read each
row as one box across both columns. There are no rows above or below in
those columns to show where the second column starts, and three rows are
too few for the page's gutter map. What shows the gutter is the stack
itself: the same white in every row, the ink flush on both sides of it,
and two parts as wide as the columns of text beside them.

The pages here are rendered; the texts expected are the ones set. The
unit tests draw ink masks by hand.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from scan2text.document import BBox, Line
from scan2text.layout import analyse_layout
from scan2text.layout.frame import LineIndex, TLine
from scan2text.layout.lines import _stacked_gutters
from tests.test_layout_kit import PageBuilder, latin_text, rows_by_column, union_line

SIZE = 30
# Columns 1 and 2 15 px apart (half the body size); column 3 40 px off, a
# gutter the page's gutter map sees.
COLUMNS = [(60.0, 380.0), (455.0, 380.0), (875.0, 380.0)]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page(merge: bool) -> tuple[PageBuilder, list[str]]:
    """A story of three rows a column in columns 1-2 under its headline, over an advert in a box,
    and a story in column 3. With ``merge`` each row of the first story is one box across both
    columns."""
    pb = PageBuilder(1315, 760)
    pitch = SIZE * 1.25
    out: list[Line] = []
    # Column 3: a story from top to bottom, one box per printed line.
    pb.text(COLUMNS[2][0], 30, "Bridge works", 45, bold=True, latin=True)
    out += pb.lines
    pb.lines = []
    pb.flow_latin([COLUMNS[2]], 100, 740, [latin_text(40, 21), latin_text(44, 22)], SIZE)
    out += [
        union_line(ws, " ".join(w.text for w in ws), f"c{y}", words=True)
        for (y, _), ws in sorted(rows_by_column(pb.lines, COLUMNS).items())
    ]
    pb.lines = []
    # Columns 1-2: the story of three rows a column.
    pb.text(COLUMNS[0][0], 30, "Property taxes rise", 60, bold=True, latin=True)
    out += pb.lines
    pb.lines = []
    story = [latin_text(29, 11)]
    printed = pb.flow_latin(COLUMNS[:2], 110, 110 + 2 * pitch + SIZE + 1, story, SIZE)
    assert len(printed) == 6
    rows = rows_by_column(pb.lines, COLUMNS)
    tops = sorted({y for y, _ in rows})
    assert len(tops) == 3
    for k, y in enumerate(tops):
        parts = [sorted(rows[(y, c)], key=lambda w: w.polygon[0][0]) for c in (0, 1)]
        texts = [" ".join(w.text for w in p) for p in parts]
        if merge:
            out.append(union_line(parts[0] + parts[1], " ".join(texts), f"m{k}", words=True))
        else:
            out += [union_line(p, t, f"m{k}c{i}", words=True) for i, (p, t) in enumerate(zip(parts, texts))]
    pb.lines = []
    # An advert under it, in a box over both columns.
    pb.frame(60, 240, 835, 740)
    pb.text(150, 300, "AT ELBERY FORD", 90, bold=True, latin=True)
    pb.text(200, 450, "49 NEW FORDS $2872", 50, bold=True, latin=True)
    pb.text(200, 560, "Call 876-4010", 50, bold=True, latin=True)
    pb.lines = out + pb.lines
    return pb, story


def test_three_rows_merged_across_a_narrow_gutter_with_no_column_around_are_cut_at_it() -> None:
    pb, story = _page(merge=True)
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    by_head = {a.headline: a for a in out.articles}
    assert set(by_head) == {"Property taxes rise", "Bridge works"}
    assert _norm(by_head["Property taxes rise"].body_text) == _norm(" ".join(story))


def test_the_same_rows_read_column_by_column_come_out_the_same() -> None:
    pb, story = _page(merge=False)
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    by_head = {a.headline: a for a in out.articles}
    assert _norm(by_head["Property taxes rise"].body_text) == _norm(" ".join(story))


# Hand-built rows for the unit tests: body size 30, rows 38 px apart.
BODY = 30.0


def _tl(text: str, box: tuple[float, float, float, float]) -> TLine:
    x0, y0, x1, y1 = box
    line = Line(id=f"l{x0:.0f}_{y0:.0f}", text=text, polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    return TLine(line=line, box=BBox(*box), size=BODY)


def _mask(
    rows: list[tuple[float, float, float, float]], white: list[list[tuple[float, float]]]
) -> np.ndarray:
    """Ink over each row's box but for the white runs given for it."""
    ink = np.zeros((700, 1400), np.uint8)
    for (x0, y0, x1, y1), gaps in zip(rows, white):
        ink[int(y0) + 4 : int(y1) - 4, int(x0) : int(x1)] = 255
        for a, b in gaps:
            ink[int(y0) : int(y1), int(a) : int(b)] = 0
    return ink


def _xyxy(b: BBox) -> tuple[float, float, float, float]:
    return (b.x0, b.y0, b.x1, b.y1)


def _stack(
    x1: float, gaps: list[tuple[float, float]], text: str = "the council met on tuesday"
) -> list[TLine]:
    return [_tl(text, (100, 100 + 38 * k, x1, 130 + 38 * k)) for k in range(len(gaps))]


def _beside(width: float, n: int = 6) -> list[TLine]:
    """Lines of a column ``width`` wide to the right of the stack."""
    return [_tl("beside", (1000, 80 + 38 * k, 1000 + width, 110 + 38 * k)) for k in range(n)]


def test_stack_of_two_columns_beside_a_column_of_their_measure_shows_its_gutter() -> None:
    """Three rows 100-900 with white at 495-510 in each, beside lines 395 wide: cut there."""
    gaps = [(495.0, 510.0)] * 3
    stack, beside = _stack(900, gaps), _beside(395)
    ink = _mask([_xyxy(ln.box) for ln in stack + beside], [[g] for g in gaps] + [[]] * 6)
    assert _stacked_gutters(stack[0], LineIndex(stack + beside), ink, BODY) == [(495.0, 510.0)]


def test_river_down_the_middle_of_one_column_is_no_gutter() -> None:
    """The same stack beside lines as wide as its rows (800), and under it three short last
    lines of paragraphs as wide as its parts: the rows are one column, the white through them
    a river of word spaces."""
    gaps = [(495.0, 510.0)] * 3
    stack, beside = _stack(900, gaps), _beside(800) + _beside(395, 3)
    for k, ln in enumerate(beside[6:]):
        ln.box = BBox(100, 220 + 38 * k, 495, 250 + 38 * k)
    ink = _mask([_xyxy(ln.box) for ln in stack + beside], [[g] for g in gaps] + [[]] * 9)
    assert _stacked_gutters(stack[0], LineIndex(stack + beside), ink, BODY) == []


def test_white_with_ragged_edges_is_no_gutter() -> None:
    """A river wanders: its edges move 10 px from row to row, where a gutter's stand flush."""
    gaps = [(480.0, 515.0), (492.0, 527.0), (486.0, 521.0)]
    stack, beside = _stack(900, gaps), _beside(395)
    ink = _mask([_xyxy(ln.box) for ln in stack + beside], [[g] for g in gaps] + [[]] * 6)
    assert _stacked_gutters(stack[0], LineIndex(stack + beside), ink, BODY) == []


def test_white_after_commas_lined_up_between_ideographs_is_no_gutter() -> None:
    """Ideographs sit on a grid, so the white after a comma can stand at the same place in row
    after row; 18 px (0.6 em) is a comma's, not a gutter's."""
    gaps = [(495.0, 513.0)] * 3
    stack, beside = _stack(900, gaps, "县委书记深入产业园区，调研项目建设情况"), _beside(395)
    ink = _mask([_xyxy(ln.box) for ln in stack + beside], [[g] for g in gaps] + [[]] * 6)
    assert _stacked_gutters(stack[0], LineIndex(stack + beside), ink, BODY) == []


# A page on a grid of four columns 20 px apart.
GRID = [(60.0, 330.0), (410.0, 330.0), (760.0, 330.0), (1110.0, 330.0)]


def _grid_page(merge: bool) -> tuple[PageBuilder, list[str]]:
    """A story over the four columns of the grid, a rule, and a short story under it, three rows a
    column (011 en_degraded). With ``merge`` each row of the short story is one box across all
    four columns."""
    pb = PageBuilder(1500, 800)
    out: list[Line] = []
    pb.text(60, 20, "Farmers market returns in May", 50, bold=True, latin=True)
    out += pb.lines
    pb.lines = []
    pb.flow_latin(GRID, 90, 470, [latin_text(80, 41), latin_text(70, 42)], SIZE)
    rows = rows_by_column(pb.lines, GRID)
    out += [
        union_line(ws, " ".join(w.text for w in ws), f"a{y}_{c}", words=True)
        for (y, c), ws in sorted(rows.items())
    ]
    pb.lines = []
    pb.hrule(60, 1440, 490)
    pb.text(60, 510, "Apartments proposed for old shoe factory", 50, bold=True, latin=True)
    out += pb.lines
    pb.lines = []
    story = [latin_text(20, 43), latin_text(18, 44)]
    printed = pb.flow_latin(GRID, 590, 590 + 2 * SIZE * 1.25 + SIZE + 1, story, SIZE)
    assert 10 <= len(printed) <= 12
    rows = rows_by_column(pb.lines, GRID)
    for k, y in enumerate(sorted({y for y, _ in rows})):
        parts = [sorted(rows[(y, c)], key=lambda w: w.polygon[0][0]) for c in range(4) if (y, c) in rows]
        texts = [" ".join(w.text for w in p) for p in parts]
        if merge:
            out.append(union_line([w for p in parts for w in p], " ".join(texts), f"m{k}", words=True))
        else:
            out += [union_line(p, t, f"m{k}c{i}", words=True) for i, (p, t) in enumerate(zip(parts, texts))]
    pb.lines = out
    return pb, story


@pytest.mark.parametrize("merge", [True, False])
def test_short_story_merged_across_four_columns_is_cut_on_the_page_grid(merge: bool) -> None:
    """Three rows a column are too few to show the gutters, and the rows are four columns wide,
    not two of one measure; the story above the rule, set on the same grid, shows where the
    gutters are."""
    pb, story = _grid_page(merge)
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    by_head = {a.headline: a for a in out.articles}
    assert _norm(by_head["Apartments proposed for old shoe factory"].body_text) == _norm(" ".join(story))


def test_page_grid_is_where_many_lines_end_and_start() -> None:
    """Ten lines a column on the grid: three gutters, each from a column's end to the next one's start."""
    from scan2text.layout.lines import page_grid

    lines = [_tl("text", (x, 100 + 38 * k, x + 330, 130 + 38 * k)) for x, _ in GRID for k in range(10)]
    grid = page_grid(lines, BODY)
    assert [(g.x0, g.x1) for g in grid] == [(390.0, 410.0), (740.0, 760.0), (1090.0, 1110.0)]
    # A gutter counts near the lines that show it, not half a page away (a story below may
    # be set on another grid).
    assert grid[0].near(400, 12 * BODY) and not grid[0].near(1000, 12 * BODY)
    # Seven lines a column are too few to make a grid.
    assert page_grid([ln for ln in lines if ln.box.y0 < 100 + 38 * 7], BODY) == []
