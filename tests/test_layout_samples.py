"""The bundled sample pages, read through a fake OCR engine: their ground-truth lines.

``samples/seed-page.png`` is the real seed page (six articles keyed by hand in
``shared/seed/seed-articles.gt.json``) set by the page renderer; its
``.gt.json`` holds every printed line with its box. Those lines, shuffled,
stand in for the OCR engine; the articles the layout stage builds from them
are compared with the ground truth's articles (written from the keyed seed
file, not from this code).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import cv2
import pytest
from benchmarks.pagerender import all_lines

from scan2text.document import Article, Block, BlockRole, Line, Page
from scan2text.evaluation.align import distance
from scan2text.layout import analyse_layout

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sample(name: str) -> tuple[Page, Any, dict[str, Any]]:
    png, gt_path = SAMPLES / f"{name}.png", SAMPLES / f"{name}.gt.json"
    if not png.exists() or not gt_path.exists():
        pytest.fail(
            f"{png} or {gt_path} is missing: regenerate with python -m benchmarks.pagerender.samples samples/"
        )
    gt = json.loads(gt_path.read_text(encoding="utf-8"))
    image = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
    lines = []
    for i, ln in enumerate(all_lines(gt)):
        x0, y0, x1, y1 = ln["bbox"]
        # The line id carries the ground-truth article, to find each article's prediction.
        lines.append(
            Line(
                id=f"l{i}_{ln.get('article')}",
                text=ln["text"],
                polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
                text_size=y1 - y0,
            )
        )
    random.Random(11).shuffle(lines)
    page = Page(id=name, width=image.shape[1], height=image.shape[0], blocks=[Block(id="ocr", lines=lines)])
    return analyse_layout(page, image, gt["lang"]), image, gt


def _prediction_for(page: Page, gt_article: dict[str, Any]) -> Article:
    """The predicted article holding most of the ground-truth article's lines."""
    suffix = "_" + gt_article["id"]

    def share(a: Article) -> int:
        return sum(
            1 for b in a.block_ids for ln in page.block(b).lines if ln.id.split(".")[0].endswith(suffix)
        )

    return max(page.articles, key=share)


@pytest.fixture(scope="module")
def seed() -> tuple[Page, Any, dict[str, Any]]:
    return _sample("seed-page")


@pytest.fixture(scope="module")
def english() -> tuple[Page, Any, dict[str, Any]]:
    return _sample("english-page")


def test_seed_page_six_articles_with_exact_titles_and_bylines(seed: tuple[Page, Any, dict[str, Any]]) -> None:
    page, _, gt = seed
    assert len(gt["articles"]) == 6
    assert len(page.articles) == 6
    found = [_prediction_for(page, g) for g in gt["articles"]]
    assert len({a.id for a in found}) == 6, "two ground-truth articles ended in one predicted article"
    for g, a in zip(gt["articles"], found):
        assert (a.kicker, a.headline, a.subheadline, a.byline) == (
            g["kicker"],
            g["headline"],
            g["subheadline"],
            g["byline"],
        ), g["id"]


def test_seed_page_bodies_within_one_percent(seed: tuple[Page, Any, dict[str, Any]]) -> None:
    page, _, gt = seed
    for g in gt["articles"]:
        want = "\n".join(g["paragraphs"])
        got = _prediction_for(page, g).body_text
        assert distance(want, got) / len(want) < 0.01, g["id"]


def test_seed_page_furniture_and_structure(seed: tuple[Page, Any, dict[str, Any]]) -> None:
    page, _, gt = seed
    assert sorted((b.furniture_kind, b.text) for b in page.furniture) == sorted(
        (f["kind"], f["text"]) for f in gt["furniture"]
    )
    assert sorted(s.kind for s in page.separators) == sorted(s["kind"] for s in gt["separators"])
    assert len(page.columns) == len(gt["columns"])
    for (x0, x1), (g0, g1) in zip(page.columns, gt["columns"]):
        assert abs(x0 - g0) <= 5 and abs(x1 - g1) <= 5
    assert len(page.pictures) == len(gt["pictures"])
    # Reading order: the article a1 spans two columns; its body blocks come left to right.
    a1 = _prediction_for(page, gt["articles"][0])
    body = [page.block(b) for b in a1.block_ids if page.block(b).role is BlockRole.body]
    assert [b.bbox.x0 for b in body] == sorted(b.bbox.x0 for b in body)


def test_english_page_articles(english: tuple[Page, Any, dict[str, Any]]) -> None:
    page, _, gt = english
    assert len(page.articles) == len(gt["articles"])
    errors = chars = 0
    for g in gt["articles"]:
        a = _prediction_for(page, g)
        assert (a.kicker, a.headline, a.subheadline) == (g["kicker"], g["headline"], g["subheadline"]), g[
            "id"
        ]
        # The name always; a credit line under it ("Herald Correspondent") only
        # when scan2text.bylines knows its form.
        assert a.byline is not None and g["byline"].startswith(a.byline), g["id"]
        want = "\n".join(g["paragraphs"])
        e = distance(want, a.body_text)
        assert e / len(want) < 0.05, g["id"]
        errors, chars = errors + e, chars + len(want)
    assert errors / chars < 0.01
    assert sorted((b.furniture_kind, b.text) for b in page.furniture) == sorted(
        (f["kind"], f["text"]) for f in gt["furniture"]
    )


def test_english_page_captions_are_captions(english: tuple[Page, Any, dict[str, Any]]) -> None:
    page, _, gt = english
    captions = sorted(
        " ".join(ln.text for ln in page.block(p.caption_block_id).lines)
        for p in page.pictures
        if p.caption_block_id
    )
    assert captions == sorted(p["caption"] for p in gt["pictures"] if p["caption"])
    bylines = " ".join(a.byline or "" for a in page.articles)
    assert "Photo" not in bylines and "photo" not in bylines


def _squash(text: str | None) -> str | None:
    """Text without whitespace: the recogniser drops or changes spaces in Chinese lines (真抓实干 after 谋思路)."""
    return "".join(text.split()) if text else text


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["seed-page", "english-page"])
def test_real_ocr_articles_on_the_samples(name: str) -> None:
    """The whole pipeline, with the PP-OCR models, on a sample: titles right and bodies within 2%.

    Measured when this was written: 0.7% (seed) and 0.5% (English) body CER
    over the page, every headline right. Bylines are not checked: the
    recogniser drops the spaces between Chinese names (（李得胜朱亚旭）),
    which the byline rules need.
    """
    from scan2text.options import Options
    from scan2text.pipeline import Pipeline

    gt = json.loads((SAMPLES / f"{name}.gt.json").read_text(encoding="utf-8"))
    page = Pipeline(Options()).process_file(SAMPLES / f"{name}.png").pages[0]
    errors = chars = 0
    for g in gt["articles"]:
        want = "\n".join(g["paragraphs"])
        # The predicted article sharing the most text with the ground truth's opening.
        best = min(page.articles, key=lambda a: distance(want[:150], a.body_text[:150]))
        assert _squash(best.headline) == _squash(g["headline"]), g["id"]
        errors, chars = errors + distance(want, best.body_text), chars + len(want)
    assert errors / chars < 0.02
