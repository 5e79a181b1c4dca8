"""Self-contained HTML report: tables, page images with article regions, marked differences.

For every document (worst CER first) the report shows its scores, each page
image (downscaled, embedded as base64 JPEG) with ground-truth article
regions (green, numbered) and predicted article regions (orange, dashed,
numbered like the ground-truth article they matched; ``+`` when unmatched),
then the page text and every article side by side: ground truth left,
prediction right, with ``<del>`` marking ground-truth text the prediction
lacks or changed and ``<ins>`` marking what the prediction added or changed.
The texts shown are the prepared texts the metrics compare.
"""

from __future__ import annotations

import base64
import html
import io
import logging
from collections.abc import Callable
from pathlib import Path

from scan2text.document import Article, Page, Point
from scan2text.errors import ExportError
from scan2text.evaluation.align import align
from scan2text.evaluation.evaluate import page_texts, pair_pages
from scan2text.evaluation.pairs import EvaluatedPair
from scan2text.evaluation.report import fmt_prf, fmt_rate, fmt_score
from scan2text.evaluation.scores import CorpusScores, DocumentScores
from scan2text.evaluation.text import ClusterCodec, prepare

logger = logging.getLogger(__name__)

MAX_IMAGE_WIDTH = 1000

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.txt{white-space:pre-wrap;border:1px solid #ddd;padding:.5em;font-size:90%;line-height:1.5}
del{background:#fcc;text-decoration:line-through}ins{background:#cfc;text-decoration:none}
.ok{color:#080}.bad{color:#b00}.page{position:relative;display:inline-block}
.page svg{position:absolute;left:0;top:0;width:100%;height:100%}
h2{border-top:2px solid #444;padding-top:.5em}
"""


def diff_html(gt: str, pred: str, normalization: str = "nfc") -> tuple[str, str]:
    """HTML of both texts with differences marked: ``<del>`` on the GT side, ``<ins>`` on the other."""
    codec = ClusterCodec()
    g, p = codec.encode(prepare(gt, normalization)), codec.encode(prepare(pred, normalization))
    left: list[str] = []
    right: list[str] = []
    for seg in align(g, p):
        gt_text = html.escape(codec.decode(seg.gt))
        pred_text = html.escape(codec.decode(seg.pred))
        if seg.tag == "equal":
            left.append(gt_text)
            right.append(pred_text)
        else:
            if gt_text:
                left.append(f"<del>{gt_text}</del>")
            if pred_text:
                right.append(f"<ins>{pred_text}</ins>")
    return "".join(left), "".join(right)


def _side_by_side(gt: str, pred: str, normalization: str) -> str:
    left, right = diff_html(gt, pred, normalization)
    return (
        f'<div class="pair"><div><b>ground truth</b><div class="txt">{left}</div></div>'
        f'<div><b>prediction</b><div class="txt">{right}</div></div></div>'
    )


def _image_b64(path: Path) -> tuple[str, int, int] | None:
    try:
        from PIL import Image

        with Image.open(path) as im:
            w, h = im.size
            im.draft("L", (MAX_IMAGE_WIDTH, MAX_IMAGE_WIDTH * h // max(w, 1)))
            small = im.convert("L")
            small.thumbnail((MAX_IMAGE_WIDTH, MAX_IMAGE_WIDTH * h // max(w, 1)))
            buf = io.BytesIO()
            small.save(buf, format="JPEG", quality=75)
    except Exception as e:  # noqa: BLE001 - the report goes on without the picture
        logger.warning("cannot embed page image %s: %s", path, e)
        return None
    return base64.b64encode(buf.getvalue()).decode("ascii"), w, h


def _poly_svg(points: list[Point], color: str, label: str, dashed: bool, size: float) -> str:
    """One region outline with its label; ``size`` is the label height in image pixels."""
    if len(points) < 3:
        return ""
    pts = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
    dash = ' stroke-dasharray="12,8"' if dashed else ""
    x = min(p[0] for p in points)
    y = min(p[1] for p in points)
    return (
        f'<polygon points="{pts}" fill="{color}" fill-opacity="0.08" stroke="{color}" stroke-width="3"'
        f' vector-effect="non-scaling-stroke"{dash}/>'
        f'<text x="{x + size / 4:.0f}" y="{y + size:.0f}" font-size="{size:.0f}" fill="{color}"'
        f' font-weight="bold">{html.escape(label)}</text>'
    )


def _to_image(page: Page, img_w: int, img_h: int) -> Callable[[Point], Point]:
    """Map page-tree coordinates of ``page`` to pixels of the page image.

    The page's transform leads to original-scan pixels; a scale then covers an
    image file of another size than the scan the page was made from.
    """
    t = page.transform
    sx = img_w / (t.original_width or page.width or img_w)
    sy = img_h / (t.original_height or page.height or img_h)

    def f(pt: Point) -> Point:
        x, y = t.to_original(pt[0], pt[1])
        return (x * sx, y * sy)

    return f


def _page_figure(
    image: Path,
    gt_page: Page,
    pred_page: Page | None,
    gt_labels: dict[int, str],
    pred_labels: dict[int, str],
) -> str:
    embedded = _image_b64(image)
    if embedded is None:
        return ""
    data, img_w, img_h = embedded
    shapes = []
    # Labels about 2% of the page width, readable at the displayed size.
    size = max(12.0, img_w / 50)
    to_img = _to_image(gt_page, img_w, img_h)
    for art in gt_page.articles:
        for poly in art.region:
            shapes.append(
                _poly_svg([to_img(p) for p in poly], "#080", gt_labels.get(id(art), "?"), False, size)
            )
    if pred_page is not None:
        to_img = _to_image(pred_page, img_w, img_h)
        for art in pred_page.articles:
            for poly in art.region:
                shapes.append(
                    _poly_svg([to_img(p) for p in poly], "#e60", pred_labels.get(id(art), "+"), True, size)
                )
    return (
        f'<div class="page"><img src="data:image/jpeg;base64,{data}" width="{MAX_IMAGE_WIDTH}" alt="page image">'
        f'<svg viewBox="0 0 {img_w} {img_h}" preserveAspectRatio="none">{"".join(shapes)}</svg></div>'
    )


def _article_title(a: Article) -> str:
    return html.escape(a.headline or a.kicker or (a.paragraphs[0].text[:40] + "…" if a.paragraphs else a.id))


def _summary_table(s: DocumentScores) -> str:
    a = s.articles
    return (
        "<table><tr><th>CER</th><th>WER</th><th>bag P/R/F1</th><th>FCA</th><th>articles whole</th>"
        "<th>split</th><th>merged</th><th>headline P/R/F1</th><th>byline P/R/F1</th><th>¶ F1</th></tr>"
        f"<tr><td>{fmt_rate(s.cer)}</td><td>{fmt_rate(s.wer)}</td><td>{fmt_prf(s.bag)}</td>"
        f"<td>{fmt_score(s.fca.accuracy)}</td><td>{a.recovered}/{a.n_gt}</td><td>{a.split}</td><td>{a.merged}</td>"
        f"<td>{fmt_prf(a.fields['headline'])}</td><td>{fmt_prf(a.fields['byline'])}</td>"
        f"<td>{fmt_score(a.paragraph_boundaries.f1)}</td></tr></table>"
    )


def _page_image(image: Path | None, *pages: Page | None) -> Path | None:
    """The image to show: the one given, else the first page source that is a file."""
    if image is not None:
        return image
    for page in pages:
        if page is not None and page.source and Path(page.source).is_file():
            return Path(page.source)
    return None


def _pages_html(
    pair: EvaluatedPair, normalization: str, image: Path | None, rank: dict[int, int]
) -> list[str]:
    """Per page: the image with article regions, then page text side by side."""
    gt_arts = [x for p in pair.gt.pages for x in p.articles]
    gt_labels = {id(x): str(k + 1) for k, x in enumerate(gt_arts)}
    pred_labels = {pid: str(gk + 1) for pid, gk in rank.items()}
    gt_texts, pred_texts = page_texts(pair.gt), page_texts(pair.pred, rank)
    out = []
    for (j, k), ps in zip(pair_pages(pair.pred, pair.gt), pair.scores.pages, strict=True):
        page = pair.gt.pages[k] if k is not None else None
        pred_page = pair.pred.pages[j] if j is not None else None
        out.append(
            f"<h3>page {html.escape(ps.gt_page_id or ps.pred_page_id or '?')} — CER {fmt_rate(ps.cer)}</h3>"
        )
        img = _page_image(image, page, pred_page)
        if img is not None and page is not None:
            out.append(_page_figure(img, page, pred_page, gt_labels, pred_labels))
        gt_text = gt_texts[k] if k is not None else ""
        out.append(_side_by_side(gt_text, pred_texts[j] if j is not None else "", normalization))
    return out


def _articles_html(pair: EvaluatedPair, normalization: str) -> list[str]:
    """Every ground-truth article beside its match, then the predictions that matched nothing."""
    a = pair.scores.articles
    gt_arts = [x for p in pair.gt.pages for x in p.articles]
    pred_arts = [x for p in pair.pred.pages for x in p.articles]
    out = ["<h3>articles</h3>"] if a.matches else []
    for m in a.matches:
        g = gt_arts[m.gt_index]
        pa = pred_arts[m.pred_index] if m.pred_index is not None else None
        verdict = '<span class="ok">whole</span>' if m.recovered else '<span class="bad">not whole</span>'
        extra = " — split" if m.split else ""
        target = html.escape(m.pred_id) if m.pred_id else "<i>no match</i>"
        out.append(
            f"<h4>{m.gt_index + 1}. {_article_title(g)} → {target}: CER {fmt_rate(m.cer)}, {verdict}{extra}</h4>"
        )
        out.append(_side_by_side(g.text, pa.text if pa else "", normalization))
    matched = {m.pred_index for m in a.matches}
    for k, pa in enumerate(pred_arts):
        if k not in matched and pa.text:
            merged = " (merged)" if pa.id in a.merged_pred_ids else ""
            out.append(f"<h4>+ unmatched prediction {html.escape(pa.id)}{merged}: {_article_title(pa)}</h4>")
            out.append(_side_by_side("", pa.text, normalization))
    return out


def _document_section(pair: EvaluatedPair, normalization: str, image: Path | None) -> str:
    s = pair.scores
    pred_arts = [x for p in pair.pred.pages for x in p.articles]
    # Predicted articles take the number (and reading position) of the GT article they match.
    rank = {id(pred_arts[m.pred_index]): m.gt_index for m in s.articles.matches if m.pred_index is not None}
    out = [
        f'<h2 id="{html.escape(pair.name)}">{html.escape(pair.name)}</h2>',
        f"<p>prediction: {html.escape(s.pred_source)}<br>ground truth: {html.escape(s.gt_source)}</p>",
        _summary_table(s),
    ]
    out += _pages_html(pair, normalization, image, rank)
    out += _articles_html(pair, normalization)
    return "\n".join(out)


def write_html(
    path: Path,
    corpus: CorpusScores,
    pairs: list[EvaluatedPair],
    normalization: str = "nfc",
    image: Path | None = None,
) -> None:
    """Write the HTML report; ``image`` overrides the page image of a single-page evaluation."""
    summary = corpus.summary()
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>scan2text evaluation</title>",
        f"<style>{_CSS}</style></head><body><h1>scan2text evaluation</h1>",
        f"<p>{summary['documents']} document(s), {summary['pages']} page(s), normalisation {normalization.upper()}.</p>",
        "<table><tr><th>document</th><th>CER</th><th>WER</th><th>bag F1</th><th>FCA</th><th>articles whole</th></tr>",
    ]
    ordered = sorted(pairs, key=lambda p: p.scores.cer.value, reverse=True)
    for p in ordered:
        s = p.scores
        parts.append(
            f'<tr><td><a href="#{html.escape(p.name)}">{html.escape(p.name)}</a></td><td>{fmt_rate(s.cer)}</td>'
            f"<td>{fmt_rate(s.wer)}</td><td>{fmt_score(s.bag.f1)}</td><td>{fmt_score(s.fca.accuracy)}</td>"
            f"<td>{s.articles.recovered}/{s.articles.n_gt}</td></tr>"
        )
    parts.append("</table>")
    single = image if (image is not None and len(pairs) == 1 and len(pairs[0].gt.pages) == 1) else None
    for p in ordered:
        parts.append(_document_section(p, normalization, single))
    parts.append("</body></html>")
    try:
        path.write_text("\n".join(parts), encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot write HTML report: {e}", path) from e
