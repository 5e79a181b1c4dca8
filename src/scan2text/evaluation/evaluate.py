"""Evaluate a predicted document against ground truth, page by page and article by article.

Page text ("reading text") is what a reader of the page reads, one item per
line: for each article filed on the page its kicker, headline, subheadline,
paragraphs and byline, then, line by line, every caption and furniture block
and every block that no article claims. A paragraph whose first line lies on
another page (an article continued across pages) counts on that page. When a
document has articles but none of them lists its blocks, only furniture and
caption blocks are added, so that article text is not counted twice.

The predicted articles of a page are read in the order of the ground-truth
articles they match (unmatched ones last): separate articles have no reading
order among themselves, and the page CER should not count the order in which
the page was scanned for articles. Order *within* an article still counts.

Pages are paired by position when both documents have as many pages, else by
``page_index``; an unpaired page is compared with an empty one. Article
metrics are computed over the whole document, since articles may run across
pages: the parts of a story linked in ``metadata["continuations"]`` are
scored as one article (:func:`whole_articles`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import overload

from scan2text.document import Article, BlockRole, Document, Page, Paragraph
from scan2text.errors import BadArgsError
from scan2text.evaluation.articles import evaluate_articles
from scan2text.evaluation.fca import encode_lines, fca_of_encoded
from scan2text.evaluation.metrics import bag_of_encoded, rate_of_encoded, word_error_rate
from scan2text.evaluation.scores import CorpusScores, DocumentScores, PageScores
from scan2text.evaluation.text import NORMALIZATIONS, ClusterCodec, prepare
from scan2text.export._structure import logical_articles

logger = logging.getLogger(__name__)


def page_texts(
    doc: Document, article_rank: dict[int, int] | None = None, continued: set[int] | None = None
) -> list[str]:
    """Reading text of every page (see the module docstring), items separated by newlines.

    ``article_rank`` maps ``id(article)`` to a position: the articles of each
    page are put in that order (those without one after, as they were).
    ``continued`` holds the ``id`` of articles that are later parts of a story
    begun on another page: their text counts after the page's own, as that
    of a paragraph carried over from another page does.
    """
    line_page = {line.id: k for k, p in enumerate(doc.pages) for line in p.lines()}
    claimed = {bid for p in doc.pages for a in p.articles for bid in a.block_ids}
    has_articles = any(p.articles for p in doc.pages)
    own: list[list[str]] = [[] for _ in doc.pages]
    carried: list[list[str]] = [[] for _ in doc.pages]
    for k, page in enumerate(doc.pages):
        articles = list(page.articles)
        if article_rank is not None:
            articles.sort(key=lambda a: article_rank.get(id(a), len(article_rank)))
        for a in articles:
            later = continued is not None and id(a) in continued
            (carried if later else own)[k].extend(t for t in (a.kicker, a.headline, a.subheadline) if t)
            for para in a.paragraphs:
                home = line_page.get(para.line_ids[0], k) if para.line_ids else k
                (own if home == k and not later else carried)[home].append(para.text)
            if a.byline:
                (carried if later else own)[k].append(a.byline)
    out = []
    for k, page in enumerate(doc.pages):
        items = own[k] + carried[k]
        for b in page.blocks:
            # Captions and furniture are never part of an article's text, so
            # they count here even when an article lists their blocks.
            article_text = b.role not in (BlockRole.furniture, BlockRole.caption)
            if article_text and (b.id in claimed or (has_articles and not claimed)):
                continue
            items.extend(line.text for line in b.lines)
        out.append("\n".join(t for t in items if t.strip()))
    return out


def pair_pages(pred: Document, gt: Document) -> list[tuple[int | None, int | None]]:
    """``(pred page index, gt page index)`` pairs; None where one side has no page."""
    if len(pred.pages) == len(gt.pages):
        return [(k, k) for k in range(len(gt.pages))]
    pred_at = {p.page_index: k for k, p in enumerate(pred.pages)}
    pairs: list[tuple[int | None, int | None]] = []
    used: set[int] = set()
    for k, page in enumerate(gt.pages):
        j = pred_at.get(page.page_index)
        pairs.append((j, k))
        if j is not None:
            used.add(j)
    pairs += [(j, None) for j in range(len(pred.pages)) if j not in used]
    return pairs


def _page_id(pages: list[Page], k: int | None) -> str | None:
    return pages[k].id if k is not None else None


@overload
def evaluate_documents(
    pred: Document, gt: Document, normalization: str = "nfc", name: str | None = None
) -> DocumentScores: ...


@overload
def evaluate_documents(
    pred: Sequence[tuple[Document, Document]],
    gt: None = None,
    normalization: str = "nfc",
    name: str | None = None,
) -> CorpusScores: ...


def evaluate_documents(
    pred: Document | Sequence[tuple[Document, Document]],
    gt: Document | None = None,
    normalization: str = "nfc",
    name: str | None = None,
) -> DocumentScores | CorpusScores:
    """Score a predicted document against its ground truth: every page, then the articles.

    Given one ``(pred, gt)`` pair it returns :class:`DocumentScores`; given a
    list of ``(pred, gt)`` pairs (and no ``gt``) it scores each and returns the
    :class:`CorpusScores` holding them all.
    """
    if normalization.lower() not in NORMALIZATIONS:
        raise BadArgsError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, not {normalization!r}")
    if isinstance(pred, Document):
        if gt is None:
            raise BadArgsError("evaluate_documents(pred, gt): ground truth missing")
        return _evaluate_pair(pred, gt, normalization, name)
    if gt is not None:
        raise BadArgsError("evaluate_documents(pairs) takes no separate ground truth")
    corpus = CorpusScores()
    for p, g in pred:
        corpus.update(_evaluate_pair(p, g, normalization, None))
    return corpus


def whole_articles(doc: Document) -> list[tuple[Article, list[Article]]]:
    """Each article of ``doc`` whole, with the parts it was made of.

    The parts of a story continued from page to page (linked in
    ``metadata["continuations"]``) make one article, as the exporters write
    it (:func:`scan2text.export._structure.logical_articles`): the first
    title fields and byline any part has, the paragraphs and blocks of all
    parts in order. Other articles stand as they are.
    """
    out: list[tuple[Article, list[Article]]] = []
    for logical in logical_articles(doc):
        parts = [part.article for part in logical.parts]
        if len(parts) == 1:
            out.append((parts[0], parts))
            continue
        whole = replace(
            parts[0],
            kicker=logical.kicker,
            headline=logical.headline,
            subheadline=logical.subheadline,
            byline=logical.byline,
            paragraphs=logical.paragraphs,
            block_ids=[b for a in parts for b in a.block_ids],
        )
        out.append((whole, parts))
    return out


def _evaluate_pair(pred: Document, gt: Document, normalization: str, name: str | None) -> DocumentScores:
    # (Stories continued from page to page are scored whole, on either side.)
    gt_whole = whole_articles(gt)
    pred_whole = whole_articles(pred)
    article_scores = evaluate_articles([w for w, _ in gt_whole], [w for w, _ in pred_whole], normalization)
    # The order of separate articles on a page is not reading order: predicted
    # articles are read in the order of the ground-truth articles they match.
    rank = {
        id(part): m.gt_index
        for m in article_scores.matches
        if m.pred_index is not None
        for part in pred_whole[m.pred_index][1]
    }
    gt_texts = page_texts(gt, None, {id(p) for _, parts in gt_whole for p in parts[1:]})
    pred_texts = page_texts(pred, rank, {id(p) for _, parts in pred_whole for p in parts[1:]})
    scores = DocumentScores(name=name or gt.source, pred_source=pred.source, gt_source=gt.source)
    pairs = pair_pages(pred, gt)
    if len(pred.pages) != len(gt.pages):
        logger.warning(
            "%s has %d page(s) and %s has %d; pairing by page index",
            pred.source,
            len(pred.pages),
            gt.source,
            len(gt.pages),
        )
    for j, k in pairs:
        g_text = gt_texts[k] if k is not None else ""
        p_text = pred_texts[j] if j is not None else ""
        codec = ClusterCodec()
        g, p = codec.encode(prepare(g_text, normalization)), codec.encode(prepare(p_text, normalization))
        gid, pid = _page_id(gt.pages, k), _page_id(pred.pages, j)
        page_name = scores.name if len(pairs) == 1 else f"{scores.name}:{gid or pid}"
        scores.pages.append(
            PageScores(
                name=page_name,
                gt_page_id=gid,
                pred_page_id=pid,
                cer=rate_of_encoded(g, p),
                wer=word_error_rate(g_text, p_text, normalization),
                bag=bag_of_encoded(g, p),
                fca=fca_of_encoded(
                    encode_lines(g_text, codec, normalization), encode_lines(p_text, codec, normalization)
                ),
            )
        )
    scores.articles = article_scores
    return scores


def select_pages(doc: Document, keep: Callable[[Page], bool]) -> Document:
    """A copy of ``doc`` with only the pages ``keep`` accepts, articles cut to those pages.

    For scoring some pages of a multi-page issue. An article continued from a
    kept page onto a dropped one keeps only the paragraphs whose first line is
    on a kept page (paragraphs without line ids stay). An article that starts
    on a dropped page and continues onto a kept one becomes, on the kept page,
    an article ``<id>-cont`` holding only the paragraphs printed there. So the
    ground truth holds exactly the text printed on the kept pages.
    """
    line_page = {line.id: k for k, p in enumerate(doc.pages) for line in p.lines()}
    kept_index = [k for k, p in enumerate(doc.pages) if keep(p)]
    kept = set(kept_index)
    new_pages = {k: replace(doc.pages[k], articles=[]) for k in kept_index}
    for k, page in enumerate(doc.pages):
        for a in page.articles:
            by_page: dict[int, list[Paragraph]] = {}
            for para in a.paragraphs:
                home = line_page.get(para.line_ids[0], k) if para.line_ids else k
                by_page.setdefault(home, []).append(para)
            if k in kept:
                # (With the pages it runs on to kept too, the article keeps
                # their paragraphs, in its own order.)
                paras = [
                    p for p in a.paragraphs if (line_page.get(p.line_ids[0], k) if p.line_ids else k) in kept
                ]
                new_pages[k].articles.append(replace(a, paragraphs=paras))
            for home, paras in by_page.items():
                if home != k and home in kept and k not in kept:
                    cont = Article(id=f"{a.id}-cont", paragraphs=paras, block_ids=list(a.block_ids))
                    new_pages[home].articles.append(cont)
    pages = [new_pages[k] for k in kept_index]
    return Document(source=doc.source, pages=pages, metadata=dict(doc.metadata))
