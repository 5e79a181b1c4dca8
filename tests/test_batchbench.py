"""The pure parts of ``benchmarks.batchbench``: markers, figures, /proc parsing, the section text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks.batchbench import (
    END,
    START,
    RunFigures,
    _clear_dir,
    _pages_reusable,
    check_complete,
    descendants,
    format_section,
    mix_text,
    page_size_text,
    parse_stat,
    parse_status_kb,
    speedups,
    worker_peaks,
    write_between_markers,
)

BENCH = """# Benchmarks

intro

<!-- bench:start -->
bench table
<!-- bench:end -->

## What the latest run says

- notes
"""


def test_markers_are_appended_after_the_bench_section_then_replaced_in_place(tmp_path: Path) -> None:
    md = tmp_path / "BENCHMARKS.md"
    md.write_text(BENCH, encoding="utf-8")
    write_between_markers(md, "first\ntable")
    text = md.read_text(encoding="utf-8")
    # Everything that was there is kept as it was, and the new section follows it.
    assert text.startswith(BENCH)
    assert text[len(BENCH) :] == f"\n{START}\nfirst\ntable\n{END}\n"

    # Text added by hand after the section survives a rewrite; only the part between markers changes.
    md.write_text(text + "\nhand-written note\n", encoding="utf-8")
    write_between_markers(md, "second")
    again = md.read_text(encoding="utf-8")
    assert again == BENCH + f"\n{START}\nsecond\n{END}\n\nhand-written note\n"
    assert again.count(START) == 1 and "first" not in again


def test_markers_in_a_missing_file_and_a_file_without_final_newline(tmp_path: Path) -> None:
    new = tmp_path / "new.md"
    write_between_markers(new, "x")
    assert new.read_text(encoding="utf-8") == f"{START}\nx\n{END}\n"
    bare = tmp_path / "bare.md"
    bare.write_text("# B\ntext", encoding="utf-8")
    write_between_markers(bare, "y")
    assert bare.read_text(encoding="utf-8") == f"# B\ntext\n\n{START}\ny\n{END}\n"


def test_a_start_marker_without_end_marker_is_not_taken_for_a_section(tmp_path: Path) -> None:
    md = tmp_path / "b.md"
    md.write_text(f"mentions {START} in prose\n", encoding="utf-8")
    write_between_markers(md, "z")
    assert md.read_text(encoding="utf-8").endswith(f"\n{START}\nz\n{END}\n")
    assert md.read_text(encoding="utf-8").startswith(f"mentions {START} in prose\n")


def test_check_complete_names_every_missing_or_unfinished_page() -> None:
    records = {
        "a.png": {"status": "done"},
        "b.png": {"status": "failed", "error": "timeout after 600 s"},
    }
    assert check_complete(records, ["a.png"]) == []
    problems = check_complete(records, ["a.png", "b.png", "c.png"])
    assert problems == ["b.png: failed (timeout after 600 s)", "c.png: no manifest record"]


def test_worker_peaks_take_the_largest_figure_of_each_worker() -> None:
    records: list[dict[str, Any]] = [
        {"path": "a", "worker_pid": 11, "peak_rss_mb": 900.0},
        {"path": "b", "worker_pid": 12, "peak_rss_mb": 1500.5},
        {"path": "c", "worker_pid": 11, "peak_rss_mb": 2100.0},
        {"path": "d", "worker_pid": 11, "peak_rss_mb": 2000.0},  # cannot fall, but take the max anyway
        {"path": "e", "status": "failed"},  # a timeout recorded by the batch: no worker figures
    ]
    assert worker_peaks(records) == {11: 2100.0, 12: 1500.5}


def _run(jobs: int, pages: int, wall: float, **kw: object) -> RunFigures:
    return RunFigures(
        jobs=jobs,
        command=f"scan2text batch in out -j {jobs} -q",
        pages=pages,
        wall_s=wall,
        threads_per_worker=2 // jobs,
        page_seconds=[20.0, 40.0] if jobs == 1 else [30.0, 50.0],
        worker_peak_mb={100: 2000.0} if jobs == 1 else {200: 1800.0, 201: 1900.0},
        **kw,  # type: ignore[arg-type]
    )


def test_pages_per_minute_speedup_and_memory_figures() -> None:
    j1 = _run(1, 40, 1600.0, batch_peak_mb=120.0, tree_peak_mb=2150.0)
    j2 = _run(2, 40, 1200.0, batch_peak_mb=125.0, tree_peak_mb=None)
    assert j1.pages_per_minute == 1.5  # 40 pages in 1600 s
    assert j2.pages_per_minute == 2.0  # 40 pages in 1200 s
    assert speedups([j1, j2]) == [1.0, 2.0 / 1.5]
    assert j1.mean_page_s == 30.0 and j2.mean_page_s == 40.0
    assert j2.max_worker_mb == 1900.0
    assert j1.total_mb == 2150.0  # the sampled figure where there is one
    assert j2.total_mb == 125.0 + 1800.0 + 1900.0  # else the peaks added
    assert speedups([_run(1, 0, 0.0), j2]) == [None, None]


def test_section_shows_the_figures_of_each_run() -> None:
    j1 = _run(1, 40, 1600.0, batch_peak_mb=120.0, tree_peak_mb=2150.0)
    j2 = _run(2, 40, 1200.0, batch_peak_mb=125.4, tree_peak_mb=3950.0)
    meta = {
        "command": "python -m benchmarks.batchbench --n 40",
        "date": "2026-12-01 10:00",
        "machine": "Linux-x86_64, 2 cores",
        "pages": 40,
        "seed": 2023,
        "mix": "20 Chinese / 20 English",
        "page_size": "2067×2923 to 3508×4996 px (mean 9.0 Mpx)",
        "batch_command": "scan2text batch out/pages out/j<N> -j <N> -q",
    }
    text = format_section([j1, j2], meta)
    assert "(-j 1: 0.5, -j 2: 3.2)" not in text  # no load figures given
    j1.load_before, j2.load_before = 0.5, 3.2
    assert "(-j 1: 0.5, -j 2: 3.2)" in format_section([j1, j2], meta)
    rows = [line for line in text.splitlines() if line.startswith("| 1 ") or line.startswith("| 2 ")]
    assert rows == [
        "| 1 | 40 | 1600 | 1.50 | 1.00× | 30.0 | 2 | 1 | 2000 | 120 | 2150 |",
        "| 2 | 40 | 1200 | 2.00 | 1.33× | 40.0 | 1 | 2 | 1900 | 125 | 3950 |",
    ]
    for value in meta.values():
        assert str(value) in text


def test_page_size_and_mix_text() -> None:
    assert page_size_text([(2480, 3508), (2067, 2923), (3508, 4996)]) == (
        "2067×2923 to 3508×4996 px (mean 10.8 Mpx)"
    )
    assert page_size_text([(100, 200), (100, 200)]) == "100×200 px (mean 0.0 Mpx)"
    pages = [
        {"lang": "zh", "degraded": False, "page": "tabloid", "dpi": 300},
        {"lang": "en", "degraded": False, "page": "tabloid", "dpi": 300},
        {"lang": "zh", "degraded": True, "page": "broadsheet", "dpi": 200},
    ]
    assert (
        mix_text(pages) == "2 Chinese / 1 English, 2 clean / 1 degraded, broadsheet and tabloid, 200-300 dpi"
    )


def test_proc_parsing_and_process_tree() -> None:
    # A command name with spaces and parentheses must not shift the fields after it.
    assert parse_stat("4242 (odd ) (name) S 17 4242 4242 0 -1") == (4242, "odd ) (name", 17)
    assert parse_stat("7 (python3) R 1 7 7") == (7, "python3", 1)
    status = "Name:\tpython3\nVmHWM:\t  2734080 kB\nVmRSS:\t  1024 kB\nThreads:\t3\n"
    assert parse_status_kb(status) == {"VmHWM": 2734080, "VmRSS": 1024}
    # batch 10 -> forkserver 11 -> workers 12, 13; 20 is someone else's.
    parents = {10: 1, 11: 10, 12: 11, 13: 11, 20: 1, 21: 20}
    assert sorted(descendants(parents, 10)) == [10, 11, 12, 13]
    assert descendants(parents, 99) == [99]


def test_rendered_pages_are_reused_only_when_exactly_the_set_is_there(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    names = ["000_zh_clean.png", "001_en_clean.png"]
    for n in names:
        (pages / n).write_bytes(b"png")
    index = {"seed": 2023, "pages": [{"image": n} for n in names]}
    (pages / "index.json").write_text(json.dumps(index), encoding="utf-8")
    assert _pages_reusable(pages, names, 2023)
    assert not _pages_reusable(pages, names, 1)  # another seed
    assert not _pages_reusable(pages, [*names, "002_zh_degraded.png"], 2023)  # more pages asked for
    assert not _pages_reusable(pages, names[:1], 2023)  # fewer: the batch would read the extra page
    (pages / "stray.png").write_bytes(b"png")
    assert not _pages_reusable(pages, names, 2023)  # an image the batch would also pick up
    assert not _pages_reusable(tmp_path / "missing", names, 2023)


def test_only_empty_or_own_folders_are_cleared(tmp_path: Path) -> None:
    own = tmp_path / "j1"
    own.mkdir()
    (own / "manifest.jsonl").write_text("", encoding="utf-8")
    (own / "page.json").write_text("{}", encoding="utf-8")
    _clear_dir(own, "batch output", ("manifest.jsonl",))
    assert not own.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    _clear_dir(empty, "batch output", ("manifest.jsonl",))
    assert not empty.exists()
    foreign = tmp_path / "work"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit):
        _clear_dir(foreign, "batch output", ("manifest.jsonl",))
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "keep me"
