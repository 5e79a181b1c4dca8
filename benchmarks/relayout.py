"""Re-run only the layout stage on a finished bench run, and say which articles fail and why.

OCR is most of a bench run's time; layout and article logic take under a
second a page. This reads the page trees a bench run wrote
(``OUT/scan2text/*.json``), takes their recognised lines out of whatever
blocks they were put in, rebuilds the processed page image from the page
PNG and the recorded rotation and skew, runs :func:`scan2text.layout.analyse_layout`
on the current code, and scores the result against the ground truth:

    python -m benchmarks.relayout bench-out [--pages 'zh_clean'] [--show]

The lines are the OCR stage's own, saved by the bench run under
``OUT/scan2text/raw/``; for runs without them, the lines the previous layout
left (it may have cut a line that ran across a gutter). Either way the figures
here are a guide for iterating; the reference figures are always those of
``make bench``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import cv2

from scan2text.document import Block, BlockRole, Document, Page
from scan2text.evaluation import evaluate_documents, read_document
from scan2text.layout import analyse_layout
from scan2text.preprocess import clean_background, deskew, rotate_quarter


def relayout_page(page: Page, image_path: Path, cleaned: bool = False) -> Page:
    """``page`` with its lines regrouped from scratch by the current layout code.

    ``cleaned``: the run whitened the page's paper before OCR (``Options.clean_background``),
    so the layout saw the cleaned image.
    """
    grey = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
    if grey is None:
        raise SystemExit(f"{image_path}: cannot read the page image")
    if cleaned and not __import__("os").environ.get("NOCLEAN"):
        grey = clean_background(grey)
    grey = rotate_quarter(grey, page.transform.rotation)
    grey, _ = deskew(grey, page.transform.skew)
    lines = [ln for ln in page.lines()]
    fresh = Page(
        id=page.id, width=page.width, height=page.height, source=page.source, page_index=page.page_index,
        dpi=page.dpi, lang=page.lang, vertical=page.vertical, transform=page.transform,
        blocks=[Block(id=f"{page.id}_b0000", lines=lines, role=BlockRole.unknown)], processing=page.processing,
    )  # fmt: skip
    return analyse_layout(fresh, grey, page.lang or "auto")


def _short(s: str | None, n: int = 28) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench_dir", type=Path)
    ap.add_argument("--pages", default="", help="only pages whose name contains this")
    ap.add_argument("--out", type=Path, default=None, help="write the new page trees here")
    ap.add_argument("--show", action="store_true", help="list every article that is not whole")
    args = ap.parse_args(argv)

    pred_dir = args.bench_dir / "scan2text"
    root = Path(__file__).resolve().parents[1]
    items: list[tuple[Path, Path, Path]] = []
    for pj in sorted(pred_dir.glob("*.json")):
        if pj.name == "timing.json" or args.pages not in pj.stem:
            continue
        png = args.bench_dir / "pages" / f"{pj.stem}.png"
        gt = args.bench_dir / "pages" / f"{pj.stem}.gt.json"
        if not png.exists():
            png, gt = root / "samples" / f"{pj.stem}.png", root / "samples" / f"{pj.stem}.gt.json"
        if png.exists() and gt.exists():
            items.append((pj, png, gt))
    if not items:
        raise SystemExit(f"no page trees with images and ground truth under {args.bench_dir}")

    pairs: list[tuple[Document, Document]] = []
    groups: dict[str, list[tuple[Document, Document]]] = {}
    for pj, png, gt_path in items:
        # The OCR stage's own lines where the bench run kept them (OUT/scan2text/raw/).
        raw = pj.parent / "raw" / pj.name
        doc = Document.load(raw if raw.exists() else pj)
        # Whether the run cleaned the background is recorded in the finished page trees.
        finished = Document.load(pj) if raw.exists() else doc
        cleaned = [bool(p.processing.get("background_cleaned")) for p in finished.pages]
        doc.pages = [relayout_page(p, png, c) for p, c in zip(doc.pages, cleaned)]
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / pj.name).write_text(doc.to_json(), encoding="utf-8")
        gt = read_document(gt_path)
        pairs.append((doc, gt))
        key = "_".join(pj.stem.split("_")[1:]) if pj.stem[:3].isdigit() else "samples"
        groups.setdefault(key, []).append((doc, gt))
        if args.show:
            _show(pj.stem, doc, gt)

    keys = ["cer", "articles_whole", "headline_f1", "byline_p", "byline_r", "paragraph_f1"]
    print(f"{'group':<14}" + "".join(f"{k:>15}" for k in keys))
    for name, grp in [*sorted(groups.items()), ("ALL", pairs)]:
        s = evaluate_documents(grp).flat()
        print(f"{name:<14}" + "".join(f"{_fmt(s.get(k)):>15}" for k in keys))


def _fmt(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def _show(stem: str, pred: Document, gt: Document) -> None:
    scores = evaluate_documents(pred, gt)
    g_arts = [a for p in gt.pages for a in p.articles]
    p_arts = [a for p in pred.pages for a in p.articles]
    for m in scores.articles.matches:
        g = g_arts[m.gt_index]
        p = p_arts[m.pred_index] if m.pred_index is not None else None
        bad = [
            f for f in ("headline", "byline") if (getattr(g, f) or "") != (getattr(p, f) if p else "") or ""
        ]
        if m.recovered and not bad:
            continue
        print(
            f"{stem} {g.id}: cer {m.cer.value:.3f} body {m.body_cer.value:.3f}{' SPLIT' if m.split else ''}",
            file=sys.stdout,
        )
        for f in ("kicker", "headline", "subheadline", "byline"):
            gv, pv = getattr(g, f) or "", (getattr(p, f) if p else "") or ""
            if gv != pv:
                print(f"    {f:<11} gt={_short(gv)!r:<34} pred={_short(pv)!r}")
        if p is not None and m.body_cer.value > 0.05:
            gb, pb = g.body_text, p.body_text
            print(
                f"    body gt {len(gb)} chars, pred {len(pb)}: gt[:40]={_short(gb, 40)!r} pred[:40]={_short(pb, 40)!r}"
            )
            print(f"                                   gt[-40:]={gb[-40:]!r} pred[-40:]={pb[-40:]!r}")


if __name__ == "__main__":
    main()
