"""ALTO reader (v1–v4, any namespace, including CCS's) for ground truth.

Coordinates are converted to pixels from the ``MeasurementUnit``:
``pixel`` as is, ``mm10`` (tenths of a millimetre) as ``v·dpi/254``,
``inch1200`` as ``v·dpi/1200``. The resolution is the ``dpi`` argument when
given, else the one stated by the page image that ``sourceImageInformation``
names, else 300.

``TextBlock``\\ s (also inside ``ComposedBlock``\\ s and page margins) become
blocks; their role comes from ``TAGREFS`` pointing at a tag whose LABEL or
TYPE names a role (headline, byline, caption, ...), else blocks in the page
margins are furniture and the rest unknown. Line text is the ``String``
contents joined by spaces, with the ``HYP`` character kept at the line end as
printed. An ALTO 4 ``ReadingOrder`` orders the blocks, and a group tagged
"article" becomes an article (a nested group tagged "paragraph" is one
paragraph); ElementRefs may name blocks or single lines.
"""

from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from scan2text.document import BBox, Block, BlockRole, Document, Line, Page, Picture, Point, Word
from scan2text.errors import GroundTruthError
from scan2text.evaluation.readers_common import (
    Piece,
    assemble_article,
    children,
    descendants,
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


def _tag_roles(root: etree._Element) -> dict[str, str]:
    """Tag ID -> its label (or type), lower case."""
    out: dict[str, str] = {}
    for tags in children(root, "Tags"):
        for tag in tags:
            if tag.get("ID"):
                out[tag.get("ID", "")] = (tag.get("LABEL") or tag.get("TYPE") or "").lower()
    return out


def _role_of(el: etree._Element, tags: dict[str, str]) -> BlockRole | None:
    for ref in (el.get("TAGREFS") or "").split():
        role = role_from_label(tags.get(ref, ""))
        if role is not None:
            return role
    return None


def _line(el: etree._Element, units: _Units, fallback_id: str) -> Line:
    words: list[Word] = []
    hyphen = ""
    for c in el:
        name = localname(c)
        if name == "String":
            words.append(
                Word(text=c.get("CONTENT", ""), polygon=units.box(c), confidence=float(c.get("WC", "1") or 1))
            )
        elif name == "HYP":
            hyphen = c.get("CONTENT") or "-"
    text = " ".join(w.text for w in words if w.text) + hyphen
    poly = units.box(el)
    if not poly and any(w.polygon for w in words):
        poly = BBox.union_all([BBox.of_points(w.polygon) for w in words if w.polygon]).polygon()
    conf = min((w.confidence for w in words), default=1.0)
    size = BBox.of_points(poly).height if poly else 0.0
    return Line(
        id=el.get("ID") or fallback_id, text=text, polygon=poly, confidence=conf, text_size=size, words=words
    )


def _page(pel: etree._Element, units: _Units, tags: dict[str, str], index: int, source: str) -> Page:
    page = Page(
        id=pel.get("ID") or f"page{index + 1}",
        width=round(units.num(pel, "WIDTH")),
        height=round(units.num(pel, "HEIGHT")),
        source=source,
        page_index=index,
    )
    for area in pel:
        in_margin = localname(area) in _MARGINS
        for el in area.iter():
            name = localname(el)
            if name == "TextBlock":
                bid = el.get("ID") or f"{page.id}_b{len(page.blocks) + 1}"
                lines = [_line(ln, units, f"{bid}.l{k + 1}") for k, ln in enumerate(children(el, "TextLine"))]
                role = _role_of(el, tags) or (BlockRole.furniture if in_margin else BlockRole.unknown)
                kind = localname(area).replace("Margin", "").lower() if in_margin else None
                page.blocks.append(
                    Block(id=bid, lines=lines, role=role, polygon=units.shape(el), furniture_kind=kind)
                )
            elif name == "Illustration" and units.box(el):
                page.pictures.append(Picture(id=el.get("ID") or "", polygon=units.shape(el)))
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


def _apply_reading_order(root: etree._Element, page: Page, tags: dict[str, str]) -> None:
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
        return any(word in tags.get(r, "") for r in (el.get("TAGREFS") or "").split())

    for k, g in enumerate(
        el for el in orders[0].iter() if localname(el) in _GROUPS and tagged(el, "article")
    ):
        parts: list[tuple[BlockRole, list[Piece]]] = []
        for c in g:
            if localname(c) == "ElementRef":
                pieces = _pieces([c.get("REF", "")], blocks, lines)
                if pieces:
                    parts.append((_role_of(c, tags) or pieces[0][0].role, pieces))
            elif localname(c) in _GROUPS:
                pieces = _pieces(_flatten(c), blocks, lines)
                if pieces:
                    parts.append((BlockRole.body, pieces))
        page.articles.append(assemble_article(g.get("ID") or f"article{k + 1}", parts))


def read_alto(path: Path, tree: etree._ElementTree, dpi: float | None = None) -> Document:
    """Read a parsed ALTO file into a Document (one page per ALTO ``Page``)."""
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
    tags = _tag_roles(root)
    layouts = children(root, "Layout")
    if not layouts or not children(layouts[0], "Page"):
        raise GroundTruthError("ALTO without Layout/Page", path)
    source = str(image) if image and image.is_file() else ""
    pages = []
    try:
        for k, pel in enumerate(children(layouts[0], "Page")):
            page = _page(pel, units, tags, k, source)
            page.dpi = used_dpi
            _apply_reading_order(root, page, tags)
            pages.append(page)
    except ValueError as e:
        raise GroundTruthError(f"bad number in ALTO: {e}", path) from e
    meta = {"format": "alto", "namespace": namespace(root), "measurement_unit": unit, "dpi": used_dpi}
    return Document(source=str(path), pages=pages, metadata=meta)
