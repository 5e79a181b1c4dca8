"""PAGE-XML 2019 export: schema validity, region types, reading order, relations, vertical text, read-back.

Expected values are worked out by hand from the fixture pages in ``test_export_fixtures``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scan2text.export.alto import write_alto
from scan2text.export.page import PAGE_NS, write_page_xml
from tests.test_export_alto import NEWS_ORDER, text_only_page
from tests.test_export_fixtures import (
    assert_unique_ids,
    assert_valid,
    inline_byline_page,
    news_page,
    read_back,
    vertical_page,
)

NS = {"p": PAGE_NS}


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    path = tmp_path_factory.mktemp("page") / "news.xml"
    write_page_xml(news_page(), path, image_ref="../scans/news-p1.png")
    return assert_valid(path, "page")


def test_news_page_is_valid_page_xml_with_unique_ids(news: etree._Element) -> None:
    assert_unique_ids(news, "id")
    page = news.find("p:Page", NS)
    assert (page.get("imageFilename"), page.get("imageWidth"), page.get("imageHeight")) == (
        "../scans/news-p1.png",
        "1000",
        "1400",
    )
    assert (page.get("primaryLanguage"), page.get("primaryScript")) == ("English", "Latn - Latin")


def test_metadata_names_engine_and_models(news: etree._Element) -> None:
    labels = {
        lab.get("type"): lab.get("value") for lab in news.iterfind(".//p:MetadataItem/p:Labels/p:Label", NS)
    }
    assert labels["engine"].startswith("onnxruntime")
    assert labels["model:detection"] == "detection: ppocrv5-mobile-det (PP-OCRv5_mobile_det, 4d97c44a20d3)"
    assert labels["model:recognition"] == "recognition: ppocrv5-mobile-rec"
    assert news.findtext("p:Metadata/p:Creator", namespaces=NS) == "scan2text 0.1.0"


def test_region_types_by_role(news: etree._Element) -> None:
    regions = news.findall("p:Page/p:TextRegion", NS)
    assert [r.get("id") for r in regions] == NEWS_ORDER
    assert {r.get("id"): r.get("type") for r in regions} == {
        "a1k": "heading", "a1h": "heading", "a1b": "credit", "a1c1": "paragraph", "a1c2": "paragraph",
        "b1h": "heading", "b1c": "paragraph", "b1b": "credit", "b1cap": "caption",
        "f1": "header", "f2": "page-number",
    }  # fmt: skip
    # PAGE has no kicker type; the exact role rides in @custom.
    assert regions[0].get("custom") == "structure {type:kicker;}"
    assert regions[9].get("custom") == "structure {type:furniture;kind:header;}"


def test_reading_order_is_article_groups_with_captions(news: etree._Element) -> None:
    group = news.find("p:Page/p:ReadingOrder/p:UnorderedGroup", NS)
    articles = group.findall("p:OrderedGroup", NS)
    assert [(g.get("type"), g.get("caption")) for g in articles] == [
        ("article", "Bridge repairs to start in spring"),
        ("article", "全县召开动员会"),
    ]
    assert [[(r.get("index"), r.get("regionRef")) for r in g] for g in articles] == [
        [("0", "a1k"), ("1", "a1h"), ("2", "a1b"), ("3", "a1c1"), ("4", "a1c2")],
        [("0", "b1h"), ("1", "b1c"), ("2", "b1b"), ("3", "b1cap")],
    ]
    assert [r.get("regionRef") for r in group.findall("p:RegionRef", NS)] == ["f1", "f2"]


def test_relations_join_the_split_paragraph_and_link_the_caption(news: etree._Element) -> None:
    rels = news.findall("p:Page/p:Relations/p:Relation", NS)
    got = [(r.get("type"), r[0].get("regionRef"), r[1].get("regionRef")) for r in rels]
    assert got == [("join", "a1c1", "a1c2"), ("link", "b1cap", "pic1")]


def test_lines_have_coords_baseline_words_and_text(news: etree._Element) -> None:
    line = news.xpath("//p:TextLine[@id='a1c1l1']", namespaces=NS)[0]
    assert line.find("p:Coords", NS).get("points") == "50,260 290,260 290,290 50,290"
    # Baseline at 85 % of the 260-290 box: y = 285.5, written as a whole pixel.
    assert line.find("p:Baseline", NS).get("points") == "50,286 290,286"
    words = line.findall("p:Word", NS)
    assert [w.findtext("p:TextEquiv/p:Unicode", namespaces=NS) for w in words] == [
        "The",
        "council",
        "voted",
        "on",
    ]
    assert words[1].find("p:Coords", NS).get("points") == "95,260 170,260 170,290 95,290"
    assert line.findtext("p:TextEquiv/p:Unicode", namespaces=NS) == "The council voted on"
    assert line.find("p:TextEquiv", NS).get("conf") == "0.9700"
    assert line.get("custom") == "paragraph {start:true;}"
    # The line with the soft hyphen keeps it as printed and is marked.
    hyph = news.xpath("//p:TextLine[@id='a1c1l3']", namespaces=NS)[0]
    assert hyph.findtext("p:TextEquiv/p:Unicode", namespaces=NS) == "bridge work, for exam-"
    assert hyph.get("custom") == "hyphenation {soft:true;}"
    region = news.xpath("//p:TextRegion[@id='b1c']", namespaces=NS)[0]
    assert region.findtext("p:TextEquiv/p:Unicode", namespaces=NS) == (
        "2月8日上午，全县创建\n文明城市动员会召开。\n县委书记出席会议\n并讲话。"
    )


def test_picture_and_separator_regions(news: etree._Element) -> None:
    image = news.find("p:Page/p:ImageRegion", NS)
    assert (image.get("id"), image.find("p:Coords", NS).get("points")) == (
        "pic1",
        "620,320 950,320 950,560 620,560",
    )
    sep = news.find("p:Page/p:SeparatorRegion", NS)
    assert (sep.get("id"), sep.find("p:Coords", NS).get("points")) == ("s1", "600,80 604,80 604,700 600,700")


def test_vertical_page_reading_direction(tmp_path: Path) -> None:
    root = assert_valid(write_page_xml(vertical_page(), tmp_path / "v.xml"), "page")
    page = root.find("p:Page", NS)
    assert (page.get("readingDirection"), page.get("textLineOrder")) == ("top-to-bottom", "right-to-left")
    assert (page.get("primaryLanguage"), page.get("primaryScript")) == (
        "Chinese",
        "Hans - Han (Simplified variant)",
    )
    for region in page.findall("p:TextRegion", NS):
        assert (region.get("readingDirection"), region.get("textLineOrder")) == (
            "top-to-bottom",
            "right-to-left",
        )
    assert (
        root.xpath("//p:TextLine[@id='v1l1']/p:Baseline", namespaces=NS)[0].get("points") == "730,100 730,500"
    )


def test_page_without_geometry_is_valid(tmp_path: Path) -> None:
    root = assert_valid(write_page_xml(text_only_page(), tmp_path / "t.xml"), "page")
    assert_unique_ids(root, "id")
    regions = root.findall("p:Page/p:TextRegion", NS)
    assert [r.find("p:Coords", NS).get("points") for r in regions] == ["0,0 0,0", "0,0 0,0"]
    assert {r.get("comments") for r in regions} == {"no geometry"}


def test_read_back_equals_the_page_tree(tmp_path: Path) -> None:
    page = news_page()
    back = read_back(write_page_xml(page, tmp_path / "n.xml"))
    assert [b.id for b in back.blocks] == NEWS_ORDER
    by_id = {b.id: b for b in page.blocks}
    for got in back.blocks:
        want = by_id[got.id]
        assert (got.role, got.furniture_kind, got.text) == (want.role, want.furniture_kind, want.text)
    assert [(a.id, a.kicker, a.headline, a.subheadline, a.byline, a.block_ids) for a in back.articles] == [
        (a.id, a.kicker, a.headline, a.subheadline, a.byline, a.block_ids) for a in page.articles
    ]
    assert [[(p.text, p.line_ids) for p in a.paragraphs] for a in back.articles] == [
        [(p.text, p.line_ids) for p in a.paragraphs] for a in page.articles
    ]
    assert [(p.id, p.caption_block_id) for p in back.pictures] == [("pic1", "b1cap")]
    assert [(s.id, s.kind) for s in back.separators] == [("s1", "vertical")]


def test_read_back_vertical_page(tmp_path: Path) -> None:
    back = read_back(write_page_xml(vertical_page(), tmp_path / "v.xml"))
    assert back.vertical
    assert [ln.direction for ln in back.lines()] == ["ttb", "ttb", "ttb"]
    assert [(a.headline, [p.text for p in a.paragraphs]) for a in back.articles] == [
        ("春节文艺汇演", ["正月初五县城广场举行文艺汇演。"])
    ]


def test_read_back_cuts_a_byline_printed_inside_the_body(tmp_path: Path) -> None:
    back = read_back(write_page_xml(inline_byline_page(), tmp_path / "b.xml"))
    article = back.articles[1]
    assert article.byline == "（郭莎莎 文/何乐 图）"
    assert [p.text for p in article.paragraphs][-1] == "县委书记出席会议并讲话。"


@pytest.mark.parametrize("write", [write_alto, write_page_xml], ids=["alto", "page"])
def test_read_back_keeps_a_body_outside_paragraphs_out_of_them(tmp_path: Path, write: Any) -> None:
    # An article whose body block is in none of its paragraphs: ALTO refers to the block
    # whole, PAGE marks no paragraph start in it. It comes back as the article's block,
    # not as a paragraph.
    page = news_page()
    page.articles[1].paragraphs = []
    (_, back) = read_back(write(page, tmp_path / "p.xml")).articles
    assert (back.headline, back.byline, back.paragraphs) == ("全县召开动员会", "（郭莎莎 文/何乐 图）", [])
    assert back.block_ids == ["b1h", "b1c", "b1b", "b1cap"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("marginalia", "marginalia"), ("folio", "page-number"), ("advertisement", "other"), (None, "other")],
)
def test_furniture_region_types(kind: str | None, expected: str) -> None:
    """Text set across the page (an advert's border) is PAGE's ``marginalia``; kinds PAGE has no type for are ``other``."""
    from scan2text.document import Block, BlockRole
    from scan2text.export.page import region_type

    assert region_type(Block(id="f", lines=[], role=BlockRole.furniture, furniture_kind=kind)) == expected
