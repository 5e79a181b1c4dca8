"""Headlines the detector ran together, text lines that look like display type, and title roles.

Synthetic pages drawn with real type by ``test_layout_kit.PageBuilder``; the
detector's mistakes are played by recording the lines the way PP-OCR
returned them on the benchmark pages (two headlines side by side in one box,
one word box across a column rule, a phantom word read from bleed-through,
a text line whose box took in strokes of its neighbours). The expected
articles are the texts the tests set, so they do not come from the code
under test.
"""

from __future__ import annotations

import pytest

from scan2text.document import BBox, Line, Word
from scan2text.layout import analyse_layout
from scan2text.layout.blocks import build_blocks
from scan2text.layout.frame import TBlock, TLine
from scan2text.layout.lines import settle_sizes
from scan2text.layout.roles import TITLE_SIZE
from scan2text.layout.titles import group_titles
from tests.test_layout_kit import LATIN_SERIF, LATIN_SERIF_BOLD, PageBuilder, font, latin_text

BODY = 22
HEAD = 52


def _box(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _headline_words(
    pb: PageBuilder, x: float, y: float, text: str, size: int = HEAD, gap: float | None = None
) -> list[Word]:
    """Draw a bold Latin headline (word spaces ``gap`` wide when given); return one word box per word, unrecorded."""
    f = font(LATIN_SERIF_BOLD, size)
    ref = f.getbbox("Hg")
    space = f.getlength(" ") if gap is None else gap
    out = []
    for w in text.split():
        pb.draw.text((x, y), w, font=f, fill=0)
        length = f.getlength(w)
        out.append(Word(w, _box(x, y + ref[1] - 2, x + length, y + ref[3] + 2), 0.95))
        x += length + space
    return out


def _detector_line(pb: PageBuilder, words: list[Word], text: str | None = None) -> Line:
    """Record ``words`` as one detected line, as the detector returns a row it ran together."""
    box = BBox.union_all([BBox.of_points(w.polygon) for w in words])
    line = Line(
        id=f"l{len(pb.lines) + 1:04d}",
        text=text if text is not None else " ".join(w.text for w in words),
        polygon=_box(box.x0, box.y0, box.x1, box.y1),
        confidence=0.95,
        text_size=box.height,
        words=words,
    )
    pb.lines.append(line)
    return line


def _run_together(a: Word, b: Word) -> Word:
    """One word box over two words, read without the space ("bridgeCommunity")."""
    box = BBox.union_all([BBox.of_points(a.polygon), BBox.of_points(b.polygon)])
    return Word(a.text + b.text, _box(box.x0, box.y0, box.x1, box.y1), 0.9)


def _body(article_paragraphs: list[str]) -> str:
    return " ".join(article_paragraphs)


def test_headlines_run_together_across_a_column_rule_are_cut_at_it() -> None:
    """One detector box over two headlines, its word pieces including one across the rule."""
    pb = PageBuilder(1500, 1200)
    left = _headline_words(pb, 60, 40, "Willow Creek bridge")
    right = _headline_words(pb, 770, 40, "Community theater")
    pb.vrule(740, 30, 1150)
    words = left[:-1] + [_run_together(left[-1], right[0])] + right[1:]
    _detector_line(pb, words, " ".join(w.text for w in words))
    texts_l = [latin_text(70, 1), latin_text(60, 2)]
    texts_r = [latin_text(60, 3), latin_text(70, 4)]
    pb.flow_latin([(60, 640)], 130, 1150, texts_l, BODY)
    pb.flow_latin([(770, 640)], 130, 1150, texts_r, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert sorted(a.headline or "" for a in page.articles) == ["Community theater", "Willow Creek bridge"]
    by_head = {a.headline: a for a in page.articles}
    assert _body([p.text for p in by_head["Willow Creek bridge"].paragraphs]) == _body(texts_l)
    assert _body([p.text for p in by_head["Community theater"].paragraphs]) == _body(texts_r)


def test_phantom_word_beyond_a_rule_is_dropped() -> None:
    """A word read in blank paper left of a box side (bleed-through) is no part of the headline."""
    pb = PageBuilder(1500, 1200)
    left = _headline_words(pb, 60, 40, "Hospital opens clinic")
    right = _headline_words(pb, 800, 40, "Community theater")
    pb.vrule(770, 30, 1150)
    ghost_box = BBox.of_points(right[0].polygon)
    # The ghost sits in the white right before the rule, closer to the
    # headline's start than a line height.
    ghost = Word("ns", _box(735, ghost_box.y0, 764, ghost_box.y1), 0.5)
    _detector_line(pb, left)
    _detector_line(pb, [ghost, *right])
    texts_l = [latin_text(70, 5)]
    texts_r = [latin_text(70, 6)]
    pb.flow_latin([(60, 660)], 130, 1150, texts_l, BODY)
    pb.flow_latin([(800, 640)], 130, 1150, texts_r, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert sorted(a.headline or "" for a in page.articles) == ["Community theater", "Hospital opens clinic"]


def test_headlines_run_together_across_a_gutter_wider_than_word_spaces() -> None:
    """No rule: the gutter between the two headlines is several word spaces wide."""
    pb = PageBuilder(1500, 1200)
    left = _headline_words(pb, 60, 40, "Free flu shots offered at")
    # The gutter: about one type size, four word spaces, narrower than the
    # white that parts two titles by itself.
    x_right = BBox.of_points(left[-1].polygon).x1 + HEAD
    right = _headline_words(pb, x_right, 40, "Ice fishing derby")
    _detector_line(pb, left + right)
    texts_l = [latin_text(70, 7)]
    texts_r = [latin_text(70, 8)]
    pb.flow_latin([(60, x_right - 90)], 130, 1150, texts_l, BODY)
    pb.flow_latin([(x_right, 1440 - x_right)], 130, 1150, texts_r, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert sorted(a.headline or "" for a in page.articles) == [
        "Free flu shots offered at",
        "Ice fishing derby",
    ]


@pytest.mark.parametrize("shift", [0.0, HEAD / 3], ids=["word-boxes-on-the-words", "word-boxes-off"])
def test_two_stacked_headlines_side_by_side_are_told_apart_by_their_second_lines(shift: float) -> None:
    """The gutter is no wider than a word space; each headline wraps under its own first word.

    With ``shift`` the recogniser's word boxes sit right of the words (PP-OCRv6
    places its CTC peaks late): the ink shows where "Police" starts.
    """
    pb = PageBuilder(1500, 1300)
    space = 0.45 * HEAD
    left = _headline_words(pb, 60, 40, "State to study traffic on", gap=space)
    last = BBox.of_points(left[-1].polygon).x1
    right = _headline_words(pb, last + space + 4, 40, "Police warn of utility", gap=space)
    x_right = BBox.of_points(right[0].polygon).x0
    line = _detector_line(pb, left + right)
    line.words = [Word(w.text, [(x + shift, y) for x, y in w.polygon], w.confidence) for w in line.words]
    _detector_line(pb, _headline_words(pb, 60, 40 + 1.15 * HEAD, "Main Street"))
    _detector_line(pb, _headline_words(pb, x_right, 40 + 1.15 * HEAD, "phone scam"))
    texts_l = [latin_text(60, 9)]
    texts_r = [latin_text(60, 10)]
    pb.flow_latin([(60, x_right - 90)], 200, 1250, texts_l, BODY)
    # (The right column's text starts a little in from its headline, so
    # that only the headlines' second lines tell them apart.)
    pb.flow_latin([(x_right + 20, 1420 - x_right)], 200, 1250, texts_r, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert sorted(a.headline or "" for a in page.articles) == [
        "Police warn of utility phone scam",
        "State to study traffic on Main Street",
    ]


def test_text_line_with_a_display_tall_box_stays_in_its_column() -> None:
    """A box that took in strokes of the lines around it does not make a headline of a text line."""
    pb = PageBuilder(800, 1300)
    pb.text(60, 40, "Council backs new bridge", HEAD, bold=True, latin=True)
    paragraphs = [latin_text(90, 11), latin_text(80, 12)]
    pb.flow_latin([(60, 420)], 130, 1250, paragraphs, BODY, word_boxes=False)
    # Stretch the box of a line in the middle of the first paragraph to 1.45x its height.
    middle = sorted((ln for ln in pb.lines if ln.text_size < 40), key=lambda ln: ln.bbox.y0)[4]
    b = middle.bbox
    grow = 0.225 * b.height
    middle.polygon = _box(b.x0, b.y0 - grow, b.x1, b.y1 + grow)
    middle.text_size = b.height + 2 * grow
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert [a.headline for a in page.articles] == ["Council backs new bridge"]
    assert [p.text for p in page.articles[0].paragraphs] == paragraphs


def test_short_justified_line_with_a_tall_box_is_text_by_its_x_height() -> None:
    """Page 017: "The   Millbrook   City", a paragraph's first line set with wide spaces, came out
    display-tall; its letters keep the pitch of nothing (the spaces are loose), but their
    x-height is that of the text around them, so it is no headline."""
    pb = PageBuilder(800, 1300)
    pb.text(60, 40, "Council backs new bridge", HEAD, bold=True, latin=True)
    paragraphs = [latin_text(90, 11), latin_text(80, 12)]
    pb.flow_latin([(60, 420)], 130, 1250, paragraphs, BODY, word_boxes=False)
    lines = sorted((ln for ln in pb.lines if ln.text_size < 40), key=lambda ln: ln.bbox.y0)
    # Redraw the fifth line as three words spread over the column, its box 1.45x tall.
    middle = lines[4]
    b = middle.bbox
    pb.draw.rectangle((b.x0 - 2, b.y0, b.x1 + 2, b.y1), fill=255)
    words = middle.text.split()[:3]
    f = font(LATIN_SERIF, BODY)
    step = (420 - f.getlength(words[-1])) / 2
    for k, w in enumerate(words):
        pb.draw.text((60 + k * step, b.y0 + 2 - f.getbbox("Hg")[1]), w, font=f, fill=0)
    grow = 0.225 * b.height
    middle.text = " ".join(words)
    middle.polygon = _box(60, b.y0 - grow, 480, b.y1 + grow)
    middle.text_size = b.height + 2 * grow
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert [a.headline for a in page.articles] == ["Council backs new bridge"]


def test_display_tall_box_in_a_justified_column_joins_its_block() -> None:
    """Without a pitch to go by, a display-tall box flush with both edges of a column at its line gap is a text line."""
    body = 22.0
    lines = [_tline(f"line {k}", (60, 100 + 28 * k, 480, 100 + 28 * k + 24)) for k in range(7)]
    # (Short texts: settle_sizes cannot judge them by their pitch.)
    tall = lines[3]
    tall.box = BBox(60, tall.box.y0 - 5, 480, tall.box.y1 + 5)
    tall.size = tall.box.height
    assert tall.size >= TITLE_SIZE * body
    blocks = build_blocks(lines, body, [], [], TITLE_SIZE * body, "b")
    assert len(blocks) == 1 and len(blocks[0].lines) == 7


def test_first_row_of_text_level_with_its_neighbours_is_not_a_deck() -> None:
    """Under a headline over three columns, a first line set a little taller than the rest is still text."""
    pb = PageBuilder(1500, 1200)
    pb.text(60, 40, "Community theater returns with a musical", HEAD, bold=True, latin=True)
    columns = [(60, 440), (530, 440), (1000, 440)]
    texts = [latin_text(60, 13 + k) for k in range(3)]
    for (x, w), t in zip(columns, texts):
        pb.flow_latin([(x, w)], 130, 1150, [t], BODY, word_boxes=False)
    # The detector's box of column 2's first line (not indented: the line
    # carries on a paragraph) came out 15% taller.
    first = min(
        (ln for ln in pb.lines if 500 < ln.bbox.x0 < 990 and ln.text_size < 40), key=lambda ln: ln.bbox.y0
    )
    b = first.bbox
    first.polygon = _box(530, b.y0 - 0.15 * b.height, b.x1, b.y1)
    first.text_size = 1.15 * b.height
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert len(page.articles) == 1
    a = page.articles[0]
    assert a.subheadline is None
    assert _body([p.text for p in a.paragraphs]) == _body(texts)


def _tline(text: str, box: tuple[float, float, float, float]) -> TLine:
    line = Line(id=text[:8], text=text, polygon=_box(*box), confidence=0.9, text_size=box[3] - box[1])
    return TLine(line=line, box=BBox(*box), size=box[3] - box[1])


def test_settle_sizes_sets_text_pitch_lines_back_to_body_size() -> None:
    """A line whose box is display-tall but whose characters advance like text is text; a real headline is not."""
    body = 30.0
    text = "council members agreed that work"
    # Body lines: 0.55 em per character unit, em = size.
    lines = [_tline(text, (0, 100 + 40 * k, 0.55 * 30 * len(text), 130 + 40 * k)) for k in range(6)]
    tall = _tline(text, (0, 400, 0.55 * 30 * len(text), 445))
    headline = _tline("Council backs new bridge", (0, 0, 0.55 * 60 * 24, 60))
    settle_sizes([*lines, tall, headline], body)
    assert tall.size == body
    assert headline.size == 60


def test_headline_line_of_x_height_letters_is_part_of_the_headline() -> None:
    """The line "scam" under "Police warn of utility phone" has a box half as tall, but it is the same headline."""
    head = TBlock(id="h", lines=[_tline("Police warn of utility phone", (100, 100, 900, 200))])
    short = TBlock(id="s", lines=[_tline("scam", (100, 200, 250, 250))])
    deck = TBlock(id="d", lines=[_tline("Plan holds tax rate steady", (100, 262, 700, 312))])
    groups = group_titles([head, short, deck], [], [], 30.0)
    assert len(groups) == 1
    assert groups[0].text_of("headline") == "Police warn of utility phone scam"
    assert groups[0].text_of("subheadline") == "Plan holds tax rate steady"


def _xh(t: TLine, x_height: float) -> TLine:
    t.x_height = x_height
    return t


def test_headline_lines_above_a_taller_last_line_are_headline_not_kicker() -> None:
    """ "Community / theater returns / with a musical" (page 013): the last line's box was cut from a
    detector box over two headlines and came out tallest; one x-height says one headline."""
    a = TBlock(
        id="a",
        lines=[
            _xh(_tline("Community", (120, 384, 430, 440)), 31),
            _xh(_tline("theater returns", (120, 451, 517, 499)), 31),
        ],
    )
    b = TBlock(id="b", lines=[_xh(_tline("with a musical", (124, 492, 513, 575)), 31)])
    groups = group_titles([a, b], [], [], 38.0)
    assert len(groups) == 1
    assert groups[0].text_of("headline") == "Community theater returns with a musical"
    assert groups[0].text_of("kicker") is None


def test_deck_line_with_a_tall_box_is_not_headline_by_x_height() -> None:
    """A deck's last word ("month") can have a box near the headline's size; its x-height is smaller."""
    head = TBlock(
        id="h",
        lines=[
            _xh(_tline("Free flu shots offered at", (120, 386, 1335, 493)), 52),
            _xh(_tline("senior center", (123, 519, 789, 606)), 52),
        ],
    )
    deck = TBlock(
        id="d", lines=[_xh(_tline("Public hearing on the proposal set for next", (125, 620, 1019, 680)), 27)]
    )
    tail = TBlock(id="t", lines=[_xh(_tline("month", (125, 684, 245, 742)), 27)])
    groups = group_titles([head, deck, tail], [], [], 38.0)
    assert len(groups) == 1
    assert groups[0].text_of("headline") == "Free flu shots offered at senior center"
    assert "month" not in (groups[0].text_of("headline") or "")


def test_x_height_is_measured_alike_with_and_without_ascenders() -> None:
    """Drawn lines of one bold type: box heights differ with ascenders and descenders, x-heights do not;
    a smaller type has a smaller x-height."""
    import numpy as np

    from scan2text.layout.roles import measure_letters

    pb = PageBuilder(1400, 600)
    boxes = [pb.text(40, 40, "Free flu shots offered at", 80, bold=True, latin=True),
             pb.text(40, 160, "over a corner", 80, bold=True, latin=True),
             pb.text(40, 300, "Proposal set for next month", 44, bold=True, latin=True)]  # fmt: skip
    ink = (np.asarray(pb.image) < 128).astype(np.uint8)
    lines = [
        _tline(t, box)
        for t, box in zip(
            ("Free flu shots offered at", "over a corner", "Proposal set for next month"), boxes
        )
    ]
    measure_letters(lines, ink, 0.0)
    big, plain, small = (ln.x_height for ln in lines)
    assert big > 0 and abs(big - plain) <= 0.1 * big
    assert small < 0.7 * big


def test_x_height_of_a_line_full_of_capitals_and_ascenders() -> None:
    """ "O'Neill elected" over "Majority Leader" (Cambridge Chronicle p.1): one type, one x-height."""
    import numpy as np

    from scan2text.layout.roles import measure_letters

    pb = PageBuilder(1000, 300)
    texts = ("O'Neill elected", "Majority Leader")
    boxes = [
        pb.text(40, 30, texts[0], 70, bold=True, latin=True),
        pb.text(40, 140, texts[1], 70, bold=True, latin=True),
    ]
    ink = (np.asarray(pb.image) < 128).astype(np.uint8)
    lines = [_tline(t, box) for t, box in zip(texts, boxes)]
    measure_letters(lines, ink, 0.0)
    a, b = (ln.x_height for ln in lines)
    assert a > 0 and abs(a - b) <= 0.1 * max(a, b)


def test_chinese_headlines_side_by_side_in_different_type_stay_apart() -> None:
    """Three headlines of neighbouring articles on one row, as the detector returns them once
    cut apart (page 016): a size smaller and set higher than each other, a small gap between.
    Ideographs fill their boxes alike, so lines of one headline share size and baseline."""
    from tests.test_layout_kit import cjk_text

    pb = PageBuilder(1640, 1100)
    # Each headline is centred over its column, not flush with the text under it.
    heads = [
        ("县消防救援大队开展演练", 50, 64, 48),
        ("产业园区项目跑出加速度", 600, 52, 42),
        ("全县重点项目集中开工", 1082, 30, 44),
    ]
    for text, x, y, size in heads:
        pb.text(x, y, text, size, bold=True)
    bodies = [[cjk_text(120, 11)], [cjk_text(120, 12)], [cjk_text(120, 13)]]
    for x, body in zip((70, 620, 1130), bodies):
        pb.flow_cjk([(x, 460)], 160, 1050, body, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert sorted(a.headline or "" for a in page.articles) == sorted(h[0] for h in heads)
    by_head = {a.headline: a for a in page.articles}
    for (text, *_), body in zip(heads, bodies):
        assert "".join(p.text for p in by_head[text].paragraphs) == body[0]


def test_one_chinese_headline_in_two_pieces_is_joined() -> None:
    """A two-part headline with a full-width space, read as two boxes of one size on one baseline."""
    from tests.test_layout_kit import cjk_text

    pb = PageBuilder(1200, 1000)
    pb.text(60, 40, "凝心聚力谋思路", 48, bold=True)
    pb.text(60 + 8 * 48, 40, "真抓实干开新局", 48, bold=True)
    body = [cjk_text(200, 14)]
    pb.flow_cjk([(60, 500), (600, 500)], 150, 900, body, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert [a.headline for a in page.articles] == ["凝心聚力谋思路 真抓实干开新局"]


def test_first_column_line_under_a_headline_is_a_deck_only_with_a_deck_x_height() -> None:
    """Page 001: the first line of a column right under its headline, spaced out wide, came out
    taller than the lines after it; its x-height is the text's, so it stays in the column. The same
    line with a deck's larger x-height is split off as the deck."""
    from scan2text.layout.titles import attach_decks

    def run(first_xh: float) -> tuple[list[TBlock], TBlock]:
        head = TBlock(
            id="h", lines=[_tline("Fire destroys barn on Pine Ridge Road", (1860, 2300, 2700, 2440))]
        )
        groups = group_titles([head], [], [], 36.0)
        first = _xh(_tline("The town planning board heard", (1863, 2468, 2355, 2510)), first_xh)
        rest = [
            _xh(_tline(f"plans on Monday for a unit {k}", (1825, 2512 + 44 * k, 2356, 2550 + 44 * k)), 17)
            for k in range(4)
        ]
        column = TBlock(id="c", lines=[first, *rest])
        return attach_decks(groups, [head, column], [], 36.0, 0.1, 17.0), column

    extra, column = run(17.0)
    assert extra == [] and len(column.lines) == 5
    extra, column = run(20.0)
    assert [b.text for b in extra] == ["The town planning board heard"] and len(column.lines) == 4


def test_deck_under_a_title_box_that_reaches_over_it_is_the_deck() -> None:
    """Page 006: the headline's detector box came out tall enough to take in the top of the deck
    centred under it; the deck starts in the box's lower part and is still the deck."""
    from scan2text.layout.titles import attach_decks

    head = TBlock(id="h", lines=[_tline("全县教育工作会议召开", (1772, 233, 2405, 356))])
    deck = TBlock(id="d", lines=[_tline("为群众办好十件民生实事", (1937, 316, 2262, 358))])
    groups = group_titles([head], [], [], 36.0)
    attach_decks(groups, [head, deck], [], 36.0, 0.1)
    assert groups[0].text_of("subheadline") == "为群众办好十件民生实事"


def test_bold_two_part_kicker_over_a_two_column_headline_is_not_cut_at_the_gutter() -> None:
    """Page 018: a bold kicker in two parts (a wide space between them, over the gutter) above a
    bold headline a little larger than text, both running over the two columns of their story.
    Neither is two column lines run together: the headline shows no white at the gutter, and
    the kicker's parts sit over the headline, not over columns of text."""
    from tests.test_layout_kit import CJK_SERIF_BOLD, cjk_text

    pb = PageBuilder(1200, 1100)
    kick = 24
    f = font(CJK_SERIF_BOLD, kick)
    left, right = "聚焦乡村振兴", "建设美丽家园"
    # The wide space lies over the gutter (x 520 to 560).
    lx = 520 - f.getlength(left) + 10
    rx = 560 - 6
    pb.draw.text((lx, 40), left, font=f, fill=0)
    pb.draw.text((rx, 40), right, font=f, fill=0)
    ref = f.getbbox("国")
    pb._record(f"{left} {right}", (lx, 40 + ref[1] - 2, rx + f.getlength(right), 40 + ref[3] + 2))
    headline = "全县农村人居环境整治工作推进会召开"
    hsize = 28
    pb.text(540 - len(headline) * hsize / 2, 80, headline, hsize, bold=True)
    body = [cjk_text(300, 21)]
    pb.flow_cjk([(60, 460), (560, 460)], 150, 700, body, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    art = next(a for a in page.articles if a.headline)
    assert (art.kicker, art.headline) == (f"{left} {right}", headline)
    assert "".join(p.text for p in art.paragraphs) == body[0]


def test_running_text_between_two_display_blocks_parts_their_titles() -> None:
    """A headline, two lines of its story, then an advert's banner close under them (Cambridge
    Chronicle 1973: "Property taxes rise - growth lowers" over the Elbery Ford advert). Stacked
    that close, two display blocks would be one title; the text between them parts them."""
    head = TBlock(id="h", lines=[_tline("Property taxes rise", (60, 40, 900, 110))])
    banner = TBlock(id="b", lines=[_tline("SAVE AT ELBERY'S", (80, 162, 860, 202))])
    text = TBlock(
        id="t",
        lines=[
            _tline("Massachusetts property taxes totaled", (60, 112, 880, 134)),
            _tline("up from last year's total", (60, 136, 880, 158)),
        ],
    )
    groups = group_titles([head, banner], [], [text], BODY)
    assert sorted([b.id for b in g.blocks] for g in groups) == [["b"], ["h"]]
    # Without the text they are one title.
    assert len(group_titles([head, banner], [], [], BODY)) == 1


def test_headline_in_one_column_under_a_wider_headline_is_its_own() -> None:
    """Topaz Times (1944): "33 ISSUED PERMITS TO RE-ENTER PACIFIC COAST" over two columns; right
    under it, in the first column, "SEVEN FAMILIES MAY RETURN HOME" with its own text under it,
    while the wide headline's text starts beside it in the second column. Not a deck: a deck
    stands between its headline and all of its text."""
    wide = TBlock(
        id="w",
        lines=[
            _tline("33 ISSUED PERMITS TO", (411, 262, 1098, 310)),
            _tline("RE-ENTER PACIFIC COAST", (411, 312, 1098, 360)),
        ],
    )
    own = TBlock(
        id="s",
        lines=[
            _tline("SEVEN FAMILIES", (420, 374, 705, 410)),
            _tline("MAY RETURN HOME", (420, 412, 732, 453)),
        ],
    )
    under = TBlock(
        id="u",
        lines=[
            _tline(f"Permits were issued to row {k}", (423, 456 + 24 * k, 735, 478 + 24 * k))
            for k in range(8)
        ],
    )
    beside = TBlock(
        id="b",
        lines=[
            _tline(f"The Western Defense Command row {k}", (757, 370 + 24 * k, 1074, 392 + 24 * k))
            for k in range(12)
        ],
    )
    groups = group_titles([wide, own], [], [under, beside], BODY)
    assert sorted([b.id for b in g.blocks] for g in groups) == [["s"], ["w"]]
    # A deck under the same headline, with all the text under the deck, stays with it.
    under_all = TBlock(
        id="a",
        lines=[
            _tline(f"The Western Defense Command row {k}", (423, 456 + 24 * k, 1074, 478 + 24 * k))
            for k in range(8)
        ],
    )
    (group,) = group_titles([wide, own], [], [under_all], BODY)
    assert [b.id for b in group.blocks] == ["w", "s"]


def test_line_further_down_the_column_under_a_tall_title_is_no_deck() -> None:
    """Cambridge Chronicle (1973): under "Property taxes rise - growth lowers" (a box 120 px tall)
    lines of text run down the second column; the next one is within a headline's size of the
    title and (here) even led by a dash, as decks are. Text stands between it and the title: it is
    a line of the column, not a deck. Right under the title, the same line would be the deck."""
    from scan2text.layout.titles import attach_decks

    def run(gap_lines: int) -> list[str | None]:
        head = TBlock(id="h", lines=[_tline("Property taxes rise - growth lowers", (140, 1095, 1367, 1215))])
        groups = group_titles([head], [], [], 38.0)
        above = [
            TBlock(
                id=f"t{k}",
                lines=[_tline(f"property tax analysis row {k}", (1063, 1220 + 36 * k, 1498, 1254 + 36 * k))],
            )
            for k in range(gap_lines)
        ]
        y = 1220 + 36 * gap_lines
        line = _tline("- with this year's 10.8 percent", (1058, y, 1504, y + 34))
        cand = TBlock(id="c", lines=[line])
        attach_decks(groups, [head, *above, cand], [], 38.0, 0.1)
        return [groups[0].text_of("subheadline")]

    assert run(0) == ["- with this year's 10.8 percent"]
    assert run(2) == [None]


@pytest.mark.parametrize(("x_height", "kicker"), [(13.0, False), (19.0, True)])
def test_tall_box_over_letters_of_text_size_is_no_kicker(x_height: float, kicker: bool) -> None:
    """Cambridge Chronicle p.3 (1973): the last line of a column ("Northeastern U.S. Leader for")
    stands right over the headline "Handicapped children have fun". Its box came out 1.16 body
    sizes tall, but its letters measure text's x-height: it is a line of text, no kicker. With
    letters a third larger than text's, the same line is a kicker."""
    from scan2text.layout.titles import attach_decks

    head = TBlock(id="h", lines=[_tline("Handicapped children have fun", (2010, 4203, 2838, 4297))])
    groups = group_titles([head], [], [], 38.0)
    line = _tline("Northeastern U.S. Leader for", (2009, 4161, 2436, 4205))
    line.x_height = x_height
    above = TBlock(id="k", lines=[line])
    attach_decks(groups, [head, above], [], 38.0, 0.124, 14.0)
    assert (above.role == "kicker") is kicker
    assert (groups[0].text_of("kicker") == "Northeastern U.S. Leader for") is kicker


@pytest.mark.parametrize(
    ("text", "cut", "parts"),
    [
        # A name in capitals run into the next column's word: the capital
        # with a small letter after it starts the second word.
        ("O'NEILLDaleWhitcomb", 8, ["O'NEILL", "DaleWhitcomb"]),
        ("bridgeCommunity", 9, ["bridge", "Community"]),
        # Within a word in capitals there is no such place: the estimate stands.
        ("WASHINGTONPOST", 9, ["WASHINGTO", "NPOST"]),
    ],
)
def test_cut_inside_a_word_moves_to_where_two_words_meet(text: str, cut: int, parts: list[str]) -> None:
    """019 en_degraded: "By MICHAEL O'NEILL" run by the detector into the next column's "Dale
    Whitcomb said"; the recogniser read "O'NEILLDaleWhitcombsaid". The cut estimated from
    character widths falls four letters off; it moves to the word boundary nearest it."""
    from scan2text.layout.lines import _snap_to_spaces

    where = _snap_to_spaces(text, [0 if i < cut else 1 for i in range(len(text))])
    assert ["".join(c for c, w in zip(text, where) if w == k) for k in (0, 1)] == parts


def test_a_plural_of_capitals_is_no_place_where_two_words_meet() -> None:
    """ "forCEOs" (two words run together) estimated to break as "forCE|Os": a capital before a
    single small letter at the end ends a word in capitals and starts none; the break moves to
    "for|CEOs"."""
    from scan2text.layout.lines import _snap_to_spaces

    text = "forCEOs"
    where = _snap_to_spaces(text, [0 if i < 5 else 1 for i in range(len(text))])
    assert "".join(c for c, w in zip(text, where) if w == 0) == "for"
