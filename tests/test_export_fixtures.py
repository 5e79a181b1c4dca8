"""Hand-built pages and schema helpers for the export tests (imported by the other test_export_* files).

The exports are read back with :func:`scan2text.evaluation.read_document`, the
readers ``scan2text eval`` uses for other producers' ALTO, PAGE-XML and METS.

The news page (1000 x 1400 px) has, in reading order:

* furniture ``f1`` (header) at the top, ``f2`` (page number) at the bottom;
* article ``a1`` (English): kicker ``a1k``, two-line headline ``a1h``, byline
  ``a1b``, and two body columns ``a1c1``/``a1c2``. Paragraph 1 has the soft
  hyphen ``exam-``/``ple``; paragraph 2 starts in column 1 with ``well-``,
  continues in column 2 with ``known`` (a real hyphen, and the paragraph that
  crosses columns); paragraph 3 is the rest of column 2;
* a vertical rule ``s1`` between the articles;
* article ``a2`` (Chinese): headline ``b1h``, one body block ``b1c`` holding two
  paragraphs, byline ``b1b`` after the body, a picture ``pic1`` with its caption
  block ``b1cap``.

The vertical page (800 x 1000 px) is a Chinese page set in columns read
top to bottom, right to left: a vertical headline and a body block of two
columns.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scan2text.document import (
    Article,
    BBox,
    Block,
    BlockRole,
    Document,
    Line,
    Page,
    Paragraph,
    Picture,
    Separator,
    Word,
)
from scan2text.evaluation import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCHEMAS = SHARED / "schemas"
XLINK_REMOTE = "http://www.loc.gov/standards/xlink/xlink.xsd"
SCHEMA_FILES = {"alto": "alto-4-4.xsd", "page": "page-2019-07-15.xsd", "mets": "mets.xsd"}


def box(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """The polygon of an upright box."""
    return BBox(x0, y0, x1, y1).polygon()


def line(line_id: str, text: str, x0: float, y0: float, x1: float, y1: float, **kw: Any) -> Line:
    """A horizontal line with a box polygon and a text size of its height."""
    return Line(id=line_id, text=text, polygon=box(x0, y0, x1, y1), text_size=y1 - y0, **kw)


def news_page() -> Page:
    """The news page described in the module docstring."""
    words = [
        Word("The", box(50, 260, 90, 290), 0.99),
        Word("council", box(95, 260, 170, 290), 0.97),
        Word("voted", box(175, 260, 230, 290), 0.96),
        Word("on", box(235, 260, 260, 290), 0.95),
    ]
    blocks = [
        Block("f1", [line("f1l1", "THE COUNTY HERALD", 50, 20, 950, 60)], BlockRole.furniture,
              box(50, 20, 950, 60), furniture_kind="header"),
        Block("a1k", [line("a1k1", "Council meeting", 50, 80, 600, 110,
                           char_confidences=[1.0] * 8 + [0.95, 0.9, 0.85, 0.5, 0.05, 0.0, 0.3])],
              BlockRole.kicker, box(50, 80, 600, 110)),
        Block("a1h", [line("a1h1", "Bridge repairs to", 50, 115, 600, 165),
                      line("a1h2", "start in spring", 50, 165, 600, 215)], BlockRole.headline, box(50, 115, 600, 215)),
        Block("a1b", [line("a1b1", "By Jane Doe", 50, 220, 300, 245)], BlockRole.byline, box(50, 220, 300, 245)),
        Block("a1c1", [
            line("a1c1l1", "The council voted on", 50, 260, 290, 290, words=words, confidence=0.97),
            line("a1c1l2", "Monday to fund the", 50, 295, 290, 325),
            line("a1c1l3", "bridge work, for exam-", 50, 330, 290, 360),
            line("a1c1l4", "ple the new deck.", 50, 365, 290, 395),
            line("a1c1l5", "Work will be well-", 50, 400, 290, 430),
        ], BlockRole.body, box(50, 260, 290, 430), column=0),
        Block("a1c2", [
            line("a1c2l1", "known to drivers.", 310, 260, 550, 290),
            line("a1c2l2", "Tolls stay the same.", 310, 295, 550, 325),
        ], BlockRole.body, box(310, 260, 550, 325), column=1),
        Block("b1h", [line("b1h1", "全县召开动员会", 620, 80, 950, 130,
                           char_confidences=[1.0, 0.95, 0.9, 0.85, 0.5, 0.05, 0.0])],
              BlockRole.headline, box(620, 80, 950, 130)),
        Block("b1c", [
            line("b1c1", "2月8日上午，全县创建", 620, 140, 950, 170),
            line("b1c2", "文明城市动员会召开。", 620, 175, 950, 205),
            line("b1c3", "县委书记出席会议", 620, 210, 950, 240),
            line("b1c4", "并讲话。", 620, 245, 800, 275),
        ], BlockRole.body, box(620, 140, 950, 280), column=2),
        Block("b1b", [line("b1b1", "（郭莎莎 文/何乐 图）", 620, 285, 950, 310)], BlockRole.byline,
              box(620, 285, 950, 310)),
        Block("b1cap", [line("b1cap1", "动员会现场", 620, 565, 950, 595)], BlockRole.caption, box(620, 565, 950, 595)),
        Block("f2", [line("f2l1", "3", 450, 1350, 550, 1380)], BlockRole.furniture, box(450, 1350, 550, 1380),
              furniture_kind="page-number"),
    ]  # fmt: skip
    a1 = Article(
        id="a1",
        kicker="Council meeting",
        headline="Bridge repairs to start in spring",
        byline="By Jane Doe",
        paragraphs=[
            Paragraph("The council voted on Monday to fund the bridge work, for example the new deck.",
                      ["a1c1l1", "a1c1l2", "a1c1l3", "a1c1l4"]),
            Paragraph("Work will be well-known to drivers.", ["a1c1l5", "a1c2l1"]),
            Paragraph("Tolls stay the same.", ["a1c2l2"]),
        ],
        block_ids=["a1k", "a1h", "a1b", "a1c1", "a1c2"],
        confidence=0.9,
    )  # fmt: skip
    a2 = Article(
        id="a2",
        headline="全县召开动员会",
        byline="（郭莎莎 文/何乐 图）",
        paragraphs=[
            Paragraph("2月8日上午，全县创建文明城市动员会召开。", ["b1c1", "b1c2"]),
            Paragraph("县委书记出席会议并讲话。", ["b1c3", "b1c4"]),
        ],
        block_ids=["b1h", "b1c", "b1b", "b1cap"],
        confidence=0.8,
    )
    return Page(
        id="p1",
        width=1000,
        height=1400,
        source="scans/news-p1.png",
        lang="en",
        blocks=blocks,
        separators=[Separator("s1", "vertical", box(600, 80, 604, 700))],
        pictures=[Picture("pic1", box(620, 320, 950, 560), caption_block_id="b1cap")],
        articles=[a1, a2],
        processing={
            "scan2text_version": "0.1.0",
            "models": {
                "detection": {
                    "name": "ppocrv5-mobile-det",
                    "version": "PP-OCRv5_mobile_det",
                    "sha256": "4d97c44a20d3",
                },
                "recognition": "ppocrv5-mobile-rec",
            },
            "deskew": {"angle": 0.0},
        },
    )


def vertical_page() -> Page:
    """The vertical Chinese page described in the module docstring."""

    def vline(line_id: str, text: str, x0: float, x1: float, y1: float) -> Line:
        return Line(id=line_id, text=text, polygon=box(x0, 100, x1, y1), text_size=x1 - x0, direction="ttb")

    blocks = [
        Block("v1", [vline("v1l1", "春节文艺汇演", 700, 760, 500)], BlockRole.headline, box(700, 100, 760, 500)),
        Block("v2", [vline("v2l1", "正月初五县城广场", 600, 640, 900), vline("v2l2", "举行文艺汇演。", 550, 590, 800)],
              BlockRole.body, box(550, 100, 640, 900)),
    ]  # fmt: skip
    article = Article(
        id="v",
        headline="春节文艺汇演",
        paragraphs=[Paragraph("正月初五县城广场举行文艺汇演。", ["v2l1", "v2l2"])],
        block_ids=["v1", "v2"],
    )
    return Page(id="pv", width=800, height=1000, source="scans/vertical.png", lang="zh", vertical=True,
                blocks=blocks, articles=[article])  # fmt: skip


def continuation_page() -> Page:
    """Page 2 of the issue: the end of article a1 (as its own per-page article ``c1``) and a brief."""
    blocks = [
        Block("c1c", [line("c1c1", "The work ends in May.", 50, 100, 290, 130)], BlockRole.body, box(50, 100, 290, 130)),
        Block("d1h", [line("d1h1", "Library hours", 310, 100, 550, 140)], BlockRole.headline, box(310, 100, 550, 140)),
        Block("d1c", [line("d1c1", "Open on Sundays.", 310, 150, 550, 180)], BlockRole.body, box(310, 150, 550, 180)),
    ]  # fmt: skip
    return Page(
        id="p2",
        width=600,
        height=800,
        source="scans/news-p2.png",
        page_index=1,
        lang="en",
        blocks=blocks,
        articles=[
            Article(id="c1", paragraphs=[Paragraph("The work ends in May.", ["c1c1"])], block_ids=["c1c"]),
            Article(id="d1", headline="Library hours", paragraphs=[Paragraph("Open on Sundays.", ["d1c1"])],
                    block_ids=["d1h", "d1c"]),
        ],
    )  # fmt: skip


def issue() -> Document:
    """News page, its continuation page and the vertical page; a1 continues as c1 on page 2."""
    return Document(
        source="scans/issue-2023-02-09",
        pages=[news_page(), continuation_page(), vertical_page()],
        metadata={
            "title": "County Herald",
            "date": "2023-02-09",
            "continuations": [[["p1", "a1"], ["p2", "c1"]]],
        },
    )


class _XlinkResolver(etree.Resolver):
    """Maps ALTO's remote XLink import to the copy in shared/schemas (tests run offline)."""

    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        if url == XLINK_REMOTE or url.endswith("/xlink.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xlink.xsd"), context)
        return None


@functools.cache
def schema(kind: str) -> etree.XMLSchema:
    """The official XML schema for ``alto``, ``page`` or ``mets``; fails the test when its file is missing."""
    path = SCHEMAS / SCHEMA_FILES[kind]
    for needed in (path, SCHEMAS / "xlink.xsd"):
        if not needed.is_file():
            pytest.fail(
                f"schema file {needed} is missing: the export tests need ../shared/schemas beside the repo"
            )
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_XlinkResolver())
    return etree.XMLSchema(etree.parse(str(path), parser))


def assert_valid(path: Path, kind: str) -> etree._Element:
    """Validate ``path`` against the official ``kind`` schema; returns the parsed root."""
    doc = etree.parse(str(path))
    xsd = schema(kind)
    if not xsd.validate(doc):
        pytest.fail(f"{path} is not valid {kind}:\n" + "\n".join(str(e) for e in xsd.error_log))
    return doc.getroot()


def read_back(path: Path) -> Page:
    """The one page of an exported ALTO or PAGE-XML file, read by the evaluation's readers."""
    (page,) = read_document(path).pages
    return page


def read_back_issue(path: Path) -> Document:
    """An exported METS issue read by the evaluation's readers, continued articles kept in per-page parts."""
    return read_document(path, split_continued=True)


def assert_unique_ids(root: etree._Element, attribute: str) -> None:
    """No two elements share a value of ``attribute`` (``ID`` in ALTO/METS, ``id`` in PAGE)."""
    counts = Counter(el.get(attribute) for el in root.iter() if isinstance(el.tag, str) and el.get(attribute))
    duplicates = sorted(k for k, n in counts.items() if n > 1)
    assert not duplicates, f"duplicate {attribute}s: {duplicates}"


def test_schemas_are_present_and_load() -> None:
    # Loading resolves ALTO's XLink import offline; a broken resolver fails here first.
    for kind in SCHEMA_FILES:
        assert isinstance(schema(kind), etree.XMLSchema)


def test_fixture_pages_are_consistent() -> None:
    # Every line a paragraph names exists, so the export tests test the exporters, not a typo here.
    for page in issue().pages:
        line_ids = {ln.id for ln in page.lines()}
        block_ids = {b.id for b in page.blocks}
        for article in page.articles:
            assert set(article.block_ids) <= block_ids
            for paragraph in article.paragraphs:
                assert set(paragraph.line_ids) <= line_ids


def inline_byline_page() -> Page:
    """The news page with a2's byline printed at the end of its last body line, as Chinese papers set it.

    The article stage cuts such a byline out of the paragraph text, while the
    line itself stays in the paragraph.
    """
    page = news_page()
    page.blocks = [b for b in page.blocks if b.id != "b1b"]
    body = next(b for b in page.blocks if b.id == "b1c")
    body.lines[-1].text = "并讲话。（郭莎莎 文/何乐 图）"
    page.articles[1].block_ids.remove("b1b")
    return page
