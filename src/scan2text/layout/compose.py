"""Article text from an assembled draft: title parts, byline and reflowed paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from scan2text.document import Article, Paragraph
from scan2text.layout.articles import Draft
from scan2text.layout.credits import article_credit
from scan2text.layout.frame import Frame, TBlock
from scan2text.layout.titles import strip_dash
from scan2text.reflow import Fragment, build_paragraphs

_CJK = re.compile(r"[\u3400-\u9fff]")


def guess_lang(text: str) -> str:
    """``zh`` when a good share of the letters are CJK ideographs, else ``en``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cjk = sum(1 for c in letters if _CJK.match(c))
    return "zh" if cjk >= 0.3 * len(letters) else "en"


def _em(block: TBlock, lang: str) -> float:
    """One em of the block's type in frame pixels, as reflow measures indents and short lines.

    For CJK the advance of one character is the em, and measuring it along
    the lines is more exact than the line height. Latin letters are narrower
    than an em, so there the type size (line height) stands for it.
    """
    if lang != "zh":
        return block.size
    widths = [ln.box.width / len(ln.text.strip()) for ln in block.lines if len(ln.text.strip()) >= 5]
    return float(np.median(widths)) if widths else block.size


# An edge of a block's measure is reached by at least this share of its lines
# (and two), to half an em.
EDGE_SHARE = 0.2


def _shared_edge(xs: Sequence[float], em: float, sign: float) -> float:
    """The outermost of ``xs`` (leftmost for ``sign`` 1, rightmost for -1) that :data:`EDGE_SHARE` of them reach."""
    need = max(2, int(np.ceil(EDGE_SHARE * len(xs))))
    ordered = sorted(xs, key=lambda x: sign * x)
    for x in ordered:
        if sum(sign * (v - x) <= 0.5 * em for v in xs) >= need:
            return x
    return ordered[0]


def _fragment(block: TBlock, columns: Sequence[tuple[float, float]], frame: Frame, lang: str) -> Fragment:
    """The reflow fragment of one body block, with the edges of the measure it is set to.

    A block's own extent gives the measure when it has lines enough; a
    fragment of one or two lines (an indented opening, a short last line)
    borrows the missing edge from its column, when the column is right there.
    """
    em = _em(block, lang)
    box = block.box
    left, right = box.x0, box.x1
    if len(block.lines) >= 3:
        # The edges most lines reach: one line standing out (a caption or a
        # label run into the column's block) does not set the measure.
        left = _shared_edge([ln.box.x0 for ln in block.lines], em, 1.0)
        right = _shared_edge([ln.box.x1 for ln in block.lines], em, -1.0)
    if block.column is not None:
        c0, c1 = columns[block.column]
        if len(block.lines) <= 2 and 0 < left - c0 <= 3 * em:
            left = c0
        if 0 < c1 - right <= 3 * em:
            right = c1
    lines = [frame.frame_line(ln.line) for ln in block.lines]
    return Fragment(lines=lines, left=left, right=right, char_width=em)


def compose(
    draft: Draft, article_id: str, columns: Sequence[tuple[float, float]], frame: Frame, lang: str
) -> Article:
    """The :class:`Article` for one draft (block ids and region are filled in by the caller)."""
    title = draft.title
    body_blocks = [u.block for u in draft.units if u.block is not None]
    if lang not in ("zh", "en"):
        lang = guess_lang(
            " ".join(b.text for b in body_blocks) + (title.text_of("headline") or "" if title else "")
        )
    paragraphs: list[Paragraph] = []
    if body_blocks:
        paragraphs = build_paragraphs([_fragment(b, columns, frame, lang) for b in body_blocks], lang)
    paragraphs = [p for p in paragraphs if p.text.strip()]

    byline = article_credit(draft, paragraphs)
    return Article(
        id=article_id,
        kicker=title.text_of("kicker") if title else None,
        headline=title.text_of("headline") if title else None,
        subheadline=strip_dash(title.text_of("subheadline")) if title else None,
        byline=byline,
        paragraphs=paragraphs,
        confidence=round(draft.confidence, 3),
    )
