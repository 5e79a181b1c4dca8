"""METS export: schema validity, files, physical and logical structure, MODS, continued articles, read-back.

The issue is ``test_export_fixtures.issue()``: the news page, a second page
where article a1 continues (as c1) next to a brief (d1), and the vertical page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from scan2text.document import Block, BlockRole, Document, Line
from scan2text.evaluation import read_document
from scan2text.export import write_outputs
from scan2text.export._structure import reading_order
from scan2text.export.mets import METS_NS, MODS_NS
from tests.test_export_fixtures import (
    assert_unique_ids,
    assert_valid,
    inline_byline_page,
    issue,
    news_page,
    read_back_issue,
)

NS = {"m": METS_NS, "mods": MODS_NS, "xlink": "http://www.w3.org/1999/xlink"}
HREF = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, etree._Element]:
    out = tmp_path_factory.mktemp("mets")
    scans = out / "scans"
    scans.mkdir()
    images = [str(scans / f"page{n}.png") for n in (1, 2, 3)]
    write_outputs(issue(), out, "issue", ["mets", "page"], image_paths=images)
    return out, assert_valid(out / "issue.mets.xml", "mets")


def _areas(div: etree._Element) -> list[tuple[str, str, str | None]]:
    return [(a.get("FILEID"), a.get("BEGIN"), a.get("END")) for a in div.iterfind(".//m:area", NS)]


def test_mets_is_valid_with_unique_ids(written: tuple[Path, etree._Element]) -> None:
    assert_unique_ids(written[1], "ID")


def test_file_groups_point_at_files_that_exist(written: tuple[Path, etree._Element]) -> None:
    out, root = written
    groups = {g.get("USE"): g for g in root.iterfind(".//m:fileGrp", NS)}
    assert list(groups) == ["IMAGE", "FULLTEXT", "PAGEXML"]
    hrefs = {use: [f.find("m:FLocat", NS).get(HREF) for f in g] for use, g in groups.items()}
    assert hrefs["IMAGE"] == ["scans/page1.png", "scans/page2.png", "scans/page3.png"]
    assert hrefs["FULLTEXT"] == [f"issue.alto/issue_p000{n}.xml" for n in (1, 2, 3)]
    assert hrefs["PAGEXML"] == [f"issue.page/issue_p000{n}.xml" for n in (1, 2, 3)]
    for href in hrefs["FULLTEXT"] + hrefs["PAGEXML"]:
        assert (out / unquote(href)).is_file(), href
    # The ALTO files name the scan relative to themselves.
    alto = etree.parse(str(out / "issue.alto/issue_p0002.xml"))
    assert alto.getroot().findtext(".//{*}fileName") == "../scans/page2.png"


def test_physical_structmap_has_a_page_per_page(written: tuple[Path, etree._Element]) -> None:
    phys = written[1].find("m:structMap[@TYPE='PHYSICAL']", NS)
    pages = phys.findall("m:div/m:div", NS)
    assert [(d.get("TYPE"), d.get("ORDER")) for d in pages] == [("page", "1"), ("page", "2"), ("page", "3")]
    assert [[f.get("FILEID") for f in d.findall("m:fptr", NS)] for d in pages][1] == [
        "IMG_0002",
        "ALTO_0002",
        "PAGE_0002",
    ]


def test_logical_structmap_has_articles_with_their_parts(written: tuple[Path, etree._Element]) -> None:
    issue_div = written[1].find("m:structMap[@TYPE='LOGICAL']/m:div", NS)
    assert (issue_div.get("TYPE"), issue_div.get("LABEL")) == ("ISSUE", "County Herald")
    articles = issue_div.findall("m:div[@TYPE='ARTICLE']", NS)
    # a1 and its continuation c1 are one article: four in all.
    assert [a.get("LABEL") for a in articles] == [
        "Bridge repairs to start in spring", "全县召开动员会", "Library hours", "春节文艺汇演",
    ]  # fmt: skip
    first = articles[0]
    assert [d.get("TYPE") for d in first] == ["HEADING", "AUTHOR", "BODY"]
    assert [(d.get("TYPE"), _areas(d)) for d in first.find("m:div[@TYPE='HEADING']", NS)] == [
        ("KICKER", [("ALTO_0001", "a1k", None)]),
        ("TITLE", [("ALTO_0001", "a1h", None)]),
    ]
    assert _areas(first.find("m:div[@TYPE='AUTHOR']", NS)) == [("ALTO_0001", "a1b", None)]
    paragraphs = first.findall("m:div[@TYPE='BODY']/m:div", NS)
    assert [(p.get("TYPE"), p.get("ORDER")) for p in paragraphs] == [
        ("PARAGRAPH", str(n)) for n in (1, 2, 3, 4)
    ]
    assert [_areas(p) for p in paragraphs] == [
        [("ALTO_0001", "a1c1l1", "a1c1l4")],  # part of block a1c1: a line range
        [("ALTO_0001", "a1c1l5", "a1c1l5"), ("ALTO_0001", "a1c2l1", "a1c2l1")],  # across the column break
        [("ALTO_0001", "a1c2l2", "a1c2l2")],
        [("ALTO_0002", "c1c", None)],  # the continuation on page 2: a whole block
    ]
    assert all(a.get("BETYPE") == "IDREF" for a in first.iterfind(".//m:area", NS))
    second = articles[1]
    illustration = second.find("m:div[@TYPE='ILLUSTRATION']", NS)
    assert [(d.get("TYPE"), _areas(d)) for d in illustration] == [
        ("IMAGE", [("ALTO_0001", "pic1", None)]),
        ("CAPTION", [("ALTO_0001", "b1cap", None)]),
    ]


def test_every_area_names_an_element_of_its_alto_file(written: tuple[Path, etree._Element]) -> None:
    out, root = written
    files = {
        f.get("ID"): out / unquote(f.find("m:FLocat", NS).get(HREF)) for f in root.iterfind(".//m:file", NS)
    }
    ids = {}
    for area in root.iterfind(".//m:area", NS):
        path = files[area.get("FILEID")]
        if path not in ids:
            ids[path] = {el.get("ID") for el in etree.parse(str(path)).iter() if el.get("ID")}
        for ref in (area.get("BEGIN"), area.get("END")):
            assert ref is None or ref in ids[path], (area.get("FILEID"), ref)


def test_mods_per_article(written: tuple[Path, etree._Element]) -> None:
    root = written[1]
    mods = root.find("m:dmdSec[@ID='DMD_ART_0001']//mods:mods", NS)
    assert mods.findtext("mods:titleInfo/mods:title", namespaces=NS) == "Bridge repairs to start in spring"
    assert mods.findtext("mods:name/mods:namePart", namespaces=NS) == "By Jane Doe"
    assert mods.findtext("mods:name/mods:role/mods:roleTerm", namespaces=NS) == "author"
    assert mods.findtext("mods:note[@type='kicker']", namespaces=NS) == "Council meeting"
    assert [i.text for i in mods.findall("mods:identifier", NS)] == ["a1", "c1"]
    assert mods.findtext("mods:language/mods:languageTerm", namespaces=NS) == "en"
    chinese = root.find("m:dmdSec[@ID='DMD_ART_0002']//mods:mods", NS)
    assert chinese.findtext("mods:name/mods:namePart", namespaces=NS) == "（郭莎莎 文/何乐 图）"
    # The page says English; the article itself is Chinese.
    assert chinese.findtext("mods:language/mods:languageTerm", namespaces=NS) == "zh"
    issue_mods = root.find("m:dmdSec[@ID='DMD_ISSUE']//mods:mods", NS)
    assert issue_mods.findtext("mods:originInfo/mods:dateIssued", namespaces=NS) == "2023-02-09"


def test_struct_links_tie_articles_to_their_pages(written: tuple[Path, etree._Element]) -> None:
    links = [
        (s.get(f"{{{NS['xlink']}}}from"), s.get(f"{{{NS['xlink']}}}to"))
        for s in written[1].iterfind(".//m:smLink", NS)
    ]
    assert ("LOG_0001", "PHYS_0001") in links and ("LOG_0001", "PHYS_0002") in links
    assert ("LOG_0004", "PHYS_0003") in links and ("LOG_0004", "PHYS_0001") not in links


def test_single_page_mets_implies_alto(tmp_path: Path) -> None:
    paths = write_outputs(Document("one.png", [news_page()]), tmp_path, "one", ["mets"])
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "one.json",
        "one.alto/one_p0001.xml",
        "one.mets.xml",
    ]
    root = assert_valid(tmp_path / "one.mets.xml", "mets")
    assert root.find(".//m:fileGrp[@USE='PAGEXML']", NS) is None
    assert len(root.findall(".//m:div[@TYPE='ARTICLE']", NS)) == 2


def test_read_back_equals_the_page_tree(written: tuple[Path, etree._Element]) -> None:
    out, _ = written
    original = issue()
    back = read_back_issue(out / "issue.mets.xml")
    assert len(back.pages) == 3
    for want, got in zip(original.pages, back.pages):
        assert [(a.id, a.kicker, a.headline, a.subheadline, a.byline, a.block_ids) for a in got.articles] == [
            (a.id, a.kicker, a.headline, a.subheadline, a.byline, a.block_ids) for a in want.articles
        ]
        assert [[(p.text, p.line_ids) for p in a.paragraphs] for a in got.articles] == [
            [(p.text, p.line_ids) for p in a.paragraphs] for a in want.articles
        ]
        assert [ln.text for ln in got.lines()] == [ln.text for b in reading_order(want) for ln in b.lines]
    assert back.metadata["continuations"] == [[[1, "a1"], [2, "c1"]]]
    assert (back.metadata["title"], back.metadata["date"]) == ("County Herald", "2023-02-09")


def test_read_back_takes_an_inline_byline_from_mods(tmp_path: Path) -> None:
    page = inline_byline_page()
    write_outputs(Document("b", [page]), tmp_path, "b", ["mets"])
    article = read_back_issue(tmp_path / "b.mets.xml").pages[0].articles[1]
    assert article.byline == "（郭莎莎 文/何乐 图）"
    assert [p.text for p in article.paragraphs] == [p.text for p in page.articles[1].paragraphs]


def test_read_back_without_split_files_a_continued_article_once(written: tuple[Path, etree._Element]) -> None:
    # Without split_continued (as ``scan2text eval`` reads ground truth) a1 and its
    # continuation c1 are one article, filed on page 1, with the paragraph from page 2.
    back = read_document(written[0] / "issue.mets.xml")
    first = back.pages[0].articles[0]
    assert first.headline == "Bridge repairs to start in spring"
    assert [p.text for p in first.paragraphs] == [p.text for p in news_page().articles[0].paragraphs] + [
        "The work ends in May."
    ]
    assert first.block_ids[-1] == "c1c"
    assert [a.headline for a in back.pages[1].articles] == ["Library hours"]
    assert "continuations" not in back.metadata


def test_read_back_takes_the_title_fields_from_mods(tmp_path: Path) -> None:
    # The article stage drops the dash that introduces a subheadline; the block keeps it
    # as printed. MODS holds the page tree's field, and the read-back takes it from there.
    page = news_page()
    page.blocks.insert(2, Block("a1s", [Line("a1s1", "— Work to take a year")], BlockRole.subheadline))
    page.articles[0].block_ids.insert(2, "a1s")
    page.articles[0].subheadline = "Work to take a year"
    write_outputs(Document("s", [page]), tmp_path, "s", ["mets"])
    article = read_back_issue(tmp_path / "s.mets.xml").pages[0].articles[0]
    assert (article.kicker, article.headline, article.subheadline, article.byline) == (
        "Council meeting", "Bridge repairs to start in spring", "Work to take a year", "By Jane Doe",
    )  # fmt: skip
    assert article.block_ids == ["a1k", "a1h", "a1s", "a1b", "a1c1", "a1c2"]


def test_document_without_pages_still_gives_valid_mets(tmp_path: Path) -> None:
    paths = write_outputs(Document("empty.pdf", []), tmp_path, "e", ["mets", "jsonl"])
    root = assert_valid(tmp_path / "e.mets.xml", "mets")
    assert root.find("m:fileSec", NS) is None
    assert (tmp_path / "e.articles.jsonl").read_text(encoding="utf-8") == ""
    assert tmp_path / "e.json" in paths


def test_multi_page_issue_also_gets_one_page_tree_per_page(tmp_path: Path) -> None:
    doc = issue()
    write_outputs(doc, tmp_path, "issue", ["json"])
    files = sorted((tmp_path / "issue.pages").iterdir())
    assert [f.name for f in files] == ["issue_p0001.json", "issue_p0002.json", "issue_p0003.json"]
    for n, (f, page) in enumerate(zip(files, doc.pages, strict=True), start=1):
        one = Document.load(f)
        assert len(one.pages) == 1 and one.metadata["page_no"] == n
        assert one.pages[0].to_dict() == page.to_dict()
    # A rerun with fewer pages leaves no stale page tree behind; a one-page file gets none.
    write_outputs(Document(doc.source, doc.pages[:2]), tmp_path, "issue", ["json"])
    assert sorted(f.name for f in (tmp_path / "issue.pages").iterdir()) == [
        "issue_p0001.json",
        "issue_p0002.json",
    ]
    write_outputs(Document(doc.source, doc.pages[:1]), tmp_path, "single", ["json"])
    assert not (tmp_path / "single.pages").exists()
