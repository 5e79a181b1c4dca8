"""Running the pipeline over a list of files, with progress and per-file fault isolation.

This is what ``scan2text run`` calls; ``scan2text batch`` has its own,
resumable runner for archive-scale work.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scan2text.continuations import link_continuations
from scan2text.document import Document
from scan2text.errors import ExitCode, Scan2TextError
from scan2text.inputs import count_pages, read_pages
from scan2text.options import Options

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """What a run did: counts, time and the files that failed."""

    pages: int = 0
    lines: int = 0
    chars: int = 0
    articles: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    exit_code: int = 0


def write_document(document: Document, out_dir: Path, stem: str, options: Options) -> list[Path]:
    """Write a document in the requested formats (JSON always), atomically."""
    from scan2text.export import write_outputs

    return write_outputs(document, out_dir, stem, options.formats)


def run_files(
    inputs: list[Path],
    out_dir: Path,
    options: Options,
    overlay: bool = False,
    console: Console | None = None,
    issue: str | None = None,
) -> RunSummary:
    """Process ``inputs`` into ``out_dir``. A bad file is reported and skipped; the rest go on.

    ``issue``: the inputs are the pages of one issue, in order, written as one
    document ``<issue>.json`` (one METS, one set of article files) with
    stories continued from page to page linked; by default each input is a
    document of its own.
    """
    if issue is not None and (not issue or "/" in issue or "\\" in issue or issue in (".", "..")):
        raise ValueError(f"issue name {issue!r} must be a plain file name")
    from scan2text.pipeline import Pipeline

    summary = RunSummary()
    t_start = time.perf_counter()
    pipeline = Pipeline(options)
    out_dir.mkdir(parents=True, exist_ok=True)
    totals: dict[Path, int] = {}
    for path in inputs:
        try:
            totals[path] = count_pages(path)
        except Scan2TextError:
            totals[path] = 1  # counted as one page; the error is reported when it is read
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, disable=console is None, transient=False,
    )  # fmt: skip
    with progress:
        task = progress.add_task("pages", total=sum(totals.values()))
        whole = Document(source=issue or "", metadata=pipeline.metadata())
        for path in inputs:
            doc = Document(source=str(path), metadata=pipeline.metadata())
            try:
                for pimg in read_pages(path, options.pdf_dpi, options.max_pixels):
                    progress.update(task, description=f"{path.name} p{pimg.index + 1}")
                    page = pipeline.process_image(pimg)
                    doc.pages.append(page)
                    if overlay:
                        from scan2text.layout import render_overlay

                        render_overlay(page, pipeline.last_image, out_dir / f"{pimg.page_id}.overlay.png")
                    progress.advance(task)
            except Scan2TextError as e:
                log.error("%s", e)
                summary.failures.append(str(e))
                summary.exit_code = summary.exit_code or int(e.exit_code)
                progress.advance(task, max(0, totals[path] - len(doc.pages)))
                if not doc.pages:
                    continue
            for page in doc.pages:
                summary.pages += 1
                summary.lines += sum(1 for _ in page.lines())
                summary.chars += sum(len(ln.text) for ln in page.lines())
                summary.articles += len(page.articles)
            if issue is not None:
                whole.pages += doc.pages
                continue
            link_continuations(doc)
            summary.outputs += write_document(doc, out_dir, path.stem, options)
        if issue is not None and whole.pages:
            link_continuations(whole)
            summary.outputs += write_document(whole, out_dir, issue, options)
    summary.seconds = time.perf_counter() - t_start
    if summary.failures and not summary.exit_code:
        summary.exit_code = int(ExitCode.partial_failure)
    return summary
