"""Benchmark tooling for scan2text: the page renderer (``benchmarks.pagerender``) and the benchmark runner.

Nothing here is part of the installed ``scan2text`` package; it is run from the repository root.
"""
