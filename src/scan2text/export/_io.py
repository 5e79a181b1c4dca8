"""File-level plumbing shared by the exporters: atomic writes, XML ids, timestamps.

Every exporter writes through :func:`atomic_write`, so an output file is either
the complete new version or absent (or the previous version): the bytes go to a
temporary file in the same folder, are flushed to disk, and are then moved over
the final name with :func:`os.replace`, which is atomic on POSIX and Windows
when both names are on the same file system.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lxml import etree

from scan2text.errors import ExportError

log = logging.getLogger(__name__)

# Ids are kept to ASCII NCNames: every XML tool accepts those, while which
# non-ASCII letters a validator takes differs between XML editions (libxml2
# follows the older, stricter one).
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_BAD_ID_CHARS = re.compile(r"[^A-Za-z0-9_.\-]")
# Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Lone surrogates: what surrogateescape makes of bytes that are not UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically.

    The folder is created if needed. On any failure the temporary file is
    removed and an :class:`ExportError` naming ``path`` is raised; a file that
    was already at ``path`` is left untouched.
    """
    payload = utf8(data) if isinstance(data, str) else data
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            # fsync so that a crash after the rename cannot leave an empty file
            # under the final name (the rename may reach the disk first).
            os.fsync(f.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as e:
        raise ExportError(f"cannot write output file: {e.strerror or e}", path) from e
    finally:
        if tmp_name is not None:
            try:
                Path(tmp_name).unlink()
            except OSError:
                log.warning("could not remove temporary file %s", tmp_name)
    log.debug("wrote %s (%d bytes)", path, len(payload))
    return path


def utf8(text: str) -> bytes:
    """``text`` as UTF-8; lone surrogates (from file names that were not UTF-8) become U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def json_text(value: Any, **kw: Any) -> str:
    """``json.dumps`` keeping non-ASCII text readable, unless it holds lone surrogates.

    Those (a file name that was not UTF-8, decoded with ``surrogateescape``)
    cannot be written as UTF-8; escaped as ``\\udcxx`` they survive the round
    trip through ``json.load`` exactly.
    """
    text = json.dumps(value, ensure_ascii=False, **kw)
    return json.dumps(value, ensure_ascii=True, **kw) if _SURROGATE.search(text) else text


def xml_bytes(root: Any) -> bytes:
    """Serialise an lxml element as an indented UTF-8 document with an XML declaration."""
    etree.indent(root, space=" ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def xml_text(value: str) -> str:
    """``value`` as XML 1.0 can hold it: control characters dropped, lone surrogates U+FFFD.

    OCR output occasionally carries control characters and file names that
    were not UTF-8 carry surrogates; lxml refuses both, and a changed
    character is better than losing the whole page.
    """
    return _SURROGATE.sub("\ufffd", _XML_ILLEGAL.sub("", value))


def now_utc() -> datetime:
    """The time to stamp into outputs: ``$SOURCE_DATE_EPOCH`` if set, else now (UTC, whole seconds).

    Honouring ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) lets
    archives produce byte-identical files from identical inputs.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = time.time()
    if epoch:
        try:
            seconds = float(epoch)
        except ValueError:
            log.warning("ignoring SOURCE_DATE_EPOCH=%r: not a number", epoch)
    return datetime.fromtimestamp(int(seconds), tz=timezone.utc)


def iso_utc(moment: datetime) -> str:
    """``moment`` as ``YYYY-MM-DDThh:mm:ssZ``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class XmlIds:
    """Turns the page tree's ids into unique, valid XML ids (``xsd:ID``) for one file.

    Ids that already are valid and unused are kept as they are, so that the
    XML can be matched against the JSON by id. Others get invalid characters
    replaced, a letter prefix where they would start with a digit, and a
    numeric suffix where they would collide. The same raw id always gets the
    same XML id (first come, first served), so call :meth:`get` in a fixed
    order: the ALTO writer and the METS writer both use :func:`page_ids`.
    """

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, object], str] = {}
        self._used: set[str] = set()

    def get(self, kind: str, raw: str, obj: object | None = None) -> str:
        """The XML id for ``raw``; ``kind`` separates namespaces (a line and a block may share a raw id).

        Pass the element itself as ``obj`` where the tree may hold two
        elements with the same raw id: each object then gets its own XML id,
        and a lookup by ``raw`` alone finds the first one.
        """
        key: tuple[str, object] = (kind, ("obj", id(obj)) if obj is not None else raw)
        found = self._by_key.get(key)
        if found is not None:
            return found
        candidate = raw if _NCNAME.match(raw or "") else self._clean(kind, raw)
        xml_id = candidate
        n = 2
        while xml_id in self._used:
            xml_id = f"{candidate}_{n}"
            n += 1
        self._used.add(xml_id)
        self._by_key[key] = xml_id
        self._by_key.setdefault((kind, raw), xml_id)
        return xml_id

    def fresh(self, stem: str) -> str:
        """A new id ``stem``, ``stem_2``, ... not used yet (for elements the tree has no id for)."""
        xml_id = stem
        n = 2
        while xml_id in self._used:
            xml_id = f"{stem}_{n}"
            n += 1
        self._used.add(xml_id)
        return xml_id

    @staticmethod
    def _clean(kind: str, raw: str) -> str:
        cleaned = _BAD_ID_CHARS.sub("_", raw or "")
        if not cleaned or not _NCNAME.match(cleaned):
            cleaned = f"{kind}_{cleaned}"
        return cleaned
