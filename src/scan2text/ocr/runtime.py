"""onnxruntime sessions and input normalisation shared by the model runners."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from scan2text.errors import ModelError

log = logging.getLogger(__name__)


def make_session(path: Path, threads: int = 0) -> Any:
    """An onnxruntime CPU session with the memory arena ON.

    FINDINGS.md: with the arena off every new input size costs a slow first
    run (25 s instead of 6 s for detection on a 3000x4200 page).
    """
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.enable_cpu_mem_arena = True
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    if threads > 0:
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own exception types
        raise ModelError(f"onnxruntime cannot load the model: {e}", path) from e


_RUN_OPTIONS: Any = None


def run_model(session: Any, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
    """``session.run`` that hands the arena's unused memory back after the call.

    With the arena on, every new input shape (tile, recognition batch width)
    can leave chunks behind, and a long batch's resident memory creeps up from
    page to page; shrinking after each run keeps a worker's peak that of its
    largest single inference.
    """
    global _RUN_OPTIONS
    if _RUN_OPTIONS is None:
        import onnxruntime as ort

        ro = ort.RunOptions()
        ro.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        _RUN_OPTIONS = ro
    out: list[np.ndarray] = session.run(None, feed, _RUN_OPTIONS)
    return out


def normalise(batch_bgr: np.ndarray, spec: dict[str, Any]) -> np.ndarray:
    """uint8 NHWC BGR batch -> float32 NCHW, scaled and normalised as the manifest says."""
    scale = float(spec.get("scale", 1 / 255))
    mean = np.asarray(spec.get("mean", [0.5, 0.5, 0.5]), np.float32).reshape(1, 1, 1, 3)
    std = np.asarray(spec.get("std", [0.5, 0.5, 0.5]), np.float32).reshape(1, 1, 1, 3)
    x = batch_bgr.astype(np.float32) * np.float32(scale)
    x = (x - mean) / std
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))
