"""The laid-out page: everything to draw, in the coordinates of the clean (unskewed) page.

Both the page generator and the seed page build a :class:`PageModel`; the
drawing (:mod:`benchmarks.pagerender.draw`) and the ground truth
(:mod:`benchmarks.pagerender.gt`) are made from it, so what is printed and
what the ground truth says come from one source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.pagerender.article import ArticleContent, Frame, Placed, PlacedPicture, Style

Box = tuple[int, int, int, int]
Polygon = list[tuple[int, int]]


def rect_polygon(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    """A rectangle as a clockwise polygon of integer pixel corners."""
    a, b, c, d = round(x0), round(y0), round(x1), round(y1)
    return [(a, b), (c, b), (c, d), (a, d)]


@dataclass
class ArticleLayout:
    """A set article: what it says, where its rows are, the polygons it covers."""

    content: ArticleContent
    frame: Frame
    title: list[Placed]
    body: list[Placed]
    pictures: list[PlacedPicture]
    region: list[Polygon]


@dataclass
class Furniture:
    """A printed line of page furniture (masthead, folio, section name, footer)."""

    kind: str
    text: str
    placed: Placed


@dataclass
class Separator:
    """A rule or a box frame; ``bbox`` is the ink of the rule (or the outer edge of the box)."""

    kind: str
    bbox: Box


@dataclass
class PageModel:
    """A whole laid-out page."""

    lang: str
    dpi: int
    width: int
    height: int
    style: Style
    columns: list[tuple[float, float]]
    articles: list[ArticleLayout] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    pictures: list[tuple[PlacedPicture, str | None]] = field(default_factory=list)
    separators: list[Separator] = field(default_factory=list)
    info: dict[str, object] = field(default_factory=dict)
