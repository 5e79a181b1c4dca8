"""Page structure pieces: rules and box frames, lines rebuilt from word pieces, the overlay.

Coordinates expected here are those the tests draw at.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from scan2text.document import BBox, Line
from scan2text.layout import analyse_layout, render_overlay
from scan2text.layout.frame import Frame, TLine
from scan2text.layout.lines import rebuild_lines
from scan2text.layout.separators import Rule, binarise, find_rules
from tests.test_layout_kit import LATIN_SERIF, PageBuilder, cjk_text, font, latin_text


def _rules(pb: PageBuilder, body: float) -> list[Rule]:
    image = np.asarray(pb.image)
    boxes = [BBox.of_points(ln.polygon) for ln in pb.lines]
    return find_rules(binarise(image), body, boxes)


def test_rules_and_box_frame_are_found_where_drawn() -> None:
    pb = PageBuilder(1200, 1000)
    pb.hrule(50, 1150, 100, 3)
    pb.vrule(600, 150, 900, 2)
    pb.frame(700, 200, 1100, 700, 3)
    # Big display type whose horizontal strokes are long, and a photo: neither is a rule.
    pb.text(60, 160, "一二三工", 120, bold=True)
    pb.photo(80, 450, 500, 900, seed=2)
    rules = _rules(pb, 26)
    kinds = sorted(r.kind for r in rules)
    assert kinds == ["box", "horizontal", "vertical"]
    by_kind = {r.kind: r.box for r in rules}
    h, v, box = by_kind["horizontal"], by_kind["vertical"], by_kind["box"]
    assert (h.x0, h.x1) == pytest.approx((50, 1151), abs=2) and h.cy == pytest.approx(101, abs=2)
    assert (v.y0, v.y1) == pytest.approx((150, 901), abs=2) and v.cx == pytest.approx(601, abs=2)
    assert (box.x0, box.y0, box.x1, box.y1) == pytest.approx((700, 200, 1101, 701), abs=3)


def test_dashed_rule_is_one_rule() -> None:
    pb = PageBuilder(1200, 400)
    for x in range(50, 1150, 40):
        pb.hrule(x, x + 28, 200, 2)
    rules = _rules(pb, 26)
    assert [r.kind for r in rules] == ["horizontal"]
    assert rules[0].box.width == pytest.approx(1098, abs=30)


def _tlines(lines: list[Line]) -> list[TLine]:
    return [TLine(line=ln, box=ln.bbox, size=ln.text_size) for ln in lines]


def test_word_boxes_join_within_a_column_but_not_across_the_gutter() -> None:
    pb = PageBuilder(1300, 1000)
    paragraphs = [latin_text(60, 90 + i) for i in range(4)]
    # Two justified columns 560 px wide with a 60 px gutter; one box per word.
    printed = pb.flow_latin([(60, 560), (680, 560)], 60, 900, paragraphs, 28)
    rebuilt = rebuild_lines(_tlines(pb.lines), [], Frame(False, 1300, 1000))
    assert sorted(printed) == sorted(t.text for t in rebuilt)
    assert all(t.box.width <= 561 for t in rebuilt)
    # The joined line keeps its pieces as words.
    assert sum(len(t.line.words) for t in rebuilt) == len(pb.lines)


def test_cjk_columns_with_a_one_character_gutter_stay_apart() -> None:
    pb = PageBuilder(1000, 900)
    for row in range(14):
        for k, x in enumerate((40, 40 + 13 * 26 + 26, 40 + 2 * (13 * 26 + 26))):
            pb.text(x, 40 + row * 40, cjk_text(13, row * 3 + k)[:13], 26)
    rebuilt = rebuild_lines(_tlines(pb.lines), [], Frame(False, 1000, 900))
    assert len(rebuilt) == len(pb.lines)


def test_cjk_line_split_at_a_space_is_joined_with_the_space() -> None:
    pb = PageBuilder(1000, 600)
    for row in range(8):
        pb.text(40, 40 + row * 40, cjk_text(16, row)[:16], 26)
    # A headline-like line the engine returned in two pieces.
    pb.text(40, 400, "凝心聚力谋思路", 26)
    pb.text(40 + 8 * 26, 400, "真抓实干开新局", 26)
    rebuilt = rebuild_lines(_tlines(pb.lines), [], Frame(False, 1000, 600))
    assert "凝心聚力谋思路 真抓实干开新局" in [t.text for t in rebuilt]


def test_vertical_rule_prevents_joining() -> None:
    pb = PageBuilder(1000, 300)
    pb.text(40, 100, "左边一栏的文字", 26)
    pb.text(40 + 7 * 26 + 14, 100, "右边一栏的文字", 26)
    rule = Rule("vertical", BBox(40 + 7 * 26 + 6, 40, 40 + 7 * 26 + 8, 260))
    rebuilt = rebuild_lines(_tlines(pb.lines), [rule], Frame(False, 1000, 300))
    assert sorted(t.text for t in rebuilt) == ["右边一栏的文字", "左边一栏的文字"]
    assert len(rebuild_lines(_tlines(pb.lines), [], Frame(False, 1000, 300))) == 1


def test_overlay_marks_articles_and_leaves_the_rest(tmp_path: Path) -> None:
    pb = PageBuilder(1100, 900)
    pb.text(60, 40, "全县创建全国文明城市动员会召开", 52, bold=True)
    pb.flow_cjk([(60, 468), (580, 468)], 130, 700, [cjk_text(200, 81), cjk_text(150, 82)], 26)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    out = tmp_path / "sub" / "overlay.png"
    render_overlay(page, image, out)
    drawn = cv2.imread(str(out))
    assert drawn.shape == (900, 1100, 3)
    # A white spot inside the article region (between two lines) is tinted ...
    region_spot = drawn[136, 400]
    assert not (region_spot == 255).all()
    # ... and white paper far from everything stays white.
    assert (drawn[850, 900] == 255).all()
    # The article's blocks are linked by arrows: more non-white pixels than the plain page.
    assert (drawn.min(axis=2) < 250).sum() > (image < 250).sum()


def test_text_set_across_a_latin_page_is_marginalia_not_article_text() -> None:
    """An advert's border reads "SAVE AT ELBERY'S" up the side, in text type, beside a story
    (Cambridge Chronicle p.3); the recogniser reads it as a top-to-bottom line. It is kept on
    the page as furniture of kind ``marginalia``, in no article."""
    pb = PageBuilder(1000, 900)
    pb.text(60, 30, "Property taxes rise", 60, bold=True, latin=True)
    story = [latin_text(60, 3), latin_text(40, 4)]
    pb.flow_latin([(60.0, 600.0)], 120, 880, story, 30, word_boxes=False)
    side = Image.new("L", (400, 32), 255)
    ImageDraw.Draw(side).text((0, 0), "SAVE AT ELBERYS", font=font(LATIN_SERIF, 28), fill=0)
    pb.image.paste(side.rotate(-90, expand=True), (720, 150))
    pb._record("SAVE AT ELBERYS", (720, 150, 752, 550), direction="ttb")
    page, image = pb.page()
    out = analyse_layout(page, image, "en")
    assert [a.headline for a in out.articles] == ["Property taxes rise"]
    assert "SAVE" not in out.articles[0].text
    assert " ".join(out.articles[0].body_text.split()) == " ".join(" ".join(story).split())
    side_blocks = [b for b in out.blocks if "SAVE" in b.text]
    assert [(b.role.value, b.furniture_kind) for b in side_blocks] == [("furniture", "marginalia")]


def test_text_set_upright_on_a_horizontal_chinese_page_is_not_marginalia() -> None:
    """Chinese papers set a poem or a short piece upright beside text set across; on a
    horizontal Chinese page an upright block of text type stays text, not furniture."""
    pb = PageBuilder(1200, 900)
    pb.text(60, 30, "县图书馆开展阅读活动", 60, bold=True)
    pb.flow_cjk([(60.0, 640.0)], 120, 880, [cjk_text(300, 5)], 30)
    pb.flow_vertical([(150, 700)], 1100, 800, [cjk_text(40, 6)], 30)
    page, image = pb.page()
    out = analyse_layout(page, image, "zh")
    upright = [b for b in out.blocks if b.lines and all(ln.direction == "ttb" for ln in b.lines)]
    assert upright
    assert all(b.furniture_kind != "marginalia" for b in upright)
