"""Helpers shared by the XML readers: safe XML parsing, names, line joining, article assembly.

Files scan2text wrote itself
    The ALTO and PAGE-XML exporters record what a page tree needs to come back
    exactly: which line-end hyphens are soft (ALTO ``HYP`` with
    ``SUBS_TYPE="HypPart1"``, PAGE ``custom="hyphenation {soft:true;}"``),
    where words are spaced (ALTO ``SP``), which lines start a paragraph. A file
    whose producer is scan2text (ALTO ``processingSoftware/softwareName``,
    PAGE ``Metadata/Creator``) is read with :class:`LineJoin` ``exact``:
    paragraphs are joined as the reflow stage joined them, title parts with
    single spaces (the exporters' own rules,
    :func:`scan2text.export._structure.join_lines` and ``join_title``), and a
    byline the article stage cut out of a body line, which the XML cannot
    point at, is cut again (:func:`inline_byline`). Other producers' files
    are joined by the evaluation's rules
    (:func:`scan2text.evaluation.text.join_lines`), which guess at hyphens.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scan2text.bylines import match_end_byline, match_start_byline
from scan2text.document import Article, Block, BlockRole, Line, Paragraph, Point
from scan2text.errors import GroundTruthError
from scan2text.evaluation.text import join_lines
from scan2text.export._structure import join_lines as join_marked_lines
from scan2text.export._structure import join_title

logger = logging.getLogger(__name__)

TITLE_ROLES = (BlockRole.kicker, BlockRole.headline, BlockRole.subheadline, BlockRole.byline)
PRODUCER = "scan2text"


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


@dataclass
class LineJoin:
    """How the lines of one file join into paragraphs and title fields (see module docstring).

    ``soft`` holds ``id()`` of the :class:`Line` objects that end in a soft
    hyphen (the objects, since line ids need not be unique across the pages
    of an issue); ``lang`` is the page's language for the reflow's joining.
    """

    exact: bool = False
    soft: set[int] = field(default_factory=set)
    lang: str = "auto"

    def paragraph(self, lines: Sequence[Line]) -> str:
        """A paragraph's text from its lines."""
        texts = [ln.text for ln in lines]
        if not self.exact:
            return join_lines(texts)
        return join_marked_lines(texts, [id(ln) in self.soft for ln in lines], self.lang)

    def title(self, texts: Sequence[str]) -> str:
        """A title field (or byline) from its lines or parts."""
        return join_title(texts) if self.exact else join_lines(texts)


def inline_byline(article: Article, known: str | None = None) -> bool:
    """Take a byline set inside the body text out of the paragraphs, as the article stage does.

    The pipeline cuts a credit printed on the same line as the last (or
    first) paragraph out of that paragraph's text, while the lines stay
    shared; the XML files can only point at whole lines. With ``known`` (the
    METS/MODS byline) the text is cut exactly; otherwise with the pipeline's
    own rules (:mod:`scan2text.bylines`). Returns True when a byline was found.
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


# A block and the lines of it that a part takes (all of them, or a paragraph's share).
Piece = tuple[Block, Sequence[Line]]


def whole(blocks: Iterable[Block]) -> list[Piece]:
    """Pieces for whole blocks."""
    return [(b, b.lines) for b in blocks]


def assemble_article(
    article_id: str,
    parts: Sequence[tuple[BlockRole | None, Sequence[Piece]]],
    region_block_ids: set[str] | None = None,
    join: LineJoin | None = None,
) -> Article:
    """Build an article from its parts in reading order.

    Each part is a role and the pieces (blocks, or some lines of blocks) it
    spans. Title parts of the same role are joined into one field; every body
    part (role body or unknown) is one paragraph; lines are joined by
    ``join`` (default: the evaluation's rules, see :class:`LineJoin`);
    captions, furniture and parts without a role (None) only contribute
    their block ids. ``region`` gets the polygons of the blocks, limited to
    ``region_block_ids`` when given (the blocks on the page the article is
    filed under).
    """
    join = join or LineJoin()
    art = Article(id=article_id)
    titles: dict[BlockRole, list[str]] = {r: [] for r in TITLE_ROLES}
    for role, pieces in parts:
        lines = [line for _, piece_lines in pieces for line in piece_lines]
        for b, _ in pieces:
            if b.id not in art.block_ids:
                art.block_ids.append(b.id)
                if b.polygon and (region_block_ids is None or b.id in region_block_ids):
                    art.region.append(list(b.polygon))
        if role in titles:
            text = join.title([line.text for line in lines])
            if text:
                titles[role].append(text)
        elif role is None or role in (BlockRole.caption, BlockRole.furniture):
            continue
        else:
            text = join.paragraph(lines)
            if text:
                art.paragraphs.append(Paragraph(text=text, line_ids=[line.id for line in lines]))
    art.kicker = join.title(titles[BlockRole.kicker]) or None
    art.headline = join.title(titles[BlockRole.headline]) or None
    art.subheadline = join.title(titles[BlockRole.subheadline]) or None
    art.byline = join.title(titles[BlockRole.byline]) or None
    return art
