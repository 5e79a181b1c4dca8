"""Article-level metrics: matching, whole-article CER, splits, merges, titles, paragraphs.

Predicted articles are paired with ground-truth articles by optimal
assignment on the text they share. "Shared text" is counted in character
n-grams (3-grams for CJK text, 5-grams otherwise, whitespace left out) rather
than single characters: two unrelated articles in the same language share
most of their characters (``的``, ``，``, ``e``, ``t``), but few n-grams, so
n-grams tell a real match from chance. Only a ground-truth article's
*distinctive* n-grams count (those no other ground-truth article has), so
that phrases repeated across articles do not pass for shared text; on the
seed page and the Cambridge Chronicle, distinct articles then share none.

Definitions (ground-truth article ``i``, predicted article ``j``,
``S[i, j]`` their shared n-grams, ``|i|`` the distinctive n-grams of ``i``):

* *matched*: paired by the assignment (on ``S``, ties broken by shared
  characters) with ``S[i, j] > 0``, or, for articles too short or too badly
  read to keep an n-gram intact, with at least half of ``i``'s characters
  found in ``j``;
* *recovered whole*: matched with whole-article CER ≤ 0.05 (text as
  :attr:`scan2text.document.Article.text` gives it: kicker, headline,
  subheadline, paragraphs, byline);
* *split*: ``S[i, j] ≥ 0.25·|i|`` for two or more predicted articles;
* *merged*: a predicted article with ``S[i, j] ≥ 0.25·|i|`` for two or more
  ground-truth articles;
* *title fields* (kicker, headline, subheadline, byline): a predicted field is
  correct when its article is matched and its CER against the ground-truth
  article's field is ≤ 0.1; every predicted field is a prediction, every
  ground-truth field a positive;
* *paragraph boundaries*: inside matched articles, the offsets where
  paragraphs start (after the first), in grapheme clusters of the prepared
  body; predicted offsets are carried into ground-truth coordinates through
  the edit alignment and count as found within 3 clusters.

Articles without any text (a picture with only a caption) take no part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scan2text.document import Article
from scan2text.evaluation.align import position_map
from scan2text.evaluation.assignment import linear_sum_assignment
from scan2text.evaluation.metrics import PRF, Rate, json_float, rate_of_encoded
from scan2text.evaluation.text import ClusterCodec, cjk_share, prepare

RECOVERED_CER = 0.05
TITLE_CER = 0.1
SHARE = 0.25
BOUNDARY_TOLERANCE = 3
MIN_CHAR_SHARE = 0.5
TITLE_FIELDS = ("kicker", "headline", "subheadline", "byline")


@dataclass
class ArticleMatch:
    """One ground-truth article and the predicted article paired with it (if any)."""

    gt_index: int
    gt_id: str
    pred_index: int | None
    pred_id: str | None
    cer: Rate
    body_cer: Rate
    share: float
    recovered: bool
    split: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "gt_id": self.gt_id,
            "pred_id": self.pred_id,
            "cer": self.cer.to_dict(),
            "body_cer": self.body_cer.to_dict(),
            "share": json_float(self.share),
            "recovered": self.recovered,
            "split": self.split,
        }


@dataclass
class ArticleScores:
    """Article metrics for one document (or, summed, for a corpus).

    ``cer`` and ``body_cer`` run over the ground-truth articles: an unmatched
    one counts as wholly deleted; text of unmatched predictions is not
    counted here (the page CER and the bag-of-characters precision see it).
    """

    n_gt: int = 0
    n_pred: int = 0
    matches: list[ArticleMatch] = field(default_factory=list)
    merged_pred_ids: list[str] = field(default_factory=list)
    cer: Rate = field(default_factory=Rate)
    body_cer: Rate = field(default_factory=Rate)
    fields: dict[str, PRF] = field(default_factory=lambda: {f: PRF() for f in TITLE_FIELDS})
    paragraph_boundaries: PRF = field(default_factory=PRF)

    @property
    def recovered(self) -> int:
        """Number of ground-truth articles recovered whole."""
        return sum(1 for m in self.matches if m.recovered)

    @property
    def recovered_share(self) -> float | None:
        """Share of ground-truth articles recovered whole (None without ground-truth articles)."""
        return self.recovered / self.n_gt if self.n_gt else None

    @property
    def split(self) -> int:
        """Number of ground-truth articles whose text is spread over several predicted ones."""
        return sum(1 for m in self.matches if m.split)

    @property
    def merged(self) -> int:
        """Number of predicted articles that hold two or more ground-truth articles."""
        return len(self.merged_pred_ids)

    def __add__(self, other: ArticleScores) -> ArticleScores:
        return ArticleScores(
            n_gt=self.n_gt + other.n_gt,
            n_pred=self.n_pred + other.n_pred,
            matches=self.matches + other.matches,
            merged_pred_ids=self.merged_pred_ids + other.merged_pred_ids,
            cer=self.cer + other.cer,
            body_cer=self.body_cer + other.body_cer,
            fields={f: self.fields[f] + other.fields[f] for f in TITLE_FIELDS},
            paragraph_boundaries=self.paragraph_boundaries + other.paragraph_boundaries,
        )

    def to_dict(self, with_matches: bool = True) -> dict[str, Any]:
        """JSON form: every figure, and the per-article matches if asked."""
        d: dict[str, Any] = {
            "n_gt": self.n_gt,
            "n_pred": self.n_pred,
            "recovered": self.recovered,
            "recovered_share": json_float(self.recovered_share),
            "split": self.split,
            "merged": self.merged,
            "merged_pred_ids": list(self.merged_pred_ids),
            "cer": self.cer.to_dict(),
            "body_cer": self.body_cer.to_dict(),
            "fields": {f: prf.to_dict() for f, prf in self.fields.items()},
            "paragraph_boundaries": self.paragraph_boundaries.to_dict(),
        }
        if with_matches:
            d["matches"] = [m.to_dict() for m in self.matches]
        return d


def ngram_counts(encoded: str, n: int) -> Counter[str]:
    """Counts of the character n-grams of encoded text, whitespace left out."""
    s = "".join(c for c in encoded if not c.isspace())
    if len(s) < n:
        return Counter([s]) if s else Counter()
    return Counter(s[k : k + n] for k in range(len(s) - n + 1))


def distinctive(grams: Sequence[Counter[str]]) -> list[Counter[str]]:
    """Each counter cut to the n-grams no other counter has (whole, if none is its own).

    Text that two ground-truth articles share (a set phrase, a repeated
    sentence) cannot tell them apart, so it counts for neither.
    """
    owners = Counter(k for c in grams for k in c)
    return [Counter({k: v for k, v in c.items() if owners[k] == 1}) or c for c in grams]


def shared_matrix(gt: Sequence[Counter[str]], pred: Sequence[Counter[str]]) -> np.ndarray:
    """``S[i, j]``: n-grams shared by ground-truth article ``i`` and predicted article ``j``."""
    s = np.zeros((len(gt), len(pred)))
    for i, g in enumerate(gt):
        for j, p in enumerate(pred):
            # Iterate over the smaller counter: intersection cost is linear in it.
            small, big = (g, p) if len(g) <= len(p) else (p, g)
            s[i, j] = sum(min(c, big[k]) for k, c in small.items() if k in big)
    return s


def _boundaries(paragraphs: list[str]) -> tuple[str, list[int]]:
    """Concatenated body and the offsets where paragraphs 2, 3, ... start."""
    body = ""
    offsets: list[int] = []
    for text in paragraphs:
        if not text:
            continue
        if body:
            offsets.append(len(body))
        body += text
    return body, offsets


def boundary_prf(
    gt_paragraphs: list[str], pred_paragraphs: list[str], tolerance: int = BOUNDARY_TOLERANCE
) -> PRF:
    """Paragraph-boundary counts for one matched article pair (encoded paragraph texts)."""
    gt_body, gt_b = _boundaries(gt_paragraphs)
    pred_body, pred_b = _boundaries(pred_paragraphs)
    if not pred_b or not gt_b:
        return PRF(0, len(pred_b), len(gt_b))
    mapping = position_map(gt_body, pred_body)
    mapped = sorted(mapping[b] for b in pred_b)
    free = list(gt_b)
    tp = 0
    for b in mapped:
        best = min(free, key=lambda g: abs(g - b), default=None)
        if best is not None and abs(best - b) <= tolerance:
            free.remove(best)
            tp += 1
    return PRF(tp, len(pred_b), len(gt_b))


class _Prepared:
    """An article's texts, prepared and encoded with the comparison's shared codec."""

    def __init__(self, article: Article, codec: ClusterCodec, normalization: str) -> None:
        self.id = article.id
        self.text = codec.encode(prepare(article.text, normalization))
        self.body = codec.encode(prepare(article.body_text, normalization))
        self.paragraphs = [codec.encode(prepare(p.text, normalization)) for p in article.paragraphs]
        self.fields = {
            f: codec.encode(prepare(getattr(article, f) or "", normalization)) for f in TITLE_FIELDS
        }


def evaluate_articles(
    gt: Sequence[Article], pred: Sequence[Article], normalization: str = "nfc"
) -> ArticleScores:
    """Match predicted to ground-truth articles and compute every article metric."""
    codec = ClusterCodec()
    g_all = [(k, _Prepared(a, codec, normalization)) for k, a in enumerate(gt)]
    p_all = [(k, _Prepared(a, codec, normalization)) for k, a in enumerate(pred)]
    g_items = [(k, a) for k, a in g_all if a.text]
    p_items = [(k, a) for k, a in p_all if a.text]
    n = 3 if cjk_share("".join(codec.decode(a.text) for _, a in g_items)) >= 0.3 else 5
    g_grams = distinctive([ngram_counts(a.text, n) for _, a in g_items])
    p_grams = [ngram_counts(a.text, n) for _, a in p_items]
    shared = shared_matrix(g_grams, p_grams)
    sizes = np.array([max(1, sum(c.values())) for c in g_grams], dtype=float)

    pair_of: dict[int, int] = {}
    if g_items and p_items:
        # Character overlap breaks ties and lets badly read articles (no n-gram
        # intact) still pair with the one holding most of their characters.
        g_chars = [ngram_counts(a.text, 1) for _, a in g_items]
        chars = shared_matrix(g_chars, [ngram_counts(a.text, 1) for _, a in p_items])
        score = shared + chars / (1.0 + chars.max())
        rows, cols = linear_sum_assignment(-score)
        g_len = [sum(c.values()) for c in g_chars]
        pair_of = {
            r: c
            for r, c in zip(rows, cols, strict=True)
            if shared[r, c] > 0 or chars[r, c] >= MIN_CHAR_SHARE * g_len[r]
        }

    substantial = shared >= SHARE * sizes[:, None] if p_items else np.zeros((len(g_items), 0), bool)
    scores = ArticleScores(n_gt=len(g_items), n_pred=len(p_items))
    for f in TITLE_FIELDS:
        scores.fields[f] = PRF(
            0, sum(1 for _, a in p_items if a.fields[f]), sum(1 for _, a in g_items if a.fields[f])
        )
    for i, (gk, g) in enumerate(g_items):
        j = pair_of.get(i)
        p = p_items[j][1] if j is not None else None
        cer = rate_of_encoded(g.text, p.text if p else "")
        body = rate_of_encoded(g.body, p.body if p else "")
        scores.cer += cer
        scores.body_cer += body
        scores.matches.append(
            ArticleMatch(
                gt_index=gk,
                gt_id=g.id,
                pred_index=p_items[j][0] if j is not None else None,
                pred_id=p.id if p else None,
                cer=cer,
                body_cer=body,
                share=float(shared[i, j] / sizes[i]) if j is not None else 0.0,
                recovered=p is not None and cer.value <= RECOVERED_CER,
                split=int(substantial[i].sum()) >= 2,
            )
        )
        if p is None:
            continue
        for f in TITLE_FIELDS:
            if g.fields[f] and p.fields[f] and rate_of_encoded(g.fields[f], p.fields[f]).value <= TITLE_CER:
                prf = scores.fields[f]
                scores.fields[f] = PRF(prf.tp + 1, prf.n_pred, prf.n_gt)
        scores.paragraph_boundaries += boundary_prf(g.paragraphs, p.paragraphs)
    for j, (_, p) in enumerate(p_items):
        if substantial.shape[1] and int(substantial[:, j].sum()) >= 2:
            scores.merged_pred_ids.append(p.id)
    return scores
