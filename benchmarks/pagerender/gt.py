"""The ground-truth dictionary of a laid-out page (schema ``scan2text/render-gt/1``).

A superset of the seed ground-truth format::

    {"schema": "scan2text/render-gt/1", "image": "000_zh_clean.png", "lang": "zh" | "en",
     "dpi": 300, "width": W, "height": H,            # the clean page, in pixels
     "skew": 0.0, "degraded": false,
     "transform": {"rotation": 0, "skew": deg, "original_width": w, "original_height": h,
                   "matrix": [[a, b, c], [d, e, f]]},  # clean page -> image, as scan2text's Transform
     "degradation": {...},                             # only on degraded pages: the defects applied
     "columns": [[x0, x1], ...],                       # the page's grid columns
     "articles": [{"id": "a1", "kicker", "headline", "subheadline", "byline", "paragraphs": [str],
                   "column_span": [first, last],       # grid columns the article covers
                   "region": [[[x, y], ...], ...],     # polygons; regions of two articles never overlap
                   "blocks": [{"role", "bbox", "column"}],
                   "lines": [{"id", "text", "bbox", "role", "paragraph", "column", "hyphenated"}]}],
     "furniture": [{"kind": "masthead" | "folio" | "section" | "footer", "text", "bbox"}],
     "pictures": [{"bbox", "caption", "caption_bbox", "caption_lines": [{"text", "bbox"}], "article"}],
     "separators": [{"kind": "horizontal" | "vertical" | "box", "bbox"}],
     "page": {...}}                                    # how the page was made (paper, date, columns ...)

Boxes are ``[x0, y0, x1, y1]`` in pixels of the clean, unskewed page, top-left
origin; ``transform.matrix`` maps them into the (skewed, grown) image.

Lines: one entry per printed line, in reading order (title parts, then the
body column by column). Where a byline is run on in the same printed line as a
paragraph ("……绝不姑息。（郭莎莎 文/何乐 图）", "本报讯（记者 张三）2月7日……"),
the line is given as two entries, one per role, on the same row. ``column`` is
the grid column where the line's text column starts; ``paragraph`` is the
index into ``paragraphs`` for body lines, else null. Blocks are runs of lines
of one role within one text column.

Every text field is exactly what is printed; joining an article's lines gives
the fields back:

- body lines of one paragraph (and caption lines): Chinese lines joined with
  nothing; English lines joined with one space, except that a line ending in a
  hyphen the renderer added (``hyphenated``) loses the hyphen and joins with
  nothing (real hyphenated words are never broken);
- Chinese bylines (set in the body's stream): lines joined with nothing;
- kicker, headline, subheadline and English byline lines: joined with one space.
"""

from __future__ import annotations

from typing import Any

from benchmarks.pagerender.article import Placed
from benchmarks.pagerender.model import ArticleLayout, PageModel
from benchmarks.pagerender.typeset import row_segments

SCHEMA = "scan2text/render-gt/1"


def _lines(placed: list[Placed], lang: str) -> list[dict[str, Any]]:
    out = []
    for p in placed:
        for seg in row_segments(p.row, p.x, p.baseline, lang):
            seg["column"] = p.column
            seg["_measure"] = p.measure
            out.append(seg)
    return out


def _union(boxes: list[list[int]]) -> list[int]:
    return [
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    ]


def article_gt(art: ArticleLayout, lang: str) -> dict[str, Any]:
    """One article's entry: its texts, region, blocks and lines."""
    c = art.content
    lines = _lines(art.title, lang) + _lines(art.body, lang)
    blocks: list[dict[str, Any]] = []
    key_prev = None
    for ln in lines:
        key = (ln["role"], ln["_measure"])
        if key != key_prev:
            blocks.append({"role": ln["role"], "bbox": list(ln["bbox"]), "column": ln["column"]})
            key_prev = key
        else:
            blocks[-1]["bbox"] = _union([blocks[-1]["bbox"], ln["bbox"]])
            blocks[-1]["column"] = min(blocks[-1]["column"], ln["column"])
    for k, ln in enumerate(lines):
        ln["id"] = f"{c.id}_l{k + 1}"
        del ln["_measure"]
    return {
        "id": c.id,
        "kicker": c.kicker,
        "headline": c.headline,
        "subheadline": c.subheadline,
        "byline": c.byline,
        "paragraphs": list(c.paragraphs),
        "column_span": [art.frame.col0, art.frame.col1],
        "region": [[[x, y] for x, y in poly] for poly in art.region],
        "blocks": blocks,
        "lines": [
            {k: ln[k] for k in ("id", "text", "bbox", "role", "paragraph", "column", "hyphenated")}
            for ln in lines
        ],
    }


def page_gt(model: PageModel, image: str | None) -> dict[str, Any]:
    """The ground truth of the clean page (skew 0; :func:`render_page` adds the scan's transform)."""
    furniture = []
    for f in model.furniture:
        segs = row_segments(f.placed.row, f.placed.x, f.placed.baseline, model.lang)
        furniture.append({"kind": f.kind, "text": f.text, "bbox": _union([s["bbox"] for s in segs])})
    pictures = []
    for pic, aid in model.pictures:
        cap_lines = []
        for p in pic.caption_rows:
            cap_lines += [
                {"text": s["text"], "bbox": s["bbox"]}
                for s in row_segments(p.row, p.x, p.baseline, model.lang)
            ]
        pictures.append(
            {
                "bbox": list(pic.bbox),
                "caption": pic.caption,
                "caption_bbox": _union([ln["bbox"] for ln in cap_lines]) if cap_lines else None,
                "caption_lines": cap_lines,
                "article": aid,
            }
        )
    return {
        "schema": SCHEMA,
        "image": image,
        "lang": model.lang,
        "dpi": model.dpi,
        "width": model.width,
        "height": model.height,
        "skew": 0.0,
        "degraded": False,
        "columns": [[round(a), round(b)] for a, b in model.columns],
        "articles": [article_gt(a, model.lang) for a in model.articles],
        "furniture": furniture,
        "pictures": pictures,
        "separators": [{"kind": s.kind, "bbox": list(s.bbox)} for s in model.separators],
        "page": {k: v for k, v in model.info.items()},
    }


def all_lines(gt: dict[str, Any]) -> list[dict[str, Any]]:
    """Every printed line of a ground-truth page, in reading order of the articles, then captions, then furniture.

    Each entry has ``text``, ``bbox`` and ``role`` (article roles, ``caption``
    or ``furniture``) and, for article lines, ``article``: what a perfect OCR
    engine would return, for use as a fake engine in layout tests.
    """
    out: list[dict[str, Any]] = []
    for art in gt["articles"]:
        for ln in art["lines"]:
            out.append({**ln, "article": art["id"]})
    for pic in gt["pictures"]:
        for ln in pic["caption_lines"]:
            out.append({"text": ln["text"], "bbox": ln["bbox"], "role": "caption", "article": pic["article"]})
    for f in gt["furniture"]:
        out.append(
            {"text": f["text"], "bbox": f["bbox"], "role": "furniture", "kind": f["kind"], "article": None}
        )
    return out
