"""Finding the input files of a batch and naming their outputs.

Discovery walks ``INPUT_DIR`` recursively in sorted order, so that two runs
over the same tree see the same files in the same order. It picks files by
extension (case-insensitive), leaves out hidden files and folders (``.DS_Store``,
AppleDouble ``._x.tif`` companions) and the output folder when that lies inside
the input folder, does not descend into symlinked folders (loops, duplicates),
and flags symlinks that point outside ``INPUT_DIR`` so that they are refused.

Each input's outputs go to ``OUTPUT_DIR/<relative folder>/<stem>.<ext>``. When
two inputs of one folder share a stem (``a.png`` and ``a.tif``), both use their
whole file name as stem (``a.png.json``, ``a.tif.json``); over-long stems are
shortened with a hash so that ``<stem>.alto.xml`` and the like still fit the
file system's 255-byte name limit.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scan2text.batch.config import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

#: Longest stem, in UTF-8 bytes, that leaves room for suffixes like ``.alto.xml``
#: and for temporary-name decorations within a 255-byte file name.
MAX_STEM_BYTES = 180


@dataclass(frozen=True)
class InputFile:
    """One input found by discovery.

    Attributes:
        rel_path: Path relative to the input folder, with ``/`` separators;
            the key of the file's manifest records.
        path: The file's absolute path as found (a symlink stays a symlink).
        out_rel_dir: Folder of its outputs relative to the output folder.
        stem: File-name stem of its outputs.
        size: Size in bytes (``None`` if it could not be read).
        mtime_ns: Modification time in nanoseconds (``None`` if unknown).
        problem: Why the file cannot be processed, if discovery already knows.
        problem_status: ``"skipped"`` (refused on purpose) or ``"failed"``.
    """

    rel_path: str
    path: Path
    out_rel_dir: str
    stem: str
    size: int | None = None
    mtime_ns: int | None = None
    problem: str | None = None
    problem_status: str | None = None


@dataclass
class Discovery:
    """The inputs found, plus folders that could not be read."""

    files: list[InputFile] = field(default_factory=list)
    folder_errors: list[tuple[str, str]] = field(default_factory=list)


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


def short_stem(stem: str, limit: int = MAX_STEM_BYTES) -> str:
    """``stem`` itself if it fits in ``limit`` UTF-8 bytes, else a cut prefix plus a hash of the whole."""
    if _utf8_len(stem) <= limit:
        return stem
    digest = hashlib.sha1(stem.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    cut = stem
    # Cut by characters, not bytes, so that no multi-byte character is split.
    while _utf8_len(cut) > limit - 11:
        cut = cut[:-1]
    return f"{cut}~{digest}"


def assign_stems(names: list[str]) -> dict[str, str]:
    """Output stems for the file names of one folder, unique ignoring case.

    Case is ignored because outputs may be copied to case-insensitive file
    systems (macOS, Windows) where ``A.json`` and ``a.json`` are one file.
    """
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_key[Path(name).stem.casefold()].append(name)
    stems: dict[str, str] = {}
    for group in by_key.values():
        for name in group:
            stems[name] = short_stem(Path(name).stem if len(group) == 1 else name)
    # A whole-name stem can still meet another file's plain stem (``a.png`` vs
    # ``a.png.tif``); make any remaining clash unique with a hash of the name.
    seen: dict[str, str] = {}
    for name in sorted(names):
        key = stems[name].casefold()
        if key in seen:
            digest = hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
            stems[name] = short_stem(f"{stems[name]}~{digest}")
            key = stems[name].casefold()
        seen[key] = name
    return stems


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _examine(path: Path, input_root: Path) -> tuple[int | None, int | None, str | None, str | None]:
    """Size, mtime and (problem, status) of one candidate file."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return None, None, f"broken symbolic link (to {target})", "failed"
        if not _inside(target, input_root):
            return (
                None,
                None,
                f"symbolic link points outside the input folder (to {target}); refused",
                "skipped",
            )
    try:
        st = path.stat()
    except OSError as e:
        return None, None, f"cannot read file information: {e.strerror or e}", "failed"
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or device named *.png would block a worker forever.
        return None, None, "not a regular file", "failed"
    return st.st_size, st.st_mtime_ns, None, None


def discover(input_dir: Path, output_dir: Path | None = None) -> Discovery:
    """Every supported input under ``input_dir``, in sorted order.

    ``output_dir`` is left out of the walk when it lies inside ``input_dir``.
    """
    input_root = input_dir.resolve()
    skip_dir = output_dir.resolve() if output_dir is not None else None
    found = Discovery()

    def on_error(e: OSError) -> None:
        where = Path(e.filename) if e.filename else input_root
        try:
            rel = where.resolve().relative_to(input_root).as_posix()
        except ValueError:
            rel = str(where)
        found.folder_errors.append((rel or ".", f"cannot list folder: {e.strerror or e}"))
        log.error("%s: cannot list folder: %s", where, e.strerror or e)

    candidates: list[tuple[tuple[str, ...], str, str]] = []
    for dirpath, dirnames, filenames in os.walk(input_root, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            sub = here / d
            if d.startswith("."):
                continue
            if skip_dir is not None and sub.resolve() == skip_dir:
                log.debug("leaving out the output folder %s", sub)
                continue
            if sub.is_symlink():
                log.info("not following symlinked folder %s", sub)
                continue
            keep.append(d)
        dirnames[:] = keep
        rel_dir = here.relative_to(input_root)
        for name in filenames:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            candidates.append(((*rel_dir.parts, name), rel_dir.as_posix() if rel_dir.parts else "", name))

    candidates.sort(key=lambda c: c[0])
    names_by_dir: dict[str, list[str]] = defaultdict(list)
    for _, rel_dir_s, name in candidates:
        names_by_dir[rel_dir_s].append(name)
    stems_by_dir = {d: assign_stems(names) for d, names in names_by_dir.items()}

    for parts, rel_dir_s, name in candidates:
        path = input_root.joinpath(*parts)
        size, mtime_ns, problem, status = _examine(path, input_root)
        found.files.append(
            InputFile(
                rel_path="/".join(parts),
                path=path,
                out_rel_dir=rel_dir_s,
                stem=stems_by_dir[rel_dir_s][name],
                size=size,
                mtime_ns=mtime_ns,
                problem=problem,
                problem_status=status,
            )
        )
    return found
