"""Generating a page from a :class:`RenderSpec`: type style, column grid, article frames, text to fill them.

The content area is cut into article frames the way newspaper pages are made
up: sometimes a one- or two-column rail down one side, and horizontal bands
across the rest, each band split into articles of one to four columns. Each
frame is then filled with sentences until its columns are full.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from benchmarks.pagerender.article import (
    ArticleContent,
    Frame,
    PictureSpec,
    Prepared,
    Style,
    body_rows,
    capacity,
    place_body,
    prepare,
)
from benchmarks.pagerender.corpus_en import EnglishSource
from benchmarks.pagerender.corpus_zh import ChineseSource
from benchmarks.pagerender.furniture import add_footer, add_header
from benchmarks.pagerender.model import ArticleLayout, PageModel, Separator, rect_polygon
from benchmarks.pagerender.spec import RenderError, RenderSpec

log = logging.getLogger(__name__)

Source = ChineseSource | EnglishSource


def make_style(lang: str, dpi: int, rng: random.Random, body_size: int | None = None) -> Style:
    """A page's type: body 7.8-8.8 pt (Chinese) or 8.2-9.4 pt (English) unless ``body_size`` is given."""
    zh = lang == "zh"
    size = body_size or round((rng.uniform(7.8, 8.8) if zh else rng.uniform(8.2, 9.4)) / 72 * dpi)
    return Style(
        lang=lang,
        body_face="zh_song" if zh else "en_serif",
        body_size=size,
        pitch=round(size * (rng.uniform(1.45, 1.6) if zh else rng.uniform(1.13, 1.22))),
        align="justify" if zh or rng.random() < 0.75 else "left",
        hyphenate=not zh,
        title_face="zh_hei" if zh else rng.choice(["en_serif_bold", "en_sans_bold"]),
        kicker_face=rng.choice(["zh_song_bold", "zh_hei_regular"]) if zh else "en_sans_bold",
        sub_face=rng.choice(["zh_song_bold", "zh_hei_regular"]) if zh else "en_serif_italic",
        byline_face="zh_hei" if zh else "en_sans_bold",
        caption_face="zh_hei_regular" if zh else rng.choice(["en_sans", "en_serif_italic"]),
        caption_size=round(size * 0.88),
        gutter=round(size * 1.15),
        rule=max(2, round(dpi / 150)),
        column_rules=False,
    )


def grid(x0: float, x1: float, n: int, gutter: float) -> list[tuple[float, float]]:
    """``n`` equal columns between x0 and x1 with ``gutter`` between them, on whole pixels."""
    cw = (x1 - x0 - (n - 1) * gutter) / n
    return [
        (float(round(x0 + k * (cw + gutter))), float(round(x0 + k * (cw + gutter) + cw))) for k in range(n)
    ]


def _min_column(style: Style) -> float:
    # Narrower than this and lines get too short for a real paper: 10 Chinese
    # characters, or about 24 average English characters.
    return style.body_size * (10.0 if style.lang == "zh" else 11.0)


SPAN_WEIGHT = {1: 0.15, 2: 1.0, 3: 0.8, 4: 0.6}


def _compositions(total: int, parts: int) -> list[tuple[int, ...]]:
    """Every way to write ``total`` columns as ``parts`` article spans of 1 to 4 columns."""
    if parts == 1:
        return [(total,)] if 1 <= total <= 4 else []
    out = []
    for first in range(1, 5):
        out += [(first, *rest) for rest in _compositions(total - first, parts - 1)]
    return out


def _compose(m: int, parts: int, rng: random.Random, lead: bool) -> list[int]:
    """Split ``m`` columns into ``parts`` article spans, wider spans being likelier (the lead band's first most)."""
    options = _compositions(m, parts)
    weights = []
    for opt in options:
        w = 1.0
        for s in opt:
            w *= SPAN_WEIGHT[s]
        if lead:
            w *= 3.0 if opt[0] == max(opt) and opt[0] >= 2 else 0.3
        weights.append(w)
    return list(rng.choices(options, weights)[0])


def min_articles(n_cols: int) -> int:
    """The fewest articles a page of ``n_cols`` columns can hold (articles span at most 4 columns)."""
    return -(-n_cols // 4)


def plan_frames(
    n_cols: int, n_articles: int, rng: random.Random
) -> tuple[tuple[int, int, int], list[list[int]]]:
    """A make-up with exactly ``n_articles`` articles: (rail side, rail width, rail articles) and each band's spans.

    Rail side is -1 (left), 1 (right) or 0 (no rail). Raises :class:`RenderError`
    when the count cannot be made (fewer articles than ``min_articles``).
    """
    if n_articles < min_articles(n_cols):
        raise RenderError(f"{n_articles} articles cannot fill {n_cols} columns (an article spans at most 4)")
    for _ in range(200):
        side = rng.choice([-1, 1]) if n_cols >= 5 and n_articles >= 3 and rng.random() < 0.35 else 0
        rail_w = (2 if n_cols >= 7 and rng.random() < 0.4 else 1) if side else 0
        rail_n = rng.choice([1, 2]) if side else 0
        rest, left = n_cols - rail_w, n_articles - rail_n
        lo, hi = min_articles(rest), min(rest, 4)
        bands = [b for b in (1, 2, 3, 4) if b * lo <= left <= b * hi and (b > 1 or n_articles <= 3)]
        if not bands:
            continue
        b = rng.choice(bands)
        counts = [lo] * b
        for _ in range(left - lo * b):  # hand out the other articles one by one
            counts[rng.choice([k for k in range(b) if counts[k] < hi])] += 1
        rng.shuffle(counts)
        spans = [_compose(rest, c, rng, lead=(k == 0)) for k, c in enumerate(counts)]
        return (side, rail_w, rail_n), spans
    raise RenderError(f"no make-up found for {n_articles} articles in {n_cols} columns")


def _source(lang: str, rng: random.Random) -> Source:
    return ChineseSource(rng) if lang == "zh" else EnglishSource(rng)


def fill(prep: Prepared, src: Source, bottom: float) -> list[str]:
    """Paragraphs of sentences from ``src`` that fill the prepared article's body columns down to ``bottom``.

    Sentences are added while the rows fit; a sentence that does not fit is
    skipped and others are tried, so the last column ends close to the bottom.
    """
    style, content = prep.style, prep.content
    cap = capacity(prep, bottom)
    mw = prep.measure_width
    dateline = src.dateline()
    paras: list[list[str]] = []

    def rows_for(candidate: list[list[str]]) -> int:
        texts = [src.join(p) for p in candidate]
        if texts:
            texts[0] = dateline + texts[0]
        content.paragraphs = texts
        return len(body_rows(content, style, mw))

    misses = 0
    while misses < (10 if style.lang == "zh" else 6):
        added: list[str] = []
        sentences = src.paragraph()
        for s in sentences:
            if rows_for(paras + [added + [s]]) <= cap:
                added.append(s)
            else:
                misses += 1
                break
        if added:
            paras.append(added)
        else:
            # Nothing of it fitted here: keep it for another article.
            src.give_back(sentences)
    if not paras:
        raise RenderError(f"article {content.id}: not even one sentence fits its frame ({cap} rows)")
    rows_for(paras)
    return content.paragraphs


def _content(aid: str, src: Source, rng: random.Random, max_part: int) -> ArticleContent:
    c = ArticleContent(id=aid, headline=src.headline(max_part))
    if rng.random() < (0.25 if src.lang == "zh" else 0.18):
        c.kicker = src.kicker()
    if rng.random() < 0.3:
        c.subheadline = src.subheadline()
    if isinstance(src, ChineseSource):
        c.byline, c.byline_place = src.byline()
        c.byline_style = "runin" if c.byline_place == "start" else rng.choice(["runin", "right", "ownline"])
    elif rng.random() < 0.85:
        c.byline_lines = src.byline_lines()
        c.byline, c.byline_place, c.byline_style = " ".join(c.byline_lines), "start", "lines"
    return c


def set_frame(
    aid: str,
    rect: tuple[float, float, float, float],
    cols: tuple[int, int],
    model: PageModel,
    src: Source,
    rng: random.Random,
    *,
    lead: bool,
    pictures_left: int,
) -> ArticleLayout:
    """Choose an article's parts, set them in ``rect`` and fill its body."""
    style = model.style
    k = cols[1] - cols[0] + 1
    measures = k // 2 if style.lang == "zh" and k in (2, 4) and rng.random() < 0.2 else k
    x0, y0, x1, y1 = rect
    boxed = k <= 3 and not lead and rng.random() < 0.15
    hmax = round(style.body_size * min(3.6 if lead else 3.0, 1.5 + 0.45 * k))
    align = "center" if style.lang == "zh" else "left"
    last_error: Exception | None = None
    # Chinese headlines break only at their spaces: in a narrow frame, take one whose pieces fit.
    max_part = int((x1 - x0) / (style.body_size * 1.2)) if style.lang == "zh" else 40
    for attempt in range(12):
        content = _content(aid, src, rng, max_part)
        if attempt >= 6:  # a frame that resists: fewer title parts
            content.kicker = content.subheadline = None
        picture = None
        if pictures_left and k >= 2 and measures >= 1 and attempt < 4 and rng.random() < 0.5:
            first, last = 0, measures - 1
            if measures >= 3 and rng.random() < 0.5:
                first, last = (1, measures - 1) if rng.random() < 0.5 else (0, measures - 2)
            pw = (x1 - x0) * (last - first + 1) / measures
            ph = min(pw * rng.uniform(0.5, 0.72), (y1 - y0) * 0.36)
            picture = PictureSpec(first, last, round(ph), src.caption(), rng.randrange(1 << 30))
        frame = Frame(x0, y0, x1, y1, cols[0], cols[1], measures, boxed, picture, align, hmax)
        try:
            prep = prepare(content, frame, style, model.columns)
            bottom = y1 - (0.6 * style.body_size if boxed else 0.0)
            if capacity(prep, bottom) < 6:
                raise RenderError(f"article {aid}: frame too small for its title and picture")
            fill(prep, src, bottom)
            body = place_body(prep, body_rows(content, style, prep.measure_width), bottom)
        except (ValueError, RenderError) as exc:
            last_error = exc
            continue
        return ArticleLayout(content, frame, prep.title, body, prep.pictures, [rect_polygon(x0, y0, x1, y1)])
    raise RenderError(f"could not set article {aid} in {rect}: {last_error}")


def _measure_rules(model: PageModel, art: ArticleLayout, prep_tops: dict[int, float]) -> None:
    """Vertical rules between an article's body columns, below its title and pictures."""
    style = model.style
    by_measure: dict[int, list[float]] = {}
    for p in art.body:
        if p.measure is not None:
            by_measure.setdefault(p.measure, []).append(p.baseline)
    ms = sorted(by_measure)
    for a, b in zip(ms, ms[1:], strict=False):
        xa = max(p.x + p.row.measure for p in art.body if p.measure == a)
        xb = min(p.x for p in art.body if p.measure == b)
        x = round((xa + xb) / 2 - style.rule / 2)
        top = round(max(prep_tops[a], prep_tops[b]))
        bottom = round(max(max(by_measure[a]), max(by_measure[b])) + 0.3 * style.body_size)
        model.separators.append(Separator("vertical", (x, top, x + style.rule, bottom)))


def generate_page(spec: RenderSpec) -> PageModel:
    """Lay out a whole page for ``spec``."""
    rng = random.Random(f"pagerender/{spec.seed}/{spec.lang}")
    width, height = spec.page_px
    dpi = spec.dpi
    style = make_style(spec.lang, dpi, rng)
    mx = round(0.42 * dpi)
    content_w = width - 2 * mx
    max_cols = int((content_w + style.gutter) // (_min_column(style) + style.gutter))
    n_cols = spec.columns or rng.randint(4, max(4, min(8, max_cols)))
    if n_cols > max_cols:
        # The spec asks for more columns than fit at this type size: make the type smaller.
        per_col = (content_w + style.gutter) / n_cols - style.gutter
        size = int(per_col / (10.0 if spec.lang == "zh" else 11.0))
        style = make_style(spec.lang, dpi, rng, body_size=size)
    style.column_rules = (
        spec.column_rules
        if spec.column_rules is not None
        else rng.random() < (0.3 if spec.lang == "zh" else 0.55)
    )
    columns = grid(mx, width - mx, n_cols, style.gutter)
    model = PageModel(spec.lang, dpi, width, height, style, columns)
    page_number = spec.page_number or rng.choice([1, 1, 2, 3, 4, 5])
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
    top = add_header(model, rng, mx, width - mx, round(0.4 * dpi), page_number=page_number, day=day)
    footer = spec.lang == "zh" or rng.random() < 0.5
    bottom = (
        add_footer(model, rng, mx, width - mx, height - round(0.4 * dpi))
        if footer
        else height - round(0.45 * dpi)
    )
    n_articles = spec.n_articles or rng.randint(max(4, min_articles(n_cols)), 7)
    (side, rail_w, rail_n), bands = plan_frames(n_cols, n_articles, rng)
    src = _source(spec.lang, rng)
    gap = round(style.body_size * 1.3)
    body_cols = list(range(rail_w, n_cols)) if side == -1 else list(range(0, n_cols - rail_w))
    rects: list[tuple[tuple[float, float, float, float], tuple[int, int], bool]] = []
    if side:
        rc = (0, rail_w - 1) if side == -1 else (n_cols - rail_w, n_cols - 1)
        hs = _split(bottom - top, rail_n, gap, rng, lead_share=1.0)
        y = top
        for h in hs:
            rects.append(((columns[rc[0]][0], y, columns[rc[1]][1], y + h), rc, False))
            y += h + gap
            if y < bottom:
                _hrule(model, columns[rc[0]][0], columns[rc[1]][1], y - gap / 2)
        gx = columns[rc[1]][1] + style.gutter / 2 if side == -1 else columns[rc[0]][0] - style.gutter / 2
        model.separators.append(
            Separator(
                "vertical",
                (
                    round(gx - style.rule / 2),
                    round(top),
                    round(gx - style.rule / 2) + style.rule,
                    round(bottom),
                ),
            )
        )
    hs = _split(bottom - top, len(bands), gap, rng, lead_share=rng.uniform(1.2, 1.6))
    y = top
    for b, (spans, h) in enumerate(zip(bands, hs, strict=True)):
        c = body_cols[0]
        for s in spans:
            rects.append(
                ((columns[c][0], y, columns[c + s - 1][1], y + h), (c, c + s - 1), b == 0 and s == max(spans))
            )
            if c > body_cols[0] and style.column_rules:
                gx = round(columns[c][0] - style.gutter / 2 - style.rule / 2)
                model.separators.append(Separator("vertical", (gx, round(y), gx + style.rule, round(y + h))))
            c += s
        y += h + gap
        if b < len(bands) - 1:
            _hrule(model, columns[body_cols[0]][0], columns[body_cols[-1]][1], y - gap / 2)
    pictures_left = rng.choice([1, 2, 2])
    for k, (rect, cols, lead) in enumerate(rects):
        art = set_frame(f"a{k + 1}", rect, cols, model, src, rng, lead=lead, pictures_left=pictures_left)
        pictures_left -= len(art.pictures)
        _add_article(model, art)
    model.info.update(columns=n_cols, rail=side, bands=[list(s) for s in bands])
    return model


def _add_article(model: PageModel, art: ArticleLayout) -> None:
    """Record a set article, its pictures, its box and its column rules."""
    model.articles.append(art)
    for pic in art.pictures:
        model.pictures.append((pic, art.content.id))
    f = art.frame
    if f.boxed:
        model.separators.append(Separator("box", (round(f.x0), round(f.y0), round(f.x1), round(f.y1))))
    if model.style.column_rules and f.measures > 1:
        tops: dict[int, float] = {}
        for p in art.body:
            if p.measure is not None and p.measure not in tops:
                tops[p.measure] = p.baseline - 0.88 * model.style.body_size - 0.2 * model.style.body_size
        _measure_rules(model, art, tops)


def _hrule(model: PageModel, x0: float, x1: float, y: float) -> None:
    r = model.style.rule
    model.separators.append(
        Separator("horizontal", (round(x0), round(y - r / 2), round(x1), round(y - r / 2) + r))
    )


def _split(total: float, n: int, gap: float, rng: random.Random, lead_share: float) -> list[float]:
    """``n`` heights that, with gaps between them, fill ``total``; the first gets ``lead_share`` weight."""
    weights = [lead_share] + [rng.uniform(0.8, 1.2) for _ in range(n - 1)]
    free = total - gap * (n - 1)
    return [free * w / sum(weights) for w in weights]
