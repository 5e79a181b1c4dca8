"""The fixed benchmark set: Chinese and English pages, clean and degraded, 4 to 8 columns.

Page ``i`` of the set is Chinese when ``i`` is even and English when odd; pairs
alternate clean and degraded (``000_zh_clean``, ``001_en_clean``,
``002_zh_degraded``, ``003_en_degraded``, ...). Column counts cycle through 4 to
8; pages of more columns than fit a tabloid are set on a broadsheet, and
degraded broadsheets are set at 200 or 250 dpi (the "lower dpi" defect), so
the set stays quick to OCR.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from typing import Any

from benchmarks.pagerender.render import render_page, save_page
from benchmarks.pagerender.spec import RenderSpec

log = logging.getLogger(__name__)

COLUMN_CYCLE = (4, 5, 6, 7, 8)


def benchmark_specs(n: int = 20, seed: int = 1) -> list[RenderSpec]:
    """The specs of the set's ``n`` pages for ``seed``."""
    rng = random.Random(f"benchmark-set/{seed}")
    specs = []
    for i in range(n):
        lang = "zh" if i % 2 == 0 else "en"
        degraded = (i // 2) % 2 == 1
        cols = COLUMN_CYCLE[(i // 2) % len(COLUMN_CYCLE)]
        broadsheet = cols >= (7 if lang == "zh" else 6)
        dpi = 300
        if degraded:
            dpi = rng.choice([200, 250]) if broadsheet else rng.choice([250, 300, 300])
        name = f"{i:03d}_{lang}_{'degraded' if degraded else 'clean'}.png"
        specs.append(
            RenderSpec(
                lang=lang,
                seed=seed * 1000 + i,
                dpi=dpi,
                page="broadsheet" if broadsheet else "tabloid",
                columns=cols,
                n_articles=rng.randint(4, 7),
                degraded=degraded,
                image_name=name,
            )
        )
    return specs


def render_benchmark_set(out_dir: str | Path, n: int = 20, seed: int = 1) -> list[tuple[Path, Path]]:
    """Render the set into ``out_dir`` as ``NNN_<lang>_<clean|degraded>.png`` + ``.gt.json``; returns the pairs.

    ``out_dir/index.json`` lists each page with the spec it was made from.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pairs: list[tuple[Path, Path]] = []
    index: list[dict[str, Any]] = []
    for spec in benchmark_specs(n, seed):
        assert spec.image_name is not None
        image, gt = render_page(spec)
        png = out / spec.image_name
        gt_path = save_page(image, gt, png)
        pairs.append((png, gt_path))
        index.append(
            {
                "image": png.name,
                "gt": gt_path.name,
                "lang": spec.lang,
                "degraded": spec.degraded,
                "dpi": spec.dpi,
                "page": spec.page,
                "columns": spec.columns,
                "articles": len(gt["articles"]),
                "seed": spec.seed,
                "skew": gt["skew"],
            }
        )
        log.info("rendered %s (%d articles, %d columns)", png.name, len(gt["articles"]), len(gt["columns"]))
    (out / "index.json").write_text(
        json.dumps({"schema": "scan2text/render-set/1", "seed": seed, "pages": index}, indent=1) + "\n",
        encoding="utf-8",
    )
    return pairs
