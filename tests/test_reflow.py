"""Tests for scan2text.reflow: joining line texts and building paragraphs.

Every expected value is written out by hand from the rules (an indent of two
characters starts a CJK paragraph, a short line ending a sentence ends one,
a column break does not), not taken from the code's output.
"""

from __future__ import annotations

import pytest

from scan2text.document import Line
from scan2text.reflow import (
    Fragment,
    build_paragraphs,
    ends_sentence,
    join_text,
    text_fragments,
    text_units,
)

# ----------------------------------------------------------------------------- join_text


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "南道明能源科技有限公司，专题调",
            "研工业项目建设工作。",
            "南道明能源科技有限公司，专题调研工业项目建设工作。",
        ),
        ("县委书记王代强", "深入河南（宝丰）", "县委书记王代强深入河南（宝丰）"),
        ("坚持“要素跟着项目走”，", "以“万人助万企”活动", "坚持“要素跟着项目走”，以“万人助万企”活动"),
        ("微信公众号、云上宝丰APP", "等多种媒体平台", "微信公众号、云上宝丰APP等多种媒体平台"),
        ("利用报纸、云上宝丰", "APP等多种媒体", "利用报纸、云上宝丰APP等多种媒体"),
        ("推动2023年组织", "工作抓出新成效", "推动2023年组织工作抓出新成效"),
        ("明确20", "23年创建工作重点", "明确2023年创建工作重点"),
        ("人民战", "争”，全体动员", "人民战争”，全体动员"),
    ],
)
def test_join_text_cjk_has_no_spaces(a: str, b: str, expected: str) -> None:
    assert join_text(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The council voted on", "Tuesday to approve", "The council voted on Tuesday to approve"),
        ("the cost, estimated at $4.2", "million, was high", "the cost, estimated at $4.2 million, was high"),
        ('He said, "We are', 'ready."', 'He said, "We are ready."'),
        ("  leading and trailing  ", "  spaces  ", "leading and trailing spaces"),
        ("", "only the second", "only the second"),
        ("only the first", "   ", "only the first"),
    ],
)
def test_join_text_latin_puts_one_space(a: str, b: str, expected: str) -> None:
    assert join_text(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # A hyphen that split a word goes.
        ("the county's infor-", "mation office", "the county's information office"),
        ("said construc-", "tion would begin", "said construction would begin"),
        # A suffix is never the second half of a compound, even after a compound head.
        ("a sense of well-", "ness in town", "a sense of wellness in town"),
        # A hyphen after a whole word that forms compounds stays.
        ("a well-", "known shortcut", "a well-known shortcut"),
        ("a self-", "made man", "a self-made man"),
        ("twenty-", "one people", "twenty-one people"),
        # Before a capital or a digit, and after a digit, the hyphen is real.
        ("Jean-", "Paul Sartre", "Jean-Paul Sartre"),
        ("a 7-", "year-old girl", "a 7-year-old girl"),
        ("the pre-", "1990 rules", "the pre-1990 rules"),
        # A soft hyphen always goes.
        ("infor\u00ad", "mation", "information"),
        # A dash set closed stays closed; a spaced one keeps its space.
        ("the vote\u2014", "a long step", "the vote\u2014a long step"),
        ("the vote \u2014", "a long step", "the vote \u2014 a long step"),
    ],
)
def test_join_text_hyphens(a: str, b: str, expected: str) -> None:
    assert join_text(a, b, "en") == expected


def test_join_text_hyphen_decided_by_the_rest_of_the_text() -> None:
    # "co" is not a compound head, so alone the hyphen would go ...
    assert join_text("they co-", "operate well", "en") == "they cooperate well"
    # ... but the article spells "co-operate" elsewhere, so it stays.
    assert join_text("they co-", "operate well", "en", context="We co-operate. They co-\noperate") == (
        "they co-operate well"
    )
    # And a compound head loses its hyphen when the text has the solid form.
    assert join_text("a long-", "standing rule", "en", context="a longstanding rule") == "a longstanding rule"


def test_join_text_digits_in_cjk_text_join_but_latin_words_do_not() -> None:
    # Latin words inside Chinese text keep their space; numbers do not get one.
    assert join_text("来自New", "York的代表", "zh") == "来自New York的代表"
    assert join_text("共有12", "34人", "zh") == "共有1234人"


# ----------------------------------------------------------------------------- helpers


def test_text_units_counts_half_width_ascii_and_cjk_punctuation() -> None:
    # 4 ideographs + "，" (0.5) + "2023" (4 x 0.5) = 6.5
    assert text_units("全县创建，2023") == pytest.approx(6.5)
    assert text_units("abcd", cjk=False) == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("确保项目按着既定目标顺利推进。", True),
        ("干出新气象！", True),
        ("“我们准备好了。”", True),
        ('ready."', True),
        ("开展“联乡包村”", False),
        ("加快施工进度，", False),
        ("the vote", False),
    ],
)
def test_ends_sentence(text: str, expected: bool) -> None:
    assert ends_sentence(text) is expected


# ----------------------------------------------------------------------------- paragraphs with geometry


def _line(lid: str, text: str, x0: float, x1: float, y: float, h: float = 20.0) -> Line:
    return Line(id=lid, text=text, polygon=[(x0, y), (x1, y), (x1, y + h), (x0, y + h)], text_size=h)


def test_build_paragraphs_cjk_geometry() -> None:
    # Characters are 20 px wide; column one spans x 100..400 (15 characters), column two 500..800.
    col1 = Fragment(
        lines=[
            _line("c1", "二月七日下午，县委书记来到园区", 140, 400, 0),  # indented two characters
            _line("c2", "调研项目建设工作，要求加快进度", 100, 400, 30),
            _line("c3", "确保按期完成。", 100, 260, 60),  # short and final: paragraph ends
            _line("c4", "会上，他强调要坚持项目为王，", 140, 400, 90),  # indented: new paragraph
            _line("c5", "突出统筹调度，确保顺利推进。", 100, 400, 120),  # full and final: ambiguous
            _line("c6", "同时要强化部门联动，加大招商", 100, 400, 150),  # not indented: same paragraph
        ],
        left=100,
        right=400,
        char_width=20,
    )
    col2 = Fragment(
        lines=[
            # Column break after a full line without final punctuation, not indented: continues.
            _line("c7", "力度，依托资源优势加快发展。", 500, 800, 0),
            _line(
                "c8", "马胜昔等参加调研。", 540, 720, 30
            ),  # indented after a full final line: new paragraph
        ],
        left=500,
        right=800,
        char_width=20,
    )
    paragraphs = build_paragraphs([col1, col2], lang="zh")
    assert [p.text for p in paragraphs] == [
        "二月七日下午，县委书记来到园区调研项目建设工作，要求加快进度确保按期完成。",
        "会上，他强调要坚持项目为王，突出统筹调度，确保顺利推进。同时要强化部门联动，加大招商力度，依托资源优势加快发展。",
        "马胜昔等参加调研。",
    ]
    assert [p.line_ids for p in paragraphs] == [["c1", "c2", "c3"], ["c4", "c5", "c6", "c7"], ["c8"]]


def test_build_paragraphs_short_final_line_breaks_without_indent() -> None:
    frag = Fragment(
        lines=[
            _line("a", "确保按期完成。", 100, 260, 0),  # 8 characters short of the edge
            _line("b", "会议要求各部门加强协作，确保", 100, 400, 30),  # no indent at all
        ],
        left=100,
        right=400,
        char_width=20,
    )
    assert [p.line_ids for p in build_paragraphs([frag])] == [["a"], ["b"]]


def test_build_paragraphs_short_line_without_punctuation() -> None:
    # Short without final punctuation: only an indented next line breaks (the
    # recogniser may have dropped the full stop); otherwise the paragraph runs on.
    def frag(next_x0: float) -> Fragment:
        return Fragment(
            lines=[
                _line("a", "确保按期完成", 100, 240, 0),
                _line("b", "会议要求各部门加强协作，确保", next_x0, 400, 30),
            ],
            left=100,
            right=400,
            char_width=20,
        )

    assert [p.line_ids for p in build_paragraphs([frag(140)])] == [["a"], ["b"]]
    assert [p.line_ids for p in build_paragraphs([frag(100)])] == [["a", "b"]]


def test_build_paragraphs_english_geometry() -> None:
    # One em is 10 px; column one spans 0..300, column two 400..700.
    col1 = Fragment(
        lines=[
            _line("e1", "The council voted on Tuesday to approve the infor-", 10, 300, 0),  # indented 1 em
            _line("e2", "mation desk and a well-", 0, 300, 15),
            _line("e3", "known bridge plan.", 0, 180, 30),  # short and final
            _line("e4", "Work starts in June, officials said at 9 p.m.", 0, 240, 45),  # short, final-looking
            _line(
                "e5", "on Tuesday, and the mayor agreed that the", 0, 300, 60
            ),  # lower case: no new paragraph
        ],
        left=0,
        right=300,
        char_width=10,
    )
    col2 = Fragment(
        lines=[
            _line("e6", "bridge would open next year.", 400, 700, 0),  # column break, runs on
            _line("e7", "Opponents questioned the cost of the plan.", 410, 650, 15),  # indented
        ],
        left=400,
        right=700,
        char_width=10,
    )
    paragraphs = build_paragraphs([col1, col2], lang="en")
    assert [p.text for p in paragraphs] == [
        "The council voted on Tuesday to approve the information desk and a well-known bridge plan.",
        "Work starts in June, officials said at 9 p.m. on Tuesday, and the mayor agreed that the "
        "bridge would open next year.",
        "Opponents questioned the cost of the plan.",
    ]
    assert [p.line_ids for p in paragraphs] == [["e1", "e2", "e3"], ["e4", "e5", "e6"], ["e7"]]


def test_build_paragraphs_vertical_lines_measure_along_the_column() -> None:
    # Vertical (ttb) lines: left/right are the top and bottom of the column, y 0..300.
    def vline(lid: str, text: str, y0: float, y1: float, x: float) -> Line:
        return Line(
            id=lid, text=text, polygon=[(x, y0), (x + 20, y0), (x + 20, y1), (x, y1)], direction="ttb"
        )

    frag = Fragment(
        lines=[
            vline("v1", "确保按期完成。", 0, 140, 400),  # short
            vline("v2", "会上他强调要坚持项目为王突出", 40, 300, 370),  # indented
            vline("v3", "统筹调度。", 0, 100, 340),
        ],
        left=0,
        right=300,
        char_width=20,
    )
    assert [p.line_ids for p in build_paragraphs([frag])] == [["v1"], ["v2", "v3"]]


def test_build_paragraphs_empty() -> None:
    assert build_paragraphs([]) == []
    assert build_paragraphs([Fragment(lines=[Line(id="x", text="  ")], left=0, right=10, char_width=1)]) == []


# ----------------------------------------------------------------------------- text-only paragraphs


def _text_lines(*texts: str) -> list[Line]:
    return [Line(id=f"t{k}", text=t) for k, t in enumerate(texts, 1)]


def test_build_paragraphs_text_only_cjk() -> None:
    # A 15-character column; the dump lost the indents except the first line's space.
    lines = _text_lines(
        " 二月七日下午县委书记来到园区",  # 14 + explicit indent
        "调研项目建设工作要求加快其进度",  # full (15)
        "确保按期完成。",  # short and final
        "会上他强调坚持项目为王工业",  # 13: an indented first line
        "为先理念突出统筹调度推进项目。",  # full and final: ambiguous
        "同时要强化部门联动加大招商力度",  # full, not indented: runs on
        "依托资源优势加快引进好的项目。",  # full and final
        "马胜昔等参加调研活动讲话。",  # 12.5 wide: indented, so a new paragraph
    )
    frag = Fragment(lines=lines, left=0, right=15, char_width=1)
    assert [p.line_ids for p in build_paragraphs([frag], "zh")] == [
        ["t1", "t2", "t3"],
        ["t4", "t5", "t6", "t7"],
        ["t8"],
    ]


def test_build_paragraphs_text_only_cjk_first_line_keeps_its_lost_indent() -> None:
    # A paragraph's first line ending a sentence two characters short of the
    # column is full once its (lost) two-character indent is counted.
    lines = _text_lines(
        "会上，县委书记王代强出席并讲",  # 14
        "话。",  # short and final
        "县委书记王代强出席并讲话。",  # 12.5 + 2 = 14.5: full, final, ambiguous
        "会议由县长主持县委副书记等出席",  # 15, not indented: runs on
        "会议。",
    )
    frag = Fragment(lines=lines, left=0, right=15, char_width=1)
    assert [p.line_ids for p in build_paragraphs([frag], "zh")] == [["t1", "t2"], ["t3", "t4", "t5"]]


def test_build_paragraphs_text_only_latin_uses_explicit_indents() -> None:
    lines = _text_lines(
        "  The council voted on Tuesday to",
        "approve a new footbridge over the",
        "river after three years of debate.",  # full and final, next not indented: runs on
        "Work is set to begin in the spring",
        "of next year.",  # short and final
        "Opponents questioned the cost and",
        "the loss of parking on Elm Street.",  # full and final
        "  Officials will meet again in May.",  # explicit indent
    )
    frag = Fragment(lines=lines, left=0, right=17, char_width=1)
    assert [p.line_ids for p in build_paragraphs([frag], "en")] == [
        ["t1", "t2", "t3", "t4", "t5"],
        ["t6", "t7"],
        ["t8"],
    ]


def test_text_fragments_cut_where_the_column_widens() -> None:
    narrow = ["一二三四五六七八九十", "一二三四五六七八九十", "一二三四五六七八", "一二三四五六七八九十"]
    wide = [
        "一二三四五六七八九十一二三四五六",
        "一二三四五六七八九十一二三四五六",
        "一二三四五六七八九十一二三四五六",
    ]
    frags = text_fragments(_text_lines(*narrow, *wide), "zh")
    assert [[ln.id for ln in f.lines] for f in frags] == [["t1", "t2", "t3", "t4"], ["t5", "t6", "t7"]]
    # Full line length: the upper quartile of each column's widths.
    assert [f.right for f in frags] == [10.0, 16.0]


def test_text_fragments_keep_short_last_and_indented_first_lines() -> None:
    # A short last line followed by an indented first line is not a narrower column.
    widths = ["一二三四五六七八九十"] * 3 + ["一二三。", "一二三四五六七"] + ["一二三四五六七八九十"] * 2
    lines = _text_lines(*widths)
    frags = text_fragments(lines, "zh")
    assert len(frags) == 1
    assert frags[0].right == 10.0


def test_one_line_wider_than_the_column_does_not_set_its_measure() -> None:
    """014 zh_degraded: the label of a photo ("志愿者走进社区开展服务", 350 px) was read into the
    block of the column under it (280 px). Measured against the label, every line of the column
    ended short and became a paragraph; against the edges most lines reach, the column is one
    paragraph, as set."""
    from scan2text.document import BBox
    from scan2text.layout.compose import _fragment
    from scan2text.layout.frame import Frame, TBlock, TLine

    def tline(text: str, x0: float, x1: float, y: float) -> TLine:
        line = Line(id=f"l{y:.0f}", text=text, polygon=[(x0, y), (x1, y), (x1, y + 28), (x0, y + 28)])
        return TLine(line=line, box=BBox(x0, y, x1, y + 28), size=28.0)

    rows = [
        "量。要充分拓展新闻宣",
        "传空间，利用报纸、广",
        "播、电视、网站、微信",
        "公众号、云上宝丰平台",
        "等多种媒体平台，开辟",
    ]
    block = TBlock(
        id="b1",
        lines=[tline("志愿者走进社区开展服务", 418, 768, 400)]
        + [tline(t, 454, 734, 440 + 40 * k) for k, t in enumerate(rows)],
    )
    fragment = _fragment(block, [], Frame(False, 2000, 3000), "zh")
    assert (fragment.left, fragment.right) == (454, 734)
    # (Whether the label opens the paragraph is not the point: the column's rows stay one.)
    paragraphs = build_paragraphs([fragment], "zh")
    assert any("".join(rows) in p.text for p in paragraphs)
