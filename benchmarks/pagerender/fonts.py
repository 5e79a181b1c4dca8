"""The faces the renderer sets type in, found on the system, and cached glyph measurements.

Chinese body text is set in a Song (serif) face and Chinese titles in a Hei
(sans, bold) face, as county papers do; English body text is set in Liberation
Serif. The Debian packages ``fonts-noto-cjk`` and ``fonts-liberation2`` provide
them. When a file is not at its Debian path, ``fc-match`` is asked for it.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path

from PIL import ImageFont

log = logging.getLogger(__name__)

NOTO = Path("/usr/share/fonts/opentype/noto")
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")

# face name -> (file, index inside a .ttc, fontconfig pattern used as a fallback).
# Index 2 of the Noto CJK collections is the Simplified-Chinese (SC) member.
FACES: dict[str, tuple[Path, int, str]] = {
    "zh_song": (NOTO / "NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC:style=Regular"),
    "zh_song_bold": (NOTO / "NotoSerifCJK-Bold.ttc", 2, "Noto Serif CJK SC:style=Bold"),
    "zh_hei": (NOTO / "NotoSansCJK-Bold.ttc", 2, "Noto Sans CJK SC:style=Bold"),
    "zh_hei_regular": (NOTO / "NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC:style=Regular"),
    "en_serif": (LIBERATION / "LiberationSerif-Regular.ttf", 0, "Liberation Serif:style=Regular"),
    "en_serif_bold": (LIBERATION / "LiberationSerif-Bold.ttf", 0, "Liberation Serif:style=Bold"),
    "en_serif_italic": (LIBERATION / "LiberationSerif-Italic.ttf", 0, "Liberation Serif:style=Italic"),
    "en_sans": (LIBERATION / "LiberationSans-Regular.ttf", 0, "Liberation Sans:style=Regular"),
    "en_sans_bold": (LIBERATION / "LiberationSans-Bold.ttf", 0, "Liberation Sans:style=Bold"),
}

# A glyph whose box stands for the face's line height: every line box spans at
# least this glyph's extent, so a line of low glyphs ("一一一", "ace") still
# gets the height a text detector would give it.
REFERENCE_GLYPHS = {"zh": "国", "en": "Hg"}


class FontNotFoundError(RuntimeError):
    """A face the renderer needs is not installed."""


@functools.cache
def face_file(face: str) -> tuple[str, int]:
    """The font file and collection index of ``face``; raises :class:`FontNotFoundError`."""
    if face not in FACES:
        raise KeyError(f"unknown face {face!r}; known: {', '.join(sorted(FACES))}")
    path, index, pattern = FACES[face]
    if path.is_file():
        return str(path), index
    fc_match = shutil.which("fc-match")
    if fc_match:
        out = subprocess.run(
            [fc_match, "-f", "%{file}\t%{index}\t%{family}", pattern],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        parts = out.split("\t")
        wanted = pattern.split(":")[0]
        # fc-match always answers something; only accept the family asked for.
        if len(parts) == 3 and wanted in parts[2] and Path(parts[0]).is_file():
            log.info("face %s: %s not found, using %s (index %s)", face, path, parts[0], parts[1])
            return parts[0], int(parts[1] or 0)
    raise FontNotFoundError(
        f"font for face {face!r} not found: expected {path} ({pattern}); "
        "install the Debian packages fonts-noto-cjk and fonts-liberation2"
    )


@functools.lru_cache(maxsize=256)
def get_font(face: str, size: int) -> ImageFont.FreeTypeFont:
    """The face at ``size`` pixels (the em size), loaded once."""
    path, index = face_file(face)
    return ImageFont.truetype(path, size=size, index=index)


@functools.lru_cache(maxsize=200_000)
def advance(face: str, size: int, text: str) -> float:
    """The advance width of ``text`` in pixels."""
    return float(get_font(face, size).getlength(text))


@functools.lru_cache(maxsize=200_000)
def ink_box(face: str, size: int, text: str) -> tuple[int, int, int, int]:
    """``text``'s box relative to its left baseline point: x from 0 to the advance, y the ink's extent."""
    box = get_font(face, size).getbbox(text, anchor="ls")
    return int(box[0]), int(box[1]), int(box[2]), int(box[3])


def is_cjk_face(face: str) -> bool:
    """Whether ``face`` is one of the CJK faces."""
    return face.startswith("zh_")
