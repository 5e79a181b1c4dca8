"""Text metrics against small cases worked out by hand (the working is in the comments)."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from scan2text.evaluation.align import best_window, distance, position_map
from scan2text.evaluation.assignment import linear_sum_assignment
from scan2text.evaluation.fca import flexible_character_accuracy
from scan2text.evaluation.metrics import (
    PRF,
    BagScores,
    Rate,
    bag_of_characters,
    character_error_rate,
    word_error_rate,
)
from scan2text.evaluation.text import ClusterCodec, graphemes, join_lines, prepare, words


def _dp_levenshtein(a: list[str], b: list[str]) -> int:
    """Textbook dynamic programme: the independent oracle for the rapidfuzz-based distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# --- normalisation and grapheme clusters -------------------------------------------------


def test_nfc_makes_precomposed_and_combining_e_acute_equal() -> None:
    # "café" with U+00E9 against "cafe" + U+0301: after NFC both are c,a,f,é -> 0 edits over 4.
    r = character_error_rate("caf\u00e9", "cafe\u0301")
    assert (r.errors, r.n) == (0, 4)
    assert r.value == 0.0


def test_cer_counts_grapheme_clusters_not_code_points() -> None:
    # GT "cafe" + U+0301 is 4 clusters (c, a, f, é); "cafe" differs in the last cluster:
    # 1 substitution over 4 clusters = 0.25 (counting code points would give 1/5).
    r = character_error_rate("cafe\u0301", "cafe")
    assert (r.errors, r.n) == (1, 4)
    # A base letter with two combining marks is still one cluster.
    assert graphemes("q\u0307\u0323x") == ["q\u0307\u0323", "x"]


def test_fullwidth_punctuation_differs_under_nfc_and_matches_under_nfkc() -> None:
    gt, pred = "你好，世界！", "你好,世界!"
    # NFC keeps U+FF0C and U+FF01: 2 substitutions over 6 characters = 1/3.
    nfc = character_error_rate(gt, pred, "nfc")
    assert (nfc.errors, nfc.n) == (2, 6)
    # NFKC folds them to "," and "!": identical, 0/6.
    nfkc = character_error_rate(gt, pred, "nfkc")
    assert (nfkc.errors, nfkc.n) == (0, 6)


def test_unknown_normalization_is_refused() -> None:
    with pytest.raises(ValueError, match="normalization"):
        character_error_rate("a", "a", "nfd")


def test_whitespace_is_canonical_and_dropped_next_to_cjk() -> None:
    # Line breaks and runs of spaces are one space in Latin text ...
    assert prepare("a  b\n c ") == "a b c"
    # ... and nothing between CJK characters (a column break inside a word).
    assert prepare("王代\n强 调") == "王代强调"
    assert character_error_rate("the cat\nsat", "the  cat sat").value == 0.0


# --- CER / WER ---------------------------------------------------------------------------


def test_cer_simple_edits() -> None:
    # abcd -> abxd: one substitution over 4.
    assert tuple(character_error_rate("abcd", "abxd")) == (0.25, 4)
    # abcd -> abd: one deletion over 4; abcd -> abcde: one insertion over 4.
    assert character_error_rate("abcd", "abd").errors == 1
    assert character_error_rate("abcd", "abcde").errors == 1


def test_empty_ground_truth() -> None:
    # Nothing to read and nothing read: 0. Something read against nothing: inf, denominator 0.
    assert character_error_rate("", "").value == 0.0
    r = character_error_rate("", "abc")
    assert (r.errors, r.n) == (3, 0)
    assert math.isinf(r.value)
    assert math.isinf(word_error_rate("", "two words").value)
    assert word_error_rate("", "").value == 0.0


def test_wer_counts_each_ideograph_as_a_word() -> None:
    # 我 爱 北 京 vs 我 爱 南 京: four words, one substituted -> 1/4.
    r = word_error_rate("我爱北京", "我爱南京")
    assert (r.errors, r.n) == (1, 4)
    # English: the/cat/sat vs the/bat/sat -> 1/3.
    assert tuple(word_error_rate("the cat sat", "the bat sat")) == (pytest.approx(1 / 3), 3)


def test_words_split_punctuation_off() -> None:
    assert words("Hello, world's end.") == ["Hello", ",", "world's", "end", "."]
    assert words("2月7日，王代强") == ["2", "月", "7", "日", "，", "王", "代", "强"]


def test_rates_add_up_weighted_by_size() -> None:
    # 1/4 and 3/6 pooled are 4/10 = 0.4, not the mean of rates (0.375).
    total = Rate(1, 4) + Rate(3, 6)
    assert (total.errors, total.n, total.value) == (4, 10, 0.4)


def test_distance_matches_textbook_dp_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", "c", "e\u0301", "王", "，"]
    for _ in range(300):
        a = [rng.choice(alphabet) for _ in range(rng.randint(0, 12))]
        b = [rng.choice(alphabet) for _ in range(rng.randint(0, 12))]
        codec = ClusterCodec()
        ea, eb = codec.encode("".join(a)), codec.encode("".join(b))
        assert distance(ea, eb) == _dp_levenshtein(a, b)
        assert distance(a, b) == _dp_levenshtein(a, b)


def test_position_map_carries_offsets_through_edits() -> None:
    # pred "XabcY" vs gt "abc": X inserted before gt 0, Y inserted at gt 3.
    assert position_map("abc", "XabcY") == [0, 0, 1, 2, 3, 3]


def test_best_window_finds_the_line_inside_a_longer_one() -> None:
    w = best_window("bcd", "xxabcdxx")
    assert (w.gt_start, w.gt_end, w.pred_start, w.pred_end, w.distance) == (0, 3, 3, 6, 0)
    # One substitution inside the window: "bxd" fits pred[3:6] "bcd" with distance 1.
    w = best_window("bxd", "aaabcdaaa")
    assert (w.pred_start, w.pred_end, w.distance) == (3, 6, 1)


# --- order-free measures -----------------------------------------------------------------


def test_bag_of_characters_ignores_order_and_whitespace() -> None:
    b = bag_of_characters("abc def", "def\nabc")
    assert (b.tp, b.n_pred, b.n_gt, b.f1) == (6, 6, 6, 1.0)
    # "aab" vs "abb": shared a:min(2,1)=1, b:min(1,2)=1 -> tp 2 of 3 on each side.
    b = bag_of_characters("aab", "abb")
    assert (b.tp, b.precision, b.recall) == (2, pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_prf_undefined_and_zero_cases() -> None:
    nothing_predicted = PRF(tp=0, n_pred=0, n_gt=5)
    assert nothing_predicted.precision is None
    assert nothing_predicted.recall == 0.0
    assert nothing_predicted.f1 == 0.0
    assert PRF().f1 is None
    # F1 = 2*tp/(n_pred+n_gt): 2*3/(4+6) = 0.6.
    assert PRF(3, 4, 6).f1 == pytest.approx(0.6)
    assert isinstance(BagScores(1, 1, 1) + BagScores(1, 2, 3), BagScores)


def test_fca_is_indifferent_to_line_order() -> None:
    # Every GT line is one predicted line in another order: 0 errors.
    assert flexible_character_accuracy("aaa\nbbb\nccc", "ccc\naaa\nbbb").accuracy == 1.0
    assert flexible_character_accuracy("a\nb", "b\na").accuracy == 1.0
    # One GT line read as one predicted line joining two GT lines: no character lost.
    assert flexible_character_accuracy("abc\ndef", "abcdef").accuracy == 1.0


def test_fca_counts_real_errors() -> None:
    # "a" against nothing: the one GT character is deleted -> accuracy 0.
    assert flexible_character_accuracy("a", "").accuracy == 0.0
    # Lines swapped and "hello" misread "helo": 1 error over 10 + 6 = 16 characters
    # (whitespace is left out: "helloworld", "foobar").
    f = flexible_character_accuracy("hello world\nfoo bar", "foo bar\nhelo world")
    assert (f.errors, f.n) == (1, 16)
    assert f.accuracy == pytest.approx(15 / 16)
    # A keyed paragraph against its printed lines: the space at the line join is not an error.
    assert flexible_character_accuracy("one two three four", "three four\none two").accuracy == 1.0
    # Extra predicted line "zz": 2 insertions over 3 GT characters.
    f = flexible_character_accuracy("abc", "abc\nzz")
    assert (f.errors, f.n) == (2, 3)


def test_fca_does_not_force_missing_text_onto_other_lines() -> None:
    # GT "0123456789" is missing from the prediction; "abcde" is read right. The longest GT
    # line comes first, but "abcde" does not fit it (5 errors in a 5-character window), so
    # it stays for the GT line "abcde": errors = 10 deletions over 15 characters. (Forcing
    # the match would cost 5 substitutions + 5 left over + 5 deleted = 15.)
    f = flexible_character_accuracy("0123456789\nabcde", "abcde")
    assert (f.errors, f.n) == (10, 15)
    # Unreadable output still matches in the second round: 8 substitutions over 8 -> 0, not -1.
    assert flexible_character_accuracy("abcdefgh", "zyxwvuts").accuracy == 0.0


def test_reordered_text_scores_high_order_free_and_low_cer() -> None:
    # GT 床前明月光 / 疑是地上霜 read as 疑是地上霜 / 床前明月光. Levenshtein of the two
    # 10-character strings: keeping either half matched forces the other half to be deleted
    # and inserted (5 + 5), and substituting every position costs 10, so distance 10 -> CER 1.0.
    gt, pred = "床前明月光\n疑是地上霜", "疑是地上霜\n床前明月光"
    assert character_error_rate(gt, pred).value == 1.0
    assert bag_of_characters(gt, pred).f1 == 1.0
    assert flexible_character_accuracy(gt, pred).accuracy == 1.0


# --- helpers ---------------------------------------------------------------------------


def test_join_lines_dehyphenates_and_joins_cjk_without_space() -> None:
    assert join_lines(["investi-", "gation of the", "well-", "Known"]) == "investigation of the well- Known"
    assert join_lines(["县委书记王代强", "深入河南"]) == "县委书记王代强深入河南"


def test_assignment_is_optimal_against_brute_force() -> None:
    rng = np.random.default_rng(3)
    for shape in [(3, 3), (2, 4), (4, 2), (5, 5), (1, 3)]:
        for _ in range(20):
            cost = rng.integers(0, 20, size=shape).astype(float)
            rows, cols = linear_sum_assignment(cost)
            assert len(rows) == min(shape) and len(set(cols)) == len(cols)
            n, m = shape
            if n <= m:
                best = min(sum(cost[i, p[i]] for i in range(n)) for p in itertools.permutations(range(m), n))
            else:
                best = min(sum(cost[p[j], j] for j in range(m)) for p in itertools.permutations(range(n), m))
            assert cost[rows, cols].sum() == best
