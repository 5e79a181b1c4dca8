"""The seed page: the six real articles of ``shared/seed/seed-articles.gt.json`` set as a county front page.

The make-up follows the original page as far as its text shows it: a1 with its
kicker and two-line headline, a2 set wide across four columns in two long
measures with a photo beside it (its headline was a picture, so it has none),
a3 with headline and subheadline, a6 a short one-column item under the photo,
a4 and a5 at the foot, and the footer "编辑 张跃红 校对 王晓光" below a5. Bylines
sit where the original put them: on a line of their own (a1), run on after the
last sentence (a2, a5, a6) or flush right on the last line (a3, a4).

Article texts in the ground truth are those of the seed file, character for
character.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from PIL import Image

from benchmarks.pagerender.article import (
    ArticleContent,
    Frame,
    PlacedPicture,
    Prepared,
    body_rows,
    needed_bottom,
    place_body,
    prepare,
)
from benchmarks.pagerender.corpus_zh import seed_articles, seed_furniture
from benchmarks.pagerender.furniture import add_footer, add_header
from benchmarks.pagerender.model import ArticleLayout, PageModel, Separator, rect_polygon
from benchmarks.pagerender.page import grid, make_style
from benchmarks.pagerender.render import finish
from benchmarks.pagerender.spec import Degradation, RenderError
from benchmarks.pagerender.typeset import Row

SEED_DATE = dt.date(2023, 2, 9)  # the page's news is of 5 to 8 February 2023
# How each seed article's byline was printed on the original page.
BYLINE_STYLE = {"a1": "ownline", "a2": "runin", "a3": "right", "a4": "right", "a5": "runin", "a6": "runin"}
HEADLINE_LINES = {"a1": ["全力以赴为企业排忧解难", "推动项目早日建成达效"]}


def _contents() -> dict[str, ArticleContent]:
    out = {}
    for a in seed_articles():
        aid = a["id"]
        out[aid] = ArticleContent(
            id=aid,
            kicker=a["kicker"],
            headline=a["headline"],
            subheadline=a["subheadline"],
            byline=a["byline"],
            byline_place="end",
            byline_style=BYLINE_STYLE.get(aid, "runin"),
            headline_lines=HEADLINE_LINES.get(aid),
            paragraphs=list(a["paragraphs"]),
        )
    expected = {"a1", "a2", "a3", "a4", "a5", "a6"}
    if set(out) != expected:
        raise RenderError(f"the seed ground truth should hold articles {sorted(expected)}, not {sorted(out)}")
    return out


class _Fixed:
    """An article of given text in a frame: its prepared title and the rows its body needs."""

    def __init__(self, content: ArticleContent, frame: Frame, model: PageModel) -> None:
        self.prep: Prepared = prepare(content, frame, model.style, model.columns)
        mw = self.prep.measure_width
        self.rows: list[Row] = body_rows(content, model.style, mw)
        self.bottom = needed_bottom(self.prep, len(self.rows))
        pad = 0.6 * model.style.body_size if frame.boxed else 0.0
        self.outer_bottom = self.bottom + pad

    def layout(self, band_bottom: float, extra: list[list[tuple[int, int]]] | None = None) -> ArticleLayout:
        """The set article: its body placed, its region reaching down to the bottom of its band."""
        f = self.prep.frame
        body = place_body(self.prep, self.rows, self.bottom)
        region = [rect_polygon(f.x0, f.y0, f.x1, band_bottom)] + (extra or [])
        return ArticleLayout(self.prep.content, f, self.prep.title, body, self.prep.pictures, region)


def build_seed_model(dpi: int = 300, body_pt: float = 7.6) -> PageModel:
    """Lay out the seed page; the type is made smaller until everything fits on the page."""
    last: Exception | None = None
    pt = body_pt
    while pt >= 6.0:
        try:
            return _build(dpi, pt)
        except RenderError as exc:
            last = exc
            pt -= 0.2
    raise RenderError(f"the seed page does not fit at {dpi} dpi: {last}")


def _build(dpi: int, body_pt: float) -> PageModel:
    rng = random.Random("seed-page")
    width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    style = make_style("zh", dpi, rng, body_size=round(body_pt / 72 * dpi))
    style.pitch = round(style.body_size * 1.5)
    style.title_face, style.kicker_face, style.sub_face = "zh_hei", "zh_song_bold", "zh_song_bold"
    mx = round(0.42 * dpi)
    columns = grid(mx, width - mx, 5, style.gutter)
    model = PageModel("zh", dpi, width, height, style, columns)
    top = add_header(
        model,
        rng,
        mx,
        width - mx,
        round(0.4 * dpi),
        page_number=1,
        day=SEED_DATE,
        paper="宝丰新闻",
        section="要闻",
    )
    footer = seed_furniture()
    footer_text = next((f["text"] for f in footer if f["kind"] == "footer"), "编辑 张跃红 校对 王晓光")
    bottom_limit = add_footer(model, rng, mx, width - mx, height - round(0.4 * dpi), text=footer_text)
    c = _contents()
    body = style.body_size
    gap = round(body * 1.3)
    col = columns

    def frame(c0: int, c1: int, y0: float, measures: int, hmax: float, boxed: bool = False) -> Frame:
        return Frame(
            col[c0][0], y0, col[c1][1], 1e9, c0, c1, measures, boxed, None, "center", round(body * hmax)
        )

    # Band 1: a1 (two columns) and a3 (three columns).
    y = top
    a1 = _Fixed(c["a1"], frame(0, 1, y, 2, 2.3), model)
    a3 = _Fixed(c["a3"], frame(2, 4, y, 3, 2.2), model)
    b1 = max(a1.outer_bottom, a3.outer_bottom)
    # Band 2: a2 wide over four columns in two measures; its photo and a6 in the fifth column.
    y2 = b1 + gap
    a2 = _Fixed(c["a2"], frame(0, 3, y2, 2, 2.0), model)
    a6_probe = _Fixed(c["a6"], frame(4, 4, y2, 1, 1.6), model)
    a6_h = a6_probe.outer_bottom - y2
    min_photo = (col[4][1] - col[4][0]) * 0.75
    b2 = max(a2.outer_bottom, y2 + min_photo + gap + a6_h)
    photo_bottom = b2 - a6_h - gap
    photo = (round(col[4][0]), round(y2), round(col[4][1]), round(photo_bottom))
    a6 = _Fixed(c["a6"], frame(4, 4, photo_bottom + gap, 1, 1.6), model)
    # Band 3: a4 (two columns) and a5 (three columns).
    y3 = b2 + gap
    a4 = _Fixed(c["a4"], frame(0, 1, y3, 2, 1.9), model)
    a5 = _Fixed(c["a5"], frame(2, 4, y3, 3, 1.9), model)
    b3 = max(a4.outer_bottom, a5.outer_bottom)
    if b3 > bottom_limit:
        raise RenderError(f"content ends at y={b3:.0f}, below the footer line at {bottom_limit:.0f}")
    photo_poly = rect_polygon(*photo)
    arts = {
        "a1": a1.layout(b1),
        "a3": a3.layout(b1),
        "a2": a2.layout(b2, [photo_poly]),
        "a6": a6.layout(b2),
        "a4": a4.layout(b3),
        "a5": a5.layout(b3),
    }
    arts["a2"].pictures.append(PlacedPicture(photo, None, [], 20230208))
    for aid in ("a1", "a2", "a3", "a4", "a5", "a6"):
        model.articles.append(arts[aid])
        for pic in arts[aid].pictures:
            model.pictures.append((pic, aid))
    rule = style.rule

    def hrule(x0: float, x1: float, yy: float) -> None:
        model.separators.append(
            Separator("horizontal", (round(x0), round(yy - rule / 2), round(x1), round(yy - rule / 2) + rule))
        )

    def vrule(x: float, y0: float, y1: float) -> None:
        model.separators.append(
            Separator("vertical", (round(x - rule / 2), round(y0), round(x - rule / 2) + rule, round(y1)))
        )

    hrule(col[0][0], col[4][1], b1 + gap / 2)
    hrule(col[0][0], col[4][1], b2 + gap / 2)
    hrule(col[4][0], col[4][1], photo_bottom + gap / 2)
    vrule(col[1][1] + style.gutter / 2, top, b1)
    vrule(col[3][1] + style.gutter / 2, y2, b2)
    vrule(col[1][1] + style.gutter / 2, y3, b3)
    model.info.update(columns=5, body_pt=round(body_pt, 2), source="shared/seed/seed-articles.gt.json")
    return model


def render_seed_page(
    dpi: int = 300,
    degradation: Degradation | None = None,
    image_name: str | None = "seed-page.png",
    antialias: bool = False,
) -> tuple[Image.Image, dict[str, Any]]:
    """The seed page as a clean (or, with ``degradation``, scanned-looking) image and its ground truth.

    By default the text is pure black, like a clean bilevel scan, which keeps the PNG small.
    """
    model = build_seed_model(dpi)
    return finish(model, image_name, degradation, 20230209, antialias)
