"""Model manifest: install from a pinned wheel, verify sha256, clear errors for missing or corrupt files."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from scan2text import models
from scan2text.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]


def _fake_manifest(tmp: Path) -> Path:
    """A model dir whose one set comes from a local wheel we build here."""
    det, rec, cls, dic = b"det-bytes", b"rec-bytes", b"cls-bytes", b"a\nb\n"
    wheel = tmp / "cache" / "fake-1.0-py3-none-any.whl"
    wheel.parent.mkdir(parents=True)
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, data in (
            ("m/det.onnx", det),
            ("m/rec.onnx", rec),
            ("m/cls.onnx", cls),
            ("m/dict.txt", dic),
        ):
            zf.writestr(name, data)

    def sha(b: bytes) -> str:
        return hashlib.sha256(b).hexdigest()

    manifest = {
        "manifest_version": 1,
        "default_set": "s",
        "wheels": {"fake==1.0": {"filename": wheel.name, "sha256": sha(wheel.read_bytes())}},
        "sets": {"s": {"detection": "d", "recognition": "r", "orientation": "c"}},
        "models": {
            "d": {
                "task": "detection",
                "file": "d.onnx",
                "sha256": sha(det),
                "source": {"wheel": "fake==1.0", "member": "m/det.onnx"},
            },
            "r": {
                "task": "recognition",
                "file": "r.onnx",
                "sha256": sha(rec),
                "dictionary": "t",
                "source": {"wheel": "fake==1.0", "member": "m/rec.onnx"},
            },
            "t": {
                "task": "dictionary",
                "file": "t.txt",
                "sha256": sha(dic),
                "source": {"wheel": "fake==1.0", "member": "m/dict.txt"},
            },
            "c": {
                "task": "text-line orientation",
                "file": "c.onnx",
                "sha256": sha(cls),
                "source": {"wheel": "fake==1.0", "member": "m/cls.onnx"},
            },
        },
    }
    mdir = tmp / "models"
    mdir.mkdir()
    (mdir / "manifest.json").write_text(json.dumps(manifest))
    return mdir


def test_install_extracts_and_verifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mdir = _fake_manifest(tmp_path)
    monkeypatch.setenv("SCAN2TEXT_WHEEL_CACHE", str(tmp_path / "cache"))
    written = models.install(model_dir=mdir)
    assert sorted(p.name for p in written) == ["c.onnx", "d.onnx", "r.onnx", "t.txt"]
    assert (mdir / "d.onnx").read_bytes() == b"det-bytes"
    assert models.install(model_dir=mdir) == []  # already there and valid: nothing to do
    ms = models.resolve_set(model_dir=mdir)
    assert ms.detection.path == mdir / "d.onnx" and ms.dictionary is not None
    assert {r["state"] for r in models.status(mdir)} == {"ok"}


def test_corrupt_and_missing_models_name_the_file_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mdir = _fake_manifest(tmp_path)
    monkeypatch.setenv("SCAN2TEXT_WHEEL_CACHE", str(tmp_path / "cache"))
    models.install(model_dir=mdir)
    (mdir / "r.onnx").write_bytes(b"tampered")
    with pytest.raises(ModelError) as info:
        models.resolve_set(model_dir=mdir)
    assert (
        "r.onnx" in str(info.value) and "corrupt" in str(info.value) and "models install" in str(info.value)
    )
    (mdir / "r.onnx").unlink()
    with pytest.raises(ModelError, match=r"missing.*models install"):
        models.resolve_set(model_dir=mdir)
    assert {r["name"]: r["state"] for r in models.status(mdir)}["r"] == "missing"
    models.install(model_dir=mdir)  # repairs
    models.resolve_set(model_dir=mdir)


def test_tampered_wheel_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mdir = _fake_manifest(tmp_path)
    cache = tmp_path / "cache"
    wheel = next(cache.glob("*.whl"))
    with zipfile.ZipFile(wheel, "a") as zf:
        zf.writestr("extra.txt", "x")
    monkeypatch.setenv("SCAN2TEXT_WHEEL_CACHE", str(cache))
    monkeypatch.setattr(
        models.subprocess, "run", lambda *a, **k: type("P", (), {"returncode": 0, "stderr": ""})()
    )
    with pytest.raises(ModelError, match="sha256"):
        models.install(model_dir=mdir)


def test_unknown_set(tmp_path: Path) -> None:
    mdir = _fake_manifest(tmp_path)
    with pytest.raises(ModelError, match="unknown model set 'nope'"):
        models.resolve_set("nope", model_dir=mdir)


def test_project_manifest_is_complete() -> None:
    """Every model of the real manifest names its task, file, sha256, source wheel and member, licence."""
    manifest = json.loads((ROOT / "models" / "manifest.json").read_text())
    assert manifest["default_set"] in manifest["sets"]
    for name, entry in manifest["models"].items():
        for key in ("task", "file", "sha256", "source", "licence"):
            assert key in entry, f"{name} lacks {key}"
        assert entry["source"]["wheel"] in manifest["wheels"]
        assert len(entry["sha256"]) == 64
        if entry["task"] == "recognition":
            assert "dictionary" in entry and "input" in entry
    for spec in manifest["sets"].values():
        assert {"detection", "recognition", "orientation"} <= set(spec)
        for model in spec.values():
            assert model in manifest["models"]


def test_installed_project_models_verify() -> None:
    """`make test` installs the models first; all of them must match the manifest."""
    bad = [r for r in models.status() if r["state"] != "ok"]
    assert not bad, f"not installed or corrupt: {bad}; run `make models`"
