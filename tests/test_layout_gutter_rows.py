"""Detector boxes run across the column gutters of degraded Chinese pages.

Hand-built rows of CJK text (one em per character, the body size 36) in
columns with 40-pixel gutters, and an ink mask drawn from the same boxes, so
that the page image shows the gutters (or, where bleed-through from the back
of the sheet fills them, does not). The expected results are the column
parts the tests lay out, not outputs of the code under test.
"""

from __future__ import annotations

import numpy as np
import pytest

from scan2text.document import BBox, Line
from scan2text.layout.channels import GutterMap
from scan2text.layout.frame import Frame, TLine
from scan2text.layout.lines import settle_sizes, split_straddling

BODY = 36.0
PITCH = 36.0  # one em a character
ROW = 55.0  # row pitch
TEXT = "县委书记深入产业园区调研项目建设情况"  # 18 ideographs


def _tline(text: str, box: tuple[float, float, float, float], size: float | None = None) -> TLine:
    x0, y0, x1, y1 = box
    line = Line(
        id=f"l{x0:.0f}_{y0:.0f}",
        text=text,
        polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
        confidence=0.9,
        text_size=y1 - y0,
    )
    return TLine(line=line, box=BBox(*box), size=size if size is not None else y1 - y0)


def _ink(shape: tuple[int, int], lines: list[TLine], bleed: list[float] = ()) -> np.ndarray:
    """Ink mask: each line's box inked (blanks between characters do not matter here); ``bleed`` x's inked top to bottom."""
    ink = np.zeros(shape, np.uint8)
    for ln in lines:
        b = ln.box
        ink[int(b.y0 + 4) : int(b.y1 - 4), int(b.x0) : int(b.x1)] = 255
    for x in bleed:
        # Bleed-through: faint strokes of the back page, every few rows, across the gutter.
        for y in range(0, shape[0], 90):
            ink[y : y + 20, int(x) - 30 : int(x) + 30] = 255
    return ink


def _column_rows(x0: float, y0: float, n: int, skip: set[int] = frozenset(), chars: int = 14) -> list[TLine]:
    return [
        _tline(TEXT[:chars], (x0, y0 + k * ROW, x0 + chars * PITCH, y0 + k * ROW + 40))
        for k in range(n)
        if k not in skip
    ]


def test_box_over_three_gutters_is_text_and_is_cut_into_its_columns() -> None:
    """A bold run-in byline makes the first row's box display-tall; it runs over four columns.

    Its pitch, less the gutters, is the body's: it is text, and is cut at the
    three gutters into four column parts.
    """
    cols = [100 + k * (14 * PITCH + 40) for k in range(4)]
    rows = [ln for x in cols for ln in _column_rows(x, 200, 8)]
    # Row 0 of each column is read as one tall box: a byline in bold, a
    # column's worth of text, and a paragraph end in the last column.
    texts = ["本报讯（记者高峰）申红霞", TEXT[:14], TEXT[2:16], "马胜昔出席会议。"]
    merged = _tline("".join(texts), (cols[0], 130, cols[3] + 8 * PITCH, 188))
    first = [_tline(t, (x, 135, x + len(t) * PITCH, 183)) for t, x in zip(texts, cols)]
    ink = _ink((800, 2600), rows + first)
    gutters = GutterMap(ink, BODY)
    lines = [*rows, merged]
    assert merged.size > 1.3 * BODY
    settle_sizes(lines, BODY, gutters)
    assert merged.size == BODY
    out = split_straddling(lines, [], Frame(False, 2600, 800), ink, gutters)
    parts = sorted((ln for ln in out if ln.box.y0 == 130), key=lambda ln: ln.box.x0)
    assert len(parts) == 4
    for part, x in zip(parts, cols):
        assert x - 5 <= part.box.x0 and part.box.x1 <= x + 14 * PITCH + 5


def test_headline_over_gutters_keeps_its_size() -> None:
    """A headline over the same columns keeps its display size: its characters advance far wider than text."""
    cols = [100 + k * (14 * PITCH + 40) for k in range(4)]
    rows = [ln for x in cols for ln in _column_rows(x, 200, 8)]
    head = _tline("县人大常委会召开第八次会议", (300, 40, 300 + 13 * 120, 150))
    ink = _ink((800, 2600), rows + [head])
    settle_sizes([*rows, head], BODY, GutterMap(ink, BODY))
    assert head.size == 110


def test_row_across_a_gutter_between_short_paragraph_ends_is_cut() -> None:
    """Two wide columns; bleed-through fills the gutter, so only the rows show it.

    The merged row's left part has a paragraph's short last line right
    above it and another right under it; the rows past those cover it, so it
    is still a column part and the box is cut at the gutter.
    """
    left, right = 100.0, 100 + 20 * PITCH + 40
    lrows = _column_rows(left, 100, 9, skip={4, 5, 6}, chars=20)
    lrows.append(_tline("议精神。", (left, 100 + 4 * ROW, left + 4 * PITCH, 140 + 4 * ROW)))
    lrows.append(_tline("姑息。", (left, 100 + 6 * ROW, left + 3 * PITCH, 140 + 6 * ROW)))
    rrows = _column_rows(right, 100, 9, skip={5}, chars=20)
    merged = _tline(
        "对工作落实不力存在问题多进展滞后的坚决追责" + "前排一切进度往前赶力争取得优异成绩为全年",
        (left + 2 * PITCH, 100 + 5 * ROW, right + 20 * PITCH, 140 + 5 * ROW),
    )
    lines = [*lrows, *rrows, merged]
    gutter_x = left + 20 * PITCH + 20
    ink = _ink((700, 1700), lines, bleed=[gutter_x])
    gutters = GutterMap(ink, BODY)
    assert not gutters.strips(merged.box.x0, merged.box.x1, merged.box.y0, merged.box.y1)
    out = split_straddling(lines, [], Frame(False, 1700, 700), ink, gutters)
    parts = sorted((ln for ln in out if ln.box.y0 == merged.box.y0), key=lambda ln: ln.box.x0)
    assert len(parts) == 2
    assert parts[0].box.x1 <= gutter_x <= parts[1].box.x0
    assert parts[0].text.startswith("对工作") and parts[1].text.endswith("为全年")


@pytest.mark.parametrize("paragraphs", [1, 12])
def test_latin_columns_with_a_gutter_half_a_body_size_wide_are_told_apart(paragraphs: int) -> None:
    """The Cambridge Chronicle (1973) sets its two-column stories with gutters half a body size
    wide, narrower than a wide word space in justified type, and the detector runs every line
    across them. The gutter runs straight down the whole story with text on both sides: the
    lines are cut there and the story reads down one column, then the next.

    With many paragraphs, their indents and short last lines leave the gutter without text
    beside it for a row here and there; it is still one gutter."""
    from scan2text.document import Block, BlockRole, Line, Page, Word
    from scan2text.layout import analyse_layout
    from tests.test_layout_kit import PageBuilder, latin_text

    size = 24
    pb = PageBuilder(1300, 1200)
    body = [latin_text(500, 31)] if paragraphs == 1 else [latin_text(40, s) for s in range(paragraphs)]
    # Gutter: 14 px between the columns (x 60-630 and 644-1214), about half a body size.
    printed = pb.flow_latin([(60, 570), (644, 570)], 100, 1100, body, size)
    # The detector's view: each row of the two columns read as one line across the gutter
    # (the recogniser still places its words).
    rows: dict[int, list[Line]] = {}
    for ln in pb.lines:
        rows.setdefault(round(ln.polygon[0][1]), []).append(ln)
    merged = []
    for k, row in enumerate(sorted(rows.values(), key=lambda r: r[0].polygon[0][1])):
        row.sort(key=lambda ln: ln.polygon[0][0])
        x0, y0 = row[0].polygon[0]
        x1, y1 = row[-1].polygon[2]
        words = [Word(text=ln.text, polygon=ln.polygon) for ln in row]
        poly = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        merged.append(
            Line(
                id=f"m{k}", text=" ".join(ln.text for ln in row), polygon=poly, text_size=y1 - y0, words=words
            )
        )
    assert any(" " in ln.text and ln.polygon[2][0] > 700 and ln.polygon[0][0] < 100 for ln in merged)
    page = Page(
        id="p", width=pb.width, height=pb.height, blocks=[Block(id="b", lines=merged, role=BlockRole.unknown)]
    )
    page = analyse_layout(page, np.asarray(pb.image).copy(), "en")
    (art,) = [a for a in page.articles if a.paragraphs]
    assert " ".join(p.text for p in art.paragraphs) == " ".join(printed)
    assert [p.text for p in art.paragraphs] == body


def test_white_strip_in_a_photo_is_no_gutter_where_the_lines_are_known() -> None:
    """A light patch of a halftone photo runs down like a narrow Latin gutter, with ink close on
    both sides; but no detected line holds that ink, so it is no text and the strip no gutter."""
    rng = np.random.default_rng(3)
    ink = np.zeros((900, 700), np.uint8)
    # Halftone dots left and right of a white strip 12 px wide (half a body size), 600 px tall.
    dots = rng.random((600, 600)) < 0.35
    ink[150:750, 50:650][dots] = 255
    ink[150:750, 344:356] = 0
    text_lines = [BBox(50, 800, 650, 830)]  # a caption under the photo
    strip = (slice(300, 600), slice(346, 354))
    assert GutterMap(ink, 24.0, latin=True).mask[strip].all()
    assert not GutterMap(ink, 24.0, latin=True, lines=text_lines).mask[strip].any()


def test_rows_past_a_headline_across_the_row_do_not_tell_its_gutters() -> None:
    """A caption under a photo runs over two columns of the next article, whose headline stands
    between them: that article's gutter is not the caption's, so its rows are not consulted."""
    from scan2text.layout.channels import neighbour_rows
    from scan2text.layout.frame import LineIndex

    caption = _tline(TEXT * 2, (100, 100, 1100, 140))
    columns = [ln for x in (100, 620) for ln in _column_rows(x, 320, 6, chars=13)]
    head = _tline("县人大常委会召开会议", (100, 190, 1000, 280))
    plain = neighbour_rows(
        caption.box, caption.size, LineIndex([caption, *columns]), [], 100, 1100, (caption,), 20.0
    )
    assert len(plain.below) == 6
    headed = neighbour_rows(
        caption.box, caption.size, LineIndex([caption, head, *columns]), [], 100, 1100, (caption,), 20.0
    )
    assert headed.below == []


def test_rows_past_a_headline_whose_box_reaches_into_the_row_do_not_tell_its_gutters() -> None:
    """Cambridge Chronicle p.3: the first row under a headline, in two columns the detector read
    as one box; the headline's box, taken down by its descenders, overlaps the row's by 15 px.
    The rows of the article above the headline, set in columns of their own, are not the row's."""
    from scan2text.layout.channels import neighbour_rows
    from scan2text.layout.frame import LineIndex

    above = [ln for x in (100, 620) for ln in _column_rows(x, 0, 3, chars=13)]
    head = _tline("县人大常委会召开会议", (100, 180, 1000, 275))
    row = _tline(TEXT * 2, (100, 260, 1100, 300))
    rows = neighbour_rows(row.box, row.size, LineIndex([row, head, *above]), [], 100, 1100, (row,), 20.0)
    assert rows.above == []
    assert (
        len(neighbour_rows(row.box, row.size, LineIndex([row, *above]), [], 100, 1100, (row,), 20.0).above)
        == 3
    )


def test_short_last_line_beside_a_narrow_latin_gutter_is_cut_off() -> None:
    """Two Latin columns 12 px apart (half the body size); the detector ran one row of the left
    column together with a paragraph's last line in the right one, a single short word. The page
    image shows the gutter all the way down, so the word is cut off though it is narrower than a
    column part usually is."""
    body, pitch = 24.0, 30.0
    left, right = (100.0, 600.0), (612.0, 1112.0)
    words = "the council met on tuesday to discuss the new bridge across the river"

    def row(k: int, x0: float, x1: float, text: str = words) -> TLine:
        return _tline(text, (x0, 100 + k * pitch, x1, 100 + k * pitch + body), size=body)

    lines = [row(k, *left) for k in range(20) if k != 9] + [row(k, *right) for k in range(20) if k != 9]
    merged = _tline(
        words + " area.", (left[0], 100 + 9 * pitch, right[0] + 40, 100 + 9 * pitch + body), size=body
    )
    ink = _ink(
        (800, 1200),
        [*lines, row(9, *left), _tline("area.", (right[0], merged.box.y0, right[0] + 40, merged.box.y1))],
    )
    gutters = GutterMap(ink, body, latin=True)
    out = split_straddling([*lines, merged], [], Frame(False, 1200, 800), ink, gutters)
    parts = sorted((ln for ln in out if ln.box.y0 == merged.box.y0), key=lambda ln: ln.box.x0)
    assert [p.text for p in parts] == [words, "area."]
    assert parts[0].box.x1 <= 606 <= parts[1].box.x0


def test_first_word_of_the_next_column_run_into_a_tall_box_rejoins_its_row() -> None:
    """Cambridge Chronicle p.3 (1973): the detector ran a row of one column over the gutter into
    the first word of the next column's row ("past president of | for"), in a box taller than
    the type (it took in the top of the row under it); the rest of that row ("1972, presented by
    the") is a box of its own. The page image shows the gutter: the word is cut off, though
    narrower than the tall box is high, and joins the rest of its row."""
    body, pitch = 24.0, 30.0
    left, right = (100.0, 600.0), (624.0, 1124.0)
    words = "the council met on tuesday to discuss the new bridge across the river"

    def row(k: int, x0: float, x1: float, text: str = words) -> TLine:
        return _tline(text, (x0, 100 + k * pitch, x1, 100 + k * pitch + body), size=body)

    lines = [row(k, *left) for k in range(20) if k != 9] + [row(k, *right) for k in range(20) if k != 9]
    y0 = 100 + 9 * pitch
    merged = _tline(words + " for", (left[0], y0, right[0] + 34, y0 + 1.7 * body), size=body)
    rest = _tline("1972, presented by the", (right[0] + 44, y0, right[1], y0 + body), size=body)
    word = _tline("for", (right[0], y0, right[0] + 34, y0 + body))
    ink = _ink((800, 1200), [*lines, row(9, *left), word, rest])
    gutters = GutterMap(ink, body, latin=True)
    out = split_straddling([*lines, merged, rest], [], Frame(False, 1200, 800), ink, gutters)
    parts = sorted((ln for ln in out if abs(ln.box.y0 - y0) < 2), key=lambda ln: ln.box.x0)
    assert [p.text for p in parts] == [words, "for 1972, presented by the"]
    assert parts[0].box.x1 <= 612 <= parts[1].box.x0
    # The joined row keeps the row's height, not the tall box's.
    assert parts[1].box.y1 == pytest.approx(y0 + body)


def _inked(shape: tuple[int, int], rows: list[tuple[float, float, float, float]]) -> np.ndarray:
    """Ink mask with exactly these rows of ink (x0, y0, x1, y1)."""
    ink = np.zeros(shape, np.uint8)
    for x0, y0, x1, y1 in rows:
        ink[int(y0) : int(y1), int(x0) : int(x1)] = 255
    return ink


def test_box_over_one_gutter_with_loosely_set_text_is_text() -> None:
    """Two columns; one row of each read as one tall box, the right column's row set loosely (a
    justified line of few characters). Less the gutter its pitch is looser than the body's, but
    nowhere near a headline's: it is text. The same box with a headline's tall row of ink in its
    right part is not."""
    cols = [100.0, 100 + 14 * PITCH + 40]
    rows = [ln for x in cols for ln in _column_rows(x, 200, 8)]
    merged = _tline(TEXT[:14] + TEXT[:10], (cols[0], 130, cols[1] + 14 * PITCH, 188))
    row_ink = [(ln.box.x0, ln.box.y0 + 4, ln.box.x1, ln.box.y1 - 4) for ln in rows]
    text_row = [(cols[0], 140, cols[0] + 14 * PITCH, 172), (cols[1], 140, cols[1] + 14 * PITCH, 172)]
    ink = _inked((800, 1400), row_ink + text_row)
    settle_sizes([*rows, merged], BODY, GutterMap(ink, BODY))
    assert merged.size == BODY
    merged.size = 58.0
    display = [(cols[0], 140, cols[0] + 14 * PITCH, 172), (cols[1], 132, cols[1] + 14 * PITCH, 186)]
    ink = _inked((800, 1400), row_ink + display)
    settle_sizes([*rows, merged], BODY, GutterMap(ink, BODY))
    assert merged.size == 58.0


def test_headline_run_together_with_two_rows_of_text_beside_it_is_cut_off() -> None:
    """The detector ran a headline over columns 2-3 together with the two rows of column 1 beside
    it into one box, display-tall. The page image shows the gutter, two short rows of ink left of
    it and one tall row right of it: the box is cut there, and the text part takes the body size."""
    cols = [100.0, 100 + 14 * PITCH + 40, 100 + 2 * (14 * PITCH + 40)]
    above = [ln for x in cols for ln in _column_rows(x, 100, 3)]
    left = _column_rows(cols[0], 265, 6)
    under = [ln for x in cols[1:] for ln in _column_rows(x, 375, 4)]
    head = "县人大常委会召开会议"
    merged = _tline(TEXT[:14] + TEXT[:14] + head, (cols[0], 262, cols[2] + 14 * PITCH, 362), size=100.0)
    ink_rows = [(ln.box.x0, ln.box.y0 + 4, ln.box.x1, ln.box.y1 - 4) for ln in [*above, *left, *under]]
    ink_rows.append((cols[1] + 60, 272, cols[2] + 12 * PITCH, 352))  # the headline's row of ink
    ink = _inked((700, 1700), ink_rows)
    gutters = GutterMap(ink, BODY)
    out = split_straddling([*above, *left[2:], *under, merged], [], Frame(False, 1700, 700), ink, gutters)
    parts = sorted((ln for ln in out if ln.line.id.startswith(merged.line.id)), key=lambda ln: ln.box.x0)
    assert len(parts) == 2
    assert parts[0].box.x1 <= cols[1] - 10 and parts[1].box.x0 >= cols[1]
    assert parts[0].size == BODY and parts[1].size == 100.0
    # Both rows of ink in the text part are its own (no other line holds them): it keeps the
    # box's height, as the headline does.
    assert (parts[0].box.y0, parts[0].box.y1) == (merged.box.y0, merged.box.y1)


def test_text_part_of_a_display_tall_box_takes_its_own_row_not_the_one_it_cuts_into() -> None:
    """Cambridge Chronicle p.3: the detector ran a row of text ("the lowest since 1967, the")
    together with an advert's bold banner beside it; the box reaches up into the row above,
    whose ink runs out of its top. The text part takes the body size and the height of its own
    row of ink (126-148, padded by a quarter of the body size, within the box); the row of ink
    above, inside the box of the line it belongs to, is not its own."""
    from scan2text.layout.frame import LineIndex
    from scan2text.layout.lines import _settle_parts

    body = 38.0
    merged = _tline("the lowest since 1967, the SAVE AT ELBERY'S", (100, 100, 900, 156), size=53.0)
    above = _tline("with this year's 10.8 percent", (100, 84, 500, 121), size=37.0)
    text = _tline("the lowest since 1967, the", (100, 100, 500, 156), size=53.0)
    banner = _tline("SAVE AT ELBERY'S", (520, 100, 900, 156), size=53.0)
    ink = _inked((300, 1000), [(100, 90, 500, 119), (100, 126, 500, 148), (540, 102, 880, 154)])
    lines = LineIndex([merged, above])
    _settle_parts(merged, [text, banner], ink, body, Frame(False, 1000, 300), lines)
    assert text.size == body and banner.size == 53.0
    assert (text.box.y0, text.box.y1) == (pytest.approx(126 - 9.5), 156)
    assert (banner.box.y0, banner.box.y1) == (100, 156)
    # Without the line above, the row of ink at the top is taken for the part's own.
    text = _tline("the lowest since 1967, the", (100, 100, 500, 156), size=53.0)
    _settle_parts(merged, [text, banner], ink, body, Frame(False, 1000, 300), LineIndex([merged]))
    assert (text.box.y0, text.box.y1) == (100, 156)


def test_box_over_rows_of_text_read_as_garbage_takes_the_body_size() -> None:
    """Cambridge Chronicle p.3, a blurred corner: the detector ran two rows of two columns into
    one box 82 px tall, read as "chin   t c", too few letters to measure their pitch. The page
    image shows three rows of ink 20-29 px tall in it (text rows at a body size of 38): it is
    text. A headline's box as tall holds one tall row of ink, and keeps its size."""
    from scan2text.layout.lines import settle_stacked_rows

    body = 38.0
    garbage = _tline("chin   t c", (100, 100, 1020, 182))
    head = _tline("Handicapped children", (100, 300, 1020, 382))
    ink = _inked(
        (500, 1100),
        [(100, 100, 1020, 120), (100, 126, 1020, 155), (100, 160, 1020, 182), (110, 305, 1000, 375)],
    )
    settle_stacked_rows([garbage, head], ink, body)
    assert garbage.size == body
    assert head.size == 82.0


def test_paragraph_end_over_an_indented_first_line_is_a_column_part() -> None:
    """018 zh_degraded: the detector ran a byline's row ("本报讯（通讯员 罗") over the gutter into
    the last line of a paragraph at the top of the next column ("工作。"). The row under that
    line starts the next paragraph two characters in, so it covers less than half of the short
    part; counted from where its column starts, it covers it, and the row is cut at the gutter."""
    left, right = 100.0, 100 + 14 * PITCH + 40
    rows = _column_rows(left, 100 + ROW, 8)
    rows += [_tline(TEXT[:12], (right + 2 * PITCH, 100 + ROW, right + 14 * PITCH, 140 + ROW))]
    rows += _column_rows(right, 100 + 2 * ROW, 7)
    merged = _tline("本报讯（通讯员 罗工作。", (left, 100, right + 3 * PITCH, 140))
    ink = _ink(
        (700, 1400),
        [
            *rows,
            _tline("x", (left, 100, left + 9 * PITCH, 140)),
            _tline("x", (right, 100, right + 3 * PITCH, 140)),
        ],
    )
    out = split_straddling([*rows, merged], [], Frame(False, 1400, 700), ink, GutterMap(ink, BODY))
    parts = sorted((ln for ln in out if ln.box.y0 == 100), key=lambda ln: ln.box.x0)
    assert [p.text for p in parts] == ["本报讯（通讯员 罗", "工作。"]


def test_caption_under_a_photo_over_two_columns_is_not_cut_at_their_gutter() -> None:
    """011 en_degraded: the caption under a photo set over two columns runs across the gutter of
    the text under it ("Shoppers browse the stalls at last year's | farmers market. (Staff
    photo)"), and the page image shows the gutter there. Found to be a caption before lines are
    cut, it stays one line; the same line that is no caption is cut."""
    body, pitch = 24.0, 30.0
    left, right = (100.0, 600.0), (640.0, 1140.0)
    words = "the council met on tuesday to discuss the new bridge across the river"

    def row(k: int, x0: float, x1: float) -> TLine:
        return _tline(words, (x0, 200 + k * pitch, x1, 200 + k * pitch + body), size=body)

    lines = [row(k, *left) for k in range(20)] + [row(k, *right) for k in range(20)]
    ink = _ink((900, 1200), [*lines, _tline("c", (100, 160, 590, 184)), _tline("c", (650, 160, 1000, 184))])
    for caption in (True, False):
        line = _tline(
            "Shoppers browse the stalls at last year's farmers market. (Staff photo)", (100, 160, 1000, 184)
        )
        line.size = body
        line.caption = caption
        out = split_straddling(
            [*lines, line], [], Frame(False, 1200, 900), ink, GutterMap(ink, body, latin=True)
        )
        parts = [ln for ln in out if ln.box.y0 == 160]
        assert len(parts) == (1 if caption else 2)
