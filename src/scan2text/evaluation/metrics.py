"""Text metrics: CER, WER and bag-of-characters scores, each with its denominator.

Every metric returns its raw counts (errors and the ground-truth size ``n``,
or true positives and the two totals) so that corpus totals are weighted by
size: adding two results adds their counts, and the rate of the sum is the
corpus rate. Text is prepared first (Unicode normalisation, whitespace,
grapheme clusters; see :mod:`scan2text.evaluation.text`).

Conventions for empty input (as in dinglehopper): a rate over an empty
ground truth is ``0`` when the prediction is empty too and ``inf`` otherwise.
A precision over nothing predicted, or a recall over nothing to find, is
undefined (``None``); F1 is ``2·tp / (n_pred + n_gt)``, which is ``0`` as soon
as anything was expected or predicted and nothing matched, and undefined
only when both sides are empty.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scan2text.evaluation.align import distance
from scan2text.evaluation.text import ClusterCodec, prepare, words


def json_float(x: float | None, digits: int = 6) -> float | str | None:
    """A float as JSON can hold it: infinities as the strings ``"inf"``/``"-inf"``."""
    if x is None or math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return round(x, digits)


@dataclass(frozen=True)
class Rate:
    """An error rate as counts: ``errors`` edit operations over ``n`` ground-truth units."""

    errors: int = 0
    n: int = 0

    @property
    def value(self) -> float:
        """``errors / n``; ``0`` if both are zero, ``inf`` for errors over an empty ground truth."""
        if self.n == 0:
            return 0.0 if self.errors == 0 else math.inf
        return self.errors / self.n

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.errors + other.errors, self.n + other.n)

    def __iter__(self) -> Iterator[float]:
        # Lets callers write ``value, n = cer(...)`` like dinglehopper's ``*_n`` functions.
        yield self.value
        yield self.n

    def to_dict(self) -> dict[str, Any]:
        """JSON form: value, errors and denominator."""
        return {"value": json_float(self.value), "errors": self.errors, "n": self.n}


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 as counts: ``tp`` of ``n_pred`` predicted and ``n_gt`` expected."""

    tp: int = 0
    n_pred: int = 0
    n_gt: int = 0

    @property
    def precision(self) -> float | None:
        """``tp / n_pred``, or None when nothing was predicted."""
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        """``tp / n_gt``, or None when nothing was expected."""
        return self.tp / self.n_gt if self.n_gt else None

    @property
    def f1(self) -> float | None:
        """``2·tp / (n_pred + n_gt)``, or None when both are zero."""
        total = self.n_pred + self.n_gt
        return 2 * self.tp / total if total else None

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gt + other.n_gt)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the three scores and the three counts."""
        return {
            "precision": json_float(self.precision),
            "recall": json_float(self.recall),
            "f1": json_float(self.f1),
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gt": self.n_gt,
        }


@dataclass(frozen=True)
class BagScores(PRF):
    """Order-free character scores: the multiset overlap of grapheme clusters.

    ``tp`` is the number of clusters the two texts share counting
    multiplicity; whitespace is left out. ``recall`` is the "order-free
    character recall": the share of ground-truth characters that were read at
    all, wherever they ended up.
    """

    def __add__(self, other: PRF) -> BagScores:
        return BagScores(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gt + other.n_gt)


def rate_of_encoded(gt: str, pred: str) -> Rate:
    """Levenshtein errors over ground-truth length, for already encoded text."""
    return Rate(distance(gt, pred), len(gt))


def character_error_rate(gt: str, pred: str, normalization: str = "nfc") -> Rate:
    """CER in grapheme clusters after normalisation: Levenshtein distance over GT length.

    >>> character_error_rate("abcd", "abxd").value
    0.25
    """
    codec = ClusterCodec()
    return rate_of_encoded(
        codec.encode(prepare(gt, normalization)), codec.encode(prepare(pred, normalization))
    )


def word_error_rate(gt: str, pred: str, normalization: str = "nfc") -> Rate:
    """WER: Levenshtein distance over word sequences (each CJK ideograph is a word)."""
    gt_words = words(prepare(gt, normalization))
    pred_words = words(prepare(pred, normalization))
    return Rate(distance(gt_words, pred_words), len(gt_words))


def bag_counts(encoded: str) -> Counter[str]:
    """Cluster counts of encoded text, whitespace left out."""
    return Counter(c for c in encoded if not c.isspace())


def bag_of_encoded(gt: str, pred: str) -> BagScores:
    """Bag-of-characters scores for already encoded text."""
    g, p = bag_counts(gt), bag_counts(pred)
    overlap = sum((g & p).values())
    return BagScores(overlap, sum(p.values()), sum(g.values()))


def bag_of_characters(gt: str, pred: str, normalization: str = "nfc") -> BagScores:
    """Order-free precision/recall/F1 of grapheme clusters, ignoring whitespace and order."""
    codec = ClusterCodec()
    return bag_of_encoded(
        codec.encode(prepare(gt, normalization)), codec.encode(prepare(pred, normalization))
    )
