"""iArchives 2002 export reader: the Topaz Times page in ../shared and small hand-written files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from scan2text.document import BlockRole, Document
from scan2text.errors import GroundTruthError
from scan2text.evaluation import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TOPAZ = SHARED / "corpus" / "real" / "topaz_times_1944"
PAGE_STEM = "ttt_19441101-19450131_0059"
NS = "http://www.iarchives.com/schema/2002/export"


def need(path: Path) -> Path:
    """The shared file, or a clear failure (never a skip) when ../shared is missing."""
    if not path.exists():
        pytest.fail(f"shared test material missing: {path} (expected ../shared beside the repository)")
    return path


@pytest.fixture(scope="module")
def topaz() -> Document:
    return read_document(need(TOPAZ / "unit.xml"))


# --- the real Topaz Times page ------------------------------------------------------------


def test_unit_gives_the_present_page_and_its_seven_articles(topaz: Document) -> None:
    # unit.xml lists 4 pages and 29 articles; only page 1 and articles 0-7 are in the corpus.
    assert len(topaz.pages) == 1
    page = topaz.pages[0]
    assert page.id == PAGE_STEM
    assert (page.width, page.height) == (1162, 1941)  # the TIFF's size
    assert Path(page.source).name == f"{PAGE_STEM}.tif"
    # Article 0 is the masthead strip: furniture, not an article.
    assert [a.id for a in page.articles] == ["1", "2", "3", "4", "5", "6", "7"]
    masthead = [b for b in page.blocks if b.role is BlockRole.furniture]
    assert [b.furniture_kind for b in masthead] == ["masthead"]
    assert "december" in masthead[0].text and "1944" in masthead[0].text
    assert topaz.metadata["format"] == "iarchives"
    assert topaz.metadata["date"] == "13-DEC-1944"


def test_keyed_headlines(topaz: Document) -> None:
    # Checked against the XML's header-item "headline" and the printed page (hand-lettered capitals).
    heads = {a.id: a.headline for a in topaz.pages[0].articles}
    assert heads["4"] == "33 Issued Permits to Re-Enter Pacific Coast"
    assert heads["3"] == "Sharecrop Offers"
    assert heads["1"] == "Translators and Writers Wanted"  # <text> has a trailing space; stripped


def test_clipping_rectangles_are_the_regions(topaz: Document) -> None:
    regions = {a.id: a.region for a in topaz.pages[0].articles}
    assert regions["1"] == [[(745, 1475), (1161, 1475), (1161, 1940), (745, 1940)]]
    assert regions["6"] == [[(0, 259), (406, 259), (406, 1217), (0, 1217)]]
    # Coarse and overlapping, as SOURCES.md says: article 5 lies inside article 4's rectangle.
    assert regions["4"] == [[(405, 259), (1161, 259), (1161, 1476), (405, 1476)]]


def test_words_in_page_pixels_and_zones_as_paragraphs(topaz: Document) -> None:
    page = topaz.pages[0]
    arts = {a.id: a for a in page.articles}
    # Article 4 has two zones (headline strip, then the column): two paragraphs, two blocks.
    assert len(arts["4"].paragraphs) == 2
    assert arts["4"].block_ids == ["4.z1", "4.z2"]
    assert arts["4"].paragraphs[1].text.startswith("the western defense")
    # Article 1: "translators" is at l=9 t=6 r=188 b=32 inside the clipping at (745, 1475);
    # the page file has it at 754,1481,933,1507.
    body = arts["1"].paragraphs[0].text
    assert "nisei and issei translators" in body
    # "VIAN", "TED" (a second segmentation of "WANTED") and "ND" (of "AND") are dropped.
    assert "AND WRITERS WANTED both" in body
    assert "VIAN" not in body and " ND " not in body
    word = next(w for ln in page.block("1.z1").lines for w in ln.words if w.text == "translators")
    assert word.polygon[0] == (754, 1481) and word.polygon[2] == (933, 1507)
    assert arts["1"].paragraphs[0].line_ids[0] == "1.z1.l1"


def test_page_file_and_article_file_entries(topaz: Document) -> None:
    by_page = read_document(need(TOPAZ / "pages" / f"{PAGE_STEM}.xml"))
    assert [(a.id, a.headline) for a in by_page.pages[0].articles] == [
        (a.id, a.headline) for a in topaz.pages[0].articles
    ]
    one = read_document(need(TOPAZ / "articles" / "2.xml"))
    assert [p.id for p in one.pages] == [PAGE_STEM]
    assert [(a.id, a.headline) for a in one.pages[0].articles] == [
        ("2", "Evacuation Tragic Casualty Baldwin")
    ]
    masthead = read_document(need(TOPAZ / "articles" / "0.xml"))
    assert masthead.pages[0].articles == []
    assert [b.role for b in masthead.pages[0].blocks] == [BlockRole.furniture]


# --- hand-written files ------------------------------------------------------------------


def _article(
    clip: str = 'l="100" t="200" r="300" b="400"', zone_body: str | None = None, extra: str = ""
) -> str:
    if zone_body is None:
        zone_body = (
            '<n i="a"><r l="10" t="5" r="60" b="25" /><o p="0">HELLO</o></n>'
            '<n i="b"><r l="12" t="6" r="40" b="24" /><o p="5">HEL</o></n>'  # inside "HELLO": dropped
            '<n i="c"><r l="70" t="5" r="120" b="25" /><o p="8">WORLD</o><o p="13">W0RLD</o></n>'
            '<n i="d"><r l="10" t="40" r="50" b="60" /><o p="14">next</o></n>'
        )
    return (
        f'<?xml version="1.0"?><article xmlns="{NS}" unit-href="../unit.xml" classification="article">'
        f'<header-item name="headline">A Keyed Head</header-item>{extra}'
        f'<article-page href="../pages/p1.xml"><article-clipping image-file="x.pdf" {clip}>'
        '<article-element type="headline"><text>A Keyed Head </text></article-element>'
        f'<article-element type="article"><zone l="0" t="0" r="200" b="200"><nodes>{zone_body}</nodes>'
        "</zone></article-element></article-clipping></article-page></article>"
    )


def _issue(tmp_path: Path, articles: dict[str, str], pages: tuple[str, ...] = ("p1",)) -> Path:
    (tmp_path / "pages").mkdir()
    (tmp_path / "articles").mkdir()
    for name, xml in articles.items():
        (tmp_path / "articles" / f"{name}.xml").write_text(xml, encoding="utf-8")
    refs = "".join(f'<article-ref href="../articles/{n}.xml" />' for n in articles)
    for p in pages:
        (tmp_path / "pages" / f"{p}.xml").write_text(
            f'<page xmlns="{NS}" unit-href="../unit.xml" image-file="p.pdf"><articles>{refs}</articles></page>',
            encoding="utf-8",
        )
    unit = tmp_path / "unit.xml"
    page_refs = "".join(f'<page-ref href="pages/{p}.xml" />' for p in ("p1", "p2"))
    art_refs = "".join(f'<article-ref href="articles/{n}.xml" />' for n in articles)
    unit.write_text(
        f'<unit xmlns="{NS}" collection-title="T"><pages>{page_refs}</pages><articles>{art_refs}'
        '<article-ref href="articles/missing.xml" /></articles></unit>',
        encoding="utf-8",
    )
    return unit


def test_small_issue_offsets_dedup_and_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    masthead = _article(clip='l="0" t="0" r="400" b="100"').replace(
        'classification="article"', 'classification="masthead"'
    )
    unit = _issue(tmp_path, {"0": masthead, "1": _article()})
    with caplog.at_level(logging.WARNING):
        doc = read_document(unit)
    assert "p2.xml" in caplog.text and "missing.xml" in caplog.text  # absent files are named, not fatal
    (page,) = doc.pages
    assert (page.id, page.width, page.height) == ("p1", 0, 0)  # no image beside the page file
    (art,) = page.articles
    assert (art.id, art.headline) == ("1", "A Keyed Head")
    assert art.region == [[(100, 200), (300, 200), (300, 400), (100, 400)]]
    block = page.block(art.block_ids[0])
    assert [ln.text for ln in block.lines] == ["HELLO WORLD", "next"]  # first reading; "HEL" dropped
    assert block.lines[0].polygon == [(110, 205), (220, 205), (220, 225), (110, 225)]  # moved by the clipping
    assert art.paragraphs[0].text == "HELLO WORLD next"
    assert [b.role for b in page.blocks] == [BlockRole.furniture, BlockRole.body]


def test_headline_falls_back_to_the_elements_text(tmp_path: Path) -> None:
    xml = _article().replace('<header-item name="headline">A Keyed Head</header-item>', "")
    path = tmp_path / "articles" / "1.xml"
    _issue(tmp_path, {"1": xml})
    assert read_document(path).pages[0].articles[0].headline == "A Keyed Head"


@pytest.mark.parametrize(
    ("article", "message"),
    [
        (_article(clip='l="100" t="200" b="400"'), "lacks its r attribute"),
        (_article(clip='l="100" t="2x" r="300" b="400"'), "t='2x' is not a number"),
        (_article(clip='l="300" t="200" r="100" b="400"'), "inverted box"),
        (_article(zone_body='<n i="a"><r l="1" t="1" r="2" b="2" /></n>'), "no <o> reading"),
        (
            f'<article xmlns="{NS}" unit-href="../unit.xml"><header-item name="x"/></article>',
            "no article-page",
        ),
        (f'<page xmlns="{NS}" unit-href="../unit.xml" image-file="p.pdf"/>', "not an iArchives article file"),
        ("<article><oops></article>", "not well-formed"),
    ],
)
def test_broken_article_files_name_the_file(tmp_path: Path, article: str, message: str) -> None:
    unit = _issue(tmp_path, {"1": article})
    with pytest.raises(GroundTruthError, match=message) as info:
        read_document(unit)
    assert str(tmp_path / "articles" / "1.xml") in str(info.value)


def test_unit_without_any_page_file(tmp_path: Path) -> None:
    unit = tmp_path / "unit.xml"
    unit.write_text(
        f'<unit xmlns="{NS}" collection-title="T"><pages><page-ref href="pages/a.xml"/></pages></unit>'
    )
    with pytest.raises(GroundTruthError, match="none of its page files exists") as info:
        read_document(unit)
    assert str(unit) in str(info.value)
    unit.write_text(f'<unit xmlns="{NS}" collection-title="T"><pages/></unit>')
    with pytest.raises(GroundTruthError, match="lists no pages"):
        read_document(unit)


def test_page_root_of_another_schema_is_not_taken_for_iarchives(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<page><nodes/></page>")
    with pytest.raises(GroundTruthError, match="unknown XML format"):
        read_document(path)
