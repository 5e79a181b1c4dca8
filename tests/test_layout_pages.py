"""Whole synthetic pages: furniture, captions, an English page of word boxes, a vertical page.

The pages are drawn with real type by ``test_layout_kit.PageBuilder`` and
read back through a fake OCR engine (the printed lines, shuffled). Expected
values are what the tests set on the page.
"""

from __future__ import annotations

import numpy as np
import pytest

from scan2text.document import Block, BlockRole, Line, Page
from scan2text.errors import InputImageError
from scan2text.layout import analyse_layout
from tests.test_layout_kit import PageBuilder, cjk_text, latin_text

BODY = 26


@pytest.fixture(scope="module")
def chinese_page() -> tuple[Page, dict[str, list[str]]]:
    """A county-paper page: folio line, two articles, a photo with caption, a staff-credit footer."""
    pb = PageBuilder(1600, 1900)
    pb.text(60, 40, "2023年2月9日 星期四", 24)
    pb.text(740, 36, "要闻", 30, bold=True)
    pb.text(1500, 36, "2", 30)
    pb.hrule(60, 1540, 86, 4)
    first = [cjk_text(180, 61), cjk_text(140, 62) + "（郭莎莎 文/何乐 图）"]
    pb.text(60, 120, "全县创建全国文明城市动员会召开", 52, bold=True)
    pb.flow_cjk([(60, 442), (560, 442)], 210, 900, first, BODY)
    pb.photo(1060, 120, 1540, 700, seed=9)
    # A caption that ends like a credit: it must stay a caption, not become a byline.
    pb.text(1060, 716, "县委书记王代强在会上讲话。何乐 摄", 24)
    pb.hrule(60, 1540, 940, 3)
    second = [cjk_text(160, 63), cjk_text(120, 64) + "（吕依然）"]
    pb.text(60, 970, "凝心聚力谋思路 真抓实干开新局", 52, bold=True)
    pb.flow_cjk([(60, 442), (560, 442), (1060, 442)], 1060, 1700, second, BODY)
    pb.hrule(60, 1540, 1780, 3)
    pb.text(60, 1800, "编辑 张跃红 校对 王晓光", 24)
    page, image = pb.page()
    return analyse_layout(page, image, "zh"), {"first": first, "second": second}


def test_furniture_is_labelled_and_kept_out_of_articles(
    chinese_page: tuple[Page, dict[str, list[str]]],
) -> None:
    page, _ = chinese_page
    kinds = {b.text: b.furniture_kind for b in page.furniture}
    assert kinds == {
        "2023年2月9日 星期四": "folio",
        "要闻": "section",
        "2": "page-number",
        "编辑 张跃红 校对 王晓光": "footer",
    }
    in_articles = {b for a in page.articles for b in a.block_ids}
    assert not in_articles & {b.id for b in page.furniture}


def test_caption_under_photo_is_not_a_byline(chinese_page: tuple[Page, dict[str, list[str]]]) -> None:
    page, expected = chinese_page
    assert len(page.pictures) == 1
    caption_id = page.pictures[0].caption_block_id
    assert caption_id is not None
    caption = page.block(caption_id)
    assert caption.role is BlockRole.caption
    assert caption.text == "县委书记王代强在会上讲话。何乐 摄"
    bylines = [a.byline for a in page.articles]
    assert bylines == ["（郭莎莎 文/何乐 图）", "（吕依然）"]
    body = "".join(p.text for a in page.articles for p in a.paragraphs)
    assert "何乐 摄" not in body


def test_articles_of_the_chinese_page(chinese_page: tuple[Page, dict[str, list[str]]]) -> None:
    page, expected = chinese_page
    assert [a.headline for a in page.articles] == [
        "全县创建全国文明城市动员会召开",
        "凝心聚力谋思路 真抓实干开新局",
    ]
    first, second = page.articles
    assert [p.text for p in first.paragraphs] == [
        expected["first"][0],
        expected["first"][1][: -len("（郭莎莎 文/何乐 图）")],
    ]
    assert [p.text for p in second.paragraphs] == [
        expected["second"][0],
        expected["second"][1][: -len("（吕依然）")],
    ]
    assert [s.kind for s in page.separators].count("horizontal") == 3


@pytest.fixture(scope="module")
def english_page() -> tuple[Page, list[str], list[str]]:
    """Justified English in three columns, returned by the engine one box per word."""
    pb = PageBuilder(2000, 2300)
    pb.text(80, 40, "THURSDAY, JANUARY 4, 1973", 26, latin=True)
    pb.text(1800, 40, "Page 3", 26, latin=True)
    pb.hrule(80, 1920, 90, 4)
    pb.text(80, 120, "Council Approves New River Bridge", 72, bold=True, latin=True)
    pb.text(80, 220, "By JANE DOE", 30, latin=True)
    cols = [(80, 560), (700, 560), (1320, 560)]
    first = [latin_text(70, i) for i in range(5)]
    pb.flow_latin(cols, 280, 1300, first, 30)
    pb.hrule(80, 1920, 1330, 3)
    pb.text(80, 1360, "School Board Decides", 60, bold=True, latin=True)
    second = [latin_text(60, 10 + i) for i in range(3)] + ["Associated Press"]
    pb.flow_latin(cols[:2], 1450, 2250, second, 30)
    page, image = pb.page()
    return analyse_layout(page, image, "en"), first, second


def test_english_word_boxes_become_lines_within_columns(
    english_page: tuple[Page, list[str], list[str]],
) -> None:
    page, _, _ = english_page
    body = [b for b in page.blocks if b.role is BlockRole.body]
    for block in body:
        box = block.bbox
        # No line may reach across a gutter: every body block stays inside one column.
        assert box.width <= 565, f"block {block.id} spans {box.x0:.0f}-{box.x1:.0f}"
    words_per_line = [len(ln.text.split()) for b in body for ln in b.lines]
    assert np.mean(words_per_line) > 4


def test_english_articles_and_bylines(english_page: tuple[Page, list[str], list[str]]) -> None:
    page, first, second = english_page
    assert [a.headline for a in page.articles] == [
        "Council Approves New River Bridge",
        "School Board Decides",
    ]
    a, b = page.articles
    assert a.byline == "By JANE DOE"
    assert [p.text for p in a.paragraphs] == first
    assert b.byline == "Associated Press"
    assert [p.text for p in b.paragraphs] == second[:-1]
    assert {blk.furniture_kind for blk in page.furniture} == {"folio", "page-number"}


def test_vertical_page_reads_right_to_left() -> None:
    pb = PageBuilder(1600, 2000)
    right = [cjk_text(200, 71), cjk_text(260, 72), cjk_text(120, 73)]
    left = [cjk_text(180, 74), cjk_text(150, 75)]
    pb.vertical_text(1490, 80, "全县创建文明城市动员会召开", 60, bold=True)
    pb.flow_vertical([(80, 820), (960, 820)], 1420, 900, right, 28)
    pb.vrule(860, 80, 1800)
    pb.vertical_text(780, 80, "说唱文化中心召开会议", 52, bold=True)
    pb.flow_vertical([(80, 820), (960, 820)], 700, 100, left, 28)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert page.vertical
    assert [a.headline for a in page.articles] == ["全县创建文明城市动员会召开", "说唱文化中心召开会议"]
    assert [p.text for p in page.articles[0].paragraphs] == right
    assert [p.text for p in page.articles[1].paragraphs] == left
    assert [s.kind for s in page.separators] == ["vertical"]
    # Lines of a block run right to left; the first tier is read before the second.
    for block in page.blocks:
        xs = [ln.bbox.x0 for ln in block.lines]
        assert xs == sorted(xs, reverse=True)
    first_body = [page.block(b) for b in page.articles[0].block_ids if page.block(b).role is BlockRole.body]
    assert [round(b.bbox.y0) < 900 for b in first_body] == [True, False]


def test_empty_page_and_lines_without_geometry() -> None:
    image = np.full((400, 300), 255, np.uint8)
    orphan = Line(id="l1", text="没有位置的行")
    page = Page(id="p", width=300, height=400, blocks=[Block(id="b", lines=[orphan])])
    page = analyse_layout(page, image)
    assert page.articles == []
    assert [ln.id for ln in page.lines()] == ["l1"]
    assert page.blocks[-1].role is BlockRole.unknown


def test_image_that_does_not_match_the_page_is_refused() -> None:
    page = Page(id="p", width=300, height=400, source="scan.tif")
    with pytest.raises(InputImageError, match="300x400"):
        analyse_layout(page, np.full((100, 100), 255, np.uint8))
