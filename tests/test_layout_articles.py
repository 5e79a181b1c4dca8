"""Article assembly on synthetic pages: spans, continuation, rules, boxes, L-shapes, photos, roles.

Each page is drawn with real type by ``test_layout_kit.PageBuilder``; the
expected articles are the texts the test itself set on the page, so every
expectation is independent of the code under test.
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point as SPoint
from shapely.geometry import Polygon

from scan2text.document import Article, BBox, BlockRole, Line, Page
from scan2text.layout import analyse_layout
from scan2text.layout.frame import TBlock, TLine
from tests.test_layout_kit import PageBuilder, cjk_text

BODY = 26


def _texts(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs]


def _article_with(page: Page, headline: str) -> Article:
    found = [a for a in page.articles if a.headline == headline]
    assert len(found) == 1, (
        f"expected one article headed {headline!r}, got {[a.headline for a in page.articles]}"
    )
    return found[0]


def _tblock(text: str, box: tuple[float, float, float, float], role: str = "body") -> TBlock:
    """A block of one line (frame coordinates), its size the box height."""
    line = Line(id=text[:6], text=text, polygon=BBox(*box).polygon(), confidence=0.9)
    b = TBlock(id=text[:6], lines=[TLine(line=line, box=BBox(*box), size=box[3] - box[1])])
    b.role = role
    return b


def _region(article: Article) -> Polygon:
    assert len(article.region) == 1, f"expected one region polygon, got {len(article.region)}"
    return Polygon(article.region[0])


@pytest.fixture(scope="module")
def spanning_page() -> tuple[Page, list[str], list[list[str]]]:
    """Three columns under one headline; the text runs down column 1, then 2, then 3."""
    pb = PageBuilder(1500, 1300)
    pb.text(60, 40, "全县创建全国文明城市动员会召开", 60, bold=True)
    paragraphs = [cjk_text(150, 1), cjk_text(90, 2), cjk_text(200, 3), cjk_text(100, 4), cjk_text(60, 5)]
    columns = [(60, 416), (520, 416), (980, 416)]
    lines_per_column = pb.flow_cjk(columns, 150, 700, paragraphs, BODY)
    page, image = pb.page()
    return analyse_layout(page, image, "zh"), paragraphs, lines_per_column


def test_headline_spanning_three_columns_makes_one_article(
    spanning_page: tuple[Page, list[str], list[list[str]]],
) -> None:
    page, paragraphs, lines_per_column = spanning_page
    assert all(lines_per_column), "the test page must fill all three columns"
    assert len(page.articles) == 1
    article = page.articles[0]
    assert article.headline == "全县创建全国文明城市动员会召开"
    assert _texts(article) == paragraphs


def test_blocks_are_read_column_by_column_left_to_right(
    spanning_page: tuple[Page, list[str], list[list[str]]],
) -> None:
    page, _, lines_per_column = spanning_page
    article = page.articles[0]
    body = [page.block(b) for b in article.block_ids if page.block(b).role is BlockRole.body]
    assert [b.lines[0].text for b in body] == [col[0] for col in lines_per_column]
    assert [b.bbox.x0 for b in body] == sorted(b.bbox.x0 for b in body)
    # Inside a block, lines run top to bottom.
    for b in body:
        assert [ln.bbox.y0 for ln in b.lines] == sorted(ln.bbox.y0 for ln in b.lines)


def test_column_grid_is_measured(spanning_page: tuple[Page, list[str], list[list[str]]]) -> None:
    page, _, _ = spanning_page
    # Columns were set at x = 60, 520, 980, each 416 px wide (16 characters of 26 px = 416).
    assert len(page.columns) == 3
    for (x0, x1), left in zip(page.columns, (60, 520, 980)):
        assert x0 == pytest.approx(left, abs=3)
        assert x1 == pytest.approx(left + 416, abs=30)
    body = [b for b in page.blocks if b.role is BlockRole.body]
    assert sorted(b.column for b in body) == [0, 1, 2]


def test_horizontal_rule_separates_two_articles() -> None:
    pb = PageBuilder(1100, 1500)
    upper = [cjk_text(120, 11), cjk_text(80, 12)]
    lower = [cjk_text(100, 13), cjk_text(90, 14)]
    pb.text(60, 40, "凝心聚力谋思路", 52, bold=True)
    pb.flow_cjk([(60, 468), (580, 468)], 130, 560, upper, BODY)
    pb.hrule(60, 1050, 620)
    # The lower article's headline sits in the right column only: without the
    # rule, the upper headline's span would reach down into it.
    pb.text(580, 650, "真抓实干开新局", 52, bold=True)
    pb.flow_cjk([(580, 468)], 740, 1450, lower, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert [a.headline for a in page.articles] == ["凝心聚力谋思路", "真抓实干开新局"]
    assert _texts(page.articles[0]) == upper
    assert _texts(page.articles[1]) == lower
    assert [s.kind for s in page.separators] == ["horizontal"]
    assert not set(page.articles[0].block_ids) & set(page.articles[1].block_ids)


def test_boxed_article_stays_apart_from_the_headline_above_it() -> None:
    pb = PageBuilder(1600, 1500)
    outer = [cjk_text(260, 21), cjk_text(200, 22)]
    boxed = [cjk_text(90, 23), cjk_text(70, 24)]
    # The outer headline spans all three columns; the box sits in column 3 under it.
    pb.text(60, 40, "张八桥镇召开联乡包村共建共助工作动员会", 56, bold=True)
    pb.flow_cjk([(60, 442), (560, 442)], 140, 1400, outer, BODY)
    pb.frame(1040, 140, 1540, 900)
    pb.text(1080, 170, "说唱文化发展中心", 44, bold=True)
    pb.cjk_column(1080, 250, 416, boxed, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert [s.kind for s in page.separators] == ["box"]
    outer_article = _article_with(page, "张八桥镇召开联乡包村共建共助工作动员会")
    boxed_article = _article_with(page, "说唱文化发展中心")
    assert _texts(outer_article) == outer
    assert _texts(boxed_article) == boxed


def test_l_shaped_article_and_rule_limited_column() -> None:
    """Headline over three columns; in column 3 a rule ends the article early and another starts."""
    pb = PageBuilder(1600, 1500)
    main = [cjk_text(400, 31), cjk_text(300, 32), cjk_text(120, 33)]
    other = [cjk_text(110, 34)]
    pb.text(60, 40, "第八届中国历代陶瓷雕塑生肖主题系列展开展", 60, bold=True)
    cols = [(60, 442), (560, 442), (1060, 442)]
    out = pb.flow_cjk(cols[:2], 150, 1400, main[:2], BODY)
    pb.cjk_column(1060, 150, 442, main[2:], BODY)
    pb.hrule(1060, 1502, 560)
    pb.text(1060, 590, "茶宠兔玉兔送福", 48, bold=True)
    pb.cjk_column(1060, 680, 442, other, BODY)
    assert len(out[1]) > 5, "the main article must reach well into column 2"
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    main_article = _article_with(page, "第八届中国历代陶瓷雕塑生肖主题系列展开展")
    other_article = _article_with(page, "茶宠兔玉兔送福")
    assert _texts(main_article) == main
    assert _texts(other_article) == other
    region = _region(main_article)
    # An L (or upside-down L): more than four corners, covering columns 1-2 low
    # down and column 3 high up, but not column 3 below the rule.
    assert len(main_article.region[0]) >= 6
    assert region.contains(SPoint(200, 1300))
    assert region.contains(SPoint(1200, 300))
    assert not region.contains(SPoint(1200, 900))
    assert _region(other_article).contains(SPoint(1200, 900))


def test_article_wrapped_around_a_photo() -> None:
    pb = PageBuilder(1100, 1600)
    paragraphs = [cjk_text(260, 41), cjk_text(220, 42), cjk_text(160, 43)]
    pb.text(60, 40, "王代强调研工业项目建设", 56, bold=True)
    # Column 1 full height; column 2 has text above and below a photo.
    left = pb.flow_cjk([(60, 468)], 140, 1500, paragraphs[:1], BODY)
    y = 140
    y, top = pb.cjk_column(580, y, 468, paragraphs[1:2], BODY)
    pb.photo(580, int(y) + 10, 1048, int(y) + 420, seed=4)
    pb.cjk_column(580, y + 450, 468, paragraphs[2:], BODY)
    assert left[0] and top
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert len(page.articles) == 1
    article = page.articles[0]
    assert _texts(article) == paragraphs
    assert len(page.pictures) == 1
    picture = page.pictures[0]
    # The photo lies inside the article's region.
    centre = Polygon(picture.polygon).centroid
    assert _region(article).contains(centre)


def test_kicker_headline_and_subheadline_from_type_size() -> None:
    pb = PageBuilder(1100, 1200)
    pb.text(60, 40, "王代强在调研工业项目建设工作时强调", 34)
    pb.text(60, 95, "全力以赴为企业排忧解难", 64, bold=True)
    pb.text(60, 180, "推动项目早日建成达效", 64, bold=True)
    pb.text(60, 270, "——县委组织部召开工作谋划会", 32)
    body = [cjk_text(200, 51), cjk_text(150, 52) + "（李得胜 朱亚旭）"]
    pb.flow_cjk([(60, 468), (580, 468)], 340, 1150, body, BODY)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    assert len(page.articles) == 1
    a = page.articles[0]
    assert a.kicker == "王代强在调研工业项目建设工作时强调"
    assert a.headline == "全力以赴为企业排忧解难 推动项目早日建成达效"
    assert a.subheadline == "县委组织部召开工作谋划会"
    assert a.byline == "（李得胜 朱亚旭）"
    assert _texts(a) == [body[0], body[1][: -len("（李得胜 朱亚旭）")]]
    roles = [page.block(b).role for b in a.block_ids]
    assert roles[:3] == [BlockRole.kicker, BlockRole.headline, BlockRole.subheadline]


def test_display_type_over_no_running_text_is_no_article() -> None:
    """Cambridge Chronicle p.1: the advertisements at the foot of the page ("YELLOW CAB / 24 HOUR
    SERVICE 547-3000", a bank's rates and hours) are set like headlines over a few words. With no
    sentence under it, such a title heads no article; the story beside it keeps its own."""
    from scan2text.layout import analyse_layout
    from tests.test_layout_kit import PageBuilder, latin_text

    pb = PageBuilder(1400, 1100)
    pb.text(60, 40, "Council approves new bridge", 56, bold=True, latin=True)
    story = [latin_text(120, 5) + " It opens in May."]
    pb.flow_latin([(60, 600)], 140, 1000, story, 22)
    pb.text(800, 140, "YELLOW CAB", 56, bold=True, latin=True)
    pb.text(800, 230, "24 HOUR SERVICE", 30, latin=True)
    pb.text(800, 280, "Call 547-3000 Mon - Fri 8:30 a.m. to 5 p.m.", 22, latin=True)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert [a.headline for a in page.articles] == ["Council approves new bridge"]
    # The advertisement's text stays on the page.
    assert "YELLOW CAB" in page.text and "547-3000" in page.text


def test_running_text_is_told_by_a_sentence_end() -> None:
    from scan2text.document import Article, Paragraph
    from scan2text.layout.analyse import runs_text

    def art(*paras: str) -> Article:
        return Article(id="a", paragraphs=[Paragraph(text=t) for t in paras])

    assert runs_text(art("The bridge will open in 1994.")) and runs_text(art("县委召开会议。"))
    assert runs_text(art("Tickets are $5. Doors open at 7:30 p.m. on Friday."))
    assert not runs_text(art("Mon - Fri 8:30 a.m. to 5 p.m. Thurs. Eve.", "NOW EARN 6% 6.27%"))
    assert not runs_text(art())


def test_units_without_a_clean_cut_read_left_to_right_where_they_start_level() -> None:
    """Two columns under one headline start a pixel apart in height; a third unit (an advert's
    lines the detector ran a little past the gutter) overlaps both columns' x-ranges, so no cut
    parts them. The left column, which starts one pixel lower, is still read first."""
    from scan2text.layout.articles import Unit, _reading_order

    left = Unit(box=BBox(1570, 3540, 2010, 4534))
    right = Unit(box=BBox(2019, 3539, 2470, 4640))
    stray = Unit(box=BBox(1573, 4589, 2067, 4775))
    assert _reading_order([right, stray, left], body=38.0) == [left, right, stray]


@pytest.mark.parametrize(
    ("lang", "jump_from", "jump_on"),
    [("en", "(Continued from page 1)", "(Continued on page 3)"), ("zh", "（上接第1版）", "（下转第3版）")],
)
def test_jump_lines_are_furniture_not_title_or_text(lang: str, jump_from: str, jump_on: str) -> None:
    """A story continued from another page opens under its jump headline with "(Continued from
    page 1)" and ends with "(Continued on page 3)". The jump lines belong to no paragraph, and the
    first one is no deck of the headline: both are page furniture of their own kind. (The Chinese
    headline spans one column only: the second column, starting level with the text under the
    jump line rather than with the headline's foot, still runs on the story.)"""
    from tests.test_layout_kit import latin_text

    pb = PageBuilder(1100, 1300)
    if lang == "en":
        pb.text(60, 40, "School Board decides on the exams", 52, bold=True, latin=True)
        pb.text(60, 115, jump_from, BODY, latin=True)
        paras = [latin_text(60, 5), latin_text(50, 6), latin_text(70, 7)]
        printed = pb.flow_latin([(60, 480), (580, 480)], 170, 640, paras, BODY)
        # (flow_latin fills a column with lines 1.25 sizes apart while they fit above y 640.)
        pitch = 1.25 * BODY
        per_column = int((640 - 170 - BODY) // pitch) + 1
        in_second = len(printed) - per_column
    else:
        pb.text(60, 40, "凝心聚力谋思路", 52, bold=True)
        pb.text(60, 115, jump_from, BODY)
        paras = [cjk_text(200, 11), cjk_text(120, 12)]
        pitch = 1.5 * BODY
        in_second = len(pb.flow_cjk([(60, 468), (580, 468)], 170, 700, paras, BODY)[1])
    assert in_second > 0
    # The jump line half a line under the second column's last line.
    pb.text(580, 170 + in_second * pitch + 0.5 * BODY, jump_on, BODY, latin=lang == "en")
    page, image = pb.page()
    page = analyse_layout(page, image, lang)
    (art,) = [a for a in page.articles if a.paragraphs]
    assert art.subheadline is None and art.kicker is None
    assert _texts(art) == paras
    jumps = sorted(
        b.text for b in page.blocks if b.role is BlockRole.furniture and b.furniture_kind == "jump"
    )
    assert jumps == sorted([jump_from, jump_on])


@pytest.mark.parametrize("top", [4589.0, 4600.0])
def test_text_whose_first_row_a_title_box_took_in_goes_with_that_title(top: float) -> None:
    """Cambridge Chronicle (1973): the box of an advert's headline "WORKING MEN" took in the first
    row of the text under it, so that text starts above the title's foot. It is not the text of
    the story whose headline stands higher up the column: the advert's title stands between. When
    it starts in the lower half of the title's box, it is that title's text."""
    from scan2text.layout.articles import Unit, assemble
    from scan2text.layout.titles import TitleGroup

    body = 38.0
    story = TitleGroup([_tblock("Employers asked to tell", (1561, 3337, 2434, 3531), "headline")], -1)
    advert = TitleGroup([_tblock("WORKING MEN", (1568, 4554, 2018, 4636), "headline")], -1)
    column = _tblock("The local office of the State", (1570, 3540, 2010, 4534))
    ad_text = _tblock("(25-50 yrs.) from Somerville", (1573, top, 2020, 4775))
    units = [Unit(box=column.box, block=column), Unit(box=ad_text.box, block=ad_text)]
    drafts = assemble([story, advert], units, [], body)
    by_title = {d.title.blocks[0].text: [u.block.text for u in d.units if u.block] for d in drafts if d.title}
    assert by_title["Employers asked to tell"] == ["The local office of the State"]
    if top >= advert.box.cy:
        assert by_title["WORKING MEN"] == ["(25-50 yrs.) from Somerville"]
    else:
        # Starting in the title box's upper half, it may be the title's own line: no title takes it.
        assert by_title["WORKING MEN"] == []
        assert [[u.block.text for u in d.units if u.block] for d in drafts if d.title is None] == [
            ["(25-50 yrs.) from Somerville"]
        ]


def test_story_run_on_into_the_next_column_takes_the_blocks_under_it() -> None:
    """Cambridge Chronicle p.3: the School Board story runs on into the next column past its
    headline's span, and that column holds crossheads in capitals ("NEW POSITIONS") between blocks
    of its text. Everything stacked under the block it ran on into is the story's, down to a rule."""
    from scan2text.layout.articles import Unit, assemble
    from scan2text.layout.separators import Rule
    from scan2text.layout.titles import TitleGroup

    body = 26.0
    title = TitleGroup([_tblock("School Board decides", (60, 40, 500, 100), "headline")], -1)
    column1 = _tblock("He said he felt", (60, 130, 500, 1000))
    ran_on = _tblock("lounge at the school", (540, 130, 980, 500))
    crosshead = _tblock("NEW POSITIONS", (650, 520, 870, 550))
    rest = _tblock("The superintendent was", (540, 570, 980, 990))
    other = _tblock("Another story under a rule", (540, 1040, 980, 1200))
    units = [Unit(box=b.box, block=b) for b in (column1, ran_on, crosshead, rest, other)]
    rule = Rule(kind="horizontal", box=BBox(530, 1015, 990, 1018))
    drafts = assemble([title], units, [rule], body)
    story = next(d for d in drafts if d.title is title)
    assert [u.block.text for u in story.units if u.block] == [
        b.text for b in (column1, ran_on, crosshead, rest)
    ]


def test_story_under_a_lower_title_does_not_run_on_into_a_column_top_above_it() -> None:
    """Cambridge Chronicle p.3: "Handicapped children have fun" stands half-way down the page,
    under the first columns of another story; the top of the column right of its text belongs to
    that story above, not to it."""
    from scan2text.layout.articles import Unit, assemble
    from scan2text.layout.titles import TitleGroup

    body = 26.0
    lower = TitleGroup([_tblock("Handicapped children", (60, 600, 500, 660), "headline")], -1)
    its_text = _tblock("The Cambridge Recreation", (60, 690, 500, 1000))
    column_top = _tblock("all Auxiliaries to Goodwill", (540, 130, 980, 560))
    units = [Unit(box=b.box, block=b) for b in (its_text, column_top)]
    drafts = assemble([lower], units, [], body)
    story = next(d for d in drafts if d.title is lower)
    assert [u.block.text for u in story.units if u.block] == ["The Cambridge Recreation"]


def test_one_line_run_into_the_next_column_does_not_hide_it() -> None:
    """Cambridge Chronicle p.3, "Dig out your high-laced boots": the story's headline spans two
    columns and its text runs on into the third. One line at the foot of column 2 came out of
    the detector running on into column 3's first word (when the image does not show the gutter,
    it stays so). The column the story ends in is measured by its lines: column 3 still starts
    where the story runs on, and is read after column 2."""
    from scan2text.layout.articles import Unit, assemble
    from scan2text.layout.titles import TitleGroup

    body = 26.0
    title = TitleGroup([_tblock("Dig out your boots", (60, 40, 800, 100), "headline")], -1)
    column1 = _tblock("The Goodwill Fashion", (60, 130, 500, 1000))
    column2 = TBlock(
        id="col2",
        lines=[
            TLine(
                line=Line(
                    id=f"c2{k}", text=f"row {k}", polygon=BBox(540, y, 980, y + 26).polygon(), confidence=0.9
                ),
                box=BBox(540, y, 980, y + 26),
                size=26,
            )
            for k, y in enumerate(range(130, 940, 32))
        ],
    )
    run_on = TBlock(
        id="run_on",
        lines=[
            TLine(
                line=Line(id=t[:6], text=t, polygon=BBox(*b).polygon(), confidence=0.9), box=BBox(*b), size=26
            )
            for t, b in (
                ("Churchill is past president of for", (540, 950, 1060, 976)),
                ("Northeastern Leader", (540, 982, 980, 1008)),
            )
        ],
    )
    column3 = _tblock("all Auxiliaries to Goodwill", (1020, 130, 1460, 700))
    units = [Unit(box=b.box, block=b) for b in (column1, column2, run_on, column3)]
    drafts = assemble([title], units, [], body)
    story = next(d for d in drafts if d.title is title)
    assert [u.block.text[:12] for u in story.units if u.block] == [
        b.text[:12] for b in (column1, column2, run_on, column3)
    ]


def test_run_on_column_takes_a_block_whose_box_overlaps_the_one_above() -> None:
    """Cambridge Chronicle p.3, "Dig out your high-laced boots", column 3: the detector's boxes of
    two blocks in the column overlap by most of a line ("all clothing worn in the" over "donated.
    The show features"). The lower block still carries on the column, and the block under it
    follows."""
    from scan2text.layout.articles import Unit, assemble
    from scan2text.layout.titles import TitleGroup

    body = 38.0
    title = TitleGroup([_tblock("Dig out your boots", (1531, 3571, 2327, 3652), "headline")], -1)
    column1 = _tblock("The Goodwill Fashion", (1545, 3655, 1980, 4656))
    column2 = _tblock("display of 1800 corsets", (2004, 3653, 2437, 4209))
    top = _tblock("all Auxiliaries to Goodwill", (2456, 3639, 2908, 3938))
    overlapped = _tblock("donated. The show features", (2466, 3912, 2898, 3957))
    rest = _tblock("on the piano and Frank", (2459, 3980, 2932, 4205))
    units = [Unit(box=b.box, block=b) for b in (column1, column2, top, overlapped, rest)]
    drafts = assemble([title], units, [], body)
    story = next(d for d in drafts if d.title is title)
    assert [u.block.text for u in story.units if u.block] == [
        b.text for b in (column1, column2, top, overlapped, rest)
    ]
