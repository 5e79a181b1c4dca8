"""Evaluation: ground-truth readers, metrics and reports (``scan2text eval``).

The benchmark scripts use it like this::

    from scan2text.evaluation import CorpusScores, evaluate_documents, read_document

    corpus = CorpusScores()
    for pred_doc, gt_path in runs:
        corpus.update(evaluate_documents(pred_doc, read_document(gt_path)))
    print(corpus.summary())
"""

from __future__ import annotations

from scan2text.evaluation.articles import ArticleMatch, ArticleScores, evaluate_articles
from scan2text.evaluation.evaluate import evaluate_documents, page_texts, select_pages
from scan2text.evaluation.fca import FcaScore, flexible_character_accuracy
from scan2text.evaluation.metrics import (
    PRF,
    BagScores,
    Rate,
    bag_of_characters,
    character_error_rate,
    word_error_rate,
)
from scan2text.evaluation.pairs import EvaluatedPair, evaluate_paths, find_pairs
from scan2text.evaluation.readers import read_document
from scan2text.evaluation.scores import CorpusScores, DocumentScores, PageScores

__all__ = [
    "PRF",
    "ArticleMatch",
    "ArticleScores",
    "BagScores",
    "CorpusScores",
    "DocumentScores",
    "EvaluatedPair",
    "FcaScore",
    "PageScores",
    "Rate",
    "bag_of_characters",
    "character_error_rate",
    "evaluate_articles",
    "evaluate_documents",
    "evaluate_paths",
    "find_pairs",
    "flexible_character_accuracy",
    "page_texts",
    "read_document",
    "select_pages",
    "word_error_rate",
]
