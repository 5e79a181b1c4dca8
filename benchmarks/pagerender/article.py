"""Setting one article inside its frame: title parts, byline, picture, and body columns.

An article's frame is a rectangle over one or more grid columns of the page.
Its title parts (kicker, headline, subheadline) span the frame; its body runs
down the first text column and continues at the top of the next, within the
frame (a frame over ``k`` grid columns is usually set in ``k`` text columns,
sometimes in fewer, wider ones). A picture, when there is one, sits at the top
of some of the body columns with its caption under it.

Two ways to use it: :func:`prepare` + :func:`capacity` + :func:`place_body`
to fill a frame of fixed height (the page generator adds sentences until it is
full), or :func:`layout_fixed` to set given text and find the height it needs
(the seed page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from benchmarks.pagerender.typeset import Item, Row, Segment, break_lines, set_title

ASCENT = 0.88  # baseline below the top of the em box, as a share of the size


@dataclass
class Style:
    """Type and spacing shared by every article of a page; sizes in pixels."""

    lang: str
    body_face: str
    body_size: int
    pitch: int
    align: str
    hyphenate: bool
    title_face: str
    kicker_face: str
    sub_face: str
    byline_face: str
    caption_face: str
    caption_size: int
    gutter: int
    rule: int
    column_rules: bool

    @property
    def indent(self) -> float:
        """First-line indent: two full-width characters (Chinese) or one em (English)."""
        return 2.0 * self.body_size if self.lang == "zh" else float(self.body_size)


@dataclass
class ArticleContent:
    """What an article says, and how its byline is set.

    ``byline_place`` is ``start`` or ``end``. At the end, ``byline_style`` is
    ``runin`` (straight after the last sentence), ``right`` (flush right on the
    last line, or on its own line when it does not fit) or ``ownline`` (own line,
    flush right). At the start, Chinese bylines ("本报讯（记者 …）") run into
    the first paragraph; English ones are ``byline_lines`` set above the body,
    and ``byline`` is those lines joined with spaces.
    """

    id: str
    kicker: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    byline_place: str = "end"
    byline_style: str = "runin"
    byline_lines: list[str] | None = None
    headline_lines: list[str] | None = None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class PictureSpec:
    """A picture at the top of body columns ``first``..``last`` (inclusive), with an optional caption."""

    first: int
    last: int
    height: int
    caption: str | None
    seed: int


@dataclass
class Frame:
    """The rectangle an article may use, and the grid columns it covers."""

    x0: float
    y0: float
    x1: float
    y1: float
    col0: int
    col1: int
    measures: int
    boxed: bool = False
    picture: PictureSpec | None = None
    title_align: str = "center"
    headline_max: int = 0


@dataclass
class Placed:
    """A row on the page: the left edge of its measure, its baseline, its grid column."""

    row: Row
    x: float
    baseline: float
    column: int
    measure: int | None


@dataclass
class PlacedPicture:
    """A picture's box and its placed caption rows."""

    bbox: tuple[int, int, int, int]
    caption: str | None
    caption_rows: list[Placed]
    seed: int


@dataclass
class Prepared:
    """An article with its title and picture placed, ready for its body."""

    content: ArticleContent
    frame: Frame
    style: Style
    inner: tuple[float, float, float, float]
    columns: list[tuple[float, float]]
    measures: list[tuple[float, float]]
    tops: list[float]
    title: list[Placed]
    pictures: list[PlacedPicture]
    body_top: float

    @property
    def measure_width(self) -> float:
        """The width body rows are set to: the narrowest body column (they differ by a pixel at most)."""
        return min(b - a for a, b in self.measures)


def _grid_column(x: float, columns: list[tuple[float, float]]) -> int:
    """The page grid column a row starting at x belongs to: the first one that ends right of x.

    A body column of a boxed article starts a little inside its grid column, or
    (the later ones, evenly spaced) a little into the gutter before it.
    """
    for k, (_a, b) in enumerate(columns):
        if b > x:
            return k
    return len(columns) - 1


def _title_rows(
    content: ArticleContent, style: Style, width: float, hmax: int, align: str
) -> list[tuple[Row, int]]:
    """The title parts set at sizes that fit ``width``: (row, size) pairs, kicker first."""
    out: list[tuple[Row, int]] = []
    body = style.body_size
    hsize = hmax
    head_rows: list[Row] | None = None
    if content.headline:
        max_lines = 2 if style.lang == "zh" else 3
        while hsize >= int(body * 1.15):
            head_rows = set_title(
                content.headline,
                style.title_face,
                hsize,
                width,
                style.lang,
                role="headline",
                align=align,
                lines=content.headline_lines,
            )
            if head_rows is not None and len(head_rows) <= max_lines:
                break
            hsize = int(hsize * 0.92)
        if head_rows is None:
            raise ValueError(
                f"article {content.id}: headline {content.headline!r} does not fit {width:.0f} px"
            )
    if content.kicker:
        ks = max(int(body * 1.05), int(hsize * 0.42)) if content.headline else int(body * 1.2)
        rows = _fit_small(content.kicker, style.kicker_face, ks, width, style, "kicker", align)
        out += [(r, s) for r, s in rows]
    if head_rows is not None:
        out += [(r, hsize) for r in head_rows]
    if content.subheadline:
        ss = max(int(body * 1.15), int(hsize * 0.5)) if content.headline else int(body * 1.3)
        rows = _fit_small(content.subheadline, style.sub_face, ss, width, style, "subheadline", align)
        out += [(r, s) for r, s in rows]
    return out


def _fit_small(
    text: str, face: str, size: int, width: float, style: Style, role: str, align: str
) -> list[tuple[Row, int]]:
    while size >= int(style.body_size * 0.9):
        rows = set_title(text, face, size, width, style.lang, role=role, align=align)
        if rows is not None and len(rows) <= 2:
            return [(r, size) for r in rows]
        size = int(size * 0.92)
    raise ValueError(f"{role} {text!r} does not fit {width:.0f} px")


def prepare(
    content: ArticleContent, frame: Frame, style: Style, columns: list[tuple[float, float]]
) -> Prepared:
    """Place the title parts and the picture; work out where each body column starts."""
    pad = 0.6 * style.body_size if frame.boxed else 0.0
    ix0, iy0, ix1, iy1 = frame.x0 + pad, frame.y0 + pad, frame.x1 - pad, frame.y1 - pad
    width = ix1 - ix0
    body = style.body_size
    y = iy0 + (0.15 * body if content.headline or content.kicker else 0.0)
    title: list[Placed] = []
    hmax = frame.headline_max or int(body * 2.2)
    for row, size in _title_rows(content, style, width, hmax, frame.title_align):
        face_is_cjk = style.lang == "zh"
        baseline = y + ASCENT * size
        # A title's text column is the whole frame.
        title.append(Placed(row, ix0, baseline, frame.col0, None))
        y += size * (1.22 if face_is_cjk else 1.12)
    if title:
        y += 0.7 * body
    m = frame.measures
    if not frame.boxed and m == frame.col1 - frame.col0 + 1:
        measures = columns[frame.col0 : frame.col1 + 1]  # one text column per grid column
    else:
        mw = (width - (m - 1) * style.gutter) / m
        measures = [
            (
                float(math.ceil(ix0 + k * (mw + style.gutter))),
                float(math.floor(ix0 + k * (mw + style.gutter) + mw)),
            )
            for k in range(m)
        ]
    tops = [y] * m
    pictures: list[PlacedPicture] = []
    pic = frame.picture
    if pic is not None:
        px0, px1 = measures[pic.first][0], measures[pic.last][1]
        box = (round(px0), round(y), round(px1), round(y + pic.height))
        cy = box[3] + 0.35 * body
        caption_rows: list[Placed] = []
        if pic.caption:
            seg = Segment(pic.caption, "caption", None, style.caption_face, style.caption_size)
            cpitch = round(style.caption_size * (1.4 if style.lang == "zh" else 1.2))
            for row in break_lines([seg], px1 - px0, style.lang, align="left", hyphenate=False):
                caption_rows.append(
                    Placed(
                        row,
                        px0,
                        cy + (cpitch - style.caption_size) / 2 + ASCENT * style.caption_size,
                        _grid_column(px0, columns),
                        None,
                    )
                )
                cy += cpitch
        pictures.append(PlacedPicture(box, pic.caption, caption_rows, pic.seed))
        for k in range(pic.first, pic.last + 1):
            tops[k] = cy + 0.6 * body
    return Prepared(content, frame, style, (ix0, iy0, ix1, iy1), columns, measures, tops, title, pictures, y)


def body_rows(content: ArticleContent, style: Style, measure: float) -> list[Row]:
    """Every body row of the article in reading order: start byline lines, paragraphs, end byline."""
    lang, face, size = style.lang, style.body_face, style.body_size
    rows: list[Row] = []
    if content.byline and content.byline_place == "start" and content.byline_lines:
        for text in content.byline_lines:
            seg = Segment(text, "byline", None, style.byline_face, size)
            rows += break_lines([seg], measure, lang, align="left", hyphenate=False)
    n = len(content.paragraphs)
    end_runin = content.byline and content.byline_place == "end" and content.byline_style == "runin"
    for i, text in enumerate(content.paragraphs):
        segs = [Segment(text, "body", i, face, size)]
        if i == 0 and content.byline and content.byline_place == "start" and not content.byline_lines:
            segs.insert(0, Segment(content.byline, "byline", None, style.byline_face, size))
        if i == n - 1 and end_runin and content.byline:
            segs.append(Segment(content.byline, "byline", None, face, size))
        rows += break_lines(
            segs, measure, lang, indent=style.indent, align=style.align, hyphenate=style.hyphenate
        )
    if content.byline and content.byline_place == "end" and not end_runin:
        seg = Segment(content.byline, "byline", None, face, size)
        rows += _end_byline(rows, seg, measure, style, content.byline_style)
    return rows


def _end_byline(rows: list[Row], seg: Segment, measure: float, style: Style, how: str) -> list[Row]:
    """Rows to add for a byline set flush right; none when ``how`` is ``right`` and it fits on the last row."""
    alone = break_lines([seg], measure, style.lang, align="right", hyphenate=False)
    if how == "right" and len(alone) == 1 and rows and rows[-1].last:
        # Set with align="right", the byline's items already sit flush right.
        first, final = alone[0].items[0], alone[0].items[-1]
        need = final.x + final.width - first.x
        last = rows[-1]
        if last.right + style.body_size + need <= measure:
            # The white between the last sentence and the byline is not text.
            last.items.append(Item("", seg.face, seg.size, "byline", None, 0.0, "gap", last.right))
            last.items.extend(alone[0].items)
            return []
    return alone


def capacity(prep: Prepared, bottom: float) -> int:
    """How many body rows fit between the body tops and ``bottom``."""
    pitch = prep.style.pitch
    return sum(max(0, math.floor((bottom - t + 0.01) / pitch)) for t in prep.tops)


def place_body(prep: Prepared, rows: list[Row], bottom: float) -> list[Placed]:
    """Place rows down the first body column, then the next; raises when they do not fit."""
    style = prep.style
    pitch = style.pitch
    placed: list[Placed] = []
    k = 0
    for m, (x0, _x1) in enumerate(prep.measures):
        n_fit = max(0, math.floor((bottom - prep.tops[m] + 0.01) / pitch))
        for slot in range(n_fit):
            if k >= len(rows):
                break
            top = prep.tops[m] + slot * pitch
            baseline = top + (pitch - style.body_size) / 2 + ASCENT * style.body_size
            placed.append(Placed(rows[k], x0, baseline, _grid_column(x0, prep.columns), m))
            k += 1
    if k < len(rows):
        raise ValueError(f"article {prep.content.id}: {len(rows) - k} of {len(rows)} body rows do not fit")
    return placed


def needed_bottom(prep: Prepared, n_rows: int) -> float:
    """The lowest bottom edge at which ``n_rows`` body rows fit."""
    pitch = prep.style.pitch
    bottom = max(prep.tops)
    while capacity(prep, bottom) < n_rows:
        bottom += pitch
    # Then come back up to the smallest bottom that still fits.
    candidates = sorted({t + j * pitch for t in prep.tops for j in range(0, n_rows + 1)})
    for c in candidates:
        if c <= bottom and capacity(prep, c) >= n_rows:
            return c
    return bottom
