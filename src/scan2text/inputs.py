"""Reading page images: PNG, JPEG, TIFF (every page), JPEG 2000 and PDF.

Every page comes out as an 8-bit greyscale numpy array with its resolution.
Greyscale, bilevel, 16-bit, palette, CMYK and RGBA images are all accepted;
EXIF orientation is honoured; PDF pages are rendered at a chosen DPI. A file
that is missing, empty, truncated, not an image, or over the pixel budget
raises :class:`InputImageError` naming the file and what is wrong.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from scan2text.errors import InputImageError

log = logging.getLogger(__name__)

SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2", ".j2k", ".jpx", ".pdf", ".bmp", ".webp")


@dataclass
class PageImage:
    """One page of an input file, as 8-bit greyscale."""

    source: Path
    index: int
    image: np.ndarray
    dpi: float | None

    @property
    def page_id(self) -> str:
        return f"{self.source.stem}_p{self.index + 1:04d}"


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputImageError("no such file", path)
    if not path.is_file():
        raise InputImageError("not a regular file", path)
    try:
        size = path.stat().st_size
        with open(path, "rb"):
            pass
    except PermissionError:
        raise InputImageError("permission denied", path) from None
    if size == 0:
        raise InputImageError("file is empty (0 bytes)", path)


def _to_grey(im: Image.Image) -> np.ndarray:
    """Convert any Pillow mode to an 8-bit greyscale array."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        if hi <= lo:
            return np.full(arr.shape, 255, np.uint8)
        # Stretch the used range: 16-bit scans rarely use the whole of it.
        return np.clip((arr - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    return np.asarray(im.convert("L"), dtype=np.uint8)


def _dpi_of(im: Image.Image) -> float | None:
    dpi = im.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        value = float(dpi[0])
        # Many tools write 72 or 1 when they know nothing; treat those as unknown.
        return value if value >= 100 else None
    return None


def _read_raster(path: Path, max_pixels: int) -> Iterator[PageImage]:
    old_limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                im = Image.open(path)
            except UnidentifiedImageError:
                raise InputImageError(
                    "not an image file Pillow can read (unknown or broken format)", path
                ) from None
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
                raise InputImageError(
                    f"image exceeds the pixel budget of {max_pixels:,} pixels ({e})", path
                ) from None
            with im:
                for index, frame in enumerate(ImageSequence.Iterator(im)):
                    w, h = frame.size
                    if w * h > max_pixels:
                        raise InputImageError(
                            f"page {index + 1} is {w}x{h} = {w * h:,} pixels, over the budget of {max_pixels:,}",
                            path,
                        )
                    try:
                        frame.load()
                        upright = ImageOps.exif_transpose(frame) if index == 0 else frame
                        grey = _to_grey(upright if upright is not None else frame)
                    except (OSError, ValueError, SyntaxError) as e:
                        raise InputImageError(f"cannot decode page {index + 1}: {e}", path) from None
                    yield PageImage(source=path, index=index, image=grey, dpi=_dpi_of(frame))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise InputImageError(
            f"image exceeds the pixel budget of {max_pixels:,} pixels ({e})", path
        ) from None
    except OSError as e:
        raise InputImageError(f"cannot read image: {e}", path) from None
    finally:
        Image.MAX_IMAGE_PIXELS = old_limit


def _read_pdf(path: Path, dpi: int, max_pixels: int) -> Iterator[PageImage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise InputImageError(f"cannot open PDF: {e}", path) from None
    try:
        if len(pdf) == 0:
            raise InputImageError("PDF has no pages", path)
        for index in range(len(pdf)):
            page = pdf[index]
            w_pt, h_pt = page.get_size()
            scale = dpi / 72.0
            w, h = int(w_pt * scale), int(h_pt * scale)
            if w * h > max_pixels:
                raise InputImageError(
                    f"page {index + 1} at {dpi} dpi is {w}x{h} = {w * h:,} pixels, over the budget of {max_pixels:,}",
                    path,
                )
            bitmap = page.render(scale=scale, grayscale=True)
            arr = bitmap.to_numpy()
            grey = arr if arr.ndim == 2 else np.asarray(bitmap.to_pil().convert("L"))
            yield PageImage(
                source=path, index=index, image=np.ascontiguousarray(grey, dtype=np.uint8), dpi=float(dpi)
            )
    finally:
        pdf.close()


def read_pages(path: str | Path, pdf_dpi: int = 300, max_pixels: int = 120_000_000) -> Iterator[PageImage]:
    """Yield every page of ``path`` as greyscale, checking it as it goes."""
    path = Path(path)
    _check_file(path)
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF"):
        yield from _read_pdf(path, pdf_dpi, max_pixels)
    else:
        yield from _read_raster(path, max_pixels)


def count_pages(path: str | Path) -> int:
    """Number of pages in a file without decoding them (1 for single images)."""
    path = Path(path)
    _check_file(path)
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF"):
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as e:
            raise InputImageError(f"cannot open PDF: {e}", path) from None
        n = len(pdf)
        pdf.close()
        return n
    try:
        with Image.open(path) as im:
            return int(getattr(im, "n_frames", 1))
    except (UnidentifiedImageError, OSError) as e:
        raise InputImageError(f"not an image file Pillow can read: {e}", path) from None
