"""Drawing a :class:`PageModel` onto a greyscale image: text, rules, boxes and synthetic photos."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from benchmarks.pagerender.article import Placed
from benchmarks.pagerender.fonts import get_font
from benchmarks.pagerender.model import PageModel

PAPER = 255
INK = 18  # printing ink on newsprint is never quite black


def photo(width: int, height: int, seed: int) -> np.ndarray:
    """A grey picture with some structure (sky, horizon, buildings, figures), made from ``seed``.

    It is drawn small and enlarged, then given a little grain, so it has the
    soft shapes and texture of a printed news photo rather than flat noise.
    """
    rng = np.random.default_rng(seed)
    w, h = max(8, width // 4), max(8, height // 4)
    yy = np.linspace(0.0, 1.0, h)[:, None] * np.ones((1, w))
    horizon = rng.uniform(0.35, 0.65)
    sky = 215 - 55 * yy + rng.normal(0, 3, (h, w))
    ground = 120 + 60 * (yy - horizon)
    img: np.ndarray = np.where(yy < horizon, sky, ground).astype(np.float32)
    for _ in range(int(rng.integers(3, 8))):  # buildings on the horizon
        bw = int(rng.integers(w // 12 + 1, w // 4 + 2))
        bh = int(rng.integers(h // 10 + 1, int(h * horizon) + 2))
        bx = int(rng.integers(0, max(1, w - bw)))
        by = int(h * horizon) - bh
        cv2.rectangle(img, (bx, by), (bx + bw, int(h * horizon)), float(rng.integers(60, 170)), -1)
        for _ in range(int(rng.integers(2, 6))):  # windows
            wx, wy = bx + int(rng.integers(0, bw)), by + int(rng.integers(0, max(1, bh)))
            cv2.rectangle(img, (wx, wy), (wx + 2, wy + 2), float(rng.integers(190, 240)), -1)
    for _ in range(int(rng.integers(2, 7))):  # figures in the foreground
        cx, cy = int(rng.integers(0, w)), int(rng.integers(int(h * horizon), h))
        r = int(rng.integers(h // 14 + 1, h // 6 + 2))
        tone = float(rng.integers(25, 110))
        cv2.ellipse(img, (cx, cy), (r // 2 + 1, r), 0, 0, 360, tone, -1)
        cv2.circle(img, (cx, cy - r - r // 3), max(1, r // 3), tone, -1)
    img = cv2.GaussianBlur(img, (0, 0), 1.0)
    big: np.ndarray = cv2.resize(img, (width, height), interpolation=cv2.INTER_CUBIC)
    big += rng.normal(0, 4.0, big.shape).astype(np.float32)
    return np.clip(big, 0, 255).astype(np.uint8)


def _text(draw: ImageDraw.ImageDraw, placed: Placed, ink: int) -> None:
    for item in placed.row.items:
        if item.kind in ("glyph", "hyphen"):
            xy = (round(placed.x + item.x), round(placed.baseline))
            draw.text(xy, item.text, font=get_font(item.face, item.size), fill=ink, anchor="ls")


def draw_page(model: PageModel, antialias: bool = True) -> Image.Image:
    """The clean page as an 8-bit greyscale image.

    Without ``antialias`` the text and rules are pure black on white, as on a
    bilevel scan; such a page compresses to a fraction of the PNG size.
    """
    im = Image.new("L", (model.width, model.height), PAPER)
    for pic, _aid in model.pictures:
        x0, y0, x1, y1 = pic.bbox
        im.paste(Image.fromarray(photo(x1 - x0, y1 - y0, pic.seed)), (x0, y0))
    draw = ImageDraw.Draw(im)
    if not antialias:
        draw.fontmode = "1"
    for sep in model.separators:
        x0, y0, x1, y1 = sep.bbox
        if sep.kind == "box":
            r = model.style.rule
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=INK, width=r)
        else:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=INK)
    for f in model.furniture:
        _text(draw, f.placed, INK)
    for art in model.articles:
        for p in art.title + art.body:
            _text(draw, p, INK)
        for pic in art.pictures:
            for p in pic.caption_rows:
                _text(draw, p, INK)
    for pic, aid in model.pictures:
        if aid is None:
            for p in pic.caption_rows:
                _text(draw, p, INK)
    return im
