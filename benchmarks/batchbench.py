"""`make bench-batch`: throughput of ``scan2text batch`` with ``-j 1`` and ``-j 2``, and peak memory per worker.

    python -m benchmarks.batchbench --out bench-batch-out --n 40 --write BENCHMARKS.md

1. Renders the first ``--n`` pages of the benchmark set (:func:`benchmarks.pagerender.render_benchmark_set`,
   seed 2023 as ``make bench``: Chinese and English, clean and degraded, tabloid and broadsheet,
   200-300 dpi, full size) into ``OUT/pages``, once: the pages are reused when
   ``OUT/pages/index.json`` lists exactly those pages and they are all there.
2. For each ``-j`` of ``--jobs`` (default ``1,2``), in turn: empties ``OUT/j<N>`` (it must hold a batch
   output or nothing) and runs ``python -m scan2text batch OUT/pages OUT/j<N> -j N -q`` as a subprocess
   with the default options (JSON output, articles on), timing its whole wall clock (interpreter start,
   model loading in each worker, every page, the manifest). Meanwhile a thread samples the batch's
   process tree from ``/proc`` every 0.5 s.
3. Checks that the command exited 0 and that the manifest's last record of every rendered page is
   ``done``; otherwise it stops with an error and writes nothing.
4. Reports for each ``-j``: pages per minute (pages / wall minutes), speed-up over the first ``-j``,
   mean seconds per page inside a worker, onnxruntime threads per worker (cores // jobs, as the batch
   sets them), and memory:

   * peak MB per worker: every manifest record carries ``worker_pid`` and ``peak_rss_mb``, the worker's
     ``ru_maxrss`` after that page; the largest value per worker is its peak, the table gives the
     largest over workers (exact, not sampled);
   * batch process: its ``VmHWM`` (the kernel's own peak RSS), as last sampled before it exited;
   * all together: the largest sum of ``VmRSS`` over the whole process tree (batch process,
     forkserver, workers) seen at one sample; pages shared between processes count once per process,
     so this errs high. Without ``/proc`` (not Linux) it is the batch's and the workers' peaks added.

   It also gives the page sizes in pixels, the exact command, the date, the machine (platform, cores,
   memory). ``--write BENCHMARKS.md`` puts the section between ``<!-- batch:start -->`` and
   ``<!-- batch:end -->`` (appended at the end of the file the first time, after the ``make bench``
   section, which it never touches). Raw figures go to ``OUT/results.json``.

Time: a page takes roughly 25-50 s of both cores, so ``--n 40`` (two batches of 40 pages) runs for
35-60 minutes and needs the machine to itself (the section gives the load average as each run
started); try it first with ``--n 3`` (about 5 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

START, END = "<!-- batch:start -->", "<!-- batch:end -->"
SAMPLE_SECONDS = 0.5


# -- process tree sampling (/proc) ----------------------------------------------------------


def parse_stat(text: str) -> tuple[int, str, int]:
    """(pid, command name, parent pid) from the text of ``/proc/PID/stat``.

    The name is in parentheses and may itself hold spaces and parentheses, so the
    fields after it are found from the last ``)``.
    """
    pid_part, rest = text.split(" (", 1)
    name, after = rest.rsplit(")", 1)
    fields = after.split()
    return int(pid_part), name, int(fields[1])


def descendants(parents: dict[int, int], root: int) -> list[int]:
    """``root`` and every process below it, given each process's parent (pid -> ppid)."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def parse_status_kb(text: str, keys: Iterable[str] = ("VmRSS", "VmHWM")) -> dict[str, int]:
    """The ``kB`` figures named ``keys`` in the text of ``/proc/PID/status``."""
    wanted = set(keys)
    found = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in wanted:
            found[key] = int(value.split()[0])
    return found


def _proc_parents() -> dict[int, int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as f:
                pid, _, ppid = parse_stat(f.read())
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or unreadable
        parents[pid] = ppid
    return parents


@dataclass
class TreeSampler:
    """Samples the memory of a process and its descendants every :data:`SAMPLE_SECONDS` (Linux only)."""

    root: int
    #: Largest VmHWM seen per pid, in kB.
    hwm_kb: dict[int, int] = field(default_factory=dict)
    #: Largest sum of VmRSS over the tree at one sample, in kB.
    tree_rss_kb: int = 0
    samples: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="batchbench-sampler", daemon=True)

    @staticmethod
    def available() -> bool:
        """Whether ``/proc`` can be read (Linux)."""
        return Path("/proc/self/status").is_file()

    def start(self) -> TreeSampler:
        if self.available():
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def sample(self) -> None:
        total = 0
        for pid in descendants(_proc_parents(), self.root):
            try:
                with open(f"/proc/{pid}/status", encoding="utf-8") as f:
                    kb = parse_status_kb(f.read())
            except (OSError, ValueError, IndexError):
                continue
            if "VmHWM" in kb:  # a zombie has no memory figures
                self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), kb["VmHWM"])
                total += kb.get("VmRSS", 0)
        self.tree_rss_kb = max(self.tree_rss_kb, total)
        self.samples += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_SECONDS)


# -- figures ------------------------------------------------------------------------------------


def check_complete(records: dict[str, dict[str, Any]], expected: Iterable[str]) -> list[str]:
    """Problems that make a run unusable: pages without a ``done`` record (empty list: all done)."""
    problems = []
    for name in expected:
        rec = records.get(name)
        if rec is None:
            problems.append(f"{name}: no manifest record")
        elif rec.get("status") != "done":
            problems.append(f"{name}: {rec.get('status')} ({rec.get('error')})")
    return problems


def worker_peaks(records: Iterable[dict[str, Any]]) -> dict[int, float]:
    """Peak MB of each worker process (pid -> largest ``peak_rss_mb`` among the records it wrote)."""
    peaks: dict[int, float] = {}
    for rec in records:
        pid, mb = rec.get("worker_pid"), rec.get("peak_rss_mb")
        if pid is not None and mb is not None:
            peaks[int(pid)] = max(peaks.get(int(pid), 0.0), float(mb))
    return peaks


@dataclass
class RunFigures:
    """What one ``scan2text batch -j N`` run measured."""

    jobs: int
    command: str
    pages: int
    wall_s: float
    threads_per_worker: int
    #: Seconds each page took inside its worker (manifest ``seconds``).
    page_seconds: list[float]
    #: Peak MB per worker process (pid -> MB), from the manifest.
    worker_peak_mb: dict[int, float]
    #: The batch process's own peak MB (sampled VmHWM); None without /proc.
    batch_peak_mb: float | None = None
    #: Largest summed RSS of the whole process tree at one sample; None without /proc.
    tree_peak_mb: float | None = None
    #: Sampled VmHWM per process of the tree (pid -> MB), a cross-check of the manifest's figures.
    sampled_peak_mb: dict[int, float] = field(default_factory=dict)
    #: One-minute load average when the run started (other work on a shared machine); None where unknown.
    load_before: float | None = None

    @property
    def pages_per_minute(self) -> float:
        return 60.0 * self.pages / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def mean_page_s(self) -> float:
        return sum(self.page_seconds) / len(self.page_seconds) if self.page_seconds else 0.0

    @property
    def max_worker_mb(self) -> float | None:
        return max(self.worker_peak_mb.values()) if self.worker_peak_mb else None

    @property
    def total_mb(self) -> float | None:
        """All processes together: the sampled tree figure, else the peaks added (an upper bound)."""
        if self.tree_peak_mb is not None:
            return self.tree_peak_mb
        if not self.worker_peak_mb:
            return None
        return (self.batch_peak_mb or 0.0) + sum(self.worker_peak_mb.values())


def speedups(runs: list[RunFigures]) -> list[float | None]:
    """Pages per minute of each run over those of the first run."""
    base = runs[0].pages_per_minute if runs else 0.0
    return [r.pages_per_minute / base if base > 0 else None for r in runs]


def _mb(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def page_size_text(sizes: list[tuple[int, int]]) -> str:
    """``2067×2923 to 3508×4996 px (mean 10.3 Mpx)`` for a list of (width, height)."""
    if not sizes:
        return "no pages"
    by_area = sorted(sizes, key=lambda s: (s[0] * s[1], s))
    lo, hi = by_area[0], by_area[-1]
    mean_mpx = sum(w * h for w, h in sizes) / len(sizes) / 1e6
    span = f"{lo[0]}×{lo[1]} px" if lo == hi else f"{lo[0]}×{lo[1]} to {hi[0]}×{hi[1]} px"
    return f"{span} (mean {mean_mpx:.1f} Mpx)"


TABLE_HEADER = (
    "| -j | pages | wall s | pages/min | speed-up | s/page in a worker | threads per worker | workers "
    "| peak MB per worker (max) | batch process peak MB | total peak MB |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def format_section(runs: list[RunFigures], meta: dict[str, Any]) -> str:
    """The BENCHMARKS.md section (Markdown, without the markers)."""
    lines = [
        "## Batch throughput (`scan2text batch`)",
        "",
        f"Command: `{meta['command']}` (`make bench-batch` runs it with `--n 40`); {meta['date']}; "
        f"{meta['machine']}.",
        "",
        f"Input: {meta['pages']} rendered pages of the benchmark set (seed {meta['seed']}; {meta['mix']}), "
        f"{meta['page_size']}. Each run is `{meta['batch_command']}` with the default options "
        "(JSON output, articles on) into an empty output folder, timed from start to exit.",
        "",
        TABLE_HEADER,
    ]
    for r, up in zip(runs, speedups(runs)):
        lines.append(
            "| " + " | ".join([
                str(r.jobs), str(r.pages), f"{r.wall_s:.0f}", f"{r.pages_per_minute:.2f}",
                "–" if up is None else f"{up:.2f}×", f"{r.mean_page_s:.1f}", str(r.threads_per_worker),
                str(len(r.worker_peak_mb)), _mb(r.max_worker_mb), _mb(r.batch_peak_mb), _mb(r.total_mb),
            ]) + " |"
        )  # fmt: skip
    lines += [
        "",
        "Pages/min is pages over the whole command's wall time, model loading in each worker included; "
        "speed-up is against the first row. Peak MB per worker is the largest `ru_maxrss` that a worker "
        "recorded in the manifest (`peak_rss_mb`); batch process is its kernel peak (`VmHWM`); total is "
        f"the largest sum of RSS of all its processes seen at once (sampled every {SAMPLE_SECONDS:g} s; "
        "pages shared between processes count once per process, so it errs high). Every page came out "
        "(`done` in the manifest) in every run.",
    ]
    loads = [f"-j {r.jobs}: {r.load_before:.1f}" for r in runs if r.load_before is not None]
    if loads:
        lines += [
            "",
            f"One-minute load average as each run started ({', '.join(loads)}): load from other work on "
            "the machine slows a run down.",
        ]
    return "\n".join(lines)


def write_between_markers(path: Path, text: str, start: str = START, end: str = END) -> None:
    """Replace what lies between ``start`` and ``end`` in ``path`` with ``text``.

    Without the markers, they are appended with ``text`` at the end of the file
    (after whatever it holds, the ``make bench`` section included); a missing file is created.
    """
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start not in old or end not in old.split(start, 1)[1]:
        sep = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
        path.write_text(f"{old}{sep}{start}\n{text}\n{end}\n", encoding="utf-8")
        return
    head, rest = old.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


# -- running ------------------------------------------------------------------------------------


def _pages_reusable(pages_dir: Path, names: list[str], seed: int) -> bool:
    index = pages_dir / "index.json"
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    listed = [p.get("image") for p in data.get("pages", [])]
    return (
        data.get("seed") == seed
        and listed == names
        and all((pages_dir / n).is_file() for n in names)
        and sorted(p.name for p in pages_dir.glob("*.png")) == sorted(names)
    )


def _clear_dir(path: Path, what: str, marker_files: tuple[str, ...]) -> None:
    """Remove ``path`` if it is empty or holds one of ``marker_files`` (ours); refuse anything else."""
    if not path.exists():
        return
    if any(path.iterdir()) and not any((path / m).exists() for m in marker_files):
        raise SystemExit(
            f"{path} is not empty and does not look like a {what}; remove it or choose another --out"
        )
    shutil.rmtree(path)


def prepare_pages(pages_dir: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """Render the set's first ``n`` pages into ``pages_dir`` unless they are there already; their index."""
    from benchmarks.pagerender import benchmark_specs, render_benchmark_set

    names = [str(s.image_name) for s in benchmark_specs(n, seed)]
    if _pages_reusable(pages_dir, names, seed):
        print(f"[batchbench] reusing the {n} pages in {pages_dir}", file=sys.stderr, flush=True)
    else:
        _clear_dir(pages_dir, "rendered page set", ("index.json",))
        print(f"[batchbench] rendering {n} pages into {pages_dir}", file=sys.stderr, flush=True)
        render_benchmark_set(pages_dir, n=n, seed=seed)
    pages: list[dict[str, Any]] = json.loads((pages_dir / "index.json").read_text(encoding="utf-8"))["pages"]
    return pages


def run_batch_once(pages_dir: Path, out_dir: Path, jobs: int, names: list[str]) -> RunFigures:
    """Run ``scan2text batch`` with ``-j jobs`` into an empty ``out_dir``; measure and check it."""
    from scan2text.batch import latest_records, read_records

    _clear_dir(out_dir, "batch output", ("manifest.jsonl", "summary.json"))
    args = ["batch", str(pages_dir), str(out_dir), "-j", str(jobs), "-q"]
    shown = " ".join(["scan2text", *args])
    print(f"[batchbench] {shown}", file=sys.stderr, flush=True)
    log_path = out_dir.parent / f"{out_dir.name}.log"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with open(log_path, "w", encoding="utf-8") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "scan2text", *args], stdout=log, stderr=log)
        sampler = TreeSampler(proc.pid).start()
        rc = proc.wait()
        wall = time.perf_counter() - t0
        sampler.stop()
    manifest = out_dir / "manifest.jsonl"
    problems = [] if rc == 0 else [f"exit code {rc} (see {log_path})"]
    latest = latest_records(manifest) if manifest.exists() else {}
    problems += check_complete(latest, names)
    if problems:
        raise SystemExit(f"`{shown}` did not process every page:\n  " + "\n  ".join(problems))
    done = [latest[n] for n in names]
    available = TreeSampler.available()
    return RunFigures(
        jobs=jobs,
        command=shown,
        pages=sum(int(r.get("pages") or 0) for r in done),
        wall_s=wall,
        threads_per_worker=max(1, (os.cpu_count() or 1) // jobs),
        page_seconds=[float(r["seconds"]) for r in done],
        worker_peak_mb=worker_peaks(read_records(manifest)),
        batch_peak_mb=sampler.hwm_kb[proc.pid] / 1024 if proc.pid in sampler.hwm_kb else None,
        tree_peak_mb=sampler.tree_rss_kb / 1024 if available and sampler.samples else None,
        sampled_peak_mb={pid: kb / 1024 for pid, kb in sampler.hwm_kb.items()},
        load_before=load,
    )


def machine_text() -> str:
    """Platform, cores and memory of this machine, in one line."""
    try:
        kb = parse_status_kb(Path("/proc/meminfo").read_text(encoding="utf-8"), ("MemTotal",))
        mem = f", {kb['MemTotal'] / 1024**2:.0f} GB memory"
    except (OSError, KeyError, ValueError):
        mem = ""  # no /proc/meminfo (not Linux): the line leaves memory out
    return f"{platform.platform()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def mix_text(pages: list[dict[str, Any]]) -> str:
    """``20 Chinese / 20 English, 20 clean / 20 degraded, tabloid and broadsheet, 200-300 dpi``."""
    zh = sum(1 for p in pages if p.get("lang") == "zh")
    degraded = sum(1 for p in pages if p.get("degraded"))
    formats = sorted({str(p.get("page")) for p in pages})
    dpis = sorted({int(p["dpi"]) for p in pages if "dpi" in p})
    if not dpis:
        dpi = "dpi unknown"
    else:
        dpi = f"{dpis[0]} dpi" if dpis[0] == dpis[-1] else f"{dpis[0]}-{dpis[-1]} dpi"
    return (
        f"{zh} Chinese / {len(pages) - zh} English, {len(pages) - degraded} clean / {degraded} degraded, "
        f"{' and '.join(formats)}, {dpi}"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("bench-batch-out"))
    ap.add_argument("--n", type=int, default=40, help="rendered pages in the batch")
    ap.add_argument("--seed", type=int, default=2023, help="benchmark set seed (as make bench)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated -j values, run in this order")
    ap.add_argument(
        "--write", type=Path, default=None, help="BENCHMARKS.md to update between its batch markers"
    )
    args = ap.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    if args.n < 1 or not jobs or min(jobs) < 1:
        ap.error("--n and every --jobs value must be at least 1")
    from PIL import Image

    out: Path = args.out
    pages_dir = out / "pages"
    pages = prepare_pages(pages_dir, args.n, args.seed)
    names = [str(p["image"]) for p in pages]
    sizes = []
    for name in names:
        with Image.open(pages_dir / name) as im:
            sizes.append(im.size)
    runs = [run_batch_once(pages_dir, out / f"j{j}", j, names) for j in jobs]

    command = " ".join(["python -m benchmarks.batchbench", *(argv if argv is not None else sys.argv[1:])])
    meta = {
        "command": command,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_text(),
        "pages": len(names),
        "seed": args.seed,
        "mix": mix_text(pages),
        "page_size": page_size_text(sizes),
        "batch_command": f"scan2text batch {pages_dir} {out}/j<N> -j <N> -q",
    }
    text = format_section(runs, meta)
    results = {"meta": meta, "runs": [{**asdict(r), "pages_per_minute": r.pages_per_minute} for r in runs]}
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(text)
    if args.write:
        write_between_markers(args.write, text)


if __name__ == "__main__":
    main()
