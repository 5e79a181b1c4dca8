"""Exports of a processed document: JSON, ALTO, METS, PAGE-XML, text/Markdown, JSON Lines.

:func:`write_outputs` writes, for a document and a file stem, into ``out_dir``::

    <stem>.json                       always: the page tree (Document.to_json)
    <stem>.pages/<stem>_p0001.json    always for a multi-page file (PDF, multi-frame
                                      TIFF): one page tree per page, same schema
    <stem>.alto/<stem>_p0001.xml      "alto": ALTO 4.4, one file per page (1-based, 4 digits)
    <stem>.page/<stem>_p0001.xml      "page": PAGE-XML 2019-07-15, one file per page
    <stem>.mets.xml                   "mets": METS for the issue (implies "alto")
    <stem>.articles/NN-<slug>.txt     "text": one plain-text and one Markdown
    <stem>.articles/NN-<slug>.md              file per article
    <stem>.articles.jsonl             "jsonl": one JSON object per article

Every file is written to a temporary name in its folder and moved into place
with ``os.replace``, so each output file is either complete or absent; the
METS file is written last, after the files it references. Files a previous
run left in the per-page and per-article folders that this run did not write
(fewer pages or articles) are removed. Paths to the scans inside the XML files
are relative to the file that names them where the scan is a local file.

The format modules document their own choices: :mod:`.alto`, :mod:`.page`,
:mod:`.mets`, :mod:`.text`. :func:`scan2text.evaluation.read_document` reads
ALTO, PAGE-XML and METS (these exports and other producers' files) back into
the page tree; ``split_continued=True`` keeps a continued article's per-page
parts as :func:`write_outputs` was given them.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from scan2text.document import Document
from scan2text.errors import ExportError
from scan2text.export._io import atomic_write, json_text
from scan2text.export.alto import write_alto
from scan2text.export.mets import write_mets
from scan2text.export.page import write_page_xml
from scan2text.export.text import write_article_files, write_jsonl
from scan2text.options import FORMATS  # one list of formats for the CLI, options and exports

log = logging.getLogger(__name__)


class UnknownFormatError(ExportError, ValueError):
    """An output format that does not exist (an :class:`ExportError` and a ``ValueError``)."""


def page_file_name(stem: str, page_no: int) -> str:
    """``<stem>_p0001.xml``: the name of page ``page_no`` (1-based) in the ALTO and PAGE folders."""
    return f"{stem}_p{page_no:04d}.xml"


def _write_page_trees(document: Document, folder: Path, stem: str) -> list[Path]:
    """One page-tree JSON per page of a multi-page document (each a one-page Document)."""
    paths = []
    for n, page in enumerate(document.pages, start=1):
        one = Document(source=document.source, pages=[page], metadata={**document.metadata, "page_no": n})
        name = page_file_name(stem, n).removesuffix(".xml") + ".json"
        paths.append(atomic_write(folder / name, json_text(one.to_dict(), indent=1) + "\n"))
    _remove_stale(folder, stem, paths)
    return paths


def _relative(path: str, base: Path) -> str:
    """``path`` (relative to the working directory, or absolute) relative to folder ``base``.

    URLs are returned unchanged; where no relative path exists (another
    drive on Windows) the absolute path is returned.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", path):
        return path
    try:
        # relpath makes both sides absolute against the working directory itself.
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return str(Path(path).absolute())


def _remove_stale(folder: Path, stem: str, keep: list[Path]) -> None:
    pattern = re.compile(rf"^{re.escape(stem)}_p\d{{4,}}\.(xml|json)$")
    names = {p.name for p in keep}
    for old in folder.iterdir():
        if old.is_file() and pattern.match(old.name) and old.name not in names:
            log.info("removing stale page file %s", old)
            old.unlink()


def write_outputs(
    document: Document,
    out_dir: Path,
    stem: str,
    formats: Sequence[str],
    image_paths: Sequence[str] | None = None,
) -> list[Path]:
    """Write ``<stem>.json`` and every requested format into ``out_dir``; returns the paths written.

    ``image_paths`` gives the scan of each page (relative to the working
    directory or absolute) for the XML files to reference; by default each
    page's ``Page.source``. Raises :class:`UnknownFormatError` for a format
    not in :data:`FORMATS` and :class:`ExportError` when a file cannot be written.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UnknownFormatError(
            f"unknown output format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    if not stem or "/" in stem or "\\" in stem or stem in (".", ".."):
        raise ExportError(f"output stem {stem!r} must be a plain file name", out_dir)
    if image_paths is not None and len(image_paths) != len(document.pages):
        raise ExportError(f"{len(image_paths)} image paths given for {len(document.pages)} pages", out_dir)
    images: list[str | None] = (
        list(image_paths) if image_paths is not None else [p.source or None for p in document.pages]
    )
    wanted = set(formats)
    if "mets" in wanted:
        wanted.add("alto")
    out_dir = Path(out_dir)
    tree = json_text(document.to_dict(), indent=1)  # as Document.to_json, safe for any file name
    written: list[Path] = [atomic_write(out_dir / f"{stem}.json", tree + "\n")]
    try:
        if len(document.pages) > 1:
            written += _write_page_trees(document, out_dir / f"{stem}.pages", stem)
        alto_paths: list[Path] = []
        page_paths: list[Path] = []
        for kind, paths in (("alto", alto_paths), ("page", page_paths)):
            if kind not in wanted:
                continue
            folder = out_dir / f"{stem}.{kind}"
            for n, page in enumerate(document.pages, start=1):
                path = folder / page_file_name(stem, n)
                image = images[n - 1]
                ref = _relative(image, folder) if image else None
                if kind == "alto":
                    paths.append(write_alto(page, path, page_no=n, image_ref=ref))
                else:
                    paths.append(write_page_xml(page, path, image_ref=ref))
            folder.mkdir(parents=True, exist_ok=True)
            _remove_stale(folder, stem, paths)
            written += paths
        if "text" in wanted:
            written += write_article_files(document, out_dir / f"{stem}.articles")
        if "jsonl" in wanted:
            written.append(write_jsonl(document, out_dir / f"{stem}.articles.jsonl"))
        if "mets" in wanted:
            written.append(
                write_mets(
                    document,
                    out_dir / f"{stem}.mets.xml",
                    alto_paths=[_relative(str(p), out_dir) for p in alto_paths],
                    image_paths=[_relative(i, out_dir) if i else None for i in images],
                    page_xml_paths=[_relative(str(p), out_dir) for p in page_paths] or None,
                )
            )
    except (ValueError, etree.LxmlError) as e:
        # A value the XML cannot hold is a bug or a broken page tree; name the
        # output so that the user knows which document failed.
        if isinstance(e, ExportError):
            raise
        raise ExportError(f"cannot build the exports for {stem!r}: {e}", out_dir) from e
    except OSError as e:
        raise ExportError(f"cannot write outputs: {e}", out_dir) from e
    log.info("wrote %d file(s) for %s into %s", len(written), stem, out_dir)
    return written


__all__ = ["FORMATS", "UnknownFormatError", "page_file_name", "write_outputs"]
