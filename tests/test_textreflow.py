"""Tests for scan2text.textreflow: column-fragment text dumps back into whole articles.

The seed page is checked against the hand-keyed ground truth in
``/work/shared/seed/seed-articles.gt.json``; two more dumps written here (one
Chinese, one English, with different names and wording) show that the rules
are not fitted to the seed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scan2text.document import BlockRole, Document, Page
from scan2text.errors import BadArgsError, InputImageError
from scan2text.textreflow import assign_title_roles, furniture_kind, reflow_command, reflow_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_DIR = SHARED / "seed"
SEED_TEXT = SEED_DIR / "000_965c319af9a4be08.txt"
SEED_GT = SEED_DIR / "seed-articles.gt.json"


def _shared(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"shared test material missing: {path} (expected /work/shared beside the repository)")
    return path


@pytest.fixture(scope="module")
def seed_page() -> Page:
    return reflow_text(_shared(SEED_TEXT).read_text(encoding="utf-8"), source=SEED_TEXT.name)


@pytest.fixture(scope="module")
def seed_gt() -> dict:
    return json.loads(_shared(SEED_GT).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- the seed page


def test_seed_articles_equal_ground_truth(seed_page: Page, seed_gt: dict) -> None:
    got = [
        {
            "kicker": a.kicker,
            "headline": a.headline,
            "subheadline": a.subheadline,
            "byline": a.byline,
            "paragraphs": [p.text for p in a.paragraphs],
        }
        for a in seed_page.articles
    ]
    want = [
        {k: a[k] for k in ("kicker", "headline", "subheadline", "byline", "paragraphs")}
        for a in seed_gt["articles"]
    ]
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want), 1):
        assert g == w, f"article {k} differs"


def test_seed_footer_is_furniture(seed_page: Page, seed_gt: dict) -> None:
    furniture = [(b.furniture_kind, b.text.strip()) for b in seed_page.furniture]
    assert furniture == [(f["kind"], f["text"]) for f in seed_gt["furniture"]]
    assert seed_page.lang == "zh"


def test_seed_every_character_lands_once(seed_page: Page) -> None:
    # Every non-space character of the dump is in exactly one article field or furniture block.
    raw = Counter(c for c in SEED_TEXT.read_text(encoding="utf-8") if not c.isspace())
    parts = [b.text for b in seed_page.furniture]
    for a in seed_page.articles:
        parts += [x for x in (a.kicker, a.headline, a.subheadline, a.byline) if x]
        parts += [p.text for p in a.paragraphs]
    assert Counter(c for c in "".join(parts) if not c.isspace()) == raw


def test_seed_line_ids_point_at_source_lines(seed_page: Page) -> None:
    a1, a2 = seed_page.articles[0], seed_page.articles[1]
    # The first paragraph is printed on the odd lines 1..11 of the dump.
    assert a1.paragraphs[0].line_ids == ["l1", "l3", "l5", "l7", "l9", "l11"]
    # Page-tree lines hold the text without the dump's indent space.
    first_body = seed_page.block(a1.block_ids[2])
    assert (first_body.lines[0].id, first_body.lines[0].text) == ("l1", "2月7日下午，县委书记王代强")
    # Line 130 holds the end of a2's body and its credit: split in two.
    assert a2.paragraphs[-1].line_ids[-1] == "l130"
    byline_blocks = [seed_page.block(b) for b in a2.block_ids if seed_page.block(b).role is BlockRole.byline]
    assert [(ln.id, ln.text) for b in byline_blocks for ln in b.lines] == [
        ("l130.2", "（郭莎莎 文/何乐 图）")
    ]
    # a1 reads kicker, headline, body, byline.
    assert [seed_page.block(b).role for b in a1.block_ids] == [
        BlockRole.kicker,
        BlockRole.headline,
        BlockRole.body,
        BlockRole.byline,
    ]
    # Every block id is unique and every article block exists.
    ids = [b.id for b in seed_page.blocks]
    assert len(ids) == len(set(ids))
    assert all(b in ids for a in seed_page.articles for b in a.block_ids)


# ----------------------------------------------------------------------------- another Chinese dump

ZH_DUMP = """\
 3月1日上午，市政府召开春季植树

动员大会，全面部署今年的城乡绿

化工作。副市长赵刚出席并讲话。

会议要求，各部门明确分工，

加快推进重点区域绿化建设，确保

按时完成全年目标任务。（孙丽 摄）

市政府召开春季植树动员大会时要求

全面推进城乡绿化建设

为进一步改善城乡人居环境和生

态质量，提升群众的获得感和幸福

感，市林业局日前在北山公园组织

开展义务植树活动，共栽植各类苗

木三千余株。

活动现场，干部群众挥锹铲土、

扶苗培土，忙得热火朝天。

本报记者 周红

义务植树添新绿
"""


def test_second_chinese_dump() -> None:
    page = reflow_text(ZH_DUMP)
    a1, a2 = page.articles
    assert (a1.kicker, a1.headline, a1.subheadline, a1.byline) == (
        "市政府召开春季植树动员大会时要求",
        "全面推进城乡绿化建设",
        None,
        "（孙丽 摄）",
    )
    assert [p.text for p in a1.paragraphs] == [
        "3月1日上午，市政府召开春季植树动员大会，全面部署今年的城乡绿化工作。副市长赵刚出席并讲话。",
        "会议要求，各部门明确分工，加快推进重点区域绿化建设，确保按时完成全年目标任务。",
    ]
    # The body's first line has no punctuation and sits right after a title line
    # that fits the column: it still belongs to the body.
    assert (a2.kicker, a2.headline, a2.subheadline, a2.byline) == (
        None,
        "义务植树添新绿",
        None,
        "本报记者 周红",
    )
    assert [p.text for p in a2.paragraphs] == [
        "为进一步改善城乡人居环境和生态质量，提升群众的获得感和幸福感，市林业局日前在北山公园组织开展义务植树活动，共栽植各类苗木三千余株。",
        "活动现场，干部群众挥锹铲土、扶苗培土，忙得热火朝天。",
    ]


# ----------------------------------------------------------------------------- an English dump

EN_DUMP = """\
By JANE DOE

  The city council voted 7-2 on Tuesday
to approve a new footbridge over the
Mill River, ending a debate that had run
for more than three years.

  Supporters said the crossing at Elm
Street, a well-
known shortcut for children walking to

school, was unsafe. Opponents questioned
the cost, estimated at $4.2 million.
Mayor Ruth Alden called the vote "a long-
awaited step" and said construc-
tion would begin in the spring.

Council backs footbridge
after three-year debate

Construction to begin in spring

By JOHN ROE
Staff Writer

  SPRINGFIELD, March 3 — Farmers in the
valley are bracing for a dry summer
after the lowest spring rainfall in two
decades, the county's agricultural infor-
mation office said on Monday.
Reservoirs stood at 41 percent of their
capacity, well below the average.
  Officials urged residents to limit
watering to two days a week.

DROUGHT WATCH

Farmers brace for driest summer in decades
"""


def test_english_dump() -> None:
    page = reflow_text(EN_DUMP)
    assert page.lang == "en"
    a1, a2 = page.articles
    assert (a1.kicker, a1.headline, a1.subheadline, a1.byline) == (
        None,
        "Council backs footbridge after three-year debate",
        "Construction to begin in spring",
        "By JANE DOE",
    )
    assert [p.text for p in a1.paragraphs] == [
        "The city council voted 7-2 on Tuesday to approve a new footbridge over the Mill River, "
        "ending a debate that had run for more than three years.",
        # Runs on across the fragment break; "well-known" and "long-awaited" keep
        # their hyphens, "construc-tion" loses it.
        "Supporters said the crossing at Elm Street, a well-known shortcut for children walking to "
        "school, was unsafe. Opponents questioned the cost, estimated at $4.2 million. Mayor Ruth Alden "
        'called the vote "a long-awaited step" and said construction would begin in the spring.',
    ]
    assert (a2.kicker, a2.headline, a2.subheadline, a2.byline) == (
        "DROUGHT WATCH",
        "Farmers brace for driest summer in decades",
        None,
        "By JOHN ROE Staff Writer",
    )
    assert [p.text for p in a2.paragraphs] == [
        # The dateline stays in the body.
        "SPRINGFIELD, March 3 — Farmers in the valley are bracing for a dry summer after the lowest "
        "spring rainfall in two decades, the county's agricultural information office said on Monday.",
        "Reservoirs stood at 41 percent of their capacity, well below the average.",
        "Officials urged residents to limit watering to two days a week.",
    ]
    # The start credits come before the body in reading order.
    roles = [page.block(b).role for b in a2.block_ids]
    assert roles == [BlockRole.kicker, BlockRole.headline, BlockRole.byline, BlockRole.byline, BlockRole.body]


# ----------------------------------------------------------------------------- harder title cases

ZH_EXCLAIM_DUMP = """\
 3月4日，县图书馆举办春季读书

分享会，吸引了百余名读者参加。（王强）
（李明 摄）

春风送暖书香浓！

 3月5日，县妇联组织志愿者走进

社区，开展“学雷锋”志愿服务活

动，为居民提供义诊和理发服务。

（钱芳）

学雷锋志愿服务暖人心
"""


def test_headline_with_exclamation_and_second_credit_line() -> None:
    page = reflow_text(ZH_EXCLAIM_DUMP)
    a1, a2 = page.articles
    # The photo credit on the next line closes the same article; the headline
    # ends with "！" but is no body text.
    assert (a1.headline, a1.byline) == ("春风送暖书香浓！", "（王强） （李明 摄）")
    assert [p.text for p in a1.paragraphs] == ["3月4日，县图书馆举办春季读书分享会，吸引了百余名读者参加。"]
    assert (a2.headline, a2.byline) == ("学雷锋志愿服务暖人心", "（钱芳）")
    assert [p.text for p in a2.paragraphs] == [
        "3月5日，县妇联组织志愿者走进社区，开展“学雷锋”志愿服务活动，为居民提供义诊和理发服务。"
    ]


EN_QUESTION_DUMP = """\
By ANNA LEE

  The library will stay open until 9 p.m.
on weekdays from April, the board said.

Longer library hours?

By TOM HART

  Residents can now borrow e-books with
their library card, the board added.

Library adds e-books
"""


def test_byline_less_article_end_and_question_headline() -> None:
    page = reflow_text(EN_QUESTION_DUMP)
    a1, a2 = page.articles
    # No credit ends the first article: its title is the title-like line after
    # its last sentence, found when the next article's "By" line opens.
    assert (a1.headline, a1.byline) == ("Longer library hours?", "By ANNA LEE")
    assert [p.text for p in a1.paragraphs] == [
        "The library will stay open until 9 p.m. on weekdays from April, the board said."
    ]
    assert (a2.headline, a2.byline) == ("Library adds e-books", "By TOM HART")
    assert [p.text for p in a2.paragraphs] == [
        "Residents can now borrow e-books with their library card, the board added."
    ]


def test_byline_less_end_keeps_a_short_last_body_line() -> None:
    # "新气象！" is title-like, but the line before it does not end a sentence.
    page = reflow_text(" 会议要求，推动各项工作抓出新成效、干出\n\n新气象！\n")
    (a1,) = page.articles
    assert a1.headline is None
    assert [p.text for p in a1.paragraphs] == ["会议要求，推动各项工作抓出新成效、干出新气象！"]


# ----------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("parts", "cjk", "expected"),
    [
        (["全力以赴为企业排忧解难"], True, (None, "全力以赴为企业排忧解难", None)),
        (
            ["王代强在调研工业项目建设工作时强调", "全力以赴"],
            True,
            ("王代强在调研工业项目建设工作时强调", "全力以赴", None),
        ),
        (
            ["凝心聚力谋思路 真抓实干开新局", "县委组织部召开工作谋划会"],
            True,
            (None, "凝心聚力谋思路 真抓实干开新局", "县委组织部召开工作谋划会"),
        ),
        (["引题：", "主题"], True, ("引题：", "主题", None)),
        (["会上指出", "——记某某"], True, (None, "会上指出", "——记某某")),
        (["甲", "乙", "丙"], True, ("甲", "乙", "丙")),
        (
            ["DROUGHT WATCH", "Farmers brace for a dry summer"],
            False,
            ("DROUGHT WATCH", "Farmers brace for a dry summer", None),
        ),
        # An all-capitals headline of more than three words is no label.
        (
            ["COUNCIL APPROVES NEW FOOTBRIDGE", "Vote ends debate"],
            False,
            (None, "COUNCIL APPROVES NEW FOOTBRIDGE", "Vote ends debate"),
        ),
        (["Update:", "Bridge opens"], False, ("Update:", "Bridge opens", None)),
        (["Farmers brace", "Dry summer ahead"], False, (None, "Farmers brace", "Dry summer ahead")),
        ([], True, (None, None, None)),
    ],
)
def test_assign_title_roles(parts: list[str], cjk: bool, expected: tuple) -> None:
    assert assign_title_roles(parts, cjk) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("编辑 张跃红 校对 王晓光", "footer"),
        ("责任编辑：李明 美编：王芳", "footer"),
        ("第3版", "page-number"),
        ("Page 12", "page-number"),
        ("编辑部召开会议，部署工作。", None),
        ("（刘畅）", None),
    ],
)
def test_furniture_kind(text: str, kind: str | None) -> None:
    assert furniture_kind(text) == kind


def test_empty_and_furniture_only_dumps() -> None:
    assert reflow_text("").articles == []
    page = reflow_text("\n编辑 张跃红 校对 王晓光\n")
    assert page.articles == []
    assert [b.role for b in page.blocks] == [BlockRole.furniture]


def test_bad_lang_is_refused() -> None:
    with pytest.raises(BadArgsError):
        reflow_text("text", lang="fr")


# ----------------------------------------------------------------------------- the command


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(reflow_command)
    return app


def test_reflow_command_prints_and_writes_json(tmp_path: Path) -> None:
    src = tmp_path / "dump.txt"
    src.write_text(ZH_DUMP, encoding="utf-8")
    out = tmp_path / "page.json"
    result = CliRunner().invoke(_app(), [str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "[kicker] 市政府召开春季植树动员大会时要求" in result.output
    assert "[byline] 本报记者 周红" in result.output
    doc = Document.load(out)
    assert [a.headline for a in doc.pages[0].articles] == ["全面推进城乡绿化建设", "义务植树添新绿"]


def test_reflow_command_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputImageError, match="no such file"):
        reflow_command(tmp_path / "missing.txt", None, "auto")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(InputImageError, match="not UTF-8"):
        reflow_command(bad, None, "auto")
    with pytest.raises(BadArgsError):
        reflow_command(bad, None, "de")
