"""Pair prediction and ground-truth files (or folders) and evaluate every pair.

In folders, files pair by stem: the prediction ``X.json`` (or ``X.xml``,
``X.txt``) goes with the ground truth ``X.gt.json``, ``X.json``, ``X.xml`` or
``X.txt`` (first found, in that order). A ground-truth file without a
prediction is scored against an empty prediction (a page the pipeline lost
must count); a prediction without ground truth is skipped with a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from scan2text.document import Document
from scan2text.errors import BadArgsError
from scan2text.evaluation.evaluate import evaluate_documents
from scan2text.evaluation.readers import doc_stem, read_document
from scan2text.evaluation.scores import CorpusScores, DocumentScores

logger = logging.getLogger(__name__)

SUFFIXES = (".json", ".xml", ".txt")
_GT_PREFERENCE = (".gt.json", ".json", ".xml", ".txt")


@dataclass
class EvaluatedPair:
    """One evaluated pair: both documents (for the HTML report) and its scores."""

    name: str
    pred: Document
    gt: Document
    scores: DocumentScores


def _rank(path: Path) -> int:
    name = path.name.lower()
    for k, suffix in enumerate(_GT_PREFERENCE):
        if name.endswith(suffix):
            return k
    return len(_GT_PREFERENCE)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def find_pairs(pred: Path, gt: Path) -> list[tuple[str, Path | None, Path]]:
    """``(name, prediction or None, ground truth)`` for two files or two folders."""
    if not pred.exists():
        raise BadArgsError(f"prediction {pred} does not exist")
    if not gt.exists():
        raise BadArgsError(f"ground truth {gt} does not exist")
    if pred.is_file() and gt.is_file():
        return [(doc_stem(gt), pred, gt)]
    if not (pred.is_dir() and gt.is_dir()):
        raise BadArgsError("PRED and GT must both be files or both be folders")
    gts: dict[str, Path] = {}
    for p in sorted(_files(gt), key=_rank):
        gts.setdefault(doc_stem(p), p)
    preds: dict[str, Path] = {}
    for p in _files(pred):
        if p.resolve() in {g.resolve() for g in gts.values()}:
            continue
        preds.setdefault(doc_stem(p), p)
    extra = sorted(set(preds) - set(gts))
    if extra:
        logger.warning("%d prediction(s) without ground truth skipped: %s", len(extra), ", ".join(extra[:10]))
    missing = sorted(set(gts) - set(preds))
    if missing:
        logger.warning(
            "%d ground-truth file(s) without prediction, scored as empty: %s",
            len(missing),
            ", ".join(missing[:10]),
        )
    if not gts:
        raise BadArgsError(f"no ground-truth files ({', '.join(SUFFIXES)}) in {gt}")
    return [(stem, preds.get(stem), gts[stem]) for stem in sorted(gts)]


def evaluate_paths(
    pred: Path, gt: Path, normalization: str = "nfc", dpi: float | None = None
) -> tuple[CorpusScores, list[EvaluatedPair]]:
    """Read and evaluate every pair of two files or folders; corpus totals and the pairs."""
    corpus = CorpusScores()
    pairs: list[EvaluatedPair] = []
    for name, pred_path, gt_path in find_pairs(pred, gt):
        gt_doc = read_document(gt_path, dpi=dpi)
        if pred_path is None:
            pred_doc = Document(source="(no prediction)")
        else:
            pred_doc = read_document(pred_path, dpi=dpi)
        scores = evaluate_documents(pred_doc, gt_doc, normalization, name=name)
        # Report the files that were read (a page tree records its input image as its source).
        scores.gt_source = str(gt_path)
        scores.pred_source = str(pred_path) if pred_path is not None else ""
        if pred_path is None:
            scores.note = "no prediction"
        corpus.update(scores)
        pairs.append(EvaluatedPair(name, pred_doc, gt_doc, scores))
    return corpus, pairs
