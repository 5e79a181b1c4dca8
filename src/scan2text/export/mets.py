"""METS for an issue: files, pages, and articles pointing into the ALTO files.

Layout of the file (one METS per ``Document``, with any number of pages):

* ``metsHdr``: the creating software as an agent, models and engine as notes.
* ``dmdSec`` ``DMD_ISSUE``: MODS for the issue (title from ``metadata["title"]``
  or the source's name, ``metadata["date"]`` as ``dateIssued``, language).
* ``dmdSec`` ``DMD_ART_NNNN`` per article: MODS ``titleInfo/title`` = headline,
  ``titleInfo/subTitle`` = subheadline, ``name/namePart`` = byline (role
  author), ``note type="kicker"``, language, and one
  ``identifier type="local"`` per part holding the page tree's article id.
* ``fileSec``: ``fileGrp USE="IMAGE"`` (the scans), ``USE="FULLTEXT"`` (ALTO),
  and ``USE="PAGEXML"`` when PAGE-XML was written; ``FLocat`` hrefs are
  relative to the METS file where the files are local.
* Physical ``structMap``: ``physSequence`` with one ``page`` div per page,
  pointing at its image, ALTO and PAGE files.
* Logical ``structMap``: an ``ISSUE`` div with one ``ARTICLE`` div per article
  (``LABEL`` = headline) holding ``HEADING`` (``KICKER``, ``TITLE``,
  ``SUBTITLE``), ``AUTHOR``, ``BODY`` with ``PARAGRAPH`` divs (``ORDER`` =
  position), and ``CAPTION`` / ``ILLUSTRATION`` (``IMAGE`` + ``CAPTION``) divs.
  Each points into ALTO with ``fptr/area`` (or ``fptr/seq/area`` in reading
  order) ``FILEID`` + ``BEGIN`` + ``BETYPE="IDREF"``: ``BEGIN`` alone names a
  whole ``TextBlock``; ``BEGIN``/``END`` name the first and last ``TextLine`` of
  the part of a block a paragraph takes, so paragraphs that share a block or
  cross a column stay exact.
* An article continued on another page (``metadata["continuations"]``, see
  ``_structure``) is one ``ARTICLE`` div whose areas point into several ALTO files.
* ``structLink``: the issue and each article linked to their pages.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from scan2text.document import Block, BlockRole, Document, Line
from scan2text.export._io import XmlIds, atomic_write, iso_utc, now_utc, xml_bytes, xml_text
from scan2text.export._provenance import provenance
from scan2text.export._structure import LogicalArticle, line_index, logical_articles, paragraph_segments
from scan2text.export.alto import language, page_ids

log = logging.getLogger(__name__)

METS_NS = "http://www.loc.gov/METS/"
MODS_NS = "http://www.loc.gov/mods/v3"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{METS_NS} http://www.loc.gov/standards/mets/mets.xsd {MODS_NS} http://www.loc.gov/standards/mods/v3/mods-3-8.xsd"
TITLE_DIVS = (
    (BlockRole.kicker, "KICKER"),
    (BlockRole.headline, "TITLE"),
    (BlockRole.subheadline, "SUBTITLE"),
)


def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _mods(tag: str) -> str:
    return f"{{{MODS_NS}}}{tag}"


def href(path: str) -> str:
    """A URL for ``path``: URLs are kept, absolute paths become ``file:`` URIs, relative ones are quoted."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", path):
        return path
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    # surrogateescape turns the bytes of a file name that is not UTF-8 back into %XX escapes.
    return quote(p.as_posix(), errors="surrogateescape")


def _mime(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


class _Mets:
    """Builds the METS tree of one document."""

    def __init__(
        self,
        document: Document,
        alto_paths: Sequence[str],
        image_paths: Sequence[str | None],
        page_xml_paths: Sequence[str] | None,
    ) -> None:
        if len(alto_paths) != len(document.pages):
            raise ValueError(f"{len(alto_paths)} ALTO paths for {len(document.pages)} pages")
        self.doc = document
        self.alto_paths = list(alto_paths)
        images = list(image_paths) + [None] * (len(document.pages) - len(image_paths))
        # A text-only input (the seed's text dump) has no scan to list among the images.
        self.image_paths = [p if p and not _mime(p).startswith("text/") else None for p in images]
        self.page_xml_paths = list(page_xml_paths) if page_xml_paths else []
        self.page_ids = [page_ids(p) for p in document.pages]
        self.indexes = [line_index(p) for p in document.pages]
        self.ids = XmlIds()

    def build(self) -> Any:
        """The ``mets`` root element."""
        doc = self.doc
        root = etree.Element(
            _m("mets"), nsmap={"mets": METS_NS, "mods": MODS_NS, "xlink": XLINK_NS, "xsi": XSI_NS}
        )
        root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
        root.set("TYPE", "Newspaper")
        root.set("LABEL", xml_text(self.issue_title()))
        root.append(self.header())
        articles = logical_articles(doc)
        root.append(self.dmd("DMD_ISSUE", self.issue_mods()))
        for art in articles:
            root.append(self.dmd(f"DMD_ART_{art.number:04d}", self.article_mods(art)))
        files = self.file_sec()
        if len(files):  # the schema wants at least one fileGrp; a document without pages has none
            root.append(files)
        root.append(self.physical())
        root.append(self.logical(articles))
        if doc.pages:
            link = etree.SubElement(root, _m("structLink"))
            for n in range(1, len(doc.pages) + 1):
                self._link(link, "LOG_0000", n)
            for art in articles:
                for n in art.page_numbers:
                    self._link(link, f"LOG_{art.number:04d}", n)
        return root

    def _link(self, parent: Any, source: str, page_no: int) -> None:
        sm = etree.SubElement(parent, _m("smLink"))
        sm.set(f"{{{XLINK_NS}}}from", source)
        sm.set(f"{{{XLINK_NS}}}to", f"PHYS_{page_no:04d}")

    def issue_title(self) -> str:
        """``metadata["title"]``, else the source's file stem."""
        title = self.doc.metadata.get("title")
        return str(title) if title else (Path(self.doc.source).stem or "scan2text document")

    def header(self) -> Any:
        """``metsHdr`` naming scan2text, its engine and models as the creator."""
        hdr = etree.Element(_m("metsHdr"), CREATEDATE=iso_utc(now_utc()))
        agent = etree.SubElement(hdr, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
        if self.doc.pages:
            prov = provenance(self.doc.pages[0])
            etree.SubElement(agent, _m("name")).text = f"scan2text {prov.software_version}"
            etree.SubElement(
                agent, _m("note")
            ).text = f"engine: {prov.engine} {prov.engine_version or ''}".strip()
            for model in prov.models:
                etree.SubElement(agent, _m("note")).text = xml_text(f"model {model.describe()}")
        else:
            from scan2text import __version__

            etree.SubElement(agent, _m("name")).text = f"scan2text {__version__}"
        return hdr

    def dmd(self, dmd_id: str, mods: Any) -> Any:
        """A ``dmdSec`` wrapping a MODS record."""
        sec = etree.Element(_m("dmdSec"), ID=dmd_id)
        wrap = etree.SubElement(sec, _m("mdWrap"), MIMETYPE="text/xml", MDTYPE="MODS")
        etree.SubElement(wrap, _m("xmlData")).append(mods)
        return sec

    def issue_mods(self) -> Any:
        """MODS for the issue: title, date issued, language, source."""
        mods = etree.Element(_mods("mods"))
        etree.SubElement(etree.SubElement(mods, _mods("titleInfo")), _mods("title")).text = xml_text(
            self.issue_title()
        )
        date = self.doc.metadata.get("date")
        if date:
            origin = etree.SubElement(mods, _mods("originInfo"))
            issued = etree.SubElement(origin, _mods("dateIssued"), keyDate="yes")
            issued.text = xml_text(str(date))
            if re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", str(date)):
                issued.set("encoding", "iso8601")
        self._language(mods, self.doc.pages[0].lang if self.doc.pages else None)
        if self.doc.source:
            etree.SubElement(mods, _mods("identifier"), type="local").text = xml_text(self.doc.source)
        return mods

    @staticmethod
    def _language(mods: Any, lang: str | None) -> None:
        code = language(lang)
        if code:
            term = etree.SubElement(etree.SubElement(mods, _mods("language")), _mods("languageTerm"))
            term.set("type", "code")
            term.set("authority", "rfc3066")
            term.text = code

    def article_mods(self, art: LogicalArticle) -> Any:
        """MODS for an article (see module docstring)."""
        mods = etree.Element(_mods("mods"))
        if art.headline or art.subheadline:
            info = etree.SubElement(mods, _mods("titleInfo"))
            if art.headline:
                etree.SubElement(info, _mods("title")).text = xml_text(art.headline)
            if art.subheadline:
                etree.SubElement(info, _mods("subTitle")).text = xml_text(art.subheadline)
        if art.byline:
            name = etree.SubElement(mods, _mods("name"))
            etree.SubElement(name, _mods("namePart")).text = xml_text(art.byline)
            role = etree.SubElement(etree.SubElement(name, _mods("role")), _mods("roleTerm"))
            role.set("type", "text")
            role.set("authority", "marcrelator")
            role.text = "author"
        if art.kicker:
            etree.SubElement(mods, _mods("note"), type="kicker").text = xml_text(art.kicker)
        self._language(mods, art.lang)
        for part in art.parts:
            etree.SubElement(mods, _mods("identifier"), type="local").text = xml_text(part.article.id)
        return mods

    def file_sec(self) -> Any:
        """``fileSec`` with a group per kind of file that exists (possibly empty)."""
        sec = etree.Element(_m("fileSec"))
        groups: list[tuple[str, str, Sequence[str | None], str | None]] = [
            ("IMAGE", "IMG", self.image_paths, None),
            ("FULLTEXT", "ALTO", self.alto_paths, "text/xml"),
            ("PAGEXML", "PAGE", self.page_xml_paths, "application/vnd.prima.page+xml"),
        ]
        for use, prefix, paths, mime in groups:
            if not any(paths):
                continue
            grp = etree.SubElement(sec, _m("fileGrp"), ID=f"FILEGRP_{use}", USE=use)
            for n, path in enumerate(paths, start=1):
                if path:
                    f = etree.SubElement(
                        grp, _m("file"), ID=f"{prefix}_{n:04d}", MIMETYPE=mime or _mime(path)
                    )
                    loc = etree.SubElement(f, _m("FLocat"), LOCTYPE="URL")
                    loc.set(f"{{{XLINK_NS}}}href", xml_text(href(path)))
        return sec

    def physical(self) -> Any:
        """The physical ``structMap``: one page div per page."""
        smap = etree.Element(_m("structMap"), TYPE="PHYSICAL")
        seq = etree.SubElement(smap, _m("div"), ID="PHYS_0000", TYPE="physSequence")
        for n, page in enumerate(self.doc.pages, start=1):
            div = etree.SubElement(seq, _m("div"), ID=f"PHYS_{n:04d}", TYPE="page", ORDER=str(n))
            if page.source:
                div.set("LABEL", xml_text(Path(page.source).name))
            if self.image_paths[n - 1]:
                etree.SubElement(div, _m("fptr"), FILEID=f"IMG_{n:04d}")
            etree.SubElement(div, _m("fptr"), FILEID=f"ALTO_{n:04d}")
            if n <= len(self.page_xml_paths) and self.page_xml_paths[n - 1]:
                etree.SubElement(div, _m("fptr"), FILEID=f"PAGE_{n:04d}")
        return smap

    def logical(self, articles: list[LogicalArticle]) -> Any:
        """The logical ``structMap``: the issue and its articles."""
        smap = etree.Element(_m("structMap"), TYPE="LOGICAL")
        issue = etree.SubElement(smap, _m("div"), ID="LOG_0000", TYPE="ISSUE", DMDID="DMD_ISSUE")
        issue.set("LABEL", xml_text(self.issue_title()))
        for art in articles:
            issue.append(self.article_div(art))
        return smap

    def _div(self, parent: Any, div_type: str, **attrs: str) -> Any:
        return etree.SubElement(
            parent, _m("div"), ID=self.ids.fresh(f"LOG_{div_type}"), TYPE=div_type, **attrs
        )

    def _areas(self, parent: Any, areas: Sequence[tuple[int, str, str | None]]) -> None:
        """An ``fptr`` with one ``area`` or a ``seq`` of them; ``areas`` are (page no, BEGIN, END)."""
        fptr = etree.SubElement(parent, _m("fptr"))
        holder = fptr if len(areas) == 1 else etree.SubElement(fptr, _m("seq"))
        for page_no, begin, end in areas:
            area = etree.SubElement(
                holder, _m("area"), FILEID=f"ALTO_{page_no:04d}", BETYPE="IDREF", BEGIN=begin
            )
            if end is not None:
                area.set("END", end)

    def _block_areas(
        self, art: LogicalArticle, roles: Sequence[BlockRole]
    ) -> list[tuple[int, str, str | None]]:
        out: list[tuple[int, str, str | None]] = []
        for part in art.parts:
            by_id = {b.id: b for b in part.page.blocks}
            ids = self.page_ids[part.page_no - 1]
            for block_id in dict.fromkeys(part.article.block_ids):
                block = by_id.get(block_id)
                if block is not None and block.role in roles:
                    out.append((part.page_no, ids.get("block", block.id, block), None))
        return out

    def article_div(self, art: LogicalArticle) -> Any:
        """An ``ARTICLE`` div with its heading, author, body and caption divs."""
        div = etree.Element(
            _m("div"), ID=f"LOG_{art.number:04d}", TYPE="ARTICLE", DMDID=f"DMD_ART_{art.number:04d}"
        )
        div.set("ORDER", str(art.number))
        if art.headline:
            div.set("LABEL", xml_text(art.headline))
        titles = [(kind, self._block_areas(art, [role])) for role, kind in TITLE_DIVS]
        if any(areas for _, areas in titles):
            heading = self._div(div, "HEADING")
            for kind, areas in titles:
                if areas:
                    self._areas(self._div(heading, kind), areas)
        bylines = self._block_areas(art, [BlockRole.byline])
        if bylines:
            self._areas(self._div(div, "AUTHOR"), bylines)
        paragraphs = self.paragraph_areas(art)
        if paragraphs:
            body = self._div(div, "BODY")
            for order, areas in enumerate(paragraphs, start=1):
                self._areas(self._div(body, "PARAGRAPH", ORDER=str(order)), areas)
        self.caption_divs(div, art)
        return div

    def paragraph_areas(self, art: LogicalArticle) -> list[list[tuple[int, str, str | None]]]:
        """Per paragraph, its areas; body blocks of parts without paragraphs become one paragraph each."""
        out: list[list[tuple[int, str, str | None]]] = []
        for part in art.parts:
            ids = self.page_ids[part.page_no - 1]
            index = self.indexes[part.page_no - 1]
            if not part.article.paragraphs:
                out += [[a] for a in self._block_areas(_single(art, part), [BlockRole.body])]
                continue
            for paragraph in part.article.paragraphs:
                areas = [
                    _segment_area(part.page_no, ids, block, lines)
                    for block, lines in paragraph_segments(part.page, paragraph, index)
                ]
                if areas:
                    out.append(areas)
                else:
                    log.warning(
                        "article %s: a paragraph has no lines on the page; no METS area", part.article.id
                    )
        return out

    def caption_divs(self, div: Any, art: LogicalArticle) -> None:
        """A CAPTION div per caption block, inside an ILLUSTRATION div with its picture when it has one."""
        for part in art.parts:
            ids = self.page_ids[part.page_no - 1]
            pictures = {p.caption_block_id: p for p in part.page.pictures if p.caption_block_id}
            by_id = {b.id: b for b in part.page.blocks}
            for block_id in dict.fromkeys(part.article.block_ids):
                block = by_id.get(block_id)
                if block is None or block.role is not BlockRole.caption:
                    continue
                caption = [(part.page_no, ids.get("block", block.id, block), None)]
                picture = pictures.get(block.id)
                if picture is None:
                    self._areas(self._div(div, "CAPTION"), caption)
                    continue
                ill = self._div(div, "ILLUSTRATION")
                self._areas(
                    self._div(ill, "IMAGE"), [(part.page_no, ids.get("picture", picture.id, picture), None)]
                )
                self._areas(self._div(ill, "CAPTION"), caption)


def _single(art: LogicalArticle, part: Any) -> LogicalArticle:
    return LogicalArticle(art.number, [part])


def _segment_area(page_no: int, ids: XmlIds, block: Block, lines: list[Line]) -> tuple[int, str, str | None]:
    if [ln.id for ln in lines] == [ln.id for ln in block.lines]:
        return (page_no, ids.get("block", block.id, block), None)
    return (page_no, ids.get("line", lines[0].id, lines[0]), ids.get("line", lines[-1].id, lines[-1]))


def mets_tree(
    document: Document,
    alto_paths: Sequence[str],
    image_paths: Sequence[str | None] = (),
    page_xml_paths: Sequence[str] | None = None,
) -> Any:
    """The METS document of ``document`` as an lxml element.

    ``alto_paths`` (one per page, required) and the optional ``image_paths``
    and ``page_xml_paths`` are written as given (relative paths should be
    relative to the METS file).
    """
    return _Mets(document, alto_paths, image_paths, page_xml_paths).build()


def write_mets(
    document: Document,
    path: Path,
    alto_paths: Sequence[str],
    image_paths: Sequence[str | None] = (),
    page_xml_paths: Sequence[str] | None = None,
) -> Path:
    """Write the METS of ``document`` to ``path`` atomically; returns ``path``."""
    return atomic_write(path, xml_bytes(mets_tree(document, alto_paths, image_paths, page_xml_paths)))
