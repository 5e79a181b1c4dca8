"""PAGE-XML 2019-07-15: one file per page, with region types, reading order and relations.

What goes where:

* ``Metadata``: creator, times, and a ``MetadataItem`` (``type="processingStep"``)
  whose ``Labels`` list the engine, models and settings from ``Page.processing``.
* ``Page``: ``imageFilename`` (relative to the PAGE file where possible; empty
  when the page has no scan),
  ``imageWidth``/``imageHeight`` of the scan (coordinates are mapped through
  ``Page.transform`` and are whole pixels of the scan), ``orientation`` when the
  page was turned or deskewed, language and script for ``zh``/``en``, and for
  vertical pages ``readingDirection="top-to-bottom"`` with
  ``textLineOrder="right-to-left"`` (also on each vertical region).
* ``ReadingOrder``: an ``UnorderedGroup`` holding one ``OrderedGroup``
  (``type="article"``, ``caption`` = the headline) per article with a
  ``RegionRefIndexed`` per block in the article's order, then a ``RegionRef``
  per text block outside articles.
* ``Relations``: ``join`` from a block to the next one where a paragraph runs
  on from one into the other (a column break inside a paragraph); ``link`` from
  a caption to its picture.
* ``TextRegion`` per block in reading order. ``type``: ``heading`` (kicker,
  headline, subheadline), ``credit`` (byline), ``paragraph`` (body), ``caption``,
  ``header``/``footer``/``page-number``/``marginalia`` (furniture, by ``Block.furniture_kind``;
  ``other`` for other kinds and for unknown blocks). PAGE has no kicker or
  byline type, so ``custom="structure {type:<role>;}"`` (the Transkribus
  convention, plus ``kind:`` for furniture) keeps the exact role. Each has its
  ``TextLine``\\ s (``Coords``, estimated ``Baseline``, ``Word``\\ s when the
  recogniser gave word polygons, ``TextEquiv/Unicode`` with ``conf``) and a
  region ``TextEquiv`` (lines joined by newlines).
  PAGE has no paragraph element: a line that starts a paragraph of an article
  carries ``custom="paragraph {start:true;}"``, and a line ending in a soft
  hyphen (see ``_structure``) ``hyphenation {soft:true;}``; the line text keeps
  the hyphen, as printed.
* ``ImageRegion`` per picture, ``SeparatorRegion`` per separator.

Elements without any geometry (text-only input) get a zero-size ``Coords`` at
the origin and ``comments="no geometry"``, since PAGE requires ``Coords``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from lxml import etree

from scan2text.document import Block, BlockRole, Line, Page
from scan2text.export._geometry import CoordMap, baseline, block_outline, points_str
from scan2text.export._io import XmlIds, atomic_write, iso_utc, now_utc, xml_bytes, xml_text
from scan2text.export._provenance import provenance
from scan2text.export._structure import find_hyphenations, line_index, paragraph_segments, reading_order
from scan2text.export.alto import page_ids

log = logging.getLogger(__name__)

PAGE_NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{PAGE_NS} {PAGE_NS}/pagecontent.xsd"
NO_GEOMETRY = "no geometry"

ROLE_TYPES = {
    BlockRole.kicker: "heading",
    BlockRole.headline: "heading",
    BlockRole.subheadline: "heading",
    BlockRole.byline: "credit",
    BlockRole.body: "paragraph",
    BlockRole.caption: "caption",
    BlockRole.unknown: "other",
}
FURNITURE_TYPES = {
    "header": "header",
    "running-title": "header",
    "running_title": "header",
    "footer": "footer",
    "page-number": "page-number",
    "page_number": "page-number",
    "folio": "page-number",
    "marginalia": "marginalia",
}
_LANGUAGES = {"zh": ("Chinese", "Hans - Han (Simplified variant)"), "en": ("English", "Latn - Latin")}


def _q(tag: str) -> str:
    return f"{{{PAGE_NS}}}{tag}"


def _custom_value(value: str) -> str:
    # The custom attribute's mini-syntax uses {, }, ; and : as delimiters.
    return re.sub(r"[{};:\s]+", "_", value)


def region_type(block: Block) -> str:
    """The PAGE ``TextRegion/@type`` for ``block`` (see module docstring)."""
    if block.role is BlockRole.furniture:
        return FURNITURE_TYPES.get((block.furniture_kind or "").lower(), "other")
    return ROLE_TYPES[block.role]


class _PageXml:
    """Builds the PAGE-XML tree of one page."""

    def __init__(self, page: Page, image_ref: str | None) -> None:
        self.page = page
        # Required by the schema; left empty rather than invented when there is no scan.
        self.image_ref = image_ref or page.source or ""
        self.ids: XmlIds = page_ids(page)
        self.cmap = CoordMap(page)
        self.index = line_index(page)
        self.soft_hyphens = set(find_hyphenations(page))
        self.starts = {
            p.line_ids[0]
            for a in page.articles
            for p in a.paragraphs
            if p.line_ids and p.line_ids[0] in self.index
        }

    def coords(self, parent: Any, polygon: list[Any]) -> None:
        """``Coords`` of ``polygon`` (mapped to the scan), or the zero-size stand-in without geometry."""
        if len(polygon) >= 2:
            etree.SubElement(parent, _q("Coords"), points=points_str(self.cmap.polygon(polygon)))
        else:
            etree.SubElement(parent, _q("Coords"), points="0,0 0,0")
            parent.set("comments", NO_GEOMETRY)

    def build(self) -> Any:
        """The ``PcGts`` root element."""
        page = self.page
        root = etree.Element(_q("PcGts"), nsmap={None: PAGE_NS, "xsi": XSI_NS})
        root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
        root.append(self.metadata())
        pel = etree.SubElement(
            root,
            _q("Page"),
            imageFilename=xml_text(self.image_ref),
            imageWidth=str(self.cmap.width),
            imageHeight=str(self.cmap.height),
        )
        if page.dpi:
            pel.set("imageXResolution", f"{page.dpi:g}")
            pel.set("imageYResolution", f"{page.dpi:g}")
            pel.set("imageResolutionUnit", "PPI")
        if round(self.cmap.rotation, 3):
            pel.set("orientation", f"{self.cmap.rotation:.3f}".rstrip("0").rstrip("."))
        if page.lang in _LANGUAGES:
            pel.set("primaryLanguage", _LANGUAGES[page.lang][0])
            pel.set("primaryScript", _LANGUAGES[page.lang][1])
        if page.vertical:
            pel.set("readingDirection", "top-to-bottom")
            pel.set("textLineOrder", "right-to-left")
        ordered = reading_order(page)
        order = self.reading_order_el(ordered)
        if order is not None:
            pel.append(order)
        relations = self.relations()
        if relations is not None:
            pel.append(relations)
        for block in ordered:
            pel.append(self.text_region(block))
        for picture in page.pictures:
            el = etree.SubElement(pel, _q("ImageRegion"), id=self.ids.get("picture", picture.id, picture))
            self.coords(el, picture.polygon)
        for sep in page.separators:
            el = etree.SubElement(pel, _q("SeparatorRegion"), id=self.ids.get("separator", sep.id, sep))
            el.set("custom", f"structure {{type:separator;kind:{_custom_value(sep.kind)};}}")
            self.coords(el, sep.polygon)
        return root

    def metadata(self) -> Any:
        """``Metadata``: creator, times, and the processing step with engine, models and settings."""
        prov = provenance(self.page)
        md = etree.Element(_q("Metadata"))
        etree.SubElement(md, _q("Creator")).text = f"scan2text {prov.software_version}"
        stamp = iso_utc(now_utc())
        etree.SubElement(md, _q("Created")).text = iso_utc(prov.when) if prov.when else stamp
        etree.SubElement(md, _q("LastChange")).text = stamp
        item = etree.SubElement(
            md,
            _q("MetadataItem"),
            type="processingStep",
            name="ocr",
            value=f"scan2text {prov.software_version}",
        )
        labels = etree.SubElement(item, _q("Labels"))
        etree.SubElement(
            labels, _q("Label"), type="engine", value=f"{prov.engine} {prov.engine_version or ''}".strip()
        )
        for model in prov.models:
            etree.SubElement(
                labels, _q("Label"), type=f"model:{model.task}", value=xml_text(model.describe())
            )
        etree.SubElement(labels, _q("Label"), type="rotation", value=str(prov.rotation))
        etree.SubElement(labels, _q("Label"), type="skew", value=f"{prov.skew:g}")
        etree.SubElement(labels, _q("Label"), type="settings", value=xml_text(prov.settings_json))
        return md

    def reading_order_el(self, ordered: list[Block]) -> Any | None:
        """``ReadingOrder`` (see module docstring), or None for a page without blocks."""
        if not ordered:
            return None
        by_id = {b.id: b for b in self.page.blocks}
        order = etree.Element(_q("ReadingOrder"))
        group = etree.SubElement(order, _q("UnorderedGroup"), id=self.ids.fresh("ro_page"))
        in_articles: set[str] = set()
        for article in self.page.articles:
            blocks = [by_id[b] for b in dict.fromkeys(article.block_ids) if b in by_id]
            if not blocks:
                log.warning(
                    "page %s: article %s has no blocks; left out of PAGE ReadingOrder",
                    self.page.id,
                    article.id,
                )
                continue
            og = etree.SubElement(
                group,
                _q("OrderedGroup"),
                id=self.ids.fresh("ro_" + re.sub(r"[^A-Za-z0-9_.\-]", "_", article.id)),
            )
            og.set("type", "article")
            if article.headline:
                og.set("caption", xml_text(article.headline))
            for i, block in enumerate(blocks):
                etree.SubElement(
                    og, _q("RegionRefIndexed"), index=str(i), regionRef=self.ids.get("block", block.id, block)
                )
                in_articles.add(block.id)
        for block in ordered:
            if block.id not in in_articles:
                etree.SubElement(group, _q("RegionRef"), regionRef=self.ids.get("block", block.id, block))
        return order

    def relations(self) -> Any | None:
        """``Relations`` (joins of split paragraphs, caption links), or None when there are none."""
        pairs: list[tuple[str, str, str]] = []
        for article in self.page.articles:
            for paragraph in article.paragraphs:
                segments = paragraph_segments(self.page, paragraph, self.index)
                for (a, _), (b, _) in zip(segments, segments[1:]):
                    pair = ("join", self.ids.get("block", a.id, a), self.ids.get("block", b.id, b))
                    if pair not in pairs:
                        pairs.append(pair)
        block_ids = {b.id for b in self.page.blocks}
        for picture in self.page.pictures:
            if picture.caption_block_id in block_ids:
                caption = self.ids.get("block", str(picture.caption_block_id))
                pairs.append(("link", caption, self.ids.get("picture", picture.id, picture)))
        if not pairs:
            return None
        rels = etree.Element(_q("Relations"))
        for kind, source, target in pairs:
            rel = etree.SubElement(rels, _q("Relation"), id=self.ids.fresh(f"rel_{kind}"), type=kind)
            etree.SubElement(rel, _q("SourceRegionRef"), regionRef=source)
            etree.SubElement(rel, _q("TargetRegionRef"), regionRef=target)
        return rels

    def text_region(self, block: Block) -> Any:
        """A ``TextRegion`` with type, exact role, direction, lines and text."""
        el = etree.Element(_q("TextRegion"), id=self.ids.get("block", block.id, block))
        el.set("type", region_type(block))
        custom = f"type:{block.role.value};"
        if block.role is BlockRole.furniture and block.furniture_kind:
            custom += f"kind:{_custom_value(block.furniture_kind)};"
        el.set("custom", f"structure {{{custom}}}")
        vertical = all(ln.direction == "ttb" for ln in block.lines) if block.lines else self.page.vertical
        if vertical:
            el.set("readingDirection", "top-to-bottom")
            el.set("textLineOrder", "right-to-left")
        self.coords(el, block_outline(block))
        for i, line in enumerate(block.lines):
            el.append(self.text_line(line, i))
        equiv = etree.SubElement(el, _q("TextEquiv"))
        etree.SubElement(equiv, _q("Unicode")).text = xml_text(block.text)
        return el

    def text_line(self, line: Line, index: int) -> Any:
        """A ``TextLine`` with paragraph/hyphen marks, coords, baseline, words and text."""
        el = etree.Element(_q("TextLine"), id=self.ids.get("line", line.id, line))
        el.set("index", str(index))
        if line.direction == "ttb":
            el.set("readingDirection", "top-to-bottom")
        custom = []
        if line.id in self.starts:
            custom.append("paragraph {start:true;}")
        if line.id in self.soft_hyphens:
            custom.append("hyphenation {soft:true;}")
        if custom:
            el.set("custom", " ".join(custom))
        self.coords(el, line.polygon if line.has_geometry else [])
        base = baseline(line)
        if base:
            etree.SubElement(el, _q("Baseline"), points=points_str(self.cmap.polygon(base)))
        if line.words and all(len(w.polygon) >= 3 for w in line.words):
            for n, word in enumerate(line.words, start=1):
                wel = etree.SubElement(el, _q("Word"), id=self.ids.fresh(f"{el.get('id')}_w{n}"))
                self.coords(wel, word.polygon)
                _text_equiv(wel, word.text, word.confidence)
        _text_equiv(el, line.text, line.confidence)
        return el


def _text_equiv(parent: Any, text: str, conf: float) -> None:
    equiv = etree.SubElement(parent, _q("TextEquiv"), conf=f"{min(max(conf, 0.0), 1.0):.4f}")
    etree.SubElement(equiv, _q("Unicode")).text = xml_text(text)


def page_tree(page: Page, image_ref: str | None = None) -> Any:
    """The PAGE-XML 2019 document of ``page`` as an lxml element; ``image_ref`` names the scan."""
    return _PageXml(page, image_ref).build()


def write_page_xml(page: Page, path: Path, image_ref: str | None = None) -> Path:
    """Write ``page`` as PAGE-XML 2019 to ``path`` atomically; returns ``path``."""
    return atomic_write(path, xml_bytes(page_tree(page, image_ref)))
