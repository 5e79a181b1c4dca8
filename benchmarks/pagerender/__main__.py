"""Command line: ``python -m benchmarks.pagerender OUT_DIR --n 20 --seed 1`` renders the benchmark set."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from benchmarks.pagerender.bench import render_benchmark_set


def main(argv: list[str] | None = None) -> int:
    """Render the benchmark set into OUT_DIR; returns the exit status."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.pagerender",
        description="Render the fixed set of newspaper pages (PNG + .gt.json) used by the benchmark.",
    )
    ap.add_argument(
        "out_dir", type=Path, help="folder to write NNN_<lang>_<clean|degraded>.png/.gt.json into"
    )
    ap.add_argument("--n", type=int, default=20, help="number of pages (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the set (default 1)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    t0 = time.perf_counter()
    pairs = render_benchmark_set(args.out_dir, n=args.n, seed=args.seed)
    logging.getLogger("benchmarks.pagerender").info(
        "%d pages in %s (%.1f s)", len(pairs), args.out_dir, time.perf_counter() - t0
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
