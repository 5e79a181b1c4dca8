"""Articles continued on another page of the same file, linked by their jump lines.

Layout analysis reads each jump line into its article: "(Continued on page
3)" sets ``Article.continued_on = "3"``, "(Continued from page 1)" on the
later page sets ``continued_from = "1"`` (see
:func:`scan2text.layout.analyse.attach_jumps`). Once every page of a file is
done, :func:`link_continuations` pairs them: an article on page *p* continued
on page *q* with the article on page *q* continued from page *p*. Pages are
numbered by their position in the document (page 1 is the first page of the
PDF or TIFF, or the first file of ``scan2text run --issue``), or, where each
page is a file named by its number, by that number (:func:`page_numbers`).

Where page *q* holds several articles continued from page *p*, the one whose
headline shares most words with the first part's headline is taken (a jump
head repeats the story's key words: "School Board decides:" continues
"School Board decides: nix on teacher exams"); with no shared word, none is.

The chains go to ``Document.metadata["continuations"]`` (format in
:mod:`scan2text.export._structure`): METS, the article text files and JSON
Lines then write each chain as one article.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from scan2text.document import Article, Document
from scan2text.textnorm import is_han

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]{3,}")


def _words(text: str | None) -> set[str]:
    """Words of three letters or more, lower-cased, and pairs of ideographs in a row.

    (Single ideographs are no test: "的", "在" stand in any two headlines.)
    """
    if not text:
        return set()
    latin = {w.lower() for w in _WORD.findall(text) if not any(is_han(c) for c in w)}
    return latin | {a + b for a, b in zip(text, text[1:]) if is_han(a) and is_han(b)}


def _title(article: Article) -> str:
    return " ".join(t for t in (article.kicker, article.headline, article.subheadline) if t)


_TRAILING_NUMBER = re.compile(r"(\d+)$")


def page_numbers(document: Document) -> list[str]:
    """The page number of each page, as a jump line would name it.

    Pages scanned one to a file and named by number, as archives name them
    ("Chronicle_19730104_0003.jp2"), are numbered by their file names, so an
    issue of some of its pages (1 and 3) still links; otherwise pages are
    numbered by their position in the document.
    """
    stems = [Path(p.source).stem if p.source else "" for p in document.pages]
    found = [m.group(1) for s in stems if (m := _TRAILING_NUMBER.search(s))]
    if (
        len(found) == len(stems)
        and len(set(stems)) == len(stems)
        and len({int(n) for n in found}) == len(found)
    ):
        return [str(int(n)) for n in found]
    return [str(i + 1) for i in range(len(document.pages))]


def link_continuations(document: Document) -> list[list[list[str]]]:
    """Link the articles of ``document`` continued from page to page; returns the chains.

    Each chain is a list of ``[page_id, article_id]`` pairs in reading order.
    The chains are stored in ``document.metadata["continuations"]`` when there
    are any.
    """
    labels = page_numbers(document)
    label_to_index = {label: i for i, label in enumerate(labels)}
    following: dict[tuple[int, str], tuple[int, str]] = {}
    taken: set[tuple[int, str]] = set()
    for i, page in enumerate(document.pages):
        for article in page.articles:
            j = label_to_index.get(article.continued_on or "")
            if j is None or j == i:
                continue
            here = labels[i]
            candidates = [
                a for a in document.pages[j].articles if a.continued_from == here and (j, a.id) not in taken
            ]
            if len(candidates) > 1:
                words = _words(_title(article))
                scored = sorted(
                    ((len(words & _words(_title(a))), k) for k, a in enumerate(candidates)), reverse=True
                )
                best, k = scored[0]
                if best == 0 or scored[1][0] == best:
                    log.info(
                        "page %s: %s is continued on page %s, but which story there is not clear",
                        labels[i],
                        article.id,
                        labels[j],
                    )
                    continue
                candidates = [candidates[k]]
            if candidates:
                following[(i, article.id)] = (j, candidates[0].id)
                taken.add((j, candidates[0].id))
    chains: list[list[list[str]]] = []
    for start in following:
        if start in taken:
            continue
        chain: list[list[str]] = []
        part: tuple[int, str] | None = start
        seen: set[tuple[int, str]] = set()
        while part is not None and part not in seen:
            seen.add(part)
            chain.append([document.pages[part[0]].id, part[1]])
            part = following.get(part)
        chains.append(chain)
    if chains:
        document.metadata["continuations"] = chains
        log.info(
            "%s: %d article(s) continued on another page linked", document.source or "document", len(chains)
        )
    return chains
