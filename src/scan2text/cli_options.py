"""The pipeline options that ``scan2text run`` and ``scan2text batch`` share, declared once.

Each is a type with its command-line flag and help attached
(``typing.Annotated``); a command gives it its default from :class:`Options`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Lang = Annotated[str, typer.Option("--lang", help="auto, zh or en.")]
ModelSet = Annotated[str, typer.Option("--model-set", help="Model set from models/manifest.json.")]
ModelDir = Annotated[Path | None, typer.Option("--model-dir", help="Folder of installed models.")]
PdfDpi = Annotated[int, typer.Option("--pdf-dpi", help="Resolution for PDF pages.")]
MaxPixels = Annotated[int, typer.Option("--max-pixels", help="Refuse pages larger than this.")]
CleanBackground = Annotated[
    bool,
    typer.Option(
        "--clean-background/--keep-background",
        help="Whiten the paper before OCR (removes show-through and uneven light).",
    ),
]
Deskew = Annotated[bool, typer.Option("--deskew/--no-deskew", help="Find and correct skew.")]
MaxSkew = Annotated[float, typer.Option("--max-skew", help="Largest skew searched (degrees).")]
DetectOrientation = Annotated[
    bool, typer.Option("--orientation/--no-orientation", help="Detect pages turned 90/180/270.")
]
TileSize = Annotated[int, typer.Option("--tile-size", help="Detection tile side (px).")]
TileOverlap = Annotated[int, typer.Option("--tile-overlap", help="Detection tile overlap (px).")]
TargetTextHeight = Annotated[
    float, typer.Option("--target-text-height", help="Line height the page is scaled to for detection.")
]
RecBatchSize = Annotated[int, typer.Option("--rec-batch-size", help="Lines per recognition batch.")]
MinConfidence = Annotated[float, typer.Option("--min-confidence", help="Drop lines below this.")]
Articles = Annotated[bool, typer.Option("--articles/--no-articles", help="Assemble articles.")]
Verbose = Annotated[int, typer.Option("-v", "--verbose", count=True, help="More log output.")]
