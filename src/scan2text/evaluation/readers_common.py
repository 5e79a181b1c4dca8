"""Helpers shared by the ground-truth readers: safe XML parsing, names, article assembly."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from scan2text.document import Article, Block, BlockRole, Line, Paragraph, Point
from scan2text.errors import GroundTruthError
from scan2text.evaluation.text import join_lines

logger = logging.getLogger(__name__)

TITLE_ROLES = (BlockRole.kicker, BlockRole.headline, BlockRole.subheadline, BlockRole.byline)


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse an XML file without network access or entity expansion; GroundTruthError if broken."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    try:
        return etree.parse(str(path), parser)
    except (OSError, etree.XMLSyntaxError) as e:
        raise GroundTruthError(f"not well-formed XML: {e}", path) from e


def localname(el: etree._Element) -> str:
    """The element's tag without its namespace (comments and PIs give '')."""
    if not isinstance(el.tag, str):
        return ""
    return etree.QName(el).localname


def namespace(el: etree._Element) -> str:
    """The element's namespace URI ('' when it has none)."""
    return etree.QName(el).namespace or ""


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with the given local name, whatever their namespace."""
    return [c for c in el if localname(c) == name]


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    """All descendants with the given local name, in document order."""
    return [c for c in el.iter() if c is not el and localname(c) == name]


def parse_points(text: str | None) -> list[Point]:
    """Parse ``"x1,y1 x2,y2 ..."`` (PAGE) or ``"x1 y1 x2 y2 ..."`` (ALTO) into points."""
    if not text:
        return []
    nums = [float(v) for v in text.replace(",", " ").split()]
    return [(nums[k], nums[k + 1]) for k in range(0, len(nums) - 1, 2)]


def resolve_href(base: Path, href: str) -> Path:
    """Resolve a file reference (``file://./x.xml``, ``x.xml``, absolute) relative to ``base``'s folder."""
    if href.startswith("file://"):
        href = href[len("file://") :]
    p = Path(href)
    return p if p.is_absolute() else (base.parent / p)


def role_from_label(label: str) -> BlockRole | None:
    """Map a free-text role label (ALTO tag, METS div type, JSON role) to a block role."""
    key = label.strip().lower().replace("_", "-").replace(" ", "-")
    table = {
        "kicker": BlockRole.kicker,
        "overline": BlockRole.kicker,
        "headline": BlockRole.headline,
        "heading": BlockRole.headline,
        "title": BlockRole.headline,
        "subheadline": BlockRole.subheadline,
        "subheading": BlockRole.subheadline,
        "subtitle": BlockRole.subheadline,
        "byline": BlockRole.byline,
        "author": BlockRole.byline,
        "credit": BlockRole.byline,
        "caption": BlockRole.caption,
        "body": BlockRole.body,
        "paragraph": BlockRole.body,
        "text": BlockRole.body,
        "body-content": BlockRole.body,
        "furniture": BlockRole.furniture,
        "header": BlockRole.furniture,
        "footer": BlockRole.furniture,
        "page-number": BlockRole.furniture,
        "pagenumber": BlockRole.furniture,
        "advertisement": BlockRole.furniture,
    }
    return table.get(key)


# A block and the lines of it that a part takes (all of them, or a paragraph's share).
Piece = tuple[Block, Sequence[Line]]


def whole(blocks: Iterable[Block]) -> list[Piece]:
    """Pieces for whole blocks."""
    return [(b, b.lines) for b in blocks]


def assemble_article(
    article_id: str,
    parts: Sequence[tuple[BlockRole, Sequence[Piece]]],
    region_block_ids: set[str] | None = None,
) -> Article:
    """Build an article from its parts in reading order.

    Each part is a role and the pieces (blocks, or some lines of blocks) it
    spans. Title parts of the same role are joined into one field; every body
    part (role body or unknown) is one paragraph, its lines joined by
    :func:`join_lines`; captions and furniture only contribute their block
    ids. ``region`` gets the polygons of the blocks, limited to
    ``region_block_ids`` when given (the blocks on the page the article is
    filed under).
    """
    art = Article(id=article_id)
    titles: dict[BlockRole, list[str]] = {r: [] for r in TITLE_ROLES}
    for role, pieces in parts:
        texts = [line.text for _, lines in pieces for line in lines]
        line_ids = [line.id for _, lines in pieces for line in lines]
        for b, _ in pieces:
            if b.id not in art.block_ids:
                art.block_ids.append(b.id)
                if b.polygon and (region_block_ids is None or b.id in region_block_ids):
                    art.region.append(list(b.polygon))
        text = join_lines(texts)
        if role in titles:
            if text:
                titles[role].append(text)
        elif role in (BlockRole.caption, BlockRole.furniture):
            continue
        elif text:
            art.paragraphs.append(Paragraph(text=text, line_ids=line_ids))
    art.kicker = join_lines(titles[BlockRole.kicker]) or None
    art.headline = join_lines(titles[BlockRole.headline]) or None
    art.subheadline = join_lines(titles[BlockRole.subheadline]) or None
    art.byline = join_lines(titles[BlockRole.byline]) or None
    return art
