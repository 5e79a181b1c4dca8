"""METS/ALTO issue reader: article structure from the METS logical structMap.

Pages come from the physical structMap (``div TYPE="PAGE"`` in ``ORDER``),
each with its ALTO file (``FLocat`` hrefs resolved against the METS file's
folder; ``file://./x.xml`` works). A page whose ALTO file is absent is
skipped with a warning.

Every logical ``div`` of type ARTICLE (any case) becomes an article (articles
the ALTO files' own reading order describes are dropped: the METS rules). Its
areas (``mets:area FILEID=… BEGIN=…``, optionally ``END=…`` for a range)
point at ALTO ``TextBlock`` or ``TextLine`` IDs. Div types give roles: HEADING and
TITLE → headline, SUBTITLE/SUBHEADING → subheadline, KICKER/OVERLINE →
kicker, AUTHOR/BYLINE → byline, CAPTION → caption, IMAGE → no text,
everything else (BODY, BODY_CONTENT, PARAGRAPH, TEXT) → body. Sibling divs
that all carry ``ORDER`` are read in that order; each PARAGRAPH div (or, in
its absence, each div holding areas) is one paragraph.

An article continued on a later page is still one article: it is filed in
``Page.articles`` of the page where it starts, its paragraphs include the
text from every page, ``block_ids`` lists blocks from every page (ALTO block
IDs are unique within an issue) and ``region`` holds only the polygons on
its own page (page coordinates do not carry across pages). Blocks of the
masthead (TITLE_SECTION) and of advertisements become furniture.
"""

from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from scan2text.document import Block, BlockRole, Document, Line, Page
from scan2text.errors import GroundTruthError
from scan2text.evaluation.readers_alto import image_dpi, read_alto
from scan2text.evaluation.readers_common import (
    assemble_article,
    children,
    descendants,
    localname,
    parse_xml,
    resolve_href,
)

logger = logging.getLogger(__name__)

_ROLE_OF_TYPE = {
    "HEADING": BlockRole.headline,
    "HEADLINE": BlockRole.headline,
    "TITLE": BlockRole.headline,
    "SUBTITLE": BlockRole.subheadline,
    "SUBHEADING": BlockRole.subheadline,
    "SUBHEADLINE": BlockRole.subheadline,
    "KICKER": BlockRole.kicker,
    "OVERLINE": BlockRole.kicker,
    "AUTHOR": BlockRole.byline,
    "BYLINE": BlockRole.byline,
    "CAPTION": BlockRole.caption,
    "BODY": BlockRole.body,
}
_UNIT_TYPES = {"PARAGRAPH", "HEADING", "AUTHOR", "BYLINE", "CAPTION", "TITLE", "SUBTITLE", "KICKER"}
_NO_TEXT = {"IMAGE", "ILLUSTRATION_IMAGE", "PICTURE"}
_FURNITURE = {"TITLE_SECTION": "masthead", "ADVERTISEMENT": "advertisement"}


def _href(el: etree._Element) -> str:
    for name, value in el.attrib.items():
        if etree.QName(name).localname == "href":
            return str(value)
    return ""


def _type(div: etree._Element) -> str:
    return (div.get("TYPE") or "").upper()


def _child_divs(div: etree._Element) -> list[etree._Element]:
    kids = children(div, "div")
    if kids and all(k.get("ORDER", "").strip().isdigit() for k in kids):
        kids.sort(key=lambda k: int(k.get("ORDER", "0")))
    return kids


def _own_areas(div: etree._Element) -> list[etree._Element]:
    """Areas in this div's own fptr elements (through par/seq), not in child divs."""
    out: list[etree._Element] = []
    for fptr in children(div, "fptr"):
        out.extend(a for a in fptr.iter() if localname(a) == "area")
    return out


class _Issue:
    """The loaded pages of an issue and an index of their blocks."""

    def __init__(self, path: Path, root: etree._Element, dpi: float | None) -> None:
        self.path = path
        self.files: dict[str, Path] = {}
        for f in descendants(root, "file"):
            locs = children(f, "FLocat")
            if f.get("ID") and locs and _href(locs[0]):
                self.files[f.get("ID", "")] = resolve_href(path, _href(locs[0]))
        self.pages: list[Page] = []
        # FILEID -> block or line id -> (page, block, line or None), and the ids in document order.
        self.blocks: dict[str, dict[str, tuple[Page, Block, Line | None]]] = {}
        self.keys: dict[str, list[str]] = {}
        self.missing: set[str] = set()
        absent: list[str] = []
        for order, (alto_id, image_id) in enumerate(self._page_files(root)):
            alto = self.files[alto_id]
            if not alto.is_file():
                self.missing.add(alto_id)
                absent.append(f"{order + 1} ({alto.name})")
                continue
            image = self.files.get(image_id) if image_id else None
            doc = read_alto(alto, parse_xml(alto), dpi=dpi or (image_dpi(image) if image else None))
            for page in doc.pages:
                page.page_index = order
                if image is not None and image.is_file():
                    page.source = str(image)
                self.pages.append(page)
                # The METS, not the ALTO's own reading order, says what the articles are.
                page.articles = []
                index = self.blocks.setdefault(alto_id, {})
                for b in page.blocks:
                    index[b.id] = (page, b, None)
                    index.update({ln.id: (page, b, ln) for ln in b.lines})
                self.keys[alto_id] = list(index)
        if absent:
            logger.warning("%s: ALTO absent for page(s) %s; those pages are skipped", path, ", ".join(absent))

    def _page_files(self, root: etree._Element) -> list[tuple[str, str | None]]:
        """(ALTO file id, image file id) per physical page, in page order."""
        maps = [m for m in children(root, "structMap") if (m.get("TYPE") or "").upper() == "PHYSICAL"]
        out: list[tuple[str, str | None]] = []
        divs = [d for m in maps for d in descendants(m, "div") if _type(d) == "PAGE"]
        if all(d.get("ORDER", "").isdigit() for d in divs):
            divs.sort(key=lambda d: int(d.get("ORDER", "0")))
        for d in divs:
            alto_id = image_id = None
            for a in descendants(d, "area") + descendants(d, "fptr"):
                fid = a.get("FILEID")
                if not fid or fid not in self.files:
                    continue
                if self.files[fid].suffix.lower() == ".xml":
                    alto_id = alto_id or fid
                else:
                    image_id = image_id or fid
            if alto_id:
                out.append((alto_id, image_id))
        if not out:
            raise GroundTruthError("METS without pages that point at ALTO files", self.path)
        return out

    def resolve(self, area: etree._Element) -> list[tuple[Page, Block, list[Line]]]:
        """What an area points at: a block, a line, or a BEGIN..END range of them in document order.

        Each result is a page, a block and the lines of it the area covers
        (all of them when the area names the block).
        """
        fid, begin, end = area.get("FILEID", ""), area.get("BEGIN"), area.get("END")
        index, keys = self.blocks.get(fid), self.keys.get(fid)
        if index is None or keys is None or not begin or begin not in index:
            return []
        first = keys.index(begin)
        last = keys.index(end) if end and end in index else first
        # A range of lines (BEGIN names a line) takes lines only; a range of blocks whole blocks.
        of_lines = index[begin][2] is not None
        out: list[tuple[Page, Block, list[Line]]] = []
        for key in keys[first : max(first, last) + 1]:
            page, block, line = index[key]
            if (line is not None) != of_lines:
                continue
            if line is None:
                out.append((page, block, list(block.lines)))
            elif out and out[-1][1] is block:
                out[-1][2].append(line)
            else:
                out.append((page, block, [line]))
        return out


def _walk(
    div: etree._Element, role: BlockRole | None, unit: str | None
) -> list[tuple[BlockRole, str, etree._Element]]:
    """(role, paragraph unit, area) for every text area under ``div``, in reading order."""
    t = _type(div)
    if t in _NO_TEXT:
        return []
    role = _ROLE_OF_TYPE.get(t, role if role is not None else BlockRole.body)
    if unit is None and t in _UNIT_TYPES:
        unit = div.get("ID") or str(id(div))
    own = unit or div.get("ID") or str(id(div))
    out = [(role, own, a) for a in _own_areas(div)]
    for child in _child_divs(div):
        out.extend(_walk(child, role, unit))
    return out


def read_mets(path: Path, tree: etree._ElementTree, dpi: float | None = None) -> Document:
    """Read a METS issue and its ALTO pages into a Document with articles."""
    root = tree.getroot()
    issue = _Issue(path, root, dpi)
    logical = [m for m in children(root, "structMap") if (m.get("TYPE") or "").upper() == "LOGICAL"]
    home_of: dict[str, Page] = {}
    absent = 0
    unresolved: list[str] = []
    for m in logical:
        for div in descendants(m, "div"):
            kind = _FURNITURE.get(_type(div))
            if kind:
                for area in descendants(div, "area"):
                    for _, b, _ in issue.resolve(area):
                        b.role, b.furniture_kind = BlockRole.furniture, kind
        for div in (d for d in descendants(m, "div") if _type(d) == "ARTICLE"):
            aid = div.get("ID") or f"article{len(home_of) + 1}"
            parts: list[tuple[BlockRole, list[tuple[Block, list[Line]]]]] = []
            last: tuple[BlockRole, str] | None = None
            first_page: Page | None = None
            skipped = 0
            for role, unit, area in _walk(div, None, None):
                found = issue.resolve(area)
                if not found:
                    if area.get("FILEID", "") in issue.missing:
                        skipped += 1
                    elif area.get("FILEID", "") in issue.blocks:
                        unresolved.append(area.get("BEGIN") or "?")
                    continue
                for page, block, lines in found:
                    first_page = first_page or page
                    if block.role is BlockRole.unknown:
                        block.role = role
                    if last == (role, unit):
                        parts[-1][1].append((block, lines))
                    else:
                        parts.append((role, [(block, lines)]))
                        last = (role, unit)
            if first_page is None:
                absent += 1
                continue
            if skipped:
                logger.warning("%s: article %s: %d part(s) on absent pages left out", path, aid, skipped)
            on_page = {b.id for b in first_page.blocks}
            article = assemble_article(aid, parts, region_block_ids=on_page)
            first_page.articles.append(article)
            home_of[aid] = first_page
    if absent:
        logger.warning("%s: %d article(s) lie wholly on absent pages; left out", path, absent)
    if unresolved:
        logger.warning(
            "%s: %d text area(s) name no TextBlock of their ALTO file: %s",
            path,
            len(unresolved),
            ", ".join(unresolved[:10]),
        )
    meta = {"format": "mets", "articles": len(home_of), "pages_missing": len(issue.missing)}
    return Document(source=str(path), pages=issue.pages, metadata=meta)
