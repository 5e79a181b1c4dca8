"""Tests for scan2text.bylines: credit forms found, and body text that must not be taken for one."""

from __future__ import annotations

import pytest

from scan2text.bylines import (
    byline_names,
    is_byline_line,
    is_photo_credit,
    match_end_byline,
    match_start_byline,
    parse_credit,
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
