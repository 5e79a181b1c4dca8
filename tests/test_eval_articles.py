"""Article metrics on hand-built cases: reordering, splits, merges, titles, paragraph boundaries."""

from __future__ import annotations

import pytest

from scan2text.document import Article, Block, BlockRole, Document, Line, Page, Paragraph
from scan2text.evaluation import evaluate_documents
from scan2text.evaluation.articles import boundary_prf, evaluate_articles

# Three unrelated English bodies, long enough to have many distinctive 5-grams.
BODY_A = [
    "The city council voted on Tuesday to repair the old bridge over the river.",
    "Work will start in spring and the road will be closed for six weeks.",
]
BODY_B = [
    "Farmers in the valley expect a record harvest of apples this autumn.",
    "Prices at the market have fallen by a third since the summer began.",
]
BODY_C = ["A new library opens next month with a reading room for children and a cafe."]


def art(aid: str, paragraphs: list[str], headline: str | None = None, byline: str | None = None) -> Article:
    return Article(id=aid, headline=headline, byline=byline, paragraphs=[Paragraph(t) for t in paragraphs])


def test_identical_articles_are_recovered_whole() -> None:
    gt = [art("a", BODY_A, "Bridge to be repaired"), art("b", BODY_B, "Apple harvest")]
    s = evaluate_articles(gt, [art("x", BODY_B, "Apple harvest"), art("y", BODY_A, "Bridge to be repaired")])
    # Assignment pairs by content, not by position: a<->y, b<->x.
    assert {(m.gt_id, m.pred_id) for m in s.matches} == {("a", "y"), ("b", "x")}
    assert (s.recovered, s.split, s.merged, s.cer.errors) == (2, 0, 0, 0)


def test_reordered_article_is_order_free_perfect_but_not_whole() -> None:
    # One article whose two paragraphs come out swapped (see test_eval_metrics for the
    # hand computation: swapping 床前明月光 and 疑是地上霜 costs 10 edits over 10).
    gt_doc = _doc([art("a", ["床前明月光", "疑是地上霜"])])
    pred_doc = _doc([art("x", ["疑是地上霜", "床前明月光"])])
    s = evaluate_documents(pred_doc, gt_doc)
    assert s.bag.f1 == 1.0
    assert s.fca.accuracy == 1.0
    assert s.cer.value == 1.0
    assert s.articles.matches[0].cer.value == 1.0
    assert s.articles.recovered == 0


def test_split_article_is_counted_once() -> None:
    # GT: one article with two paragraphs. Prediction: each paragraph as its own article.
    # Each piece holds about half of the GT's distinctive 5-grams (>= 25%), so the GT
    # article is split; the matched half leaves the other half as errors (CER ~0.5),
    # so nothing is recovered whole and nothing is merged.
    s = evaluate_articles([art("a", BODY_A)], [art("x", BODY_A[:1]), art("y", BODY_A[1:])])
    assert (s.split, s.merged, s.recovered) == (1, 0, 0)
    assert s.matches[0].split is True
    assert 0.4 < s.matches[0].cer.value < 0.6


def test_merged_pair_is_counted_once() -> None:
    # GT: two articles. Prediction: one article holding both bodies.
    s = evaluate_articles([art("a", BODY_A), art("b", BODY_B)], [art("x", BODY_A + BODY_B)])
    assert (s.merged, s.merged_pred_ids, s.split) == (1, ["x"], 0)
    # The one prediction is matched to one GT article (with the other's text as insertions);
    # the other GT article is unmatched and counts all its characters as errors.
    matched = [m for m in s.matches if m.pred_id is not None]
    unmatched = [m for m in s.matches if m.pred_id is None]
    assert len(matched) == 1 and len(unmatched) == 1
    assert unmatched[0].cer.value == 1.0
    assert s.recovered == 0


def test_unrelated_articles_are_neither_split_nor_merged() -> None:
    s = evaluate_articles([art("a", BODY_A), art("b", BODY_B)], [art("x", BODY_A), art("y", BODY_C)])
    assert (s.split, s.merged) == (0, 0)
    assert [m.pred_id for m in s.matches] == ["x", None]


def test_headline_and_byline_precision_recall() -> None:
    gt = [
        art("A", BODY_A, headline="Rain falls", byline="By Ann"),
        art("B", BODY_B, headline="Sun shines"),
        art("C", BODY_C, byline="By Cy"),
    ]
    pred = [
        # "Rain fall": one deletion over 10 characters = 0.1 <= 0.1, correct; "By Bob" wrong.
        art("A2", BODY_A, headline="Rain fall", byline="By Bob"),
        # Wrong headline; a byline where the GT has none (a false positive).
        art("B2", BODY_B, headline="Moon rises", byline="By Zed"),
        # A headline where the GT has none (false positive); the byline is right.
        art("C2", BODY_C, headline="Extra", byline="By Cy"),
    ]
    s = evaluate_articles(gt, pred)
    # Headlines: 3 predicted, 2 in GT (A, B), 1 correct -> P 1/3, R 1/2, F1 2*1/(3+2) = 0.4.
    h = s.fields["headline"]
    assert (h.tp, h.n_pred, h.n_gt) == (1, 3, 2)
    assert (h.precision, h.recall, h.f1) == (pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    # Bylines: 3 predicted, 2 in GT (A, C), 1 correct (C) -> the same figures.
    b = s.fields["byline"]
    assert (b.tp, b.n_pred, b.n_gt) == (1, 3, 2)
    assert b.f1 == pytest.approx(0.4)


def test_headline_just_over_the_tolerance_is_wrong() -> None:
    # "Rain fal": two deletions over 10 = 0.2 > 0.1.
    s = evaluate_articles([art("A", BODY_A, headline="Rain falls")], [art("x", BODY_A, headline="Rain fal")])
    assert s.fields["headline"].tp == 0


def test_paragraph_boundary_f1() -> None:
    # GT paragraphs of 10 characters: boundaries at offsets 10 and 20.
    gt = ["abcdefghij", "klmnopqrst", "uvwxyzABCD"]
    # Prediction: same text cut at 12, 20 and 26. 12 is within 3 of 10 (match), 20 matches 20,
    # 26 has no free GT boundary within 3 (false positive) -> tp 2, P 2/3, R 2/2, F1 4/5.
    pred = ["abcdefghijkl", "mnopqrst", "uvwxyz", "ABCD"]
    p = boundary_prf(gt, pred)
    assert (p.tp, p.n_pred, p.n_gt) == (2, 3, 2)
    assert p.f1 == pytest.approx(0.8)


def test_paragraph_boundary_goes_through_the_alignment() -> None:
    # An inserted "X" at the start moves the predicted boundary to offset 11; the alignment
    # maps it back to GT offset 10, so it matches even with zero tolerance.
    assert boundary_prf(["abcdefghij", "klmnopqrst"], ["Xabcdefghij", "klmnopqrst"], tolerance=0).tp == 1
    # Without an edit a shifted boundary (offset 11 vs 10) needs the tolerance.
    assert boundary_prf(["abcdefghij", "klmnopqrst"], ["abcdefghijk", "lmnopqrst"], tolerance=0).tp == 0


def test_articles_without_text_take_no_part() -> None:
    s = evaluate_articles([art("a", BODY_A), Article(id="photo")], [art("x", BODY_A)])
    assert (s.n_gt, s.recovered) == (1, 1)


def _doc(articles: list[Article]) -> Document:
    page = Page(id="p", width=100, height=100, articles=articles)
    for a in articles:
        for k, para in enumerate(a.paragraphs):
            bid = f"{a.id}.{k}"
            page.blocks.append(
                Block(id=bid, role=BlockRole.body, lines=[Line(id=bid + ".l", text=para.text)])
            )
            a.block_ids.append(bid)
    return Document(source="mem", pages=[page])


def test_page_cer_reads_predicted_articles_in_ground_truth_order() -> None:
    # Two perfect articles found in the other order: the order of separate articles is not
    # reading order, so the page CER is 0 (both are also recovered whole).
    gt_doc = _doc([art("a", BODY_A, "Bridge to be repaired"), art("b", BODY_B, "Apple harvest")])
    pred_doc = _doc([art("y", BODY_B, "Apple harvest"), art("x", BODY_A, "Bridge to be repaired")])
    s = evaluate_documents(pred_doc, gt_doc)
    assert (s.cer.errors, s.articles.recovered) == (0, 2)
    # Order inside an article still counts: swapping its paragraphs costs characters.
    pred_doc = _doc([art("x", BODY_A[::-1], "Bridge to be repaired"), art("y", BODY_B, "Apple harvest")])
    assert evaluate_documents(pred_doc, gt_doc).cer.errors > 0


def test_a_list_of_pairs_gives_corpus_totals() -> None:
    # Pair 1: "abcd" vs "abxd" (1/4); pair 2: identical "efgh" (0/4) -> corpus 1/8.
    pairs = [
        (_doc([art("x", ["abxd"])]), _doc([art("a", ["abcd"])])),
        (_doc([art("y", ["efgh"])]), _doc([art("b", ["efgh"])])),
    ]
    corpus = evaluate_documents(pairs)
    assert corpus.get("cer") == 1 / 8
    assert corpus.get("gt_chars") == 8
    assert corpus.get("articles_whole_n") == 1


def _issue(pages: list[list[Article]], homes: dict[str, int]) -> Document:
    """A two-page document; each paragraph's one line lies on the page ``homes`` gives by its text (else
    on the article's own page), as a story continued from page 1 to page 2 is keyed."""
    doc_pages = [Page(id=f"p{k + 1}", width=100, height=100, articles=arts) for k, arts in enumerate(pages)]
    for k, arts in enumerate(pages):
        for a in arts:
            for j, para in enumerate(a.paragraphs):
                bid = f"{a.id}.{j}"
                home = doc_pages[homes.get(para.text, k)]
                home.blocks.append(
                    Block(id=bid, role=BlockRole.body, lines=[Line(id=bid + ".l", text=para.text)])
                )
                para.line_ids = [bid + ".l"]
                a.block_ids.append(bid)
    return Document(source="mem", pages=doc_pages)


def test_a_story_continued_on_the_next_page_is_scored_whole_once_its_parts_are_linked() -> None:
    """Ground truth keys the bridge story as one article, its second paragraph printed on page 2;
    the prediction has its two parts, one per page. Linked in metadata["continuations"], the parts
    are one article, recovered whole, and both pages read as printed; unlinked, the story is not
    whole (its first part is matched, and the second is an article of its own)."""
    gt = _issue(
        [[art("a", BODY_A, "Bridge to be repaired"), art("b", BODY_B, "Apple harvest")], []], {BODY_A[1]: 1}
    )

    def pred(linked: bool) -> Document:
        doc = _issue(
            [
                [art("x", BODY_A[:1], "Bridge to be repaired"), art("y", BODY_B, "Apple harvest")],
                [art("z", BODY_A[1:], "Bridge")],
            ],
            {},
        )
        if linked:
            doc.metadata["continuations"] = [[["p1", "x"], ["p2", "z"]]]
        return doc

    s = evaluate_documents(pred(True), gt)
    assert s.articles.recovered == 2 and len(s.articles.matches) == 2
    assert [p.cer.errors for p in s.pages][0] == 0
    unlinked = evaluate_documents(pred(False), gt)
    assert unlinked.articles.recovered == 1


def test_selecting_both_pages_of_a_continued_story_keeps_all_of_it() -> None:
    from scan2text.evaluation import select_pages

    gt = _issue([[art("a", BODY_A, "Bridge to be repaired")], []], {BODY_A[1]: 1})
    both = select_pages(gt, lambda p: True)
    assert [p.text for p in both.pages[0].articles[0].paragraphs] == BODY_A
    second = select_pages(gt, lambda p: p.id == "p2")
    assert [(a.id, [p.text for p in a.paragraphs]) for a in second.pages[0].articles] == [
        ("a-cont", BODY_A[1:])
    ]
