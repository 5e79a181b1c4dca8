"""Tests for scan2text.bylines: credit forms found, and body text that must not be taken for one."""

from __future__ import annotations

import pytest

from scan2text.bylines import (
    byline_names,
    continue_byline,
    format_credit,
    is_byline_line,
    is_photo_credit,
    match_end_byline,
    match_inner_start_byline,
    match_leading_credit,
    match_start_byline,
    parse_credit,
    split_names,
)

# ----------------------------------------------------------------------------- end of body


@pytest.mark.parametrize(
    ("text", "body", "byline"),
    [
        (
            "为全县经济高质量发展积蓄强大动能。（李得胜 朱亚旭）",
            "为全县经济高质量发展积蓄强大动能。",
            "（李得胜 朱亚旭）",
        ),
        (
            "坚决追责问责，绝不姑息。（郭莎莎 文/何乐 图）",
            "坚决追责问责，绝不姑息。",
            "（郭莎莎 文/何乐 图）",
        ),
        ("干出新气象！ （吕依然）", "干出新气象！", "（吕依然）"),
        ("确保顺利通过生态区验收。   （刘畅）", "确保顺利通过生态区验收。", "（刘畅）"),
        ("感受汝窑陶瓷文化的魅力。白今明 报道", "感受汝窑陶瓷文化的魅力。", "白今明 报道"),
        (
            "会议强调要抓好落实。（记者 张三 通讯员 李四）",
            "会议强调要抓好落实。",
            "（记者 张三 通讯员 李四）",
        ),
        ("他说：“我们有信心。”（欧阳晓明）", "他说：“我们有信心。”", "（欧阳晓明）"),
        ("现场气氛热烈。记者 王五 摄", "现场气氛热烈。", "记者 王五 摄"),
        (
            "The bridge will open next year. — Associated Press",
            "The bridge will open next year.",
            "— Associated Press",
        ),
        ("（吕依然）", "", "（吕依然）"),
    ],
)
def test_match_end_byline(text: str, body: str, byline: str) -> None:
    assert match_end_byline(text) == (body, byline)


@pytest.mark.parametrize(
    "text",
    [
        # Brackets inside body text: a place, a picture note, a jump line, a count.
        "深入河南（宝丰）",
        # Name-like brackets after an ideograph are body text, not credits.
        "深入河南（周口）",
        "参加会议的还有县长（刘海亮）",
        "平顶山说唱文化（宝丰）",
        "图为活动现场。（资料图）",
        "详见相关报道。（下转第二版）",
        "共有54件（套）",
        "他指出，要加强领导。（完）",
        # Bare names after a sentence, without brackets or a role, are body text.
        "马胜昔、王森鹏、刘伟刚、王国",
        "会议由县长主持。刘海亮",
        # An institution in brackets is not a person.
        "会议精神。（县委宣传部）",
        "The council voted on Tuesday.",
        "He spoke at the Mill River (Springfield)",
    ],
)
def test_match_end_byline_false_positives(text: str) -> None:
    assert match_end_byline(text) is None


# ----------------------------------------------------------------------------- start of body


@pytest.mark.parametrize(
    ("text", "byline", "rest"),
    [
        (
            "本报讯（记者 张三 通讯员 李四）2月7日，县委召开会议",
            "本报讯（记者 张三 通讯员 李四）",
            "2月7日，县委召开会议",
        ),
        ("本报讯 2月7日，县委召开会议", "本报讯", "2月7日，县委召开会议"),
        ("本报宝丰讯（通讯员 王五）近日，", "本报宝丰讯（通讯员 王五）", "近日，"),
        ("By JANE DOE The city council voted", "By JANE DOE", "The city council voted"),
        ("By JANE DOE and JOHN ROE", "By JANE DOE and JOHN ROE", ""),
        ("By Jane Doe", "By Jane Doe", ""),
        # "BY" in capitals (Cambridge Chronicle, 1973)
        ("BY ANNE RAVER At 2 p.m. yesterday the council", "BY ANNE RAVER", "At 2 p.m. yesterday the council"),
    ],
)
def test_match_start_byline(text: str, byline: str, rest: str) -> None:
    assert match_start_byline(text) == (byline, rest)


@pytest.mark.parametrize(
    "text",
    [
        "BEIJING, Feb. 9 — The talks resumed on Thursday",  # a dateline stays in the body
        "SPRINGFIELD (AP) — Farmers in the valley",
        "By the end of the year the bridge will open",
        "2月7日下午，县委书记王代强",
        "移动通讯设备展开幕",
    ],
)
def test_match_start_byline_false_positives(text: str) -> None:
    assert match_start_byline(text) is None


# ----------------------------------------------------------------------------- whole lines


@pytest.mark.parametrize(
    "text",
    [
        "By JANE DOE",
        "By Jane Doe",
        "Associated Press",
        "The Associated Press",
        "Staff Writer",
        "Jane Doe, Staff Writer",
        "— Reuters",
        "（刘畅）",
        "（郭莎莎 文/何乐 图）",
        "白今明 报道",
        "记者 张三 摄",
        "本报记者 张三",
        "文/图 张三",
        "（记者张三 通讯员李四）",
        "Photo by Jane Doe",
        "BY ANNE RAVER",
        "BY JOHN GREGORY and",
    ],
)
def test_is_byline_line(text: str) -> None:
    assert is_byline_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "（资料图）",
        "（下转第二版）",
        "河南（宝丰）",
        "（宝丰）",
        "编辑 张跃红 校对 王晓光",  # page furniture, not a credit
        "王国",
        "全力以赴为企业排忧解难",
        "BEIJING, Feb. 9 —",
        "Council backs footbridge",
        "The city council voted on Tuesday to",
        "BY THE NUMBERS",  # a heading in capitals
        "BYRON SMITH",  # a name, not "BY RON SMITH"
        "",
    ],
)
def test_is_byline_line_false_positives(text: str) -> None:
    assert not is_byline_line(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者 张三 摄", True),
        ("（何乐 摄）", True),
        ("Photo by Jane Doe", True),
        ("（郭莎莎 文/何乐 图）", False),  # names a writer too
        ("白今明 报道", False),
        ("（刘畅）", False),
        ("By JANE DOE", False),
    ],
)
def test_is_photo_credit(text: str, expected: bool) -> None:
    assert is_photo_credit(text) is expected


def test_parse_credit_roles_and_names() -> None:
    assert parse_credit("（郭莎莎 文/何乐 图）") == [("郭莎莎", "文"), ("何乐", "图")]
    assert parse_credit("记者 张三 通讯员 李四") == [("张三", "记者"), ("李四", "通讯员")]
    assert parse_credit("（李得胜 朱亚旭）") == [("李得胜", None), ("朱亚旭", None)]
    assert parse_credit("白今明报道") == [("白今明", "报道")]
    assert parse_credit("（资料图）") is None
    assert byline_names("（郭莎莎 文/何乐 图）") == ["郭莎莎", "何乐"]
    assert byline_names("（下转第二版）") == []


# ----------------------------------------------------------------------------- spaces and brackets the recogniser lost


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # Role words run into the names, anywhere in the credit.
        ("（记者黄敏通讯员孙强）", [("黄敏", "记者"), ("孙强", "通讯员")]),
        ("(记者孙强)", [("孙强", "记者")]),
        ("（通讯员胡波)", [("胡波", "通讯员")]),
        ("郭婷报道", [("郭婷", "报道")]),
        # The writer and the photographer with their roles run in: "X文/Y图".
        ("（陈静文/罗欣图)", [("陈静", "文"), ("罗欣", "图")]),
        # Names run together, parted at the surnames.
        ("（罗欣吴昊）", [("罗欣", None), ("吴昊", None)]),
        ("（李得胜朱亚旭）", [("李得胜", None), ("朱亚旭", None)]),
        ("记者吴昊刘洋", [("吴昊", "记者"), ("刘洋", "记者")]),
    ],
)
def test_parse_credit_without_spaces(text: str, pairs: list[tuple[str, str | None]]) -> None:
    assert parse_credit(text) == pairs


def test_names_that_stay_whole() -> None:
    # A name ending in 文 is no writer's credit without the "/…图" after it.
    assert parse_credit("（李文）") == [("李文", None)]
    assert parse_credit("（刘晓文 摄）") == [("刘晓文", "摄")]
    # A compound surname and a given name of two: one person.
    assert split_names("欧阳晓明") == ["欧阳晓明"]
    assert split_names("司马相如") == ["司马相如"]
    # No cut into names that start with surnames: left as it is.
    assert split_names("县委宣传部") == ["县委宣传部"]
    assert split_names("张三") == ["张三"]


def test_split_names_prefers_fewer_names_then_common_surnames() -> None:
    assert split_names("李得胜朱亚旭") == ["李得胜", "朱亚旭"]  # 3+3, not 2+2+2
    assert split_names("吴昊刘洋郭婷") == ["吴昊", "刘洋", "郭婷"]  # 昊刘 / 洋郭 are no names
    # 5 characters: 2+3 or 3+2; the cut before the commoner surname (李) wins.
    assert split_names("张三丰李四") == ["张三丰", "李四"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(记者孙强)", "（记者 孙强）"),
        ("（通讯员胡波)", "（通讯员 胡波）"),
        ("郭婷报道", "郭婷 报道"),
        ("（陈静文/罗欣图)", "（陈静 文/罗欣 图）"),
        ("（罗欣吴昊）", "（罗欣 吴昊）"),
        ("本报讯（记者黄敏通讯员孙强）", "本报讯（记者 黄敏 通讯员 孙强）"),
        ("本报讯(记者郑浩)", "本报讯（记者 郑浩）"),
        ("本报讯", "本报讯"),
        # Already as the page sets it: unchanged.
        ("（郭莎莎 文/何乐 图）", "（郭莎莎 文/何乐 图）"),
        ("（李得胜 朱亚旭）", "（李得胜 朱亚旭）"),
        ("白今明 报道", "白今明 报道"),
        ("记者 王五 摄", "记者 王五 摄"),
        ("（欧阳晓明）", "（欧阳晓明）"),
        # English.
        ("ByMARGARET HOLLIS", "By MARGARET HOLLIS"),
        ("By SARAHLINDGREN andHENRYABBOTT", "By SARAHLINDGREN and HENRYABBOTT"),
        ("By  NORA PATEL   For the Herald", "By NORA PATEL For the Herald"),
        ("By JOHN ANDERSON", "By JOHN ANDERSON"),
        ("Associated Press", "Associated Press"),
        # Not a credit: only tidied.
        ("(下转第二版)", "（下转第二版）"),
    ],
)
def test_format_credit(text: str, expected: str) -> None:
    assert format_credit(text) == expected


# ----------------------------------------------------------------------------- start and end, with the spaces lost


def test_start_byline_with_glued_roles_and_ascii_brackets() -> None:
    assert match_start_byline("本报讯（记者黄敏通讯员孙强）大家要进一步提升") == (
        "本报讯（记者黄敏通讯员孙强）",
        "大家要进一步提升",
    )
    assert match_start_byline("本报讯(记者高峰)申红霞指出") == ("本报讯(记者高峰)", "申红霞指出")
    assert match_start_byline("ByMARGARETHOLLIS Superintendent Carla") == (
        "ByMARGARETHOLLIS",
        "Superintendent Carla",
    )


def test_end_byline_with_mixed_brackets() -> None:
    assert match_end_byline("主动服务大局。（陈静)") == ("主动服务大局。", "（陈静)")
    assert match_end_byline("主动服务大局。(陈静）") == ("主动服务大局。", "(陈静）")
    assert match_end_byline("为乡村振兴贡献力量。（李得胜朱亚旭）") == (
        "为乡村振兴贡献力量。",
        "（李得胜朱亚旭）",
    )
    # Still not after an ideograph.
    assert match_end_byline("深入河南(宝丰)") is None


def test_leading_credit_on_the_next_line() -> None:
    assert match_leading_credit("（记者 黄敏）大家要进一步") == ("（记者 黄敏）", "大家要进一步")
    assert match_leading_credit("(记者黄敏)大家要") == ("(记者黄敏)", "大家要")
    assert match_leading_credit("（宝丰）高分子表面处理") is None
    assert match_leading_credit("大家要进一步（记者 黄敏）") is None


def test_inner_start_byline() -> None:
    assert match_inner_start_byline("全县三百余家企业参与本报讯（记者周杰通讯员吴昊）县委副书记郭杰") == (
        "全县三百余家企业参与",
        "本报讯（记者周杰通讯员吴昊）",
        "县委副书记郭杰",
    )
    # At the very start it is an ordinary start byline; far inside, or without its bracket, nothing.
    assert match_inner_start_byline("本报讯（记者周杰）县委副书记") is None
    assert match_inner_start_byline("会议指出，" * 12 + "本报讯（记者周杰）县委") is None
    assert match_inner_start_byline("图为会场。本报讯 县委副书记") is None
    assert match_inner_start_byline("他说本报讯（下转第二版）") is None


@pytest.mark.parametrize(
    ("byline", "line", "expected"),
    [
        ("By JANE DOE and", "BRIAN MCALLISTER", "BRIAN MCALLISTER"),
        ("By MARGARET HOLLIS and", "LUCIA MORALES", "LUCIA MORALES"),
        ("By DAVID OKONKWO and", "NORAPATEL", "NORAPATEL"),
        ("By Jane Doe and", "John Roe", "John Roe"),
        ("By NORA PATEL,", "JOHN ROE and", "JOHN ROE and"),
        ("By SARAH LINDGREN", "and HENRY ABBOTT", "and HENRY ABBOTT"),
        ("By SARAHLINDGREN", "andHENRYABBOTT", "and HENRYABBOTT"),
        ("By GRACE", "NAKAMURA", "NAKAMURA"),
        # No continuation: a dateline, body text, a finished byline followed by a name-like line.
        ("By JANE DOE and", "ASHFORD, June 20 —", None),
        ("By JANE DOE and", "The council voted", None),
        ("By JANE DOE", "BRIAN MCALLISTER", None),
        ("By JANE DOE", "and the council voted", None),
        ("Associated Press", "and HENRY ABBOTT", None),
        # A name that starts with "AND" is no "and" run into a name.
        ("By SARAH LINDGREN", "ANDERSON SMITH", None),
        ("By SARAH LINDGREN", "AND HENRY ABBOTT", "and HENRY ABBOTT"),
        # The syndicate's line under the byline (The Park Record, 1935), not a sentence opening with ©.
        ("By EDWARD W. PICKARD", "©. Western Newspaper Union.", "©. Western Newspaper Union."),
        ("By EDWARD W. PICKARD", "(C) Associated Press", "(C) Associated Press"),
        (
            "By JANE DOE",
            "© the council said it would meet on Tuesday to discuss the new bridge plan again.",
            None,
        ),
        ("The council voted", "© Western Newspaper Union.", None),
    ],
)
def test_continue_byline(byline: str, line: str, expected: str | None) -> None:
    assert continue_byline(byline, line) == expected


@pytest.mark.parametrize(
    "text",
    [
        "For the Herald",
        "Herald Correspondent",
        "Sports Writer",
        "By JANE DOE and",
        "By MARGARET HOLLIS and",
        "ByJANE DOE",
    ],
)
def test_more_credit_lines(text: str) -> None:
    assert is_byline_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "For the first time",
        "for the Herald",
        "By the end of the year",
        "By JANE DOE and the council",
        "Correspondence",
    ],
)
def test_more_credit_lines_false_positives(text: str) -> None:
    assert not is_byline_line(text)
