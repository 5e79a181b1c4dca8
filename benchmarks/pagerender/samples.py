"""Regenerate the bundled samples: ``python -m benchmarks.pagerender.samples samples/``.

Writes ``seed-page.png`` / ``seed-page.gt.json`` (the six real seed articles
set as a county front page) and ``english-page.png`` / ``english-page.gt.json``
(a five-column English front page). Both are clean 300-dpi pages with pure
black text, saved as 8-bit greyscale PNG.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from benchmarks.pagerender.render import render_page, save_page
from benchmarks.pagerender.seedpage import render_seed_page
from benchmarks.pagerender.spec import RenderSpec

log = logging.getLogger(__name__)

ENGLISH_SPEC = RenderSpec(
    lang="en",
    seed=14,
    dpi=300,
    page="tabloid",
    columns=5,
    n_articles=5,
    page_number=1,
    image_name="english-page.png",
    antialias=False,
)


def write_samples(out_dir: str | Path) -> list[Path]:
    """Write the two sample pages and their ground truth into ``out_dir``; returns the files written."""
    out = Path(out_dir)
    written: list[Path] = []
    image, gt = render_seed_page()
    written += [out / "seed-page.png", save_page(image, gt, out / "seed-page.png", optimize=True)]
    image, gt = render_page(ENGLISH_SPEC)
    written += [out / "english-page.png", save_page(image, gt, out / "english-page.png", optimize=True)]
    for path in written:
        log.info("wrote %s (%d KB)", path, path.stat().st_size // 1024)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pagerender.samples", description=__doc__)
    ap.add_argument("out_dir", type=Path, nargs="?", default=Path("samples"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_samples(args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
