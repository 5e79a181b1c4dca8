"""Pictures: photos, drawings and other large areas of ink that are not text.

What is left of the page's ink once the recognised lines and the rules are
blanked out is mostly pictures (and some noise). Closing that remainder with
a kernel of about one body size melts a halftone photo into one blob while
leaving isolated specks apart; blobs that are large (several body sizes each
way) and dense enough are pictures.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from scan2text.bylines import is_photo_credit, opens_news_story
from scan2text.document import BBox
from scan2text.layout.frame import TBlock, TLine

log = logging.getLogger(__name__)

# A picture is at least this many body sizes wide and tall ...
MIN_PICTURE_SIDE = 3.0
# ... and at least this share of it is ink (or grey) once text is removed.
MIN_PICTURE_DENSITY = 0.4
# ... and its blob fills at least this share of its box.
MIN_PICTURE_FILL = 0.5
# Work on a copy no larger than this (pictures are big; detail does not matter).
MAX_WORK_SIDE = 1600


def _grey_mask(gray: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Ink plus mid-grey areas: light photos fall below Otsu's threshold but are not paper."""
    # Percentiles of a subsample: the full page can hold 70 million pixels.
    sample = gray[::4, ::4]
    paper = float(np.percentile(sample, 90))
    dark = float(np.percentile(sample, 1))
    if paper - dark < 16:
        return ink.copy()
    level = paper - 0.25 * (paper - dark)
    grey = (gray < level).astype(np.uint8) * 255
    return cv2.bitwise_or(ink, grey)


def find_pictures(
    gray: np.ndarray, ink: np.ndarray, body: float, text_boxes: Sequence[BBox], rules_mask: np.ndarray
) -> list[BBox]:
    """Boxes of pictures on the page (frame coordinates), largest first."""
    h, w = ink.shape[:2]
    mask = _grey_mask(gray, ink)
    pad = max(int(0.15 * body), 1)
    for b in text_boxes:
        cv2.rectangle(
            mask,
            (int(b.x0) - pad, int(b.y0) - pad),
            (int(np.ceil(b.x1)) + pad, int(np.ceil(b.y1)) + pad),
            0,
            -1,
        )
    mask[rules_mask > 0] = 0

    scale = min(1.0, MAX_WORK_SIDE / max(h, w))
    small = cv2.resize(
        mask, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    small = (small > 40).astype(np.uint8) * 255
    k = max(int(round(0.8 * body * scale)), 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    min_side = MIN_PICTURE_SIDE * body * scale
    sh, sw = small.shape[:2]
    boxes: list[BBox] = []
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if bw < min_side or bh < min_side:
            continue
        # The dark margins of a scan touch the image edge; printed pictures do not.
        if x <= 1 or y <= 1 or x + bw >= sw - 1 or y + bh >= sh - 1:
            continue
        # Density over the blob itself: a photo is mostly ink or grey, while
        # specks and left-over type melted together by the closing are not.
        blob = labels[y : y + bh, x : x + bw] == i
        # A picture is a solid patch; an outline (a frame the rule finder
        # missed, a ring of type around a box) is hollow.
        if blob.mean() < MIN_PICTURE_FILL:
            continue
        density = float(small[y : y + bh, x : x + bw][blob].mean()) / 255.0
        if density < MIN_PICTURE_DENSITY:
            continue
        boxes.append(BBox(x / scale, y / scale, min(w, (x + bw) / scale), min(h, (y + bh) / scale)))
    boxes = _merge_overlapping(boxes)
    boxes.sort(key=lambda b: -b.area)
    log.debug("pictures: %d", len(boxes))
    return boxes


def _merge_overlapping(boxes: list[BBox]) -> list[BBox]:
    """Merge picture boxes that overlap (two blobs of one photo split by a light band)."""
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if a.x_overlap(b) > 0 and a.y_overlap(b) > 0:
                    boxes[i] = a.union(b)
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return boxes


# A caption is short: this many lines at most; one that opens with a lead-in in
# capitals ("SENIOR MANAGEMENT TEAM: The board of directors ...", "HONORED:")
# may name a whole row of people and run longer.
CAPTION_LINES = 4
CAPTION_LINES_LEAD = 8
_LEAD_IN = re.compile(r"^[A-Z\d][A-Z\d'’.&\- ]{2,}:")

CREDIT = re.compile(r"摄|供图|图为|图片|photo|courtesy", re.I)
# A photographer's credit ends a caption: "林涛 摄", "（新华社供图）", "(Herald photo)",
# "Staff photo", "(Photo by Sam Okafor)"; not a line that breaks in a word
# ("现场拍摄…", "…for a group photo" going on).
_CREDIT_END = re.compile(
    r"(?<!拍)摄\s*[）)]?\s*$|供图\s*[）)]\s*$"
    r"|\b[A-Z][\w.]*\s+[Pp]hoto\s*\)?\.?\s*$"
    r"|\([^()]*\b[Pp]hoto\b[^()]*\)\.?\s*$"
)
# A caption is set at most this share of the body size (or carries a credit).
CAPTION_SIZE = 0.95


def tag_caption_lines(lines: Sequence[TLine], pictures: Sequence[BBox], body: float) -> None:
    """Mark the lines of the caption under each picture, before lines are grouped into blocks.

    A caption is set smaller than text (or credits a photographer) and sits
    right under the picture, within its width; it would otherwise run into
    the column of text below it. Its following lines, of the same size and
    close under it, belong to it too (at most four lines in all); not after
    a line that ends with the photographer's credit (the story under the
    photo follows).
    """
    for pic in pictures:
        below = sorted(
            (
                ln
                for ln in lines
                if not ln.cross and ln.furniture_kind is None and ln.box.x_overlap(pic) >= 0.8 * ln.box.width
            ),
            key=lambda ln: ln.box.y0,
        )
        first = next(
            (ln for ln in below if -0.5 * body <= ln.box.y0 - pic.y1 <= 1.5 * body),
            None,
        )
        if first is None or not (first.size <= CAPTION_SIZE * body or CREDIT.search(first.text)):
            continue
        if opens_news_story(first.text):
            continue  # the story set under the photo ("本报讯（记者 …）"), never a caption
        first.caption = True
        last = first
        for ln in below:
            if ln.box.y0 <= last.box.y0 or ln.caption:
                continue
            # Box heights of one caption's lines differ with their letters. The
            # story under the caption opens with its tag ("本报讯（记者 …）").
            if (
                ln.box.y0 - last.box.y1 > last.size
                or abs(ln.size - first.size) > 0.25 * first.size
                or _CREDIT_END.search(last.text)
                or opens_news_story(ln.text)
            ):
                break
            ln.caption = True
            last = ln
            if sum(1 for x in below if x.caption) >= 4:
                break


def find_captions(
    pictures: Sequence[BBox],
    blocks: Sequence[TBlock],
    body: float,
    display: Callable[[TBlock], bool] | None = None,
) -> dict[int, TBlock]:
    """The caption block of each picture (by picture index); sets those blocks' role to ``caption``.

    A caption sits right under its picture (or, failing that, right above it),
    lies within the picture's width, is set no larger than body text and is
    short. A body column that merely continues under a photo is longer than
    that, or runs on past the picture's edges. ``display`` tells blocks set in
    display type (a headline over the photo of its story), which are not captions.
    """
    found: dict[int, TBlock] = {}
    taken: set[str] = set()
    for i, pic in enumerate(pictures):
        best: tuple[float, TBlock] | None = None
        for b in blocks:
            if b.role != "body" or b.id in taken:
                continue
            bb = b.box
            limit = CAPTION_LINES_LEAD if _LEAD_IN.match(b.lines[0].text.strip()) else CAPTION_LINES
            # (Lines found to be a caption's before blocks were built, by their
            # place and credit, may measure a little larger.)
            size = 1.3 if all(ln.caption for ln in b.lines) else 1.15
            if b.size > size * body or len(b.lines) > limit or bb.x_overlap(pic) < 0.8 * bb.width:
                continue
            # "本报讯（记者 …）" opens the story set under the photo, never a caption.
            if opens_news_story(b.lines[0].text):
                continue
            if display is not None and display(b):
                continue
            credit = all(is_photo_credit(ln.text) for ln in b.lines)
            below = bb.y0 - pic.y1
            above = pic.y0 - bb.y1
            if -0.5 * body <= below <= 1.5 * body:
                gap = below
            elif -0.5 * body <= above <= 1.0 * body and (credit or len(b.lines) <= 2):
                gap = above + body  # a caption above the picture is the less likely reading
            else:
                continue
            if best is None or gap < best[0]:
                best = (gap, b)
        if best is not None:
            best[1].role = "caption"
            taken.add(best[1].id)
            found[i] = best[1]
    return found
