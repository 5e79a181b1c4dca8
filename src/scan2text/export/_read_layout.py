"""Reading ALTO and PAGE-XML back into the page tree (used by :mod:`.readback`).

Element names are matched without their namespace, so ALTO 2-4 and PAGE
2013-2019 files parse; the roles, paragraphs and soft hyphens the scan2text
writers record (see :mod:`.alto` and :mod:`.page`) are recovered exactly, other
producers' files give blocks, lines and reading order.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from scan2text.bylines import match_end_byline, match_start_byline
from scan2text.document import (
    Article,
    BBox,
    Block,
    BlockRole,
    Line,
    Page,
    Paragraph,
    Picture,
    Point,
    Separator,
    Word,
)
from scan2text.errors import ExportError
from scan2text.export._structure import join_lines, join_title

log = logging.getLogger(__name__)

_ROLES = {r.value for r in BlockRole}
_PAGE_TYPES = {
    "heading": BlockRole.headline,
    "credit": BlockRole.byline,
    "paragraph": BlockRole.body,
    "caption": BlockRole.caption,
    "header": BlockRole.furniture,
    "footer": BlockRole.furniture,
    "page-number": BlockRole.furniture,
}


@dataclass
class LayoutResult:
    """A page read back, with the ids of lines that end in a soft hyphen."""

    page: Page
    soft_hyphens: set[str] = field(default_factory=set)


def parse_xml(path: Path) -> Any:
    """Parse ``path`` safely (no network, no entities); :class:`ExportError` naming the file on failure."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as e:
        raise ExportError(f"cannot read XML: {e}", path) from e


def local(el: Any) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el: Any, name: str) -> list[Any]:
    """Direct children of ``el`` called ``name`` (any namespace)."""
    return [c for c in el if local(c) == name]


def descendants(el: Any, name: str) -> list[Any]:
    """All descendants of ``el`` called ``name`` (any namespace), in document order."""
    return [c for c in el.iter() if local(c) == name]


def parse_points(text: str) -> list[Point]:
    """``x,y x,y ...`` or ``x y x y ...`` as points."""
    numbers = [float(v) for v in re.split(r"[\s,]+", text.strip()) if v]
    return list(zip(numbers[0::2], numbers[1::2]))


def _float(el: Any, name: str) -> float | None:
    value = el.get(name)
    return float(value) if value not in (None, "") else None


def _alto_polygon(el: Any) -> list[Point]:
    for shape in children(el, "Shape"):
        for poly in children(shape, "Polygon"):
            return parse_points(poly.get("POINTS", ""))
    x, y, w, h = (_float(el, k) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
    if x is None or y is None or w is None or h is None:
        return []
    return BBox(x, y, x + w, y + h).polygon()


def _alto_line(el: Any, soft: set[str]) -> Line:
    """A ``TextLine``: Strings joined where an ``SP`` stands between them, then the ``HYP``."""
    strings = children(el, "String")
    words = [Word(s.get("CONTENT", ""), _alto_polygon(s), float(s.get("WC", 1.0))) for s in strings]
    text = ""
    for child in el:
        name = local(child)
        if name == "String":
            text += child.get("CONTENT", "")
        elif name == "SP" and text and not text.endswith(" "):
            text += " "
        elif name == "HYP":
            text += child.get("CONTENT", "")
            if strings and strings[-1].get("SUBS_TYPE") == "HypPart1":
                soft.add(el.get("ID", ""))
    confidences = [w.confidence for w in words if w.text]
    return Line(
        id=el.get("ID", ""),
        text=text,
        polygon=_alto_polygon(el),
        confidence=sum(confidences) / len(confidences) if confidences else 1.0,
        direction="ttb" if el.get("BASEDIRECTION") == "ttb" else "ltr",
        words=[w for w in words if w.text],
    )


def _separator_kind(polygon: list[Point]) -> str:
    if not polygon:
        return "horizontal"
    box = BBox.of_points(polygon)
    return "horizontal" if box.width >= box.height else "vertical"


def read_alto_result(path: Path) -> LayoutResult:
    """Read one ALTO file (its first ``Page``) into a :class:`LayoutResult`."""
    root = parse_xml(path)
    tags = {
        t.get("ID"): (t.get("TYPE"), t.get("LABEL")) for group in descendants(root, "Tags") for t in group
    }
    pages = descendants(root, "Page")
    if not pages:
        raise ExportError("no Page element in ALTO file", path)
    pel = pages[0]
    unit = next((u.text for u in descendants(root, "MeasurementUnit")), "pixel")
    if unit != "pixel":
        log.warning("%s: measurement unit %s read as pixels", path, unit)
    file_name = next((f.text or "" for f in descendants(root, "fileName")), "")
    page = Page(
        id=pel.get("ID", ""),
        width=round(float(pel.get("WIDTH", 0))),
        height=round(float(pel.get("HEIGHT", 0))),
        source=file_name,
        page_index=max(0, int(float(pel.get("PHYSICAL_IMG_NR", 1))) - 1),
        lang=pel.get("LANG"),
    )
    soft: set[str] = set()
    nexts: dict[str, str] = {}
    for el in pel.iter():
        name = local(el)
        if name == "TextBlock":
            block = Block(id=el.get("ID", ""), polygon=_alto_polygon(el))
            for ref in el.get("TAGREFS", "").split():
                kind, label = tags.get(ref, (None, None))
                if kind == "block_role" and label in _ROLES:
                    block.role = BlockRole(label)
                elif kind == "furniture_kind":
                    block.furniture_kind = label
            block.lines = [_alto_line(ln, soft) for ln in children(el, "TextLine")]
            page.blocks.append(block)
            if el.get("IDNEXT"):
                nexts[block.id] = el.get("IDNEXT")
        elif name == "Illustration":
            page.pictures.append(Picture(el.get("ID", ""), _alto_polygon(el)))
        elif name == "GraphicalElement":
            polygon = _alto_polygon(el)
            kinds = [tags.get(r, (None, None)) for r in el.get("TAGREFS", "").split()]
            kind = next((lab for k, lab in kinds if k == "separator_kind"), None) or _separator_kind(polygon)
            page.separators.append(Separator(el.get("ID", ""), kind, polygon))
    page.blocks = _chain_order(page.blocks, nexts)
    page.vertical = bool(page.blocks) and all(ln.direction == "ttb" for b in page.blocks for ln in b.lines)
    page.articles = _alto_articles(root, page, soft)
    return LayoutResult(page, soft)


def _chain_order(blocks: list[Block], nexts: dict[str, str]) -> list[Block]:
    """Blocks in ``IDNEXT`` order from the first block nothing points at; unchained ones after."""
    if not nexts:
        return blocks
    by_id = {b.id: b for b in blocks}
    targets = set(nexts.values())
    ordered: list[Block] = []
    seen: set[str] = set()
    for start in blocks:
        if start.id in targets or start.id in seen:
            continue
        current: str | None = start.id
        while current is not None and current in by_id and current not in seen:
            seen.add(current)
            ordered.append(by_id[current])
            current = nexts.get(current)
    return ordered + [b for b in blocks if b.id not in seen]


def title_fields(article: Article, blocks: list[Block]) -> None:
    """Fill the article's kicker, headline, subheadline and byline from its blocks' roles, where unset."""
    for role, name in (
        (BlockRole.kicker, "kicker"),
        (BlockRole.headline, "headline"),
        (BlockRole.subheadline, "subheadline"),
        (BlockRole.byline, "byline"),
    ):
        if getattr(article, name) is None:
            text = join_title([ln.text for b in blocks if b.role is role for ln in b.lines])
            setattr(article, name, text or None)


def inline_byline(article: Article, known: str | None = None) -> bool:
    """Take a byline set inside the body text out of the paragraphs, as the article stage does.

    The pipeline cuts a credit printed on the same line as the last (or
    first) paragraph out of that paragraph's text, while the lines stay
    shared; the XML files can only point at whole lines. With ``known`` (the
    MODS byline) the text is cut exactly; otherwise with the pipeline's own
    rules (:mod:`scan2text.bylines`). Returns True when a byline was found.
    """
    paragraphs = article.paragraphs
    if not paragraphs:
        return False
    last, first = paragraphs[-1].text.rstrip(), paragraphs[0].text.lstrip()
    end: tuple[str, str] | None
    start: tuple[str, str] | None
    if known is not None:
        end = (last[: -len(known)], known) if known and last.endswith(known) else None
        start = (known, first[len(known) :]) if known and first.startswith(known) and end is None else None
    else:
        end = match_end_byline(last)
        start = match_start_byline(first) if end is None else None
    if end is not None:
        rest, article.byline = end[0].rstrip(), end[1].strip()
        if rest:
            paragraphs[-1] = Paragraph(rest, paragraphs[-1].line_ids)
        else:
            paragraphs.pop()
    elif start is not None:
        article.byline, rest = start[0].strip(), start[1].strip()
        if rest:
            paragraphs[0] = Paragraph(rest, paragraphs[0].line_ids)
        else:
            paragraphs.pop(0)
    return end is not None or start is not None


def _alto_articles(root: Any, page: Page, soft: set[str]) -> list[Article]:
    blocks = {b.id: b for b in page.blocks}
    lines = {ln.id: (b, ln) for b in page.blocks for ln in b.lines}
    articles: list[Article] = []
    for order in descendants(root, "ReadingOrder"):
        groups = [
            g
            for top in order
            for g in ([top] if local(top) == "OrderedGroup" else children(top, "OrderedGroup"))
        ]
        for group in groups:
            gid = group.get("ID", "")
            article = Article(id=gid[4:] if gid.startswith("ART_") else gid)
            for child in group:
                if local(child) == "ElementRef":
                    article.block_ids += [r for r in child.get("REF", "").split() if r in blocks]
                elif local(child) == "OrderedGroup":
                    refs = [r for ref in children(child, "ElementRef") for r in ref.get("REF", "").split()]
                    plines = [lines[r][1] for r in refs if r in lines]
                    article.block_ids += [lines[ln.id][0].id for ln in plines]
                    text = join_lines(
                        [ln.text for ln in plines], [ln.id in soft for ln in plines], page.lang or "auto"
                    )
                    article.paragraphs.append(Paragraph(text, [ln.id for ln in plines]))
            article.block_ids = list(dict.fromkeys(article.block_ids))
            title_fields(article, [blocks[b] for b in article.block_ids])
            if article.byline is None:
                inline_byline(article)
            articles.append(article)
    return articles


def _custom(el: Any) -> dict[str, dict[str, str]]:
    """PAGE ``custom`` attribute ``name {key:value;...} ...`` as nested dicts."""
    out: dict[str, dict[str, str]] = {}
    for name, body in re.findall(r"(\w+)\s*\{([^}]*)\}", el.get("custom", "")):
        out[name] = dict(kv.split(":", 1) for kv in body.split(";") if ":" in kv)
    return out


def _page_polygon(el: Any) -> list[Point]:
    if el.get("comments") == "no geometry":
        return []
    coords = children(el, "Coords")
    return parse_points(coords[0].get("points", "")) if coords else []


def _page_text(el: Any) -> tuple[str, float]:
    equivs = sorted(children(el, "TextEquiv"), key=lambda e: int(e.get("index", 0)))
    if not equivs:
        return "", 1.0
    uni = children(equivs[0], "Unicode")
    return (uni[0].text or "") if uni else "", float(equivs[0].get("conf", 1.0))


def _page_line(el: Any, soft: set[str], starts: set[str]) -> Line:
    text, conf = _page_text(el)
    custom = _custom(el)
    line_id = el.get("id", "")
    if custom.get("hyphenation", {}).get("soft") == "true":
        soft.add(line_id)
    if custom.get("paragraph", {}).get("start") == "true":
        starts.add(line_id)
    words = []
    for w in children(el, "Word"):
        wtext, wconf = _page_text(w)
        words.append(Word(wtext, _page_polygon(w), wconf))
    return Line(
        id=line_id,
        text=text,
        polygon=_page_polygon(el),
        confidence=conf,
        direction="ttb" if el.get("readingDirection") == "top-to-bottom" else "ltr",
        words=words,
    )


def _page_block(el: Any, soft: set[str], starts: set[str]) -> Block:
    structure = _custom(el).get("structure", {})
    region_type = el.get("type", "")
    role_name = structure.get("type")
    if role_name in _ROLES:
        role = BlockRole(str(role_name))
    else:
        role = _PAGE_TYPES.get(region_type, BlockRole.unknown)
    kind = structure.get("kind") or (region_type if role is BlockRole.furniture else None)
    return Block(
        id=el.get("id", ""),
        role=role,
        polygon=_page_polygon(el),
        furniture_kind=kind if role is BlockRole.furniture else None,
        lines=[_page_line(ln, soft, starts) for ln in children(el, "TextLine")],
    )


def read_page_result(path: Path) -> LayoutResult:
    """Read one PAGE-XML file into a :class:`LayoutResult`."""
    root = parse_xml(path)
    pels = descendants(root, "Page")
    if not pels:
        raise ExportError("no Page element in PAGE-XML file", path)
    pel = pels[0]
    page = Page(
        id=Path(path).stem,
        width=int(pel.get("imageWidth", 0)),
        height=int(pel.get("imageHeight", 0)),
        source=pel.get("imageFilename", ""),
        vertical=pel.get("readingDirection") == "top-to-bottom",
        lang={"Chinese": "zh", "English": "en"}.get(pel.get("primaryLanguage", "")),
    )
    soft: set[str] = set()
    starts: set[str] = set()
    for el in pel.iter():
        name = local(el)
        if name == "TextRegion":
            page.blocks.append(_page_block(el, soft, starts))
        elif name == "ImageRegion":
            page.pictures.append(Picture(el.get("id", ""), _page_polygon(el)))
        elif name == "SeparatorRegion":
            polygon = _page_polygon(el)
            kind = _custom(el).get("structure", {}).get("kind") or _separator_kind(polygon)
            page.separators.append(Separator(el.get("id", ""), kind, polygon))
    pictures = {p.id: p for p in page.pictures}
    for rel in descendants(pel, "Relation"):
        src = [r.get("regionRef") for r in children(rel, "SourceRegionRef")]
        dst = [r.get("regionRef") for r in children(rel, "TargetRegionRef")]
        if rel.get("type") == "link" and src and dst and dst[0] in pictures:
            pictures[dst[0]].caption_block_id = src[0]
    page.articles = _page_articles(pel, page, soft, starts)
    return LayoutResult(page, soft)


def _page_articles(pel: Any, page: Page, soft: set[str], starts: set[str]) -> list[Article]:
    blocks = {b.id: b for b in page.blocks}
    articles = []
    for group in descendants(pel, "OrderedGroup"):
        refs = sorted(children(group, "RegionRefIndexed"), key=lambda r: int(r.get("index", 0)))
        gid = group.get("id", "")
        article = Article(
            id=gid[3:] if gid.startswith("ro_") else gid,
            headline=group.get("caption"),
            block_ids=[r.get("regionRef") for r in refs if r.get("regionRef") in blocks],
        )
        members = [blocks[b] for b in article.block_ids]
        title_fields(article, members)
        current: list[Line] | None = None
        runs: list[list[Line]] = []
        for block in members:
            if block.role not in (BlockRole.body, BlockRole.unknown):
                continue
            for line in block.lines:
                if line.id in starts:
                    current = [line]
                    runs.append(current)
                elif current is not None:
                    current.append(line)
        for run in runs:
            text = join_lines([ln.text for ln in run], [ln.id in soft for ln in run], page.lang or "auto")
            article.paragraphs.append(Paragraph(text, [ln.id for ln in run]))
        if article.byline is None:
            inline_byline(article)
        articles.append(article)
    return articles
