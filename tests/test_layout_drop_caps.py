"""Paragraphs that open with a drop cap.

Older papers open a story's paragraphs with a capital two or three lines
tall, the rest of the first word in capitals ("DEMOCRATIC congressmen
started the week ..."; The Park Record, 1935). The detector boxes that
first line as tall as the cap, over the rows beside it, so by its box it
is display type and was taken for a headline. The pages here are rendered:
a headline, then a column whose paragraphs open with drop caps; the texts
expected are the ones set.
"""

from __future__ import annotations

import re

import numpy as np

from scan2text.document import BBox, Line
from scan2text.layout import analyse_layout
from scan2text.layout.frame import TLine
from scan2text.layout.lines import settle_drop_caps
from tests.test_layout_kit import LATIN_SERIF, PageBuilder, font, latin_text

SIZE = 28


def _dropcap_paragraph(
    pb: PageBuilder, y: float, opening: str, rest: str, x: float = 60, width: float = 640
) -> tuple[float, str]:
    """Set a paragraph whose first letter is a drop cap two lines tall; returns the y after it and its text."""
    f = font(LATIN_SERIF, SIZE)
    cap_font = font(LATIN_SERIF, int(2.6 * SIZE))
    pitch = 1.25 * SIZE
    ref = f.getbbox("Hg")
    cap = opening[0]
    cap_box = cap_font.getbbox(cap)
    # The cap's top aligns with the capitals of the first line; it runs down beside the second.
    first_top = y + ref[1]
    pb.draw.text((x, first_top - cap_box[1] + (f.getbbox("H")[1] - ref[1])), cap, font=cap_font, fill=0)
    cap_right = x + cap_font.getlength(cap) + 6
    words = (opening[1:] + " " + rest).split()
    lines: list[str] = []
    k = 0
    while words:
        indent = cap_right if k < 2 else x
        line: list[str] = []
        while words and f.getlength(" ".join([*line, words[0]])) <= width - (indent - x):
            line.append(words.pop(0))
        pb.draw.text((indent, y + k * pitch), " ".join(line), font=f, fill=0)
        top, bottom = y + k * pitch + ref[1] - 2, y + k * pitch + ref[3] + 2
        if k == 0:
            # The detector's box of the first line takes in the whole cap.
            box = (
                x,
                min(top, first_top - 4),
                indent + f.getlength(" ".join(line)),
                first_top + cap_box[3] - cap_box[1] + 4,
            )
            pb._record(cap + " ".join(line), box)
        else:
            pb._record(" ".join(line), (indent, top, indent + f.getlength(" ".join(line)), bottom))
        lines.append(" ".join(line))
        k += 1
    return y + k * pitch + 0.5 * SIZE, cap + " ".join(lines)


def _page() -> tuple[PageBuilder, list[str]]:
    pb = PageBuilder(800, 1500)
    pb.text(60, 30, "Senate passes banking bill", 56, bold=True, latin=True)
    y = 130.0
    texts = []
    for opening, seed in (
        ("DEMOCRATIC congressmen started the week", 21),
        ("ACCORDING to the Daily Herald", 22),
        ("WHAT was in the box", 23),
    ):
        y, text = _dropcap_paragraph(pb, y, opening, latin_text(55, seed))
        texts.append(text)
    return pb, texts


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_paragraphs_opening_with_drop_caps_stay_in_their_article() -> None:
    pb, texts = _page()
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    assert [a.headline for a in out.articles] == ["Senate passes banking bill"]
    assert _norm(out.articles[0].body_text) == _norm(" ".join(texts))


def test_mixed_case_display_line_is_not_taken_for_a_drop_cap() -> None:
    """A display line whose first capital has a tail ("Queen opens ...") keeps its display box.

    Drawn as letter-shaped blocks: the "Q" 90 px tall with its tail, the
    other capitals and ascenders 66 px, the small letters 40 px starting 26
    px lower. The small letters start lower than the capitals but above
    their feet: the same row, not a second one, so nothing is cut.
    """
    body = 55.0
    ink = np.zeros((200, 800), np.uint8)
    ink[20:110, 10:50] = 255  # Q with its tail
    x = 70
    for k in range(12):
        top, height = (30, 66) if k % 3 == 0 else (56, 40)
        ink[top : top + height, x : x + 24] = 255
        x += 40
    box = (5.0, 15.0, 560.0, 115.0)
    line = Line(id="q", text="Queen opens new hospital wing", polygon=BBox(*box).polygon(), confidence=0.9)
    tl = TLine(line=line, box=BBox(*box), size=100.0)
    settle_drop_caps([tl], ink, body)
    assert tl.box == BBox(*box) and tl.size == 100.0


def test_headline_under_the_feet_of_its_kicker_is_not_taken_for_a_drop_cap() -> None:
    """A headline's box that took in the feet of the kicker over it ("Taxpayers Group says:" over
    "Property taxes rise", Cambridge Chronicle 1973) looks like a drop cap: a tall "P" at its left,
    a short row of ink at its top, more letters under that row. But those letters are the
    headline's, larger than the row over them; a drop cap's rows are set in one size.

    Drawn as letter-shaped blocks: kicker feet 20 px tall along the top, the "P" 60 px, the
    headline's ascenders 60 px and small letters 38 px, under the feet."""
    body = 38.0
    ink = np.zeros((200, 1000), np.uint8)
    y0 = 20
    for k in range(14):  # the kicker's feet, clipped by the box top
        ink[y0 : y0 + 20, 70 + 45 * k : 70 + 45 * k + 20] = 255
    ink[y0 + 36 : y0 + 96, 10:50] = 255  # P
    x = 70
    for k in range(16):
        top, height = (y0 + 26, 60) if k % 3 == 0 else (y0 + 48, 38)
        ink[top : top + height, x : x + 24] = 255
        x += 40
    box = (5.0, float(y0), 720.0, float(y0 + 110))
    line = Line(
        id="p", text="Property taxes rise - growth lowers", polygon=BBox(*box).polygon(), confidence=0.9
    )
    tl = TLine(line=line, box=BBox(*box), size=110.0)
    settle_drop_caps([tl], ink, body)
    assert tl.box == BBox(*box) and tl.size == 110.0
