"""Article boxes: how well the predicted articles' regions cover the ground truth's.

Text-free: where the ground truth's text is unreliable (the Topaz Times' is
raw 2002 OCR) the place of each article on the page still says whether the
page was cut into the right articles.

For each ground-truth article with a region, :func:`region_matches` takes the
predicted article whose region overlaps it most (largest area of
intersection) and scores the pair by IoU (intersection over union of the two
regions, each the union of its polygons). A predicted article may be the
best match of several ground-truth articles: a merge of two articles then
scores low on both, since its union with each is large. A ground-truth
article that no predicted region touches scores 0.

Both pages' regions are mapped to original-scan pixels through their own
:class:`~scan2text.document.Transform` (scan2text's page tree holds the
deskewed page's coordinates), so a deskewed prediction meets ground truth
keyed on the scan. :func:`region_summary` reduces the matches to the mean
IoU and the share of ground-truth articles with IoU >= 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.validation import make_valid

from scan2text.document import Article, Page

IOU_HIT = 0.5

__all__ = ["IOU_HIT", "RegionMatch", "article_shape", "region_matches", "region_summary"]


@dataclass(frozen=True)
class RegionMatch:
    """One ground-truth article and the predicted article that overlaps it most."""

    gt_id: str
    pred_id: str | None
    iou: float


def article_shape(article: Article, page: Page) -> BaseGeometry | None:
    """The union of an article's region polygons in original-scan pixels (None: no area)."""
    t = page.transform
    parts = []
    for poly in article.region:
        if len(poly) < 3:
            continue
        shape = make_valid(Polygon([t.to_original(x, y) for x, y in poly]))
        if shape.area > 0:
            parts.append(shape)
    if not parts:
        return None
    shape = unary_union(parts)
    return shape if shape.area > 0 else None


def region_matches(pred_page: Page, gt_page: Page) -> list[RegionMatch]:
    """For each ground-truth article with a region, its best-overlapping predicted article and their IoU."""
    preds = [(a.id, s) for a in pred_page.articles if (s := article_shape(a, pred_page)) is not None]
    out = []
    for gt in gt_page.articles:
        g = article_shape(gt, gt_page)
        if g is None:
            continue
        best_id, best_inter, best_iou = None, 0.0, 0.0
        for pid, p in preds:
            inter = g.intersection(p).area
            if inter > best_inter:
                best_id, best_inter = pid, inter
                best_iou = inter / g.union(p).area
        out.append(RegionMatch(gt.id, best_id, best_iou))
    return out


def region_summary(
    matches: Sequence[RegionMatch], threshold: float = IOU_HIT
) -> dict[str, float | int | None]:
    """``articles`` scored, their ``mean_iou`` and the ``share_hit`` with IoU >= ``threshold`` (None: none)."""
    n = len(matches)
    if n == 0:
        return {"articles": 0, "mean_iou": None, "share_hit": None}
    return {
        "articles": n,
        "mean_iou": sum(m.iou for m in matches) / n,
        "share_hit": sum(m.iou >= threshold for m in matches) / n,
    }
