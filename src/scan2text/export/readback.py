"""Minimal readers for what the exporters write: ALTO, PAGE-XML and METS back to the page tree.

They exist to prove that the exports carry the document (the round-trip
tests) and to load exports into tools that take the page tree. The
evaluation package may bring fuller readers for other producers' files.

What comes back:

* :func:`read_alto`: blocks in ``IDNEXT`` reading order with roles (from
  ``TAGREFS``), lines, words and word confidences, pictures, separators, and
  the articles of the ``ReadingOrder`` groups with paragraphs joined from their
  lines (CJK without spaces, soft hyphens removed). Title parts and bylines
  are the role blocks' lines joined with single spaces.
* :func:`read_page_xml`: the same from PAGE-XML; headlines come from the
  article groups' ``caption`` (exact), paragraphs from the lines marked as
  paragraph starts.
* :func:`read_mets`: a :class:`Document` with a page per physical page (read
  from its ALTO file) whose articles come from the logical ``structMap``:
  headline, subheadline, byline and kicker from the MODS record (exact), blocks
  and paragraphs from the ALTO areas. An article spanning pages becomes one
  part per page, linked in ``metadata["continuations"]`` by page number.

Coordinates come back as the files hold them: pixels of the scan.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from scan2text.document import Article, Document, Line, Page, Paragraph
from scan2text.errors import ExportError
from scan2text.export._read_layout import (
    LayoutResult,
    children,
    descendants,
    inline_byline,
    local,
    parse_xml,
    read_alto_result,
    read_page_result,
)
from scan2text.export._structure import join_lines, join_title

log = logging.getLogger(__name__)

_FIELDS = (("KICKER", "kicker"), ("TITLE", "headline"), ("SUBTITLE", "subheadline"), ("AUTHOR", "byline"))


def read_alto(path: str | Path) -> Page:
    """Read an ALTO file (version 2-4) into a :class:`Page` (see module docstring)."""
    return read_alto_result(Path(path)).page


def read_page_xml(path: str | Path) -> Page:
    """Read a PAGE-XML file (2013-2019) into a :class:`Page` (see module docstring)."""
    return read_page_result(Path(path)).page


def _path_of(href: str, base: Path) -> Path:
    parsed = urlparse(href)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path, errors="surrogateescape"))
    if parsed.scheme and len(parsed.scheme) > 1:
        raise ExportError(f"cannot read remote file {href}", base)
    return base / unquote(href, errors="surrogateescape")


def _mods(root: Any) -> dict[str, Any]:
    """dmdSec ID -> its MODS fields: title, subTitle, namePart, kicker note, identifiers."""
    out: dict[str, Any] = {}
    for sec in descendants(root, "dmdSec"):
        fields: dict[str, Any] = {"identifiers": []}
        for el in sec.iter():
            name = local(el)
            if name in ("title", "subTitle", "namePart") and name not in fields:
                fields[name] = el.text or ""
            elif name == "note" and el.get("type") == "kicker":
                fields["kicker"] = el.text or ""
            elif name == "identifier":
                fields["identifiers"].append(el.text or "")
            elif name == "dateIssued":
                fields["date"] = el.text or ""
        out[sec.get("ID", "")] = fields
    return out


class _MetsReader:
    """Reads one METS file and the ALTO files it points at."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root = parse_xml(path)
        self.mods = _mods(self.root)
        self.files: dict[str, tuple[str, str]] = {}
        for grp in descendants(self.root, "fileGrp"):
            for f in children(grp, "file"):
                locs = children(f, "FLocat")
                link = locs[0].get("{http://www.w3.org/1999/xlink}href", "") if locs else ""
                self.files[f.get("ID", "")] = (grp.get("USE", ""), link)
        self.pages: list[LayoutResult] = []
        self.page_of_file: dict[str, int] = {}
        self.page_of_phys: dict[str, int] = {}

    def read(self) -> Document:
        """The document: pages from the physical map, articles from the logical one."""
        maps = {m.get("TYPE", "").upper(): m for m in descendants(self.root, "structMap")}
        if "PHYSICAL" not in maps:
            raise ExportError("no physical structMap in METS file", self.path)
        page_divs = [d for d in descendants(maps["PHYSICAL"], "div") if d.get("TYPE", "").lower() == "page"]
        for n, div in enumerate(page_divs):
            image = ""
            for fptr in children(div, "fptr"):
                use, link = self.files.get(fptr.get("FILEID", ""), ("", ""))
                if use == "FULLTEXT":
                    result = read_alto_result(_path_of(link, self.path.parent))
                    result.page.page_index = n
                    self.pages.append(result)
                    self.page_of_file[fptr.get("FILEID", "")] = len(self.pages) - 1
                elif use == "IMAGE":
                    image = unquote(link, errors="surrogateescape")
            if len(self.pages) == n + 1:
                self.pages[-1].page.source = image or self.pages[-1].page.source
                self.page_of_phys[div.get("ID", "")] = n
            else:
                raise ExportError(f"page {n + 1} has no ALTO file (fileGrp USE=FULLTEXT)", self.path)
        for result in self.pages:
            result.page.articles = []
        issue = next((d for d in descendants(maps.get("LOGICAL", self.root), "div")), None)
        issue_mods = self.mods.get(issue.get("DMDID", "") if issue is not None else "", {})
        document = Document(
            source=(issue_mods.get("identifiers") or [""])[0],
            pages=[r.page for r in self.pages],
            metadata={"title": issue_mods.get("title")} if issue_mods.get("title") else {},
        )
        if issue_mods.get("date"):
            document.metadata["date"] = issue_mods["date"]
        chains = []
        if "LOGICAL" in maps:
            for div in descendants(maps["LOGICAL"], "div"):
                if div.get("TYPE", "").upper() == "ARTICLE":
                    parts = self.article(div)
                    if len(parts) > 1:
                        chains.append([[n + 1, art.id] for n, art in parts])
        if chains:
            document.metadata["continuations"] = chains
        return document

    def _links(self, div_id: str) -> list[int]:
        """Page numbers (0-based) a logical div is linked to in ``structLink``."""
        pages = []
        for link in descendants(self.root, "smLink"):
            if link.get("{http://www.w3.org/1999/xlink}from") == div_id:
                n = self.page_of_phys.get(link.get("{http://www.w3.org/1999/xlink}to", ""))
                if n is not None:
                    pages.append(n)
        return pages

    def _lines(self, area: Any) -> tuple[int, list[Line]] | None:
        """The page number and lines an ALTO area names (a whole block, or a BEGIN..END line range)."""
        n = self.page_of_file.get(area.get("FILEID", ""))
        if n is None:
            return None
        page = self.pages[n].page
        begin, end = area.get("BEGIN"), area.get("END") or area.get("BEGIN")
        for block in page.blocks:
            if block.id == begin:
                return n, list(block.lines)
        ordered = [ln for b in page.blocks for ln in b.lines]
        ids = [ln.id for ln in ordered]
        if begin in ids and end in ids:
            return n, ordered[ids.index(begin) : ids.index(end) + 1]
        picture_ids = {p.id for p in page.pictures}
        if begin not in picture_ids:
            log.warning("%s: area %s not found in its ALTO file", self.path, begin)
        return None

    def article(self, div: Any) -> list[tuple[int, Article]]:
        """Build the per-page parts of one ARTICLE div and add them to their pages."""
        parts: dict[int, Article] = {}
        field_lines: dict[str, dict[int, list[Line]]] = {name: {} for _, name in _FIELDS}
        soft = set().union(*(r.soft_hyphens for r in self.pages)) if self.pages else set()

        def part(n: int) -> Article:
            return parts.setdefault(n, Article(id=div.get("ID", "")))

        for sub in descendants(div, "div"):
            kind = sub.get("TYPE", "").upper()
            areas = [a for fptr in children(sub, "fptr") for a in descendants(fptr, "area")]
            found = [x for x in (self._lines(a) for a in areas) if x is not None]
            if not found:
                continue
            for n, lines in found:
                block_ids = {ln.id: b.id for b in self.pages[n].page.blocks for ln in b.lines}
                part(n).block_ids += [block_ids[ln.id] for ln in lines]
                name = dict(_FIELDS).get(kind)
                if name:
                    field_lines[name].setdefault(n, []).extend(lines)
            if kind == "PARAGRAPH":
                lines = [ln for _, ls in found for ln in ls]
                lang = self.pages[found[0][0]].page.lang or "auto"
                text = join_lines([ln.text for ln in lines], [ln.id in soft for ln in lines], lang)
                part(found[0][0]).paragraphs.append(Paragraph(text, [ln.id for ln in lines]))
        if not parts:
            part((self._links(div.get("ID", "")) or [0])[0])
        ordered = sorted(parts.items())
        mods = self.mods.get(div.get("DMDID", ""), {})
        exact = {"kicker": mods.get("kicker"), "headline": mods.get("title"),
                 "subheadline": mods.get("subTitle"), "byline": mods.get("namePart")}  # fmt: skip
        for _, name in _FIELDS:
            holders = [n for n, _ in ordered if n in field_lines[name]]
            for n, art in ordered:
                if n in field_lines[name]:
                    setattr(art, name, join_title([ln.text for ln in field_lines[name][n]]) or None)
            if exact[name] and holders:
                setattr(parts[holders[0]], name, exact[name])
            elif exact[name] and not (name == "byline" and self._inline(ordered, exact[name])):
                setattr(ordered[0][1], name, exact[name])
        identifiers = mods.get("identifiers", [])
        for k, (n, art) in enumerate(ordered):
            page = self.pages[n].page
            position = {b.id: i for i, b in enumerate(page.blocks)}
            art.block_ids = sorted(dict.fromkeys(art.block_ids), key=lambda b: position.get(b, 0))
            if k < len(identifiers) and identifiers[k]:
                art.id = identifiers[k]
            page.articles.append(art)
        return ordered

    @staticmethod
    def _inline(parts: list[tuple[int, Article]], byline: str) -> bool:
        """Cut a byline printed inside the body text out of the part that holds it (see ``inline_byline``)."""
        return any(inline_byline(art, byline) for _, art in parts)


def read_mets(path: str | Path) -> Document:
    """Read a METS file and the ALTO files it references into a :class:`Document` (see module docstring)."""
    return _MetsReader(Path(path)).read()


__all__ = ["read_alto", "read_mets", "read_page_xml"]
