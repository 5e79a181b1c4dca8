"""iArchives 2002 export reader (namespace ``http://www.iarchives.com/schema/2002/export``).

The export (used e.g. for the Topaz Times in ``../shared/corpus/real``) is a
folder of three kinds of XML file:

* ``unit.xml`` (root ``<unit>``): one issue, with ``page-ref`` and
  ``article-ref`` hrefs to the files below. **This is the file to pass** for an
  issue: every page file it lists that exists becomes a page (in unit order;
  absent ones are skipped with a warning, as the METS reader does), and every
  article file that exists is filed on its page.
* ``pages/<stem>.xml`` (root ``<page>``): one page, its ``article-ref``\\ s
  and every OCR word of the page. Passing it gives that page alone with the
  articles it lists. Its words are not read: the article files hold the same
  words, grouped by article.
* ``articles/<n>.xml`` (root ``<article>``): one article, ``article-page`` by
  ``article-page`` (href to the page file); each ``article-clipping`` is a
  rectangle ``l, t, r, b`` in pixels of the page image and holds
  ``article-element``\\ s (``type="headline"`` with the keyed ``<text>``,
  ``type="article"`` with ``zone``\\ s of word nodes). Passing one gives its
  page with that article alone.

A page is in the document only when its page file exists; its id is the
file's stem, its size that of an image of the same stem in ``images/`` beside
the page file (or in the same folder), else 0 x 0.

Each article file becomes one :class:`~scan2text.document.Article`: ``id``
the file's stem; ``headline`` the ``header-item name="headline"`` (keyed),
else the headline element's ``<text>``, else the words of its zones;
``region`` one rectangle polygon per clipping on its page; ``paragraphs``
one per ``article``-element zone, its words in node order. An article with
``classification="masthead"`` (the title strip) or ``"advertisement"`` is no
article: its zones become furniture blocks. An article spread over several
pages is filed on the first page present; its paragraphs hold the text of
every page present, its blocks and region only those of its own page.

Zone and word coordinates are relative to the clipping (the export cut each
clipping out as its own image), so they are moved by the clipping's
``l, t``. A word node (``n``) has one ``r`` rectangle per piece (a word
hyphenated across lines has two) and one or more ``o`` readings, of which
the first is taken. The OCR often gives a second segmentation of the same
ink as extra nodes ("WANTED" and "VIAN", "TED"); a node whose every
rectangle lies mostly (80 %) inside a rectangle of a node already kept is
dropped. Words are grouped into lines where consecutive words overlap
vertically by half the smaller height.

The word text is the 2002 OCR, unchecked and very noisy: only the headlines
(keyed by hand) and the clipping rectangles are reliable ground truth.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scan2text.document import Article, BBox, Block, BlockRole, Document, Line, Page, Paragraph, Word
from scan2text.errors import GroundTruthError
from scan2text.evaluation.readers_common import children, localname, namespace, parse_xml, resolve_href

logger = logging.getLogger(__name__)

NAMESPACE = "http://www.iarchives.com/schema/2002/export"
ROOTS = ("unit", "page", "article")
FURNITURE_CLASSES = {"masthead": "masthead", "advertisement": "advertisement"}
IMAGE_SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg", ".jp2")
CONTAINED = 0.8

__all__ = ["is_iarchives", "read_iarchives"]


def is_iarchives(root: etree._Element) -> bool:
    """Whether an XML root element is an iArchives export unit, page or article."""
    name = localname(root)
    if name not in ROOTS:
        return False
    if namespace(root) == NAMESPACE:
        return True
    # Without the namespace: the attributes only this schema has.
    return namespace(root) == "" and ("unit-href" in root.attrib or "collection-title" in root.attrib)


def read_iarchives(path: Path, tree: etree._ElementTree) -> Document:
    """Read an iArchives ``unit.xml``, page or article file (see the module docstring)."""
    root = tree.getroot()
    kind = localname(root)
    if kind == "unit":
        page_paths = [_href(path, el) for el in _refs(root, "pages", "page-ref")]
        article_paths = [_href(path, el) for el in _refs(root, "articles", "article-ref")]
        if not page_paths:
            raise GroundTruthError("iArchives unit lists no pages (pages/page-ref)", path)
    elif kind == "page":
        page_paths = [path]
        article_paths = [_href(path, el) for el in _refs(root, "articles", "article-ref")]
    elif kind == "article":
        article_paths = [path]
        page_paths = [_href(path, ap) for ap in children(root, "article-page")]
        if not page_paths:
            raise GroundTruthError("iArchives article has no article-page", path)
    else:  # pragma: no cover - read_document only calls this for the three roots
        raise GroundTruthError(f"not an iArchives unit, page or article (root <{kind}>)", path)

    pages: dict[Path, Page] = {}
    absent = []
    for p in page_paths:
        key = p.resolve()
        if key in pages:
            continue
        if not p.is_file():
            absent.append(p.name)
            continue
        pages[key] = _page(p, len(pages))
    if absent:
        logger.warning("%s: page file(s) absent, skipped: %s", path, ", ".join(absent))
    if not pages:
        raise GroundTruthError(f"none of its page files exists ({', '.join(absent)})", path)

    missing = []
    for a_path in article_paths:
        if a_path.resolve() != path.resolve() and not a_path.is_file():
            missing.append(a_path.name)
            continue
        a_tree = tree if a_path.resolve() == path.resolve() else parse_xml(a_path)
        _read_article(a_path, a_tree.getroot(), pages)
    if missing:
        logger.warning("%s: %d article file(s) absent, skipped: %s", path, len(missing), ", ".join(missing))

    meta: dict[str, object] = {"format": "iarchives"}
    if kind == "unit" and root.get("collection-title"):
        meta["title"] = root.get("collection-title")
    for item in children(root, "header-item"):
        if item.get("name") == "date" and item.text:
            meta["date"] = item.text.strip()
    return Document(source=str(path), pages=list(pages.values()), metadata=meta)


def _refs(root: etree._Element, group: str, ref: str) -> list[etree._Element]:
    return [el for g in children(root, group) for el in children(g, ref)]


def _href(base: Path, el: etree._Element) -> Path:
    href = el.get("href")
    if not href:
        raise GroundTruthError(f"<{localname(el)}> without href", base)
    return resolve_href(base, href)


def _page(page_xml: Path, index: int) -> Page:
    """A page for a page file: id its stem, size and source from an image beside it when there is one."""
    width = height = 0
    source = os.path.normpath(page_xml)
    for folder in (page_xml.parent / "images", page_xml.parent):
        image = next(
            (
                folder / f"{page_xml.stem}{s}"
                for s in IMAGE_SUFFIXES
                if (folder / f"{page_xml.stem}{s}").is_file()
            ),
            None,
        )
        if image is None:
            continue
        try:
            from PIL import Image

            with Image.open(image) as im:
                width, height = im.size
            source = os.path.normpath(image)
        except Exception:  # noqa: BLE001 - an unreadable image only means "size unknown"
            logger.warning("%s: cannot read the page image's size", image)
        break
    return Page(id=page_xml.stem, width=width, height=height, source=source, page_index=index)


def _int(el: etree._Element, name: str, path: Path) -> int:
    value = el.get(name)
    if value is None:
        raise GroundTruthError(f"<{localname(el)}> lacks its {name} attribute", path)
    try:
        return int(float(value))
    except ValueError as e:
        raise GroundTruthError(f"<{localname(el)}> {name}={value!r} is not a number", path) from e


def _box(el: etree._Element, path: Path, dx: int = 0, dy: int = 0) -> BBox:
    left, top, right, bottom = (_int(el, k, path) for k in ("l", "t", "r", "b"))
    if right < left or bottom < top:
        raise GroundTruthError(
            f"<{localname(el)}> has an inverted box l={left} t={top} r={right} b={bottom}", path
        )
    return BBox(left + dx, top + dy, right + dx, bottom + dy)


@dataclass
class _Word:
    text: str
    boxes: list[BBox]


@dataclass
class _Zone:
    role: BlockRole
    box: BBox
    words: list[_Word] = field(default_factory=list)


def _read_article(path: Path, root: etree._Element, pages: dict[Path, Page]) -> None:
    """File the article of one article file on its page (see the module docstring)."""
    if localname(root) != "article":
        raise GroundTruthError(f"not an iArchives article file (root <{localname(root)}>)", path)
    aid = path.stem
    headline = next(
        ((h.text or "").strip() for h in children(root, "header-item") if h.get("name") == "headline"), ""
    )
    furniture = FURNITURE_CLASSES.get((root.get("classification") or "").strip().lower())
    home: Page | None = None
    title_text: list[str] = []
    regions = []
    blocks: list[Block] = []
    paragraphs: list[Paragraph] = []
    article_pages = children(root, "article-page")
    if not article_pages:
        raise GroundTruthError("iArchives article has no article-page", path)
    for ap in article_pages:
        page = pages.get(_href(path, ap).resolve())
        if page is not None and home is None:
            home = page
        at_home = page is not None and page is home
        clippings = children(ap, "article-clipping")
        if not clippings:
            raise GroundTruthError("article-page without article-clipping", path)
        for clip in clippings:
            cbox = _box(clip, path)
            if at_home:
                regions.append(cbox.polygon())
            for el in children(clip, "article-element"):
                role = BlockRole.headline if el.get("type") == "headline" else BlockRole.body
                for text_el in children(el, "text"):
                    if role is BlockRole.headline and text_el.text and text_el.text.strip():
                        title_text.append(text_el.text.strip())
                for zel in children(el, "zone"):
                    zone = _zone(zel, role, cbox, path)
                    if not zone.words:
                        continue
                    block = _block(f"{aid}.z{len(blocks) + 1}", zone, furniture)
                    if at_home:
                        blocks.append(block)
                    if role is BlockRole.body and furniture is None:
                        ids = [ln.id for ln in block.lines] if at_home else []
                        paragraphs.append(
                            Paragraph(text=" ".join(ln.text for ln in block.lines), line_ids=ids)
                        )
                    elif role is BlockRole.headline and not title_text:
                        title_text.append(block.text.replace("\n", " "))
    if home is None:
        logger.warning("%s: article %s lies wholly on absent pages; left out", path, aid)
        return
    home.blocks.extend(blocks)
    if furniture is not None:
        return
    home.articles.append(
        Article(
            id=aid,
            headline=headline or " ".join(title_text) or None,
            paragraphs=paragraphs,
            block_ids=[b.id for b in blocks],
            region=regions,
        )
    )


def _zone(zel: etree._Element, role: BlockRole, clip: BBox, path: Path) -> _Zone:
    dx, dy = int(clip.x0), int(clip.y0)
    zone = _Zone(role=role, box=_box(zel, path, dx, dy))
    kept: list[BBox] = []
    for nodes in children(zel, "nodes"):
        for n in children(nodes, "n"):
            readings = children(n, "o")
            if not readings:
                raise GroundTruthError(f"word node {n.get('i')!r} has no <o> reading", path)
            text = (readings[0].text or "").strip()
            boxes = [_box(r, path, dx, dy) for r in children(n, "r")]
            if not text:
                continue
            if boxes and all(any(_inside(b, k) for k in kept) for b in boxes):
                continue  # a second segmentation of ink a kept word already covers
            kept.extend(boxes)
            zone.words.append(_Word(text, boxes))
    return zone


def _inside(box: BBox, other: BBox) -> bool:
    """Whether ``box`` lies mostly (CONTAINED of its area) inside ``other``."""
    inter = box.x_overlap(other) * box.y_overlap(other)
    area = box.area
    return (
        inter >= CONTAINED * area
        if area > 0
        else box.x0 >= other.x0 and box.x1 <= other.x1 and box.y0 >= other.y0 and box.y1 <= other.y1
    )


def _block(block_id: str, zone: _Zone, furniture: str | None) -> Block:
    """Words in node order, grouped into lines where they overlap vertically."""
    groups: list[list[_Word]] = []
    for w in zone.words:
        if groups and groups[-1][-1].boxes and w.boxes and _same_line(groups[-1][-1].boxes[-1], w.boxes[0]):
            groups[-1].append(w)
        else:
            groups.append([w])
    lines = []
    for k, group in enumerate(groups):
        boxes = [b for w in group for b in w.boxes]
        words = [
            Word(text=w.text, polygon=BBox.union_all(w.boxes).polygon() if w.boxes else []) for w in group
        ]
        poly = BBox.union_all(boxes).polygon() if boxes else []
        lines.append(
            Line(id=f"{block_id}.l{k + 1}", text=" ".join(w.text for w in group), polygon=poly, words=words)
        )
    role = BlockRole.furniture if furniture is not None else zone.role
    return Block(id=block_id, lines=lines, role=role, polygon=zone.box.polygon(), furniture_kind=furniture)


def _same_line(a: BBox, b: BBox) -> bool:
    return a.y_overlap(b) >= 0.5 * min(a.height, b.height)
