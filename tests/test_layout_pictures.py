"""Text read inside a picture stays on the page but out of every article."""

from __future__ import annotations

import json
import random
from pathlib import Path

import cv2
import pytest
from benchmarks.pagerender import all_lines

from scan2text.document import BBox, Block, Line, Page
from scan2text.layout import analyse_layout
from scan2text.layout.frame import TLine

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_a_character_read_in_a_photo_is_not_a_headline() -> None:
    gt = json.loads((SAMPLES / "seed-page.gt.json").read_text(encoding="utf-8"))
    image = cv2.imread(str(SAMPLES / "seed-page.png"), cv2.IMREAD_GRAYSCALE)
    lines = []
    for i, ln in enumerate(all_lines(gt)):
        x0, y0, x1, y1 = ln["bbox"]
        lines.append(
            Line(
                id=f"l{i}",
                text=ln["text"],
                polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
                text_size=y1 - y0,
            )
        )
    # A large glyph read from the photo's texture, as the real OCR does on this page.
    px0, py0, px1, py1 = gt["pictures"][0]["bbox"]
    cx, cy = (px0 + px1) / 2, (py0 + py1) / 2
    ghost = Line(
        id="ghost",
        text="1",
        polygon=[(cx, cy), (cx + 90, cy), (cx + 90, cy + 86), (cx, cy + 86)],
        text_size=86,
    )
    lines.append(ghost)
    random.Random(5).shuffle(lines)
    page = Page(id="p", width=image.shape[1], height=image.shape[0], blocks=[Block(id="ocr", lines=lines)])
    page = analyse_layout(page, image, "zh")
    assert page.pictures, "the photo was not found"
    in_articles = {b for a in page.articles for b in a.block_ids}
    holder = [b for b in page.blocks if any(ln.id == "ghost" for ln in b.lines)]
    assert len(holder) == 1 and holder[0].id not in in_articles
    assert len(page.articles) == len(gt["articles"])
    assert all(a.headline != "1" for a in page.articles)


def _tline(text: str, box: tuple[float, float, float, float]) -> TLine:
    """A recognised line with its box (its size the box's height)."""
    line = Line(
        id=text[:4], text=text, polygon=BBox(*box).polygon(), confidence=0.9, text_size=box[3] - box[1]
    )
    return TLine(line=line, box=BBox(*box), size=box[3] - box[1])


def test_story_opening_under_a_caption_is_not_taken_into_it() -> None:
    """Page 010: the first line of a story set right under a photo's caption, "本报讯（记者 …", in a
    size close to the caption's, stays out of the caption and opens its article's body."""
    from scan2text.document import BBox
    from scan2text.layout.pictures import tag_caption_lines

    body = 36.0
    photo = BBox(260, 1200, 800, 1700)
    caption = _tline("图为新建成的乡村道路。刘洋 摄", (270, 1712, 780, 1748))
    # (Close under the caption, in a size within a quarter of it.)
    story = _tline("本报讯（记者 赵磊 通讯", (332, 1752, 787, 1792))
    tag_caption_lines([caption, story], [photo], body)
    assert caption.caption
    assert not story.caption


def test_caption_ends_with_the_photographers_credit() -> None:
    """Page 016: a one-line caption ending "林涛 摄", and right under it, in a size within a
    quarter of the caption's, a paragraph of the story (indented, with no tag of its own). The
    credit ends the caption; the story's lines stay out of it. A credit in the middle of a
    caption's lines ("(AP photo)" at the end of its second line) ends it there."""
    from scan2text.document import BBox
    from scan2text.layout.pictures import tag_caption_lines

    body = 36.0
    photo = BBox(260, 1200, 800, 1700)
    caption = _tline("图为群众在招聘会现场咨询岗位信息。 林涛 摄", (262, 1708, 780, 1738))
    story = [
        _tline("要强化部门联动，加大招商力度，依托", (330, 1745, 798, 1778)),
        _tline("资源优势和产业基础，加快引进和培养", (262, 1784, 798, 1817)),
    ]
    tag_caption_lines([caption, *story], [photo], body)
    assert caption.caption
    assert not any(ln.caption for ln in story)

    caption = [
        _tline("Volunteers sort donated food at the", (262, 1708, 780, 1738)),
        _tline("pantry on Saturday. (Herald photo)", (262, 1742, 760, 1772)),
    ]
    story = _tline("The Millbrook food pantry served more", (262, 1778, 798, 1810))
    tag_caption_lines([*caption, story], [photo], body)
    assert all(ln.caption for ln in caption)
    assert not story.caption


def test_bold_byline_under_a_photo_caption_stays_with_its_article() -> None:
    """Page 019: headline, photo, caption, then a bold "By JANE DOE" set a little larger than the
    text. The byline is display-sized but heads no article: the text under it is the headline's."""
    from tests.test_layout_kit import PageBuilder, latin_text

    body = 22
    pb = PageBuilder(900, 1500)
    pb.text(60, 30, "Riverside Park to get new playground", 44, bold=True, latin=True)
    pb.photo(60, 110, 840, 560, seed=3)
    pb.text(60, 572, "Linda Moretti hands a customer a box of rolls.", 18, latin=True)
    pb.text(60, 610, "By JANE DOE", 30, bold=True, latin=True)
    paragraphs = [latin_text(120, 21), latin_text(100, 22)]
    pb.flow_latin([(60, 370), (470, 370)], 660, 1450, paragraphs, body)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    titled = [a for a in page.articles if a.headline]
    assert [a.headline for a in titled] == ["Riverside Park to get new playground"]
    assert titled[0].byline == "By JANE DOE"
    assert " ".join(p.text for p in titled[0].paragraphs) == " ".join(paragraphs)


def test_headline_set_right_over_its_photo_is_not_taken_for_its_caption() -> None:
    """Page 018: a kicker and headline, bold and a little larger than text, sit right over the photo
    of their story with no caption under it. Set in display type, they are not the caption."""
    from scan2text.document import BBox
    from scan2text.layout.frame import TBlock, TLine
    from scan2text.layout.pictures import find_captions

    def _tline(text: str, box: tuple[float, float, float, float], ink: float) -> TLine:
        line = Line(
            id=text[:4], text=text, polygon=BBox(*box).polygon(), confidence=0.9, text_size=box[3] - box[1]
        )
        return TLine(line=line, box=BBox(*box), size=box[3] - box[1], ink=ink)

    body = 24.4
    photo = BBox(1760, 240, 2250, 700)
    head = TBlock(
        id="h",
        lines=[
            _tline("聚焦乡村振兴 建设美丽家园", (1865, 164, 2177, 191), 0.35),
            _tline("全县农村人居环境整治工作推进会召开", (1783, 193, 2259, 222), 0.45),
        ],
    )
    # Without knowing display type, the block passes for a caption set over the photo ...
    assert find_captions([photo], [head], body) == {0: head}
    head.role = "body"
    # ... which it is not.
    assert find_captions([photo], [head], body, lambda b: b.ink >= 0.3) == {}
    assert head.role == "body"


def test_long_caption_opening_with_a_lead_in_in_capitals_is_the_caption() -> None:
    """Cambridge Chronicle (1973): under a group photo, a caption of five lines naming everyone in
    it, opening "SENIOR MANAGEMENT TEAM:". Longer than captions usually run, but the lead-in in
    capitals makes it one; five plain lines under a photo stay text (a column running on)."""
    from scan2text.document import BBox
    from scan2text.layout.frame import TBlock, TLine
    from scan2text.layout.pictures import find_captions

    def block(first: str) -> TBlock:
        texts = [first] + [f"the following: standing, l. to r., Senior Vice President {k}" for k in range(4)]
        lines = []
        for k, t in enumerate(texts):
            box = BBox(1538, 3339 + 40 * k, 2902, 3375 + 40 * k)
            lines.append(
                TLine(
                    line=Line(id=f"c{k}", text=t, polygon=box.polygon(), confidence=0.9), box=box, size=36.0
                )
            )
        return TBlock(id="c", lines=lines)

    photo = BBox(1509, 2216, 2913, 3329)
    lead = block("SENIOR MANAGEMENT TEAM: The board of directors of Harvard Trust Company elected")
    assert find_captions([photo], [lead], 38.0) == {0: lead}
    plain = block("The board of directors of Harvard Trust Company elected the officers")
    assert find_captions([photo], [plain], 38.0) == {}


def test_caption_found_by_its_place_and_credit_may_measure_a_little_large() -> None:
    """003 en_degraded: a caption line under a photo, "A plow clears Main Street early Monday
    after the storm. (Photo by Sam Okafor)", whose box came out 1.2 times the body size. Tagged
    a caption by its place and credit before blocks were built, its block is the photo's
    caption; an untagged block of that size is not."""
    from scan2text.document import BBox
    from scan2text.layout.frame import TBlock, TLine
    from scan2text.layout.pictures import find_captions

    body = 34.0
    photo = BBox(627, 539, 2107, 1111)
    for tagged in (True, False):
        text = "A plow clears Main Street early Monday after the storm. (Photo by Sam Okafor)"
        box = BBox(626, 1113, 1572, 1155)
        line = TLine(
            line=Line(id="c", text=text, polygon=box.polygon(), confidence=0.9),
            box=box,
            size=41.0,
            caption=tagged,
        )
        block = TBlock(id="b1", lines=[line])
        found = find_captions([photo], [block], body)
        assert (block.role == "caption") == tagged
        assert (found.get(0) is block) == tagged


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("图为群众在招聘会现场咨询岗位信息。 林涛 摄", True),
        ("（新华社供图）", True),
        ("farmers market. (Staff photo)", True),
        ("early Monday after the storm. (Photo by Sam Okafor)", True),
        ("图为新建成的乡村道路", False),
        ("photographs donated to the society", False),
        # Lines broken inside the caption's sentence.
        ("图为工作人员在现场拍摄", False),
        ("Members of the club pose for a group photo", False),
        ("Staff photo", True),
    ],
)
def test_credit_at_the_end_of_a_caption_line(line: str, ends: bool) -> None:
    from scan2text.layout.pictures import _CREDIT_END

    assert bool(_CREDIT_END.search(line)) == ends
