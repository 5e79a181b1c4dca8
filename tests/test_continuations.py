"""Stories continued on another page: jump lines read into articles, parts linked across pages.

The two pages are drawn with real type by ``test_layout_kit.PageBuilder``:
page 1 holds two stories, each closed by "(Continued on page 2)"; page 2
holds their continuations in the other order, each under a jump head and
"(Continued from page 1)". Which part continues which is set by the test
(the jump heads repeat the stories' key words), not read from the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from scan2text.continuations import link_continuations
from scan2text.document import Article, BBox, Document, Page
from scan2text.export.text import write_jsonl
from scan2text.layout import analyse_layout
from scan2text.layout.roles import jump_of
from tests.test_layout_kit import PageBuilder, latin_text

BODY = 22


def test_jump_lines_name_direction_and_page() -> None:
    assert jump_of("(Continued from page 1)") == ("from", "1")
    assert jump_of("Continued on Page 3") == ("on", "3")
    assert jump_of("Cont. on p. 12") == ("on", "12")
    assert jump_of("(Continued on page a-3)") == ("on", "A-3")
    assert jump_of("（下转第三版）") == ("on", "3")
    assert jump_of("（转第十二版）") == ("on", "12")
    assert jump_of("（上接第1版）") == ("from", "1")
    assert jump_of("（接第二十版）") == ("from", "20")
    assert jump_of("The council continued on Monday.") is None
    # Read as printed, in ASCII digits; what is no number is no jump.
    assert jump_of("Continued on page 03") == ("on", "3")
    assert jump_of("（下转第３版）") == ("on", "3")
    assert jump_of("（下转第二三版）") is None
    assert jump_of("（转第十十版）") is None


def test_a_jump_line_between_two_stacked_stories_goes_with_its_side() -> None:
    """A jump line at the foot of a story's column touches the story under it as much: "on" goes
    with the story above, "from" (under a title) with the story below."""
    from scan2text.document import Block, Line
    from scan2text.layout.analyse import attach_jumps

    def article(aid: str, y0: float, y1: float) -> Article:
        return Article(id=aid, region=[[(0.0, y0), (500.0, y0), (500.0, y1), (0.0, y1)]])

    def jump(text: str, y0: float, y1: float) -> Block:
        poly = [(100.0, y0), (400.0, y0), (400.0, y1), (100.0, y1)]
        return Block(id=text[:6], lines=[Line(id=text[:6], text=text, polygon=poly)], polygon=poly)

    upper, lower = article("upper", 0, 500), article("lower", 500, 1000)
    attach_jumps([lower, upper], [jump("(Continued on page 3)", 490, 510)], BODY)
    assert (upper.continued_on, lower.continued_on) == ("3", None)
    upper, lower = article("upper", 0, 500), article("lower", 500, 1000)
    attach_jumps([upper, lower], [jump("(Continued from page 1)", 490, 510)], BODY)
    assert (upper.continued_from, lower.continued_from) == (None, "1")


def _story(pb: PageBuilder, x: float, headline: str, texts: list[str], jump: str, jump_first: bool) -> None:
    pb.text(x, 40, headline, 40, bold=True, latin=True)
    y = 110.0
    if jump_first:
        pb.text(x, y, jump, BODY, latin=True)
        y += 1.6 * BODY
    pb.flow_latin([(x, 560)], y, 1100, texts, BODY)
    if not jump_first:
        last = BBox.of_points(pb.lines[-1].polygon)
        pb.text(x + 200, last.y1 + 0.6 * BODY, jump, BODY, latin=True)


def _page(page_id: str, stories: list[tuple[str, list[str], str, bool]]) -> Page:
    pb = PageBuilder(1400, 1200)
    for k, (headline, texts, jump, first) in enumerate(stories):
        _story(pb, 60 + 680 * k, headline, texts, jump, first)
    pb.vrule(700, 30, 1150)
    page, image = pb.page(page_id)
    return analyse_layout(page, image, "en")


def _two_pages() -> Document:
    bridge = [latin_text(70, 21), latin_text(60, 22)]
    library = [latin_text(70, 23), latin_text(50, 24)]
    bridge_2, library_2 = [latin_text(60, 25)], [latin_text(55, 26)]
    p1 = _page(
        "p1",
        [
            ("Bridge repairs to close Main Street", bridge, "(Continued on page 2)", False),
            ("Library hours extended this winter", library, "(Continued on page 2)", False),
        ],
    )
    p2 = _page(
        "p2",
        [
            ("Library hours", library_2, "(Continued from page 1)", True),
            ("Main Street bridge", bridge_2, "(Continued from page 1)", True),
        ],
    )
    return Document(source="issue.pdf", pages=[p1, p2])


def _by_head(page: Page) -> dict[str, Article]:
    return {a.headline or "": a for a in page.articles}


def test_jump_lines_are_read_into_their_articles() -> None:
    doc = _two_pages()
    p1, p2 = (_by_head(p) for p in doc.pages)
    assert sorted(p1) == ["Bridge repairs to close Main Street", "Library hours extended this winter"]
    assert sorted(p2) == ["Library hours", "Main Street bridge"]
    assert all(a.continued_on == "2" and a.continued_from is None for a in p1.values())
    assert all(a.continued_from == "1" and a.continued_on is None for a in p2.values())
    # The jump line is in no paragraph.
    assert not any("Continued" in a.text for p in doc.pages for a in p.articles)
    # The fields travel through the page tree's JSON.
    again = Document.from_dict(json.loads(doc.to_json()))
    assert [a.continued_on for a in again.pages[0].articles] == [
        a.continued_on for a in doc.pages[0].articles
    ]


def test_parts_are_linked_by_page_and_headline(tmp_path: Path) -> None:
    doc = _two_pages()
    chains = link_continuations(doc)
    p1, p2 = (_by_head(p) for p in doc.pages)
    expected = [
        [["p1", p1["Bridge repairs to close Main Street"].id], ["p2", p2["Main Street bridge"].id]],
        [["p1", p1["Library hours extended this winter"].id], ["p2", p2["Library hours"].id]],
    ]
    assert sorted(chains) == sorted(expected)
    assert doc.metadata["continuations"] == chains
    # JSON Lines writes each story once, both parts in it.
    records = [json.loads(s) for s in write_jsonl(doc, tmp_path / "a.jsonl").read_text().splitlines()]
    by_head = {r["headline"]: r for r in records}
    assert set(by_head) == {"Bridge repairs to close Main Street", "Library hours extended this winter"}
    assert by_head["Bridge repairs to close Main Street"]["pages"] == [1, 2]
    bridge_tail = p2["Main Street bridge"].paragraphs[-1].text
    assert bridge_tail in by_head["Bridge repairs to close Main Street"]["text"]
    assert all(r["continued_from"] is None and r["continued_on"] is None for r in records)
    # A file holding page 2 alone: its parts say where they come from.
    alone = Document(source="p2.tif", pages=[doc.pages[1]])
    assert link_continuations(alone) == []
    records = [json.loads(s) for s in write_jsonl(alone, tmp_path / "b.jsonl").read_text().splitlines()]
    assert sorted((r["headline"], r["continued_from"]) for r in records) == [
        ("Library hours", "1"),
        ("Main Street bridge", "1"),
    ]


def test_no_link_without_both_jump_lines_or_a_shared_word() -> None:
    doc = _two_pages()
    p2 = _by_head(doc.pages[1])
    # The later page's parts no longer say where they come from: nothing is linked.
    for a in p2.values():
        a.continued_from = None
    assert link_continuations(doc) == [] and "continuations" not in doc.metadata
    # Two candidates sharing no word with the first part's headline: no guess.
    doc = _two_pages()
    for a in doc.pages[1].articles:
        a.headline = "Notes"
    assert link_continuations(doc) == []


def test_pages_scanned_one_to_a_file_are_numbered_by_their_file_names() -> None:
    from scan2text.continuations import page_numbers

    def doc(*sources: str) -> Document:
        return Document(
            source="issue",
            pages=[Page(id=f"p{k}", width=10, height=10, source=s) for k, s in enumerate(sources)],
        )

    # An issue of pages 1 and 3: "Continued on page 3" names the second file.
    assert page_numbers(doc("scans/Chronicle_19730104_0001.jp2", "scans/Chronicle_19730104_0003.jp2")) == [
        "1",
        "3",
    ]
    # The pages of one PDF, files without numbers, or numbers that repeat: by position.
    assert page_numbers(doc("issue.pdf", "issue.pdf", "issue.pdf")) == ["1", "2", "3"]
    assert page_numbers(doc("front.png", "back.png")) == ["1", "2"]
    assert page_numbers(doc("a/page_1.png", "b/page_1.png")) == ["1", "2"]
