"""Optimal assignment (the Hungarian method) for matching predicted to true articles.

A small, dependency-free replacement for ``scipy.optimize.linear_sum_assignment``:
shortest augmenting paths with row and column potentials, O(n²·m) for an
n×m matrix with n ≤ m. Article counts per page are in the tens, so plain
Python loops over numpy rows are fast enough.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def linear_sum_assignment(cost: npt.ArrayLike) -> tuple[list[int], list[int]]:
    """Pair rows with columns so that the summed cost is smallest.

    Every row is paired when there are at most as many rows as columns (and
    every column otherwise). Returns ``(rows, cols)`` sorted by row, as scipy does.
    """
    c = np.asarray(cost, dtype=float)
    if c.ndim != 2:
        raise ValueError(f"cost must be a 2-D matrix, not shape {c.shape}")
    if c.size == 0:
        return [], []
    if not np.all(np.isfinite(c)):
        raise ValueError("cost matrix holds infinite or NaN entries")
    transposed = c.shape[0] > c.shape[1]
    if transposed:
        c = c.T
    n, m = c.shape
    # 1-based arrays as in the classic formulation; index 0 is a virtual column.
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    way = np.zeros(m + 1, dtype=int)
    match_of_col = np.zeros(m + 1, dtype=int)  # row matched to each column (0: none)
    for i in range(1, n + 1):
        match_of_col[0] = i
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = match_of_col[j0]
            # Reduced costs of row i0 against every column not yet in the tree.
            cur = c[i0 - 1] - u[i0] - v[1:]
            free = ~used[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            masked = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(masked)) + 1
            delta = masked[j1 - 1]
            used_idx = np.nonzero(used)[0]
            u[match_of_col[used_idx]] += delta
            v[used_idx] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if match_of_col[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match_of_col[j0] = match_of_col[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = [(int(match_of_col[j]) - 1, j - 1) for j in range(1, m + 1) if match_of_col[j] != 0]
    if transposed:
        pairs = [(col, row) for row, col in pairs]
    pairs.sort()
    return [r for r, _ in pairs], [col for _, col in pairs]
