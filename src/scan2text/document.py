"""The typed page tree that passes through every stage.

``Document -> Page -> Block -> Line -> Word`` holds what was seen on the page;
``Page.articles`` groups blocks into articles (kicker, headline, subheadline,
byline, paragraphs) once the article stage has run.

Geometry convention: every polygon and box is in **pixels of the processed
page** (the page after rotation and deskew), origin at the top-left corner, x
to the right, y down. ``Page.transform`` maps these coordinates back to the
original scan. Exporters convert units; nothing else does.

The JSON form (``Document.to_dict`` / ``Document.from_dict``) is versioned by
``SCHEMA`` so that readers can refuse what they do not understand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

SCHEMA = "scan2text/page-tree/1"

Point = tuple[float, float]


class BlockRole(str, Enum):
    """What a block of text is on the page."""

    body = "body"
    kicker = "kicker"
    headline = "headline"
    subheadline = "subheadline"
    byline = "byline"
    caption = "caption"
    furniture = "furniture"
    unknown = "unknown"


@dataclass(frozen=True)
class BBox:
    """Axis-aligned box in page pixels, top-left origin; ``x0 <= x1`` and ``y0 <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError(f"inverted box {self!r}")

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def area(self) -> float:
        return self.width * self.height

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )

    def x_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def y_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0))

    def polygon(self) -> list[Point]:
        return [(self.x0, self.y0), (self.x1, self.y0), (self.x1, self.y1), (self.x0, self.y1)]

    @staticmethod
    def of_points(points: Sequence[Point]) -> BBox:
        if not points:
            raise ValueError("no points")
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return BBox(min(xs), min(ys), max(xs), max(ys))

    @staticmethod
    def union_all(boxes: Sequence[BBox]) -> BBox:
        if not boxes:
            raise ValueError("no boxes")
        out = boxes[0]
        for b in boxes[1:]:
            out = out.union(b)
        return out


def _poly_to_json(poly: Sequence[Point]) -> list[list[float]]:
    return [[round(float(x), 1), round(float(y), 1)] for x, y in poly]


def _poly_from_json(data: Any) -> list[Point]:
    return [(float(p[0]), float(p[1])) for p in (data or [])]


@dataclass
class Word:
    """One recognised word or segment (for CJK: a run of characters)."""

    text: str
    polygon: list[Point] = field(default_factory=list)
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "polygon": _poly_to_json(self.polygon),
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Word:
        return cls(
            text=d["text"],
            polygon=_poly_from_json(d.get("polygon")),
            confidence=float(d.get("confidence", 1.0)),
        )


@dataclass
class Line:
    """A text line: its polygon, text, confidence and text-size estimate.

    ``text_size`` is the line's height for horizontal text and its width for
    vertical text, in page pixels: the type size as the page shows it.
    ``direction`` is ``"ltr"`` for horizontal lines, ``"ttb"`` for vertical ones.
    """

    id: str
    text: str
    polygon: list[Point] = field(default_factory=list)
    confidence: float = 1.0
    text_size: float = 0.0
    direction: str = "ltr"
    words: list[Word] = field(default_factory=list)
    char_confidences: list[float] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        return BBox.of_points(self.polygon)

    @property
    def has_geometry(self) -> bool:
        return len(self.polygon) >= 3

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "polygon": _poly_to_json(self.polygon),
            "confidence": round(self.confidence, 4),
            "text_size": round(self.text_size, 1),
            "direction": self.direction,
        }
        if self.words:
            d["words"] = [w.to_dict() for w in self.words]
        if self.char_confidences:
            d["char_confidences"] = [round(c, 3) for c in self.char_confidences]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(
            id=d["id"],
            text=d["text"],
            polygon=_poly_from_json(d.get("polygon")),
            confidence=float(d.get("confidence", 1.0)),
            text_size=float(d.get("text_size", 0.0)),
            direction=d.get("direction", "ltr"),
            words=[Word.from_dict(w) for w in d.get("words", [])],
            char_confidences=[float(c) for c in d.get("char_confidences", [])],
        )


@dataclass
class Block:
    """A run of lines that belong together (a column fragment, a headline, a caption)."""

    id: str
    lines: list[Line] = field(default_factory=list)
    role: BlockRole = BlockRole.unknown
    polygon: list[Point] = field(default_factory=list)
    column: int | None = None
    furniture_kind: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def bbox(self) -> BBox:
        if self.polygon:
            return BBox.of_points(self.polygon)
        return BBox.union_all([ln.bbox for ln in self.lines if ln.has_geometry])

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "role": self.role.value,
            "polygon": _poly_to_json(self.polygon),
            "lines": [ln.to_dict() for ln in self.lines],
        }
        if self.column is not None:
            d["column"] = self.column
        if self.furniture_kind:
            d["furniture_kind"] = self.furniture_kind
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(
            id=d["id"],
            lines=[Line.from_dict(x) for x in d.get("lines", [])],
            role=BlockRole(d.get("role", "unknown")),
            polygon=_poly_from_json(d.get("polygon")),
            column=d.get("column"),
            furniture_kind=d.get("furniture_kind"),
        )


@dataclass
class Separator:
    """A printed rule or box frame. ``kind`` is ``horizontal``, ``vertical`` or ``box``."""

    id: str
    kind: str
    polygon: list[Point]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "polygon": _poly_to_json(self.polygon)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Separator:
        return cls(id=d["id"], kind=d["kind"], polygon=_poly_from_json(d["polygon"]))


@dataclass
class Picture:
    """A photo or other picture, with the id of its caption block if one was found."""

    id: str
    polygon: list[Point]
    caption_block_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "polygon": _poly_to_json(self.polygon),
            "caption_block_id": self.caption_block_id,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Picture:
        return cls(
            id=d["id"], polygon=_poly_from_json(d["polygon"]), caption_block_id=d.get("caption_block_id")
        )


@dataclass
class Paragraph:
    """A paragraph of an article, joined across line and column breaks.

    ``line_ids`` are the lines it was made from, in reading order, so that
    exporters can point at the page geometry.
    """

    text: str
    line_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "line_ids": list(self.line_ids)}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | str) -> Paragraph:
        if isinstance(d, str):
            return cls(text=d)
        return cls(text=d["text"], line_ids=list(d.get("line_ids", [])))


@dataclass
class Article:
    """One article: its title parts, byline and paragraphs.

    ``block_ids`` lists every block of the article in reading order (title
    blocks first); ``region`` holds the polygons the article covers.
    ``continued_from`` and ``continued_on`` are the pages its jump lines name,
    as printed ("(Continued on page 3)" gives ``continued_on="3"``).
    """

    id: str
    kicker: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    region: list[list[Point]] = field(default_factory=list)
    confidence: float = 1.0
    continued_from: str | None = None
    continued_on: str | None = None

    @property
    def body_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def text(self) -> str:
        """The whole article as a reader reads it: title parts, byline, body."""
        parts = [p for p in (self.kicker, self.headline, self.subheadline) if p]
        parts += [p.text for p in self.paragraphs]
        if self.byline:
            parts.append(self.byline)
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kicker": self.kicker,
            "headline": self.headline,
            "subheadline": self.subheadline,
            "byline": self.byline,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "block_ids": list(self.block_ids),
            "region": [_poly_to_json(p) for p in self.region],
            "confidence": round(self.confidence, 4),
        } | {
            k: v
            for k, v in (("continued_from", self.continued_from), ("continued_on", self.continued_on))
            if v
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            kicker=d.get("kicker"),
            headline=d.get("headline"),
            subheadline=d.get("subheadline"),
            byline=d.get("byline"),
            paragraphs=[Paragraph.from_dict(p) for p in d.get("paragraphs", [])],
            block_ids=list(d.get("block_ids", [])),
            region=[_poly_from_json(p) for p in d.get("region", [])],
            confidence=float(d.get("confidence", 1.0)),
            continued_from=d.get("continued_from"),
            continued_on=d.get("continued_on"),
        )


@dataclass
class Transform:
    """How the processed page relates to the original scan.

    The original image was first turned by ``rotation`` degrees clockwise
    (0, 90, 180 or 270) and then deskewed by ``skew`` degrees (positive:
    the scan's text ran up to the right and was turned clockwise to level).
    ``matrix`` is the 2x3 affine map from processed-page pixels to
    original-scan pixels.
    """

    rotation: int = 0
    skew: float = 0.0
    original_width: int = 0
    original_height: int = 0
    matrix: list[list[float]] = field(default_factory=lambda: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])

    def to_original(self, x: float, y: float) -> Point:
        m = self.matrix
        return (m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2])

    def to_dict(self) -> dict[str, Any]:
        return {
            "rotation": self.rotation,
            "skew": round(self.skew, 3),
            "original_width": self.original_width,
            "original_height": self.original_height,
            "matrix": [[round(v, 6) for v in row] for row in self.matrix],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Transform:
        return cls(
            rotation=int(d.get("rotation", 0)),
            skew=float(d.get("skew", 0.0)),
            original_width=int(d.get("original_width", 0)),
            original_height=int(d.get("original_height", 0)),
            matrix=[[float(v) for v in row] for row in d.get("matrix", [[1, 0, 0], [0, 1, 0]])],
        )


@dataclass
class Page:
    """One page: its blocks, separators, pictures, and the articles made of them."""

    id: str
    width: int
    height: int
    source: str = ""
    page_index: int = 0
    dpi: float | None = None
    lang: str | None = None
    vertical: bool = False
    transform: Transform = field(default_factory=Transform)
    blocks: list[Block] = field(default_factory=list)
    separators: list[Separator] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    columns: list[tuple[float, float]] = field(default_factory=list)
    processing: dict[str, Any] = field(default_factory=dict)

    def lines(self) -> Iterator[Line]:
        for block in self.blocks:
            yield from block.lines

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())

    @property
    def furniture(self) -> list[Block]:
        return [b for b in self.blocks if b.role is BlockRole.furniture]

    @property
    def captions(self) -> list[Block]:
        return [b for b in self.blocks if b.role is BlockRole.caption]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "page_index": self.page_index,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "lang": self.lang,
            "vertical": self.vertical,
            "transform": self.transform.to_dict(),
            "columns": [[round(a, 1), round(b, 1)] for a, b in self.columns],
            "blocks": [b.to_dict() for b in self.blocks],
            "separators": [s.to_dict() for s in self.separators],
            "pictures": [p.to_dict() for p in self.pictures],
            "articles": [a.to_dict() for a in self.articles],
            "processing": self.processing,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Page:
        return cls(
            id=d["id"],
            width=int(d["width"]),
            height=int(d["height"]),
            source=d.get("source", ""),
            page_index=int(d.get("page_index", 0)),
            dpi=d.get("dpi"),
            lang=d.get("lang"),
            vertical=bool(d.get("vertical", False)),
            transform=Transform.from_dict(d.get("transform", {})),
            columns=[(float(a), float(b)) for a, b in d.get("columns", [])],
            blocks=[Block.from_dict(b) for b in d.get("blocks", [])],
            separators=[Separator.from_dict(s) for s in d.get("separators", [])],
            pictures=[Picture.from_dict(p) for p in d.get("pictures", [])],
            articles=[Article.from_dict(a) for a in d.get("articles", [])],
            processing=dict(d.get("processing", {})),
        )


@dataclass
class Document:
    """A scanned issue or single file: its pages, in order."""

    source: str
    pages: list[Page] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source,
            "metadata": self.metadata,
            "pages": [p.to_dict() for p in self.pages],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        schema = d.get("schema")
        if schema != SCHEMA:
            raise ValueError(f"unsupported page-tree schema {schema!r} (expected {SCHEMA!r})")
        return cls(
            source=d.get("source", ""),
            pages=[Page.from_dict(p) for p in d["pages"]],
            metadata=d.get("metadata", {}),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def load(cls, path: str | Path) -> Document:
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
