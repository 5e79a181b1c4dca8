"""The seed page *image* through the real OCR, the layout stage and every export format.

``samples/seed-page.png`` is the real seed page set by the page renderer. The
expected articles are the six keyed by hand in ``../shared/seed/seed-articles.gt.json``
(independent of this code). The article issue's bar: every kicker, headline,
subheadline and byline exactly right, body CER at most 1 % in each article;
the exports issue's: the same six articles read back from every format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scan2text.document import Article, Document, Paragraph
from scan2text.evaluation.align import distance
from scan2text.export import FORMATS
from scan2text.options import Options
from scan2text.runner import run_files
from tests.test_export_fixtures import SHARED, assert_valid, read_back, read_back_issue

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("kicker", "headline", "subheadline", "byline")


@pytest.fixture(scope="module")
def keyed() -> list[dict[str, Any]]:
    path = SHARED / "seed" / "seed-articles.gt.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: these tests need ../shared/seed beside the repository")
    articles: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return articles


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-image")
    summary = run_files([ROOT / "samples" / "seed-page.png"], out, Options(formats=tuple(FORMATS)))
    assert summary.exit_code == 0 and not summary.failures, summary.failures
    return out


def _check(articles: list[Article], keyed: list[dict[str, Any]], where: str) -> None:
    assert len(articles) == len(keyed) == 6, f"{where}: {len(articles)} articles"
    by_headline = {a.headline: a for a in articles}
    for k in keyed:
        got = by_headline.get(k["headline"])
        assert got is not None, (
            f"{where}: no article headed {k['headline']!r}; got {sorted(str(h) for h in by_headline)}"
        )
        for f in FIELDS:
            assert (getattr(got, f) or None) == (k[f] or None), f"{where} {k['id']} {f}"
        want = "\n".join(k["paragraphs"])
        cer = distance(want, got.body_text) / len(want)
        assert cer <= 0.01, f"{where} {k['id']}: body CER {cer:.3f}"


def test_page_tree_holds_the_six_keyed_articles(run: Path, keyed: list[dict[str, Any]]) -> None:
    doc = Document.load(run / "seed-page.json")
    _check(doc.pages[0].articles, keyed, "JSON")


@pytest.mark.parametrize("kind", ["alto", "page", "mets"])
def test_every_xml_export_is_valid_and_holds_the_six_articles(
    run: Path, keyed: list[dict[str, Any]], kind: str
) -> None:
    if kind == "mets":
        assert_valid(run / "seed-page.mets.xml", "mets")
        page = read_back_issue(run / "seed-page.mets.xml").pages[0]
    else:
        path = run / f"seed-page.{kind}" / "seed-page_p0001.xml"
        assert_valid(path, kind)
        page = read_back(path)
    _check(page.articles, keyed, kind)


def test_text_markdown_and_jsonl_hold_the_six_articles(run: Path, keyed: list[dict[str, Any]]) -> None:
    records = [
        json.loads(x) for x in (run / "seed-page.articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    arts = [
        Article(
            id=r["article_id"],
            paragraphs=[Paragraph(t) for t in r["paragraphs"]],
            **{f: r[f] for f in FIELDS},
        )
        for r in records
    ]
    _check(arts, keyed, "jsonl")
    texts = sorted((run / "seed-page.articles").glob("*.txt"))
    assert len(texts) == len(list((run / "seed-page.articles").glob("*.md"))) == 6
    for k in keyed:
        key = k["headline"] or k["paragraphs"][0][:15]
        holders = [t for t in texts if key in t.read_text(encoding="utf-8")]
        assert len(holders) == 1, key
        got = holders[0].read_text(encoding="utf-8")
        # Titles, paragraphs and byline as a reader reads them, one blank line apart.
        titles = "\n".join(k[f] for f in ("kicker", "headline", "subheadline") if k[f])
        sections = [*([titles] if titles else []), *k["paragraphs"], *([k["byline"]] if k["byline"] else [])]
        want = "\n\n".join(sections) + "\n"
        assert got.startswith(sections[0][:10]) and got.rstrip().endswith(k["byline"] or "")
        assert distance(want, got) / len(want) <= 0.01, holders[0].name
        md = holders[0].with_suffix(".md").read_text(encoding="utf-8")
        if k["headline"]:
            assert f"# {k['headline']}" in md
