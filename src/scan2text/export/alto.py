"""ALTO 4.4: one file per page, with roles, confidences, hyphenation and reading order.

What goes where:

* ``Description``: ``MeasurementUnit`` ``pixel`` (pixels of the original scan:
  coordinates are mapped through ``Page.transform``, see ``_geometry``),
  ``sourceImageInformation/fileName`` (the image, relative to the ALTO file
  where possible) and ``Processing`` steps from ``Page.processing``
  (preprocessing; PP-OCR models run with onnxruntime; article assembly).
* ``Tags``: a ``StructureTag`` (``TYPE="block_role"``) per block role used on
  the page, an ``OtherTag`` (``TYPE="furniture_kind"``) per furniture kind, an
  ``OtherTag`` (``TYPE="separator_kind"``) per separator kind, and the
  ``article``/``paragraph`` tags of the reading-order groups. Blocks point at
  them with ``TAGREFS``.
* ``ReadingOrder`` (ALTO 4.3+): an ``UnorderedGroup`` for the page holding one
  ``OrderedGroup`` per article, then an ``ElementRef`` per block outside
  articles. An article's group refers to its title, byline and caption blocks
  and holds one nested ``OrderedGroup`` per paragraph whose ``ElementRef``\\ s
  name the paragraph's ``TextLine``\\ s, so a paragraph that crosses a column
  (or shares a block with another paragraph) is exact. Body blocks of an
  article without paragraphs are referred to whole.
* ``Layout/Page/PrintSpace``: every block in reading order (see
  ``_structure``), chained with ``IDNEXT``; ``Illustration`` per picture and
  ``GraphicalElement`` per separator after the text.
* ``TextBlock``/``TextLine``/``String`` with ``HPOS``/``VPOS``/``WIDTH``/``HEIGHT``,
  ``Shape/Polygon`` where the outline is not an upright rectangle, ``BASELINE``
  (estimated), ``WC`` (word confidence, 0-1) and ``CC`` (one digit per
  character, 0 = sure ... 9 = unsure, space-separated, from
  ``Line.char_confidences``), ``SP`` between words, ``HYP`` plus
  ``SUBS_TYPE="HypPart1"/"HypPart2"`` and ``SUBS_CONTENT`` for soft hyphens.
* Vertical text: ``BASEDIRECTION="ttb"`` on ``TextLine`` and, when all its lines
  are vertical, on ``TextBlock`` (the 4.4 schema allows it on both).
* Words: one ``String`` per ``Line.words`` entry, else per white-space-separated
  token of the line; an unspaced Chinese line is one ``String`` (why: ``_geometry``).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from lxml import etree

from scan2text.document import Article, BBox, Block, BlockRole, Line, Page, Paragraph
from scan2text.export._geometry import (
    CoordMap,
    WordSpan,
    baseline,
    block_outline,
    confidence_digits,
    is_rectangle,
    line_words,
    points_str,
)
from scan2text.export._io import XmlIds, atomic_write, iso_utc, now_utc, xml_bytes, xml_text
from scan2text.export._provenance import provenance
from scan2text.export._structure import (
    Hyphenation,
    find_hyphenations,
    join_title,
    line_index,
    paragraph_lines,
    reading_order,
)

log = logging.getLogger(__name__)

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{ALTO_NS} http://www.loc.gov/alto/v4/alto-4-4.xsd"
_LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


def _q(tag: str) -> str:
    return f"{{{ALTO_NS}}}{tag}"


def page_ids(page: Page) -> XmlIds:
    """The XML ids of a page's elements, shared by the ALTO and METS writers.

    Registered in a fixed order (page, blocks, lines, pictures, separators)
    so that METS areas name exactly the ids the ALTO file carries.
    """
    ids = XmlIds()
    ids.get("page", page.id or "page")
    for block in page.blocks:
        ids.get("block", block.id, block)
    for block in page.blocks:
        for line in block.lines:
            ids.get("line", line.id, line)
    for picture in page.pictures:
        ids.get("picture", picture.id, picture)
    for sep in page.separators:
        ids.get("separator", sep.id, sep)
    return ids


def language(lang: str | None) -> str | None:
    """``lang`` as an ``xsd:language`` value, or None when it is not one (``auto``, empty)."""
    if not lang or lang == "auto":
        return None
    lang = lang.replace("_", "-")
    return lang if _LANG.match(lang) else None


def _set_box(el: Any, box: BBox | None) -> None:
    if box is not None:
        el.set("HPOS", str(round(box.x0)))
        el.set("VPOS", str(round(box.y0)))
        el.set("WIDTH", str(round(box.width)))
        el.set("HEIGHT", str(round(box.height)))


def _geometry(el: Any, polygon: list[Any], cmap: CoordMap) -> None:
    """Box attributes, and a ``Shape/Polygon`` when the mapped outline is not an upright rectangle."""
    if len(polygon) < 2:
        return
    mapped = cmap.polygon(polygon)
    _set_box(el, cmap.box(polygon))
    if len(mapped) >= 3 and not is_rectangle(mapped):
        shape = etree.SubElement(el, _q("Shape"))
        etree.SubElement(shape, _q("Polygon"), POINTS=points_str(mapped))


class _AltoPage:
    """Builds the ALTO tree of one page."""

    def __init__(self, page: Page, page_no: int, image_ref: str | None) -> None:
        self.page = page
        self.page_no = page_no
        self.image_ref = image_ref
        self.ids = page_ids(page)
        self.cmap = CoordMap(page)
        self.hyph = find_hyphenations(page)
        self.hyph_second = {h.second_line: h for h in self.hyph.values()}
        self.tags: dict[tuple[str, str], str] = {}
        self.tag_els: list[Any] = []

    def tag(self, element: str, kind: str, label: str, description: str) -> str:
        """The id of the tag ``kind``/``label``, created on first use."""
        key = (kind, label)
        if key not in self.tags:
            tag_id = self.ids.fresh(f"TAG_{re.sub(r'[^A-Za-z0-9]+', '_', label)}")
            self.tags[key] = tag_id
            el = etree.Element(_q(element), ID=tag_id, TYPE=kind, LABEL=label, DESCRIPTION=description)
            self.tag_els.append(el)
        return self.tags[key]

    def build(self) -> Any:
        """The ``alto`` root element."""
        page = self.page
        root = etree.Element(_q("alto"), nsmap={None: ALTO_NS, "xlink": XLINK_NS, "xsi": XSI_NS})
        root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
        root.set("SCHEMAVERSION", "4.4")
        root.append(self.description())
        layout = etree.Element(_q("Layout"))
        page_el = etree.SubElement(
            layout,
            _q("Page"),
            ID=self.ids.get("page", page.id or "page"),
            PHYSICAL_IMG_NR=str(self.page_no),
            WIDTH=str(self.cmap.width),
            HEIGHT=str(self.cmap.height),
        )
        if language(page.lang):
            page_el.set("LANG", str(language(page.lang)))
        if round(self.cmap.rotation, 3):
            page_el.set("ROTATION", f"{self.cmap.rotation:.3f}".rstrip("0").rstrip("."))
        space = etree.SubElement(
            page_el,
            _q("PrintSpace"),
            HPOS="0",
            VPOS="0",
            WIDTH=str(self.cmap.width),
            HEIGHT=str(self.cmap.height),
        )
        ordered = reading_order(page)
        for i, block in enumerate(ordered):
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            space.append(self.text_block(block, nxt))
        for picture in page.pictures:
            el = etree.SubElement(space, _q("Illustration"), ID=self.ids.get("picture", picture.id, picture))
            _geometry(el, picture.polygon, self.cmap)
        for sep in page.separators:
            el = etree.SubElement(space, _q("GraphicalElement"), ID=self.ids.get("separator", sep.id, sep))
            el.set("TAGREFS", self.tag("OtherTag", "separator_kind", sep.kind, f"{sep.kind} rule"))
            _geometry(el, sep.polygon, self.cmap)
        order = self.reading_order_el(ordered)
        if self.tag_els:
            tags = etree.SubElement(root, _q("Tags"))
            tags.extend(self.tag_els)
        if order is not None:
            root.append(order)
        root.append(layout)
        return root

    def description(self) -> Any:
        """``Description``: unit, source image and the processing steps."""
        desc = etree.Element(_q("Description"))
        etree.SubElement(desc, _q("MeasurementUnit")).text = "pixel"
        source = self.image_ref or self.page.source
        if source:
            info = etree.SubElement(desc, _q("sourceImageInformation"))
            etree.SubElement(info, _q("fileName")).text = xml_text(source)
        prov = provenance(self.page)
        when = iso_utc(prov.when or now_utc())
        models = "; ".join(m.describe() for m in prov.models) or "models not recorded"
        settings = dict(prov.settings)
        pre_settings = {
            k: settings.pop(k) for k in ("deskew", "orientation", "rotation", "skew") if k in settings
        }
        steps = [
            (
                "PROC_PRE",
                "preOperation",
                f"rotation {prov.rotation} degrees clockwise, deskew {prov.skew:g} degrees",
                pre_settings,
                None,
            ),
            (
                "PROC_OCR",
                "contentGeneration",
                "text detection and recognition with PP-OCR models",
                settings,
                f"PP-OCR models run with {prov.engine} {prov.engine_version or '(version unknown)'}: {models}",
            ),
        ]
        if self.page.articles:
            steps.append(
                (
                    "PROC_ARTICLES",
                    "postOperation",
                    "layout analysis, reading order and article assembly",
                    {},
                    None,
                )
            )
        for step_id, category, what, step_settings, app in steps:
            step = etree.SubElement(desc, _q("Processing"), ID=self.ids.fresh(step_id))
            etree.SubElement(step, _q("processingCategory")).text = category
            etree.SubElement(step, _q("processingDateTime")).text = when
            etree.SubElement(step, _q("processingStepDescription")).text = what
            if step_settings:
                text = json.dumps(step_settings, sort_keys=True, ensure_ascii=False, default=str)
                etree.SubElement(step, _q("processingStepSettings")).text = xml_text(text)
            software = etree.SubElement(step, _q("processingSoftware"))
            etree.SubElement(software, _q("softwareName")).text = "scan2text"
            etree.SubElement(software, _q("softwareVersion")).text = prov.software_version
            if app:
                etree.SubElement(software, _q("applicationDescription")).text = xml_text(app)
        return desc

    def text_block(self, block: Block, nxt: Block | None) -> Any:
        """A ``TextBlock`` with its role tags, ``IDNEXT`` (to ``nxt``), geometry and lines."""
        el = etree.Element(_q("TextBlock"), ID=self.ids.get("block", block.id, block))
        refs = [self.tag("StructureTag", "block_role", block.role.value, f"{block.role.value} block")]
        if block.role is BlockRole.furniture and block.furniture_kind:
            kind = block.furniture_kind
            refs.append(self.tag("OtherTag", "furniture_kind", kind, f"page furniture: {kind}"))
        el.set("TAGREFS", " ".join(refs))
        if nxt is not None:
            el.set("IDNEXT", self.ids.get("block", nxt.id, nxt))
        vertical = all(ln.direction == "ttb" for ln in block.lines) if block.lines else self.page.vertical
        if vertical:
            el.set("BASEDIRECTION", "ttb")
        polygon = block_outline(block)
        _geometry(el, polygon, self.cmap)
        for line in block.lines:
            el.append(self.text_line(line))
        return el

    def text_line(self, line: Line) -> Any:
        """A ``TextLine`` with its words as ``String``/``SP`` and a ``HYP`` for a soft hyphen."""
        el = etree.Element(_q("TextLine"), ID=self.ids.get("line", line.id, line))
        if line.has_geometry:
            _geometry(el, line.polygon, self.cmap)
            el.set("BASELINE", points_str(self.cmap.polygon(baseline(line))))
        if line.direction == "ttb":
            el.set("BASEDIRECTION", "ttb")
        # A word made only of characters XML cannot hold would be an empty String.
        spans = [span for span in line_words(line) if xml_text(span.text)]
        first_half = self.hyph.get(line.id)
        second_half = self.hyph_second.get(line.id)
        hyp_span: WordSpan | None = None
        if first_half is not None:
            hyp_span = _split_hyphen(spans, first_half) if spans else None
            if hyp_span is None:
                # Recognised words that do not end in the hyphen the text has: leave the line as it is.
                first_half = None
        if not spans:
            # The schema needs at least one String per TextLine; an empty line
            # (recognised as nothing) keeps its place with empty content.
            etree.SubElement(el, _q("String"), CONTENT="")
            return el
        for i, span in enumerate(spans):
            if i and _spaced(line.text, spans[i - 1], span):
                _space(el, spans[i - 1], span, self.cmap, line.direction == "ttb")
            s = etree.SubElement(el, _q("String"), ID=self.ids.fresh(f"{el.get('ID')}_S{i + 1}"))
            s.set("CONTENT", xml_text(span.text))
            if len(span.polygon) >= 3:
                _set_box(s, self.cmap.box(span.polygon))
            s.set("WC", f"{min(max(span.confidence, 0.0), 1.0):.4f}".rstrip("0").rstrip("."))
            if span.char_confidences and len(span.char_confidences) == len(span.text):
                s.set("CC", confidence_digits(span.char_confidences))
            if first_half is not None and i == len(spans) - 1:
                s.set("SUBS_TYPE", "HypPart1")
                s.set("SUBS_CONTENT", xml_text(first_half.word))
            elif second_half is not None and i == 0:
                s.set("SUBS_TYPE", "HypPart2")
                s.set("SUBS_CONTENT", xml_text(second_half.word))
        if first_half is not None:
            hyp = etree.SubElement(el, _q("HYP"), CONTENT=first_half.hyphen)
            if hyp_span is not None and len(hyp_span.polygon) >= 3:
                _set_box(hyp, self.cmap.box(hyp_span.polygon))
        return el

    def reading_order_el(self, ordered: list[Block]) -> Any | None:
        """``ReadingOrder`` (see module docstring), or None for a page without blocks."""
        if not ordered:
            return None
        order = etree.Element(_q("ReadingOrder"))
        group = etree.SubElement(order, _q("UnorderedGroup"), ID=self.ids.fresh("RO_PAGE"))
        in_articles: set[str] = set()
        index = line_index(self.page)
        for article in self.page.articles:
            art_el = self.article_group(article, index)
            if art_el is None:
                log.warning(
                    "page %s: article %s has no blocks; left out of ALTO ReadingOrder",
                    self.page.id,
                    article.id,
                )
                continue
            group.append(art_el)
            in_articles.update(article.block_ids)
        for block in ordered:
            if block.id not in in_articles:
                self._ref(group, self.ids.get("block", block.id, block))
        return order

    def _ref(self, parent: Any, target: str) -> None:
        etree.SubElement(parent, _q("ElementRef"), ID=self.ids.fresh("RO_REF"), REF=target)

    def article_group(self, article: Article, index: dict[str, tuple[Block, Line]]) -> Any | None:
        """The article's ``OrderedGroup`` (see module docstring), or None when it has nothing to refer to."""
        by_id = {b.id: b for b in self.page.blocks}
        art_id = self.ids.fresh("ART_" + re.sub(r"[^A-Za-z0-9_.\-]", "_", article.id))
        el = etree.Element(_q("OrderedGroup"), ID=art_id)
        el.set("TAGREFS", self.tag("StructureTag", "group", "article", "an article, in reading order"))
        para_tag = self.tag("StructureTag", "group", "paragraph", "a paragraph of an article, as text lines")
        paragraphs = [(p, paragraph_lines(self.page, p, index)) for p in article.paragraphs]
        emitted: set[int] = set()
        for block_id in article.block_ids:
            block = by_id.get(block_id)
            if block is None:
                continue
            starting = [
                k for k, (_, lines) in enumerate(paragraphs) if lines and index[lines[0].id][0] is block
            ]
            covered = any(index[ln.id][0] is block for _, lines in paragraphs for ln in lines)
            if covered:
                for k in starting:
                    if k not in emitted:
                        emitted.add(k)
                        self._paragraph(el, paragraphs[k][1], art_id, k, para_tag)
            else:
                self._ref(el, self.ids.get("block", block.id, block))
        for k, (_, lines) in enumerate(paragraphs):
            if k not in emitted and lines:
                self._paragraph(el, lines, art_id, k, para_tag)
        self._byline_lines(el, article, paragraphs, by_id)
        return el if len(el) else None

    def _byline_lines(
        self,
        el: Any,
        article: Article,
        paragraphs: list[tuple[Paragraph, list[Line]]],
        by_id: dict[str, Block],
    ) -> None:
        """Refer to a byline set on lines of its own inside a body block, tagged ``byline``.

        The article stage takes a credit line ("（李得胜 朱亚旭）") out of the
        body without giving it a block; with only the paragraph groups the
        line would be in no group and the byline lost from the file.
        """
        if not article.byline or any(
            by_id[b].role is BlockRole.byline for b in article.block_ids if b in by_id
        ):
            return
        in_paragraphs = {ln.id for _, lines in paragraphs for ln in lines}
        spare = [
            ln
            for b in article.block_ids
            if b in by_id and by_id[b].role in (BlockRole.body, BlockRole.unknown)
            for ln in by_id[b].lines
            if ln.id not in in_paragraphs
        ]
        if not spare or join_title([ln.text for ln in spare]).replace(" ", "") != article.byline.replace(
            " ", ""
        ):
            return
        tag = self.tag("StructureTag", "block_role", "byline", "byline block")
        for line in spare:
            etree.SubElement(
                el,
                _q("ElementRef"),
                ID=self.ids.fresh("RO_REF"),
                REF=self.ids.get("line", line.id, line),
                TAGREFS=tag,
            )

    def _paragraph(self, parent: Any, lines: list[Line], art_id: str, k: int, tag: str) -> None:
        group = etree.SubElement(
            parent, _q("OrderedGroup"), ID=self.ids.fresh(f"{art_id}_P{k + 1}"), TAGREFS=tag
        )
        for line in lines:
            self._ref(group, self.ids.get("line", line.id, line))


def _split_hyphen(spans: list[WordSpan], h: Hyphenation) -> WordSpan | None:
    """Take the soft hyphen off the line's last word; returns a span holding the hyphen's box."""
    last = spans[-1]
    if not last.text or last.text[-1] != h.hyphen:
        return None
    n = len(last.text)
    hyp = WordSpan(h.hyphen)
    if len(last.polygon) >= 3:
        box = BBox.of_points(last.polygon)
        cut = box.x0 + box.width * (n - 1) / n
        hyp.polygon = BBox(cut, box.y0, box.x1, box.y1).polygon()
        last.polygon = BBox(box.x0, box.y0, cut, box.y1).polygon()
    last.text = last.text[:-1]
    if len(last.char_confidences) == n:
        last.char_confidences = last.char_confidences[:-1]
    if not last.text:
        spans.pop()
    return hyp


def _spaced(text: str, before: WordSpan, after: WordSpan) -> bool:
    """Whether the line's text has white space between two words (``SP``); True when unknown.

    Recognised segments of an unspaced Chinese line follow each other without
    a space, and an ``SP`` there would add one to the text.
    """
    if before.end < 0 or after.start < before.end:
        return True
    return any(ch.isspace() for ch in text[before.end : after.start])


def _space(parent: Any, before: WordSpan, after: WordSpan, cmap: CoordMap, vertical: bool) -> None:
    sp = etree.SubElement(parent, _q("SP"))
    if len(before.polygon) < 3 or len(after.polygon) < 3:
        return
    a, b = cmap.box(before.polygon), cmap.box(after.polygon)
    if a is None or b is None:
        return
    if vertical and b.y0 > a.y1:
        sp.set("HPOS", str(round(a.x0)))
        sp.set("VPOS", str(round(a.y1)))
        sp.set("WIDTH", str(round(a.width)))
        sp.set("HEIGHT", str(round(b.y0 - a.y1)))
    elif not vertical and b.x0 > a.x1:
        sp.set("HPOS", str(round(a.x1)))
        sp.set("VPOS", str(round(min(a.y0, b.y0))))
        sp.set("WIDTH", str(round(b.x0 - a.x1)))
        sp.set("HEIGHT", str(round(max(a.y1, b.y1) - min(a.y0, b.y0))))


def alto_tree(page: Page, page_no: int = 1, image_ref: str | None = None) -> Any:
    """The ALTO 4.4 document of ``page`` as an lxml element.

    ``page_no`` is the 1-based position in the issue (``PHYSICAL_IMG_NR``);
    ``image_ref`` names the scan (default ``page.source``).
    """
    return _AltoPage(page, page_no, image_ref).build()


def write_alto(page: Page, path: Path, page_no: int = 1, image_ref: str | None = None) -> Path:
    """Write ``page`` as ALTO 4.4 to ``path`` atomically; returns ``path``."""
    return atomic_write(path, xml_bytes(alto_tree(page, page_no, image_ref)))
