"""Console tables and JSON for evaluation results.

The console shows two tables: pages (text metrics, worst CER first, corpus
totals last) and documents (article metrics). The JSON file holds every
figure with its counts (:meth:`CorpusScores.to_dict`); infinite rates are
written as the string ``"inf"`` because JSON has no infinity.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scan2text.errors import ExportError
from scan2text.evaluation.articles import ArticleScores
from scan2text.evaluation.fca import FcaScore
from scan2text.evaluation.metrics import PRF, BagScores, Rate
from scan2text.evaluation.scores import CorpusScores


def fmt_rate(r: Rate) -> str:
    """A rate as a percentage; ``inf`` for text against empty ground truth."""
    v = r.value
    return "inf" if math.isinf(v) else f"{100 * v:.2f}%"


def fmt_score(v: float | None) -> str:
    """A score in [0, 1] with three decimals; ``–`` when undefined."""
    if v is None:
        return "–"
    if math.isinf(v):
        return "-inf" if v < 0 else "inf"
    return f"{v:.3f}"


def fmt_prf(p: PRF) -> str:
    """``P/R/F1`` of a count triple."""
    return f"{fmt_score(p.precision)}/{fmt_score(p.recall)}/{fmt_score(p.f1)}"


def _page_row(table: Table, name: str, n: int, cer: Rate, wer: Rate, bag: BagScores, fca: FcaScore) -> None:
    table.add_row(
        name,
        str(n),
        fmt_rate(cer),
        fmt_rate(wer),
        fmt_score(bag.recall),
        fmt_score(bag.f1),
        fmt_score(fca.accuracy),
    )


def _article_row(table: Table, name: str, a: ArticleScores) -> None:
    table.add_row(
        name,
        f"{a.recovered}/{a.n_gt}",
        str(a.n_pred),
        str(a.split),
        str(a.merged),
        fmt_rate(a.cer) if a.n_gt else "–",
        fmt_score(a.fields["headline"].f1),
        fmt_score(a.fields["byline"].f1),
        fmt_score(a.paragraph_boundaries.f1),
    )


def print_report(corpus: CorpusScores, console: Console | None = None) -> None:
    """Print the page table and the article table (precision and recall are in the JSON and HTML)."""
    console = console or Console()
    pages = Table(title="Pages, worst CER first")
    for col in ("page", "GT chars", "CER", "WER", "order-free recall", "bag F1", "FCA"):
        pages.add_column(col, justify="left" if col == "page" else "right")
    for p in corpus.worst_pages():
        _page_row(pages, p.name, p.cer.n, p.cer, p.wer, p.bag, p.fca)
    docs = corpus.documents
    total_cer = sum((d.cer for d in docs), Rate())
    pages.add_section()
    _page_row(
        pages,
        "TOTAL (weighted)",
        total_cer.n,
        total_cer,
        sum((d.wer for d in docs), Rate()),
        sum((d.bag for d in docs), BagScores()),
        sum((d.fca for d in docs), FcaScore()),
    )
    console.print(pages)

    arts = Table(title="Articles: whole = CER ≤ 5%, titles right at CER ≤ 10%")
    for col in ("document", "whole/GT", "pred", "split", "merged", "CER", "headline F1", "byline F1", "¶ F1"):
        arts.add_column(col, justify="left" if col == "document" else "right")
    for d in sorted(docs, key=lambda d: d.articles.cer.value, reverse=True):
        _article_row(arts, d.name + (f" ({d.note})" if d.note else ""), d.articles)
    arts.add_section()
    _article_row(arts, "TOTAL", corpus.articles)
    console.print(arts)


def write_json(corpus: CorpusScores, path: Path) -> None:
    """Write every figure to a JSON file; ExportError if it cannot be written."""
    try:
        path.write_text(
            json.dumps(corpus.to_dict(), ensure_ascii=False, indent=1, allow_nan=False), encoding="utf-8"
        )
    except (OSError, ValueError) as e:
        raise ExportError(f"cannot write JSON report: {e}", path) from e
