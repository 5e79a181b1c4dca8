"""Read ground truth (or predictions) in any supported format into a page tree.

:func:`read_document` sniffs the format from the content, not the file name:

* JSON with ``"schema": "scan2text/page-tree/1"``: scan2text's own output;
* JSON with ``"articles"`` (the keyed seed format) or with
  ``"schema": "scan2text/render-gt/1"`` (the page renderer's ground truth);
* XML whose root is ``PcGts`` (PAGE 2013/2017/2019), ``alto`` (ALTO v1–v4),
  ``mets`` (a METS issue pointing at ALTO pages) or an iArchives 2002 export
  ``unit``, ``page`` or ``article`` (:mod:`.readers_iarchives`; pass ``unit.xml``);
* anything else that decodes as UTF-8: plain text.

Article JSON is described in :mod:`scan2text.evaluation.readers_json`.

Plain text is one page without article structure: each run of lines
between blank lines becomes one block, and the page has **zero articles**
(nothing in a text file says where articles begin), so article metrics
against it report that no article was found.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from scan2text.document import SCHEMA, Block, BlockRole, Document, Line, Page
from scan2text.errors import GroundTruthError
from scan2text.evaluation.readers_json import RENDER_SCHEMA, doc_stem, read_article_json

logger = logging.getLogger(__name__)

__all__ = ["doc_stem", "read_document", "read_text"]


def read_document(path: str | Path, dpi: float | None = None, *, split_continued: bool = False) -> Document:
    """Read a page tree, article JSON, PAGE, ALTO, METS or plain-text file into a Document.

    ``dpi``, when given, is the resolution for converting ALTO ``mm10`` and
    ``inch1200`` units to pixels; otherwise the page image's stated
    resolution is used, else 300. A METS article continued across pages is
    one article filed where it starts, or, with ``split_continued``, one part
    per page linked in ``metadata["continuations"]`` as the pipeline's page
    tree holds it (see :mod:`scan2text.evaluation.readers_mets`). Raises
    :class:`GroundTruthError` naming the file when it is missing, unreadable or
    of no known format.
    """
    path = Path(path)
    if not path.is_file():
        raise GroundTruthError("no such file" if not path.exists() else "not a file", path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise GroundTruthError(f"cannot read: {e}", path) from e
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or head.startswith(b"["):
        return _read_json(path, raw)
    if head.startswith(b"<"):
        return _read_xml(path, dpi, split_continued)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise GroundTruthError(f"neither JSON, XML nor UTF-8 text ({e})", path) from e
    if "\x00" in text:
        raise GroundTruthError("binary data, not ground truth", path)
    return read_text(path, text)


def _read_xml(path: Path, dpi: float | None, split_continued: bool) -> Document:
    # Imported here: the XML readers import this module's helpers.
    from scan2text.evaluation.readers_alto import read_alto
    from scan2text.evaluation.readers_common import localname, parse_xml
    from scan2text.evaluation.readers_iarchives import is_iarchives, read_iarchives
    from scan2text.evaluation.readers_mets import read_mets
    from scan2text.evaluation.readers_page import read_page_xml

    tree = parse_xml(path)
    root = localname(tree.getroot())
    if root == "PcGts":
        return read_page_xml(path, tree)
    if root.lower() == "alto":
        return read_alto(path, tree, dpi=dpi)
    if root == "mets":
        return read_mets(path, tree, dpi=dpi, split_continued=split_continued)
    if is_iarchives(tree.getroot()):
        return read_iarchives(path, tree)
    raise GroundTruthError(
        f"unknown XML format (root element <{root}>); expected PcGts, alto, mets"
        " or an iArchives unit, page or article",
        path,
    )


def _read_json(path: Path, raw: bytes) -> Document:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GroundTruthError(f"not valid JSON: {e}", path) from e
    if not isinstance(data, dict):
        raise GroundTruthError("JSON ground truth must be an object", path)
    schema = data.get("schema")
    try:
        if schema == SCHEMA:
            return Document.from_dict(data)
        if schema == RENDER_SCHEMA or (schema is None and "articles" in data):
            return read_article_json(path, data)
    except GroundTruthError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as e:
        raise GroundTruthError(f"malformed {schema or 'article'} JSON: {type(e).__name__}: {e}", path) from e
    raise GroundTruthError(
        f"unknown JSON format (schema {schema!r}); expected {SCHEMA!r}, {RENDER_SCHEMA!r} or an 'articles' list",
        path,
    )


def read_text(path: Path, text: str) -> Document:
    """Read plain text as one page: blocks split at blank lines, no articles."""
    page = Page(id=doc_stem(path), width=0, height=0, source="", page_index=0)
    current: list[str] = []

    def flush() -> None:
        if current:
            n = len(page.blocks) + 1
            lines = [Line(id=f"b{n}.l{k + 1}", text=t) for k, t in enumerate(current)]
            page.blocks.append(Block(id=f"b{n}", lines=lines, role=BlockRole.unknown))
            current.clear()

    for line in text.splitlines():
        if line.strip():
            current.append(line.rstrip())
        else:
            flush()
    flush()
    return Document(source=str(path), pages=[page], metadata={"format": "text"})
