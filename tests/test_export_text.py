"""Text, Markdown and JSON Lines exports, and the output dispatcher (formats, layout, atomic writes).

Expected texts are written out by hand from the fixture articles in ``test_export_fixtures``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scan2text.document import Document
from scan2text.errors import ExportError
from scan2text.export import FORMATS, UnknownFormatError, write_outputs
from scan2text.export._structure import join_lines, logical_articles
from scan2text.export.text import md_escape
from tests.test_export_fixtures import issue, news_page

ARTICLE_1_TXT = """Council meeting
Bridge repairs to start in spring

The council voted on Monday to fund the bridge work, for example the new deck.

Work will be well-known to drivers.

Tolls stay the same.

The work ends in May.

By Jane Doe
"""
ARTICLE_1_MD = """*Council meeting*

# Bridge repairs to start in spring

The council voted on Monday to fund the bridge work, for example the new deck.

Work will be well-known to drivers.

Tolls stay the same.

The work ends in May.

*By Jane Doe*
"""
ARTICLE_2_TXT = "全县召开动员会\n\n2月8日上午，全县创建文明城市动员会召开。\n\n县委书记出席会议并讲话。\n\n（郭莎莎 文/何乐 图）\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("text")
    write_outputs(issue(), folder, "issue", ["text", "jsonl"])
    return folder


def test_one_txt_and_md_per_article_named_by_headline(out: Path) -> None:
    names = sorted(p.name for p in (out / "issue.articles").iterdir())
    assert names == [
        "01-bridge-repairs-to-start-in-spring.md", "01-bridge-repairs-to-start-in-spring.txt",
        "02-全县召开动员会.md", "02-全县召开动员会.txt",
        "03-library-hours.md", "03-library-hours.txt",
        "04-春节文艺汇演.md", "04-春节文艺汇演.txt",
    ]  # fmt: skip


def test_txt_and_md_contents(out: Path) -> None:
    folder = out / "issue.articles"
    # Article a1 continues on page 2 (as c1): one file with all four paragraphs.
    assert (folder / "01-bridge-repairs-to-start-in-spring.txt").read_text(encoding="utf-8") == ARTICLE_1_TXT
    assert (folder / "01-bridge-repairs-to-start-in-spring.md").read_text(encoding="utf-8") == ARTICLE_1_MD
    assert (folder / "02-全县召开动员会.txt").read_text(encoding="utf-8") == ARTICLE_2_TXT


def test_furniture_is_not_in_the_article_files(out: Path) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (out / "issue.articles").iterdir())
    assert "THE COUNTY HERALD" not in text
    assert "动员会现场" not in text  # a caption is not article text either


def test_markdown_escaping() -> None:
    assert md_escape("*not* _emphasis_ [link](x) <b>") == r"\*not\* \_emphasis\_ \[link\](x) \<b\>"
    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_escape("1. not a list") == r"1\. not a list"
    assert md_escape("- not a list") == r"\- not a list"
    assert md_escape("全县召开动员会") == "全县召开动员会"


def test_jsonl_has_one_record_per_article(out: Path) -> None:
    lines = (out / "issue.articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["article_id"] for r in records] == ["a1", "a2", "d1", "v"]
    first = records[0]
    assert {
        k: first[k] for k in ("issue", "page", "pages", "kicker", "headline", "subheadline", "byline")
    } == {
        "issue": "issue-2023-02-09",
        "page": 1,
        "pages": [1, 2],
        "kicker": "Council meeting",
        "headline": "Bridge repairs to start in spring",
        "subheadline": None,
        "byline": "By Jane Doe",
    }
    assert first["paragraphs"] == [
        "The council voted on Monday to fund the bridge work, for example the new deck.",
        "Work will be well-known to drivers.",
        "Tolls stay the same.",
        "The work ends in May.",
    ]
    assert first["text"] == "\n".join(
        ["Council meeting", "Bridge repairs to start in spring", *first["paragraphs"], "By Jane Doe"]
    )
    assert first["bboxes"][0] == {"page": 1, "block_id": "a1k", "role": "kicker", "bbox": [50, 80, 600, 110]}
    assert first["bboxes"][-1] == {"page": 2, "block_id": "c1c", "role": "body", "bbox": [50, 100, 290, 130]}
    assert [b["block_id"] for b in records[1]["bboxes"]] == ["b1h", "b1c", "b1b", "b1cap"]
    assert (records[1]["lang"], records[3]["page"]) == ("zh", 3)


def test_json_is_always_written_and_reloads(tmp_path: Path) -> None:
    doc = issue()
    paths = write_outputs(doc, tmp_path, "x", [])
    # The whole issue, then one page tree per page of this three-page issue.
    assert paths == [tmp_path / "x.json"] + [tmp_path / "x.pages" / f"x_p000{n}.json" for n in (1, 2, 3)]
    assert Document.load(paths[0]).to_dict() == doc.to_dict()


def test_every_format_and_the_paths_returned(tmp_path: Path) -> None:
    paths = write_outputs(issue(), tmp_path, "x", list(FORMATS))
    rel = [p.relative_to(tmp_path).as_posix() for p in paths]
    assert rel[:10] == ["x.json"] + [f"x.pages/x_p000{n}.json" for n in (1, 2, 3)] + [
        f"x.alto/x_p000{n}.xml" for n in (1, 2, 3)
    ] + [f"x.page/x_p000{n}.xml" for n in (1, 2, 3)]
    assert rel[-2:] == ["x.articles.jsonl", "x.mets.xml"]
    assert len(rel) == 10 + 8 + 2
    assert all(p.is_file() for p in paths)
    # No temporary files are left behind.
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_unknown_format_lists_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError) as err:
        write_outputs(issue(), tmp_path, "x", ["alto", "docx"])
    assert isinstance(err.value, ExportError) and isinstance(err.value, ValueError)
    assert "docx" in str(err.value) and "json, alto, mets, page, text, jsonl" in str(err.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("stem", ["", "a/b", ".."])
def test_bad_stem_is_refused(tmp_path: Path, stem: str) -> None:
    with pytest.raises(ExportError):
        write_outputs(issue(), tmp_path, stem, ["json"])


def test_image_paths_must_match_the_pages(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="2 image paths given for 3 pages"):
        write_outputs(issue(), tmp_path, "x", ["alto"], image_paths=["a.png", "b.png"])


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_outputs(Document("a", [news_page()]), tmp_path, "x", ["alto"])
    alto = tmp_path / "x.alto" / "x_p0001.xml"
    before = alto.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    page = news_page()
    page.blocks[0].lines[0].text = "CHANGED"
    with pytest.raises(ExportError, match="No space left on device") as err:
        write_outputs(Document("a", [page]), tmp_path, "x", ["alto"])
    assert err.value.path is not None and err.value.path.endswith("x.json")
    assert alto.read_bytes() == before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_rerun_with_fewer_pages_and_articles_removes_stale_files(tmp_path: Path) -> None:
    write_outputs(issue(), tmp_path, "x", ["alto", "text"])
    (tmp_path / "x.alto" / "notes.txt").write_text("mine", encoding="utf-8")
    write_outputs(Document("a", [news_page()]), tmp_path, "x", ["alto", "text"])
    assert sorted(p.name for p in (tmp_path / "x.alto").iterdir()) == ["notes.txt", "x_p0001.xml"]
    assert len(list((tmp_path / "x.articles").iterdir())) == 4


def test_join_lines_rules() -> None:
    assert join_lines(["bridge work, for exam-", "ple the new deck."], [True, False]) == (
        "bridge work, for example the new deck."
    )
    assert (
        join_lines(["Work will be well-", "known to drivers."], [False, False])
        == "Work will be well-known to drivers."
    )
    assert (
        join_lines(["2月8日上午，全县创建", "文明城市动员会召开。"])
        == "2月8日上午，全县创建文明城市动员会召开。"
    )
    assert join_lines(["The council voted on", "", "Monday"]) == "The council voted on Monday"


def test_bad_continuations_are_ignored(caplog: pytest.LogCaptureFixture) -> None:
    doc = issue()
    doc.metadata["continuations"] = [[["p1", "a1"], ["nope", "c1"], "junk"], "not a chain"]
    assert [a.id for a in logical_articles(doc)] == ["a1", "a2", "c1", "d1", "v"]
    assert "no such page" in caplog.text
    doc.metadata["continuations"] = [[[1, "a2"], [3, "v"]]]
    assert [[p.page_no for p in a.parts] for a in logical_articles(doc)] == [[1], [1, 3], [2], [2]]


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    # What os.fsdecode makes of a Latin-1 file name: a lone surrogate for the byte 0xE9.
    source = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.png")
    page = news_page()
    page.source = source
    write_outputs(Document(source, [page]), tmp_path, "x", list(FORMATS))
    # The page tree keeps the name exactly (escaped in the JSON); the XML gets U+FFFD.
    assert Document.load(tmp_path / "x.json").pages[0].source == source
    alto = (tmp_path / "x.alto" / "x_p0001.xml").read_text(encoding="utf-8")
    assert "<fileName>../caf\ufffd.png</fileName>" in alto
    assert (
        json.loads((tmp_path / "x.articles.jsonl").read_text(encoding="utf-8").splitlines()[0])["issue"]
        == "caf\udce9"
    )
    # METS names the file by its bytes, so the link still finds it.
    assert 'xlink:href="caf%E9.png"' in (tmp_path / "x.mets.xml").read_text(encoding="utf-8")
