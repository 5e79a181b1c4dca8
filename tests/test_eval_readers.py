"""Ground-truth readers against the real files in ../shared and small hand-written ones."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from scan2text.document import BlockRole, Document
from scan2text.errors import GroundTruthError
from scan2text.evaluation import page_texts, read_document, select_pages
from scan2text.evaluation.align import distance

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "corpus" / "real"
SEED = SHARED / "seed"


def need(path: Path) -> Path:
    """The shared file, or a clear failure (never a skip) when ../shared is missing."""
    if not path.exists():
        pytest.fail(f"shared test material missing: {path} (expected ../shared beside the repository)")
    return path


@pytest.fixture(scope="module")
def chronicle() -> Document:
    return read_document(need(REAL / "cambridge_chronicle_1973" / "Chronicle_19730104_METS.xml"))


def _articles(doc: Document) -> list:
    return [a for p in doc.pages for a in p.articles]


# --- METS/ALTO: Cambridge Chronicle -------------------------------------------------------


def test_chronicle_pages_present_are_read_and_absent_ones_skipped(chronicle: Document) -> None:
    # The METS lists 14 pages; only the ALTO of pages 1 and 3 is in the corpus.
    assert [p.id for p in chronicle.pages] == ["P1", "P3"]
    assert [p.page_index for p in chronicle.pages] == [0, 2]
    # ALTO v2 in mm10: WIDTH 3716 and HEIGHT 4754 at 300 dpi are 3716*300/254 = 4389 and
    # 4754*300/254 = 5615 px, the size of the JPEG 2000 scan (SOURCES.md).
    assert (chronicle.pages[0].width, chronicle.pages[0].height) == (4389, 5615)
    assert chronicle.pages[0].source.endswith("Chronicle_19730104_0001.jp2")


def test_chronicle_page_one_has_eight_articles(chronicle: Document) -> None:
    # SOURCES.md: page 1 has 8 articles (one of them a photo with caption only).
    assert len(chronicle.pages[0].articles) == 8
    headlines = [a.headline for a in chronicle.pages[0].articles]
    # The METS MODS title of article 1, keyed independently of our ALTO reading.
    assert "Council reverses itself; will pay Liacos’ fee for Largey investigation" in headlines
    assert "School Board decides: nix on teacher exam" in headlines


def test_chronicle_continued_articles_are_one_article_each(chronicle: Document) -> None:
    # "Hovenanian answers..." and "School Board decides..." run from p.1 onto p.3.
    for title in ("Hovenanian answers", "School Board decides"):
        found = [a for a in _articles(chronicle) if (a.headline or "").startswith(title)]
        assert len(found) == 1, title
        a = found[0]
        assert a in chronicle.pages[0].articles
        assert any(b.startswith("P1_") for b in a.block_ids) and any(b.startswith("P3_") for b in a.block_ids)
    # Page 3 holds 10 articles in SOURCES.md, 2 of them these continuations: 8 filed there.
    assert len(chronicle.pages[1].articles) == 8


def test_chronicle_paragraphs_follow_order(chronicle: Document) -> None:
    # METS DIVL33: HEADING P1_TB00013, PARAGRAPH ORDER 1..4 = P1_TB00014, P1_TB00015,
    # P3_TB00001, P3_TB00002, then the caption P1_TB00016.
    a = next(a for a in _articles(chronicle) if a.id == "DIVL33")
    assert a.block_ids == ["P1_TB00013", "P1_TB00014", "P1_TB00015", "P3_TB00001", "P3_TB00002", "P1_TB00016"]
    assert len(a.paragraphs) == 4
    # The byline of "Holiday Inn pact signed by Manager" (METS AUTHOR).
    holiday = next(a for a in _articles(chronicle) if (a.headline or "").startswith("Holiday Inn"))
    assert holiday.byline == "BY ANNE RAVER"


def test_continued_paragraphs_count_on_their_own_page(chronicle: Document) -> None:
    texts = page_texts(chronicle)
    a = next(a for a in _articles(chronicle) if a.id == "DIVL33")
    # Paragraph 3 is printed on page 3: it belongs to page 3's text, not page 1's.
    assert a.paragraphs[2].text in texts[1]
    assert a.paragraphs[2].text not in texts[0]
    p1 = select_pages(chronicle, lambda p: p.id == "P1")
    assert len(next(x for x in _articles(p1) if x.id == "DIVL33").paragraphs) == 2
    p3 = select_pages(chronicle, lambda p: p.id == "P3")
    cont = next(x for x in _articles(p3) if x.id == "DIVL33-cont")
    assert [p.text for p in cont.paragraphs] == [p.text for p in a.paragraphs[2:]]


def test_chronicle_split_continued_keeps_a_part_per_page(chronicle: Document) -> None:
    # As the pipeline's page tree holds it: DIVL33 on page 1, its continuation filed on page 3.
    split = read_document(
        REAL / "cambridge_chronicle_1973" / "Chronicle_19730104_METS.xml", split_continued=True
    )
    assert [len(p.articles) for p in split.pages] == [8, 10]
    whole = next(a for a in _articles(chronicle) if a.id == "DIVL33")
    first = next(a for a in split.pages[0].articles if a.id == "DIVL33")
    cont = next(a for a in split.pages[1].articles if a.id == "DIVL33-cont")
    assert first.headline == whole.headline and cont.headline is None
    assert first.block_ids == ["P1_TB00013", "P1_TB00014", "P1_TB00015", "P1_TB00016"]
    assert cont.block_ids == ["P3_TB00001", "P3_TB00002"]
    assert [p.text for p in first.paragraphs + cont.paragraphs] == [p.text for p in whole.paragraphs]
    assert [[1, "DIVL33"], [2, "DIVL33-cont"]] in split.metadata["continuations"]
    # The MODS record: title and date.
    assert (split.metadata["title"], split.metadata["date"]) == ("Cambridge Chronicle", "04.01.1973")


# --- METS/ALTO: Der Erzähler ---------------------------------------------------------------


def test_der_erzaehler_article_ausland() -> None:
    doc = read_document(need(REAL / "der_erzaehler_1840" / "18400221_01-METS.xml"))
    assert [p.id for p in doc.pages] == ["P1"]
    with_text = [a for a in doc.pages[0].articles if a.text]
    assert len(with_text) == 1
    a = with_text[0]
    # The heading is OCR of "Ausland" ("U u s l and"): one character off once spaces go.
    assert distance((a.headline or "").replace(" ", "").lower(), "ausland") <= 1
    # SOURCES.md: 6 blocks (heading + 5 paragraphs in ORDER) across both columns.
    assert a.block_ids == [f"P1_Ar00101{k:02d}" for k in range(6)]
    assert len(a.paragraphs) == 5
    xs = [pt[0] for poly in a.region for pt in poly]
    assert min(xs) < 1000 < 1300 < max(xs)  # left column starts at x~31, right at x~1200


# --- PAGE-XML ------------------------------------------------------------------------------


def test_gbn_page_regions() -> None:
    doc = read_document(need(REAL / "gbn_german_brazilian" / "DerPionier_18881027-p03.xml"))
    page = doc.pages[0]
    # SOURCES.md: 7100 x 10590 px, 90 text regions, 11 separators, no text, no reading order.
    assert (page.width, page.height) == (7100, 10590)
    assert len(page.blocks) == 90
    assert len(page.separators) == 11
    assert page.articles == [] and page.text == ""
    kolonie = read_document(need(REAL / "gbn_german_brazilian" / "Kolonie18700604-p01.xml")).pages[0]
    assert len(kolonie.blocks) == 20
    assert sum(b.role is BlockRole.caption for b in kolonie.blocks) == 1


PAGE_2013 = """<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15">
 <Page imageFilename="x.png" imageWidth="1000" imageHeight="800">
  <ReadingOrder><OrderedGroup id="ro">
   <OrderedGroupIndexed id="art1" index="1" type="article">
    <RegionRefIndexed index="2" regionRef="p1"/>
    <RegionRefIndexed index="0" regionRef="h1"/>
    <RegionRefIndexed index="1" regionRef="h2"/>
    <RegionRefIndexed index="3" regionRef="c1"/>
   </OrderedGroupIndexed>
   <RegionRefIndexed index="0" regionRef="f1"/>
  </OrderedGroup></ReadingOrder>
  <TextRegion id="p1" type="paragraph"><Coords points="0,100 500,100 500,300 0,300"/>
   <TextLine id="l1"><Coords points="0,100 500,100 500,130 0,130"/><TextEquiv><Unicode>Body line one is inter-</Unicode></TextEquiv></TextLine>
   <TextLine id="l2"><Coords points="0,140 500,140 500,170 0,170"/><TextEquiv index="1"><Unicode>wrong</Unicode></TextEquiv><TextEquiv index="0"><Unicode>esting.</Unicode></TextEquiv></TextLine>
  </TextRegion>
  <TextRegion id="h1" type="heading"><Coords points="0,0 500,0 500,50 0,50"/><TextEquiv><Unicode>Big news</Unicode></TextEquiv></TextRegion>
  <TextRegion id="h2" type="heading"><Coords points="0,50 500,50 500,90 0,90"/><TextEquiv><Unicode>and more</Unicode></TextEquiv></TextRegion>
  <TextRegion id="c1" type="credit"><Coords points="0,300 500,300 500,330 0,330"/><TextEquiv><Unicode>By Ann</Unicode></TextEquiv></TextRegion>
  <TextRegion id="f1" type="page-number"><Coords points="900,700 990,700 990,790 900,790"/><TextEquiv><Unicode>7</Unicode></TextEquiv></TextRegion>
 </Page>
</PcGts>"""


def test_page_xml_reading_order_articles_and_roles(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text(PAGE_2013, encoding="utf-8")
    page = read_document(path).pages[0]
    # Reading order: the article group (index 1) comes after f1 (index 0); inside it h1, h2, p1, c1.
    assert [b.id for b in page.blocks] == ["f1", "h1", "h2", "p1", "c1"]
    assert page.blocks[0].role is BlockRole.furniture and page.blocks[0].furniture_kind == "page-number"
    (a,) = page.articles
    assert (a.headline, a.subheadline, a.byline) == ("Big news", "and more", "By Ann")
    # The TextEquiv with the lowest index wins; the hyphen at the line end joins the word.
    assert [p.text for p in a.paragraphs] == ["Body line one is interesting."]
    assert a.paragraphs[0].line_ids == ["l1", "l2"]


# --- ALTO ----------------------------------------------------------------------------------


def test_park_record_inch1200_units() -> None:
    page = read_document(need(REAL / "park_record_1935" / "1289.xml")).pages[0]
    # inch1200 at the default 300 dpi (the JPEG 2000 states none): px = value / 4.
    # Page WIDTH 18200, HEIGHT 28872 -> 4550 x 7218 (the image is 4552 x 7218, SOURCES.md).
    assert (page.width, page.height) == (4550, 7218)
    # First block TB.0656a.1: HPOS 1320, VPOS 964, WIDTH 824 -> x0 330, y0 241, x1 536.
    b = page.blocks[0]
    assert b.id == "TB.0656a.1"
    assert b.polygon[0] == (330.0, 241.0) and b.polygon[2][0] == 536.0
    assert b.lines[0].text == "Page Two"
    # SOURCES.md: 38 TextBlocks, 810 TextLines.
    assert len(page.blocks) == 38 and sum(len(b.lines) for b in page.blocks) == 810


ALTO_V4 = """<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">
 <Description><MeasurementUnit>mm10</MeasurementUnit></Description>
 <Tags><StructureTag ID="T1" LABEL="headline"/><StructureTag ID="T2" LABEL="byline"/>
  <StructureTag ID="ART" LABEL="article"/></Tags>
 <ReadingOrder><OrderedGroup ID="g0"><OrderedGroup ID="g1" TAGREFS="ART">
  <ElementRef ID="e1" REF="B1"/><ElementRef ID="e2" REF="B3"/><ElementRef ID="e3" REF="B2"/>
 </OrderedGroup></OrderedGroup></ReadingOrder>
 <Layout><Page ID="PG" WIDTH="2540" HEIGHT="1270"><PrintSpace>
  <TextBlock ID="B1" HPOS="254" VPOS="254" WIDTH="508" HEIGHT="127" TAGREFS="T1">
   <TextLine ID="B1L1" HPOS="254" VPOS="254" WIDTH="508" HEIGHT="127"><String CONTENT="Storm"/><SP/><String CONTENT="warning"/></TextLine></TextBlock>
  <TextBlock ID="B2" HPOS="254" VPOS="508" WIDTH="508" HEIGHT="127" TAGREFS="T2">
   <TextLine ID="B2L1"><String CONTENT="By" HPOS="254" VPOS="508" WIDTH="50" HEIGHT="40"/><SP/><String CONTENT="Ann"/></TextLine></TextBlock>
  <TextBlock ID="B3" HPOS="254" VPOS="381" WIDTH="508" HEIGHT="127">
   <TextLine ID="B3L1"><String CONTENT="Winds"/><SP/><String CONTENT="reach" SUBS_TYPE="HypPart1" SUBS_CONTENT="reaching"/><HYP CONTENT="-"/></TextLine>
   <TextLine ID="B3L2"><String CONTENT="ing" SUBS_TYPE="HypPart2" SUBS_CONTENT="reaching"/><SP/><String CONTENT="gales."/></TextLine></TextBlock>
  <GraphicalElement ID="G1" HPOS="1000" VPOS="254" WIDTH="8" HEIGHT="900"/>
  <GraphicalElement ID="G2" HPOS="1200" VPOS="254" WIDTH="500" HEIGHT="400"/>
 </PrintSpace></Page></Layout>
</alto>"""


def test_alto_v4_units_tags_and_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text(ALTO_V4, encoding="utf-8")
    page = read_document(path).pages[0]
    # mm10 at 300 dpi: 2540 -> 3000 px, 254 -> 300 px.
    assert (page.width, page.height) == (3000, 1500)
    assert page.blocks[0].polygon[0] == pytest.approx((300.0, 300.0))
    assert [b.id for b in page.blocks] == ["B1", "B3", "B2"]
    (a,) = page.articles
    assert (a.headline, a.byline) == ("Storm warning", "By Ann")
    # HYP kept at the line end in the line text, removed when the paragraph is joined.
    assert page.blocks[1].lines[0].text == "Winds reach-"
    assert [p.text for p in a.paragraphs] == ["Winds reaching gales."]
    # A long thin GraphicalElement is a rule (a separator); a box is not.
    assert [(s.id, s.kind) for s in page.separators] == [("G1", "vertical")]
    # An explicit dpi overrides the default: 254 mm10 at 200 dpi = 200 px.
    assert read_document(path, dpi=200).pages[0].blocks[0].polygon[0] == pytest.approx((200.0, 200.0))


def _mets(alto_hrefs: list[str], paragraphs_xml: str) -> str:
    files = "".join(
        f'<file ID="ALTO{k}"><FLocat LOCTYPE="URL" xlink:href="file://./{h}"/></file>'
        for k, h in enumerate(alto_hrefs)
    )
    pages = "".join(
        f'<div TYPE="PAGE" ORDER="{k + 1}"><fptr><area FILEID="ALTO{k}" BEGIN="P"/></fptr></div>'
        for k in range(len(alto_hrefs))
    )
    return f"""<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink">
 <fileSec><fileGrp USE="Text">{files}</fileGrp></fileSec>
 <structMap TYPE="PHYSICAL"><div TYPE="Newspaper">{pages}</div></structMap>
 <structMap TYPE="LOGICAL"><div TYPE="ARTICLE" ID="A1">
  <div TYPE="HEADING"><div TYPE="TITLE"><fptr><area FILEID="ALTO0" BEGIN="T"/></fptr></div></div>
  <div TYPE="BODY"><div TYPE="BODY_CONTENT">{paragraphs_xml}</div></div>
 </div></structMap></mets>"""


def _alto(blocks: dict[str, str]) -> str:
    body = "".join(
        f'<TextBlock ID="{bid}"><TextLine ID="{bid}L"><String CONTENT="{text}"/></TextLine></TextBlock>'
        for bid, text in blocks.items()
    )
    return (
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Description><MeasurementUnit>pixel'
        f'</MeasurementUnit></Description><Layout><Page ID="P" WIDTH="100" HEIGHT="100"><PrintSpace>{body}'
        "</PrintSpace></Page></Layout></alto>"
    )


def test_mets_sorts_paragraphs_by_order_and_skips_absent_pages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "p1.xml").write_text(_alto({"T": "Title", "B1": "first", "B2": "second"}), encoding="utf-8")
    # ORDER 2 is written before ORDER 1: reading order must follow ORDER, not the file.
    paras = (
        '<div TYPE="PARAGRAPH" ORDER="2"><div TYPE="TEXT"><fptr><area FILEID="ALTO0" BEGIN="B2"/></fptr></div></div>'
        '<div TYPE="PARAGRAPH" ORDER="1"><div TYPE="TEXT"><fptr><area FILEID="ALTO0" BEGIN="B1"/></fptr></div></div>'
        '<div TYPE="PARAGRAPH" ORDER="3"><div TYPE="TEXT"><fptr><area FILEID="ALTO1" BEGIN="B9"/></fptr></div></div>'
    )
    mets = tmp_path / "issue.xml"
    mets.write_text(_mets(["p1.xml", "missing.xml"], paras), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        doc = read_document(mets)
    assert len(doc.pages) == 1
    assert "missing.xml" in caplog.text
    (a,) = doc.pages[0].articles
    assert a.headline == "Title"
    assert [p.text for p in a.paragraphs] == ["first", "second"]


# --- article JSON and plain text -------------------------------------------------------------


def test_seed_gt_json() -> None:
    doc = read_document(need(SEED / "seed-articles.gt.json"))
    (page,) = doc.pages
    raw = json.loads((SEED / "seed-articles.gt.json").read_text(encoding="utf-8"))
    assert len(page.articles) == 6
    assert [a.headline for a in page.articles] == [a["headline"] for a in raw["articles"]]
    assert page.articles[1].headline is None  # set as a picture on the page (seed README)
    assert [len(a.paragraphs) for a in page.articles] == [len(a["paragraphs"]) for a in raw["articles"]]
    assert page.articles[0].kicker == raw["articles"][0]["kicker"]
    footer = [b for b in page.blocks if b.role is BlockRole.furniture]
    assert [b.text for b in footer] == ["编辑 张跃红 校对 王晓光"]


def test_seed_text_file_is_one_page_of_blocks_and_no_articles() -> None:
    path = need(SEED / "000_965c319af9a4be08.txt")
    (page,) = read_document(path).pages
    raw = path.read_text(encoding="utf-8")
    fragments = [f for f in re.split(r"\n\s*\n", raw) if f.strip()]
    assert len(page.blocks) == len(fragments)
    assert page.articles == []
    assert page.text.replace("\n", "") == "".join(raw.split("\n")).rstrip()


def test_render_gt_json(tmp_path: Path) -> None:
    gt = {
        "schema": "scan2text/render-gt/1",
        "image": "p.png",
        "lang": "en",
        "dpi": 300,
        "width": 1000,
        "height": 800,
        "transform": {"rotation": 0, "skew": 1.5, "original_width": 1000, "original_height": 800,
                      "matrix": [[1, 0, 5], [0, 1, 7]]},  # fmt: skip
        "articles": [
            {
                "id": "a1", "kicker": None, "headline": "Storm hits coast", "subheadline": None, "byline": "By Ann",
                "paragraphs": ["Winds reached gales.", "Roads closed."],
                "region": [[[10, 10], [500, 10], [500, 400], [10, 400]]],
                "lines": [
                    {"id": "a1_l1", "text": "Storm hits coast", "bbox": [10, 10, 400, 60], "role": "headline", "paragraph": None},
                    {"id": "a1_l2", "text": "Winds reached", "bbox": [10, 70, 300, 90], "role": "body", "paragraph": 0},
                    {"id": "a1_l3", "text": "gales.", "bbox": [10, 95, 100, 115], "role": "body", "paragraph": 0},
                    {"id": "a1_l4", "text": "Roads closed.", "bbox": [10, 120, 300, 140], "role": "body", "paragraph": 1},
                    {"id": "a1_l5", "text": "By Ann", "bbox": [10, 150, 100, 170], "role": "byline", "paragraph": None},
                ],
            }
        ],
        "furniture": [{"kind": "folio", "text": "Page 3", "bbox": [900, 760, 990, 790]}],
        "pictures": [{"bbox": [600, 10, 900, 300], "caption": "A wave", "caption_bbox": [600, 310, 900, 330],
                      "caption_lines": [{"text": "A wave", "bbox": [600, 310, 900, 330]}], "article": "a1"}],
        "separators": [{"kind": "vertical", "bbox": [550, 0, 552, 800]}],
    }  # fmt: skip
    path = tmp_path / "p.gt.json"
    path.write_text(json.dumps(gt), encoding="utf-8")
    doc = read_document(path)
    (page,) = doc.pages
    assert page.id == "p" and page.source == str(tmp_path / "p.png")
    assert page.transform.to_original(0, 0) == (5.0, 7.0)
    (a,) = page.articles
    assert (a.headline, a.byline, [p.text for p in a.paragraphs]) == (gt["articles"][0]["headline"], "By Ann",
                                                                      gt["articles"][0]["paragraphs"])  # fmt: skip
    assert [p.line_ids for p in a.paragraphs] == [["a1_l2", "a1_l3"], ["a1_l4"]]
    # Lines of one role and paragraph make a block: headline, body 0, body 1, byline.
    assert [page.block(b).role for b in a.block_ids] == [
        BlockRole.headline, BlockRole.body, BlockRole.body, BlockRole.byline
    ]  # fmt: skip
    assert {b.role for b in page.blocks} >= {BlockRole.caption, BlockRole.furniture}
    assert len(page.pictures) == 1 and len(page.separators) == 1
    assert "A wave" in page_texts(doc)[0] and "Page 3" in page_texts(doc)[0]


def test_page_tree_json_round_trip(tmp_path: Path) -> None:
    doc = read_document(need(SEED / "seed-articles.gt.json"))
    path = tmp_path / "tree.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    again = read_document(path)
    assert again.to_dict() == doc.to_dict()


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", b'{"schema": "other/1"}', "unknown JSON format"),
        ("b.json", b'{"articles": [', "not valid JSON"),
        ("c.xml", b"<html><body/></html>", "unknown XML format"),
        ("d.xml", b"<alto><Layout>", "not well-formed"),
        ("e.bin", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "neither JSON, XML nor UTF-8"),
        ("f.json", b'{"schema": "scan2text/page-tree/1", "pages": [{"id": "x"}]}', "malformed"),
    ],
)
def test_unreadable_ground_truth_names_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(GroundTruthError, match=message) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_ground_truth_error(tmp_path: Path) -> None:
    with pytest.raises(GroundTruthError, match="no such file"):
        read_document(tmp_path / "nope.json")


def test_mets_fills_title_fields_from_mods(tmp_path: Path) -> None:
    (tmp_path / "p1.xml").write_text(
        _alto({"T": "Title", "B1": "Winds reached gales. ANN LEE"}), encoding="utf-8"
    )
    paras = '<div TYPE="PARAGRAPH" ORDER="1"><fptr><area FILEID="ALTO0" BEGIN="B1"/></fptr></div>'
    mods = (
        '<dmdSec ID="MA1"><mdWrap MDTYPE="MODS"><xmlData><mods:mods xmlns:mods="http://www.loc.gov/mods/v3">'
        "<mods:titleInfo><mods:title>Storm</mods:title><mods:subTitle>Gales ahead</mods:subTitle></mods:titleInfo>"
        '<mods:name><mods:namePart type="given">ANN</mods:namePart><mods:namePart type="family">LEE</mods:namePart>'
        "</mods:name></mods:mods></xmlData></mdWrap></dmdSec>"
    )
    mets = tmp_path / "issue.xml"
    text = _mets(["p1.xml"], paras).replace("<fileSec>", mods + "<fileSec>")
    mets.write_text(
        text.replace('TYPE="ARTICLE" ID="A1"', 'TYPE="ARTICLE" ID="A1" DMDID="MA1"'), encoding="utf-8"
    )
    (a,) = read_document(mets).pages[0].articles
    # The TITLE div names the headline; MODS only fills in what no div names: the
    # subheadline, and the byline, which is cut out of the body line it is printed on.
    assert (a.headline, a.subheadline, a.byline) == ("Title", "Gales ahead", "ANN LEE")
    assert [p.text for p in a.paragraphs] == ["Winds reached gales."]


def test_mets_line_ranges_and_unresolved_areas(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "p1.xml").write_text(_alto({"T": "Title", "B1": "run-", "B2": "ning text"}), encoding="utf-8")
    # One paragraph named by a line range across two blocks, and an area naming no block.
    paras = (
        '<div TYPE="PARAGRAPH" ORDER="1"><fptr><area FILEID="ALTO0" BEGIN="B1L" END="B2L"/></fptr></div>'
        '<div TYPE="PARAGRAPH" ORDER="2"><fptr><area FILEID="ALTO0" BEGIN="NOPE"/></fptr></div>'
    )
    mets = tmp_path / "issue.xml"
    mets.write_text(_mets(["p1.xml"], paras), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        (a,) = read_document(mets).pages[0].articles
    assert [p.text for p in a.paragraphs] == ["running text"]
    assert a.block_ids == ["T", "B1", "B2"]
    assert "NOPE" in caplog.text


def test_mets_pointing_at_a_non_alto_file_names_it(tmp_path: Path) -> None:
    (tmp_path / "p1.xml").write_text(PAGE_2013, encoding="utf-8")
    mets = tmp_path / "issue.xml"
    mets.write_text(_mets(["p1.xml"], ""), encoding="utf-8")
    with pytest.raises(GroundTruthError, match="not an ALTO file") as info:
        read_document(mets)
    assert "p1.xml" in str(info.value)
