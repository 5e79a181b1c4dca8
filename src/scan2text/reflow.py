"""Reflow: join an article's column fragments into paragraphs.

A newspaper article reaches this stage as *fragments*: runs of consecutive
lines of one column, in reading order. This module joins line texts
(:func:`join_text`) and decides where paragraphs break
(:func:`build_paragraphs`).

Paragraph rules (all measured in ems, one em being ``Fragment.char_width``):

* A paragraph ends after a line that ends a sentence (``。！？.!?…``,
  optionally followed by closing quotes or brackets) **and** either stops
  short of the column's right edge (``SHORT_EM``) or is followed by an
  indented line (``INDENT_EM``). A line that ends a sentence exactly at the
  right edge is ambiguous; only the next line's indent can settle it.
* A short line followed by an indented line breaks even without final
  punctuation: two independent geometric cues agree, and recognisers often
  drop a final full stop.
* A line that does not end a sentence and is not short never ends a
  paragraph, so a paragraph cut by a column break (last line of a fragment
  full, next fragment's first line not indented) continues as one paragraph.
* Latin script only: a line that starts with a lower-case letter never starts
  a paragraph.

Lines without geometry (the text-only path) are measured in character units:
an ideograph or other full-width character counts 1, an ASCII character 0.5
and CJK punctuation 0.5, because justified CJK setting squeezes punctuation
to half width (on the seed page this brought the spread of full-line widths
from about 0.75 to about 0.35 units). ``Fragment.right`` is then the column's full line
length in those units and ``left`` is 0. Indents in text dumps are mostly
lost, so in CJK text a line about two characters shorter than the column is
taken as indented, and the first line of a paragraph is assumed to carry a
two-character indent when its end is measured.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from scan2text.document import Line, Paragraph

log = logging.getLogger(__name__)

# Geometry mode: a line ending this many ems before the right edge is short.
# (Latin: ragged-right lines stop up to a long word short of the edge; a
# sentence that ends on one of them is no paragraph end unless an indent
# follows.)
SHORT_EM = {"cjk": 1.0, "latin": 3.0}
# Geometry mode: a line starting this many ems right of the left edge is indented.
INDENT_EM = {"cjk": 1.0, "latin": 0.5}
# Text mode: the same tests in character units. Justification noise in CJK
# character counts is about +-1 unit, so a paragraph's last line must miss two.
TEXT_SHORT_UNITS_CJK = 2.0
# Text mode, Latin: a dump of a ragged or justified column varies by a word,
# so a short line misses at least this share of the column (and 2 units).
TEXT_SHORT_SHARE_LATIN = 0.2
# Text mode, CJK: a line this many units shorter than the column is an
# indented first line whose indent the dump lost (the printed indent is two
# characters; noise makes it 1.5-4.5).
TEXT_INDENT_UNITS_CJK = (1.5, 4.5)
# The indent assumed for a CJK paragraph's first line when measuring its end.
CJK_INDENT_UNITS = 2.0

_SENTENCE_END = "。！？!?.…‼⁇⁈⁉"
_CLOSERS = "”’\"'」』》〉）)]】〕"
_QUOTE_NEUTRAL = "“”‘’\"'«»‹›()[]{}（）【】〔〕「」『』《》〈〉"
# Punctuation that justified CJK setting squeezes to half width.
_CJK_HALF = set("，、。；：？！“”‘’《》〈〉（）「」『』【】〔〕·・")
_HYPHENS = "-\u2010\u2011"
_SOFT_HYPHEN = "\u00ad"
_DASHES = "\u2012\u2013\u2014\u2015"

# First halves of hyphenated compounds that are whole words ("well-known",
# "self-made", "twenty-one"): a hyphen after them at a line end is kept.
COMPOUND_HEADS = frozenset(
    ("well", "self", "ill", "half", "full", "high", "low", "long", "short", "much", "best", "cross", "great")
    + ("all", "first", "second", "third", "one", "two", "three", "four", "five", "six", "seven", "eight")
    + ("nine", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
)
# Second halves that are suffixes, never words: "well-" + "ness" is a split word.
SUFFIXES = frozenset(
    ("ness", "ing", "ed", "er", "est", "ly", "ment", "ful", "less", "able", "ible", "tion", "sion", "ity")
    + ("ous", "ive", "al", "age", "ship", "hood")
)

_WORD_END = re.compile(r"([A-Za-z\u00c0-\u024f]+)$")
_WORD_START = re.compile(r"^([A-Za-z\u00c0-\u024f]+)")


@dataclass
class Fragment:
    """One column fragment of an article: consecutive lines of one column."""

    lines: list[Line]  # scan2text.document.Line, in reading order
    left: float  # the column's left edge (page px); text-only mode: 0
    right: float  # the column's right edge (page px); text-only mode: full line length in characters
    char_width: float  # width of one full-width character / one em (px); text-only mode: 1


def is_cjk_char(ch: str) -> bool:
    """True for CJK ideographs, kana, hangul, CJK punctuation and full-width forms."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    )


def _is_neutral(ch: str) -> bool:
    """Characters that belong to neither script: digits, quotes, brackets, dashes, spaces."""
    return ch.isdigit() or ch in _QUOTE_NEUTRAL or ch in _DASHES or ch.isspace() or ch in "·・"


def is_cjk_text(text: str) -> bool:
    """True when at least 30% of the letters of ``text`` are CJK (so CJK layout rules apply)."""
    letters = [c for c in text if c.isalpha() or is_cjk_char(c)]
    if not letters:
        return False
    return sum(1 for c in letters if is_cjk_char(c)) >= 0.3 * len(letters)


def script_of(text: str, lang: str = "auto") -> str:
    """``"cjk"`` or ``"latin"``: from ``lang`` (``zh`` / ``en``) or, for ``auto``, from the text."""
    if lang == "zh":
        return "cjk"
    if lang == "en":
        return "latin"
    return "cjk" if is_cjk_text(text) else "latin"


def text_units(text: str, cjk: bool = True) -> float:
    """Printed width of ``text`` in character units (full-width 1, ASCII 0.5, CJK punctuation 0.5).

    CJK punctuation, curly quotes included, counts 0.5 (see the module
    docstring). Other characters of ambiguous width (dashes, ellipsis) count
    1 in CJK text, where they are set full width, and 0.5 otherwise.
    """
    total = 0.0
    for ch in text:
        if ch in _CJK_HALF:
            total += 0.5
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            total += 1.0
        elif unicodedata.east_asian_width(ch) == "A":
            total += 1.0 if cjk else 0.5
        else:
            total += 0.5
    return total


def sentence_end(text: str) -> str:
    """The sentence-final punctuation mark ``text`` ends with, closing quotes/brackets after it allowed; "" if none.

    A closing quote alone (``开展“联乡包村”``) does not end a sentence.
    """
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1].rstrip()
    return t[-1] if t and t[-1] in _SENTENCE_END else ""


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (see :func:`sentence_end`)."""
    return bool(sentence_end(text))


def _nearest_script(text: str, from_end: bool) -> str | None:
    """Script (``cjk`` / ``latin``) of the nearest non-neutral character, scanning from one end."""
    chars = reversed(text) if from_end else iter(text)
    for ch in chars:
        if _is_neutral(ch):
            continue
        return "cjk" if is_cjk_char(ch) else "latin"
    return None


def _keep_hyphen(head: str, tail: str, context: str) -> bool:
    """Whether ``head-`` at a line end followed by lower-case ``tail`` is a real hyphen.

    Rule, in order: (1) the text elsewhere has ``head-tail`` -> keep, or
    ``headtail`` -> drop; (2) ``tail`` is a suffix (``ness``, ``ing``...) ->
    drop; (3) ``head`` is a whole word that forms compounds (``well``,
    ``self``, number words...) -> keep; (4) otherwise the hyphen split a
    word -> drop.
    """
    low_head, low_tail = head.lower(), tail.lower()
    if context:
        low = context.lower()
        if re.search(rf"\b{re.escape(low_head)}-{re.escape(low_tail)}\b", low):
            return True
        if re.search(rf"\b{re.escape(low_head + low_tail)}\b", low):
            return False
    if low_tail in SUFFIXES:
        return False
    return low_head in COMPOUND_HEADS


def join_text(a: str, b: str, lang: str = "auto", *, context: str = "") -> str:
    """Join two line texts of one paragraph.

    * No space between CJK characters or between CJK and anything else
      (``云上宝丰APP`` + ``等`` -> ``云上宝丰APP等``).
    * One space between Latin words.
    * A line-end hyphen between letters, next line lower-case: dropped where
      it split a word (``infor-`` + ``mation`` -> ``information``), kept where
      it joins a compound (``well-`` + ``known`` -> ``well-known``); see
      :func:`_keep_hyphen` for the rule. ``context`` is other text of the
      article, searched for the hyphenated or solid form. Before an
      upper-case letter or a digit, and after a digit, the hyphen is kept.
    * A soft hyphen (U+00AD) at the line end is always dropped.
    * Digits on both sides in CJK text join without a space (numbers are not
      split by spaces in Chinese); elsewhere ``lang`` (``zh``: no space)
      decides when neither side has a script.
    """
    a = a.strip()
    b = b.strip()
    if not a:
        return b
    if not b:
        return a
    last, first = a[-1], b[0]
    if last == _SOFT_HYPHEN:
        return a[:-1] + b
    if last in _HYPHENS and len(a) >= 2 and not a[-2].isspace():
        head_m = _WORD_END.search(a[:-1])
        tail_m = _WORD_START.match(b)
        if head_m and tail_m and first.islower():
            if _keep_hyphen(head_m.group(1), tail_m.group(1), context):
                return a + b
            return a[:-1] + b
        # "Jean-" + "Paul", "7-" + "year-old", "1990-" + "91": a real hyphen.
        return a + b
    if last in _DASHES:
        # "word—" + "next": an em dash set closed stays closed.
        return a + b if not a[:-1].endswith(" ") else a + " " + b
    if is_cjk_char(last) or is_cjk_char(first):
        return a + b
    if not _is_neutral(last) and not _is_neutral(first):
        return a + " " + b
    ctx_a, ctx_b = _nearest_script(a, True), _nearest_script(b, False)
    if "cjk" in (ctx_a, ctx_b) and not (last.isalpha() and first.isalpha()):
        return a + b
    if ctx_a is None and ctx_b is None and lang == "zh":
        return a + b
    return a + " " + b


# ----------------------------------------------------------------------------- paragraphs


@dataclass
class _Measured:
    """One line of a fragment with what the paragraph rules need."""

    line: Line
    text: str
    script: str
    geometric: bool
    start_gap: float = 0.0  # ems (geometry) or units of explicit leading whitespace (text)
    explicit_indent: bool = False
    width: float = 0.0  # text mode: units of the stripped text
    end_gap: float = 0.0  # geometry: ems before the right edge; text: right - width (before indent)
    right: float = 0.0  # text mode: the fragment's full line length in units


def _measure(fragment: Fragment, lang: str) -> list[_Measured]:
    """Measure every non-empty line of ``fragment``."""
    frag_text = "".join(ln.text for ln in fragment.lines)
    script = script_of(frag_text, lang)
    cw = fragment.char_width if fragment.char_width > 0 else 1.0
    out: list[_Measured] = []
    for line in fragment.lines:
        text = line.text.strip()
        if not text:
            continue
        lead = line.text[: len(line.text) - len(line.text.lstrip())]
        if line.has_geometry:
            box = line.bbox
            if line.direction == "ttb":
                # Vertical lines: left/right are the top and bottom of the column.
                start, end = box.y0, box.y1
            else:
                start, end = box.x0, box.x1
            start_gap = (start - fragment.left) / cw
            m = _Measured(line, text, script, geometric=True, start_gap=start_gap)
            m.explicit_indent = start_gap >= INDENT_EM[script]
            m.end_gap = (fragment.right - end) / cw
        else:
            m = _Measured(line, text, script, geometric=False)
            m.start_gap = sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5 for c in lead)
            m.explicit_indent = bool(lead)
            m.width = text_units(text, script == "cjk")
            m.right = fragment.right
            m.end_gap = fragment.right - m.width
        out.append(m)
    return out


def _is_short(m: _Measured, first_of_paragraph: bool) -> bool:
    """Does the line stop well before the column's right edge?"""
    if m.geometric:
        return m.end_gap >= SHORT_EM[m.script]
    if m.script == "cjk":
        # The dump lost the first line's indent: put it back before measuring the end.
        gap = m.end_gap - (CJK_INDENT_UNITS if first_of_paragraph else 0.0)
        return gap >= TEXT_SHORT_UNITS_CJK
    gap = m.end_gap - m.start_gap
    return gap >= max(2.0, TEXT_SHORT_SHARE_LATIN * m.right)


def _is_indented(m: _Measured, strong_only: bool = False) -> bool:
    """Does the line start with a paragraph indent?

    ``strong_only`` ignores the CJK text-mode width guess and keeps only
    measured geometry or explicit leading whitespace.
    """
    if m.explicit_indent:
        return True
    if m.geometric or strong_only or m.script != "cjk":
        return False
    lo, hi = TEXT_INDENT_UNITS_CJK
    return lo <= m.right - m.width <= hi


def _paragraph_break(prev: _Measured, nxt: _Measured, prev_first: bool) -> bool:
    """Whether a paragraph ends between ``prev`` and ``nxt`` (see the module docstring)."""
    if nxt.script == "latin" and nxt.text[:1].islower():
        return False
    short = _is_short(prev, prev_first)
    if ends_sentence(prev.text):
        return short or _is_indented(nxt)
    return short and _is_indented(nxt, strong_only=True)


def build_paragraphs(fragments: Sequence[Fragment], lang: str = "auto") -> list[Paragraph]:
    """Join the lines of an article's fragments (in reading order) into paragraphs.

    Breaks follow the rules in the module docstring; a paragraph that runs on
    across a fragment (column) break stays one paragraph. ``Paragraph.line_ids``
    lists the ids of the lines each paragraph was made from.
    """
    measured: list[_Measured] = []
    for fragment in fragments:
        measured.extend(_measure(fragment, lang))
    if not measured:
        return []
    context = "\n".join(m.text for m in measured)
    paragraphs: list[Paragraph] = []
    text = measured[0].text
    ids = [measured[0].line.id]
    first = True
    for prev, nxt in zip(measured, measured[1:]):
        if _paragraph_break(prev, nxt, first):
            paragraphs.append(Paragraph(text=text, line_ids=ids))
            text, ids, first = nxt.text, [nxt.line.id], True
            continue
        text = join_text(text, nxt.text, lang, context=context)
        ids.append(nxt.line.id)
        first = False
    paragraphs.append(Paragraph(text=text, line_ids=ids))
    log.debug(
        "built %d paragraphs from %d lines in %d fragments", len(paragraphs), len(measured), len(fragments)
    )
    return paragraphs


# ----------------------------------------------------------------------------- text-only fragments


def _percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def column_width(widths: Sequence[float]) -> float:
    """A column's full line length from its line widths: the upper quartile.

    Paragraph first and last lines are shorter than full ones, and an odd line
    runs over; the upper quartile sits among the full lines for any paragraph
    longer than about three lines.
    """
    return _percentile(widths, 0.75)


def _second_largest(values: Sequence[float]) -> float:
    """The second largest of a few widths: robust to one over-long line and to short last lines."""
    if len(values) < 2:
        return 0.0
    return sorted(values)[-2]


def text_fragments(lines: Sequence[Line], lang: str = "auto") -> list[Fragment]:
    """Text-only mode: cut an article's lines into fragments where the column width changes.

    Lines of one column share a width, so "short" and "indented" must be
    judged against the column a line is in. The reference is the
    second-longest of up to four lines before (one over-long line does not
    count); a line 25% wider than it together with two of the three lines
    from it on, or three lines all 20% narrower, start a new fragment (a
    paragraph's short last line and the next indented first line do not).
    Each fragment gets ``left=0``, ``right`` = its full line length in units
    (:func:`column_width`) and ``char_width=1``.
    """
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return []
    cjk = script_of("".join(ln.text for ln in lines), lang) == "cjk"
    widths = [text_units(ln.text.strip(), cjk) for ln in lines]
    cuts = [0]
    k = 2
    while k + 3 <= len(lines):
        before = _second_largest(widths[max(cuts[-1], k - 4) : k])
        after = widths[k : k + 3]
        # Wider: line k and two of the next three; narrower: line k and all three
        # (a short last line plus an indented first line must not look narrower).
        wider = widths[k] > 1.25 * before and _second_largest(after) > 1.25 * before
        narrower = max(after) < 0.8 * before
        if before > 0 and (wider or narrower):
            cuts.append(k)
            k += 2
            continue
        k += 1
    cuts.append(len(lines))
    fragments = []
    for lo, hi in zip(cuts, cuts[1:]):
        part = lines[lo:hi]
        fragments.append(
            Fragment(lines=list(part), left=0.0, right=column_width(widths[lo:hi]), char_width=1.0)
        )
    return fragments
