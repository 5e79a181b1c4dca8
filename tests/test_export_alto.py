"""ALTO 4.4 export: schema validity, roles, confidences, hyphenation, reading order, geometry, read-back.

Expected values are worked out by hand from the fixture pages in
``test_export_fixtures`` (boxes, confidences, orders), not taken from the output.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree

from scan2text.document import Article, Block, BlockRole, Line, Page, Paragraph, Transform, Word
from scan2text.export.alto import ALTO_NS, write_alto
from tests.test_export_fixtures import (
    assert_unique_ids,
    assert_valid,
    box,
    inline_byline_page,
    line,
    news_page,
    read_back,
    vertical_page,
)

NS = {"a": ALTO_NS}


# Reading order of the news page: article a1's blocks, article a2's, then furniture.
NEWS_ORDER = ["a1k", "a1h", "a1b", "a1c1", "a1c2", "b1h", "b1c", "b1b", "b1cap", "f1", "f2"]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    path = tmp_path_factory.mktemp("alto") / "news.xml"
    write_alto(news_page(), path, page_no=1, image_ref="../scans/news-p1.png")
    return assert_valid(path, "alto")


def _string(root: etree._Element, line_id: str, k: int) -> etree._Element:
    return root.xpath(f"//a:TextLine[@ID='{line_id}']/a:String", namespaces=NS)[k]


def test_news_page_is_valid_alto_with_unique_ids(news: etree._Element) -> None:
    assert news.get("SCHEMAVERSION") == "4.4"
    assert_unique_ids(news, "ID")


def test_description_has_unit_image_and_processing(news: etree._Element) -> None:
    assert news.findtext("a:Description/a:MeasurementUnit", namespaces=NS) == "pixel"
    assert news.findtext(".//a:sourceImageInformation/a:fileName", namespaces=NS) == "../scans/news-p1.png"
    steps = news.findall("a:Description/a:Processing", NS)
    assert [s.findtext("a:processingCategory", namespaces=NS) for s in steps] == [
        "preOperation",
        "contentGeneration",
        "postOperation",
    ]
    app = steps[1].findtext(".//a:applicationDescription", namespaces=NS)
    assert "onnxruntime" in app
    assert "ppocrv5-mobile-det (PP-OCRv5_mobile_det, 4d97c44a20d3)" in app
    assert "recognition: ppocrv5-mobile-rec" in app
    assert steps[1].findtext(".//a:softwareVersion", namespaces=NS) == "0.1.0"
    # The deskew setting belongs to the preprocessing step.
    assert steps[0].findtext("a:processingStepSettings", namespaces=NS) == '{"deskew": {"angle": 0.0}}'


@pytest.mark.parametrize(
    "processing",
    [{}, {"models": ["odd", {"task": "recognition"}]}, {"models": 3, "datetime": "not a date"}],
)
def test_missing_or_odd_processing_keys_still_validate(tmp_path: Path, processing: dict) -> None:
    page = news_page()
    page.processing = processing
    root = assert_valid(write_alto(page, tmp_path / "p.xml"), "alto")
    assert root.find("a:Description/a:Processing", NS) is not None


def test_blocks_point_at_their_role_tags(news: etree._Element) -> None:
    tags = {t.get("ID"): (t.get("TYPE"), t.get("LABEL")) for t in news.find("a:Tags", NS)}
    expected = {
        "a1k": {"kicker"}, "a1h": {"headline"}, "a1b": {"byline"}, "a1c1": {"body"}, "a1c2": {"body"},
        "b1h": {"headline"}, "b1c": {"body"}, "b1b": {"byline"}, "b1cap": {"caption"},
        "f1": {"furniture", "header"}, "f2": {"furniture", "page-number"},
    }  # fmt: skip
    for block in news.iterfind(".//a:TextBlock", NS):
        labels = {tags[ref][1] for ref in block.get("TAGREFS").split()}
        assert labels == expected[block.get("ID")], block.get("ID")


def test_word_and_character_confidences(news: etree._Element) -> None:
    # "meeting": characters 0.95 0.9 0.85 0.5 0.05 0.0 0.3 -> digits 0 1 1 5 9 9 7, mean 3.55/7.
    meeting = _string(news, "a1k1", 1)
    assert meeting.get("CONTENT") == "meeting"
    assert meeting.get("CC") == "0 1 1 5 9 9 7"
    assert float(meeting.get("WC")) == pytest.approx(3.55 / 7, abs=1e-4)
    council = _string(news, "a1k1", 0)
    assert (council.get("CONTENT"), council.get("CC"), float(council.get("WC"))) == (
        "Council",
        "0 0 0 0 0 0 0",
        1.0,
    )
    # An unspaced Chinese line is one String: 1.0 0.95 0.9 0.85 0.5 0.05 0.0.
    strings = news.xpath("//a:TextLine[@ID='b1h1']/a:String", namespaces=NS)
    assert [s.get("CONTENT") for s in strings] == ["全县召开动员会"]
    assert strings[0].get("CC") == "0 0 1 1 5 9 9"
    assert float(strings[0].get("WC")) == pytest.approx(4.25 / 7, abs=1e-4)


def test_recognised_words_keep_their_boxes_and_spaces_between(news: etree._Element) -> None:
    line = news.xpath("//a:TextLine[@ID='a1c1l1']", namespaces=NS)[0]
    kinds = [etree.QName(c).localname for c in line]
    assert kinds == ["String", "SP", "String", "SP", "String", "SP", "String"]
    strings = line.findall("a:String", NS)
    assert [(s.get("CONTENT"), s.get("HPOS"), s.get("WIDTH"), s.get("WC")) for s in strings] == [
        ("The", "50", "40", "0.99"),
        ("council", "95", "75", "0.97"),
        ("voted", "175", "55", "0.96"),
        ("on", "235", "25", "0.95"),
    ]
    # The gap between "The" (50-90) and "council" (95-170) is the first SP.
    assert (line[1].get("HPOS"), line[1].get("WIDTH")) == ("90", "5")


def test_soft_hyphen_is_hyp_with_subs_content(news: etree._Element) -> None:
    line = news.xpath("//a:TextLine[@ID='a1c1l3']", namespaces=NS)[0]
    last, hyp = line[-2], line[-1]
    assert etree.QName(hyp).localname == "HYP" and hyp.get("CONTENT") == "-"
    assert (last.get("CONTENT"), last.get("SUBS_TYPE"), last.get("SUBS_CONTENT")) == (
        "exam",
        "HypPart1",
        "example",
    )
    # "exam-" is characters 17-22 of the 22-character line over x 50-290: 235.45-290; the hyphen takes 1/5.
    assert (last.get("HPOS"), last.get("WIDTH"), hyp.get("HPOS"), hyp.get("WIDTH")) == (
        "235",
        "44",
        "279",
        "11",
    )
    first = _string(news, "a1c1l4", 0)
    assert (first.get("CONTENT"), first.get("SUBS_TYPE"), first.get("SUBS_CONTENT")) == (
        "ple",
        "HypPart2",
        "example",
    )


def test_real_hyphen_stays_in_the_text(news: etree._Element) -> None:
    line = news.xpath("//a:TextLine[@ID='a1c1l5']", namespaces=NS)[0]
    assert line.find("a:HYP", NS) is None
    last = line.findall("a:String", NS)[-1]
    assert (last.get("CONTENT"), last.get("SUBS_TYPE")) == ("well-", None)
    assert _string(news, "a1c2l1", 0).get("SUBS_TYPE") is None


def test_blocks_in_reading_order_chained_by_idnext(news: etree._Element) -> None:
    blocks = news.findall(".//a:PrintSpace/a:TextBlock", NS)
    assert [b.get("ID") for b in blocks] == NEWS_ORDER
    assert [b.get("IDNEXT") for b in blocks] == NEWS_ORDER[1:] + [None]


def test_reading_order_groups_articles_and_paragraph_lines(news: etree._Element) -> None:
    group = news.find("a:ReadingOrder/a:UnorderedGroup", NS)

    def refs(el: etree._Element) -> list:
        return [c.get("REF") if etree.QName(c).localname == "ElementRef" else refs(c) for c in el]

    assert refs(group) == [
        ["a1k", "a1h", "a1b", ["a1c1l1", "a1c1l2", "a1c1l3", "a1c1l4"], ["a1c1l5", "a1c2l1"], ["a1c2l2"]],
        ["b1h", ["b1c1", "b1c2"], ["b1c3", "b1c4"], "b1b", "b1cap"],
        "f1",
        "f2",
    ]


def test_picture_and_separator(news: etree._Element) -> None:
    pic = news.find(".//a:Illustration", NS)
    assert [pic.get(k) for k in ("ID", "HPOS", "VPOS", "WIDTH", "HEIGHT")] == [
        "pic1",
        "620",
        "320",
        "330",
        "240",
    ]
    sep = news.find(".//a:GraphicalElement", NS)
    tag = news.xpath(f"//a:Tags/*[@ID='{sep.get('TAGREFS')}']", namespaces=NS)[0]
    assert (sep.get("ID"), sep.get("WIDTH"), sep.get("HEIGHT"), tag.get("LABEL")) == (
        "s1",
        "4",
        "620",
        "vertical",
    )


def test_vertical_page_has_ttb_blocks_and_lines(tmp_path: Path) -> None:
    root = assert_valid(write_alto(vertical_page(), tmp_path / "v.xml"), "alto")
    assert [b.get("BASEDIRECTION") for b in root.iterfind(".//a:TextBlock", NS)] == ["ttb", "ttb"]
    assert {ln.get("BASEDIRECTION") for ln in root.iterfind(".//a:TextLine", NS)} == {"ttb"}
    # A vertical line's baseline is its centre line, top to bottom: x = (600 + 640) / 2.
    assert root.xpath("//a:TextLine[@ID='v2l1']", namespaces=NS)[0].get("BASELINE") == "620,100 620,900"


def test_coordinates_are_mapped_back_to_the_scan(tmp_path: Path) -> None:
    # The scan (1400 x 1000) was turned 90 degrees clockwise: processed (x, y) is scan (y, 1000 - x).
    page = news_page()
    page.transform = Transform(rotation=90, original_width=1400, original_height=1000,
                               matrix=[[0.0, 1.0, 0.0], [-1.0, 0.0, 1000.0]])  # fmt: skip
    root = assert_valid(write_alto(page, tmp_path / "r.xml"), "alto")
    pel = root.find(".//a:Page", NS)
    assert (pel.get("WIDTH"), pel.get("HEIGHT"), pel.get("ROTATION")) == ("1400", "1000", "90")
    kicker = root.xpath("//a:TextBlock[@ID='a1k']", namespaces=NS)[0]
    # Processed box x 50-600, y 80-110 -> scan x 80-110, y 400-950.
    assert [kicker.get(k) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")] == ["80", "400", "30", "550"]


def test_skewed_page_gets_polygons(tmp_path: Path) -> None:
    angle = math.radians(2.0)
    c, s = math.cos(angle), math.sin(angle)
    page = news_page()
    page.transform = Transform(skew=2.0, original_width=1100, original_height=1500,
                               matrix=[[c, -s, 60.0], [s, c, 10.0]])  # fmt: skip
    root = assert_valid(write_alto(page, tmp_path / "s.xml"), "alto")
    poly = root.xpath("//a:TextBlock[@ID='a1k']/a:Shape/a:Polygon", namespaces=NS)
    assert len(poly) == 1
    # Corner (50, 80) -> (50c - 80s + 60, 50s + 80c + 10).
    x, y = 50 * c - 80 * s + 60, 50 * s + 80 * c + 10
    assert poly[0].get("POINTS").split()[0] == f"{round(x)},{round(y)}"


def text_only_page() -> Page:
    """A page as the text-reflow path makes it: no geometry, odd ids, an empty line, an article without blocks."""
    blocks = [
        Block("0 col/1", [Line("l:1", "全县召开动员会"), Line("l:2", "")], BlockRole.headline),
        Block("0 col/2", [Line("l:3", "2月8日上午"), Line("l:1", "duplicate line id")], BlockRole.body),
    ]
    return Page(
        id="7",
        width=0,
        height=0,
        blocks=blocks,
        articles=[
            Article("x", headline="全县召开动员会", paragraphs=[Paragraph("2月8日上午", ["l:3"])],
                    block_ids=["0 col/1", "0 col/2"]),
            Article("empty", headline="No blocks", paragraphs=[Paragraph("text only")]),
        ],
    )  # fmt: skip


def test_text_only_page_without_geometry_is_valid(tmp_path: Path) -> None:
    root = assert_valid(write_alto(text_only_page(), tmp_path / "t.xml"), "alto")
    assert_unique_ids(root, "ID")
    blocks = root.findall(".//a:TextBlock", NS)
    assert all(b.get("HPOS") is None for b in blocks)
    # Ids that are not XML names are cleaned; the duplicated line id gets a suffix.
    assert [b.get("ID") for b in blocks] == ["block_0_col_1", "block_0_col_2"]
    assert [ln.get("ID") for ln in root.iterfind(".//a:TextLine", NS)] == ["l_1", "l_2", "l_3", "l_1_2"]
    assert root.find(".//a:Page", NS).get("ID") == "page_7"
    assert [s.get("CONTENT") for s in root.iterfind(".//a:String", NS)] == [
        "全县召开动员会", "", "2月8日上午", "duplicate", "line", "id",
    ]  # fmt: skip
    # The article without blocks cannot be referred to; the other still is.
    assert len(root.findall("a:ReadingOrder/a:UnorderedGroup/a:OrderedGroup", NS)) == 1


def test_read_back_equals_the_page_tree(news: etree._Element, tmp_path: Path) -> None:
    page = news_page()
    back = read_back(write_alto(page, tmp_path / "n.xml"))
    assert [b.id for b in back.blocks] == NEWS_ORDER
    by_id = {b.id: b for b in page.blocks}
    for got in back.blocks:
        want = by_id[got.id]
        assert (got.role, got.furniture_kind, got.text, [ln.id for ln in got.lines]) == (
            want.role, want.furniture_kind, want.text, [ln.id for ln in want.lines],
        )  # fmt: skip
    assert [(a.id, a.kicker, a.headline, a.subheadline, a.byline, a.block_ids) for a in back.articles] == [
        (a.id, a.kicker, a.headline, a.subheadline, a.byline, a.block_ids) for a in page.articles
    ]
    assert [[(p.text, p.line_ids) for p in a.paragraphs] for a in back.articles] == [
        [(p.text, p.line_ids) for p in a.paragraphs] for a in page.articles
    ]
    assert [(p.id, p.polygon) for p in back.pictures] == [(p.id, p.polygon) for p in page.pictures]
    assert [(s.id, s.kind) for s in back.separators] == [("s1", "vertical")]


def test_read_back_vertical_page(tmp_path: Path) -> None:
    page = vertical_page()
    back = read_back(write_alto(page, tmp_path / "v.xml"))
    assert back.vertical
    assert {ln.direction for ln in back.lines()} == {"ttb"}
    assert [(a.headline, [p.text for p in a.paragraphs]) for a in back.articles] == [
        ("春节文艺汇演", ["正月初五县城广场举行文艺汇演。"])
    ]


def test_read_back_cuts_a_byline_printed_inside_the_body(tmp_path: Path) -> None:
    page = inline_byline_page()
    back = read_back(write_alto(page, tmp_path / "b.xml"))
    article = back.articles[1]
    assert article.byline == "（郭莎莎 文/何乐 图）"
    assert [p.text for p in article.paragraphs] == [
        "2月8日上午，全县创建文明城市动员会召开。",
        "县委书记出席会议并讲话。",
    ]


def test_pipeline_processing_record(tmp_path: Path) -> None:
    # The shape scan2text.pipeline writes into Page.processing.
    page = news_page()
    page.processing = {
        "scan2text_version": "0.2.0",
        "engine": "onnxruntime",
        "models": {
            "set": "ppocrv5-mobile",
            "detection": "PP-OCRv5_mobile_det",
            "recognition": "PP-OCRv5_mobile_rec",
        },
        "rotation": 0,
        "skew": -0.8,
        "detection_scale": 1.0,
        "timings": {"ocr": 12.3},
    }
    root = assert_valid(write_alto(page, tmp_path / "p.xml"), "alto")
    steps = root.findall("a:Description/a:Processing", NS)
    settings = [s.findtext("a:processingStepSettings", namespaces=NS) for s in steps]
    assert settings == ['{"rotation": 0, "skew": -0.8}', '{"detection_scale": 1.0}', None]
    app = steps[1].findtext(".//a:applicationDescription", namespaces=NS)
    assert "set: ppocrv5-mobile; detection: PP-OCRv5_mobile_det; recognition: PP-OCRv5_mobile_rec" in app
    assert {s.findtext(".//a:softwareVersion", namespaces=NS) for s in steps} == {"0.2.0"}
    assert b"timings" not in (tmp_path / "p.xml").read_bytes()


def test_hyphen_is_soft_only_where_the_paragraph_joined_the_word() -> None:
    from scan2text.export._structure import _soft_hyphen

    assert _soft_hyphen("for exam-", "ple the", "for example the") == ("-", "example")
    assert _soft_hyphen("infor\u00ad", "mation.", "information.") == ("\u00ad", "information")
    assert _soft_hyphen("be well-", "known to", "be well-known to") is None
    # Neither form in the paragraph (the text was edited): nothing to claim.
    assert _soft_hyphen("go up-", "on Monday", "go up - on Monday") is None
    assert _soft_hyphen("Jean-", "Paul", "Jean-Paul") is None
    assert _soft_hyphen("1990-", "91", "1990-91") is None


def test_char_confidences_without_spaces_and_unspaced_segments(tmp_path: Path) -> None:
    # The recogniser gives one confidence per non-space character: "By Jane" has 6.
    latin = Line("L1", "By Jane", box(0, 0, 70, 20), char_confidences=[1.0, 0.8, 0.95, 0.9, 0.85, 0.05])
    # Two recognised segments of an unspaced Chinese line: no SP between them.
    cjk = Line(
        "L2",
        "全县召开",
        box(0, 30, 80, 50),
        words=[Word("全县", box(0, 30, 40, 50), 0.9), Word("召开", box(40, 30, 80, 50), 0.8)],
    )
    page = Page("p", 100, 100, blocks=[Block("b", [latin, cjk], BlockRole.body, box(0, 0, 80, 50))])
    path = write_alto(page, tmp_path / "c.xml")
    root = assert_valid(path, "alto")
    by, jane = root.xpath("//a:TextLine[@ID='L1']/a:String", namespaces=NS)
    # 1.0 -> 0, 0.8 -> 2 | 0.95 -> 0, 0.9 -> 1, 0.85 -> 1, 0.05 -> 9
    assert (by.get("CC"), jane.get("CC")) == ("0 2", "0 1 1 9")
    kinds = [etree.QName(c).localname for c in root.xpath("//a:TextLine[@ID='L2']", namespaces=NS)[0]]
    assert kinds == ["String", "String"]
    assert [ln.text for ln in read_back(path).lines()] == ["By Jane", "全县召开"]


def test_characters_xml_cannot_hold_are_dropped_or_replaced(tmp_path: Path) -> None:
    page = Page("p", 100, 100, blocks=[Block("b", [Line("L", "bad\x00text\x0b\ud800 here")], BlockRole.body)])
    root = assert_valid(write_alto(page, tmp_path / "x.xml"), "alto")
    # Controls go; a lone surrogate (bytes that were not UTF-8) becomes U+FFFD.
    assert [s.get("CONTENT") for s in root.iterfind(".//a:String", NS)] == ["badtext", "\ufffd", "here"]


def test_a_byline_on_its_own_line_inside_a_body_block_survives(tmp_path: Path) -> None:
    # The article stage takes the credit line out of the body but leaves it in
    # the body block; the ALTO must still say which line is the byline.
    body = Block(
        id="b1",
        role=BlockRole.body,
        lines=[
            line("l1", "县委书记王代强深入产业园调研。", 100, 100, 600, 130),
            line("l2", "马胜昔等分别参加调研。", 100, 140, 420, 170),
            line("l3", "（李得胜 朱亚旭）", 380, 180, 600, 210),
        ],
    )
    article = Article(
        id="a1", headline=None, byline="（李得胜 朱亚旭）", block_ids=["b1"],
        paragraphs=[Paragraph("县委书记王代强深入产业园调研。马胜昔等分别参加调研。", ["l1", "l2"])],
    )  # fmt: skip
    page = Page(id="p", width=800, height=400, lang="zh", blocks=[body], articles=[article])
    write_alto(page, tmp_path / "p.xml")
    back = read_back(tmp_path / "p.xml")
    assert [(a.byline, [p.text for p in a.paragraphs]) for a in back.articles] == [
        ("（李得胜 朱亚旭）", ["县委书记王代强深入产业园调研。马胜昔等分别参加调研。"])
    ]
