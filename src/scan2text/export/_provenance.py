"""What made a page: software, engine, models and settings, read from ``Page.processing``.

The pipeline records its provenance in ``Page.processing``, e.g.::

    {"scan2text_version": "0.1.0", "engine": "onnxruntime",
     "models": {"set": "ppocrv5-mobile", "detection": "PP-OCRv5_mobile_det",
                "recognition": "PP-OCRv5_mobile_rec", "orientation": "..."},
     "rotation": 0, "skew": -0.8, "detection_scale": 1.0, "timings": {...}}

Every key is optional. A model may also be a dict (``name``/``file``,
``version``, ``sha256``), and ``models`` a list of dicts with a ``task`` key.
Keys the exporters do not know are kept as settings, except ``timings``,
which differs from run to run (the JSON keeps it). ALTO writes this as
``Processing`` steps, PAGE-XML as a ``MetadataItem``, METS as notes on the
creating agent.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from typing import Any

from scan2text.document import Page

log = logging.getLogger(__name__)

_KNOWN = {"models", "scan2text_version", "onnxruntime_version", "onnxruntime", "datetime", "engine"}
# Run-specific values that would make otherwise identical exports differ; the JSON keeps them.
_VOLATILE = {"timings"}


@dataclass(frozen=True)
class ModelUse:
    """One model the page went through."""

    task: str
    name: str
    version: str | None = None
    sha256: str | None = None

    def describe(self) -> str:
        """``task: name (version, sha256 prefix)`` for human-readable fields."""
        extra = [x for x in (self.version, self.sha256[:12] if self.sha256 else None) if x]
        return f"{self.task}: {self.name}" + (f" ({', '.join(extra)})" if extra else "")


@dataclass
class Provenance:
    """Software, engine, models and settings that produced a page."""

    software_version: str
    engine: str = "onnxruntime"
    engine_version: str | None = None
    models: list[ModelUse] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    rotation: int = 0
    skew: float = 0.0
    when: datetime | None = None

    @property
    def settings_json(self) -> str:
        """The settings as compact, key-sorted JSON (empty object when there are none)."""
        return json.dumps(self.settings, sort_keys=True, ensure_ascii=False, default=str)


def _installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _models(raw: Any) -> list[ModelUse]:
    items: list[tuple[str, Any]] = []
    if isinstance(raw, dict):
        items = [(str(k), v) for k, v in raw.items()]
    elif isinstance(raw, list):
        items = [(str(v.get("task", "model")) if isinstance(v, dict) else "model", v) for v in raw]
    elif raw is not None:
        log.warning("ignoring processing['models'] of type %s", type(raw).__name__)
    out = []
    for task, value in items:
        if isinstance(value, dict):
            name = value.get("name") or value.get("file") or value.get("id") or task
            version = value.get("version")
            sha = value.get("sha256")
            out.append(
                ModelUse(task, str(name), str(version) if version else None, str(sha) if sha else None)
            )
        elif value:
            out.append(ModelUse(task, str(value)))
    return out


def _datetime(raw: Any) -> datetime | None:
    """A timezone-aware processing time from ``processing["datetime"]``, or None if it is not one.

    Only a parsable time is used: the XML schemas type these fields, and a
    free-form string would make the whole file invalid.
    """
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, str):
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            log.warning("ignoring processing['datetime'] %r: not an ISO 8601 time", raw)
            return None
    else:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def provenance(page: Page) -> Provenance:
    """The provenance of ``page`` (see module docstring); never fails on odd or missing keys."""
    processing = page.processing if isinstance(page.processing, dict) else {}
    from scan2text import __version__

    version = processing.get("scan2text_version") or __version__
    engine_version = processing.get("onnxruntime_version") or processing.get("onnxruntime")
    when = _datetime(processing.get("datetime"))
    return Provenance(
        software_version=str(version),
        engine_version=str(engine_version) if engine_version else _installed_version("onnxruntime"),
        models=_models(processing.get("models")),
        engine=str(processing.get("engine") or "onnxruntime"),
        settings={k: v for k, v in processing.items() if k not in _KNOWN and k not in _VOLATILE},
        rotation=page.transform.rotation,
        skew=page.transform.skew,
        when=when,
    )
