"""The ``scan2text eval`` command: score predictions against ground truth.

The lead registers :func:`eval_command` in the CLI; it is a plain function
(no decorator) so that its signature stays inspectable and testable.
"""

from __future__ import annotations

import logging
from pathlib import Path

import typer
from rich.console import Console

from scan2text.errors import BadArgsError
from scan2text.evaluation.pairs import evaluate_paths
from scan2text.evaluation.readers_alto import image_dpi
from scan2text.evaluation.report import print_report, write_json
from scan2text.evaluation.report_html import write_html
from scan2text.evaluation.text import NORMALIZATIONS

logger = logging.getLogger(__name__)


def eval_command(
    pred: Path = typer.Argument(..., help="Prediction file, or folder of predictions (X.json)."),
    gt: Path = typer.Argument(
        ..., help="Ground-truth file, or folder (X.gt.json, X.xml, X.txt, METS, ALTO, PAGE)."
    ),
    json_out: Path | None = typer.Option(None, "--json", help="Write every figure to this JSON file."),
    html_out: Path | None = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    normalization: str = typer.Option("nfc", "--normalize", help="nfc or nfkc"),
    image: Path | None = typer.Option(None, "--image", help="Page image for the HTML report (single page)."),
) -> None:
    """Compare predictions with ground truth: CER/WER, order-free scores, article metrics."""
    normalization = normalization.lower()
    if normalization not in NORMALIZATIONS:
        raise BadArgsError(f"--normalize must be one of {', '.join(NORMALIZATIONS)}, not {normalization!r}")
    if image is not None and not image.is_file():
        raise BadArgsError(f"--image {image} is not a file")
    if image is not None and (pred.is_dir() or gt.is_dir()):
        raise BadArgsError("--image applies to a single page; PRED and GT are folders")
    dpi = image_dpi(image) if image is not None else None
    corpus, pairs = evaluate_paths(pred, gt, normalization, dpi=dpi)
    print_report(corpus, Console())
    if json_out is not None:
        write_json(corpus, json_out)
        logger.info("wrote %s", json_out)
    if html_out is not None:
        write_html(html_out, corpus, pairs, normalization, image=image)
        logger.info("wrote %s", html_out)
