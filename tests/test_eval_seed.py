"""The QA check on the seed page: raw column fragments against the keyed articles.

The fragment file holds every character of the keyed page exactly once (seed
README), cut into column fragments with headlines after their bodies and no
article structure. Evaluation must say exactly that: near-perfect order-free
scores, and total failure at article level.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scan2text.evaluation import evaluate_documents, read_document
from scan2text.evaluation.command import eval_command

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"shared test material missing: {path} (expected ../shared beside the repository)")
    return path


def test_raw_fragments_against_keyed_articles() -> None:
    pred = read_document(need(SEED / "000_965c319af9a4be08.txt"))
    gt = read_document(need(SEED / "seed-articles.gt.json"))
    s = evaluate_documents(pred, gt)
    # Order-free: the same characters on both sides.
    assert s.bag.f1 is not None and s.bag.f1 > 0.99
    assert s.fca.accuracy > 0.99
    # Article level: a text file has no articles, so nothing is recovered and no title found.
    assert s.articles.n_gt == 6
    assert s.articles.recovered == 0
    assert s.articles.fields["headline"].recall == 0.0
    assert s.articles.fields["byline"].recall == 0.0
    # Headlines placed after their bodies: the in-order CER is not near zero.
    assert s.cer.value > 0.03


def test_seed_check_through_the_command(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("noop")(lambda: None)  # a second command keeps "eval" a subcommand
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    result = CliRunner().invoke(
        app,
        ["eval", str(need(SEED / "000_965c319af9a4be08.txt")), str(need(SEED / "seed-articles.gt.json")),
         "--json", str(out_json), "--html", str(out_html)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    flat = data["summary"]["flat"]
    assert flat["bag_f1"] > 0.99
    assert (flat["articles_whole_n"], flat["headline_r"], flat["byline_r"]) == (0, 0.0, 0.0)
    html = out_html.read_text(encoding="utf-8")
    assert "<ins>" in html and "<del>" in html
    assert "Pages, worst CER first" in result.output
