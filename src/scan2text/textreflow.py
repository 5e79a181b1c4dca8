"""Text-only reflow: turn a column-fragment text dump into a page of whole articles.

Input is what comes off a page when each printed line is taken as it stands
(see ``/work/shared/seed/README.md``): lines cut at the column width, blank
lines between fragments, each article's byline at the end of its body and its
headline lines *after* the byline, page furniture (``编辑 … 校对 …``) wherever
the page put it. :func:`reflow_text` rebuilds articles from it; the
``scan2text reflow`` command (:func:`reflow_command`) wraps it.

Rules, and why:

1. **Furniture** — staff-credit footers (``编辑 张跃红 校对 王晓光``) and bare
   page numbers are taken out first, wherever they stand, because they can be
   glued to an article (``（秦嘉俊）`` directly followed by the footer).
2. **Article ends** — an end credit (:func:`~scan2text.bylines.match_end_byline`,
   also at the end of a body line, plus any credit lines right after it)
   closes an article's body; a start credit (``本报讯（…）``, ``By JANE DOE``)
   opens a new one. These are the only reliable article boundaries in a
   dump: crossheads inside an article look just like headlines of
   byline-less articles.
3. **Titles come after the body** — the lines between an article's end and
   the next body start are its title. The next body starts at a line
   indented by leading whitespace, or at the first line that reads like
   body text: CJK, a line ending with a full stop, or one with sentence
   punctuation that fits the width of the column below it (headlines may
   end with ！ or ？, and may hold a comma, but are rarely column-wide);
   Latin, a sentence end inside the line, a final full stop, a trailing
   comma or hyphen. Because the body's first line may carry no punctuation
   (``为更好落实县委关于县级领导和``), the start then moves back over lines
   that fit the column, choosing the line whose shortfall is nearest the
   two-character first-line indent (CJK), or over lines continued by a
   lower-case line (Latin). Where no credit ends an article (the next one
   opens with a start credit, or the dump ends), its title is the run of
   title-like lines (no full stop, no running-text punctuation) at the end
   of its body that follows a line ending a sentence.
4. **Title roles** — consecutive title lines (no blank line between) are one
   title part, joined with a space (a two-line headline is two phrases).
   One part: headline. Two parts: kicker + headline when the first part
   ends like a lead-in (``……时强调``, ``……指出``, a colon; Latin: a colon
   or an all-capitals label of at most three words), else headline +
   subheadline (a subheadline starting with a dash always is one). Three
   parts: kicker, headline, subheadline.
5. **Paragraphs** — :func:`scan2text.reflow.build_paragraphs` on fragments cut
   where the column width changes (:func:`scan2text.reflow.text_fragments`).

Lines keep their source line number as id (``l12``); a line split in two
(body + credit) gives ``l12`` and ``l12.2``. Page-tree lines hold the text
without the dump's leading whitespace (reflow itself sees it as an indent).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import typer

from scan2text.bylines import Byline, is_byline_line, match_end_byline, match_start_byline
from scan2text.document import Article, Block, BlockRole, Document, Line, Page
from scan2text.errors import BadArgsError, ExportError, InputImageError
from scan2text.reflow import (
    CJK_INDENT_UNITS,
    build_paragraphs,
    column_width,
    ends_sentence,
    join_text,
    script_of,
    sentence_end,
    text_fragments,
    text_units,
)

log = logging.getLogger(__name__)

_HAN = r"\u3400-\u9fff"
_STAFF_ROLE = r"(?:责任编辑|责编|编辑|校对|美编|组版|审核|审校|终审|值班编辑|排版|版式|制作|摄影编辑)"
_FOOTER = re.compile(rf"^(?:\s*{_STAFF_ROLE}\s*[:：]?\s*[{_HAN}]{{2,4}}(?:[\s、]+[{_HAN}]{{2,4}})*)+\s*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:第\s*\d{1,3}\s*版|[A-Z]?\d{1,3}|[Pp]age\s+\d{1,3}|[-–—]\s*\d{1,3}\s*[-–—])\s*$"
)
# A CJK kicker ends like a lead-in to what the headline says.
_CJK_KICKER_END = re.compile(r"(强调|指出|表示|要求|提出|寄语|希望|说|称|透露|部署|时|之际|[:：])\s*$")
_CJK_BODY_PUNCT = re.compile(r"[，。；！？、：]")
# A sentence end inside a Latin line (a final "?" or "!" may end a headline).
_LATIN_SENTENCE = re.compile(r"[a-z0-9)\"”’][.!?][\"”’]?\s+[A-Z\"“‘]")
_LATIN_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|No|Gov|Sen|Rep|Gen|Lt|Col|Mt|vs|Inc|Co|Corp|Ltd|U\.S|U\.K)\.\s*$"
)
# Title candidates after a byline-less article end, at most this many lines.
MAX_TRAILING_TITLE_LINES = 4
# CJK: a line "fits" the column below it within these margins (units).
FIT_BELOW, FIT_ABOVE = 4.5, 1.0


@dataclass
class _TLine:
    """A non-blank line of the dump."""

    id: str
    raw: str  # leading whitespace kept, trailing removed
    blank_before: bool

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def indented(self) -> bool:
        return self.raw[:1].isspace()


@dataclass
class _Article:
    """An article under construction."""

    title: list[_TLine] = field(default_factory=list)
    body: list[_TLine] = field(default_factory=list)
    credits: list[tuple[Byline, _TLine]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.title or self.body or self.credits)


def _read_lines(text: str) -> list[_TLine]:
    """Non-blank lines with source ids and whether a blank line precedes each."""
    out: list[_TLine] = []
    blank = True
    for no, raw in enumerate(text.splitlines(), 1):
        raw = raw.rstrip().replace("\ufeff", "")
        if not raw.strip():
            blank = True
            continue
        out.append(_TLine(f"l{no}", raw, blank))
        blank = False
    return out


def furniture_kind(text: str) -> str | None:
    """``"footer"`` for staff credits (``编辑 张跃红 校对 王晓光``), ``"page-number"`` for folios; else None."""
    if _FOOTER.match(text) and len(text.strip()) <= 40:
        return "footer"
    if _PAGE_NUMBER.match(text):
        return "page-number"
    return None


# ----------------------------------------------------------------------------- body start


def _widths(lines: Sequence[_TLine], cjk: bool) -> list[float]:
    return [text_units(ln.text, cjk) for ln in lines]


def _definite_body(lines: Sequence[_TLine], k: int, cjk: bool) -> bool:
    """Does line ``k`` read as body text (not a title)?"""
    ln = lines[k]
    if ln.indented:
        return True
    text = ln.text
    if cjk:
        # A full stop ends body sentences only; headlines may end with ！ or ？.
        if sentence_end(text) in ("。", "."):
            return True
        if not _CJK_BODY_PUNCT.search(text) or text.endswith(("：", ":")):
            return False
        below = _widths(lines[k + 1 : k + 13], cjk)
        if len(below) < 2:
            return False
        col = column_width(below)
        return col - FIT_BELOW <= text_units(text, cjk) <= col + FIT_ABOVE
    if text.endswith((",", "-")) or (text.endswith(".") and not _LATIN_ABBREV.search(text)):
        return True
    return any(not _LATIN_ABBREV.search(text[: m.start() + 2]) for m in _LATIN_SENTENCE.finditer(text))


def _body_start(lines: Sequence[_TLine], i: int, cjk: bool) -> int:
    """Index of the first body line at or after ``i`` (``len(lines)`` if none)."""
    p = i
    while p < len(lines) and not _definite_body(lines, p, cjk) and match_start_byline(lines[p].text) is None:
        p += 1
    if p >= len(lines) or lines[p].indented or match_start_byline(lines[p].text) is not None:
        return p
    if not cjk:
        k = p
        while (
            k > i
            and not lines[k].indented
            and (lines[k].text[:1].islower() or lines[k - 1].text.endswith(("-", ",")))
        ):
            k -= 1
        return k
    col = column_width(_widths(lines[p : p + 12], cjk))
    best, best_score = p, abs(col - text_units(lines[p].text, cjk) - CJK_INDENT_UNITS)
    k = p - 1
    while k >= i:
        w = text_units(lines[k].text, cjk)
        if not col - FIT_BELOW <= w <= col + FIT_ABOVE:
            break
        score = abs(col - w - CJK_INDENT_UNITS)
        if score < best_score:
            best, best_score = k, score
        k -= 1
    return best


def _title_like(text: str, cjk: bool) -> bool:
    """Could this line be part of a title? No full stop at the end, no punctuation of running text."""
    if sentence_end(text) in ("。", "."):
        return False
    if cjk:
        return not _CJK_BODY_PUNCT.search(text.rstrip("！？!? "))
    return not text.endswith((",", ";", "-")) and not _LATIN_SENTENCE.search(text)


def _split_trailing_title(art: _Article, cjk: bool) -> None:
    """Without an end credit, an article's title is the title-like lines after its last sentence.

    The longest run of at most ``MAX_TRAILING_TITLE_LINES`` title-like lines
    at the end of the body that follows a line ending a sentence is moved to
    the title (``……干出`` + ``新气象！`` stays body: the line before does not
    end a sentence).
    """
    for n in range(min(MAX_TRAILING_TITLE_LINES, len(art.body) - 1), 0, -1):
        tail = art.body[-n:]
        if ends_sentence(art.body[-n - 1].text) and all(_title_like(t.text, cjk) for t in tail):
            art.title = tail + art.title
            del art.body[-n:]
            return


# ----------------------------------------------------------------------------- segmentation


def _segment(lines: Sequence[_TLine], cjk: bool) -> list[_Article]:
    """Cut the furniture-free lines into articles (rules 2 and 3 of the module docstring)."""
    articles: list[_Article] = []
    cur = _Article()
    after_end = False  # True between an end credit and the next body start
    i = 0
    while i < len(lines):
        ln = lines[i]
        if after_end:
            if is_byline_line(ln.text):
                # A second credit line ("（何乐 摄）" after "（郭莎莎）") closes the same article.
                cur.credits.append((Byline(ln.text, "line"), ln))
                i += 1
                continue
            j = _body_start(lines, i, cjk)
            cur.title.extend(lines[i:j])
            articles.append(cur)
            cur, after_end, i = _Article(), False, j
            continue
        start = match_start_byline(ln.text)
        if start is not None:
            if cur.body:
                _split_trailing_title(cur, cjk)
                articles.append(cur)
                cur = _Article()
            cur.credits.append((Byline(start[0], "line" if not start[1] else "start"), ln))
            if start[1]:
                cur.body.append(_TLine(ln.id + ".2", start[1], False))
            i += 1
            continue
        end = match_end_byline(ln.text)
        if end is not None and (cur.body or end[0]):
            body, credit = end
            if body:
                cur.body.append(
                    _TLine(ln.id, ln.raw[: len(ln.raw) - len(ln.raw.lstrip())] + body, ln.blank_before)
                )
            credit_line = _TLine(ln.id + ".2" if body else ln.id, credit, False)
            cur.credits.append((Byline(credit, "end" if body else "line"), credit_line))
            after_end = True
            i += 1
            continue
        if is_byline_line(ln.text):
            cur.credits.append((Byline(ln.text, "line"), ln))
            after_end = bool(cur.body)
            i += 1
            continue
        cur.body.append(ln)
        i += 1
    if not after_end and cur.body:
        _split_trailing_title(cur, cjk)
    if not cur.empty():
        articles.append(cur)
    return articles


# ----------------------------------------------------------------------------- titles


def _title_parts(title: Sequence[_TLine], cjk: bool, lang: str) -> list[tuple[str, list[_TLine]]]:
    """Group title lines into parts (consecutive lines) and join each part's text."""
    groups: list[list[_TLine]] = []
    for ln in title:
        if groups and not ln.blank_before:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    parts = []
    for group in groups:
        if cjk:
            text = " ".join(ln.text for ln in group)
        else:
            text = group[0].text
            for ln in group[1:]:
                text = join_text(text, ln.text, lang)
        parts.append((text, group))
    return parts


def _is_kicker(first: str, second: str, cjk: bool) -> bool:
    """Does the first of two title parts read as a kicker (lead-in) rather than a headline?"""
    if second.startswith(("——", "—", "--")):
        return False
    if cjk:
        return bool(_CJK_KICKER_END.search(first))
    # Latin: a colon, or a short all-capitals label over a part that is not all capitals.
    letters = [c for c in first if c.isalpha()]
    label = bool(letters) and all(c.isupper() for c in letters) and len(first.split()) <= 3
    return first.rstrip().endswith(":") or (label and not second.isupper())


def assign_title_roles(parts: Sequence[str], cjk: bool) -> tuple[str | None, str | None, str | None]:
    """``(kicker, headline, subheadline)`` from an article's title parts in order (rule 4)."""
    if not parts:
        return None, None, None
    if len(parts) == 1:
        return None, parts[0], None
    if len(parts) == 2:
        if _is_kicker(parts[0], parts[1], cjk):
            return parts[0], parts[1], None
        return None, parts[0], parts[1]
    if len(parts) > 3:
        log.warning(
            "%d title parts (%s); the parts after the third are joined into the subheadline",
            len(parts),
            parts,
        )
    return parts[0], parts[1], " ".join(parts[2:])


# ----------------------------------------------------------------------------- page


def _line(tl: _TLine) -> Line:
    """The page-tree line: text without the dump's layout whitespace."""
    return Line(id=tl.id, text=tl.text)


def _order(line_id: str) -> float:
    """Source position of a line id (``l12`` -> 12, ``l12.2`` -> 12.5)."""
    base, _, part = line_id[1:].partition(".")
    return int(base) + (0.5 if part else 0.0)


def _build_article(art: _Article, n: int, cjk: bool, lang: str) -> tuple[Article, list[Block]]:
    """The :class:`Article` and its blocks (in reading order) for one segmented article."""
    article = Article(id=f"a{n}")
    parts = _title_parts(art.title, cjk, lang)
    roles = assign_title_roles([p for p, _ in parts], cjk)
    article.kicker, article.headline, article.subheadline = roles
    part_roles = [
        r for r, v in zip((BlockRole.kicker, BlockRole.headline, BlockRole.subheadline), roles) if v
    ]
    part_roles += [BlockRole.subheadline] * (len(parts) - len(part_roles))
    title_blocks = [
        Block(id="", lines=[_line(t) for t in group], role=role)
        for (_, group), role in zip(parts, part_roles)
    ]
    # Reflow sees the raw lines: a leading space is the only indent a dump keeps.
    fragments = text_fragments([Line(id=t.id, text=t.raw) for t in art.body], lang)
    article.paragraphs = build_paragraphs(fragments, lang)
    body_blocks = [
        Block(id="", lines=[Line(id=ln.id, text=ln.text.strip()) for ln in frag.lines], role=BlockRole.body)
        for frag in fragments
    ]
    first_body = _order(art.body[0].id) if art.body else float("inf")
    start_credits: list[Block] = []
    end_credits: list[Block] = []
    for byline, tl in art.credits:
        block = Block(id="", lines=[_line(tl)], role=BlockRole.byline)
        # A credit line standing after body text closes the article; one before it opens it.
        closing = byline.position == "end" or (byline.position == "line" and _order(tl.id) > first_body)
        (end_credits if closing else start_credits).append(block)
    credits = start_credits + end_credits
    article.byline = " ".join(b.text for b in credits) or None
    return article, title_blocks + start_credits + body_blocks + end_credits


def reflow_text(text: str, source: str = "", lang: str = "auto") -> Page:
    """Turn a column-fragment text dump into a :class:`~scan2text.document.Page` of articles.

    ``lang`` is ``auto``, ``zh`` or ``en`` (CJK or Latin rules). The page has
    no geometry (``width = height = 0``, lines without polygons); its blocks
    keep the dump's order, its articles are in reading order, and footer
    lines become furniture blocks. See the module docstring for the rules.
    """
    if lang not in ("auto", "zh", "en"):
        raise BadArgsError(f"lang must be auto, zh or en, not {lang!r}")
    lines = _read_lines(text)
    cjk = script_of(text, lang) == "cjk"
    page = Page(
        id=Path(source).stem if source else "page",
        width=0,
        height=0,
        source=source,
        lang="zh" if cjk else "en",
        processing={"reflow": "text", "source_lines": len(text.splitlines())},
    )
    content: list[_TLine] = []
    blocks: list[Block] = []
    for tl in lines:
        kind = furniture_kind(tl.text)
        if kind is None:
            content.append(tl)
        else:
            blocks.append(Block(id="", lines=[_line(tl)], role=BlockRole.furniture, furniture_kind=kind))
    article_blocks: list[list[Block]] = []
    for n, art in enumerate(_segment(content, cjk), 1):
        article, own = _build_article(art, n, cjk, lang)
        page.articles.append(article)
        article_blocks.append(own)
        blocks.extend(own)
    # Blocks in the dump's order (what the page showed); articles give reading order.
    blocks.sort(key=lambda b: _order(b.lines[0].id))
    for k, block in enumerate(blocks, 1):
        block.id = f"b{k}"
    page.blocks = blocks
    for article, own in zip(page.articles, article_blocks):
        article.block_ids = [b.id for b in own]
    log.info("reflowed %d lines into %d articles (%s)", len(lines), len(page.articles), page.lang)
    return page


def format_articles(page: Page) -> str:
    """The page's articles as readable text: title parts and byline tagged, paragraphs apart."""
    out: list[str] = []
    for article in page.articles:
        out.append(f"=== {article.id} ===")
        for tag, value in (
            ("kicker", article.kicker),
            ("headline", article.headline),
            ("subheadline", article.subheadline),
            ("byline", article.byline),
        ):
            if value:
                out.append(f"[{tag}] {value}")
        for para in article.paragraphs:
            out.append("")
            out.append(para.text)
        out.append("")
    for block in page.furniture:
        out.append(f"--- furniture ({block.furniture_kind}): {block.text.strip()}")
    return "\n".join(out).rstrip() + "\n"


def reflow_command(
    textfile: Path = typer.Argument(..., help="column-fragment text dump (UTF-8)"),
    out: Path | None = typer.Option(None, "-o", "--output", help="write page-tree JSON here"),
    lang: str = typer.Option("auto", "--lang", help="auto, zh or en"),
) -> None:
    """Turn a column-fragment text dump into articles: print them, and write page-tree JSON if asked."""
    if lang not in ("auto", "zh", "en"):
        raise BadArgsError(f"--lang must be auto, zh or en, not {lang!r}")
    try:
        text = textfile.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputImageError("no such file", textfile) from e
    except UnicodeDecodeError as e:
        raise InputImageError(f"not UTF-8 text ({e.reason} at byte {e.start})", textfile) from e
    except OSError as e:
        raise InputImageError(f"cannot read: {e.strerror or e}", textfile) from e
    page = reflow_text(text, source=textfile.name, lang=lang)
    typer.echo(format_articles(page), nl=False)
    if out is not None:
        doc = Document(source=str(textfile), pages=[page], metadata={"producer": "scan2text reflow"})
        try:
            out.write_text(doc.to_json() + "\n", encoding="utf-8")
        except OSError as e:
            raise ExportError(f"cannot write page-tree JSON: {e.strerror or e}", out) from e
