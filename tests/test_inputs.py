"""Input reading: every supported format, and a clear error for every kind of bad file."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scan2text.errors import ExitCode, InputImageError
from scan2text.inputs import count_pages, read_pages


def _save(im: Image.Image, path: Path, **kw: object) -> Path:
    im.save(path, **kw)
    return path


def test_png_greyscale_with_dpi(tmp_path: Path) -> None:
    arr = np.full((40, 60), 200, np.uint8)
    arr[10:20, 10:30] = 0
    p = _save(Image.fromarray(arr), tmp_path / "a.png", dpi=(300, 300))
    (page,) = list(read_pages(p))
    assert page.image.shape == (40, 60) and page.image.dtype == np.uint8
    assert page.image[15, 15] == 0 and page.image[0, 0] == 200
    assert page.dpi == pytest.approx(300, abs=1)


def test_multipage_tiff_gives_every_page(tmp_path: Path) -> None:
    frames = [Image.fromarray(np.full((30, 30), v, np.uint8)) for v in (10, 120, 250)]
    p = tmp_path / "issue.tif"
    frames[0].save(p, save_all=True, append_images=frames[1:], compression="tiff_deflate")
    pages = list(read_pages(p))
    assert [int(pg.image[0, 0]) for pg in pages] == [10, 120, 250]
    assert [pg.index for pg in pages] == [0, 1, 2]
    assert count_pages(p) == 3


def test_bilevel_16bit_rgba_palette(tmp_path: Path) -> None:
    bilevel = Image.fromarray(np.eye(20, dtype=bool)).convert("1")
    (pg,) = list(read_pages(_save(bilevel, tmp_path / "b.tif", compression="group4")))
    assert pg.image[3, 3] == 255 and pg.image[3, 4] == 0

    a16 = np.zeros((10, 10), np.uint16)
    a16[0, 0] = 65535
    (pg,) = list(read_pages(_save(Image.fromarray(a16), tmp_path / "c.png")))
    assert pg.image[0, 0] == 255 and pg.image[5, 5] == 0

    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))  # fully transparent: white paper
    rgba.putpixel((2, 2), (0, 0, 0, 255))
    (pg,) = list(read_pages(_save(rgba, tmp_path / "d.png")))
    assert pg.image[5, 5] == 255 and pg.image[2, 2] == 0

    pal = Image.new("P", (10, 10), 0)
    pal.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    pal.putpixel((1, 1), 1)
    (pg,) = list(read_pages(_save(pal, tmp_path / "e.png")))
    assert pg.image[0, 0] == 255 and pg.image[1, 1] == 0


def test_jpeg2000_and_jpeg(tmp_path: Path) -> None:
    arr = np.full((64, 64), 255, np.uint8)
    arr[20:40, 20:40] = 0
    for name in ("f.jp2", "g.jpg"):
        (pg,) = list(read_pages(_save(Image.fromarray(arr), tmp_path / name)))
        assert pg.image[30, 30] < 40 and pg.image[5, 5] > 215


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    arr = np.full((20, 40), 255, np.uint8)
    arr[0:5, 0:5] = 0  # dark corner top-left as stored
    im = Image.fromarray(arr)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned: display needs a 90 degree clockwise turn
    p = tmp_path / "h.jpg"
    im.save(p, exif=exif, quality=95)
    (pg,) = list(read_pages(p))
    assert pg.image.shape == (40, 20)  # width and height swapped on display
    assert pg.image[2, 17] < 60  # the dark corner is now top-right


def test_pdf_pages_rendered_at_dpi(tmp_path: Path) -> None:
    im = Image.new("L", (200, 100), 255)
    p = tmp_path / "i.pdf"
    im.save(p, save_all=True, append_images=[im], resolution=100.0)
    pages = list(read_pages(p, pdf_dpi=200))
    assert len(pages) == 2 and pages[0].dpi == 200
    # 200 px at 100 dpi = 2 inches; at 200 dpi that is 400 px.
    assert abs(pages[0].image.shape[1] - 400) <= 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.png", b"", "empty"),
        ("notes.png", b"this is not an image at all, just text\n" * 10, "not an image"),
        ("bad.pdf", b"%PDF-1.4\n garbage without objects", "PDF"),
    ],
)
def test_bad_files_get_clear_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputImageError) as info:
        list(read_pages(p))
    assert message in str(info.value) and name in str(info.value)
    assert info.value.exit_code == ExitCode.input_file


def test_truncated_png(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (300, 300), dtype=np.uint8)).save(buf, "PNG")
    p = tmp_path / "cut.png"
    p.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(InputImageError, match="cut.png"):
        list(read_pages(p))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputImageError, match="no such file"):
        list(read_pages(tmp_path / "nope.png"))
    with pytest.raises(InputImageError, match="not a regular file"):
        list(read_pages(tmp_path))


def test_pixel_budget(tmp_path: Path) -> None:
    p = _save(Image.new("L", (1000, 1000), 255), tmp_path / "big.png")
    with pytest.raises(InputImageError, match="budget"):
        list(read_pages(p, max_pixels=500_000))
    assert len(list(read_pages(p, max_pixels=1_000_000))) == 1
