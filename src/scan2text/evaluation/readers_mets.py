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

With ``split_continued`` an article continued on other pages is instead one
part per page, as the pipeline's page tree holds it: each part filed on its
page with the title fields, blocks and paragraphs printed there (a paragraph
that crosses a page break goes with the page it starts on), its blocks in the
page's reading order, and the parts linked in ``metadata["continuations"]``
as ``[page, article id]`` pairs (``page`` the 1-based position in
``Document.pages``). A part's id is the article's n-th MODS ``identifier``
(scan2text writes the page tree's article id of every part there), else the
div's ID, ``-cont`` added for the later parts.

The article's MODS record (the div's ``DMDID``) fills in a kicker (``note
type="kicker"``), headline (``titleInfo/title``), subheadline
(``titleInfo/subTitle``) or byline (the ``nameParts`` of the first ``name``)
that no div of the article names; such a byline printed at the start or end
of the body text (a credit set on a body line, which no area can point at)
is cut out of it. In a METS scan2text wrote the record's fields also replace
the divs' text: they are the page tree's own. The issue's MODS (the ISSUE
div's record) gives ``metadata["title"]`` and ``metadata["date"]``
(``dateIssued``). ALTO files scan2text wrote are joined as the page tree was
(see :mod:`.readers_common`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scan2text.document import Article, Block, BlockRole, Document, Line, Page
from scan2text.errors import GroundTruthError
from scan2text.evaluation.readers_alto import image_dpi, read_alto_pages
from scan2text.evaluation.readers_common import (
    LineJoin,
    assemble_article,
    children,
    descendants,
    inline_byline,
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
        # id(page) -> how its lines join; the soft hyphens of every page (line object ids).
        self.joins: dict[int, LineJoin] = {}
        self.soft: set[int] = set()
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
            doc, joins = read_alto_pages(
                alto, parse_xml(alto), dpi=dpi or (image_dpi(image) if image else None)
            )
            for page, join in zip(doc.pages, joins):
                self.joins[id(page)] = join
                self.soft |= join.soft
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
        # id(page) -> its position in the document (0-based).
        self.position = {id(p): k for k, p in enumerate(self.pages)}

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

    def join(self, page: Page) -> LineJoin:
        """How lines join in an article that starts on ``page`` (soft hyphens of every page)."""
        own = self.joins.get(id(page), LineJoin())
        return LineJoin(exact=own.exact, soft=self.soft, lang=own.lang)

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


@dataclass
class _Mods:
    """The fields of one MODS record the reader uses."""

    title: str | None = None
    subtitle: str | None = None
    name: str | None = None
    kicker: str | None = None
    date: str | None = None
    identifiers: list[str] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        """The article field ``name`` (kicker, headline, subheadline, byline) the record gives."""
        return {
            "kicker": self.kicker,
            "headline": self.title,
            "subheadline": self.subtitle,
            "byline": self.name,
        }[name]


def _first_text(el: etree._Element, *path: str) -> str | None:
    """Text of the first element down ``path`` (local names, each step among all descendants)."""
    found = [el]
    for name in path:
        found = [d for f in found for d in descendants(f, name)]
    texts = [(f.text or "").strip() for f in found]
    return next((t for t in texts if t), None)


def _mods_records(root: etree._Element) -> dict[str, _Mods]:
    """dmdSec ID -> its MODS fields."""
    out: dict[str, _Mods] = {}
    for sec in descendants(root, "dmdSec"):
        mods = next(iter(descendants(sec, "mods")), None)
        if mods is None or not sec.get("ID"):
            continue
        names = descendants(mods, "name")
        parts = [(p.text or "").strip() for p in descendants(names[0], "namePart")] if names else []
        kicker = next((n for n in descendants(mods, "note") if n.get("type") == "kicker"), None)
        out[sec.get("ID", "")] = _Mods(
            title=_first_text(mods, "titleInfo", "title"),
            subtitle=_first_text(mods, "titleInfo", "subTitle"),
            name=" ".join(p for p in parts if p) or None,
            kicker=((kicker.text or "").strip() or None) if kicker is not None else None,
            date=_first_text(mods, "originInfo", "dateIssued"),
            identifiers=[(i.text or "").strip() for i in descendants(mods, "identifier")],
        )
    return out


def _mods_of(div: etree._Element, records: dict[str, _Mods]) -> _Mods:
    return next((records[d] for d in (div.get("DMDID") or "").split() if d in records), _Mods())


_FIELDS = ("kicker", "headline", "subheadline", "byline")
# (role, paragraph unit, page, block, lines): one resolved area of an article.
_Area = tuple[BlockRole, str, Page, Block, list[Line]]


def _grouped(areas: list[_Area]) -> list[tuple[BlockRole, list[tuple[Page, Block, list[Line]]]]]:
    """Consecutive areas of one role and unit as one part."""
    parts: list[tuple[BlockRole, list[tuple[Page, Block, list[Line]]]]] = []
    last: tuple[BlockRole, str] | None = None
    for role, unit, page, block, lines in areas:
        if last == (role, unit):
            parts[-1][1].append((page, block, lines))
        else:
            parts.append((role, [(page, block, lines)]))
            last = (role, unit)
    return parts


def _fill_from_mods(parts: list[Article], mods: _Mods, exact: bool) -> None:
    """Title fields no div names, from the MODS record (an inline byline cut out of the body).

    In a METS scan2text wrote (``exact``) the record holds the page tree's
    fields as the article stage set them (a subheadline without the dash that
    introduced it), so it also replaces what the divs' lines say.
    """
    for name in _FIELDS:
        value = mods.value(name)
        if not value:
            continue
        holders = [a for a in parts if getattr(a, name)]
        if holders:
            if exact:
                setattr(holders[0], name, value)
            continue
        if name == "byline" and any(inline_byline(a, value) for a in parts):
            continue
        setattr(parts[0], name, value)


def _whole(issue: _Issue, aid: str, areas: list[_Area]) -> list[tuple[Page, Article]]:
    """The article as one, filed on the page where it starts."""
    first_page = areas[0][2]
    parts = [(role, [(b, ls) for _, b, ls in pieces]) for role, pieces in _grouped(areas)]
    on_page = {b.id for b in first_page.blocks}
    article = assemble_article(aid, parts, region_block_ids=on_page, join=issue.join(first_page))
    return [(first_page, article)]


def _per_page(issue: _Issue, aid: str, areas: list[_Area], mods: _Mods) -> list[tuple[Page, Article]]:
    """The article as one part per page (see ``split_continued`` in the module docstring)."""
    by_page: dict[int, list[tuple[BlockRole | None, list[tuple[Block, list[Line]]]]]] = {}
    pages: dict[int, Page] = {}
    for role, pieces in _grouped(areas):
        for page, _, _ in pieces:
            pages.setdefault(id(page), page)
            by_page.setdefault(id(page), [])
        home = pieces[0][0]
        body = role in (BlockRole.body, BlockRole.unknown)
        for page in {id(p): p for p, _, _ in pieces}.values():
            mine = [(b, ls) for p, b, ls in pieces if p is page]
            # A paragraph crossing a page break is one paragraph, on the page where it starts.
            if body and page is home:
                mine = [(b, ls) for _, b, ls in pieces]
            by_page[id(page)].append((role if page is home or not body else None, mine))
    ordered = sorted(pages.values(), key=lambda p: issue.position[id(p)])
    out = []
    for k, page in enumerate(ordered):
        pid = mods.identifiers[k] if k < len(mods.identifiers) and mods.identifiers[k] else aid
        if pid == aid and k:
            pid = f"{aid}-cont" if k == 1 else f"{aid}-cont{k}"
        on_page = {b.id: n for n, b in enumerate(page.blocks)}
        article = assemble_article(
            pid, by_page[id(page)], region_block_ids=set(on_page), join=issue.join(page)
        )
        kept = [b for b in article.block_ids if b in on_page]
        article.block_ids = sorted(kept, key=on_page.__getitem__)
        out.append((page, article))
    return out


def _issue_metadata(logical: list[etree._Element], records: dict[str, _Mods]) -> dict[str, str]:
    """Title and date of the issue from the MODS record of the ISSUE div."""
    issue = next((d for m in logical for d in descendants(m, "div") if _type(d) == "ISSUE"), None)
    mods = _mods_of(issue, records) if issue is not None else _Mods()
    return {k: v for k, v in (("title", mods.title), ("date", mods.date)) if v}


def read_mets(
    path: Path, tree: etree._ElementTree, dpi: float | None = None, split_continued: bool = False
) -> Document:
    """Read a METS issue and its ALTO pages into a Document with articles (see module docstring)."""
    root = tree.getroot()
    issue = _Issue(path, root, dpi)
    records = _mods_records(root)
    logical = [m for m in children(root, "structMap") if (m.get("TYPE") or "").upper() == "LOGICAL"]
    read = 0
    absent = 0
    unresolved: list[str] = []
    chains: list[list[list[int | str]]] = []
    for m in logical:
        for div in descendants(m, "div"):
            kind = _FURNITURE.get(_type(div))
            if kind:
                for area in descendants(div, "area"):
                    for _, b, _ in issue.resolve(area):
                        b.role, b.furniture_kind = BlockRole.furniture, kind
        for div in (d for d in descendants(m, "div") if _type(d) == "ARTICLE"):
            aid = div.get("ID") or f"article{read + 1}"
            areas: list[_Area] = []
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
                    if block.role is BlockRole.unknown:
                        block.role = role
                    areas.append((role, unit, page, block, lines))
            if not areas:
                absent += 1
                continue
            if skipped:
                logger.warning("%s: article %s: %d part(s) on absent pages left out", path, aid, skipped)
            mods = _mods_of(div, records)
            filed = _per_page(issue, aid, areas, mods) if split_continued else _whole(issue, aid, areas)
            _fill_from_mods([a for _, a in filed], mods, issue.join(filed[0][0]).exact)
            for page, article in filed:
                page.articles.append(article)
            if len(filed) > 1:
                chains.append([[issue.position[id(page)] + 1, article.id] for page, article in filed])
            read += 1
    if absent:
        logger.warning("%s: %d article(s) lie wholly on absent pages; left out", path, absent)
    if unresolved:
        logger.warning(
            "%s: %d text area(s) name no TextBlock of their ALTO file: %s",
            path,
            len(unresolved),
            ", ".join(unresolved[:10]),
        )
    meta = {"format": "mets", "articles": read, "pages_missing": len(issue.missing)}
    meta.update(_issue_metadata(logical, records))
    if chains:
        meta["continuations"] = chains
    return Document(source=str(path), pages=issue.pages, metadata=meta)
