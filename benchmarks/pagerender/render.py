"""The public entry points: :func:`render_page` and :func:`save_page`."""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from benchmarks.pagerender.degrade import degrade
from benchmarks.pagerender.draw import draw_page
from benchmarks.pagerender.gt import page_gt
from benchmarks.pagerender.model import PageModel
from benchmarks.pagerender.page import generate_page
from benchmarks.pagerender.spec import Degradation, RenderSpec

log = logging.getLogger(__name__)

IDENTITY = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]


def finish(
    model: PageModel, image_name: str | None, deg: Degradation | None, seed: int, antialias: bool = True
) -> tuple[Image.Image, dict[str, Any]]:
    """Draw the model, degrade it if asked, and build its ground truth."""
    im = draw_page(model, antialias)
    model.info["antialias"] = antialias
    gt = page_gt(model, image_name)
    transform: dict[str, Any] = {
        "rotation": 0,
        "skew": 0.0,
        "original_width": model.width,
        "original_height": model.height,
        "matrix": IDENTITY,
    }
    if deg is not None:
        arr, transform = degrade(np.asarray(im), deg, seed)
        im = Image.fromarray(arr, mode="L")
        gt["skew"] = deg.skew
        gt["degraded"] = True
        gt["degradation"] = deg.to_dict()
    gt["transform"] = transform
    return im, gt


def render_page(spec: RenderSpec) -> tuple[Image.Image, dict[str, Any]]:
    """Render one page: the greyscale image and its ground truth (see :mod:`benchmarks.pagerender.gt`).

    With ``spec.degraded`` (defects drawn from the seed) or an explicit
    ``spec.degradation``, the image is skewed and degraded; the ground truth
    stays in clean-page coordinates and records ``skew`` and ``transform``
    (clean page -> image). A lower resolution is had by a lower ``spec.dpi``.
    """
    model = generate_page(spec)
    deg = spec.degradation
    if deg is None and spec.degraded:
        deg = Degradation.random(random.Random(f"degrade/{spec.seed}"))
    return finish(model, spec.image_name, deg, spec.seed, spec.antialias)


def save_page(image: Image.Image, gt: dict[str, Any], png: Path, optimize: bool = False) -> Path:
    """Write ``png`` (8-bit greyscale) and its ``.gt.json`` beside it; returns the JSON path.

    ``optimize`` makes the PNG a few per cent smaller at several times the cost.
    """
    png = Path(png)
    png.parent.mkdir(parents=True, exist_ok=True)
    gt = {**gt, "image": png.name}
    image.convert("L").save(png, optimize=optimize)
    out = png.with_name(png.name[: -len(png.suffix)] + ".gt.json")
    out.write_text(json.dumps(gt, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out
