"""A real scan: Cambridge Chronicle, 4 Jan 1973, page 1 (microfilm, 300 dpi).

The ALTO file beside the image gives every text line's box and (OCR, partly
corrected) text; it stands in for the OCR engine. The issue's METS file
segments the page into articles by hand (which ALTO text blocks make up each
article); that segmentation is the independent ground truth the assembled
articles are held against. Both files are read in place from ../shared.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import cv2
import pytest
from lxml import etree

from scan2text.document import Block, Line, Page
from scan2text.layout import analyse_layout

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FOLDER = SHARED / "corpus" / "real" / "cambridge_chronicle_1973"
ALTO = "{http://www.loc.gov/standards/alto/ns-v2#}"
METS = "{http://www.loc.gov/METS/}"
MM10 = 300 / 254  # ALTO unit mm10 (1/10 mm) to pixels at 300 dpi


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need the shared/ folder beside the repository")
    return path


@pytest.fixture(scope="module")
def chronicle() -> tuple[Page, dict[str, str], dict[str, str]]:
    """The analysed page, each line's ALTO block id, and each ALTO block's METS article."""
    image = cv2.imread(str(_need(FOLDER / "Chronicle_19730104_0001.jp2")), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "OpenCV could not read the JPEG 2000 page"
    alto = etree.parse(str(_need(FOLDER / "Chronicle_19730104_0001.xml")))
    lines: list[Line] = []
    block_of: dict[str, str] = {}
    for tb in alto.iter(f"{ALTO}TextBlock"):
        for tl in tb.iter(f"{ALTO}TextLine"):
            x, y, w, h = (float(tl.get(k)) * MM10 for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
            text = " ".join(s.get("CONTENT", "") for s in tl.iter(f"{ALTO}String")).strip()
            if not text or w <= 0 or h <= 0:
                continue
            # ALTO boxes rotated text as a tall line; a real engine reports it as vertical.
            ttb = h > 3 * w and len(text) > 3
            line_id = f"l{len(lines) + 1}"
            lines.append(
                Line(
                    id=line_id,
                    text=text,
                    polygon=[(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
                    text_size=w if ttb else h,
                    direction="ttb" if ttb else "ltr",
                )
            )
            block_of[line_id] = tb.get("ID", "")
    random.Random(5).shuffle(lines)
    mets = etree.parse(str(_need(FOLDER / "Chronicle_19730104_METS.xml")))
    article_of: dict[str, str] = {}
    for smap in mets.iter(f"{METS}structMap"):
        if smap.get("TYPE") != "LOGICAL":
            continue
        for div in smap.iter(f"{METS}div"):
            if div.get("TYPE") != "ARTICLE":
                continue
            for area in div.iter(f"{METS}area"):
                if area.get("FILEID") == "ALTO00001":
                    article_of.setdefault(area.get("BEGIN", ""), div.get("ID", ""))
    page = Page(id="cc1", width=image.shape[1], height=image.shape[0], blocks=[Block(id="ocr", lines=lines)])
    return analyse_layout(page, image, "en"), block_of, article_of


def test_articles_match_the_hand_segmentation(chronicle: tuple[Page, dict[str, str], dict[str, str]]) -> None:
    page, block_of, article_of = chronicle

    def gt_article(line_id: str) -> str | None:
        return article_of.get(block_of[line_id.split(".")[0]])

    per_gt: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for line in page.lines():
        g = gt_article(line.id)
        if g:
            totals[g] += 1
    for a in page.articles:
        for bid in a.block_ids:
            for line in page.block(bid).lines:
                g = gt_article(line.id)
                if g:
                    per_gt.setdefault(g, Counter())[a.id] += 1
    big = [g for g, n in totals.items() if n >= 10]
    assert len(big) >= 7, "the METS segmentation of page 1 has seven articles of ten lines or more"
    whole = [g for g in big if per_gt.get(g) and per_gt[g].most_common(1)[0][1] >= 0.9 * totals[g]]
    # Measured: 6 of the 7 come back whole; the seventh runs into an ad box.
    assert len(whole) >= 6, {g: (totals[g], dict(per_gt.get(g, Counter()).most_common(3))) for g in big}
    # ... and no predicted article mixes two of them.
    for a in page.articles:
        mix = Counter(gt_article(ln.id) for b in a.block_ids for ln in page.block(b).lines)
        mix.pop(None, None)
        if sum(mix.values()) >= 10:
            assert mix.most_common(1)[0][1] >= 0.9 * sum(mix.values()), (a.headline, mix)


def test_masthead_and_folio_line(chronicle: tuple[Page, dict[str, str], dict[str, str]]) -> None:
    page, _, _ = chronicle
    kinds = {b.text: b.furniture_kind for b in page.furniture}
    assert kinds.get("Cambridge Chronicle") == "masthead"
    # The date line under the masthead (OCR reads its comma as a full stop).
    assert kinds.get("THURSDAY, JANUARY 4. 1973") == "folio"
    headlines = {a.headline for a in page.articles}
    assert {"Holiday Inn pact signed by Manager", "Hovenanian answers Willow St, criticism"} <= headlines
