"""The page renderer's ground truth says exactly what is printed, where, and how the scan was skewed.

The checks here do not reuse the renderer's own joining or geometry code: the
rules for joining lines back into texts are written out again from the
schema's documentation, regions are checked with shapely, and skew is measured
on the pixels (a printed rule's angle, ink under mapped boxes, and the
pipeline's own skew estimator).
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image
from shapely.geometry import Polygon, box

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
if str(ROOT) not in sys.path:  # benchmarks/ is not installed; it is imported from the checkout
    sys.path.insert(0, str(ROOT))

from benchmarks.pagerender import (  # noqa: E402
    Degradation,
    RenderError,
    RenderSpec,
    all_lines,
    map_point,
    render_benchmark_set,
    render_page,
    render_seed_page,
)
from benchmarks.pagerender.__main__ import main as cli_main  # noqa: E402

TITLE_ROLES = ("kicker", "headline", "subheadline")
NO_START = set("，。、；：？！）》」』”’")
NO_END = set("（《「『“‘")


def shared_file(*parts: str) -> Path:
    """A file under ../shared; the test fails (not skips) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path} is missing: these tests need the shared/ folder beside the repository")
    return path


# Pages rendered once per test session: (spec, image, gt).
SPECS = {
    "zh": RenderSpec(lang="zh", seed=11),
    "en": RenderSpec(lang="en", seed=12),
    "zh_rules": RenderSpec(lang="zh", seed=5, columns=5, column_rules=True, n_articles=6),
    "en_broad": RenderSpec(lang="en", seed=13, page="broadsheet", dpi=200, columns=8, n_articles=7),
    "zh_broad": RenderSpec(lang="zh", seed=14, page="broadsheet", dpi=200, columns=8, n_articles=4),
}


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[RenderSpec, Image.Image, dict[str, Any]]]:
    out = {}
    for key, spec in SPECS.items():
        image, gt = render_page(spec)
        out[key] = (spec, image, gt)
    return out


@pytest.fixture(scope="module")
def seed_page() -> tuple[Image.Image, dict[str, Any]]:
    return render_seed_page()


def all_gts(pages: dict[str, Any], seed_page: tuple[Image.Image, dict[str, Any]]) -> list[dict[str, Any]]:
    return [gt for _, _, gt in pages.values()] + [seed_page[1]]


# ---------------------------------------------------------------- joining lines back into texts


def join_body(lines: list[dict[str, Any]], lang: str) -> str:
    """Lines of one paragraph joined as the schema says (independent of the renderer's code)."""
    if lang == "zh":
        return "".join(ln["text"] for ln in lines)
    out = ""
    for ln in lines:
        text = ln["text"]
        if out and not out.endswith("\x00"):
            out += " "
        out = out.replace("\x00", "")
        if ln["hyphenated"]:
            assert text.endswith("-"), ln
            out += text[:-1] + "\x00"  # the next line continues the word
        else:
            out += text
    return out.replace("\x00", "")


def check_article_texts(gt: dict[str, Any]) -> None:
    lang = gt["lang"]
    for art in gt["articles"]:
        lines = art["lines"]
        for role in TITLE_ROLES:
            got = " ".join(ln["text"] for ln in lines if ln["role"] == role) or None
            assert got == art[role], (art["id"], role)
        by = [ln["text"] for ln in lines if ln["role"] == "byline"]
        got_by = ("".join(by) if lang == "zh" else " ".join(by)) or None
        assert got_by == art["byline"], art["id"]
        body = [ln for ln in lines if ln["role"] == "body"]
        assert sorted({ln["paragraph"] for ln in body}) == list(range(len(art["paragraphs"]))), art["id"]
        for i, para in enumerate(art["paragraphs"]):
            assert join_body([ln for ln in body if ln["paragraph"] == i], lang) == para, (art["id"], i)
        assert all(ln["paragraph"] is None for ln in lines if ln["role"] != "body")


def test_every_article_text_is_its_printed_lines_joined(pages: dict[str, Any], seed_page: Any) -> None:
    for gt in all_gts(pages, seed_page):
        check_article_texts(gt)


def test_join_rule_would_catch_a_wrong_paragraph(pages: dict[str, Any]) -> None:
    # The check above must fail when the GT text differs from what is printed.
    gt = json.loads(json.dumps(pages["en"][2]))
    gt["articles"][0]["paragraphs"][0] += " Extra."
    with pytest.raises(AssertionError):
        check_article_texts(gt)


def test_english_hyphens_only_at_added_breaks(pages: dict[str, Any]) -> None:
    hyphenated = 0
    for key in ("en", "en_broad"):
        gt = pages[key][2]
        for art in gt["articles"]:
            words = {w for p in art["paragraphs"] for w in re.findall(r"[A-Za-z]+-[A-Za-z]+", p)}
            printed = " ".join(ln["text"] for ln in art["lines"])
            for w in words:  # real hyphenated words are never split across lines
                assert w in printed, (art["id"], w)
            for ln in art["lines"]:
                assert ln["hyphenated"] == (ln["text"].endswith("-") and ln["role"] == "body"), ln
                hyphenated += ln["hyphenated"]
    assert hyphenated > 0  # the pages do exercise hyphenation


def test_chinese_lines_follow_line_breaking_rules(pages: dict[str, Any], seed_page: Any) -> None:
    for gt in [pages["zh"][2], pages["zh_rules"][2], pages["zh_broad"][2], seed_page[1]]:
        for art in gt["articles"]:
            for ln in art["lines"]:
                if ln["role"] == "body":
                    assert (
                        ln["text"][0] not in NO_START
                        or ln["text"] == art["paragraphs"][ln["paragraph"]][: len(ln["text"])]
                    ), ln
                    assert ln["text"][-1] not in NO_END, ln


# ---------------------------------------------------------------- the seed page


def test_seed_page_articles_equal_the_keyed_seed(seed_page: Any) -> None:
    seed = json.loads(shared_file("seed", "seed-articles.gt.json").read_text(encoding="utf-8"))
    gt = seed_page[1]
    assert [a["id"] for a in gt["articles"]] == [a["id"] for a in seed["articles"]]
    for mine, keyed in zip(gt["articles"], seed["articles"], strict=True):
        for field in ("kicker", "headline", "subheadline", "byline", "paragraphs"):
            assert mine[field] == keyed[field], (keyed["id"], field)
    footer = [f for f in gt["furniture"] if f["kind"] == "footer"]
    assert [f["text"] for f in footer] == [f["text"] for f in seed["furniture"] if f["kind"] == "footer"]
    # The footer is printed at the foot of the page, below a5.
    a5 = next(a for a in gt["articles"] if a["id"] == "a5")
    assert footer[0]["bbox"][1] > max(ln["bbox"][3] for ln in a5["lines"])


def test_seed_page_layout_is_the_original_one(seed_page: Any) -> None:
    gt = seed_page[1]
    arts = {a["id"]: a for a in gt["articles"]}
    # a1: kicker over a two-line headline.
    heads = [ln for ln in arts["a1"]["lines"] if ln["role"] == "headline"]
    assert [h["text"] for h in heads] == ["全力以赴为企业排忧解难", "推动项目早日建成达效"]
    kicker = next(ln for ln in arts["a1"]["lines"] if ln["role"] == "kicker")
    assert kicker["bbox"][3] <= heads[0]["bbox"][1]
    # a2: no headline, wide (four grid columns), with the page's photo beside it, inside its region.
    assert arts["a2"]["headline"] is None and arts["a2"]["column_span"] == [0, 3]
    photo = gt["pictures"][0]
    assert photo["article"] == "a2"
    a2_body = box(*arts["a2"]["blocks"][0]["bbox"])
    assert box(*photo["bbox"]).bounds[0] > a2_body.bounds[2]  # beside, to the right
    assert any(Polygon(p).buffer(0.5).contains(box(*photo["bbox"])) for p in arts["a2"]["region"])
    # Headlines are set in their own lines above the body of their article.
    for aid in ("a1", "a3", "a4", "a5", "a6"):
        title_bottom = max(ln["bbox"][3] for ln in arts[aid]["lines"] if ln["role"] in TITLE_ROLES)
        body_top = min(ln["bbox"][1] for ln in arts[aid]["lines"] if ln["role"] == "body")
        assert title_bottom < body_top, aid


def test_bundled_samples_are_current_and_small(seed_page: Any) -> None:
    for name in ("seed-page", "english-page"):
        png, gtf = SAMPLES / f"{name}.png", SAMPLES / f"{name}.gt.json"
        assert png.is_file() and gtf.is_file(), f"{png}: run python -m benchmarks.pagerender.samples samples/"
        with Image.open(png) as im:
            assert im.mode == "L"
            gt = json.loads(gtf.read_text(encoding="utf-8"))
            assert (im.width, im.height) == (gt["width"], gt["height"])
        assert gt["image"] == png.name
        check_article_texts(gt)
    bundled = json.loads((SAMPLES / "seed-page.gt.json").read_text(encoding="utf-8"))
    fresh = seed_page[1]
    assert [(a["id"], a["paragraphs"], len(a["lines"])) for a in bundled["articles"]] == [
        (a["id"], a["paragraphs"], len(a["lines"])) for a in fresh["articles"]
    ]
    total = sum(p.stat().st_size for p in SAMPLES.iterdir() if p.is_file())
    assert total < 3 * 1024 * 1024
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "python -m benchmarks.pagerender.samples samples/" in readme


# ---------------------------------------------------------------- geometry


def test_lines_lie_inside_the_page_and_their_article_region(pages: dict[str, Any], seed_page: Any) -> None:
    for gt in all_gts(pages, seed_page):
        w, h = gt["width"], gt["height"]
        for art in gt["articles"]:
            region = [Polygon(p).buffer(0.5) for p in art["region"]]
            for ln in art["lines"]:
                x0, y0, x1, y1 = ln["bbox"]
                assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, ln
                assert any(r.contains(box(x0, y0, x1, y1)) for r in region), (art["id"], ln)
        for f in gt["furniture"]:
            x0, y0, x1, y1 = f["bbox"]
            assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, f


def test_article_regions_do_not_overlap(pages: dict[str, Any], seed_page: Any) -> None:
    for gt in all_gts(pages, seed_page):
        shapes = [(a["id"], Polygon(p)) for a in gt["articles"] for p in a["region"]]
        for i, (ida, pa) in enumerate(shapes):
            for idb, pb in shapes[i + 1 :]:
                if ida != idb:
                    assert pa.intersection(pb).area == 0, (ida, idb)


def test_lines_keep_to_their_article_columns(pages: dict[str, Any], seed_page: Any) -> None:
    for gt in all_gts(pages, seed_page):
        cols = gt["columns"]
        assert all(a[1] < b[0] for a, b in zip(cols, cols[1:], strict=False))  # gutters between columns
        for art in gt["articles"]:
            c0, c1 = art["column_span"]
            assert 0 <= c0 <= c1 < len(cols) and c1 - c0 < 4  # 1 to 4 columns
            left, right = cols[c0][0], cols[c1][1]
            for ln in art["lines"]:
                assert left - 1 <= ln["bbox"][0] and ln["bbox"][2] <= right + 1, (art["id"], ln)
                assert c0 <= ln["column"] <= c1
                # "column" is the grid column where the line's text column starts (in a boxed
                # article, just inside the gutter before it); the line cannot start further left.
                k = ln["column"]
                assert (cols[k - 1][1] if k else 0) < ln["bbox"][0], (art["id"], ln)
            for blk in art["blocks"]:
                assert c0 <= blk["column"] <= c1


def test_body_runs_down_a_column_then_on_at_the_top_of_the_next(
    pages: dict[str, Any], seed_page: Any
) -> None:
    for gt in all_gts(pages, seed_page):
        for art in gt["articles"]:
            body = [ln for ln in art["lines"] if ln["role"] in ("body", "byline")]
            moves = 0
            for a, b in zip(body, body[1:], strict=False):
                (_, ay0, ax1, ay1), (bx0, by0, _, by1) = a["bbox"], b["bbox"]
                if b["column"] == a["column"]:
                    if by0 < ay1 and by1 > ay0:  # same row: a byline run on after a sentence, or before one
                        assert bx0 >= ax1, (art["id"], a, b)
                    else:  # the next row down
                        assert by0 >= ay1 - 1, (art["id"], a, b)
                else:  # the next text column: to the right, starting higher up
                    assert b["column"] > a["column"] and bx0 > ax1 and by0 < ay0, (art["id"], a, b)
                    moves += 1
            assert moves < (art["column_span"][1] - art["column_span"][0] + 1), art["id"]


def test_page_has_what_a_newspaper_page_has(pages: dict[str, Any]) -> None:
    for key, (spec, image, gt) in pages.items():
        assert gt["schema"] == "scan2text/render-gt/1"
        assert (image.width, image.height) == (gt["width"], gt["height"]) == spec.page_px
        assert image.mode == "L"
        assert 4 <= len(gt["columns"]) <= 8, key
        assert len(gt["articles"]) == (spec.n_articles or len(gt["articles"]))
        assert 4 <= len(gt["articles"]) <= 7, key
        kinds = {f["kind"] for f in gt["furniture"]}
        assert "folio" in kinds and ({"masthead", "section"} & kinds), key
        assert any(s["kind"] == "horizontal" for s in gt["separators"]), key
        assert all(a["headline"] for a in gt["articles"]), key
        for pic in gt["pictures"]:
            if pic["caption"]:
                joined = ("".join if gt["lang"] == "zh" else " ".join)(
                    ln["text"] for ln in pic["caption_lines"]
                )
                assert joined == pic["caption"]
                assert pic["caption_bbox"][1] >= pic["bbox"][3]  # the caption is under the picture
                # A caption is not a byline: no article line holds caption text.
                assert all(
                    ln["text"] != pic["caption_lines"][0]["text"] for a in gt["articles"] for ln in a["lines"]
                )
    rules = pages["zh_rules"][2]["separators"]
    assert any(s["kind"] == "vertical" for s in rules)


def test_ink_is_where_the_ground_truth_says(pages: dict[str, Any]) -> None:
    _, image, gt = pages["zh"]
    a = np.asarray(image)
    for ln in all_lines(gt)[:200]:
        x0, y0, x1, y1 = ln["bbox"]
        assert (a[y0:y1, x0:x1] < 128).mean() > 0.05, ln
    # ... and nowhere else: blank out every GT box, picture and rule; almost no ink remains.
    mask = a < 128
    for ln in all_lines(gt):
        x0, y0, x1, y1 = ln["bbox"]
        mask[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2] = False
    for item in gt["pictures"] + gt["separators"]:
        x0, y0, x1, y1 = item["bbox"]
        mask[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2] = False
    assert mask.sum() < 50


def test_chinese_bylines_use_the_forms_of_real_papers(pages: dict[str, Any]) -> None:
    forms = re.compile(r"^(（[^（）]+）|\S+ 报道|本报讯（[^（）]+）)$")
    bylines = [
        a["byline"]
        for key in ("zh", "zh_rules", "zh_broad")
        for a in pages[key][2]["articles"]
        if a["byline"]
    ]
    assert bylines and all(forms.match(b) for b in bylines), bylines
    # Start bylines ("本报讯…") open the first paragraph's first line.
    for key in ("zh", "zh_rules", "zh_broad"):
        for art in pages[key][2]["articles"]:
            if art["byline"] and art["byline"].startswith("本报讯"):
                first = next(ln for ln in art["lines"] if ln["role"] in ("byline", "body"))
                assert first["role"] == "byline"


# ---------------------------------------------------------------- determinism, skew, degradation


def test_same_seed_same_page_other_seed_other_page(pages: dict[str, Any]) -> None:
    spec, image, gt = pages["en"]
    image2, gt2 = render_page(spec)
    assert gt2 == gt
    assert np.array_equal(np.asarray(image2), np.asarray(image))
    _, gt3 = render_page(RenderSpec(lang="en", seed=spec.seed + 1))
    assert gt3["articles"] != gt["articles"]


@pytest.fixture(scope="module")
def skewed() -> tuple[Image.Image, dict[str, Any], Image.Image, dict[str, Any]]:
    spec = RenderSpec(
        lang="zh", seed=21, columns=5, n_articles=5, degradation=Degradation(skew=1.7), degraded=True
    )
    image, gt = render_page(spec)
    clean_image, clean_gt = render_page(RenderSpec(lang="zh", seed=21, columns=5, n_articles=5))
    return image, gt, clean_image, clean_gt


def test_skewed_page_keeps_clean_coordinates_and_records_the_angle(skewed: Any) -> None:
    image, gt, _clean_image, clean_gt = skewed
    assert gt["skew"] == 1.7 and gt["degraded"] is True
    assert gt["articles"] == clean_gt["articles"]  # GT stays in the coordinates of the unskewed page
    t = gt["transform"]
    assert (t["original_width"], t["original_height"]) == (image.width, image.height)
    assert image.width > gt["width"] and image.height > gt["height"]  # canvas grown to hold the turned page


def test_skew_angle_measured_on_a_printed_rule(skewed: Any) -> None:
    image, gt, _, _ = skewed
    a = np.asarray(image)
    rule = max(
        (s for s in gt["separators"] if s["kind"] == "horizontal"), key=lambda s: s["bbox"][2] - s["bbox"][0]
    )
    x0, y0, x1, y1 = rule["bbox"]
    ends = [map_point(gt["transform"], x, (y0 + y1) / 2) for x in (x0 + 5, x1 - 5)]
    for ex, ey in ends:  # the rule's ends are dark where the transform puts them
        assert a[round(ey) - 1 : round(ey) + 2, round(ex) - 1 : round(ex) + 2].min() < 100
    # Pixels of the rule, measured independently of the transform.
    (xa, ya), (xb, yb) = ends
    pad = 12
    sub = a[int(min(ya, yb)) - pad : int(max(ya, yb)) + pad, int(xa) : int(xb)]
    ys, xs = np.nonzero(sub < 100)
    # Keep the rule's own pixels: those within 4 px of the straight line between its ends.
    line_y = (ys + int(min(ya, yb)) - pad) - (ya + (xs + int(xa) - xa) * (yb - ya) / (xb - xa))
    keep = np.abs(line_y) < 4
    pts = np.stack([xs[keep], ys[keep]], axis=1).astype(np.float32)
    slope = np.polyfit(pts[:, 0], pts[:, 1], 1)[0]
    angle = -math.degrees(math.atan(slope))  # y grows downwards; text rising to the right is positive
    assert angle == pytest.approx(1.7, abs=0.05)


def test_skew_sign_agrees_with_the_pipeline_estimator(skewed: Any) -> None:
    from scan2text.preprocess import estimate_skew

    image, gt, _, _ = skewed
    # Same sign convention (text rising to the right is positive). The tolerance
    # is loose: on these pages the estimator is off by up to about 0.45 degree.
    assert estimate_skew(np.asarray(image)) == pytest.approx(gt["skew"], abs=0.5)


def test_transform_maps_each_line_onto_its_ink(skewed: Any) -> None:
    image, gt, clean_image, clean_gt = skewed
    a, c = np.asarray(image), np.asarray(clean_image)
    lines = all_lines(gt)[::7]
    m = np.array(gt["transform"]["matrix"], dtype=np.float64)
    warped = cv2.warpAffine(c, m, (image.width, image.height), flags=cv2.INTER_LINEAR, borderValue=255)
    for ln in lines:
        x0, y0, x1, y1 = ln["bbox"]
        corners = np.array(
            [map_point(gt["transform"], x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        )
        bx0, by0 = np.floor(corners.min(axis=0)).astype(int)
        bx1, by1 = np.ceil(corners.max(axis=0)).astype(int)
        ink_img = (a[by0:by1, bx0:bx1] < 128).sum()
        ink_ref = (warped[by0:by1, bx0:bx1] < 128).sum()
        assert ink_ref > 0 and abs(ink_img - ink_ref) <= 0.02 * ink_ref + 3, ln


def test_degraded_page_is_degraded() -> None:
    spec = RenderSpec(lang="en", seed=3, degraded=True, n_articles=4, columns=4)
    image, gt = render_page(spec)
    deg = gt["degradation"]
    assert gt["degraded"] and 0.2 <= abs(gt["skew"]) <= 3.0 and deg["skew"] == gt["skew"]
    a = np.asarray(image)
    clean = np.asarray(render_page(RenderSpec(lang="en", seed=3, n_articles=4, columns=4))[0])
    assert a.shape != clean.shape or not np.array_equal(a, clean)
    # Noise: a blank margin is no longer one flat grey.
    assert a[5:60, 5:60].std() > 1.0


def test_bad_specs_are_refused() -> None:
    with pytest.raises(RenderError, match="lang"):
        RenderSpec(lang="fr")
    with pytest.raises(RenderError, match="dpi"):
        RenderSpec(dpi=50)
    with pytest.raises(RenderError, match="page format"):
        RenderSpec(page="poster")


# ---------------------------------------------------------------- the benchmark set and its command line


def test_benchmark_set_files_and_mix(tmp_path: Path) -> None:
    pairs = render_benchmark_set(tmp_path, n=4, seed=1)
    names = [p.name for p, _ in pairs]
    assert names == ["000_zh_clean.png", "001_en_clean.png", "002_zh_degraded.png", "003_en_degraded.png"]
    for png, gtf in pairs:
        gt = json.loads(gtf.read_text(encoding="utf-8"))
        assert gt["image"] == png.name and gtf.name == png.name.replace(".png", ".gt.json")
        assert gt["lang"] == png.name.split("_")[1] and gt["degraded"] == ("degraded" in png.name)
        assert 4 <= len(gt["articles"]) <= 7
        with Image.open(png) as im:
            assert im.mode == "L"
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert [p["image"] for p in index["pages"]] == names


def test_command_line_writes_the_set(tmp_path: Path) -> None:
    assert cli_main([str(tmp_path / "set"), "--n", "1", "--seed", "2", "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "set").iterdir()) == [
        "000_zh_clean.gt.json",
        "000_zh_clean.png",
        "index.json",
    ]
