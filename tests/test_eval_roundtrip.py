"""The readers read what scan2text's own exporters write: ALTO, PAGE-XML and METS back to articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan2text.document import Article, BBox, Block, BlockRole, Document, Line, Page, Paragraph
from scan2text.evaluation import evaluate_documents, read_document


def _line(lid: str, text: str, y: float, x0: float = 50) -> Line:
    return Line(id=lid, text=text, polygon=BBox(x0, y, x0 + 400, y + 20).polygon(), text_size=20)


def _block(bid: str, role: BlockRole, lines: list[Line]) -> Block:
    return Block(id=bid, role=role, lines=lines, polygon=BBox.union_all([ln.bbox for ln in lines]).polygon())


def _document() -> Document:
    """Two articles; the second paragraph of the first runs from one block (column) into the next."""
    page = Page(id="p1", width=1000, height=800, dpi=300)
    a_kicker = _block("k1", BlockRole.kicker, [_line("k1l1", "WEATHER", 20)])
    a_head = _block("h1", BlockRole.headline, [_line("h1l1", "Storm closes the coast road", 50)])
    a_sub = _block("s1", BlockRole.subheadline, [_line("s1l1", "Repairs to take a week", 80)])
    a_by = _block("y1", BlockRole.byline, [_line("y1l1", "By Ann Lee", 110)])
    col1 = _block("c1", BlockRole.body, [
        _line("c1l1", "High winds brought down", 140), _line("c1l2", "trees on Monday.", 165),
        _line("c1l3", "Crews worked through the", 190),
    ])  # fmt: skip
    col2 = _block("c2", BlockRole.body, [_line("c2l1", "night to clear the road.", 140, 500)])
    b_head = _block("h2", BlockRole.headline, [_line("h2l1", "Library opens new wing", 400)])
    b_body = _block(
        "c3",
        BlockRole.body,
        [_line("c3l1", "The reading room seats", 430), _line("c3l2", "sixty children.", 455)],
    )
    folio = _block("f1", BlockRole.furniture, [_line("f1l1", "Page 3", 760)])
    folio.furniture_kind = "folio"
    page.blocks = [a_kicker, a_head, a_sub, a_by, col1, col2, b_head, b_body, folio]
    page.articles = [
        Article(
            id="a1", kicker="WEATHER", headline="Storm closes the coast road", subheadline="Repairs to take a week",
            byline="By Ann Lee",
            paragraphs=[
                Paragraph("High winds brought down trees on Monday.", ["c1l1", "c1l2"]),
                Paragraph("Crews worked through the night to clear the road.", ["c1l3", "c2l1"]),
            ],
            block_ids=["k1", "h1", "s1", "y1", "c1", "c2"],
        ),
        Article(
            id="a2", headline="Library opens new wing",
            paragraphs=[Paragraph("The reading room seats sixty children.", ["c3l1", "c3l2"])],
            block_ids=["h2", "c3"],
        ),
    ]  # fmt: skip
    return Document(source="mem", pages=[page])


@pytest.mark.parametrize(
    "relpath", ["t.alto/t_p0001.xml", "t.page/t_p0001.xml", "t.mets.xml"], ids=["alto", "page", "mets"]
)
def test_exports_read_back_as_the_same_articles(tmp_path: Path, relpath: str) -> None:
    try:
        from scan2text.export import write_outputs
    except ImportError as e:  # the exporters are another module of this project
        pytest.fail(f"scan2text.export.write_outputs is not importable: {e}")
    gt = _document()
    write_outputs(gt, tmp_path, "t", formats=("alto", "page", "mets"))
    back = read_document(tmp_path / relpath)
    (page,) = back.pages
    assert [a.headline for a in page.articles] == ["Storm closes the coast road", "Library opens new wing"]
    a1 = page.articles[0]
    assert (a1.kicker, a1.subheadline, a1.byline) == ("WEATHER", "Repairs to take a week", "By Ann Lee")
    # The paragraph that crosses from block c1 into c2 comes back whole, and the two
    # paragraphs sharing block c1 come back apart (ALTO: line references in the reading
    # order; PAGE: paragraph-start marks on lines; METS: areas naming line ranges).
    assert [p.text for p in a1.paragraphs] == [p.text for p in gt.pages[0].articles[0].paragraphs]
    s = evaluate_documents(back, gt)
    assert s.cer.errors == 0
    assert s.articles.recovered == 2
    for field in ("kicker", "headline", "subheadline", "byline"):
        assert s.articles.fields[field].f1 == 1.0, field
    assert s.articles.paragraph_boundaries.f1 == 1.0
