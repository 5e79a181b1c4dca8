"""Columns of Latin text a third of a body size apart.

The Cambridge Chronicle (1973) runs some stories in two columns with a
gutter of 8-11 px at a body size of 38, narrower than its word spaces: the
page's gutter map cannot see it, and the detector returns some rows as one
box across both columns and others as two. The rows it did split show
where the second column starts, row after row; that is what keeps the
columns apart. The pages here are rendered with justified text and the
gutter 9 px wide at 30 px type; the texts expected are the ones set.
"""

from __future__ import annotations

import re

from scan2text.document import BBox, Line
from scan2text.layout import analyse_layout
from scan2text.layout.frame import LineIndex, TLine
from scan2text.layout.lines import _starts_here
from tests.test_layout_kit import PageBuilder, latin_text, union_line

SIZE = 30
COLUMNS = [(60.0, 600.0), (669.0, 600.0)]  # a 9 px gutter


def _page(merged_rows: set[int]) -> tuple[PageBuilder, list[str]]:
    """Two justified columns under a headline; the rows in ``merged_rows`` read as one box across the gutter."""
    pb = PageBuilder(1340, 560)
    pb.text(60, 30, "Hovenanian answers critics", 60, bold=True, latin=True)
    head = pb.lines[:]
    pb.lines = []
    paragraphs = [latin_text(70, 11), latin_text(60, 12), latin_text(12, 13)]
    printed = pb.flow_latin(COLUMNS, 130, 480, paragraphs, SIZE, word_boxes=True)
    # (A story of nine rows a column: too short for the gutter map's narrow channels.)
    assert 16 <= len(printed) <= 18
    # Word boxes to line boxes, one per column and row, as the detector returns them.
    rows: dict[tuple[int, int], list[Line]] = {}
    for w in pb.lines:
        x0 = w.polygon[0][0]
        col = 0 if x0 < COLUMNS[1][0] - 1 else 1
        rows.setdefault((round(w.polygon[0][1]), col), []).append(w)
    lines: list[Line] = []
    for k, y in enumerate(sorted({y for y, _ in rows})):
        parts = [sorted(rows[(y, c)], key=lambda w: w.polygon[0][0]) for c in (0, 1) if (y, c) in rows]
        texts = [" ".join(w.text for w in p) for p in parts]
        if k in merged_rows and len(parts) == 2:
            lines.append(union_line(parts[0] + parts[1], " ".join(texts), f"r{k}"))
        else:
            lines += [union_line(p, t, f"r{k}c{i}") for i, (p, t) in enumerate(zip(parts, texts))]
    pb.lines = head + lines
    return pb, paragraphs


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_rows_merged_across_a_gutter_narrower_than_a_word_space_are_cut_at_it() -> None:
    """Three of the nine rows read as one box across both columns: each is cut at the gutter, not at a word space."""
    pb, paragraphs = _page(merged_rows={0, 2, 5})
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    assert [a.headline for a in out.articles] == ["Hovenanian answers critics"]
    assert _norm(out.articles[0].body_text) == _norm(" ".join(paragraphs))


def test_rows_split_at_the_gutter_are_not_joined_again() -> None:
    """Every row read as two boxes: the pieces are not joined across the gutter (only the indented first row needs cutting)."""
    pb, paragraphs = _page(merged_rows=set())
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    assert _norm(out.articles[0].body_text) == _norm(" ".join(paragraphs))


def _tl(text: str, box: tuple[float, float, float, float]) -> TLine:
    line = Line(
        id=text,
        text=text,
        polygon=[(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])],
        confidence=0.9,
    )
    return TLine(line=line, box=BBox(*box), size=box[3] - box[1])


def test_paragraph_indents_beside_a_column_are_no_column_start() -> None:
    """Lines starting 60 px past the column beside them (a gutter and an indent) tell of no gutter there; 20 px past, they do."""
    body = 23.0
    row = BBox(420, 1000, 1075, 1023)
    for start, expected in ((795.0, 0), (755.0, 3)):
        lines = []
        for k, y in enumerate((900, 940, 1080)):
            lines.append(_tl(f"left {k}", (420, y, 735, y + 23)))
            lines.append(_tl(f"right {k}", (start, y, 1075, y + 23)))
        found = _starts_here(row, start, 735, LineIndex(lines), [], body, ())
        assert len(found) == expected


def test_column_start_a_little_left_of_the_gap_still_counts() -> None:
    """Lines starting at 745, 3 px left of where the gap in question opens (748): each is its own row's start, not a line across the gap."""
    body = 23.0
    lines = []
    for k, y in enumerate((900, 940, 1080)):
        lines.append(_tl(f"left {k}", (420, y, 735, y + 23)))
        lines.append(_tl(f"right {k}", (745, y, 1075, y + 23)))
    assert len(_starts_here(BBox(420, 1000, 1075, 1023), 750, 748, LineIndex(lines), [], body, ())) == 3


def test_lines_beyond_a_headline_over_the_gap_are_another_articles_columns() -> None:
    """Cambridge Chronicle p.3: the story under "Property taxes rise" is set in columns of its
    own, starting where the wider columns of the story above its headline have a river of word
    spaces. Lines past a headline that covers the gap tell nothing of the row's gutter."""
    body = 23.0
    row = BBox(420, 1000, 1075, 1023)
    lines = []
    for k, y in enumerate((1080, 1120, 1160)):
        lines.append(_tl(f"left {k}", (420, y, 735, y + 23)))
        lines.append(_tl(f"right {k}", (745, y, 1075, y + 23)))
    assert len(_starts_here(row, 745, 740, LineIndex(lines), [], body, ())) == 3
    head = _tl("Property taxes rise", (420, 1030, 1000, 1075))
    assert _starts_here(row, 745, 740, LineIndex([*lines, head]), [], body, ()) == []
