"""Article ground-truth JSON: the keyed seed format and the page renderer's format.

Seed format (``/work/shared/seed/seed-articles.gt.json``)::

    {"image": null, "lang": "zh", "source": "...",
     "articles": [{"id", "kicker", "headline", "subheadline", "byline", "paragraphs": [str]}],
     "furniture": [{"kind": "footer", "text": "..."}]}

Renderer format (``"schema": "scan2text/render-gt/1"``, written by
``benchmarks/pagerender/gt.py``) adds ``image`` (relative to the JSON
file), ``width``, ``height``, ``dpi``, ``transform`` (clean page → scan, the
page tree's :class:`~scan2text.document.Transform`), per article ``region``
(polygons) and ``lines`` (``id``, ``text``, ``bbox``, ``role``,
``paragraph``), ``furniture`` with ``bbox``, ``pictures`` with captions and
``separators``. Coordinates are pixels of the clean (unskewed) page.

The article fields are taken exactly as keyed. Page blocks are built from
the printed lines (consecutive lines of one role and paragraph make a block)
or, without lines, one block per field, paragraph and furniture item.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scan2text.document import (
    Article,
    BBox,
    Block,
    BlockRole,
    Document,
    Line,
    Page,
    Paragraph,
    Picture,
    Point,
    Separator,
    Transform,
)
from scan2text.evaluation.readers_common import role_from_label

logger = logging.getLogger(__name__)

RENDER_SCHEMA = "scan2text/render-gt/1"
_TITLES = (BlockRole.kicker, BlockRole.headline, BlockRole.subheadline)


def doc_stem(path: Path) -> str:
    """The file name without its extension and without a trailing ``.gt`` (``X.gt.json`` -> ``X``)."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    return stem[:-3] if stem.endswith(".gt") else stem


def _bbox_polygon(bbox: Any) -> list[Point]:
    if not bbox:
        return []
    x0, y0, x1, y1 = (float(v) for v in bbox)
    return BBox(x0, y0, x1, y1).polygon()


def _image_size(image: Path) -> tuple[int, int]:
    try:
        from PIL import Image

        with Image.open(image) as im:
            return int(im.width), int(im.height)
    except Exception:  # noqa: BLE001 - an unreadable image only leaves the size unknown
        return 0, 0


def _text_block(block_id: str, text: str, role: BlockRole, bbox: Any = None) -> Block:
    """A block holding keyed text, one line per text line."""
    lines = [Line(id=f"{block_id}.l{k + 1}", text=t) for k, t in enumerate(text.split("\n"))]
    return Block(id=block_id, lines=lines, role=role, polygon=_bbox_polygon(bbox))


def _blocks_from_lines(aid: str, lines: list[dict[str, Any]]) -> list[Block]:
    """Consecutive printed lines of one role and paragraph make one block."""
    blocks: list[Block] = []
    key_prev: tuple[str, Any] | None = None
    for k, ld in enumerate(lines):
        key = (str(ld.get("role", "body")), ld.get("paragraph"))
        poly = _bbox_polygon(ld.get("bbox"))
        line = Line(id=str(ld.get("id") or f"{aid}_l{k + 1}"), text=str(ld["text"]), polygon=poly)
        if poly:
            line.text_size = BBox.of_points(poly).height
        if key != key_prev or not blocks:
            role = role_from_label(key[0]) or BlockRole.unknown
            blocks.append(Block(id=f"{aid}.b{len(blocks) + 1}", role=role))
            key_prev = key
        blocks[-1].lines.append(line)
    for b in blocks:
        boxes = [ln.bbox for ln in b.lines if ln.has_geometry]
        if boxes:
            b.polygon = BBox.union_all(boxes).polygon()
    return blocks


def _synthetic_blocks(aid: str, ad: dict[str, Any]) -> list[Block]:
    """One block per title field, paragraph and byline, for keyed text without lines."""
    blocks = [_text_block(f"{aid}.{r.value}", ad[r.value], r) for r in _TITLES if ad.get(r.value)]
    for n, p in enumerate(ad.get("paragraphs", [])):
        text = p if isinstance(p, str) else p["text"]
        blocks.append(_text_block(f"{aid}.p{n + 1}", text, BlockRole.body))
    if ad.get("byline"):
        blocks.append(_text_block(f"{aid}.byline", ad["byline"], BlockRole.byline))
    return blocks


def _article(aid: str, ad: dict[str, Any], page: Page) -> Article:
    paragraphs = [Paragraph.from_dict(p) for p in ad.get("paragraphs", [])]
    article = Article(
        id=aid,
        kicker=ad.get("kicker") or None,
        headline=ad.get("headline") or None,
        subheadline=ad.get("subheadline") or None,
        byline=ad.get("byline") or None,
        paragraphs=paragraphs,
        region=[[(float(x), float(y)) for x, y in poly] for poly in ad.get("region", []) or []],
    )
    if ad.get("lines"):
        blocks = _blocks_from_lines(aid, ad["lines"])
        for ld in ad["lines"]:
            n = ld.get("paragraph")
            if ld.get("role") == "body" and isinstance(n, int) and 0 <= n < len(paragraphs):
                paragraphs[n].line_ids.append(str(ld.get("id")))
    else:
        blocks = _synthetic_blocks(aid, ad)
        for n, para in enumerate(paragraphs):
            para.line_ids = [f"{aid}.p{n + 1}.l{k + 1}" for k in range(len(para.text.split("\n")))]
    page.blocks.extend(blocks)
    article.block_ids = [b.id for b in blocks]
    return article


def read_article_json(path: Path, data: dict[str, Any]) -> Document:
    """Read the seed or renderer article-GT JSON (already parsed) into a one-page Document."""
    image = data.get("image")
    image_path = str(path.parent / image) if image else ""
    width, height = int(data.get("width") or 0), int(data.get("height") or 0)
    if image_path and not (width and height) and Path(image_path).is_file():
        width, height = _image_size(Path(image_path))
    page = Page(
        id=doc_stem(path),
        width=width,
        height=height,
        source=image_path,
        lang=data.get("lang"),
        dpi=data.get("dpi"),
    )
    if data.get("transform"):
        page.transform = Transform.from_dict(data["transform"])
    for k, ad in enumerate(data.get("articles", [])):
        page.articles.append(_article(str(ad.get("id") or f"a{k + 1}"), ad, page))
    for k, fd in enumerate(data.get("furniture", []) or []):
        block = _text_block(f"furniture{k + 1}", str(fd["text"]), BlockRole.furniture, fd.get("bbox"))
        block.furniture_kind = fd.get("kind")
        page.blocks.append(block)
    for k, pd in enumerate(data.get("pictures", []) or []):
        caption_id = None
        if pd.get("caption"):
            caption_id = f"caption{k + 1}"
            cap = Block(id=caption_id, role=BlockRole.caption, polygon=_bbox_polygon(pd.get("caption_bbox")))
            cap_lines = pd.get("caption_lines") or [{"text": pd["caption"]}]
            cap.lines = [
                Line(id=f"{caption_id}.l{n + 1}", text=str(ld["text"]), polygon=_bbox_polygon(ld.get("bbox")))
                for n, ld in enumerate(cap_lines)
            ]
            page.blocks.append(cap)
        if pd.get("bbox"):
            page.pictures.append(
                Picture(id=f"picture{k + 1}", polygon=_bbox_polygon(pd["bbox"]), caption_block_id=caption_id)
            )
    for k, sd in enumerate(data.get("separators", []) or []):
        if sd.get("bbox"):
            page.separators.append(
                Separator(
                    id=f"sep{k + 1}",
                    kind=str(sd.get("kind", "horizontal")),
                    polygon=_bbox_polygon(sd["bbox"]),
                )
            )
    meta = {
        k: data[k]
        for k in ("lang", "layout", "source", "schema", "skew", "degraded")
        if data.get(k) is not None
    }
    meta["format"] = "render-gt" if data.get("schema") == RENDER_SCHEMA else "article-gt"
    return Document(source=str(path), pages=[page], metadata=meta)
