"""Line breaking and justification for Chinese and English text.

The input is a run of :class:`Segment` s (text with a role: body, byline ...);
the output is :class:`Row` s of positioned :class:`Item` s, each item one
printed unit (a CJK character, a run of Latin letters or digits, an English
word, a space, a hyphen that the breaker added).

Chinese: lines break between any two characters except where the rules of
Chinese typesetting forbid it (no closing punctuation at a line start, no
opening punctuation at a line end, never inside a run of Latin letters or
digits nor between a number and its unit, never at a space). Full lines are
justified by spreading the slack over every gap, which keeps the page's
character grid.

English: lines break at spaces. A word that would leave a loose line is split
with a hyphen only at a point chosen here, and only in purely alphabetic words,
so real hyphenated words ("well-known") are never broken; a row that ends in an
added hyphen is flagged ``hyphenated``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from benchmarks.pagerender.fonts import REFERENCE_GLYPHS, advance, ink_box, is_cjk_face

# Chinese line-breaking rules (禁则): these never start / never end a line.
NO_START = set("，。、；：？！）》」』”’〉】〕…—·%‰,.;:?!)]}")
NO_END = set("（《「『“‘〈【〔([{")

# One token: a run of Latin letters/digits (with inner . , % / : + -), a run of
# dashes or ellipses, a space, or one character.
ZH_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/:+\-]*[A-Za-z0-9%]|[A-Za-z0-9]|—+|…+|\s|.")

VOWELS = set("aeiouyAEIOUY")


@dataclass(frozen=True)
class Segment:
    """A piece of text to set, with its role, paragraph index, face and size."""

    text: str
    role: str
    para: int | None
    face: str
    size: int


@dataclass
class Item:
    """One printed unit of a row; ``x`` is its left edge from the start of the measure.

    ``kind`` is ``glyph`` (printed text), ``space`` (a printed space, part of the
    text), ``gap`` (white space that is not part of any text) or ``hyphen`` (a
    hyphen the breaker added).
    """

    text: str
    face: str
    size: int
    role: str
    para: int | None
    width: float
    kind: str = "glyph"
    x: float = 0.0


@dataclass
class Row:
    """One printed line: its items, the measure it was set in, and how it ends."""

    items: list[Item]
    measure: float
    last: bool = False
    hyphenated: bool = False

    @property
    def text(self) -> str:
        """The row's printed text (gaps are not text)."""
        return "".join(i.text for i in self.items if i.kind != "gap").strip()

    @property
    def right(self) -> float:
        """The right edge of the row's last item."""
        return max((i.x + i.width for i in self.items), default=0.0)


def _item(text: str, seg: Segment, kind: str = "glyph", width: float | None = None) -> Item:
    w = advance(seg.face, seg.size, text) if width is None else width
    return Item(text, seg.face, seg.size, seg.role, seg.para, w, kind)


def tokenize_zh(segments: list[Segment]) -> tuple[list[Item], list[bool]]:
    """Chinese items and, for each, whether a line may break after it."""
    items: list[Item] = []
    for seg in segments:
        for m in ZH_TOKEN.finditer(seg.text):
            tok = m.group(0)
            if tok.isspace():
                # A space between Chinese words ("记者 张三") is set as half an em, as papers do.
                items.append(_item(tok, seg, "space", width=seg.size / 2))
            else:
                items.append(_item(tok, seg))
    breaks = []
    for a, b in zip(items, items[1:], strict=False):
        ok = not (
            a.kind == "space"
            or b.kind == "space"
            or b.text[0] in NO_START
            or a.text[-1] in NO_END
            or a.text[-1].isdigit()  # a number stays with its unit: "2月", "54 件"
        )
        breaks.append(ok)
    breaks.append(True)
    return items, breaks


def tokenize_en(segments: list[Segment]) -> list[Item]:
    """English items: words and the single spaces between them."""
    items: list[Item] = []
    for seg in segments:
        if items:
            items.append(_item(" ", seg, "space"))
        for k, word in enumerate(seg.text.split(" ")):
            if k:
                items.append(_item(" ", seg, "space"))
            if word:
                items.append(_item(word, seg))
    return items


DIGRAPHS = {"th", "ch", "sh", "ph", "wh", "ck", "qu", "ng", "gh"}


def _syllable_break(w: str, p: int) -> bool:
    """Whether ``w`` may be hyphenated before index ``p``: a V|CV or VC|CV boundary, not inside a digraph."""
    low = w.lower()
    if low[p - 1 : p + 1] in DIGRAPHS or low[p : p + 2] in DIGRAPHS:
        return False
    v = [c in VOWELS for c in low]
    if v[p - 1] and not v[p] and v[p + 1]:
        return True
    return p >= 2 and v[p - 2] and not v[p - 1] and not v[p] and v[p + 1]


def _hyphen_split(word: Item, room: float) -> tuple[Item, Item, Item] | None:
    """Split an alphabetic word so that its head plus a hyphen fits ``room``; None when it cannot."""
    w = word.text
    core = w.rstrip(",.;:!?\"')")  # trailing punctuation stays with the tail
    if not (w.isascii() and core.isalpha() and len(core) >= 7):
        return None
    seg = Segment(w, word.role, word.para, word.face, word.size)
    hyphen = _item("-", seg, "hyphen")
    best = None
    for p in range(3, len(core) - 3):
        if advance(word.face, word.size, w[:p]) + hyphen.width > room:
            break
        if _syllable_break(core, p):
            best = p
    if best is None:
        return None
    return _item(w[:best], seg), hyphen, _item(w[best:], seg)


def break_lines(
    segments: list[Segment],
    measure: float,
    lang: str,
    *,
    indent: float = 0.0,
    align: str = "justify",
    hyphenate: bool = True,
) -> list[Row]:
    """Set ``segments`` as one paragraph in rows of width ``measure``.

    ``align`` is ``justify`` (every row but the last), ``left``, ``right`` or
    ``center``. ``indent`` is the first row's indent.
    """
    if lang == "zh":
        items, breaks = tokenize_zh(segments)
        # A break at position p ends a row before items[p]; the next row starts at items[p].
        opps = [(p + 1, p + 1) for p, ok in enumerate(breaks[:-1]) if ok]
    else:
        items = tokenize_en(segments)
        opps = [(p, p + 1) for p, it in enumerate(items) if it.kind == "space"]
    rows: list[Row] = []
    start, n = 0, len(items)
    eps = 0.01
    while start < n:
        avail = measure - (indent if not rows else 0.0)
        width, j = 0.0, start
        while j < n and width + items[j].width <= avail + eps:
            width += items[j].width
            j += 1
        if j == n:
            rows.append(Row(items[start:n], measure, last=True))
            break
        cands = [o for o in opps if start < o[0] <= j]
        end, nxt = cands[-1] if cands else (max(j, start + 1), max(j, start + 1))
        row_items = items[start:end]
        hyphenated = False
        if lang != "zh" and hyphenate and items[j].kind == "glyph" and j > start:
            # The word at j overflows. Split it when the row would otherwise be loose.
            used = sum(i.width for i in items[start:j])
            room = avail - used
            loose = (avail - sum(i.width for i in row_items)) > 0.12 * avail
            split = _hyphen_split(items[j], room) if loose else None
            if split is not None:
                head, hyphen, tail = split
                row_items = items[start:j] + [head, hyphen]
                items[j] = tail
                nxt = j
                hyphenated = True
        rows.append(Row(row_items, measure, hyphenated=hyphenated))
        start = nxt
    for k, row in enumerate(rows):
        _position(row, measure - (indent if k == 0 else 0.0), indent if k == 0 else 0.0, align, lang)
    return rows


def _position(row: Row, avail: float, offset: float, align: str, lang: str) -> None:
    """Give the row's items their x positions."""
    while row.items and row.items[-1].kind == "space":
        row.items.pop()
    natural = sum(i.width for i in row.items)
    # Half a pixel less than the measure: item positions are rounded to whole
    # pixels when drawn, and a row must never poke out of its column.
    slack = avail - natural - 0.5
    extra_at: list[float] = [0.0] * len(row.items)
    if align == "justify" and not row.last and slack > 0 and len(row.items) > 1:
        if lang == "zh":
            share = slack / (len(row.items) - 1)
            extra_at = [share] * (len(row.items) - 1) + [0.0]
        else:
            spaces = [k for k, i in enumerate(row.items) if i.kind == "space"]
            if spaces:
                share = slack / len(spaces)
                for k in spaces:
                    extra_at[k] = share
    elif align == "right":
        offset += max(0.0, slack)
    elif align == "center":
        offset += max(0.0, slack) / 2
    x = offset
    for item, extra in zip(row.items, extra_at, strict=True):
        item.x = x
        if item.kind == "space" and lang != "zh":
            item.width += extra  # a stretched space is still one space of text
            x += item.width
        else:
            x += item.width + extra


def set_title(
    text: str,
    face: str,
    size: int,
    measure: float,
    lang: str,
    *,
    role: str,
    align: str = "center",
    lines: list[str] | None = None,
) -> list[Row] | None:
    """A title part set in rows that break only at its spaces; None when a piece is wider than ``measure``.

    A title's lines are its text joined with single spaces, so the printed text
    can be compared with ground truth. ``lines`` forces the split. A space
    between Chinese pieces is printed as one em of white (as county papers set
    double headlines) but counts as one space of text.
    """
    parts = lines if lines is not None else text.split(" ")
    seg = Segment(text, role, None, face, size)
    space_w = size if lang == "zh" else advance(face, size, " ")
    rows: list[Row] = []
    cur: list[str] = []

    def flush() -> None:
        items: list[Item] = []
        for k, part in enumerate(cur):
            if k:
                items.append(_item(" ", seg, "space", width=space_w))
            items.append(_item(part, seg))
        rows.append(Row(items, measure, last=True))

    for part in parts:
        if advance(face, size, part) > measure:
            return None
        trial = cur + [part]
        width = sum(advance(face, size, p) for p in trial) + space_w * (len(trial) - 1)
        if cur and (width > measure or lines is not None):
            flush()
            cur = [part]
        else:
            cur = trial
    if cur:
        flush()
    for row in rows:
        _position(row, measure, 0.0, align, lang)
    return rows


def row_segments(row: Row, x0: float, baseline: float, lang: str) -> list[dict[str, Any]]:
    """The row cut into runs of one role and paragraph, each with its text and box on the page.

    A row holds more than one run where a byline is run in with a paragraph
    ("……绝不姑息。（郭莎莎 文/何乐 图）"). Item positions are rounded as the
    drawing rounds them, so boxes match the pixels.
    """
    out: list[dict[str, Any]] = []
    groups: list[list[Item]] = []
    for item in row.items:
        if item.kind == "gap":
            groups.append([])
            continue
        if groups and groups[-1] and (groups[-1][-1].role, groups[-1][-1].para) == (item.role, item.para):
            groups[-1].append(item)
        else:
            groups.append([item])
    for group in groups:
        while group and group[0].kind == "space":
            group.pop(0)
        while group and group[-1].kind == "space":
            group.pop()
        if not group:
            continue
        text = "".join(i.text for i in group)
        xs0 = [round(x0 + i.x) for i in group]
        ref = REFERENCE_GLYPHS["zh" if is_cjk_face(group[0].face) else "en"]
        r = ink_box(group[0].face, group[0].size, ref)
        top, bottom = r[1], r[3]
        right = 0.0
        for i, xi in zip(group, xs0, strict=True):
            b = ink_box(i.face, i.size, i.text)
            top, bottom = min(top, b[1]), max(bottom, b[3])
            right = max(right, xi + i.width)
        out.append(
            {
                "text": text,
                "role": group[0].role,
                "paragraph": group[0].para,
                "bbox": [xs0[0], round(baseline) + top, int(round(right)), round(baseline) + bottom],
                "hyphenated": row.hyphenated and group[-1].kind == "hyphen",
            }
        )
    return out


def with_role(segment: Segment, role: str, para: int | None) -> Segment:
    """A copy of ``segment`` with another role and paragraph index."""
    return replace(segment, role=role, para=para)
