"""Run one OCR tool over a list of page images in this process and report time and peak memory.

The benchmark starts one such process per tool, so the peak resident memory
(``ru_maxrss``) of each is measured on its own:

    python -m benchmarks.ocr_worker scan2text OUT_DIR PAGE.png ... [--model-set S]
    python -m benchmarks.ocr_worker tesseract OUT_DIR PAGE.png ... [--lang chi_sim]

Each page gives ``OUT_DIR/<stem>.json`` (a scan2text page tree; Tesseract's
blocks become its articles) and the run gives ``OUT_DIR/timing.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scan2text.document import Article, Block, BlockRole, Document, Line, Page, Paragraph


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def run_scan2text(
    pages: list[Path], out: Path, model_set: str, articles: bool, clean_background: bool = False
) -> dict[str, object]:
    """scan2text in this process: models loaded once, then every page."""
    from scan2text.options import Options
    from scan2text.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline(Options(model_set=model_set, articles=articles, clean_background=clean_background))
    load = time.perf_counter() - t0
    # The page as the OCR stage leaves it (lines, no layout) goes to OUT/raw/, so
    # that benchmarks.relayout can rerun the layout stage on the detector's own
    # lines. Copying it is kept out of the page's time.
    raw: list[Page] = []
    copy_s = 0.0
    assemble = pipeline.assemble

    def keep_raw(page: Page, grey: Any) -> Page:
        nonlocal copy_s
        t = time.perf_counter()
        raw.append(Page.from_dict(page.to_dict()))
        copy_s += time.perf_counter() - t
        return assemble(page, grey)

    pipeline.assemble = keep_raw  # type: ignore[method-assign]
    (out / "raw").mkdir(parents=True, exist_ok=True)
    per_page = {}
    for p in pages:
        raw.clear()
        copy_s = 0.0
        t = time.perf_counter()
        doc = pipeline.process_file(p)
        per_page[p.stem] = time.perf_counter() - t - copy_s
        (out / f"{p.stem}.json").write_text(doc.to_json(), encoding="utf-8")
        if articles:
            raw_doc = Document(source=doc.source, pages=list(raw), metadata=doc.metadata)
            (out / "raw" / f"{p.stem}.json").write_text(raw_doc.to_json(), encoding="utf-8")
    return {
        "tool": f"scan2text ({model_set})",
        "load_s": load,
        "seconds": per_page,
        "peak_mb": _peak_mb(resource.RUSAGE_SELF),
    }


def _tesseract_page(image: Path, lang: str) -> Page:
    """Tesseract 5 (psm 3) TSV -> a page tree whose blocks are taken as its articles."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "t"
        subprocess.run(
            ["tesseract", str(image), str(base), "-l", lang, "--psm", "3", "tsv"],
            check=True,
            capture_output=True,
        )
        rows = (base.with_suffix(".tsv")).read_text(encoding="utf-8").splitlines()[1:]
    joiner = "" if lang.startswith("chi") else " "
    blocks: dict[int, dict[tuple[int, int], list[tuple[int, int, int, int, str, float]]]] = {}
    for row in rows:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        block, par, line = int(f[2]), int(f[3]), int(f[4])
        x, y, w, h = (int(v) for v in f[6:10])
        blocks.setdefault(block, {}).setdefault((par, line), []).append((x, y, w, h, f[11], float(f[10])))
    with Image.open(image) as im:
        width, height = im.size
    page = Page(id=image.stem, width=width, height=height, source=str(image))
    for b_index, (bnum, lines) in enumerate(sorted(blocks.items())):
        blk = Block(id=f"b{bnum}", role=BlockRole.body)
        paras: dict[int, list[str]] = {}
        for (par, ln), words in sorted(lines.items()):
            x0 = min(w[0] for w in words)
            y0 = min(w[1] for w in words)
            x1 = max(w[0] + w[2] for w in words)
            y1 = max(w[1] + w[3] for w in words)
            text = joiner.join(w[4] for w in words)
            blk.lines.append(
                Line(id=f"b{bnum}_l{par}_{ln}", text=text, polygon=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
                     confidence=sum(w[5] for w in words) / len(words) / 100.0, text_size=y1 - y0)
            )  # fmt: skip
            paras.setdefault(par, []).append(text)
        page.blocks.append(blk)
        page.articles.append(
            Article(id=f"t{b_index + 1}", paragraphs=[Paragraph(joiner.join(v)) for _, v in sorted(paras.items())],
                    block_ids=[blk.id])
        )  # fmt: skip
    return page


def run_tesseract(pages: list[Path], out: Path, lang: str) -> dict[str, object]:
    """Tesseract on every page (one process per page, as the tesseract CLI works)."""
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[
        0
    ]
    per_page = {}
    for p in pages:
        t = time.perf_counter()
        page_lang = (
            lang
            if lang != "auto"
            else ("eng" if "_en_" in p.name or p.stem.startswith("english") else "chi_sim")
        )
        page = _tesseract_page(p, page_lang)
        per_page[p.stem] = time.perf_counter() - t
        (out / f"{p.stem}.json").write_text(Document(source=str(p), pages=[page]).to_json(), encoding="utf-8")
    threads = os.environ.get("OMP_THREAD_LIMIT")
    tool = f"{version} ({'1 thread' if threads == '1' else f'{threads} threads' if threads else 'OpenMP default threads'})"
    return {"tool": tool, "load_s": 0.0, "seconds": per_page, "peak_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool", choices=["scan2text", "tesseract"])
    ap.add_argument("out", type=Path)
    ap.add_argument("pages", type=Path, nargs="+")
    ap.add_argument("--model-set", default="ppocrv5-det-v6-rec")
    ap.add_argument("--no-articles", action="store_true")
    ap.add_argument("--clean-background", action="store_true", help="scan2text: whiten the paper before OCR")
    ap.add_argument("--lang", default="auto")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.tool == "scan2text":
        report = run_scan2text(
            args.pages, args.out, args.model_set, not args.no_articles, args.clean_background
        )
    else:
        report = run_tesseract(args.pages, args.out, args.lang)
    (args.out / "timing.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({"tool": report["tool"], "peak_mb": report["peak_mb"]}), file=sys.stderr)


if __name__ == "__main__":
    main()
