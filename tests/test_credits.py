"""Where an article's credit is found when its text is composed (scan2text.layout.credits).

The unit tests hand ``_take_byline`` paragraphs and their lines as reflow
would make them; the page tests set a small page with real type and run the
whole layout stage on it.
"""

from __future__ import annotations

from scan2text.document import BBox, Line, Paragraph
from scan2text.layout import analyse_layout
from scan2text.layout.credits import _caption_credit, _take_byline
from scan2text.layout.frame import TBlock, TLine
from tests.test_layout_kit import PageBuilder, cjk_text, latin_text


def _paragraphs(*paras: list[str], cjk: bool = False) -> tuple[list[Paragraph], dict[str, str]]:
    """Paragraphs made of the given lines (joined as reflow joins them) and the id -> text map of the lines."""
    lines: dict[str, str] = {}
    out: list[Paragraph] = []
    for para in paras:
        ids = []
        for text in para:
            ids.append(f"l{len(lines) + 1}")
            lines[ids[-1]] = text
        out.append(Paragraph(text=("" if cjk else " ").join(para), line_ids=ids))
    return out, lines


def _texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


# ----------------------------------------------------------------------------- English


def test_byline_broken_after_and() -> None:
    paras, lines = _paragraphs(
        ["By JANE DOE and", "BRIAN MCALLISTER", "ASHFORD, June 20 — Fire chief", "Gary Lindqvist said."]
    )
    assert _take_byline([], paras, lines) == "By JANE DOE and BRIAN MCALLISTER"
    assert _texts(paras) == ["ASHFORD, June 20 — Fire chief Gary Lindqvist said."]


def test_byline_broken_after_and_in_the_title_group() -> None:
    # The first line came as a title block, the second opens the body.
    paras, lines = _paragraphs(["NORAPATEL", "Fair board chair Susan", "Whitaker said."])
    assert _take_byline(["By DAVID OKONKWO and"], paras, lines) == "By DAVID OKONKWO and NORAPATEL"
    assert _texts(paras) == ["Fair board chair Susan Whitaker said."]


def test_credit_line_after_the_name() -> None:
    for credit in ("Staff Writer", "For the Herald", "Herald Correspondent", "Associated Press"):
        paras, lines = _paragraphs(["By NORA PATEL", credit, "The school board approved", "a budget."])
        assert _take_byline([], paras, lines) == f"By NORA PATEL {credit}"
        assert _texts(paras) == ["The school board approved a budget."]


def test_second_name_run_together_by_worn_type() -> None:
    paras, lines = _paragraphs(["andHENRYABBOTT", "The Millbrook High School", "girls won."])
    assert _take_byline(["By SARAHLINDGREN"], paras, lines) == "By SARAHLINDGREN and HENRYABBOTT"
    assert _texts(paras) == ["The Millbrook High School girls won."]


def test_lone_credit_line_opens_the_body() -> None:
    paras, lines = _paragraphs(["Staff Writer", "The Ashford Community", "Theater will stage a show."])
    assert _take_byline([], paras, lines) == "Staff Writer"
    assert _texts(paras) == ["The Ashford Community Theater will stage a show."]


def test_credit_after_title_lines_left_in_the_body() -> None:
    # The layout left the kicker, headline and deck in the body; the credit line follows them.
    paras, lines = _paragraphs(
        [
            "CITY HALL",
            "Trove of old",
            "photographs donated",
            "Associated Press",
            "NORTH HAVEN, April 13 — Planning",
            "board chair said.",
        ]
    )
    assert _take_byline([], paras, lines) == "Associated Press"
    assert _texts(paras) == [
        "CITY HALL Trove of old photographs donated",
        "NORTH HAVEN, April 13 — Planning board chair said.",
    ]


def test_no_credit_in_running_text() -> None:
    # "The Associated Press" as the first line of a sentence is body text.
    paras, lines = _paragraphs(["The Associated Press", "reported on Monday that", "the bridge will open."])
    assert _take_byline([], paras, lines) is None
    assert len(paras) == 1
    # A credit-like line after a full sentence is not taken from the start.
    paras, lines = _paragraphs(["The bridge opened.", "Staff Writer", "More text here."])
    assert _take_byline([], paras, lines) is None
    # A credit line with no body after it opens nothing (a fragment the layout cut off).
    paras, lines = _paragraphs(["Work is expected to take", "By GRACE"])
    assert _take_byline([], paras, lines) is None
    assert _texts(paras) == ["Work is expected to take By GRACE"]
    # A dateline stays in the body.
    paras, lines = _paragraphs(["By JANE DOE and", "ASHFORD, June 20 — Fire", "chief said."])
    assert _take_byline([], paras, lines) == "By JANE DOE and"
    assert _texts(paras) == ["ASHFORD, June 20 — Fire chief said."]


def _block(texts: list[str]) -> TBlock:
    tl = [
        TLine(line=Line(id=f"c{k}", text=t, polygon=[]), box=BBox(0, 20 * k, 100, 20 * k + 18), size=18)
        for k, t in enumerate(texts)
    ]
    return TBlock(id="cap", lines=tl, role="caption")


def test_credit_taken_into_a_caption() -> None:
    assert _caption_credit(
        [_block(["A plow clears Main Street early", "ByMICHAEL O'NEILL", "and AMY HOLLOWAY"])]
    ) == ("ByMICHAEL O'NEILL and AMY HOLLOWAY")
    assert (
        _caption_credit([_block(["图为医护员为群众免费测量血压。", "本报讯（记者林涛）把工作环"])])
        == "本报讯（记者林涛）"
    )
    # Photo credits and caption text are no writer's credit.
    assert (
        _caption_credit([_block(["Volunteers sort donated food at the pantry.", "(Photo by Sam Okafor)"])])
        is None
    )
    assert (
        _caption_credit([_block(["By JANE DOE", "stands by the old mill."])]) is None
    )  # caption text comes first


# ----------------------------------------------------------------------------- Chinese


def test_start_credit_without_spaces_and_with_ascii_brackets() -> None:
    paras, lines = _paragraphs(["本报讯(记者黄敏通讯员孙", "强)大家要进一步提升政治站位。"], cjk=True)
    assert _take_byline([], paras, lines) == "本报讯（记者 黄敏 通讯员 孙强）"
    assert _texts(paras) == ["大家要进一步提升政治站位。"]


def test_start_credit_bracket_in_the_next_paragraph() -> None:
    paras, lines = _paragraphs(["本报讯"], ["（记者 高峰）申红霞指出，", "要提升信心。"], cjk=True)
    assert _take_byline([], paras, lines) == "本报讯（记者 高峰）"
    assert _texts(paras) == ["申红霞指出，要提升信心。"]


def test_start_credit_after_a_stray_caption() -> None:
    paras, lines = _paragraphs(
        ["图为消防救援人员进行实本报讯（通讯员胡波）2月7日下午，", "县委书记深入调研。"], cjk=True
    )
    assert _take_byline([], paras, lines) == "本报讯（通讯员 胡波）"
    assert _texts(paras) == ["图为消防救援人员进行实", "2月7日下午，县委书记深入调研。"]


def test_end_credits_written_as_printed() -> None:
    for last, credit in [
        ("主动服务大局。（陈静)", "（陈静）"),
        ("主动服务大局。(记者孙强)", "（记者 孙强）"),
        ("感受汝窑陶瓷文化的魅力。白今明报道", "白今明 报道"),
        ("为乡村振兴贡献力量。（李得胜朱亚旭）", "（李得胜 朱亚旭）"),
    ]:
        paras, lines = _paragraphs(["县委书记深入调研。"], [last], cjk=True)
        assert _take_byline([], paras, lines) == credit
        assert _texts(paras)[-1] == last[: last.index("。") + 1]
    paras, lines = _paragraphs(["县委书记深入调研。"], ["（陈静 文/罗欣 图）"], cjk=True)
    assert _take_byline([], paras, lines) == "（陈静 文/罗欣 图）"
    assert _texts(paras) == ["县委书记深入调研。"]


# ----------------------------------------------------------------------------- whole pages


def test_page_english_byline_over_two_lines_and_credit() -> None:
    pb = PageBuilder(1100, 1000)
    pb.text(60, 40, "Council backs new footbridge", 52, bold=True, latin=True)
    pb.text(60, 130, "By JANE DOE and", 22, latin=True)
    pb.text(60, 160, "BRIAN MCALLISTER", 22, latin=True)
    pb.text(60, 190, "Staff Writer", 22, latin=True)
    body = [latin_text(60, 1), latin_text(50, 2)]
    pb.flow_latin([(60, 460), (580, 460)], 240, 960, body, 22)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    (a,) = page.articles
    assert a.byline == "By JANE DOE and BRIAN MCALLISTER Staff Writer"
    assert [p.text for p in a.paragraphs] == body


def test_page_chinese_start_credit_read_without_spaces() -> None:
    pb = PageBuilder(1100, 1100)
    pb.text(60, 40, "全县创建全国文明城市动员会召开", 56, bold=True)
    first = "本报讯(记者黄敏通讯员孙强)" + cjk_text(120, 3)
    body = [first, cjk_text(150, 4)]
    pb.flow_cjk([(60, 468), (580, 468)], 150, 1050, body, 26)
    page, image = pb.page()
    page = analyse_layout(page, image, "zh")
    (a,) = page.articles
    assert a.byline == "本报讯（记者 黄敏 通讯员 孙强）"
    assert [p.text for p in a.paragraphs] == [first[len("本报讯(记者黄敏通讯员孙强)") :], body[1]]
