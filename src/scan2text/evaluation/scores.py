"""Score containers: one page, one document, a corpus; nested JSON and a flat summary.

Every container keeps counts, never only ratios, so that sums over pages and
documents are weighted by size. ``flat()`` (and ``get``) give one number per
key for tables and benchmark scripts::

    cer, wer, bag_precision, bag_recall, bag_f1, fca, fca_splits, gt_chars,
    articles_gt, articles_pred, articles_whole (share), articles_whole_n,
    articles_split, articles_merged, article_cer, article_body_cer,
    {kicker,headline,subheadline,byline}_{p,r,f1}, paragraph_p, paragraph_r, paragraph_f1

Undefined values (a precision with nothing predicted, article figures
without ground-truth articles) are None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scan2text.evaluation.articles import TITLE_FIELDS, ArticleScores
from scan2text.evaluation.fca import FcaScore
from scan2text.evaluation.metrics import BagScores, Rate, json_float


def flat_summary(
    cer: Rate, wer: Rate, bag: BagScores, fca: FcaScore, articles: ArticleScores
) -> dict[str, Any]:
    """One number per key (see the module docstring)."""
    has_articles = articles.n_gt > 0
    d: dict[str, Any] = {
        "cer": cer.value,
        "wer": wer.value,
        "gt_chars": cer.n,
        "bag_precision": bag.precision,
        "bag_recall": bag.recall,
        "bag_f1": bag.f1,
        "fca": fca.accuracy,
        "fca_splits": fca.splits,
        "articles_gt": articles.n_gt,
        "articles_pred": articles.n_pred,
        "articles_whole": articles.recovered_share,
        "articles_whole_n": articles.recovered,
        "articles_split": articles.split,
        "articles_merged": articles.merged,
        "article_cer": articles.cer.value if has_articles else None,
        "article_body_cer": articles.body_cer.value if has_articles else None,
    }
    for f in TITLE_FIELDS:
        prf = articles.fields[f]
        d[f"{f}_p"], d[f"{f}_r"], d[f"{f}_f1"] = prf.precision, prf.recall, prf.f1
    pb = articles.paragraph_boundaries
    d["paragraph_p"], d["paragraph_r"], d["paragraph_f1"] = pb.precision, pb.recall, pb.f1
    return d


@dataclass
class PageScores:
    """Text metrics of one page: CER, WER, order-free character scores and FCA."""

    name: str
    gt_page_id: str | None
    pred_page_id: str | None
    cer: Rate
    wer: Rate
    bag: BagScores
    fca: FcaScore

    def to_dict(self) -> dict[str, Any]:
        """JSON form with every count."""
        return {
            "name": self.name,
            "gt_page_id": self.gt_page_id,
            "pred_page_id": self.pred_page_id,
            "cer": self.cer.to_dict(),
            "wer": self.wer.to_dict(),
            "bag_of_characters": self.bag.to_dict(),
            "fca": self.fca.to_dict(),
        }


@dataclass
class DocumentScores:
    """Scores of one prediction/ground-truth pair: its pages and its articles."""

    name: str
    pred_source: str
    gt_source: str
    pages: list[PageScores] = field(default_factory=list)
    articles: ArticleScores = field(default_factory=ArticleScores)
    note: str = ""

    @property
    def cer(self) -> Rate:
        """CER over all pages (weighted by size)."""
        return sum((p.cer for p in self.pages), Rate())

    @property
    def wer(self) -> Rate:
        """WER over all pages."""
        return sum((p.wer for p in self.pages), Rate())

    @property
    def bag(self) -> BagScores:
        """Bag-of-characters counts over all pages."""
        return sum((p.bag for p in self.pages), BagScores())

    @property
    def fca(self) -> FcaScore:
        """Flexible character accuracy counts over all pages."""
        return sum((p.fca for p in self.pages), FcaScore())

    def flat(self) -> dict[str, Any]:
        """One number per key (see the module docstring)."""
        return flat_summary(self.cer, self.wer, self.bag, self.fca, self.articles)

    def get(self, key: str, default: Any = None) -> Any:
        """One figure of :meth:`flat` by name."""
        return self.flat().get(key, default)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: totals, pages and articles."""
        return {
            "name": self.name,
            "pred": self.pred_source,
            "gt": self.gt_source,
            "note": self.note,
            "cer": self.cer.to_dict(),
            "wer": self.wer.to_dict(),
            "bag_of_characters": self.bag.to_dict(),
            "fca": self.fca.to_dict(),
            "pages": [p.to_dict() for p in self.pages],
            "articles": self.articles.to_dict(),
        }


class CorpusScores:
    """Accumulates document scores into corpus totals (``update``, ``summary``, ``reset``)."""

    def __init__(self) -> None:
        self.documents: list[DocumentScores] = []

    def reset(self) -> None:
        """Forget every document."""
        self.documents = []

    def update(self, scores: DocumentScores) -> None:
        """Add one document's scores."""
        self.documents.append(scores)

    @property
    def pages(self) -> list[PageScores]:
        """Every page of every document."""
        return [p for d in self.documents for p in d.pages]

    def worst_pages(self) -> list[PageScores]:
        """Pages sorted by CER, worst first."""
        return sorted(self.pages, key=lambda p: p.cer.value, reverse=True)

    @property
    def articles(self) -> ArticleScores:
        """Article metrics summed over documents."""
        return sum((d.articles for d in self.documents), ArticleScores())

    def flat(self) -> dict[str, Any]:
        """Corpus totals, one number per key (see the module docstring)."""
        docs = self.documents
        return flat_summary(
            sum((d.cer for d in docs), Rate()),
            sum((d.wer for d in docs), Rate()),
            sum((d.bag for d in docs), BagScores()),
            sum((d.fca for d in docs), FcaScore()),
            self.articles,
        )

    def get(self, key: str, default: Any = None) -> Any:
        """One corpus figure of :meth:`flat` by name."""
        return self.flat().get(key, default)

    def summary(self) -> dict[str, Any]:
        """Corpus totals, each weighted by size (counts summed before dividing)."""
        return {
            "documents": len(self.documents),
            "pages": len(self.pages),
            "cer": sum((d.cer for d in self.documents), Rate()).to_dict(),
            "wer": sum((d.wer for d in self.documents), Rate()).to_dict(),
            "bag_of_characters": sum((d.bag for d in self.documents), BagScores()).to_dict(),
            "fca": sum((d.fca for d in self.documents), FcaScore()).to_dict(),
            "articles": self.articles.to_dict(with_matches=False),
            "flat": {k: json_float(v) if isinstance(v, float) else v for k, v in self.flat().items()},
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON form: corpus totals and every document, worst pages first in ``worst_pages``."""
        return {
            "summary": self.summary(),
            "worst_pages": [p.name for p in self.worst_pages()],
            "documents": [d.to_dict() for d in self.documents],
        }
