"""Headlines set in capitals measure like text by their boxes.

A line in capitals has no ascenders or descenders: its detector box is no
taller than a line of text in smaller type. The Topaz Times (1944) sets
"NOMINATIONS FOR COUNCIL HELD TUES." in capitals whose letters stand 1.27
times the text's, in a box of text height, in the middle of a column. The
pages here are rendered: text at 24 px, a headline in capitals at 34 px
whose box is cut to its capitals as the detector cuts it, more text.
"""

from __future__ import annotations

import numpy as np
import pytest

from scan2text.document import BBox, Line
from scan2text.layout import analyse_layout
from scan2text.layout.blocks import build_blocks
from scan2text.layout.frame import TBlock, TLine
from scan2text.layout.roles import TITLE_SIZE, measure_letters
from scan2text.layout.titles import TitleGroup, _ends_deck, _set_roles
from tests.test_layout_kit import LATIN_SERIF, PageBuilder, font, latin_text

BODY = 24


def _page(heading: str, heading_size: int) -> PageBuilder:
    pb = PageBuilder(900, 2200)
    pb.text(60, 40, "Board to visit schools", 48, bold=True, latin=True)
    col = [(60.0, 380.0)]
    printed = pb.flow_latin(col, 120, 1000, [latin_text(60, 1), latin_text(50, 2)], BODY, word_boxes=False)
    assert printed
    y = 120 + 1.25 * BODY * len(printed) + 14
    f = font(LATIN_SERIF, heading_size)
    words = heading.split()
    # Two lines, as a narrow column sets it, each boxed to its capitals.
    for part in (" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2 :])):
        if not part:
            continue
        pb.draw.text((60, y), part, font=f, fill=0)
        top, bottom = f.getbbox("H")[1], f.getbbox("H")[3]
        pb._record(part, (60, y + top - 2, 60 + f.getlength(part), y + bottom + 2))
        y += 1.2 * heading_size
    pb.flow_latin(col, y + 10, 2180, [latin_text(60, 3), latin_text(40, 4)], BODY, word_boxes=False)
    return pb


def _headlines(pb: PageBuilder) -> list[str | None]:
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    return [a.headline for a in out.articles]


def test_headline_in_capitals_boxed_like_text_heads_its_own_article() -> None:
    assert _headlines(_page("NOMINATIONS FOR COUNCIL HELD", 34)) == [
        "Board to visit schools",
        "NOMINATIONS FOR COUNCIL HELD",
    ]


@pytest.mark.parametrize("heading", ["CONTRACT", "SECURITY FUND"])
def test_crosshead_of_a_word_or_two_stays_in_the_text(heading: str) -> None:
    """A word or two in capitals between paragraphs is a crosshead: one article, the crosshead in its text."""
    pb = _page(heading, 34)
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    assert [a.headline for a in out.articles] == ["Board to visit schools"]
    assert heading.split()[0] in out.articles[0].body_text


def test_capitals_of_text_size_are_text() -> None:
    """Capitals in the text's own size ("WASHINGTON AND BOSTON OFFICES") are no headline."""
    assert _headlines(_page("WASHINGTON AND BOSTON OFFICES", BODY)) == ["Board to visit schools"]


def _caps_block(text: str, box: tuple[float, float, float, float], caps: float) -> TBlock:
    x0, y0, x1, y1 = box
    line = Line(id=text[:8], text=text, polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)], confidence=0.9)
    t = TLine(line=line, box=BBox(*box), size=y1 - y0)
    t.caps = caps
    return TBlock(text[:8], [t])


def test_headline_lines_in_capitals_are_one_headline_by_their_letters() -> None:
    """Topaz Times: three stencilled lines whose boxes measure 35, 48 and 31 px, their capitals 1.70, 1.73 and 1.60 times the text's."""
    blocks = [
        _caps_block("STATE EDUCATION", (84, 270, 402, 305), 1.70),
        _caps_block("ADVISORY BOARD", (78, 307, 386, 355), 1.73),
        _caps_block("TO VISIT FRIDAY", (87, 357, 355, 388), 1.60),
    ]
    _set_roles(TitleGroup(blocks, -1))
    assert [b.role for b in blocks] == ["headline", "headline", "headline"]


def test_deck_in_smaller_capitals_stays_a_deck() -> None:
    """A deck in capitals clearly smaller than the headline's (1.15 against 1.73) is the subheadline."""
    blocks = [
        _caps_block("ADVISORY BOARD", (78, 307, 386, 355), 1.73),
        _caps_block("WILL TOUR THE SCHOOLS", (87, 360, 355, 388), 1.15),
    ]
    _set_roles(TitleGroup(blocks, -1))
    assert [b.role for b in blocks] == ["headline", "subheadline"]


def test_headline_in_capitals_keeps_a_last_line_too_short_to_measure() -> None:
    """ "SCHOOL BOARD TO / OPEN": "OPEN" has too few letters to measure its capitals; it stays with its headline."""
    body = 23.0
    first = _caps_block("SCHOOL BOARD TO", (80, 300, 400, 332), 1.6).lines[0]
    last = _caps_block("OPEN", (80, 334, 180, 366), -1.0).lines[0]
    blocks = build_blocks([first, last], body, [], [], TITLE_SIZE * body, "b")
    assert [b.lines for b in blocks] == [[first, last]]


def test_capitals_too_few_to_measure_are_marked_unknown() -> None:
    """measure_letters marks a line in capitals with under five letters -1 (unknown), a line of text 0."""
    body = 23.0
    ink = np.zeros((400, 600), np.uint8)
    lines = []
    for k in range(6):
        y = 20 + 30 * k
        ink[y : y + 16, 10:300:12] = 255  # text: letters 16 px tall
        lines.append(_caps_block(f"text line number {k}", (5, y - 2, 305, y + 20), 0.0).lines[0])
    ink[250:272, 10:50:12] = 255  # four letters
    short = _caps_block("OPEN", (5, 248, 65, 274), 0.0).lines[0]
    measure_letters([*lines, short], ink, body)
    assert short.caps == -1.0 and all(ln.caps == 0.0 for ln in lines)


def _deck(text: str, box: tuple[float, float, float, float], role: str = "subheadline") -> TBlock:
    b = _caps_block(text, box, 0.0)
    b.role = role
    return b


@pytest.mark.parametrize(
    ("text", "box", "expected"),
    [
        # The Park Record, 1935: "DEMOCRATS ARE DETERMINED TO / PUSH ROOSEVELT TAX PLAN / TO PASSAGE."
        ("TO PASSAGE.", (1230, 814, 1503, 860), True),
        # Not centred under the deck: the first line of a column.
        ("TO PASSAGE.", (1040, 814, 1313, 860), False),
        # Not in capitals: running text.
        ("It passed.", (1230, 814, 1503, 860), False),
    ],
)
def test_last_deck_line_in_capitals_ending_with_a_full_stop(
    text: str, box: tuple[float, float, float, float], expected: bool
) -> None:
    deck = _deck("DEMOCRATS ARE DETERMINED TO", (1040, 711, 1705, 760))
    deck.lines.append(_deck("PUSH ROOSEVELT TAX PLAN", (1084, 763, 1648, 812)).lines[0])
    group = TitleGroup([_deck("CURRENT EVENTS", (1100, 300, 1650, 500), "headline"), deck], -1)
    assert _ends_deck(_deck(text, box, "body"), text, group, 41.7) is expected
