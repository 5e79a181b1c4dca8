"""Skew found to within 0.1 degree; quarter turns and deskew map back to the original scan."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scan2text.preprocess import (
    _quarter_matrix,
    clean_background,
    deskew,
    estimate_skew,
    make_transform,
    rotate_quarter,
)


@pytest.mark.parametrize("angle", [0.0, 0.35, -0.8, 2.5, -6.0, 11.0, -14.5])
def test_skew_found_within_a_tenth_of_a_degree(text_page: np.ndarray, angle: float) -> None:
    h, w = text_page.shape
    # cv2 turns counter-clockwise for positive angles: text then rises to the right.
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    skewed = cv2.warpAffine(text_page, m, (w, h), borderValue=255)
    assert estimate_skew(skewed) == pytest.approx(angle, abs=0.1)


def test_blank_page_has_no_skew() -> None:
    assert estimate_skew(np.full((500, 400), 255, np.uint8)) == 0.0


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_quarter_matrix_agrees_with_rotate_quarter(rotation: int) -> None:
    img = np.zeros((30, 50), np.uint8)
    img[4, 7] = 255  # a single marked pixel at x=7, y=4
    turned = rotate_quarter(img, rotation)
    ys, xs = np.nonzero(turned)
    x, y, _ = _quarter_matrix(rotation, 50, 30) @ np.array([7, 4, 1])
    assert (xs[0], ys[0]) == (round(x), round(y))


def test_transform_maps_processed_pixels_back_to_the_scan() -> None:
    img = np.full((300, 400), 255, np.uint8)
    img[100:104, 200:204] = 0  # a dot at (201.5, 101.5) in the original
    turned = rotate_quarter(img, 90)
    straight, dmat = deskew(turned, 3.0)
    t = make_transform(90, 3.0, 400, 300, dmat)
    ys, xs = np.nonzero(straight < 128)
    ox, oy = t.to_original(float(xs.mean()), float(ys.mean()))
    assert ox == pytest.approx(201.5, abs=1.0) and oy == pytest.approx(101.5, abs=1.0)
    assert straight.shape[0] > 400 and straight.shape[1] > 300  # canvas grew: nothing was cut


@pytest.mark.parametrize(
    ("lang", "seed", "angle"),
    [("zh", 21, 0.0), ("zh", 3, 1.7), ("en", 5, -2.5), ("en", 12, 6.3), ("zh", 11, -13.0)],
)
def test_skew_within_a_tenth_on_rendered_degraded_newspaper_pages(lang: str, seed: int, angle: float) -> None:
    """Multi-column pages with headlines, photos and rules: columns set at different heights
    bias a whole-page projection; the fitted lines must not be."""
    from benchmarks.pagerender import Degradation, RenderSpec, render_page

    d = Degradation(skew=angle, noise=0.05, blur=0.6, jpeg_quality=60, illumination=0.2, bleed=0.1)
    im, gt = render_page(RenderSpec(lang=lang, seed=seed, degradation=d, degraded=True))
    assert gt["skew"] == angle
    assert estimate_skew(np.asarray(im)) == pytest.approx(angle, abs=0.1)


def _show_through(front: np.ndarray, back: np.ndarray, bleed: float) -> np.ndarray:
    """``front`` with ``back`` printed on the other side of the sheet showing through, mirrored and soft."""
    ghost = cv2.GaussianBlur(cv2.flip(back, 1), (0, 0), 2.0).astype(np.float32)
    return (front.astype(np.float32) * (1.0 - bleed * (1.0 - ghost / 255.0))).astype(np.uint8)


def test_clean_background_whitens_show_through_and_uneven_paper_but_keeps_ink() -> None:
    front = np.full((800, 1200), 255, np.uint8)
    front[100:130, 100:1100] = 0  # a bar of ink: a text line
    front[600:700, 100:400] = 0  # and a block of it
    front[600:700, 700:1000] = 90  # faded ink
    back = np.full_like(front, 255)
    back[300:500, 100:1100] = 0  # the back's print shows through where the front is blank
    page = _show_through(front, back, 0.14)
    # Light falls off towards the right: paper goes from 235 to 180.
    light = np.linspace(235 / 255, 180 / 255, 1200, dtype=np.float32)[None, :]
    page = (page * light).astype(np.uint8)
    ghost = page[320:480, 120:1080]
    assert ghost.max() < 210  # visibly grey before ...
    clean = clean_background(page)
    assert clean.dtype == np.uint8 and clean.shape == page.shape
    assert (clean[320:480, 120:1080] == 255).all()  # ... white after
    assert (clean[200:260, :] == 255).all()  # and so is the paper, dark end included
    # Ink keeps its value, faded ink included.
    assert np.array_equal(clean[105:125, 110:1090], page[105:125, 110:1090])
    assert np.array_equal(clean[610:690, 110:390], page[610:690, 110:390])
    assert np.array_equal(clean[610:690, 710:990], page[610:690, 710:990])


def test_clean_background_keeps_bilevel_and_blank_pages() -> None:
    bilevel = np.full((400, 300), 255, np.uint8)
    bilevel[50:60, 20:280] = 0
    assert np.array_equal(clean_background(bilevel), bilevel)
    black = np.zeros((100, 100), np.uint8)
    assert np.array_equal(clean_background(black), black)
