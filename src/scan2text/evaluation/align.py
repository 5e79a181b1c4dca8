"""Edit distance and alignment of encoded texts.

Texts here are *encoded*: one character per grapheme cluster (see
:class:`scan2text.evaluation.text.ClusterCodec`), or lists of words. The
Levenshtein distance (unit costs for insertion, deletion, substitution) and
its alignment come from :mod:`rapidfuzz`, whose C++ implementation is
bit-parallel and uses Hirschberg's linear-memory alignment, so whole pages
(tens of thousands of characters) align in well under a second. The tests
check it against a plain dynamic-programming implementation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

logger = logging.getLogger(__name__)


def distance(gt: Sequence[str] | str, pred: Sequence[str] | str) -> int:
    """Levenshtein distance between two encoded texts or word lists."""
    return int(Levenshtein.distance(gt, pred))


@dataclass(frozen=True)
class Segment:
    """One run of an alignment: ``tag`` is equal, replace, delete or insert.

    ``gt`` and ``pred`` are the slices of the two encoded texts the run covers
    (``pred`` empty for delete, ``gt`` empty for insert).
    """

    tag: str
    gt: str
    pred: str


def align(gt: str, pred: str) -> list[Segment]:
    """Align two encoded texts into runs of equal, replaced, deleted and inserted text.

    ``replace`` runs cover slices of equal length; the edits in all runs add
    up to the Levenshtein distance.
    """
    segments: list[Segment] = []
    for op in Levenshtein.opcodes(gt, pred):
        segments.append(Segment(op.tag, gt[op.src_start : op.src_end], pred[op.dest_start : op.dest_end]))
    return segments


def position_map(gt: str, pred: str) -> list[int]:
    """For every position ``0..len(pred)`` in ``pred``, the corresponding position in ``gt``.

    Inserted characters map to the ground-truth position they were inserted
    at; position ``len(pred)`` maps to ``len(gt)``. Used to carry paragraph
    boundaries from the prediction into ground-truth coordinates.
    """
    mapping = [0] * (len(pred) + 1)
    for op in Levenshtein.opcodes(gt, pred):
        for k in range(op.dest_start, op.dest_end):
            if op.tag in ("equal", "replace"):
                mapping[k] = min(op.src_start + (k - op.dest_start), op.src_end)
            else:  # insert
                mapping[k] = op.src_start
    mapping[len(pred)] = len(gt)
    return mapping


@dataclass(frozen=True)
class Window:
    """Best placement of the shorter of two texts inside the longer one.

    ``gt_start:gt_end`` and ``pred_start:pred_end`` are the matched slices;
    one of them is the whole of its text. ``distance`` is their Levenshtein
    distance.
    """

    gt_start: int
    gt_end: int
    pred_start: int
    pred_end: int
    distance: int


def best_window(gt: str, pred: str) -> Window:
    """Slide the shorter text along the longer one and keep the best-fitting window.

    This is the local alignment of Clausner et al. (2020, fig. 2): the window
    has the length of the shorter text. Windows are ranked by indel distance
    (a substitution counts twice, as in dinglehopper's FCA) through
    :func:`rapidfuzz.fuzz.partial_ratio_alignment`; the chosen window's
    Levenshtein distance is returned. An exact occurrence is found first by
    plain substring search.
    """
    if not gt or not pred:
        return Window(0, 0, 0, 0, max(len(gt), len(pred)))
    if len(gt) <= len(pred):
        pos = pred.find(gt)
        if pos >= 0:
            return Window(0, len(gt), pos, pos + len(gt), 0)
    else:
        pos = gt.find(pred)
        if pos >= 0:
            return Window(pos, pos + len(pred), 0, len(pred), 0)
    al = fuzz.partial_ratio_alignment(gt, pred)
    if al is None or al.score == 0:
        # Nothing in common: place the window at the start of the longer text.
        m = min(len(gt), len(pred))
        return Window(0, m, 0, m, distance(gt[:m], pred[:m]))
    gs, ge, ps, pe = al.src_start, al.src_end, al.dest_start, al.dest_end
    ops = list(Levenshtein.opcodes(gt[gs:ge], pred[ps:pe]))
    # rapidfuzz also tries windows cut short at either end of the longer text;
    # then the shorter text's unmatched head or tail shows up as a pure
    # deletion or insertion at the edge. Leave such edges out of the match so
    # that they stay available to match elsewhere (they become remainders).
    while ops and ops[0].tag in ("delete", "insert"):
        o = ops.pop(0)
        gs += o.src_end - o.src_start
        ps += o.dest_end - o.dest_start
    while ops and ops[-1].tag in ("delete", "insert"):
        o = ops.pop()
        ge -= o.src_end - o.src_start
        pe -= o.dest_end - o.dest_start
    return Window(gs, ge, ps, pe, distance(gt[gs:ge], pred[ps:pe]))
