"""The CLI is a complete, thin translator over Options and the library."""

from __future__ import annotations

import inspect
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan2text.cli import app, build_options, parse_formats, run
from scan2text.errors import BadArgsError, ExitCode
from scan2text.options import Options

runner = CliRunner()


def test_every_option_has_a_cli_flag() -> None:
    """Like docTR's test_cli_exposes_every_predictor_option: no Options field is unreachable."""
    option_names = {f.name for f in fields(Options)}
    assert option_names == set(inspect.signature(build_options).parameters)
    assert option_names <= set(inspect.signature(run).parameters)


def test_options_round_trip_and_validation() -> None:
    o = Options(lang="zh", formats=("json", "alto"))
    assert Options.from_dict(o.to_dict()) == o
    with pytest.raises(BadArgsError, match="unknown output format"):
        Options(formats=("json", "docx"))
    with pytest.raises(BadArgsError, match="lang"):
        Options(lang="fr")
    with pytest.raises(BadArgsError, match="unknown option"):
        Options.from_dict({"colour": 1})


def test_json_is_always_written() -> None:
    assert parse_formats("alto, page") == ("json", "alto", "page")
    assert parse_formats("json") == ("json",)


def test_models_verify_passes_on_installed_models() -> None:
    result = runner.invoke(app, ["models", "verify"])
    assert result.exit_code == 0, result.output


def test_models_verify_fails_on_empty_model_dir(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(
        (Path(__file__).parents[1] / "models" / "manifest.json").read_text()
    )
    result = runner.invoke(app, ["models", "verify", "--model-dir", str(tmp_path)])
    assert result.exit_code == ExitCode.model
    assert "missing" in result.output


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "x.png"), "--format", "docx"])
    assert isinstance(result.exception, BadArgsError)
