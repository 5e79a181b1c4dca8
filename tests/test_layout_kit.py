"""A small kit for the layout tests: draw synthetic newspaper pages and play a fake OCR engine.

``PageBuilder`` draws real type (Noto Serif CJK, Liberation Serif) with
PIL, rules, box frames and halftone "photos" onto a white page, and records
every printed line with its box the way an OCR engine would report it
(polygon, text, ``text_size`` = box height, or box width for vertical lines).
``page()`` hands back a :class:`Page` whose single ``unknown`` block holds
those lines shuffled, together with the greyscale image. The expected
values of the tests are the texts the tests themselves lay out, so they do
not come from the code under test.

This module holds no tests of its own; it is named ``test_layout_*`` only to
stay within the layout tests' files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scan2text.document import Block, BlockRole, Line, Page, Word

CJK_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
CJK_SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
LATIN_SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
LATIN_SERIF_BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"

_fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached font; index 2 of the Noto CJK collections is the simplified-Chinese face."""
    key = (path, size)
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(path, size, index=2 if path.endswith(".ttc") else 0)
    return _fonts[key]


@dataclass
class PageBuilder:
    """Draws a page and records the lines an OCR engine would return for it."""

    width: int
    height: int
    lines: list[Line] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = Image.new("L", (self.width, self.height), 255)
        self.draw = ImageDraw.Draw(self.image)

    # --- type ------------------------------------------------------------------------------

    def _record(self, text: str, box: tuple[float, float, float, float], direction: str = "ltr") -> Line:
        x0, y0, x1, y1 = box
        size = (y1 - y0) if direction == "ltr" else (x1 - x0)
        line = Line(
            id=f"l{len(self.lines) + 1:04d}",
            text=text,
            polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
            confidence=0.97,
            text_size=size,
            direction=direction,
        )
        self.lines.append(line)
        return line

    def text(
        self, x: float, y: float, text: str, size: int, bold: bool = False, latin: bool = False
    ) -> tuple[float, float, float, float]:
        """Draw one line at (x, y) (top of the em box) and record it; returns its box."""
        path = (
            (LATIN_SERIF_BOLD if bold else LATIN_SERIF) if latin else (CJK_SERIF_BOLD if bold else CJK_SERIF)
        )
        f = font(path, size)
        self.draw.text((x, y), text, font=f, fill=0)
        ref = f.getbbox("Hg" if latin else "国")
        box = (x, y + ref[1] - 2, x + f.getlength(text), y + ref[3] + 2)
        self._record(text, box)
        return box

    def words(self, x: float, y: float, words: list[str], width: float, size: int, justify: bool) -> None:
        """Draw a Latin line word by word (justified to ``width`` if asked), recording one box per word."""
        f = font(LATIN_SERIF, size)
        lengths = [f.getlength(w) for w in words]
        space = f.getlength(" ")
        if justify and len(words) > 1:
            space = (width - sum(lengths)) / (len(words) - 1)
        ref = f.getbbox("Hg")
        cx = x
        for w, ln in zip(words, lengths):
            self.draw.text((cx, y), w, font=f, fill=0)
            self._record(w, (cx, y + ref[1] - 2, cx + ln, y + ref[3] + 2))
            cx += ln + space

    def cjk_column(
        self, x: float, y: float, width: float, paragraphs: list[str], size: int, leading: float = 0.5
    ) -> tuple[float, list[str]]:
        """Set CJK paragraphs in a column (two-character indent); returns the y below and the printed lines."""
        printed = self.flow_cjk([(x, width)], y, float("inf"), paragraphs, size, leading)[0]
        for _ in printed:
            y += size * (1 + leading)
        return y, printed

    def flow_cjk(
        self,
        columns: list[tuple[float, float]],
        y0: float,
        y1: float,
        paragraphs: list[str],
        size: int,
        leading: float = 0.5,
    ) -> list[list[str]]:
        """Set CJK text through several columns (x, width) between y0 and y1; returns lines per column."""
        out: list[list[str]] = [[] for _ in columns]
        col, y = 0, y0
        pitch = size * (1 + leading)
        for para in paragraphs:
            rest, first = para, True
            while rest:
                if y + size > y1:
                    col, y = col + 1, y0
                    if col >= len(columns):
                        raise ValueError("text does not fit the columns")
                x, width = columns[col]
                per_line = int(width // size)
                n = per_line - 2 if first else per_line
                chunk, rest = rest[:n], rest[n:]
                self.text(x + (2 * size if first else 0), y, chunk, size)
                out[col].append(chunk)
                y += pitch
                first = False
        return out

    def flow_latin(
        self,
        columns: list[tuple[float, float]],
        y0: float,
        y1: float,
        paragraphs: list[str],
        size: int,
        word_boxes: bool = True,
    ) -> list[str]:
        """Set justified English text through columns, one box per word when ``word_boxes``; returns the lines."""
        printed: list[str] = []
        f = font(LATIN_SERIF, size)
        pitch = size * 1.25
        col, y = 0, y0
        for para in paragraphs:
            words = para.split()
            first = True
            while words:
                if y + size > y1:
                    col, y = col + 1, y0
                    if col >= len(columns):
                        raise ValueError("text does not fit the columns")
                x, width = columns[col]
                indent = 1.5 * size if first else 0
                line: list[str] = []
                while words and f.getlength(" ".join([*line, words[0]])) <= width - indent:
                    line.append(words.pop(0))
                if not line:
                    line.append(words.pop(0))
                last = not words
                printed.append(" ".join(line))
                if word_boxes:
                    self.words(x + indent, y, line, width - indent, size, justify=not last)
                else:
                    self.text(x + indent, y, " ".join(line), size, latin=True)
                y += pitch
                first = False
        return printed

    def vertical_text(
        self, x: float, y: float, text: str, size: int, bold: bool = False
    ) -> tuple[float, float, float, float]:
        """Draw a top-to-bottom CJK line whose characters start at (x, y); records a ``ttb`` line."""
        f = font(CJK_SERIF_BOLD if bold else CJK_SERIF, size)
        for i, ch in enumerate(text):
            self.draw.text((x, y + i * size), ch, font=f, fill=0)
        box = (x - 2, y + 6, x + size + 2, y + len(text) * size + 4)
        self._record(text, box, direction="ttb")
        return box

    def flow_vertical(
        self,
        tiers: list[tuple[float, float]],
        x_right: float,
        x_left: float,
        paragraphs: list[str],
        size: int,
        leading: float = 0.5,
    ) -> None:
        """Set CJK paragraphs in vertical lines, right to left, through tiers (y, height) top to bottom."""
        pitch = size * (1 + leading)
        tier, x = 0, x_right
        for para in paragraphs:
            rest, first = para, True
            while rest:
                if x < x_left:
                    tier, x = tier + 1, x_right
                    if tier >= len(tiers):
                        raise ValueError("text does not fit the tiers")
                y, height = tiers[tier]
                per_line = int(height // size)
                n = per_line - 2 if first else per_line
                chunk, rest = rest[:n], rest[n:]
                self.vertical_text(x, y + (2 * size if first else 0), chunk, size)
                x -= pitch
                first = False

    # --- rules and pictures ---------------------------------------------------------------------

    def hrule(self, x0: float, x1: float, y: float, thickness: int = 3) -> None:
        self.draw.rectangle([x0, y, x1, y + thickness - 1], fill=0)

    def vrule(self, x: float, y0: float, y1: float, thickness: int = 3) -> None:
        self.draw.rectangle([x, y0, x + thickness - 1, y1], fill=0)

    def frame(self, x0: float, y0: float, x1: float, y1: float, thickness: int = 3) -> None:
        self.draw.rectangle([x0, y0, x1, y1], outline=0, width=thickness)

    def photo(self, x0: int, y0: int, x1: int, y1: int, seed: int = 0) -> None:
        """A halftone-like grey picture: smooth shading plus noise."""
        rng = np.random.default_rng(seed)
        h, w = y1 - y0, x1 - x0
        yy, xx = np.mgrid[0:h, 0:w]
        shade = 90 + 70 * np.sin(xx / 37.0) * np.cos(yy / 53.0) + rng.normal(0, 25, (h, w))
        self.image.paste(Image.fromarray(np.clip(shade, 0, 255).astype(np.uint8)), (x0, y0))

    # --- the fake engine --------------------------------------------------------------------

    def page(self, page_id: str = "p1", seed: int = 7) -> tuple[Page, np.ndarray]:
        """The page as the OCR stage hands it over (lines shuffled in one block) and its image."""
        lines = list(self.lines)
        random.Random(seed).shuffle(lines)
        page = Page(
            id=page_id,
            width=self.width,
            height=self.height,
            blocks=[Block(id=f"{page_id}_b0000", lines=lines, role=BlockRole.unknown)],
        )
        return page, np.asarray(self.image).copy()


def cjk_text(n: int, seed: int) -> str:
    """``n`` characters of plausible Chinese newspaper prose ending with a full stop."""
    source = (
        "县委书记深入产业园区专题调研工业项目建设工作走进项目建设工地和企业生产车间实地察看与企业负责人面对面交流"
        "认真听取有关情况汇报详细了解项目规模发展规划企业生产经营园区基础设施运行等情况现场办公研究解决发展中遇到的难题"
        "鼓励企业坚定发展信心加快施工进度确保项目按着既定目标顺利推进要强化部门联动加大招商力度依托资源优势和产业基础"
    )
    rng = random.Random(seed)
    out = []
    while len(out) < n - 1:
        start = rng.randrange(0, len(source) - 12)
        out.extend(source[start : start + rng.randrange(5, 12)])
        out.append("，")
    text = "".join(out[: n - 1])
    return text.rstrip("，") + "。"


def latin_text(n_words: int, seed: int) -> str:
    """``n_words`` words of plain English prose ending with a full stop."""
    words = [
        "the",
        "council",
        "met",
        "on",
        "tuesday",
        "to",
        "discuss",
        "the",
        "new",
        "bridge",
        "across",
        "the",
        "river",
        "and",
        "members",
        "agreed",
        "that",
        "work",
        "should",
        "begin",
        "in",
        "spring",
        "when",
        "the",
        "weather",
        "allows",
        "residents",
        "asked",
        "about",
        "traffic",
        "during",
        "construction",
        "and",
        "the",
        "mayor",
        "promised",
        "a",
        "detour",
        "along",
        "main",
        "street",
        "while",
        "the",
        "old",
        "road",
        "is",
        "closed",
        "for",
        "repairs",
    ]
    rng = random.Random(seed)
    out = [rng.choice(words) for _ in range(n_words)]
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def union_line(lines: list[Line], text: str, lid: str, words: bool = False) -> Line:
    """One detector box over these boxes (word boxes of a row, often), read as ``text``.

    ``words``: give it the boxes as its words, placed as the recogniser places them.
    """
    xs = [x for ln in lines for x, _ in ln.polygon]
    ys = [y for ln in lines for _, y in ln.polygon]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    return Line(
        id=lid,
        text=text,
        polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
        confidence=0.95,
        text_size=y1 - y0,
        words=[Word(text=w.text, polygon=list(w.polygon)) for w in lines] if words else [],
    )


def rows_by_column(
    words: list[Line], columns: list[tuple[float, float]]
) -> dict[tuple[int, int], list[Line]]:
    """Word boxes by (row top, index of the column (x, width) they start in)."""
    rows: dict[tuple[int, int], list[Line]] = {}
    for w in words:
        x0 = w.polygon[0][0]
        col = max(k for k, (cx, _) in enumerate(columns) if x0 >= cx - 1)
        rows.setdefault((round(w.polygon[0][1]), col), []).append(w)
    return rows
