"""All processing options in one validated, serialisable object.

The CLI builds an :class:`Options`; the library API takes the same object;
batch workers receive it as JSON (:meth:`Options.to_json`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from scan2text.errors import BadArgsError

FORMATS = ("json", "alto", "mets", "page", "text", "jsonl")


@dataclass
class Options:
    """Options for processing pages.

    Attributes:
        lang: Script hint: ``auto``, ``zh`` or ``en``. Only used for reflow and byline rules;
            the recognition model reads both.
        model_set: Name of a model set in ``models/manifest.json``.
        model_dir: Folder holding the installed models (default: the project's ``models/``).
        pdf_dpi: Resolution for rendering PDF pages.
        max_pixels: Pixel budget per page; larger images are refused (decompression bombs).
        clean_background: Make the paper white before OCR: print showing through from the
            back of the sheet, paper texture and uneven light are removed, ink is kept.
            Off by default (see BENCHMARKS.md for what it gains and costs).
        deskew: Find and correct skew up to ``max_skew`` degrees.
        max_skew: Largest skew searched, in degrees.
        detect_orientation: Detect pages turned 90, 180 or 270 degrees.
        tile_size: Side of the square detection tiles, in pixels of the detection scale.
        tile_overlap: Overlap of neighbouring tiles, in pixels of the detection scale.
        target_text_height: Line height, in pixels, that the page is scaled to for detection.
        rec_batch_size: Lines per recognition batch.
        min_confidence: Lines recognised with lower confidence are dropped.
        threads: onnxruntime intra-op threads (0: onnxruntime's default).
        articles: Assemble articles (layout analysis, reflow, roles).
        formats: Output formats written by ``run`` and ``batch``.
    """

    lang: str = "auto"
    model_set: str = "ppocrv5-det-v6-rec"
    model_dir: str | None = None
    pdf_dpi: int = 300
    max_pixels: int = 120_000_000
    clean_background: bool = False
    deskew: bool = True
    max_skew: float = 15.0
    detect_orientation: bool = True
    tile_size: int = 1536
    tile_overlap: int = 256
    target_text_height: float = 32.0
    rec_batch_size: int = 16
    min_confidence: float = 0.5
    threads: int = 0
    articles: bool = True
    formats: tuple[str, ...] = ("json",)

    def __post_init__(self) -> None:
        self.formats = tuple(self.formats)
        if self.lang not in ("auto", "zh", "en"):
            raise BadArgsError(f"lang must be auto, zh or en, not {self.lang!r}")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            raise BadArgsError(
                f"unknown output format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
            )
        if not 36 <= self.pdf_dpi <= 1200:
            raise BadArgsError(f"pdf_dpi must be between 36 and 1200, not {self.pdf_dpi}")
        if self.max_pixels < 1:
            raise BadArgsError("max_pixels must be positive")
        if not 0 <= self.max_skew <= 45:
            raise BadArgsError("max_skew must be between 0 and 45 degrees")
        if self.tile_size < 256 or not 0 <= self.tile_overlap < self.tile_size // 2:
            raise BadArgsError("tile_size must be >= 256 and tile_overlap below half of it")
        if not 8 <= self.target_text_height <= 128:
            raise BadArgsError("target_text_height must be between 8 and 128 pixels")
        if self.rec_batch_size < 1:
            raise BadArgsError("rec_batch_size must be at least 1")
        if not 0 <= self.min_confidence <= 1:
            raise BadArgsError("min_confidence must be between 0 and 1")

    @property
    def models_path(self) -> Path:
        from scan2text.models import default_model_dir

        return Path(self.model_dir) if self.model_dir else default_model_dir()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["formats"] = list(self.formats)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Options:
        known = {f.name for f in fields(cls)}
        extra = set(d) - known
        if extra:
            raise BadArgsError(f"unknown option(s): {', '.join(sorted(extra))}")
        return cls(**d)
