"""The seed page (real column fragments, no geometry) through the text-reflow path and every export format.

The expected articles are the hand-keyed ``seed-articles.gt.json`` where the
reflow gets them right; what is checked here is that every format is valid and
carries exactly what the page tree holds (read back and compared).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scan2text.document import Document, Page
from scan2text.export import FORMATS, write_outputs
from scan2text.textreflow import reflow_text
from tests.test_export_fixtures import SHARED, assert_unique_ids, assert_valid, read_back, read_back_issue


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    path = SHARED / "seed" / "000_965c319af9a4be08.txt"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the export tests need ../shared/seed beside the repository")
    page = reflow_text(path.read_text(encoding="utf-8"), source=str(path), lang="zh")
    doc = Document(source=str(path), pages=[page])
    out = tmp_path_factory.mktemp("seed")
    write_outputs(doc, out, "seed", list(FORMATS))
    return doc, out


def _articles(page: Page) -> list[tuple[object, ...]]:
    return [
        (a.kicker, a.headline, a.subheadline, a.byline, [p.text for p in a.paragraphs], a.block_ids)
        for a in page.articles
    ]


def test_seed_exports_are_valid(seed: tuple[Document, Path]) -> None:
    _, out = seed
    for path, kind in (
        (out / "seed.alto" / "seed_p0001.xml", "alto"),
        (out / "seed.page" / "seed_p0001.xml", "page"),
        (out / "seed.mets.xml", "mets"),
    ):
        root = assert_valid(path, kind)
        assert_unique_ids(root, "id" if kind == "page" else "ID")
    # The source is a text dump, not a scan: METS lists no image for it.
    assert b'USE="IMAGE"' not in (out / "seed.mets.xml").read_bytes()


@pytest.mark.parametrize("reader", ["alto", "page", "mets"])
def test_seed_reads_back_as_the_page_tree(seed: tuple[Document, Path], reader: str) -> None:
    doc, out = seed
    if reader == "alto":
        page = read_back(out / "seed.alto" / "seed_p0001.xml")
    elif reader == "page":
        page = read_back(out / "seed.page" / "seed_p0001.xml")
    else:
        page = read_back_issue(out / "seed.mets.xml").pages[0]
    assert _articles(page) == _articles(doc.pages[0])


def test_seed_jsonl_matches_the_keyed_headlines_and_bylines(seed: tuple[Document, Path]) -> None:
    _, out = seed
    gt = json.loads((SHARED / "seed" / "seed-articles.gt.json").read_text(encoding="utf-8"))
    records = [
        json.loads(line) for line in (out / "seed.articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # Six articles, in the keyed order, with the keyed bylines (independent ground truth).
    assert [r["byline"] for r in records] == [a["byline"] for a in gt["articles"]]
    assert records[0]["headline"] == gt["articles"][0]["headline"]
    assert {r["lang"] for r in records} == {"zh"}
