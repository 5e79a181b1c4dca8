"""The logical structure the exporters share: reading order, hyphenation, whole articles.

Reading order of a page
    The blocks of each article in ``Page.articles`` order, each article's
    blocks in ``Article.block_ids`` order, then every block that belongs to no
    article (furniture, stray captions) in ``Page.blocks`` order.

Hyphenation
    A line-end hyphen is a *soft* one when the paragraph's text (made by the
    reflow stage) joined the two halves without it: the line ends with
    ``exam-``, the next line of the same paragraph starts with ``ple`` and the
    paragraph reads ``example``. Only then do ALTO files get ``HYP`` and
    ``SUBS_TYPE="HypPart1"/"HypPart2"``; ``well-`` / ``known`` with the
    paragraph reading ``well-known`` keeps its hyphen as text.

Articles continued on another page
    The pipeline assembles articles page by page. An article that continues
    on a later page is recorded in ``Document.metadata["continuations"]``: a
    list of chains, each chain a list of ``[page, article_id]`` pairs in
    reading order, where ``page`` is the page's ``Page.id`` (a string) or its
    1-based position in ``Document.pages`` (an integer), e.g.
    ``{"continuations": [[["p1", "a3"], ["p3", "a1"]]]}``. METS, the text
    files and JSON Lines write each chain as one article; ALTO and PAGE-XML,
    being per page, keep the parts.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scan2text.document import Article, Block, Document, Line, Page, Paragraph
from scan2text.reflow import is_cjk_text, join_text

log = logging.getLogger(__name__)

HYPHENS = "-\u00ad\u2010\u2011\u00ac"


def reading_order(page: Page) -> list[Block]:
    """Every block of ``page`` once, in reading order (see module docstring)."""
    by_id = {b.id: b for b in page.blocks}
    seen: set[str] = set()
    ordered: list[Block] = []
    for article in page.articles:
        for block_id in article.block_ids:
            block = by_id.get(block_id)
            if block is None:
                log.warning("page %s: article %s names unknown block %s", page.id, article.id, block_id)
            elif block_id not in seen:
                seen.add(block_id)
                ordered.append(block)
    ordered += [b for b in page.blocks if b.id not in seen]
    return ordered


def line_index(page: Page) -> dict[str, tuple[Block, Line]]:
    """Line id -> (its block, the line) for every line of ``page``."""
    return {line.id: (block, line) for block in page.blocks for line in block.lines}


def paragraph_lines(page: Page, paragraph: Paragraph, index: dict[str, tuple[Block, Line]]) -> list[Line]:
    """The lines of ``paragraph`` that exist on ``page``, in the paragraph's order."""
    lines = []
    for line_id in paragraph.line_ids:
        found = index.get(line_id)
        if found is None:
            log.warning("page %s: paragraph names unknown line %s", page.id, line_id)
        else:
            lines.append(found[1])
    return lines


def paragraph_segments(
    page: Page, paragraph: Paragraph, index: dict[str, tuple[Block, Line]]
) -> list[tuple[Block, list[Line]]]:
    """The paragraph's lines grouped into runs that lie in one block, in order."""
    segments: list[tuple[Block, list[Line]]] = []
    for line_id in paragraph.line_ids:
        found = index.get(line_id)
        if found is None:
            continue
        block, line = found
        if segments and segments[-1][0] is block:
            segments[-1][1].append(line)
        else:
            segments.append((block, [line]))
    return segments


@dataclass(frozen=True)
class Hyphenation:
    """A word split over two lines with a soft hyphen (see module docstring)."""

    first_line: str
    second_line: str
    hyphen: str
    word: str


def find_hyphenations(page: Page) -> dict[str, Hyphenation]:
    """Soft hyphens of ``page``, keyed by the id of the line that ends with the first half."""
    index = line_index(page)
    found: dict[str, Hyphenation] = {}
    for article in page.articles:
        for paragraph in article.paragraphs:
            lines = paragraph_lines(page, paragraph, index)
            for first, second in zip(lines, lines[1:]):
                hyph = _soft_hyphen(first.text, second.text, paragraph.text)
                if hyph is not None:
                    found[first.id] = Hyphenation(first.id, second.id, hyph[0], hyph[1])
    return found


def _soft_hyphen(first: str, second: str, joined: str) -> tuple[str, str] | None:
    """(hyphen, whole word) when ``first`` ends a word that ``second`` finishes without a hyphen in ``joined``."""
    first, second = first.rstrip(), second.lstrip()
    if len(first) < 2 or first[-1] not in HYPHENS or not first[-2].isalpha():
        return None
    head = re.search(r"(\w+)$", first[:-1])
    tail = re.match(r"\w+", second)
    if head is None or tail is None or not tail.group().isalpha():
        return None
    word = head.group(1) + tail.group()
    if word in joined and head.group(1) + first[-1] + tail.group() not in joined:
        return first[-1], word
    return None


def join_lines(texts: Sequence[str], soft_hyphen_after: Sequence[bool] = (), lang: str = "auto") -> str:
    """Join a paragraph's lines as the reflow stage does (:func:`scan2text.reflow.join_text`).

    ``soft_hyphen_after[i]`` says that line ``i`` ends in a soft hyphen, which
    is dropped; any other line-end hyphen after a letter is kept, with no
    space after it (``well-`` + ``known``). These two facts are what the
    exports record, so the reflow's guess about the hyphen is not repeated.
    """
    out = ""
    soft_before = False
    for i, raw in enumerate(texts):
        text = raw.strip()
        if not text:
            continue
        if not out:
            out = text
        elif soft_before and out[-1] in HYPHENS:
            out = out[:-1] + text
        elif out[-1] in HYPHENS and len(out) >= 2 and not out[-2].isspace():
            out += text
        else:
            out = join_text(out, text, lang)
        soft_before = i < len(soft_hyphen_after) and bool(soft_hyphen_after[i])
    return out


def join_title(texts: Sequence[str]) -> str:
    """Join the lines of a title part or byline: one space between lines, whatever the script.

    A headline set on two lines is two phrases, for Chinese too
    (``全力以赴为企业排忧解难 推动项目早日建成达效``), so lines keep a space.
    """
    return " ".join(t.strip() for t in texts if t.strip())


@dataclass
class ArticlePart:
    """One page's part of an article: the page's 1-based number, the page, the article."""

    page_no: int
    page: Page
    article: Article


@dataclass
class LogicalArticle:
    """An article as a reader sees it: one or more per-page parts (see module docstring)."""

    number: int
    parts: list[ArticlePart] = field(default_factory=list)

    def _first(self, name: str) -> str | None:
        for part in self.parts:
            value = getattr(part.article, name)
            if value:
                return str(value)
        return None

    @property
    def id(self) -> str:
        """The id of the first part (the page tree's article id)."""
        return self.parts[0].article.id

    @property
    def kicker(self) -> str | None:
        """The first part's kicker that is set (as for the other title fields)."""
        return self._first("kicker")

    @property
    def headline(self) -> str | None:
        """The first headline any part has."""
        return self._first("headline")

    @property
    def subheadline(self) -> str | None:
        """The first subheadline any part has."""
        return self._first("subheadline")

    @property
    def byline(self) -> str | None:
        """The first byline any part has (often the last part's: bylines close articles)."""
        return self._first("byline")

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every part's paragraphs, in order."""
        return [p for part in self.parts for p in part.article.paragraphs]

    @property
    def page_numbers(self) -> list[int]:
        """The 1-based numbers of the pages the article is on."""
        return sorted({part.page_no for part in self.parts})

    @property
    def lang(self) -> str | None:
        """``zh`` for an article mostly in CJK, else the page's language unless that is ``zh`` or unknown.

        A page's language does not hold for every article on it (an English
        notice on a Chinese page), and the exports state it per article.
        """
        page_lang = self.parts[0].page.lang
        if is_cjk_text(self.text):
            return "zh"
        return page_lang if page_lang not in (None, "", "auto", "zh") else None

    @property
    def text(self) -> str:
        """Title parts, paragraphs, byline, one per line (as ``Article.text``)."""
        parts = [p for p in (self.kicker, self.headline, self.subheadline) if p]
        parts += [p.text for p in self.paragraphs]
        if self.byline:
            parts.append(self.byline)
        return "\n".join(parts)


def _chain_refs(document: Document) -> dict[tuple[int, str], int]:
    """(page number, article id) -> chain number, from ``metadata["continuations"]``."""
    raw: Any = document.metadata.get("continuations") or []
    page_nos: dict[str, int] = {}
    for n, page in enumerate(document.pages, start=1):
        page_nos.setdefault(page.id, n)
    refs: dict[tuple[int, str], int] = {}
    if not isinstance(raw, list):
        log.warning(
            "ignoring metadata['continuations']: expected a list of chains, got %s", type(raw).__name__
        )
        return refs
    for chain_no, chain in enumerate(raw):
        for ref in chain if isinstance(chain, list) else []:
            if not (isinstance(ref, (list, tuple)) and len(ref) == 2):
                log.warning("ignoring continuation entry %r: expected [page, article_id]", ref)
                continue
            page_ref, article_id = ref
            page_no = page_ref if isinstance(page_ref, int) else page_nos.get(str(page_ref))
            if page_no is None or not 1 <= page_no <= len(document.pages):
                log.warning("ignoring continuation entry %r: no such page", ref)
                continue
            refs[(page_no, str(article_id))] = chain_no
    return refs


def logical_articles(document: Document) -> list[LogicalArticle]:
    """The document's articles with continued parts merged, numbered from 1 in reading order."""
    refs = _chain_refs(document)
    out: list[LogicalArticle] = []
    by_chain: dict[int, LogicalArticle] = {}
    for page_no, page in enumerate(document.pages, start=1):
        for article in page.articles:
            part = ArticlePart(page_no, page, article)
            chain = refs.get((page_no, article.id))
            if chain is not None and chain in by_chain:
                by_chain[chain].parts.append(part)
                continue
            logical = LogicalArticle(len(out) + 1, [part])
            out.append(logical)
            if chain is not None:
                by_chain[chain] = logical
    return out


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe slug: letters and digits of any script kept, runs of anything else one ``-``."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w]+|_+", "-", text).strip("-")
    return text[:limit].rstrip("-")
