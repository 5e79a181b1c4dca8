"""``scan2text eval`` through typer's CliRunner: files, folders, options, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from scan2text.document import Article, Block, BlockRole, Document, Line, Page, Paragraph
from scan2text.errors import BadArgsError
from scan2text.evaluation import evaluate_paths, find_pairs
from scan2text.evaluation.command import eval_command


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("noop")(lambda: None)  # a second command keeps "eval" a subcommand
    return app


def run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(_app(), ["eval", *args])
    return result.exit_code, result.output, result.exception


def _tree(path: Path, text: str, region: bool = False) -> Path:
    """A one-page page-tree JSON holding one article whose body is ``text``."""
    page = Page(id=path.stem, width=200, height=100)
    page.blocks.append(Block(id="b1", role=BlockRole.body, lines=[Line(id="l1", text=text)]))
    poly = [(10.0, 10.0), (190.0, 10.0), (190.0, 90.0), (10.0, 90.0)] if region else []
    page.articles.append(
        Article(
            id="a1", paragraphs=[Paragraph(text, ["l1"])], block_ids=["b1"], region=[poly] if poly else []
        )
    )
    path.write_text(Document(source=str(path), pages=[page]).to_json(), encoding="utf-8")
    return path


def test_single_pair_json_report(tmp_path: Path) -> None:
    pred = _tree(tmp_path / "x.json", "abxd")
    gt = _tree(tmp_path / "x.gt.json", "abcd")
    code, out, _ = run(str(pred), str(gt), "--json", str(tmp_path / "r.json"))
    assert code == 0, out
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    # One substitution over four characters, on the page and in the one article.
    assert data["summary"]["cer"] == {"value": 0.25, "errors": 1, "n": 4}
    assert data["documents"][0]["articles"]["matches"][0]["cer"]["errors"] == 1
    assert "25.00%" in out


def test_folders_pair_by_stem_and_missing_predictions_count(tmp_path: Path) -> None:
    preds, gts = tmp_path / "pred", tmp_path / "gt"
    preds.mkdir()
    gts.mkdir()
    _tree(preds / "p1.json", "abcd")
    _tree(preds / "orphan.json", "zzz")  # no ground truth: skipped
    _tree(gts / "p1.gt.json", "abcd")
    (gts / "p2.txt").write_text("efgh\n", encoding="utf-8")  # no prediction: scored as empty
    pairs = find_pairs(preds, gts)
    assert [(n, p.name if p else None, g.name) for n, p, g in pairs] == [
        ("p1", "p1.json", "p1.gt.json"),
        ("p2", None, "p2.txt"),
    ]
    corpus, _ = evaluate_paths(preds, gts)
    # p1 perfect (0/4), p2 all deleted (4/4): corpus CER 4/8, weighted.
    flat = corpus.flat()
    assert flat["cer"] == 0.5 and flat["gt_chars"] == 8
    # Worst page first.
    assert [p.name for p in corpus.worst_pages()] == ["p2", "p1"]
    code, out, _ = run(str(preds), str(gts))
    assert code == 0, out
    assert out.index("p2") < out.index("p1")


def test_nfkc_option_folds_full_width_forms(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("你好,世界!\n", encoding="utf-8")
    (tmp_path / "a.gt.txt").write_text("你好，世界！\n", encoding="utf-8")
    out_json = tmp_path / "r.json"
    run(str(tmp_path / "a.txt"), str(tmp_path / "a.gt.txt"), "--json", str(out_json))
    # 2 substitutions over 6 under NFC; none under NFKC.
    assert json.loads(out_json.read_text(encoding="utf-8"))["summary"]["cer"]["errors"] == 2
    run(str(tmp_path / "a.txt"), str(tmp_path / "a.gt.txt"), "--json", str(out_json), "--normalize", "nfkc")
    assert json.loads(out_json.read_text(encoding="utf-8"))["summary"]["cer"]["errors"] == 0


def test_empty_ground_truth_is_inf_in_json(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("something\n", encoding="utf-8")
    (tmp_path / "e.gt.txt").write_text("\n", encoding="utf-8")
    code, out, _ = run(
        str(tmp_path / "e.txt"), str(tmp_path / "e.gt.txt"), "--json", str(tmp_path / "r.json")
    )
    assert code == 0, out
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["cer"]["value"] == "inf"
    assert "inf" in out


@pytest.mark.parametrize(
    "extra",
    [["--normalize", "nfd"], ["--image", "/nonexistent/page.png"]],
)
def test_bad_arguments(tmp_path: Path, extra: list[str]) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    code, _, exc = run(str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), *extra)
    assert code != 0
    assert isinstance(exc, BadArgsError)


def test_file_and_folder_do_not_mix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    code, _, exc = run(str(tmp_path / "a.txt"), str(tmp_path))
    assert isinstance(exc, BadArgsError) and "both be files or both be folders" in str(exc)


def test_html_embeds_the_page_image_and_article_regions(tmp_path: Path) -> None:
    pred = _tree(tmp_path / "x.json", "abxd", region=True)
    gt = _tree(tmp_path / "x.gt.json", "abcd", region=True)
    image = tmp_path / "page.png"
    Image.new("L", (400, 200), 255).save(image)
    out_html = tmp_path / "r.html"
    code, out, _ = run(str(pred), str(gt), "--html", str(out_html), "--image", str(image))
    assert code == 0, out
    html = out_html.read_text(encoding="utf-8")
    assert "data:image/jpeg;base64," in html
    # One GT region and one predicted region; page 200 wide drawn on a 400 px image: x 10 -> 20.
    assert html.count("<polygon") == 2
    assert 'points="20,20 380,20 380,180 20,180"' in html
    # The substitution c -> x is marked on both sides.
    assert "<del>c</del>" in html and "<ins>x</ins>" in html
