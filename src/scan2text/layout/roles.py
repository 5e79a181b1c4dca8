"""Type size, stroke weight and the roles they imply: display type, titles, page furniture.

The page's body size is the type size most of its characters are set in.
Everything else is measured against it: a block set at 1.3 times the body
size or more (or a little larger and clearly bolder) is display type, i.e.
a title block. Stroke weight is the share of ink pixels in a line's box,
which does not depend on the type size for one typeface weight.

Page furniture (masthead, folio and date line, page number, section name,
footer credits) is recognised from its place on the page (above the first or
below the last page-wide rule, or in the margins) and from its wording.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import cv2
import numpy as np

from scan2text.document import BBox
from scan2text.layout.frame import TBlock, TLine
from scan2text.layout.separators import Rule
from scan2text.textreflow import furniture_kind

log = logging.getLogger(__name__)

# Display type starts at this multiple of the body size ...
TITLE_SIZE = 1.3
# ... or at this size when the strokes are this much heavier than body text.
BOLD_TITLE_SIZE = 1.1
BOLD_WEIGHT = 1.25
# Ink components at least this share of a line's box height are letters (not dots or commas).
X_MIN_LETTER = 0.25
# Lines in capitals (this many letters at least) whose letters stand this many
# times the text's capital height are display type (:func:`measure_letters`).
CAPS_LETTERS = 5
CAPS_TITLE = 1.2
# ... when they hold this many words.
CAPS_WORDS = 3

# A jump line: where a story continues from or on ("(Continued from page 1)",
# "Continued on Page 3", "（下转第三版）", "（上接第1版）"). It belongs to no
# paragraph and heads nothing.
_JUMP = re.compile(
    r"^\W*(continued|cont'?d\.?|cont\.)\s+(?P<way>from|on|to)\s+(page|p\.?)\s*(?P<page>([a-z]-?)?\d{1,3}[a-z]?)\W*$"
    r"|^[（(]?\s*(?P<zway>下转|上接|转|接)\s*第?\s*(?P<zpage>[\d一二三四五六七八九十]+)\s*版\s*[）)]?$",
    re.I,
)
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def jump_of(text: str) -> tuple[str, str] | None:
    """A jump line's direction and page: ``("on", "3")`` for "(Continued on page 3)" or
    "（下转第三版）", ``("from", "1")`` for "(Continued from page 1)" or "（上接第1版）";
    None for any other text, or a page number that cannot be read. The page
    is as printed ("A-3"), numbers in ASCII digits ("第三版", "第３版": "3")."""
    m = _JUMP.match(text.strip())
    if m is None:
        return None
    if m.group("way"):
        way = "from" if m.group("way").lower() == "from" else "on"
        page = m.group("page").upper()
        digits = page.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
        # ("page 03" is page 3; a section letter stays: "A-3".)
        return way, page[: len(page) - len(digits)] + (str(int(digits)) if digits.isdigit() else digits)
    way = "from" if m.group("zway") in ("上接", "接") else "on"
    number = _zh_number(m.group("zpage"))
    return (way, str(number)) if number else None


def _zh_number(text: str) -> int | None:
    """A page number as printed in a Chinese jump line: digits (full-width too) or numerals to 99.

    None for what reads as neither ("二三" is no number).
    """
    if text.isdigit():
        return int(text)
    tens, ten, units = text.rpartition("十")
    if not ten:
        return _ZH_DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(units) > 1 or any(c not in _ZH_DIGITS for c in tens + units):
        return None
    return _ZH_DIGITS.get(tens, 1) * 10 + _ZH_DIGITS.get(units, 0)


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_FOLIO = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]|农历|第\s*\d+\s*[期版]|总第|出版物号|CN\s*\d{2}\s*-\s*\d{4}"
    rf"|\b({_MONTHS})\b.*\b\d{{4}}\b|\b({_DAYS})\b|\bvol(\.|ume)\s*[ivxlc\d]+|\bno\.\s*\d+|\bpage\s+[A-Z]?\d{{1,3}}\b",
    re.I,
)

# A date line gives a year or a day of the week.
_DATE_YEAR = re.compile(rf"\b(1[6-9]|20)\d\d\b|\d{{4}}\s*年|星期|\b({_DAYS})\b", re.I)


def body_size(lines: Sequence[TLine]) -> float:
    """The type size most characters are set in: the character-weighted median line size."""
    pairs = sorted((ln.size, max(len(ln.text.strip()), 1)) for ln in lines if not ln.cross and ln.size > 0)
    if not pairs:
        pairs = sorted((ln.size, 1) for ln in lines if ln.size > 0)
    if not pairs:
        return 0.0
    total = sum(w for _, w in pairs)
    acc = 0
    for size, w in pairs:
        acc += w
        if acc >= total / 2:
            return float(size)
    return float(pairs[-1][0])


def measure_ink(lines: Sequence[TLine], ink: np.ndarray) -> None:
    """Set each line's ink ratio (share of ink pixels in its box) from the ink mask."""
    integral = cv2.integral((ink > 0).astype(np.uint8))
    h, w = ink.shape[:2]
    for ln in lines:
        x0, y0 = int(np.clip(ln.box.x0, 0, w)), int(np.clip(ln.box.y0, 0, h))
        x1, y1 = int(np.clip(np.ceil(ln.box.x1), 0, w)), int(np.clip(np.ceil(ln.box.y1), 0, h))
        area = (x1 - x0) * (y1 - y0)
        if area <= 0:
            ln.ink = 0.0
            continue
        total = integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]
        ln.ink = float(total) / area


def measure_letters(lines: Sequence[TLine], ink: np.ndarray, body: float) -> None:
    """Measure each line's type from its letters: ``x_height`` and, for lines in capitals, ``caps``.

    The letters of a line are its connected ink components (dots, commas and
    specks left out). Small letters without ascenders are the shortest, so a
    low quantile of the letter heights of a line of mostly small Latin
    letters is its x-height, whether the line is full of capitals and
    ascenders ("O'Neill elected") or has none ("over a corner").

    A line in capitals has no ascenders or descenders, so its box is shorter
    than a line of small letters in the same type: a headline in capitals
    can measure like text ("NOMINATIONS FOR COUNCIL HELD TUES." over a
    typewritten column). The page's text shows its capital height as the
    tall letters of its body-size lines (capitals, ascenders, descenders);
    ``caps`` is how many times taller the letters of a line in capitals
    stand (-1: too few letters to tell). Each line's letters are found once.
    """
    tall: list[float] = []
    capitals: list[tuple[TLine, list[int]]] = []
    for ln in lines:
        letters = [c for c in ln.text if c.isalpha()]
        small = len(letters) >= 3 and sum(c.islower() and c.isascii() for c in letters) >= 0.6 * len(letters)
        in_capitals = not ln.cross and len(letters) >= 2 and all(c.isupper() for c in letters)
        if not (small or in_capitals):
            continue
        heights = _letter_heights(ln, ink)
        if in_capitals:
            capitals.append((ln, heights))
        elif len(heights) >= 3:
            ln.x_height = float(np.percentile(heights, 25))
            if abs(ln.size - body) <= 0.15 * body and len(heights) >= 5:
                tall.append(float(np.percentile(heights, 90)))
    if len(tall) < 5 or body <= 0:
        return
    cap = float(np.median(tall))
    for ln, heights in capitals:
        ln.caps = float(np.median(heights)) / cap if len(heights) >= CAPS_LETTERS else -1.0


def ink_components(box: BBox, ink: np.ndarray) -> tuple[np.ndarray, BBox]:
    """Connected ink components inside ``box`` (OpenCV stats rows, background left out) and the window, clipped to the page."""
    h, w = ink.shape[:2]
    x0, y0 = int(np.clip(box.x0, 0, w)), int(np.clip(box.y0, 0, h))
    x1, y1 = int(np.clip(np.ceil(box.x1), 0, w)), int(np.clip(np.ceil(box.y1), 0, h))
    window = BBox(x0, y0, x1, y1)
    if x1 <= x0 or y1 <= y0:
        return np.zeros((0, 5), np.int32), window
    _, _, stats, _ = cv2.connectedComponentsWithStats(
        (ink[y0:y1, x0:x1] > 0).astype(np.uint8), connectivity=8
    )
    return stats[1:], window


def _letter_heights(ln: TLine, ink: np.ndarray) -> list[int]:
    """Heights of the letters (connected ink components; dots, commas and rules left out) in a line's box."""
    stats, window = ink_components(ln.box, ink)
    if window.width < 4 or window.height < 4:
        return []
    return [
        int(c[cv2.CC_STAT_HEIGHT])
        for c in stats
        if c[cv2.CC_STAT_HEIGHT] >= X_MIN_LETTER * window.height
        # (not a rule or the edge of a neighbouring line the box took in)
        and c[cv2.CC_STAT_WIDTH] <= 3 * window.height
    ]


def furniture_kind_of(text: str, size: float, body: float) -> str:
    """The kind of a line known to be furniture: page-number, footer, folio, masthead or section."""
    kind = furniture_kind(text)
    if kind is not None:
        return kind
    # In the folio band a year is enough, even when OCR garbled the date around it.
    if _FOLIO.search(text) or re.search(r"\b(1[6-9]|20)\d\d\b", text):
        return "folio"
    if size >= 2.0 * body:
        return "masthead"
    return "section"


def _band_rule(
    rules: Sequence[Rule], lines: Sequence[TLine], content: BBox, body: float, top: bool
) -> float | None:
    """The y of the page-wide rule that closes off the masthead/folio band (top) or footer band (bottom)."""
    wide = [
        r.box.cy
        for r in rules
        if r.kind == "horizontal"
        and r.box.width >= 0.6 * content.width
        and (
            r.box.cy <= content.y0 + 0.22 * content.height
            if top
            else r.box.cy >= content.y1 - 0.15 * content.height
        )
    ]
    best: float | None = None
    for y in sorted(wide, reverse=top):
        outside = [ln for ln in lines if (ln.box.cy < y if top else ln.box.cy > y)]
        if _text_lines(outside, body) <= (4 if top else 3):
            best = y
            break
    return best


def _text_lines(lines: Sequence[TLine], body: float) -> int:
    """How many of ``lines`` are lines of text (body size, no date or folio): few stand in a masthead band."""
    return sum(abs(ln.size - body) <= 0.2 * body and not _FOLIO.search(ln.text) for ln in lines)


def _date_line_band(lines: Sequence[TLine], content: BBox, body: float) -> float | None:
    """The bottom of the date line under a masthead, on a page without a rule to close the band.

    The date line ("TOPAZ, UTAH  Wednesday, December 13, 1944") is a line of
    about text size near the top that gives a year or a weekday, with a line
    of masthead type (twice the body size or more) above it and no more than
    a few lines of text. The band ends with the row the date line is on.
    """
    for ln in sorted(lines, key=lambda ln: ln.box.cy):
        if ln.box.cy > content.y0 + 0.22 * content.height:
            break
        if ln.cross or ln.size > 1.5 * body or not (_FOLIO.search(ln.text) and _DATE_YEAR.search(ln.text)):
            continue
        above = [o for o in lines if o.box.cy < ln.box.y0]
        if not any(o.size >= 2.0 * body for o in above):
            continue
        if _text_lines(above, body) > 4:
            continue
        row = [
            o
            for o in lines
            if o.size <= 1.5 * body and o.box.y_overlap(ln.box) >= 0.5 * min(o.box.height, ln.box.height)
        ]
        return max(o.box.y1 for o in row)
    return None


def tag_furniture(lines: Sequence[TLine], rules: Sequence[Rule], body: float) -> None:
    """Mark the lines that are page furniture (sets ``furniture_kind``)."""
    if not lines:
        return
    content = BBox.union_all([ln.box for ln in lines])
    top_rule = _band_rule(rules, lines, content, body, top=True)
    if top_rule is None:
        top_rule = _date_line_band(lines, content, body)
    bottom_rule = _band_rule(rules, lines, content, body, top=False)
    # Folio lines sit in the page margins or right under the masthead's rule.
    top_band = max(content.y0 + 0.06 * content.height, (top_rule or 0.0) + 3 * body)
    bottom_band = content.y1 - 0.06 * content.height
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        kind: str | None = None
        if (top_rule is not None and ln.box.cy < top_rule) or (
            bottom_rule is not None and ln.box.cy > bottom_rule
        ):
            kind = furniture_kind_of(text, ln.size, body)
            if kind == "section" and bottom_rule is not None and ln.box.cy > bottom_rule:
                kind = "footer"
        elif ln.size <= 1.3 * body and furniture_kind(text) == "footer":
            # Staff credits are unmistakable wherever they stand.
            kind = "footer"
        elif ln.size <= 1.3 * body and _JUMP.match(text):
            kind = "jump"
        elif (
            (ln.box.y1 <= top_band or ln.box.y0 >= bottom_band)
            and ln.size <= 1.5 * body
            and not _in_column(ln, lines, body)
        ):
            if furniture_kind(text) == "page-number":
                kind = "page-number"
            elif _FOLIO.search(text) and len(text) <= 60:
                # The running foot at the bottom of a page is its footer.
                kind = "folio" if ln.box.y1 <= top_band else "footer"
        ln.furniture_kind = kind
    _folio_rows(lines, body)


def _in_column(ln: TLine, lines: Sequence[TLine], body: float) -> bool:
    """Whether a line of the same size sits right above or below ``ln``: it is running text, not furniture."""
    for o in lines:
        if (
            o is ln
            or abs(o.size - ln.size) > 0.2 * ln.size
            or o.box.x_overlap(ln.box) < 0.5 * min(ln.box.width, o.box.width)
        ):
            continue
        if 0 <= o.box.y0 - ln.box.y1 <= body or 0 <= ln.box.y0 - o.box.y1 <= body:
            return True
    return False


def _folio_rows(lines: Sequence[TLine], body: float) -> None:
    """Short lines on the same row as a folio or page number are part of the folio line."""
    anchors = [ln for ln in lines if ln.furniture_kind in ("folio", "page-number")]
    for ln in lines:
        if ln.furniture_kind is not None or len(ln.text.strip()) > 30 or ln.size > 1.5 * body:
            continue
        if not any(a.box.y_overlap(ln.box) >= 0.5 * min(a.box.height, ln.box.height) for a in anchors):
            continue
        # The first line of a text column can share a row with the folio; it has
        # more lines of its size right under it.
        if not _in_column(ln, lines, body):
            text = ln.text.strip()
            # A very short word on the folio line is the section name ("要闻", "SPORTS").
            short = len(text) <= 6 and not any(c.isdigit() for c in text)
            ln.furniture_kind = furniture_kind(text) or ("section" if short else "folio")


def is_display(block: TBlock, body: float, body_ink: float) -> bool:
    """Whether a block is set in display type (a title block) rather than text type."""
    s = block.size / max(body, 1e-6)
    w = block.ink / max(body_ink, 1e-6)
    # A Chinese sentence that ends inside the block ("工作。继续以……") is running
    # text whose detector box came out tall: titles carry no full stop.
    if "。" in block.text.rstrip().rstrip('。”’」』"').rstrip():
        return False
    # (A word or two in capitals between paragraphs is a crosshead in the
    # article's text: "CONTRACT", "SECURITY".)
    if (
        all(ln.caps >= CAPS_TITLE for ln in block.lines)
        and len(block.lines) <= 4
        and len(block.text.split()) >= CAPS_WORDS
    ):
        return True
    return s >= TITLE_SIZE or (s >= BOLD_TITLE_SIZE and w >= BOLD_WEIGHT and len(block.lines) <= 4)


def body_ink(lines: Sequence[TLine], body: float) -> float:
    """The median ink ratio of lines set in the body size."""
    vals = [ln.ink for ln in lines if abs(ln.size - body) <= 0.15 * body and ln.ink > 0]
    return float(np.median(vals)) if vals else 0.1
