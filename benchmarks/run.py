"""`make bench`: scan2text beside Tesseract 5 on a fixed rendered set, the samples and real scans.

    python -m benchmarks.run --out bench-out --write BENCHMARKS.md

1. renders the fixed benchmark set (``benchmarks.pagerender``, fixed seed);
2. runs scan2text and Tesseract (psm 3; its blocks are its 'articles') on it,
   each in its own process so that peak memory is each tool's own;
3. scores both with ``scan2text.evaluation`` (the same code as ``scan2text eval``);
4. runs each tool alone on the largest Chinese page (one ~3500x5000 page: time, peak memory);
5. compares the model sets on a subset (accuracy and speed) to justify the default;
6. runs scan2text on the real scans of ``../shared/corpus/real`` that have article ground truth;
7. writes the tables between markers in BENCHMARKS.md, with the command that made them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _worker(
    tool: str, out: Path, pages: list[Path], *extra: str, omp_threads: str | None = "1"
) -> dict[str, Any]:
    """One tool over ``pages`` in its own process. Tesseract runs single-threaded
    (``OMP_THREAD_LIMIT=1``) unless ``omp_threads`` is None (its OpenMP default):
    on this 2-core machine its OpenMP build is 2.5x slower with the default."""
    cmd = [sys.executable, "-m", "benchmarks.ocr_worker", tool, str(out), *map(str, pages), *extra]
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if tool == "tesseract" and omp_threads is not None:
        env["OMP_THREAD_LIMIT"] = omp_threads
    print(f"[bench] {tool} {' '.join(extra)} on {len(pages)} page(s)", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    return json.loads((out / "timing.json").read_text())


def _score(pred_dir: Path, items: list[tuple[Path, Path]]) -> dict[str, Any]:
    """Score every prediction against its ground truth; corpus totals are weighted."""
    from scan2text.evaluation import evaluate_documents, read_document

    pairs = []
    for image, gt in items:
        pairs.append((read_document(pred_dir / f"{image.stem}.json"), read_document(gt)))
    return evaluate_documents(pairs).flat()


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _row(name: str, s: dict[str, Any], secs: float, peak: float) -> str:
    keys = [
        "cer",
        "bag_recall",
        "fca",
        "articles_whole",
        "headline_f1",
        "byline_p",
        "byline_r",
        "paragraph_f1",
    ]
    return "| " + " | ".join([name, *(_fmt(s.get(k)) for k in keys), f"{secs:.1f}", f"{peak:.0f}"]) + " |"


HEADER = (
    "| tool | CER | order-free char recall | FCA | articles whole (CER≤0.05) | headline F1 | byline P | byline R "
    "| paragraph-boundary F1 | s/page | peak MB |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out")
    ap.add_argument("--write", type=Path, default=None, help="BENCHMARKS.md to update between its markers")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument(
        "--compare-pages", type=int, default=4, help="pages for the model-set comparison (0: skip)"
    )
    ap.add_argument("--no-tesseract", action="store_true")
    ap.add_argument("--no-real", action="store_true")
    args = ap.parse_args(argv)
    from benchmarks.pagerender import render_benchmark_set

    t_all = time.perf_counter()
    pages_dir = args.out / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    rendered = render_benchmark_set(pages_dir, n=args.n, seed=args.seed)
    items = [(Path(p), Path(g)) for p, g in rendered]
    samples = [
        (ROOT / "samples" / f"{s}.png", ROOT / "samples" / f"{s}.gt.json")
        for s in ("seed-page", "english-page")
    ]
    samples = [(p, g) for p, g in samples if p.exists()]
    images = [p for p, _ in items + samples]

    runs: dict[str, dict[str, Any]] = {}
    runs["scan2text"] = _worker("scan2text", args.out / "scan2text", images)
    if not args.no_tesseract:
        runs["tesseract"] = _worker("tesseract", args.out / "tesseract", images)

    command = " ".join(["python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])])
    lines = [f"Command: `{command}` (`make bench` runs it with the defaults), "
             f"seed {args.seed}, {len(items)} rendered pages + {len(samples)} samples; "
             f"{platform.processor() or platform.machine()}, {platform.python_version()}, "
             f"{time.strftime('%Y-%m-%d')}.", ""]  # fmt: skip
    groups = {
        "all rendered pages": items,
        "Chinese, clean": [i for i in items if "_zh_clean" in i[0].name],
        "Chinese, degraded": [i for i in items if "_zh_degraded" in i[0].name],
        "English, clean": [i for i in items if "_en_clean" in i[0].name],
        "English, degraded": [i for i in items if "_en_degraded" in i[0].name],
        "samples (seed page, English page)": samples,
    }
    for title, group in groups.items():
        if not group:
            continue
        lines += [f"### {title} ({len(group)} pages)", "", HEADER]
        for tool, report in runs.items():
            secs = [report["seconds"][p.stem] for p, _ in group]
            scores = _score(args.out / tool, group)
            lines.append(_row(report["tool"], scores, sum(secs) / len(secs), report["peak_mb"]))
        lines.append("")
    if "tesseract" in runs:
        s_t = sum(runs["scan2text"]["seconds"].values())
        t_t = sum(runs["tesseract"]["seconds"].values())
        lines += [f"Time ratio scan2text / Tesseract over all pages: **{s_t / t_t:.2f}** "
                  f"({s_t:.0f} s vs {t_t:.0f} s); model loading {runs['scan2text']['load_s']:.1f} s once.", ""]  # fmt: skip

    lines += _big_page(args.out, items, runs)

    if args.compare_pages:
        # The first pages of the set: one of each group (clean and degraded, Chinese and English).
        subset = items[: args.compare_pages]
        lines += [f"### Model sets ({', '.join(p.stem for p, _ in subset)}; OCR only, no articles)", "",
                  "| model set | order-free char recall | CER | s/page | peak MB |", "|---|---|---|---|---|"]  # fmt: skip
        for model_set in (
            "ppocrv5-det-v6-rec",
            "ppocrv5-mobile",
            "ppocrv4-mobile",
            "ppocrv6-small",
            "ppocrv6-tiny",
        ):
            out = args.out / f"models-{model_set}"
            rep = _worker("scan2text", out, [p for p, _ in subset], "--model-set", model_set, "--no-articles")
            sc = _score(out, subset)
            secs = sum(rep["seconds"].values()) / len(subset)
            lines.append(
                f"| {model_set} | {_fmt(sc.get('bag_recall'))} | {_fmt(sc.get('cer'))} | {secs:.1f} | {rep['peak_mb']:.0f} |"
            )
        lines.append("")

    if not args.no_real:
        lines += _real_pages(args.out)

    lines.append(f"Whole benchmark: {(time.perf_counter() - t_all) / 60:.1f} min.")
    text = "\n".join(lines)
    print(text)
    if args.write:
        _write_between_markers(args.write, text)


def _big_page(out: Path, items: list[tuple[Path, Path]], runs: dict[str, dict[str, Any]]) -> list[str]:
    """The largest Chinese page alone, each tool in a fresh process: seconds and peak memory of one page."""
    from PIL import Image

    zh = [p for p, _ in items if "_zh_" in p.name]
    if not zh:
        return []
    sizes = {p: Image.open(p).size for p in zh}
    page = max(zh, key=lambda p: sizes[p][0] * sizes[p][1])
    w, h = sizes[page]
    lines = [f"### One {w}×{h} page ({page.stem}), each tool alone in a fresh process", "",
             "| tool | s/page | peak MB |", "|---|---|---|"]  # fmt: skip
    secs: dict[str, float] = {}
    variants: list[tuple[str, str, str | None]] = [("scan2text", "scan2text", None)]
    if "tesseract" in runs:
        variants += [("tesseract", "tesseract", "1"), ("tesseract", "tesseract-openmp", None)]
    for tool, key, omp in variants:
        rep = _worker(tool, out / f"big-{key}", [page], omp_threads=omp)
        secs[key] = rep["seconds"][page.stem]
        lines.append(f"| {rep['tool']} | {secs[key]:.1f} | {rep['peak_mb']:.0f} |")
    if "tesseract" in secs:
        lines += ["", f"Time ratio scan2text / Tesseract on this page: **{secs['scan2text'] / secs['tesseract']:.2f}** "
                  f"against Tesseract single-threaded, {secs['scan2text'] / secs['tesseract-openmp']:.2f} against "
                  "its OpenMP default (which is slower on this 2-core machine)."]  # fmt: skip
    return [*lines, ""]


def _real_pages(out: Path) -> list[str]:
    """Real scans with article ground truth (METS/ALTO, iArchives); reported apart from the rendered set."""
    from scan2text.document import Document, Page
    from scan2text.evaluation import evaluate_documents, read_document, select_pages
    from scan2text.evaluation.regions import region_matches, region_summary

    lines: list[str] = []
    real = SHARED / "corpus" / "real"
    mets = real / "cambridge_chronicle_1973" / "Chronicle_19730104_METS.xml"
    images = [mets.parent / f"Chronicle_19730104_000{n}.jp2" for n in (1, 3)]
    if not mets.exists() or not all(i.exists() for i in images):
        lines += ["Real scan Cambridge Chronicle: not found in ../shared/corpus/real; skipped.", ""]
    else:
        rep = _worker("scan2text", out / "real", images)
        lines += ["### Real scans: Cambridge Chronicle 1973-01-04 pp.1 and 3 (METS article GT; its text is ABBYY OCR, partly "
                  "corrected)", "", "Each page is scored alone: articles that run on from p.1 to p.3 are cut to what the "
                  "page prints. Page 3 is mostly advertisements and continued stories. Both pages run in one worker: "
                  "peak MB is its peak over the two.", "",
                  HEADER.replace("| tool |", "| page |")]  # fmt: skip
        for image in images:
            number = image.stem[-4:]

            def on_page(p: Page, n: str = number) -> bool:
                return n in (p.source or p.id)

            gt = select_pages(read_document(mets), on_page)
            pred = read_document(out / "real" / f"{image.stem}.json")
            s = evaluate_documents([(pred, gt)]).flat()
            lines.append(_row(f"p.{int(number)}", s, rep["seconds"][image.stem], rep["peak_mb"]))
        # Both pages as one issue, as `scan2text run --issue` reads them: the
        # stories continued from p.1 on p.3 are linked, and scored whole.
        from scan2text.continuations import link_continuations

        issue = Document(source="Chronicle_19730104", pages=[])
        for image in images:
            issue.pages += read_document(out / "real" / f"{image.stem}.json").pages
        chains = link_continuations(issue)
        gt = select_pages(
            read_document(mets), lambda p: any(i.stem[-4:] in (p.source or p.id) for i in images)
        )
        s = evaluate_documents([(issue, gt)]).flat()
        seconds = sum(rep["seconds"][i.stem] for i in images) / len(images)
        lines.append(
            _row(f"pp.1+3 as one issue ({len(chains)} continued stories linked)", s, seconds, rep["peak_mb"])
        )
        lines += ["", "The issue row scores the two pages as one document, as `scan2text run --issue` writes "
                  "them: a story continued from p.1 on p.3 is one article in the ground truth, and its linked "
                  "parts are one article in the prediction.", ""]  # fmt: skip

    unit = real / "topaz_times_1944" / "unit.xml"
    tif = real / "topaz_times_1944" / "pages" / "images" / "ttt_19441101-19450131_0059.tif"
    if not unit.exists() or not tif.exists():
        return [*lines, "Real scan Topaz Times: not found in ../shared/corpus/real; skipped.", ""]

    def folded(doc: Document) -> Document:
        # The headlines are keyed in title case, printed in capitals: compare them case-folded too.
        d = Document.from_dict(doc.to_dict())
        for a in (a for p in d.pages for a in p.articles):
            a.kicker, a.headline, a.subheadline, a.byline = (
                t.casefold() if t else t for t in (a.kicker, a.headline, a.subheadline, a.byline)
            )
            for para in a.paragraphs:
                para.text = para.text.casefold()
        return d

    rep = _worker("scan2text", out / "real-topaz", [tif])
    gt, pred = read_document(unit), read_document(out / "real-topaz" / f"{tif.stem}.json")
    keyed = evaluate_documents([(pred, gt)]).flat()
    cf = evaluate_documents([(folded(pred), folded(gt))]).flat()
    box = region_summary(region_matches(pred.pages[0], gt.pages[0]))
    lines += ["### Real scan: Topaz Times 1944-12-13 p.1 (iArchives GT: keyed headlines and article-clipping "
              "rectangles; its body text is raw 2002 OCR, so CER is not meaningful and not shown)", "",
              "| tool | headline P | headline R | headline F1 | headline F1 (case as keyed) | GT articles "
              "| mean box IoU | boxes IoU≥0.5 | s/page | peak MB |", "|---|---|---|---|---|---|---|---|---|---|",
              f"| scan2text | {_fmt(cf.get('headline_p'))} | {_fmt(cf.get('headline_r'))} | {_fmt(cf.get('headline_f1'))} "
              f"| {_fmt(keyed.get('headline_f1'))} | {box['articles']} | {_fmt(box['mean_iou'])} "
              f"| {_fmt(box['share_hit'])} | {rep['seconds'][tif.stem]:.1f} | {rep['peak_mb']:.0f} |",
              "", "Headlines case-folded (keyed in title case, printed in capitals); boxes: for each GT article "
              "the predicted article overlapping its clipping rectangle most (`scan2text.evaluation.regions`).",
              ""]  # fmt: skip
    return lines


def _write_between_markers(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in old:
        old += f"\n{START}\n{END}\n"
    head, rest = old.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
