"""ALTO reader (v1–v4, any namespace, including CCS's) for ground truth.

Coordinates are converted to pixels from the ``MeasurementUnit``:
``pixel`` as is, ``mm10`` (tenths of a millimetre) as ``v·dpi/254``,
``inch1200`` as ``v·dpi/1200``. The resolution is the ``dpi`` argument when
given, else the one stated by the page image that ``sourceImageInformation``
names, else 300.

``TextBlock``\\ s (also inside ``ComposedBlock``\\ s and page margins) become
blocks; their role comes from ``TAGREFS`` pointing at a tag whose LABEL or
TYPE names a role (headline, byline, caption, ...), else blocks in the page
margins are furniture and the rest unknown; a tag of TYPE ``furniture_kind``
gives the furniture's kind. Line text is the ``String`` contents joined by
spaces, with the ``HYP`` character kept at the line end as printed.
``BASEDIRECTION="ttb"`` (on the line or its block) makes a line vertical,
and the page when all its lines are. ``Illustration``\\ s become pictures; a
``GraphicalElement`` becomes a separator when a ``separator_kind`` tag says
so or it is a long thin rule (kind from its shape), not when it is a box.
An ALTO 4 ``ReadingOrder`` orders the blocks, and a group tagged "article"
becomes an article (a nested group tagged "paragraph" is one paragraph);
ElementRefs may name blocks or single lines.

Files scan2text wrote (see :mod:`.readers_common`) come back as the page
tree they were written from: a space between Strings only where an ``SP``
stands (an unspaced Chinese line is several Strings), article ids without
the ``ART_`` prefix, soft hyphens (``HYP`` after a ``SUBS_TYPE="HypPart1"``
String) and the page's ``LANG`` used to join paragraphs, a body block the
article names outside its paragraph groups kept out of the paragraphs, and
an inline byline cut out of the body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from scan2text.document import BBox, Block, BlockRole, Document, Line, Page, Picture, Point, Separator, Word
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
)

logger = logging.getLogger(__name__)

DEFAULT_DPI = 300.0
_MARGINS = ("TopMargin", "BottomMargin", "LeftMargin", "RightMargin")
_GROUPS = ("OrderedGroup", "UnorderedGroup")
# A GraphicalElement at least this many times longer than thick is a rule (a separator).
_RULE_ASPECT = 5.0


def image_dpi(image: Path) -> float | None:
    """The resolution an image file states, or None (missing file, no tag, unreadable)."""
    if not image.is_file():
        return None
    try:
        from PIL import Image

        with Image.open(image) as im:
            dpi = im.info.get("dpi")
    except Exception:  # noqa: BLE001 - an unreadable image only means "resolution unknown"
        return None
    if not dpi or not dpi[0] or float(dpi[0]) <= 1:
        return None
    # JPEG 2000 stores resolution as a fraction: 299.9994 is 300.
    return round(float(dpi[0]), 1)


class _Units:
    """Converts ALTO coordinates in one MeasurementUnit to pixels at a resolution."""

    def __init__(self, unit: str, dpi: float) -> None:
        unit = unit.strip().lower()
        if unit in ("", "pixel", "pixels", "px"):
            self.factor = 1.0
        elif unit == "mm10":
            self.factor = dpi / 254.0
        elif unit == "inch1200":
            self.factor = dpi / 1200.0
        else:
            raise ValueError(f"unknown ALTO MeasurementUnit {unit!r}")

    def num(self, el: etree._Element, attr: str) -> float:
        """An attribute in pixels (0 when absent)."""
        return float(el.get(attr, "0") or 0) * self.factor

    def box(self, el: etree._Element) -> list[Point]:
        """The HPOS/VPOS/WIDTH/HEIGHT rectangle in pixels ([] without position)."""
        if el.get("HPOS") is None or el.get("WIDTH") is None:
            return []
        x, y = self.num(el, "HPOS"), self.num(el, "VPOS")
        return BBox(x, y, x + self.num(el, "WIDTH"), y + self.num(el, "HEIGHT")).polygon()

    def shape(self, el: etree._Element) -> list[Point]:
        """The Shape/Polygon outline in pixels, else the rectangle."""
        for shape in children(el, "Shape"):
            for poly in children(shape, "Polygon"):
                pts = parse_points(poly.get("POINTS"))
                if len(pts) >= 3:
                    return [(x * self.factor, y * self.factor) for x, y in pts]
        return self.box(el)


@dataclass(frozen=True)
class _Tag:
    """An ALTO tag: its TYPE and LABEL as written."""

    type: str
    label: str

    @property
    def name(self) -> str:
        """What the tag names, lower case: its label, else its type."""
        return (self.label or self.type).lower()


def _tags(root: etree._Element) -> dict[str, _Tag]:
    """Tag ID -> the tag."""
    out: dict[str, _Tag] = {}
    for tags in children(root, "Tags"):
        for tag in tags:
            if tag.get("ID"):
                out[tag.get("ID", "")] = _Tag(tag.get("TYPE") or "", tag.get("LABEL") or "")
    return out


def _tagged(el: etree._Element, tags: dict[str, _Tag]) -> list[_Tag]:
    return [tags[r] for r in (el.get("TAGREFS") or "").split() if r in tags]


def _role_of(el: etree._Element, tags: dict[str, _Tag]) -> BlockRole | None:
    for tag in _tagged(el, tags):
        role = role_from_label(tag.name)
        if role is not None:
            return role
    return None


def _kind_of(el: etree._Element, tags: dict[str, _Tag], tag_type: str) -> str | None:
    """The label of the first tag of ``tag_type`` the element points at (scan2text's kind tags)."""
    return next((t.label for t in _tagged(el, tags) if t.type == tag_type and t.label), None)


def _line_text(el: etree._Element, exact: bool) -> str:
    """The ``String`` contents and the ``HYP`` at the end (see module docstring for the spaces)."""
    text = ""
    hyphen = ""
    space = False
    for c in el:
        name = localname(c)
        if name == "SP":
            space = True
        elif name == "HYP":
            hyphen = c.get("CONTENT") or "-"
        elif name == "String" and c.get("CONTENT"):
            if text and (space or not exact):
                text += " "
            text += c.get("CONTENT", "")
            space = False
    return text + hyphen


def _line(
    el: etree._Element, units: _Units, fallback_id: str, vertical: bool, exact: bool
) -> tuple[Line, bool]:
    """The line, and whether it ends in a soft hyphen (``HYP`` after a ``HypPart1`` String)."""
    strings = children(el, "String")
    words = [
        Word(text=s.get("CONTENT", ""), polygon=units.box(s), confidence=float(s.get("WC", "1") or 1))
        for s in strings
    ]
    poly = units.box(el)
    if not poly and any(w.polygon for w in words):
        poly = BBox.union_all([BBox.of_points(w.polygon) for w in words if w.polygon]).polygon()
    conf = min((w.confidence for w in words), default=1.0)
    size = BBox.of_points(poly).height if poly else 0.0
    direction = el.get("BASEDIRECTION") or ("ttb" if vertical else "")
    line = Line(
        id=el.get("ID") or fallback_id,
        text=_line_text(el, exact),
        polygon=poly,
        confidence=conf,
        text_size=size,
        words=words,
        direction="ttb" if direction == "ttb" else "ltr",
    )
    soft = bool(children(el, "HYP")) and bool(strings) and strings[-1].get("SUBS_TYPE") == "HypPart1"
    return line, soft


def _separator(el: etree._Element, polygon: list[Point], tags: dict[str, _Tag]) -> Separator | None:
    """A ``GraphicalElement`` that is a rule: tagged with a separator kind, or a long thin shape (not a box)."""
    box = BBox.of_points(polygon)
    kind = _kind_of(el, tags, "separator_kind")
    if kind is None and max(box.width, box.height) >= _RULE_ASPECT * max(min(box.width, box.height), 1.0):
        kind = "horizontal" if box.width >= box.height else "vertical"
    return Separator(id=el.get("ID") or "", kind=kind, polygon=polygon) if kind else None


def _page(
    pel: etree._Element, units: _Units, tags: dict[str, _Tag], index: int, source: str, join: LineJoin
) -> Page:
    page = Page(
        id=pel.get("ID") or f"page{index + 1}",
        width=round(units.num(pel, "WIDTH")),
        height=round(units.num(pel, "HEIGHT")),
        source=source,
        page_index=index,
        lang=pel.get("LANG") or None,
    )
    for area in pel:
        in_margin = localname(area) in _MARGINS
        for el in area.iter():
            name = localname(el)
            if name == "TextBlock":
                bid = el.get("ID") or f"{page.id}_b{len(page.blocks) + 1}"
                lines = []
                vertical = el.get("BASEDIRECTION") == "ttb"
                for k, ln in enumerate(children(el, "TextLine")):
                    line, soft = _line(ln, units, f"{bid}.l{k + 1}", vertical, join.exact)
                    lines.append(line)
                    if soft:
                        join.soft.add(id(line))
                role = _role_of(el, tags) or (BlockRole.furniture if in_margin else BlockRole.unknown)
                kind = _kind_of(el, tags, "furniture_kind")
                if kind is None and in_margin:
                    kind = localname(area).replace("Margin", "").lower()
                page.blocks.append(
                    Block(
                        id=bid,
                        lines=lines,
                        role=role,
                        polygon=units.shape(el),
                        furniture_kind=kind if role is BlockRole.furniture else None,
                    )
                )
            elif name == "Illustration" and units.box(el):
                page.pictures.append(Picture(id=el.get("ID") or "", polygon=units.shape(el)))
            elif name == "GraphicalElement" and units.box(el):
                separator = _separator(el, units.shape(el), tags)
                if separator is not None:
                    page.separators.append(separator)
    lines = list(page.lines())
    page.vertical = bool(lines) and all(ln.direction == "ttb" for ln in lines)
    join.lang = page.lang or "auto"
    return page


def _flatten(group: etree._Element) -> list[str]:
    out: list[str] = []
    for c in group:
        if localname(c) == "ElementRef" and c.get("REF"):
            out.append(c.get("REF", ""))
        elif localname(c) in _GROUPS:
            out.extend(_flatten(c))
    return out


def _pieces(refs: list[str], blocks: dict[str, Block], lines: dict[str, tuple[Block, Line]]) -> list[Piece]:
    """Referenced blocks (whole) and lines (grouped by their block), in order."""
    out: list[tuple[Block, list[Line]]] = []
    for ref in refs:
        if ref in blocks:
            out.append((blocks[ref], list(blocks[ref].lines)))
        elif ref in lines:
            block, line = lines[ref]
            if out and out[-1][0] is block:
                out[-1][1].append(line)
            else:
                out.append((block, [line]))
    return list(out)


def _apply_reading_order(root: etree._Element, page: Page, tags: dict[str, _Tag], join: LineJoin) -> None:
    """Order the blocks and build articles from an ALTO 4 ReadingOrder, if there is one.

    ElementRefs may name blocks or lines (scan2text's export names the lines
    of each paragraph, since a paragraph may cross blocks).
    """
    orders = children(root, "ReadingOrder")
    if not orders:
        return
    blocks = {b.id: b for b in page.blocks}
    lines = {ln.id: (b, ln) for b in page.blocks for ln in b.lines}
    order = [r if r in blocks else lines[r][0].id for r in _flatten(orders[0]) if r in blocks or r in lines]
    rank = {rid: k for k, rid in enumerate(dict.fromkeys(order))}
    page.blocks.sort(key=lambda b: rank.get(b.id, len(rank)))

    def tagged(el: etree._Element, word: str) -> bool:
        return any(word in t.name for t in _tagged(el, tags))

    for k, g in enumerate(
        el for el in orders[0].iter() if localname(el) in _GROUPS and tagged(el, "article")
    ):
        parts: list[tuple[BlockRole | None, list[Piece]]] = []
        for c in g:
            if localname(c) == "ElementRef":
                pieces = _pieces([c.get("REF", "")], blocks, lines)
                if not pieces:
                    continue
                role: BlockRole | None = _role_of(c, tags) or pieces[0][0].role
                if join.exact and role in (BlockRole.body, BlockRole.unknown):
                    # scan2text names paragraphs as groups of lines; a body block named
                    # whole belongs to the article but to none of its paragraphs.
                    role = None
                parts.append((role, pieces))
            elif localname(c) in _GROUPS:
                pieces = _pieces(_flatten(c), blocks, lines)
                if pieces:
                    parts.append((BlockRole.body, pieces))
        gid = g.get("ID") or f"article{k + 1}"
        if join.exact and gid.startswith("ART_"):
            gid = gid[len("ART_") :]
        article = assemble_article(gid, parts, join=join)
        if join.exact and article.byline is None:
            inline_byline(article)
        page.articles.append(article)


def _written_by_scan2text(root: etree._Element) -> bool:
    return any((el.text or "").strip() == PRODUCER for el in descendants(root, "softwareName"))


def read_alto_pages(
    path: Path, tree: etree._ElementTree, dpi: float | None = None
) -> tuple[Document, list[LineJoin]]:
    """Read a parsed ALTO file into a Document (one page per ALTO ``Page``), with each page's :class:`LineJoin`.

    The METS reader joins an article's lines by the rules of the ALTO file they come from.
    """
    root = tree.getroot()
    if localname(root).lower() != "alto":
        raise GroundTruthError(f"not an ALTO file (root element <{localname(root)}>)", path)
    unit_el = descendants(root, "MeasurementUnit")
    unit = (unit_el[0].text or "") if unit_el else "pixel"
    names = descendants(root, "fileName")
    image = (
        resolve_href(path, (names[0].text or "").strip()) if names and (names[0].text or "").strip() else None
    )
    found = image_dpi(image) if image else None
    used_dpi = dpi or found or DEFAULT_DPI
    try:
        units = _Units(unit, used_dpi)
    except ValueError as e:
        raise GroundTruthError(str(e), path) from e
    if units.factor != 1.0:
        logger.debug("%s: %s at %s dpi -> factor %.4f", path, unit, used_dpi, units.factor)
    tags = _tags(root)
    layouts = children(root, "Layout")
    if not layouts or not children(layouts[0], "Page"):
        raise GroundTruthError("ALTO without Layout/Page", path)
    source = str(image) if image and image.is_file() else ""
    exact = _written_by_scan2text(root)
    pages = []
    joins = []
    try:
        for k, pel in enumerate(children(layouts[0], "Page")):
            join = LineJoin(exact=exact)
            page = _page(pel, units, tags, k, source, join)
            page.dpi = used_dpi
            _apply_reading_order(root, page, tags, join)
            pages.append(page)
            joins.append(join)
    except ValueError as e:
        raise GroundTruthError(f"bad number in ALTO: {e}", path) from e
    meta = {"format": "alto", "namespace": namespace(root), "measurement_unit": unit, "dpi": used_dpi}
    return Document(source=str(path), pages=pages, metadata=meta), joins


def read_alto(path: Path, tree: etree._ElementTree, dpi: float | None = None) -> Document:
    """Read a parsed ALTO file into a Document (one page per ALTO ``Page``)."""
    return read_alto_pages(path, tree, dpi)[0]
