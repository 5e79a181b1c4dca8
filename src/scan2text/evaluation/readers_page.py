"""PAGE-XML reader (PRImA PAGE 2010–2019 namespaces) for ground truth.

Text regions become blocks (nested regions included), their ``TextLine``\\ s
lines; a region with text but no lines becomes one line per text line of
its ``TextEquiv``. Region types map to roles: heading → headline (a second
heading in an article → subheadline), credit → byline, paragraph → body,
caption → caption, header/footer/page-number → furniture, anything else →
unknown. A Transkribus-style ``custom="structure {type:kicker;}"`` wins over
``type`` when it names a role (PAGE has no kicker, byline or subheadline
type; scan2text's own export writes them there).

The ``ReadingOrder`` puts the blocks in order (regions it does not mention
follow in document order), and every ordered or unordered group with
``type="article"`` becomes an article: its regions in group order, a nested
group of ``type="paragraph"`` making one paragraph of several regions. Where
lines carry ``custom="paragraph {start:true;}"`` (scan2text's export), the
article's body is cut into paragraphs at those lines instead.

``readingDirection="top-to-bottom"`` makes the page (and a region's or
line's lines) vertical; ``primaryLanguage`` gives the page's language.
Separators take their kind from ``custom="structure {kind:...;}"``, else from
their shape; a ``link`` relation from a region to an image region makes it
that picture's caption. Coordinates marked ``comments="no geometry"`` (the
stand-in scan2text writes for text without geometry) are left empty.

Files scan2text wrote (see :mod:`.readers_common`) come back as the page
tree they were written from: article ids without the ``ro_`` prefix, lines
marked ``custom="hyphenation {soft:true;}"`` joined without their hyphen,
body lines before the first paragraph start in no paragraph, and an inline
byline cut out of the body.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from scan2text.document import (
    Article,
    BBox,
    Block,
    BlockRole,
    Document,
    Line,
    Page,
    Picture,
    Point,
    Separator,
    Word,
)
from scan2text.errors import GroundTruthError
from scan2text.evaluation.readers_common import (
    PRODUCER,
    LineJoin,
    Piece,
    assemble_article,
    children,
    descendants,
    inline_byline,
    localname,
    namespace,
    parse_points,
    resolve_href,
    role_from_label,
    whole,
)

logger = logging.getLogger(__name__)

REGION_ROLES = {
    "heading": BlockRole.headline,
    "credit": BlockRole.byline,
    "paragraph": BlockRole.body,
    "caption": BlockRole.caption,
    "header": BlockRole.furniture,
    "footer": BlockRole.furniture,
    "page-number": BlockRole.furniture,
}
_CUSTOM_TYPE = re.compile(r"structure\s*\{[^}]*type:\s*([\w-]+)")
_PARA_START = re.compile(r"paragraph\s*\{[^}]*start:\s*true")
_SOFT_HYPHEN = re.compile(r"hyphenation\s*\{[^}]*soft:\s*true")
_KIND = re.compile(r"kind:\s*([^;}]+)")
_TTB = "top-to-bottom"
# primaryLanguage (an English language name) -> the page tree's code.
_LANGUAGES = {"Chinese": "zh", "English": "en", "German": "de", "French": "fr", "Japanese": "ja"}
_GROUPS = ("OrderedGroup", "UnorderedGroup", "OrderedGroupIndexed", "UnorderedGroupIndexed")


def _coords(el: etree._Element) -> list[Point]:
    if el.get("comments") == "no geometry":
        return []
    for c in children(el, "Coords"):
        if c.get("points"):
            return parse_points(c.get("points"))
        # PAGE 2010 lists <Point x= y=/> children instead of a points attribute.
        return [(float(p.get("x", 0)), float(p.get("y", 0))) for p in children(c, "Point")]
    return []


def _text_equiv(el: etree._Element) -> str | None:
    """Text of the element's own TextEquiv with the lowest index (None when it has none)."""
    equivs = children(el, "TextEquiv")
    if not equivs:
        return None
    equivs.sort(key=lambda e: int(e.get("index", "0") or 0))
    uni = children(equivs[0], "Unicode")
    return (uni[0].text or "") if uni else ""


def _role(el: etree._Element) -> tuple[BlockRole, str]:
    """Role and kind of a region: the Transkribus ``custom`` structure type wins over ``type``.

    ``custom`` says more where PAGE has no type (kicker, byline, subheadline),
    so it goes first; a custom type that names no role falls back to ``type``.
    """
    kind = el.get("type") or ""
    m = _CUSTOM_TYPE.search(el.get("custom", ""))
    if m:
        role = role_from_label(m.group(1))
        if role is not None:
            return role, m.group(1)
        kind = kind or m.group(1)
    return REGION_ROLES.get(kind, BlockRole.unknown), kind


def _block(el: etree._Element, starts: set[str], join: LineJoin, vertical: bool) -> Block:
    """A block from a TextRegion.

    Ids of lines marked ``paragraph {start:true;}`` go into ``starts``, lines
    marked ``hyphenation {soft:true;}`` into ``join.soft``.
    """
    rid = el.get("id") or ""
    role, kind = _role(el)
    vertical = el.get("readingDirection", _TTB if vertical else "") == _TTB
    lines: list[Line] = []
    for k, ln in enumerate(children(el, "TextLine")):
        poly = _coords(ln)
        words = [Word(text=_text_equiv(w) or "", polygon=_coords(w)) for w in children(ln, "Word")]
        text = _text_equiv(ln)
        if text is None:
            text = " ".join(w.text for w in words if w.text)
        size = BBox.of_points(poly).height if len(poly) >= 3 else 0.0
        lid = ln.get("id") or f"{rid}.l{k + 1}"
        direction = "ttb" if ln.get("readingDirection", _TTB if vertical else "") == _TTB else "ltr"
        line = Line(id=lid, text=text, polygon=poly, words=words, text_size=size, direction=direction)
        lines.append(line)
        if _PARA_START.search(ln.get("custom", "")):
            starts.add(lid)
        if _SOFT_HYPHEN.search(ln.get("custom", "")):
            join.soft.add(id(line))
    if not lines:
        text = _text_equiv(el) or ""
        lines = [Line(id=f"{rid}.l{k + 1}", text=t) for k, t in enumerate(text.splitlines()) if t.strip()]
    kind_m = _KIND.search(el.get("custom", ""))
    furniture = (kind_m.group(1) if kind_m else kind) if role is BlockRole.furniture else None
    return Block(id=rid, lines=lines, role=role, polygon=_coords(el), furniture_kind=furniture)


def _ordered_children(group: etree._Element) -> list[etree._Element]:
    kids = [c for c in group if localname(c) in ("RegionRef", "RegionRefIndexed", *_GROUPS)]
    if any(c.get("index") is not None for c in kids):
        kids.sort(key=lambda c: int(c.get("index", "0")))
    return kids


def _flatten(group: etree._Element) -> list[str]:
    """Region ids of a reading-order group, depth first, in order."""
    out: list[str] = []
    if group.get("regionRef"):
        out.append(group.get("regionRef", ""))
    for c in _ordered_children(group):
        if localname(c) in _GROUPS:
            out.extend(_flatten(c))
        elif c.get("regionRef"):
            out.append(c.get("regionRef", ""))
    return out


def _article_parts(group: etree._Element, blocks: dict[str, Block]) -> list[tuple[BlockRole, list[Piece]]]:
    parts: list[tuple[BlockRole, list[Piece]]] = []
    for item in ([group] if group.get("regionRef") else []) + _ordered_children(group):
        if item is group or localname(item) not in _GROUPS:
            ref = item.get("regionRef", "")
            if ref in blocks:
                parts.append((blocks[ref].role, whole([blocks[ref]])))
            elif ref:
                logger.warning("reading order names region %r that is not on the page", ref)
        elif item.get("type") == "paragraph":
            members = [blocks[r] for r in _flatten(item) if r in blocks]
            if members:
                parts.append((BlockRole.body, whole(members)))
        else:
            parts.extend(_article_parts(item, blocks))
    # A second heading in one article is its subheadline (PAGE has no such type).
    seen_headline = False
    for k, (role, pieces) in enumerate(parts):
        if role is BlockRole.headline:
            if seen_headline:
                parts[k] = (BlockRole.subheadline, pieces)
            seen_headline = True
    return parts


def _split_at_starts(
    parts: list[tuple[BlockRole, list[Piece]]], starts: set[str], exact: bool
) -> list[tuple[BlockRole | None, Sequence[Piece]]]:
    """Re-cut body text into paragraphs at lines marked as paragraph starts.

    scan2text's PAGE export marks the first line of every paragraph, since a
    paragraph may run from one region into the next or share a region with
    another. Without any mark, each body region stays one paragraph. In a file
    scan2text wrote (``exact``) the marks are the whole truth: a paragraph runs
    on past title or caption regions to the next mark, and body lines before
    the first mark belong to no paragraph (their blocks stay the article's).
    """
    body = (BlockRole.body, BlockRole.unknown)
    if not exact and not any(
        ln.id in starts for role, pieces in parts if role in body for _, lines in pieces for ln in lines
    ):
        return list(parts)
    out: list[tuple[BlockRole | None, Sequence[Piece]]] = []
    current: list[tuple[Block, list[Line]]] | None = None
    for role, pieces in parts:
        if role not in body:
            out.append((role, pieces))
            current = current if exact else None
            continue
        for block, lines in pieces:
            for line in lines:
                if line.id in starts or (current is None and not exact):
                    current = []
                    out.append((BlockRole.body, current))
                if current is None:
                    out.append((None, [(block, [line])]))
                elif current and current[-1][0] is block:
                    current[-1][1].append(line)
                else:
                    current.append((block, [line]))
    return out


def read_page_xml(path: Path, tree: etree._ElementTree) -> Document:
    """Read a parsed PAGE-XML file into a one-page Document."""
    root = tree.getroot()
    ns = namespace(root)
    if "primaresearch.org/PAGE/gts/pagecontent" not in ns:
        logger.warning("%s: unexpected PAGE namespace %r; reading it anyway", path, ns)
    pages = children(root, "Page")
    if not pages:
        raise GroundTruthError("PAGE-XML without a <Page> element", path)
    pel = pages[0]
    try:
        width, height = int(float(pel.get("imageWidth", "0"))), int(float(pel.get("imageHeight", "0")))
    except ValueError as e:
        raise GroundTruthError(f"bad imageWidth/imageHeight: {e}", path) from e
    image = pel.get("imageFilename", "")
    vertical = pel.get("readingDirection") == _TTB
    page = Page(
        id=Path(image).stem if image else path.stem,
        width=width,
        height=height,
        source=str(resolve_href(path, image)) if image else "",
        vertical=vertical,
        lang=_LANGUAGES.get(pel.get("primaryLanguage", "")),
    )
    creators = [(c.text or "").strip() for c in descendants(root, "Creator")]
    join = LineJoin(exact=any(c.split(" ")[0] == PRODUCER for c in creators), lang=page.lang or "auto")
    blocks: dict[str, Block] = {}
    starts: set[str] = set()
    for el in pel.iter():
        name = localname(el)
        if name == "TextRegion":
            b = _block(el, starts, join, vertical)
            blocks[b.id] = b
            page.blocks.append(b)
        elif name in ("ImageRegion", "GraphicRegion", "ChartRegion") and _coords(el):
            page.pictures.append(Picture(id=el.get("id") or "", polygon=_coords(el)))
        elif name == "SeparatorRegion" and len(_coords(el)) >= 3:
            box = BBox.of_points(_coords(el))
            kind_m = _KIND.search(el.get("custom", ""))
            kind = kind_m.group(1) if kind_m else "horizontal" if box.width >= box.height else "vertical"
            page.separators.append(Separator(id=el.get("id") or "", kind=kind, polygon=_coords(el)))
    _link_captions(pel, page)
    orders = children(pel, "ReadingOrder")
    if orders:
        top = [c for c in orders[0] if localname(c) in _GROUPS]
        order = [r for g in top for r in _flatten(g)]
        rank = {rid: k for k, rid in enumerate(dict.fromkeys(order))}
        page.blocks.sort(key=lambda b: rank.get(b.id, len(rank)))
        groups = [g for g in orders[0].iter() if localname(g) in _GROUPS and g.get("type") == "article"]
        for k, g in enumerate(groups):
            page.articles.append(_article(g, k, blocks, starts, join))
    return Document(source=str(path), pages=[page], metadata={"format": "page", "namespace": ns})


def _article(
    group: etree._Element, k: int, blocks: dict[str, Block], starts: set[str], join: LineJoin
) -> Article:
    """The article of a reading-order group (see module docstring)."""
    gid = group.get("id") or f"article{k + 1}"
    if join.exact and gid.startswith("ro_"):
        gid = gid[len("ro_") :]
    parts = _split_at_starts(_article_parts(group, blocks), starts, join.exact)
    article = assemble_article(gid, parts, join=join)
    if join.exact and article.byline is None:
        inline_byline(article)
    return article


def _link_captions(pel: etree._Element, page: Page) -> None:
    """``link`` relations from a text region to an image region: the region is the picture's caption."""
    pictures = {p.id: p for p in page.pictures}
    blocks = {b.id for b in page.blocks}
    for rel in descendants(pel, "Relation"):
        if rel.get("type") != "link":
            continue
        sources = [r.get("regionRef") for r in children(rel, "SourceRegionRef")]
        targets = [r.get("regionRef") for r in children(rel, "TargetRegionRef")]
        if sources and targets and sources[0] in blocks and targets[0] in pictures:
            pictures[targets[0]].caption_block_id = sources[0]
