"""Tests for scan2text.textnorm: full-width punctuation in CJK text, Latin text left alone."""

from __future__ import annotations

import pytest

from scan2text.textnorm import fold_cjk_punctuation, is_cjk, is_han, normalise_spaces, normalise_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Brackets read as ASCII around or after CJK text.
        ("(记者孙强)", "（记者孙强）"),
        ("（通讯员胡波)", "（通讯员胡波）"),
        ("(通讯员胡波）", "（通讯员胡波）"),
        ("群众。(记者徐丽)", "群众。（记者徐丽）"),
        ("推进工作。(5)本", "推进工作。（5）本"),
        ("河南(宝丰)高分子", "河南（宝丰）高分子"),
        # A lone bracket at a line break folds towards its CJK side.
        ("本报讯（记者胡", "本报讯（记者胡"),
        ("本报讯(记者胡", "本报讯（记者胡"),
        ("波通讯员郑浩)四要着", "波通讯员郑浩）四要着"),
        # Punctuation that follows a CJK character.
        ("县委,县政府", "县委，县政府"),
        ("注:会议地点", "注：会议地点"),
        ("怎么办?大家说!", "怎么办？大家说！"),
        ("要求;二是", "要求；二是"),
        ("时间:10:30", "时间：10:30"),
        ("“留”与“用”,为县域", "“留”与“用”，为县域"),
    ],
)
def test_fold_in_cjk_text(text: str, expected: str) -> None:
    out = fold_cjk_punctuation(text)
    assert out == expected
    assert len(out) == len(text)  # one for one: per-character data stays aligned


@pytest.mark.parametrize(
    "text",
    [
        "He spoke at the Mill River (Springfield)",
        "The meeting starts at 10:30, she said.",
        "about 1,000 residents",
        "“Yes”, she said; then: “No!”",
        "SPRINGFIELD (AP) — Farmers in the valley",
        "Is it done? Yes!",
        # Mixed: a Latin word next to CJK keeps what follows the Latin word.
        "云上宝丰APP, 等",
        "1,000人",
        "",
    ],
)
def test_latin_text_untouched(text: str) -> None:
    assert fold_cjk_punctuation(text) == text


def test_full_width_text_unchanged() -> None:
    text = "绝不姑息。（郭莎莎 文/何乐 图）"
    assert fold_cjk_punctuation(text) == text


def test_ideographic_space() -> None:
    assert normalise_spaces("聚焦乡村振兴\u3000建设美丽家园") == "聚焦乡村振兴 建设美丽家园"
    assert normalise_text("聚焦乡村振兴\u3000(建设美丽家园)") == "聚焦乡村振兴 （建设美丽家园）"


def test_character_classes() -> None:
    assert is_han("记") and is_han("㐀") and not is_han("，") and not is_han("A")
    assert is_cjk("，") and is_cjk("（") and is_cjk("记") and is_cjk("Ａ")
    # Shared with Latin text: curly quotes, dashes, the ideographic space.
    assert not any(is_cjk(c) for c in "“”‘’—…\u3000a1(")
