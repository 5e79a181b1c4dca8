"""Plain text, Markdown and JSON Lines: one entry per article, for reading and for pandas.

Each article (an article continued on another page is one, see
``_structure``) becomes ``NN-<slug>.txt`` and ``NN-<slug>.md`` in the
``<stem>.articles/`` folder, ``NN`` its 1-based number in reading order
(zero-padded to at least two digits) and ``<slug>`` made from its headline
(else kicker, subheadline, first paragraph, article id); letters of any
script are kept, so a Chinese headline gives a Chinese file name. Page
furniture (headers, footers, page numbers) and text outside articles are not
written here; the JSON page tree, ALTO and PAGE-XML carry the whole page.

``.txt``: kicker, headline and subheadline one per line, a blank line, the
paragraphs separated by blank lines, a blank line, the byline.

``.md``: ``*kicker*``, ``# headline``, ``## subheadline``, paragraphs,
``*byline*``, separated by blank lines; Markdown syntax characters in the
text are escaped so that the text reads back as written.

``<stem>.articles.jsonl``: one JSON object per line and article with
``issue``, ``page`` (first page, 1-based), ``pages``, ``article_id``,
``number``, ``kicker``, ``headline``, ``subheadline``, ``byline``, ``text``
(as ``Article.text``), ``paragraphs`` (list of strings), ``bboxes`` (one
``{"page", "block_id", "role", "bbox": [x0, y0, x1, y1]}`` per block in
reading order, in whole pixels of the scan like ALTO and PAGE-XML; ``bbox`` is
null for blocks without geometry), ``lang``, ``confidence``, and
``continued_from`` / ``continued_on``: the pages a jump line names where
the story's part there is not linked (a page not in this file, or no clear
match on it; null otherwise). Load with
``pandas.read_json(path, lines=True)``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from scan2text.document import Document
from scan2text.export._geometry import CoordMap, block_outline
from scan2text.export._io import atomic_write, json_text
from scan2text.export._structure import LogicalArticle, logical_articles, slug

log = logging.getLogger(__name__)

_ARTICLE_FILE = re.compile(r"^\d{2,}-.*\.(txt|md)$")


def article_txt(art: LogicalArticle) -> str:
    """The plain-text rendering of ``art`` (see module docstring), ending in a newline."""
    sections = []
    titles = [t for t in (art.kicker, art.headline, art.subheadline) if t]
    if titles:
        sections.append("\n".join(titles))
    sections += [p.text for p in art.paragraphs if p.text]
    if art.byline:
        sections.append(art.byline)
    return "\n\n".join(sections) + "\n"


def md_escape(text: str) -> str:
    """``text`` with Markdown syntax escaped, so that it renders as itself."""
    text = re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)
    text = re.sub(r"^([#>+=-])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def article_md(art: LogicalArticle) -> str:
    """The Markdown rendering of ``art`` (see module docstring), ending in a newline."""
    sections = []
    if art.kicker:
        sections.append(f"*{md_escape(art.kicker.strip())}*")
    if art.headline:
        sections.append(f"# {md_escape(art.headline.strip())}")
    if art.subheadline:
        sections.append(f"## {md_escape(art.subheadline.strip())}")
    sections += [md_escape(p.text) for p in art.paragraphs if p.text]
    if art.byline:
        sections.append(f"*{md_escape(art.byline.strip())}*")
    return "\n\n".join(sections) + "\n"


def article_stem(art: LogicalArticle, width: int) -> str:
    """``NN-<slug>`` for ``art``."""
    first = art.paragraphs[0].text if art.paragraphs else None
    name = ""
    for candidate in (art.headline, art.kicker, art.subheadline, first, art.id):
        name = slug(candidate or "")
        if name:
            break
    return f"{art.number:0{width}d}-{name or 'article'}"


def issue_name(document: Document) -> str:
    """The issue's identifier for JSON Lines: ``metadata["issue"]``, else the source's file stem."""
    issue = document.metadata.get("issue")
    return str(issue) if issue else (Path(document.source).stem or document.source)


def article_record(art: LogicalArticle, issue: str) -> dict[str, Any]:
    """The JSON Lines record of ``art`` (see module docstring)."""
    bboxes = []
    for part in art.parts:
        cmap = CoordMap(part.page)
        by_id = {b.id: b for b in part.page.blocks}
        for block_id in dict.fromkeys(part.article.block_ids):
            block = by_id.get(block_id)
            if block is None:
                continue
            box = cmap.box(block_outline(block))
            bboxes.append(
                {
                    "page": part.page_no,
                    "block_id": block.id,
                    "role": block.role.value,
                    "bbox": [round(box.x0), round(box.y0), round(box.x1), round(box.y1)] if box else None,
                }
            )
    confidences = [part.article.confidence for part in art.parts]
    return {
        "issue": issue,
        "page": art.parts[0].page_no,
        "pages": art.page_numbers,
        "article_id": art.id,
        "number": art.number,
        "kicker": art.kicker,
        "headline": art.headline,
        "subheadline": art.subheadline,
        "byline": art.byline,
        "text": art.text,
        "paragraphs": [p.text for p in art.paragraphs],
        "bboxes": bboxes,
        "lang": art.lang,
        "confidence": round(min(confidences), 4),
        "continued_from": art.parts[0].article.continued_from,
        "continued_on": art.parts[-1].article.continued_on,
    }


def write_jsonl(document: Document, path: Path) -> Path:
    """Write one JSON object per article to ``path`` atomically; returns ``path``."""
    issue = issue_name(document)
    lines = [json_text(article_record(a, issue)) for a in logical_articles(document)]
    return atomic_write(path, "".join(line + "\n" for line in lines))


def write_article_files(document: Document, folder: Path) -> list[Path]:
    """Write ``NN-<slug>.txt`` and ``.md`` per article into ``folder``; returns the paths in order.

    Article files a previous run left in ``folder`` that this run did not
    write are removed, so that the folder always matches the document (only
    names of the ``NN-*.txt``/``NN-*.md`` form are touched).
    """
    articles = logical_articles(document)
    width = max(2, len(str(len(articles))))
    written: list[Path] = []
    for art in articles:
        stem = article_stem(art, width)
        written.append(atomic_write(folder / f"{stem}.txt", article_txt(art)))
        written.append(atomic_write(folder / f"{stem}.md", article_md(art)))
    if folder.is_dir():
        keep = {p.name for p in written}
        for old in folder.iterdir():
            if old.is_file() and _ARTICLE_FILE.match(old.name) and old.name not in keep:
                log.info("removing stale article file %s", old)
                old.unlink()
    else:
        folder.mkdir(parents=True, exist_ok=True)
    return written
