"""The pipeline: input -> orientation and deskew -> OCR -> layout and articles.

Every stage has the shape ``(page, image, ctx) -> page`` around one typed
:class:`~scan2text.document.Page`; :class:`Pipeline` loads the models once and
processes any number of files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scan2text import __version__
from scan2text.continuations import link_continuations
from scan2text.document import Block, BlockRole, Document, Line, Page, Word
from scan2text.inputs import PageImage, read_pages
from scan2text.models import resolve_set
from scan2text.ocr.detection import DetBox
from scan2text.ocr.engine import OcrEngine, RecognisedLine, _is_vertical
from scan2text.options import Options
from scan2text.preprocess import clean_background, deskew, estimate_skew, make_transform, rotate_quarter
from scan2text.textnorm import normalise_text

log = logging.getLogger(__name__)

# Cells of one character cut from the tallest lines read this much better
# turned a quarter than as they stand on a page turned sideways.
SIDEWAYS_MARGIN = 0.1


@dataclass
class PageContext:
    """Per-page state that is not part of the page tree (picklable)."""

    source: Path
    index: int
    timings: dict[str, float] = field(default_factory=dict)
    keep: dict[str, np.ndarray] = field(default_factory=dict)

    def timed(self, stage: str, t0: float) -> None:
        self.timings[stage] = round(time.perf_counter() - t0, 3)


def _pt(v: np.ndarray) -> tuple[float, float]:
    return (float(v[0]), float(v[1]))


def _line_from(rec: RecognisedLine, line_id: str) -> Line:
    # Full-width punctuation read as ASCII in CJK text, ideographic spaces
    # (one character for one, so the CTC positions stay aligned).
    text = normalise_text(rec.text)
    q = rec.quad
    polygon = [(float(x), float(y)) for x, y in q]
    words: list[Word] = []
    if text and rec.char_positions and not rec.vertical:
        # Word boxes from the CTC time steps: x along the top and bottom edges.
        def at(t: float) -> tuple[np.ndarray, np.ndarray]:
            return q[0] + (q[1] - q[0]) * t, q[3] + (q[2] - q[3]) * t

        chars = list(text)
        pos = rec.char_positions + [1.0] * (len(chars) - len(rec.char_positions))
        start = 0
        for k in range(len(chars) + 1):
            if k == len(chars) or chars[k] == " ":
                if k > start:
                    t0 = max(0.0, pos[start] - 0.5 / max(len(chars), 1))
                    t1 = min(1.0, pos[k - 1] + 0.5 / max(len(chars), 1))
                    top0, bot0 = at(t0)
                    top1, bot1 = at(t1)
                    confs = rec.char_confidences[start:k] or [rec.confidence]
                    words.append(
                        Word(
                            text="".join(chars[start:k]),
                            polygon=[_pt(top0), _pt(top1), _pt(bot1), _pt(bot0)],
                            confidence=float(np.mean(confs)),
                        )
                    )
                start = k + 1
    return Line(
        id=line_id,
        text=text,
        polygon=polygon,
        confidence=rec.confidence,
        text_size=rec.text_size,
        direction="ttb" if rec.vertical else "ltr",
        words=words,
        char_confidences=[c for c, ch in zip(rec.char_confidences, text) if ch != " "]
        if rec.char_confidences
        else [],
    )


class Pipeline:
    """Loads the models once; turns files into :class:`Document` trees."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.models = resolve_set(self.options.model_set, self.options.models_path)
        self.engine = OcrEngine(self.models, self.options.threads)

    # -- stages ------------------------------------------------------------
    def orient(self, grey: np.ndarray, ctx: PageContext) -> tuple[int, list[DetBox]]:
        """Find how far the page must be turned clockwise; also returns the coarse boxes."""
        boxes, _ = self.engine.coarse_boxes(grey)
        if not self.options.detect_orientation or len(boxes) < 5:
            return 0, boxes
        tall = sum(_is_vertical(b) for b in boxes)
        rotation = 0
        if tall > 0.6 * len(boxes) and self._turned_sideways(grey, boxes):
            # Lines run top to bottom with their glyphs on their side: a quarter turn.
            up, down = self.engine.flip_votes(
                rotate_quarter(grey, 90), self._turn_boxes(boxes, grey.shape, 90)
            )
            rotation = 270 if down > up else 90
            turned = rotate_quarter(grey, rotation)
            boxes, _ = self.engine.coarse_boxes(turned)
            return rotation, boxes
        up, down = self.engine.flip_votes(grey, boxes)
        ctx.timings["orientation_votes"] = float(up - down)
        if down >= 5 and down > 2 * up:
            rotation = 180
            boxes = self._turn_boxes(boxes, grey.shape, 180)
        return rotation, boxes

    def _turned_sideways(self, grey: np.ndarray, boxes: list[DetBox]) -> bool:
        """Tell a page turned a quarter from a page of vertical (top-to-bottom) text.

        Vertical CJK glyphs stand upright: a cell of one character cut from
        the column reads better as it stands than turned a quarter either way. Glyphs of
        a sideways page lie on their side, so the same cells read better
        turned. (Whole columns are no test: the recogniser reads a vertical
        column turned a quarter as well as a sideways line, 0.96 on the Shen
        Bao page of 1872.)
        """
        tall = sorted((b for b in boxes if _is_vertical(b)), key=lambda b: -(b.y1 - b.y0))[:16]
        # One cell per character: the line read whole gives the character
        # pitch (a column's box is wider than its glyphs; a square cell can
        # hold a glyph and a half).
        # (A line read as fewer than three characters gives no pitch: its
        # cells are square, as wide as the line.)
        cells: list[DetBox] = []
        for b, r in zip(tall, self.engine.recognise_boxes(grey, tall)):
            n = len(r.text.strip())
            if n < 3:
                n = max(int((b.y1 - b.y0) / max(b.x1 - b.x0, 1.0)), 1)
            pitch = (b.y1 - b.y0) / n
            for k in sorted({0, 1, n // 2, n - 1} & set(range(n))):
                y = b.y0 + k * pitch
                quad = np.array([[b.x0, y], [b.x1, y], [b.x1, y + pitch], [b.x0, y + pitch]], np.float32)
                cells.append(DetBox(quad=quad, score=1.0))
        if not cells:
            return False

        def conf(rotation: int) -> float:
            image = rotate_quarter(grey, rotation) if rotation else grey
            turned = self._turn_boxes(cells, grey.shape, rotation) if rotation else cells
            return float(np.mean([r.confidence for r in self.engine.recognise_boxes(image, turned)] or [0]))

        upright, turned = conf(0), max(conf(90), conf(270))
        log.debug("sideways test: cells upright %.3f, turned a quarter %.3f", upright, turned)
        return turned > upright + SIDEWAYS_MARGIN

    @staticmethod
    def _turn_boxes(boxes: list[DetBox], shape: tuple[int, ...], rotation: int) -> list[DetBox]:
        from scan2text.ocr.detection import order_quad
        from scan2text.preprocess import _quarter_matrix

        h, w = shape[:2]
        m = _quarter_matrix(rotation, w, h)
        out = []
        for b in boxes:
            pts = np.c_[b.quad, np.ones(4)] @ m.T
            out.append(DetBox(quad=order_quad(pts[:, :2]), score=b.score))
        return out

    def process_image(self, pimg: PageImage, on_stage: Callable[[str], None] | None = None) -> Page:
        """Run every stage on one page image."""
        opts = self.options
        ctx = PageContext(source=pimg.source, index=pimg.index)
        grey = pimg.image
        orig_h, orig_w = grey.shape[:2]

        t0 = time.perf_counter()
        if opts.clean_background:
            grey = clean_background(grey)
            ctx.timed("background", t0)

        t0 = time.perf_counter()
        rotation, coarse = self.orient(grey, ctx)
        if rotation:
            grey = rotate_quarter(grey, rotation)
        ctx.timed("orientation", t0)

        t0 = time.perf_counter()
        skew = estimate_skew(grey, opts.max_skew) if opts.deskew else 0.0
        grey, dmat = deskew(grey, skew)
        transform = make_transform(rotation, skew, orig_w, orig_h, dmat)
        ctx.timed("deskew", t0)

        t0 = time.perf_counter()
        text_height = OcrEngine.line_height(coarse)
        scale = 1.0
        if text_height:
            scale = float(np.clip(opts.target_text_height / text_height, 0.25, 2.0))
            if 0.75 <= scale <= 1.34:
                scale = 1.0  # close enough: resampling costs more than it gains
        recs = self.engine.read(grey, scale, opts.tile_size, opts.tile_overlap, opts.rec_batch_size)
        recs = [r for r in recs if r.text and r.confidence >= opts.min_confidence]
        ctx.timed("ocr", t0)

        page_id = pimg.page_id
        lines = [_line_from(r, f"{page_id}_l{i + 1:04d}") for i, r in enumerate(recs)]
        vertical = sum(ln.direction == "ttb" for ln in lines) > 0.5 * max(len(lines), 1)
        page = Page(
            id=page_id,
            width=int(grey.shape[1]),
            height=int(grey.shape[0]),
            source=str(pimg.source),
            page_index=pimg.index,
            dpi=pimg.dpi,
            lang=None if opts.lang == "auto" else opts.lang,
            vertical=vertical,
            transform=transform,
            blocks=[Block(id=f"{page_id}_b0000", lines=lines, role=BlockRole.unknown)],
        )
        if page.lang is None:
            page.lang = guess_lang(page.text)

        if opts.articles:
            t0 = time.perf_counter()
            page = self.assemble(page, grey)
            ctx.timed("layout", t0)

        page.processing = {
            "scan2text_version": __version__,
            "engine": "onnxruntime",
            "models": self.models.describe(),
            "background_cleaned": opts.clean_background,
            "rotation": rotation,
            "skew": round(skew, 3),
            "detection_scale": round(scale, 3),
            "text_height_px": round(text_height, 1) if text_height else None,
            "timings": ctx.timings,
        }
        self.last_image = grey
        return page

    def assemble(self, page: Page, grey: np.ndarray) -> Page:
        """Layout analysis and article assembly (``scan2text.layout``)."""
        try:
            from scan2text.layout import analyse_layout
        except ImportError:  # layout stage not installed: keep the plain lines
            log.warning("layout stage unavailable; writing lines without articles")
            return page
        return analyse_layout(page, grey, page.lang or "auto")

    def iter_pages(self, path: str | Path) -> Iterator[Page]:
        """Process every page of one file, yielding pages as they are done."""
        opts = self.options
        for pimg in read_pages(path, opts.pdf_dpi, opts.max_pixels):
            yield self.process_image(pimg)

    def process_file(self, path: str | Path) -> Document:
        """Process every page of one file into a :class:`Document`."""
        path = Path(path)
        doc = Document(source=str(path), metadata=self.metadata())
        doc.pages.extend(self.iter_pages(path))
        link_continuations(doc)
        return doc

    def metadata(self) -> dict[str, Any]:
        return {
            "scan2text_version": __version__,
            "models": self.models.describe(),
            "options": self.options.to_dict(),
        }


def guess_lang(text: str) -> str:
    """``zh`` when CJK ideographs dominate the letters of ``text``, else ``en``."""
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return "zh" if cjk >= latin / 3 and cjk > 0 else "en"
