"""Failure classes seen on a fresh OCR of the 20-page benchmark set.

Each test plays a detector or recogniser mistake the way PP-OCR made it on
the rendered benchmark pages (a display line broken into two overlapping
boxes that read a letter twice; a headline filling a narrow column over a
deck set flush with it; a deck wrapped over two lines; a text line whose box
came out display-tall with a sentence ending in it; print showing through
from the back of the sheet; a byline whose next line opens with a dateline
in capitals). The expected texts are the ones the tests set.
"""

from __future__ import annotations

from scan2text.bylines import match_end_byline
from scan2text.document import BBox, Line
from scan2text.layout import analyse_layout
from scan2text.layout.blocks import build_blocks
from scan2text.layout.credits import _take_byline
from scan2text.layout.frame import Frame, TBlock, TLine
from scan2text.layout.lines import rebuild_lines
from scan2text.layout.roles import TITLE_SIZE, is_display, tag_furniture
from scan2text.layout.titles import TitleGroup, _leading_deck
from tests.test_credits import _paragraphs
from tests.test_layout_kit import LATIN_SERIF_BOLD, PageBuilder, cjk_text, font, latin_text

BODY = 22
HEAD = 52


def _box(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _tline(
    text: str, box: tuple[float, float, float, float], size: float | None = None, ink: float = 0.0
) -> TLine:
    line = Line(id=text[:10], text=text, polygon=_box(*box), confidence=0.9, text_size=box[3] - box[1])
    return TLine(line=line, box=BBox(*box), size=size if size is not None else box[3] - box[1], ink=ink)


# ----------------------------------------------------------------------------- seams


def test_overlapping_pieces_of_a_display_line_are_joined_without_the_letter_read_twice() -> None:
    """The detector broke a headline and grew each box past its ink: the right box took in the "n" of "on"."""
    frame = Frame(False, 2000, 1000)
    # (Measured sizes differ: one piece has descenders, the other none.)
    left = _tline("State to study traffic on", (112, 382, 1352, 530), size=142)
    right = _tline("n Main Street", (1295, 394, 1964, 507), size=105)
    # A piece that ends inside a word: the next box reads the whole word.
    left2 = _tline("Farmers market returns i", (2001, 640, 3125, 736), size=96)
    right2 = _tline("in", (3088, 661, 3195, 722), size=61)
    out = rebuild_lines([left, right, left2, right2], [], frame, body=36.0)
    assert sorted(t.text for t in out) == [
        "Farmers market returns in",
        "State to study traffic on Main Street",
    ]


def test_overlapping_pieces_without_a_repeat_are_joined_with_a_space() -> None:
    frame = Frame(False, 2000, 1000)
    left = _tline("Library to stay open", (567, 2067, 1663, 2238), size=150)
    right = _tline("later on", (1610, 2090, 2082, 2204), size=114)
    out = rebuild_lines([left, right], [], frame, body=36.0)
    assert [t.text for t in out] == ["Library to stay open later on"]


def test_headline_broken_into_overlapping_boxes_heads_one_article() -> None:
    """On a page: the two boxes of one headline over two columns give one article with the whole headline."""
    pb = PageBuilder(1500, 1200)
    f = font(LATIN_SERIF_BOLD, HEAD)
    ref = f.getbbox("Hg")
    x, y = 60.0, 40.0
    words = ["Council", "backs", "new", "bridge", "plan"]
    boxes = []
    for w in words:
        pb.draw.text((x, y), w, font=f, fill=0)
        boxes.append((x, x + f.getlength(w)))
        x += f.getlength(w) + f.getlength(" ")
    top, bottom = y + ref[1] - 2, y + ref[3] + 2
    h = bottom - top
    # Left box: up to "new", grown right past its ink into "bridge"; right
    # box: grown left into "new" and reading its last letter again.
    pb.lines.append(
        Line(
            "l1",
            "Council backs new",
            _box(boxes[0][0] - 4, top, boxes[2][1] + 0.45 * h, bottom),
            0.95,
            text_size=h,
        )
    )
    pb.lines.append(
        Line(
            "l2",
            "w bridge plan",
            _box(boxes[2][1] - 0.35 * h, top + 3, boxes[4][1] + 4, bottom - 3),
            0.9,
            text_size=h - 6,
        )
    )
    texts = [latin_text(140, 21)]
    pb.flow_latin([(60, 640), (760, 640)], 130, 700, texts, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert [a.headline for a in page.articles] == ["Council backs new bridge plan"]
    assert " ".join(p.text for p in page.articles[0].paragraphs) == texts[0]


class _Gutters:
    """A gutter map that finds a gutter in one x range."""

    def __init__(self, x0: float, x1: float) -> None:
        self.x0, self.x1 = x0, x1

    def strips(self, x0: float, x1: float, y0: float, y1: float) -> list[tuple[float, float]]:
        return [(self.x0, self.x1)] if x0 < self.x1 and self.x0 < x1 else []


def test_overlapping_boxes_of_two_headlines_across_a_gutter_stay_apart() -> None:
    """Headlines side by side whose grown boxes overlap over a gutter are two titles, not one broken line."""
    frame = Frame(False, 3000, 2200)
    left = _tline("Free flu shots offered at senior center", (148, 1863, 1902, 1968), size=105)
    right = _tline("rbeTrove of old", (1857, 1889, 2869, 1982), size=93)
    out = rebuild_lines([left, right], [], frame, body=36.0, gutters=_Gutters(1910, 1950))  # type: ignore[arg-type]
    assert sorted(t.text for t in out) == ["Free flu shots offered at senior center", "rbeTrove of old"]
    # Without a gutter there they are one broken line.
    out = rebuild_lines([left, right], [], frame, body=36.0, gutters=_Gutters(3000, 3100))  # type: ignore[arg-type]
    assert len(out) == 1


# ----------------------------------------------------------------------------- titles over narrow columns


def _typewritten_columns(with_column: bool) -> list[TLine]:
    """A headline over column 2 of a typewritten page, beside a text line of column 3 across a 13 px gutter.

    Body size 23; column 2 runs x 420-735, column 3 starts at x 755. With
    ``with_column`` two rows above and three below hold column 2's and
    column 3's lines, 20 px apart.
    """
    head = _tline("EVACUATION TRAGIC", (420, 1370, 742, 1402), size=31.6)
    text = _tline("its, several have said", (755, 1378, 1078, 1407), size=24.0)
    lines = [head, text]
    if with_column:
        for k, y in enumerate((1300, 1328, 1430, 1456, 1482)):
            lines.append(_tline(f"column three line {k}", (755 + (k % 2) * 2, y, 1075, y + 24), size=23.0))
            lines.append(_tline(f"column two line {k}", (420, y, 735, y + 24), size=23.0))
    return lines


def test_headline_beside_a_column_start_across_a_narrow_gutter_stays_apart() -> None:
    """Topaz Times, 1944: a stencilled headline and the text of the next column, 13 px apart, are not one line."""
    out = rebuild_lines(_typewritten_columns(True), [], Frame(False, 1200, 2000), body=23.0)
    texts = {t.text for t in out}
    assert "EVACUATION TRAGIC" in texts and "its, several have said" in texts


def test_headline_and_text_piece_without_a_column_under_it_are_joined() -> None:
    """The same two pieces with no column of lines starting where the right one does: one line (a tight gap)."""
    out = rebuild_lines(_typewritten_columns(False), [], Frame(False, 1200, 2000), body=23.0)
    assert [t.text for t in out] == ["EVACUATION TRAGIC its, several have said"]


def test_short_last_line_in_a_tall_box_ends_its_paragraph_not_starts_the_headline() -> None:
    """Topaz Times: "next year." came out 28 px tall over text of 23 and was taken for a line of the headline under it."""
    body = 23.0
    col = [
        _tline(f"column three line number {k}", (755, 1300 + 26 * k, 1075, 1323 + 26 * k), size=23.0)
        for k in range(6)
    ]
    last = _tline("next year.", (755, 1456, 986, 1484), size=27.7)
    head = [
        _tline("TRANSLATORS AND", (758, 1490, 1013, 1521), size=30.9),
        _tline("WRITERS WANTED", (761, 1522, 993, 1553), size=30.8),
    ]
    blocks = build_blocks([*col, last, *head], body, [], [], TITLE_SIZE * body, "b")
    texts = sorted(b.text for b in blocks)
    assert texts == sorted(["\n".join(t.text for t in [*col, last]), "TRANSLATORS AND\nWRITERS WANTED"])


def test_short_display_line_without_a_sentence_end_still_starts_a_block() -> None:
    """The same tall box reading a title ("WANTED NOW"): no sentence ends in it, it does not join the text."""
    body = 23.0
    col = [
        _tline(f"column three line number {k}", (755, 1300 + 26 * k, 1075, 1323 + 26 * k), size=23.0)
        for k in range(6)
    ]
    title = _tline("WANTED NOW", (755, 1456, 986, 1484), size=27.7)
    blocks = build_blocks([*col, title], body, [], [], TITLE_SIZE * body, "b")
    assert sorted(b.text for b in blocks) == sorted(["\n".join(t.text for t in col), "WANTED NOW"])


def _masthead_page(with_masthead: bool) -> dict[str, TLine]:
    """The top of a page with no rule under its masthead: nameplate, date line, a headline, columns of text."""
    lines = {
        "date": _tline("TOPAZ, UTAH   Wednesday, December 13, 1944", (514, 229, 1042, 254), size=24.0),
        "vol": _tline("Vol. IX, No. 21", (98, 235, 280, 262), size=25.0),
        "head": _tline("33 ISSUED PERMITS TO", (416, 262, 1003, 311), size=49.0),
    }
    lines["sub"] = _tline("SEMI-WEEKLY", (248, 195, 924, 227), size=30.0)
    if with_masthead:
        lines["name"] = _tline("TOPAZ TIMES", (120, 102, 1000, 192), size=82.0)
    for k in range(40):
        lines[f"text{k}"] = _tline(
            f"running text of column one {k}", (80, 400 + 26 * k, 400, 423 + 26 * k), size=23.0
        )
    return lines


def test_masthead_band_without_a_rule_ends_with_the_date_line() -> None:
    """Topaz Times: the nameplate and the date line are furniture, the headline under them is not."""
    lines = _masthead_page(True)
    tag_furniture(list(lines.values()), [], 23.0)
    kinds = {k: ln.furniture_kind for k, ln in lines.items() if not k.startswith("text")}
    assert kinds == {"name": "masthead", "sub": "section", "date": "folio", "vol": "folio", "head": None}
    assert all(ln.furniture_kind is None for k, ln in lines.items() if k.startswith("text"))


def test_date_line_with_a_weekday_and_no_year_closes_the_band() -> None:
    """A date line that names the day in capitals and no year ("WEDNESDAY, DECEMBER 13") closes the band too."""
    lines = _masthead_page(True)
    date = lines["date"]
    lines["date"] = _tline(
        "TOPAZ, UTAH   WEDNESDAY, DECEMBER 13",
        (date.box.x0, date.box.y0, date.box.x1, date.box.y1),
        size=24.0,
    )
    tag_furniture(list(lines.values()), [], 23.0)
    assert lines["sub"].furniture_kind == "section" and lines["head"].furniture_kind is None


def test_date_line_without_a_masthead_over_it_closes_no_band() -> None:
    """A dated line near the top with no nameplate above it: what stands over it is not taken for furniture."""
    lines = _masthead_page(False)
    tag_furniture(list(lines.values()), [], 23.0)
    assert lines["sub"].furniture_kind is None and lines["head"].furniture_kind is None
    assert lines["date"].furniture_kind == "folio"


def test_cut_line_whose_box_overlaps_the_row_above_stays_in_its_column() -> None:
    """Cambridge Chronicle p.1: two rows the detector ran across a gutter, cut apart, keep their tall boxes.

    "Wednesday night, reversed itself and voted to" overlaps the line above
    by 14 px (its box is 49 px for text of 38), but its centre stands a
    line's pitch below: it is the column's second line, not a block of its own.
    """
    body = 38.5
    lines = [
        _tline("The city council, at a special meeting last", (225, 1922, 828, 1969), size=42.7),
        _tline("Wednesday night, reversed itself and voted to", (184, 1955, 828, 2004), size=44.5),
        _tline("pay B.U. Law Professor Paul Liacos for", (181, 1990, 845, 2030), size=42.0),
    ]
    lines += [
        _tline(f"conducting an investigation line {k}", (181, 2030 + 34 * k, 840, 2066 + 34 * k), 37.8)
        for k in range(5)
    ]
    blocks = build_blocks(lines, body, [], [], TITLE_SIZE * body, "b")
    assert [b.lines for b in blocks] == [lines]


def test_headline_filling_a_narrow_column_does_not_take_in_the_deck_flush_under_it() -> None:
    """Bold display lines, then text lines flush with the headline's measure: two blocks, not one."""
    body = 34.7
    lines = [
        _tline("Hospital opens", (242, 291, 576, 340), 49.5, ink=0.29),
        _tline("new outpatient", (240, 340, 575, 394), 49.2, ink=0.26),
        _tline("clinic", (242, 392, 369, 438), 46.2, ink=0.29),
        _tline("Plan holds tax rate steady", (242, 441, 581, 480), 38.4, ink=0.18),
        _tline("while adding two teachers", (243, 479, 587, 519), 38.3, ink=0.17),
    ]
    blocks = build_blocks(lines, body, [], [], TITLE_SIZE * body, "b")
    assert [[ln.text for ln in b.lines] for b in blocks] == [
        ["Hospital opens", "new outpatient", "clinic"],
        ["Plan holds tax rate steady", "while adding two teachers"],
    ]


def test_deck_wrapped_over_two_lines_is_split_off_the_text_whole() -> None:
    """A deck run into the column under its headline leaves it with both its lines."""
    body = 34.0
    head = TBlock(
        "h",
        [_tline("Hospital opens", (242, 291, 576, 340), 49.5), _tline("clinic", (242, 392, 369, 438), 46.2)],
    )
    head.role = "headline"
    group = TitleGroup([head], -1)
    deck = [
        _tline("Plan holds tax rate steady", (242, 441, 581, 480), 38.4),
        _tline("while adding two teachers", (243, 479, 587, 519), 38.3),
    ]
    text = [_tline(f"text line {k}", (243, 539 + 38 * k, 592, 573 + 38 * k), 34.0) for k in range(5)]
    block = TBlock("b", deck + text)
    split = _leading_deck(block, group, 49.5, [block], body)
    assert split is not None and split.role == "subheadline"
    assert [ln.text for ln in split.lines] == ["Plan holds tax rate steady", "while adding two teachers"]
    assert block.lines == text


def test_column_first_line_in_a_tall_box_is_not_taken_into_the_deck() -> None:
    """Topaz Times: under the deck "TO VISIT FRIDAY", the column's first line came out deck-tall; its x-height is text's."""
    body = 23.0
    head = TBlock(
        "h",
        [
            _tline("STATE EDUCATION", (84, 270, 402, 312), 35.0),
            _tline("ADVISORY BOARD", (78, 307, 386, 355), 48.0),
        ],
    )
    head.role = "headline"
    group = TitleGroup([head], -1)
    deck = _tline("TO VISIT FRIDAY", (87, 357, 355, 389), 31.3)
    first = _tline("The State Advisory", (89, 385, 403, 415), 29.3)
    text = [_tline(f"text line {k}", (86, 412 + 24 * k, 400, 435 + 24 * k), 23.0) for k in range(5)]
    first.x_height = 11.0
    for t in text:
        t.x_height = 11.0
    block = TBlock("b", [deck, first, *text])
    split = _leading_deck(block, group, 48.0, [block], body, body_xh=11.0)
    assert split is not None and [ln.text for ln in split.lines] == ["TO VISIT FRIDAY"]
    assert block.lines == [first, *text]


# ----------------------------------------------------------------------------- running text in tall boxes


def test_text_line_in_a_box_grown_over_white_stays_in_its_column() -> None:
    """A justified text line whose box came out half as tall again, over white (thin ink), is one of the column's lines."""
    body = 33.7
    texts = [
        "watched three generations",
        'of kids grow up here,"',
        "Linda Moretti said. The",
        "couple thanked the town",
    ]
    lines = [
        _tline(t, (2183, 3500 + 40 * k, 2561, 3534 + 40 * k), 33.0, ink=0.16) for k, t in enumerate(texts)
    ]
    lines.insert(0, _tline("that young families can", (2183, 3460, 2561, 3494), 33.0, ink=0.16))
    tall = lines[2]
    tall.box = BBox(2183, tall.box.y0 - 8, 2560, tall.box.y1 + 8)
    tall.size, tall.ink = 49.0, 0.08
    blocks = build_blocks(lines, body, [], [], TITLE_SIZE * body, "b")
    assert [len(b.lines) for b in blocks] == [5]


def test_display_tall_chinese_line_with_a_sentence_ending_in_it_is_text() -> None:
    body = 36.6
    text_line = TBlock("b1", [_tline("工作。（5）本", (1954, 534, 2389, 588), 53.0, ink=0.15)])
    title = TBlock("b2", [_tline("凝心聚力抓发展", (1066, 233, 1418, 291), 53.0, ink=0.37)])
    assert not is_display(text_line, body, 0.15)
    assert is_display(title, body, 0.15)
    # A title may end in a full stop or an exclamation mark.
    assert is_display(TBlock("b3", [_tline("春耕正当时。", (0, 0, 400, 53), 53.0)]), body, 0.15)


def test_show_through_line_without_ink_is_left_out_of_the_articles() -> None:
    """A line the detector read from the back of the sheet (no ink on this side) joins no title and no text."""
    pb = PageBuilder(1500, 1200)
    pb.text(60, 40, "县卫健委开展义诊进乡村活动", 60, bold=True)
    paragraphs = [cjk_text(300, 31)]
    pb.flow_cjk([(60, 440), (560, 440), (1060, 380)], 150, 1150, paragraphs, BODY)
    # The ghost: display-tall, right under the headline's end and level with
    # the first rows of text, nothing printed there on this side.
    pb.lines.append(Line("ghost", "总目购", _box(900, 112, 1040, 160), 0.69, text_size=48))
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert [a.headline for a in page.articles] == ["县卫健委开展义诊进乡村活动"]
    assert "".join(p.text for p in page.articles[0].paragraphs) == paragraphs[0]
    assert all("总目购" not in (a.headline or "") + a.body_text for a in page.articles)


# ----------------------------------------------------------------------------- bylines


def test_byline_line_ends_where_a_dateline_in_capitals_opens_the_body() -> None:
    paras, lines = _paragraphs(
        ["By JAMES CARVER", "NORTH HAVEN, Jan. 23 — Superintendent", "Carla Mendes said."]
    )
    assert _take_byline([], paras, lines) == "By JAMES CARVER"
    assert [p.text for p in paras] == ["NORTH HAVEN, Jan. 23 — Superintendent Carla Mendes said."]


def test_byline_cut_after_the_first_name_still_takes_the_surname() -> None:
    paras, lines = _paragraphs(["By GRACE", "NAKAMURA", "The Millbrook Farmers Market", "will open."])
    assert _take_byline([], paras, lines) == "By GRACE NAKAMURA"
    assert [p.text for p in paras] == ["The Millbrook Farmers Market will open."]


def test_end_credit_followed_by_a_stray_opening_bracket() -> None:
    """A speck read as "[" after the closing credit does not hide it; a place in brackets is still no credit."""
    assert match_end_byline("为全年冲刺打下坚实基础。马超 报道[") == ("为全年冲刺打下坚实基础。", "马超 报道")
    assert match_end_byline("……绝不姑息。（郭莎莎 文/何乐 图）（") == (
        "……绝不姑息。",
        "（郭莎莎 文/何乐 图）",
    )
    assert match_end_byline("来自河南（宝丰）[") is None


def test_byline_name_carried_over_to_its_own_line_is_kept_whole() -> None:
    paras, lines = _paragraphs(
        ["By HENRY ABBOTT and AMY", "HOLLOWAY", "ASHFORD, June 20 — Fire chief", "Gary said."]
    )
    assert _take_byline([], paras, lines) == "By HENRY ABBOTT and AMY HOLLOWAY"
    assert [p.text for p in paras] == ["ASHFORD, June 20 — Fire chief Gary said."]


def test_byline_names_carried_over_two_lines_are_kept_whole() -> None:
    paras, lines = _paragraphs(
        ["By ELLEN FORTIER", "and BRIAN", "MCALLISTER", "The county road", "will close."]
    )
    assert _take_byline([], paras, lines) == "By ELLEN FORTIER and BRIAN MCALLISTER"
    assert [p.text for p in paras] == ["The county road will close."]


def test_boxes_touching_at_a_like_letter_repeat_nothing() -> None:
    """Word boxes of one line that touch by a few pixels keep both letters ("there every")."""
    frame = Frame(False, 1000, 200)
    left = _tline("was there", (100, 50, 260, 85))
    right = _tline("every day", (257, 50, 420, 85))
    out = rebuild_lines([left, right], [], frame, body=35.0)
    assert [t.text for t in out] == ["was there every day"]
