"""``scan2text batch``: the command-line face of :func:`scan2text.batch.run_batch`.

:func:`batch_command` is a plain function (no decorator) that ``scan2text.cli``
registers as the ``batch`` command; ``python -m scan2text.batch`` runs it on
its own. It only translates arguments into a :class:`BatchConfig`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from scan2text import cli_options as opt
from scan2text.batch.config import BatchConfig, PipelineFactory, default_pipeline_factory
from scan2text.batch.progress import QuietReporter, Reporter, RichReporter
from scan2text.batch.runner import run_batch
from scan2text.options import FORMATS, Options

log = logging.getLogger(__name__)

#: The pipeline the command runs; tests replace it with a fake.
PIPELINE_FACTORY: PipelineFactory = default_pipeline_factory

_defaults = Options()


def batch_command(
    input_dir: Path = typer.Argument(
        ..., help="Folder of scans, searched recursively (PNG, JPEG, TIFF, JPEG 2000, PDF)."
    ),
    output_dir: Path = typer.Argument(
        ..., help="Output folder: mirrors the input tree; holds manifest.jsonl."
    ),
    jobs: int = typer.Option(0, "-j", "--jobs", help="Worker processes (0: one per CPU core)."),
    formats: str = typer.Option(
        "json", "--format", help=f"Comma-separated: {','.join(FORMATS)} (JSON always)."
    ),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Process again the files that failed before."
    ),
    dask: str | None = typer.Option(
        None, "--dask", help="Dask scheduler address (tcp://host:8786) or 'local'."
    ),
    quiet: bool = typer.Option(
        False, "-q", "--quiet", help="For cron: only errors and a final one-line summary."
    ),
    page_timeout: float = typer.Option(
        600, "--page-timeout", help="Seconds a page may take before it is stopped."
    ),
    max_pages_per_worker: int = typer.Option(
        200, "--max-pages-per-worker", help="Replace a worker process after this many pages (memory creep)."
    ),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first failed file."),
    rehash: bool = typer.Option(
        False, "--rehash", help="Hash every input again, even if size and mtime match."
    ),
    lang: opt.Lang = _defaults.lang,
    model_set: opt.ModelSet = _defaults.model_set,
    model_dir: opt.ModelDir = None,
    pdf_dpi: opt.PdfDpi = _defaults.pdf_dpi,
    max_pixels: opt.MaxPixels = _defaults.max_pixels,
    clean_background: opt.CleanBackground = _defaults.clean_background,
    deskew: opt.Deskew = _defaults.deskew,
    max_skew: opt.MaxSkew = _defaults.max_skew,
    detect_orientation: opt.DetectOrientation = _defaults.detect_orientation,
    tile_size: opt.TileSize = _defaults.tile_size,
    tile_overlap: opt.TileOverlap = _defaults.tile_overlap,
    target_text_height: opt.TargetTextHeight = _defaults.target_text_height,
    rec_batch_size: opt.RecBatchSize = _defaults.rec_batch_size,
    min_confidence: opt.MinConfidence = _defaults.min_confidence,
    threads: int = typer.Option(
        _defaults.threads,
        "--threads",
        help="onnxruntime threads per worker (0: cores divided among workers).",
    ),
    articles: opt.Articles = _defaults.articles,
    verbose: opt.Verbose = 0,
) -> None:
    """Process a folder of scans: resumable (manifest.jsonl), parallel, fault-isolated."""
    level = logging.ERROR if quiet else logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # Imported here: scan2text.cli imports this module to register the command.
    from scan2text.cli import build_options

    options = build_options(
        lang, model_set, model_dir, pdf_dpi, max_pixels, clean_background, deskew, max_skew, detect_orientation,
        tile_size, tile_overlap, target_text_height, rec_batch_size, min_confidence, threads, articles, formats,
    )  # fmt: skip
    config = BatchConfig(
        input_dir=input_dir,
        output_dir=output_dir,
        options=options,
        jobs=jobs,
        retry_failed=retry_failed,
        dask=dask,
        page_timeout=page_timeout,
        max_pages_per_worker=max_pages_per_worker,
        fail_fast=fail_fast,
        rehash=rehash,
        pipeline_factory=PIPELINE_FACTORY,
    )
    reporter: Reporter = QuietReporter() if quiet else RichReporter()
    summary = run_batch(config, reporter=reporter)
    if summary.exit_code:
        # SystemExit rather than typer.Exit: with standalone_mode=False (scan2text.cli.main)
        # click returns a typer.Exit's code instead of exiting, and the code would be lost.
        raise SystemExit(summary.exit_code)
