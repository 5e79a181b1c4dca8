"""Batch processing at archive scale: resumable, parallel, fault-isolated.

``scan2text batch INPUT_DIR OUTPUT_DIR`` (or :func:`run_batch`) processes every
page image and PDF under ``INPUT_DIR`` into ``OUTPUT_DIR``, mirroring the
folder tree, in parallel worker processes or on a Dask cluster, and records
each file's outcome in ``OUTPUT_DIR/manifest.jsonl`` so that an interrupted
or repeated run does only what is left::

    from scan2text.batch import BatchConfig, run_batch
    summary = run_batch(BatchConfig(Path("scans"), Path("out"), jobs=4))
    print(summary.one_line())
"""

from __future__ import annotations

from scan2text.batch.config import BatchAbort, BatchConfig, BatchSummary, PipelineFactory, options_hash
from scan2text.batch.manifest import latest_records, read_records
from scan2text.batch.runner import run_batch

__all__ = [
    "BatchAbort",
    "BatchConfig",
    "BatchSummary",
    "PipelineFactory",
    "latest_records",
    "options_hash",
    "read_records",
    "run_batch",
]
