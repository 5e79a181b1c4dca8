"""A newspaper page renderer with exact ground truth, for end-to-end tests and the benchmark.

It sets multi-column pages (Chinese or English) from text, with kickers,
headlines, subheadlines, bylines in the forms real papers use, pictures with
captions, rules, boxes and page furniture, optionally degraded like a scan, and
writes ground truth down to every printed line (schema ``scan2text/render-gt/1``,
see :mod:`benchmarks.pagerender.gt`).

    from benchmarks.pagerender import render_page, RenderSpec, render_seed_page, render_benchmark_set
    image, gt = render_page(RenderSpec(lang="zh", seed=3))

Command lines: ``python -m benchmarks.pagerender OUT_DIR --n 20 --seed 1`` (the
benchmark set) and ``python -m benchmarks.pagerender.samples samples/``.
"""

from __future__ import annotations

from benchmarks.pagerender.bench import benchmark_specs, render_benchmark_set
from benchmarks.pagerender.degrade import map_point
from benchmarks.pagerender.gt import SCHEMA, all_lines
from benchmarks.pagerender.render import render_page, save_page
from benchmarks.pagerender.seedpage import render_seed_page
from benchmarks.pagerender.spec import PAGE_FORMATS, Degradation, RenderError, RenderSpec

__all__ = [
    "PAGE_FORMATS",
    "SCHEMA",
    "Degradation",
    "RenderError",
    "RenderSpec",
    "all_lines",
    "benchmark_specs",
    "map_point",
    "render_benchmark_set",
    "render_page",
    "render_seed_page",
    "save_page",
]
