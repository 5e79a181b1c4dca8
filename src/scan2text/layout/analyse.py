"""``analyse_layout``: from a page of recognised lines to blocks, columns and articles.

Stages, all in the layout frame (see :mod:`scan2text.layout.frame`):

1. body size and ink mask; rules and box frames (:mod:`.separators`);
2. lines rebuilt from word pieces, never across a gutter, and detector boxes
   that run across a gutter cut apart (:mod:`.lines`, :mod:`.channels`): a
   gutter shows as a white channel of the image, as rows around that leave
   a strip open, or, narrower than a word space, as rows that start a
   column at the same place; a first line boxed with its drop cap gets its
   own row back;
3. type measured: x-heights of lines of small letters, capital heights of
   lines in capitals (:mod:`.roles`); pictures (:mod:`.pictures`) and page
   furniture, with the masthead band closed by a rule or by the date line;
4. blocks (:mod:`.blocks`), captions, display type and title groups (:mod:`.titles`);
5. the column grid (:mod:`.columns`), articles and their regions (:mod:`.articles`);
6. article text: title parts, byline, paragraphs (:mod:`.compose`); display
   type over no sentence, and advertisements (:mod:`.adverts`), leave the
   articles.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import cv2
import numpy as np
from shapely.geometry import Polygon
from shapely.ops import unary_union

from scan2text.bylines import is_byline_line
from scan2text.document import Article, BBox, Block, BlockRole, Line, Page, Picture, Separator
from scan2text.errors import InputImageError
from scan2text.layout.adverts import is_advertisement
from scan2text.layout.articles import Draft, assemble, make_units, regions
from scan2text.layout.blocks import build_blocks
from scan2text.layout.channels import GutterMap
from scan2text.layout.columns import assign_columns, find_columns
from scan2text.layout.compose import compose, guess_lang
from scan2text.layout.frame import Frame, TBlock, TLine
from scan2text.layout.lines import (
    rebuild_lines,
    settle_drop_caps,
    settle_sizes,
    settle_stacked_rows,
    split_straddling,
)
from scan2text.layout.pictures import CAPTION_SIZE, CREDIT, find_captions, find_pictures, tag_caption_lines
from scan2text.layout.roles import (
    TITLE_SIZE,
    body_ink,
    body_size,
    is_display,
    jump_of,
    measure_ink,
    measure_letters,
    tag_furniture,
)
from scan2text.layout.separators import Rule, binarise, find_rules, rule_mask
from scan2text.layout.titles import attach_decks, group_titles
from scan2text.textnorm import is_han, mostly_han

log = logging.getLogger(__name__)

# A line whose box holds under this share of ink pixels is show-through, on a
# page whose lines hold at least this share (median).
SHOW_THROUGH_INK = 0.002
SHOW_THROUGH_PAGE_INK = 0.05
# A jump line belongs to an article region at most this many body sizes away.
JUMP_REACH = 2.0
# A Latin block whose x-height is at most this many times that of the text
# lines is text, however tall its boxes came out.
TEXT_X_HEIGHT = 1.15
# A sentence's end in running text: a full stop, question or exclamation mark
# after two small letters or digits, then a capital or the end (not "a.m. on");
# or an ideographic one.
_SENTENCE_END = re.compile(r"[a-zà-ÿ0-9]{2}[.!?][\"”’')]?(?=\s+[\"“‘(]?[A-ZÀ-Þ0-9]|\s*$)|[。！？]")


def _grey(image: np.ndarray, page: Page) -> np.ndarray:
    if image.ndim == 3 and image.shape[2] in (3, 4):
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    if image.ndim != 2:
        raise InputImageError(
            f"layout analysis needs a greyscale page image, got shape {image.shape}", page.source or None
        )
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.shape != (page.height, page.width):
        raise InputImageError(
            f"page image is {image.shape[1]}x{image.shape[0]} but page {page.id} is {page.width}x{page.height}",
            page.source or None,
        )
    return image


def _tlines(lines: list[Line], frame: Frame) -> list[TLine]:
    dominant = "ttb" if frame.vertical else "ltr"
    out = []
    for ln in lines:
        box = frame.to_frame_box(ln.bbox)
        cross = ln.direction != dominant
        size = ln.text_size if ln.text_size > 0 else (box.width if cross else box.height)
        out.append(TLine(line=ln, box=box, size=float(size), cross=cross))
    return out


def _is_vertical(page: Page, lines: list[Line]) -> bool:
    if not lines:
        return page.vertical
    ttb = sum(len(ln.text) for ln in lines if ln.direction == "ttb")
    return ttb > 0.5 * sum(len(ln.text) for ln in lines)


def _to_block(b: TBlock, frame: Frame) -> Block:
    role = BlockRole(b.role) if b.role in BlockRole.__members__ else BlockRole.unknown
    return Block(
        id=b.id,
        lines=[ln.line for ln in b.lines],
        role=role,
        polygon=frame.to_page_box(b.box).polygon(),
        column=b.column,
        furniture_kind=b.furniture_kind,
    )


def _separator(r: Rule, i: int, page_id: str, frame: Frame) -> Separator:
    kind = r.kind
    if frame.vertical and kind != "box":
        kind = "vertical" if kind == "horizontal" else "horizontal"
    return Separator(id=f"{page_id}_s{i + 1:03d}", kind=kind, polygon=frame.to_page_box(r.box).polygon())


def analyse_layout(page: Page, image: np.ndarray, lang: str = "auto") -> Page:
    """Find separators, pictures, columns, blocks and articles on ``page``; returns the page.

    ``page.blocks`` may hold the recognised lines in any order and any
    blocking (typically one ``unknown`` block); they are regrouped. ``image``
    is the processed (deskewed) greyscale page the line polygons refer to.
    ``lang`` (``auto``, ``zh`` or ``en``) steers reflow and byline rules.
    """
    gray = _grey(image, page)
    all_lines = list(page.lines())
    placed = [ln for ln in all_lines if ln.has_geometry and ln.text.strip()]
    unplaced = [ln for ln in all_lines if not (ln.has_geometry and ln.text.strip())]
    frame = Frame(_is_vertical(page, placed), page.width, page.height)
    fimg = frame.image(gray)

    tlines = _tlines(placed, frame)
    body = body_size(tlines) or max(12.0, min(frame.width, frame.height) / 150)
    ink = binarise(fimg)
    rules = find_rules(ink, body, [t.box for t in tlines])
    measure_ink(tlines, ink)
    # Print showing through from the back of the sheet is read by the detector
    # but lies under the ink threshold: a line without a single ink pixel on a
    # page whose lines have ink is not text of this page.
    inked = [t.ink for t in tlines if t.ink > 0]
    if inked and len(inked) >= 0.5 * len(tlines) and float(np.median(inked)) >= SHOW_THROUGH_PAGE_INK:
        ghosts = [t for t in tlines if t.ink < SHOW_THROUGH_INK]
        if ghosts:
            tlines = [t for t in tlines if t.ink >= SHOW_THROUGH_INK]
            unplaced += [t.line for t in ghosts]
    # Join word pieces first (rows of whole lines show gutters plainly), then
    # cut whatever still runs across a gutter, whether the detector or the
    # joining put it there.
    gutters = GutterMap(
        ink, body, latin=guess_lang(" ".join(t.text for t in tlines)) == "en", lines=[t.box for t in tlines]
    )
    tlines = rebuild_lines(tlines, rules, frame, body, gutters)
    settle_sizes(tlines, body, gutters)
    # A caption under a photo set over several columns runs across the
    # gutters of the text under it: it is found first, and left whole.
    # (Only lines that show it, set small or with a credit, within the photo's
    # width: a row the detector ran on into the column beside is cut.)
    pad = max(int(0.3 * body), 2)
    photos = find_pictures(fimg, ink, body, [t.box for t in tlines], rule_mask(ink.shape[:2], rules, pad))
    tag_caption_lines(tlines, photos, body)
    for t in tlines:
        if t.caption and not (
            (t.size <= CAPTION_SIZE * body or CREDIT.search(t.text))
            and any(p.x0 - body <= t.box.x0 and t.box.x1 <= p.x1 + body for p in photos)
        ):
            t.caption = False
    tlines = split_straddling(tlines, rules, frame, ink, gutters)
    settle_stacked_rows(tlines, ink, body)
    settle_drop_caps(tlines, ink, body)
    measure_letters(tlines, ink, body)

    pictures = find_pictures(fimg, ink, body, [t.box for t in tlines], rule_mask(ink.shape[:2], rules, pad))
    rules = [r for r in rules if not any(_inside(r.box, p, pad) for p in pictures)]
    # Text read inside a picture (a sign in a photo, or texture read as a
    # character) is not article text: kept on the page, out of the articles.
    in_pictures = [t for t in tlines if any(_inside(t.box, p, pad) for p in pictures)]
    if in_pictures:
        tlines = [t for t in tlines if not any(t is u for u in in_pictures)]
        unplaced += [t.line for t in in_pictures]
    tag_furniture(tlines, rules, body)
    # (Afresh: the pictures found before lines were cut served only to keep
    # captions whole.)
    for t in tlines:
        t.caption = False
    tag_caption_lines(tlines, pictures, body)

    prefix = f"{page.id}_b"
    blocks = build_blocks(tlines, body, rules, pictures, TITLE_SIZE * body, prefix)
    # Text type set upright on a horizontal page (the border of an advert, a
    # credit up the side of a photo) is read in no article's columns. (A
    # headline set upright, as Chinese papers do, is display type. Vertical
    # pages can hold whole stories set across.)
    for b in blocks:
        if frame.vertical:
            break
        # (Chinese pages set poems and whole stories upright beside text set across.)
        if mostly_han(b.text):
            continue
        if b.role == "body" and all(ln.cross for ln in b.lines) and b.size <= TITLE_SIZE * body:
            b.role, b.furniture_kind = "furniture", "marginalia"
    ink_body = body_ink(tlines, body)
    captions = find_captions(pictures, blocks, body, lambda b: is_display(b, body, ink_body))
    # A Latin line whose box came out tall (a justified line with wide spaces
    # that took in its neighbours' ascenders) keeps the x-height of text.
    body_xh = (
        float(np.median(xs))
        if (xs := [t.x_height for t in tlines if t.x_height > 0 and abs(t.size - body) <= 0.15 * body])
        else 0.0
    )
    display = [
        b
        for b in blocks
        if b.role == "body"
        and is_display(b, body, ink_body)
        and not (body_xh > 0 and 0 < b.measured_x_height <= TEXT_X_HEIGHT * body_xh)
    ]
    shown = {id(b) for b in display}
    titles = group_titles(
        display, rules, [b for b in blocks if b.role == "body" and id(b) not in shown], body
    )
    # A bold byline standing alone ("By JANE DOE" under a photo's caption) is
    # set like a small title but heads no article: it stays with the text.
    for g in [g for g in titles if all(is_byline_line(b.text.replace("\n", " ")) for b in g.blocks)]:
        titles.remove(g)
        for b in g.blocks:
            b.role = "body"
    blocks += attach_decks(titles, blocks, rules, body, ink_body, body_xh)

    columns = find_columns(blocks, body)
    assign_columns(blocks, columns)
    drafts = assemble(titles, make_units(blocks, pictures, captions, rules), rules, body)
    regions(drafts, body)

    # Write the results back into the page tree, in page coordinates.
    order = {b.id: i for i, b in enumerate(blocks)}
    page.vertical = frame.vertical
    page.columns = [(float(a), float(b)) for a, b in columns]
    page.separators = [_separator(r, i, page.id, frame) for i, r in enumerate(rules)]
    page.pictures = [
        Picture(
            id=f"{page.id}_p{i + 1:03d}",
            polygon=frame.to_page_box(p).polygon(),
            caption_block_id=captions[i].id if i in captions else None,
        )
        for i, p in enumerate(pictures)
    ]
    composed: list[tuple[Draft, Article]] = []
    for k, d in enumerate(drafts):
        article = compose(
            d, f"{page.id}_a{k + 1:03d}", columns, frame, lang if lang != "auto" else (page.lang or "auto")
        )
        if d.title is not None and not runs_text(article):
            # Display type over no running text: an advertisement, a shop's
            # hours, a masthead's slogan, not a story. Its blocks stay on the
            # page, in no article.
            log.debug("not an article (no sentence under its title): %s", article.headline)
            continue
        ids = [b.id for b in d.title.blocks] if d.title else []
        ids += [u.block.id for u in d.units if u.block is not None]
        ids += [u.caption.id for u in d.units if u.caption is not None]
        article.block_ids = ids
        article.region = [frame.to_page_polygon(poly) for poly in d.region]
        composed.append((d, article))
    # Jump lines first: the part of a story on its first page is short, and
    # its jump line tells it from an advertisement.
    attach_jumps(
        [a for _, a in composed],
        [_to_block(b, frame) for b in blocks if b.furniture_kind == "jump"],
        body,
        frame.vertical,
    )
    page.articles = []
    for d, article in composed:
        title_blocks = list(d.title.blocks) if d.title else []
        text_blocks = [b for u in d.units for b in (u.block, u.caption) if b is not None]
        jumps = article.continued_on or article.continued_from
        if not jumps and is_advertisement(
            article, [b.box for b in title_blocks], [b.box for b in text_blocks]
        ):
            log.debug("an advertisement, not an article: %s", article.headline or article.body_text[:40])
            for b in title_blocks + text_blocks:
                b.role, b.furniture_kind = "furniture", "advertisement"
            continue
        page.articles.append(article)
    out_blocks = [_to_block(b, frame) for b in sorted(blocks, key=lambda b: order[b.id])]
    if unplaced:
        out_blocks.append(Block(id=f"{prefix}unplaced", lines=unplaced, role=BlockRole.unknown))
    page.blocks = out_blocks
    log.info(
        "layout of %s: %d blocks, %d articles, %d separators, %d pictures, %d columns",
        page.id,
        len(page.blocks),
        len(page.articles),
        len(page.separators),
        len(page.pictures),
        len(page.columns),
    )
    return page


def attach_jumps(
    articles: Sequence[Article], jumps: Sequence[Block], body: float, vertical: bool = False
) -> None:
    """Give each jump line's page to the article it stands in or against.

    "(Continued on page 3)" closes the story above it; "(Continued from page
    1)" stands under the title of the story it continues. A jump line belongs
    to the nearest article region within :data:`JUMP_REACH` body sizes (the
    one it overlaps most when it stands inside several); on a horizontal page
    the nearest of those on its side first: for "on" a region whose middle
    lies above the line, for "from" one whose middle lies below it. (At a
    column's foot, "on" touches the next story's region too.)
    """
    areas = [(a, unary_union([Polygon(p) for p in a.region])) for a in articles if a.region]
    for block in jumps:
        jump = jump_of(block.text.replace("\n", " "))
        if jump is None or not areas:
            continue
        box = Polygon(block.polygon) if block.polygon else None
        if box is None or box.area <= 0:
            continue
        way, page_label = jump
        near = [(region.distance(box), -region.intersection(box).area, a, region) for a, region in areas]
        near = [t for t in near if t[0] <= JUMP_REACH * body]
        if not near:
            continue
        if not vertical:
            cy = box.centroid.y
            side = [t for t in near if (t[3].centroid.y < cy) == (way == "on")]
            near = side or near
        article = min(near, key=lambda t: t[:2])[2]
        if way == "on" and article.continued_on is None:
            article.continued_on = page_label
        elif way == "from" and article.continued_from is None:
            article.continued_from = page_label


def runs_text(article: Article) -> bool:
    """Whether an article's body holds running text: at least one sentence.

    A sentence ends at a full stop, question or exclamation mark and holds at
    least four words, two of them in small letters ("Doors open at 7:30 p.m.
    on Friday."), or six ideographs; a shop's hours ("Mon - Fri 8:30 a.m. to 5
    p.m. Thurs.") are no sentence.
    """
    for p in article.paragraphs:
        start = 0
        for m in _SENTENCE_END.finditer(p.text):
            chunk, start = p.text[start : m.end()], m.end()
            if m.group() in "。！？":
                if sum(is_han(c) for c in chunk) >= 6:
                    return True
                continue
            words = chunk.split()
            if len(words) >= 4 and sum(w.isalpha() and w.islower() for w in words) >= 2:
                return True
    return False


def _inside(box: BBox, outer: BBox, pad: float) -> bool:
    return (
        box.x0 >= outer.x0 - pad
        and box.y0 >= outer.y0 - pad
        and box.x1 <= outer.x1 + pad
        and box.y1 <= outer.y1 + pad
    )
