"""Article-box scoring (scan2text.evaluation.regions) on hand-made rectangles."""

from __future__ import annotations

import pytest

from scan2text.document import Article, BBox, Page, Transform
from scan2text.evaluation.regions import RegionMatch, region_matches, region_summary


def rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return BBox(x0, y0, x1, y1).polygon()


def page(*articles: Article, transform: Transform | None = None) -> Page:
    p = Page(id="p", width=400, height=400, articles=list(articles))
    if transform is not None:
        p.transform = transform
    return p


def test_best_overlap_wins_and_iou_is_area_ratio() -> None:
    gt = page(
        Article("A", region=[rect(0, 0, 100, 100)]),
        Article("B", region=[rect(100, 0, 200, 100)]),
        Article("C", region=[rect(0, 200, 100, 300)]),  # nothing predicted there
        Article("no-box"),  # no region: not scored
    )
    pred = page(
        Article("X", region=[rect(0, 0, 100, 50)]),  # half of A
        Article("Y", region=[rect(90, 0, 200, 100)]),  # all of B and a 10-px strip of A
        Article("Z"),  # no region: never matched
    )
    m = region_matches(pred, gt)
    assert [(x.gt_id, x.pred_id) for x in m] == [("A", "X"), ("B", "Y"), ("C", None)]
    assert m[0].iou == pytest.approx(5000 / 10000)
    assert m[1].iou == pytest.approx(10000 / 11000)
    assert m[2].iou == 0.0
    s = region_summary(m)
    assert s["articles"] == 3
    assert s["mean_iou"] == pytest.approx((0.5 + 10 / 11 + 0) / 3)
    assert s["share_hit"] == pytest.approx(2 / 3)  # IoU 0.5 counts as a hit
    assert region_summary(m, threshold=0.6)["share_hit"] == pytest.approx(1 / 3)


def test_merged_prediction_scores_low_on_both_articles() -> None:
    gt = page(Article("A", region=[rect(0, 0, 100, 100)]), Article("B", region=[rect(0, 100, 100, 200)]))
    pred = page(Article("AB", region=[rect(0, 0, 100, 200)]))
    m = region_matches(pred, gt)
    assert [x.pred_id for x in m] == ["AB", "AB"]
    assert [x.iou for x in m] == pytest.approx([0.5, 0.5])


def test_region_of_several_polygons_is_their_union() -> None:
    # An L-shaped article: a full-width headline strip over one column.
    gt = page(Article("L", region=[rect(0, 0, 200, 50), rect(100, 50, 200, 150)]))
    pred = page(Article("P", region=[rect(0, 0, 200, 50), rect(100, 40, 200, 150)]))  # overlapping parts
    (m,) = region_matches(pred, gt)
    assert m.iou == pytest.approx(1.0)


def test_prediction_is_mapped_to_scan_pixels_through_its_transform() -> None:
    # Processed page = scan moved 10 px left: x_scan = x + 10.
    shifted = Transform(matrix=[[1.0, 0.0, 10.0], [0.0, 1.0, 0.0]])
    gt = page(Article("A", region=[rect(10, 0, 110, 100)]))
    pred = page(Article("X", region=[rect(0, 0, 100, 100)]), transform=shifted)
    assert region_matches(pred, gt)[0].iou == pytest.approx(1.0)
    assert region_matches(page(Article("X", region=[rect(0, 0, 100, 100)])), gt)[0].iou == pytest.approx(
        9000 / 11000
    )


def test_degenerate_polygons_do_not_break_it() -> None:
    bowtie = [(0.0, 0.0), (100.0, 100.0), (100.0, 0.0), (0.0, 100.0)]  # self-intersecting
    gt = page(Article("A", region=[rect(0, 0, 100, 100)]), Article("flat", region=[[(0.0, 0.0), (5.0, 0.0)]]))
    pred = page(Article("X", region=[bowtie]))
    (m,) = region_matches(pred, gt)  # "flat" has no area: not scored
    assert m.pred_id == "X"
    assert m.iou == pytest.approx(0.5)


def test_summary_of_nothing() -> None:
    assert region_summary([]) == {"articles": 0, "mean_iou": None, "share_hit": None}
    assert region_summary([RegionMatch("a", None, 0.0)])["share_hit"] == 0.0
