"""An article's credit: where it stands (title group, body start or end, a stray caption line) and how it reads.

:func:`article_credit` finds the credit of an assembled article, takes it
out of the body paragraphs and writes it the way the page sets it
(:func:`scan2text.bylines.format_credit`). The text rules for what a credit
is live in :mod:`scan2text.bylines`; this module knows where the layout puts
one:

* in the title group: a byline block, or a block the title stage took for a
  deck or (``By GRACE``) a headline;
* at the body's start: ``本报讯（…）``, ``By JANE DOE``, a credit line
  (``Associated Press``), also after title lines the layout left in the
  body, and with the lines that carry it on (``Staff Writer``, the second
  name of ``By JANE DOE and``);
* at the body's end: ``（…）`` or ``白今明 报道`` after the last sentence;
* in a caption the layout ran the credit into.
"""

from __future__ import annotations

from collections.abc import Sequence

from scan2text.bylines import (
    continue_byline,
    format_credit,
    is_byline_line,
    is_photo_credit,
    match_end_byline,
    match_inner_start_byline,
    match_leading_credit,
    match_start_byline,
)
from scan2text.document import Paragraph
from scan2text.layout.articles import Draft
from scan2text.layout.frame import TBlock
from scan2text.layout.titles import TitleGroup
from scan2text.textnorm import is_han


def _first_line(paragraph: Paragraph, lines: dict[str, str]) -> str:
    """The text of a paragraph's first line (the whole paragraph when its lines are not known)."""
    first = lines.get(paragraph.line_ids[0], "").strip() if paragraph.line_ids else ""
    return first if first and paragraph.text.startswith(first) else paragraph.text


def _cut_front(paragraphs: list[Paragraph], text: str, lines: dict[str, str], k: int = 0) -> None:
    """Take ``text`` (the start of paragraph ``k``) out of ``paragraphs``, with the lines it used up."""
    p = paragraphs[k]
    rest = p.text[len(text) :].strip() if p.text.startswith(text) else p.text
    if not rest:
        paragraphs.pop(k)
        return
    ids = list(p.line_ids)
    pos = 0
    while len(ids) > 1:
        line = lines.get(ids[0], "").strip()
        at = p.text.find(line, pos) if line else -1
        if at < 0 or at + len(line) > len(text):
            break
        pos = at + len(line)
        ids.pop(0)
    paragraphs[k] = Paragraph(text=rest, line_ids=ids)


# Title lines (kicker, headline, deck) the layout may leave in front of a
# credit line: this many characters at most.
_LEFT_TITLE_CHARS = 160


def _opening_credit(paragraphs: list[Paragraph], lines: dict[str, str]) -> tuple[str, int] | None:
    """A credit line at the body's start (``Associated Press``, ``Staff Writer``, ``By JANE DOE``), taken out.

    Lines of a title or caption the layout left in front of the body may
    come before it: lines of :data:`_LEFT_TITLE_CHARS` characters in all,
    none of them ending a sentence. Those stay in the body, as a paragraph
    of their own. Returns the credit and the index of the paragraph that
    follows it.
    """
    seen = 0
    for k, p in enumerate(paragraphs[:3]):
        pos = 0
        for line_id in p.line_ids:
            line = lines.get(line_id, "").strip()
            at = p.text.find(line, pos) if line else -1
            if at < 0:
                return None
            rest = p.text[at + len(line) :].strip()
            # In Latin text a credit line is followed by a new sentence
            # ("The Associated Press / reported" is body).
            follows = not rest or not rest[0].isascii() or not rest[0].isalpha() or rest[0].isupper()
            # An opening credit has the body after it.
            follows = follows and bool(rest or paragraphs[k + 1 :])
            if follows and (is_byline_line(line) or match_start_byline(line) == (line, "")):
                before = p.text[:at].strip()
                _cut_front(paragraphs, p.text[: at + len(line)], lines, k)
                if before:
                    paragraphs.insert(k, Paragraph(text=before, line_ids=[]))
                return line, k + (1 if before else 0)
            seen += len(line)
            if line.endswith((".", "。", "!", "?", "！", "？", "”", '"')) or seen > _LEFT_TITLE_CHARS:
                return None
            pos = at + len(line)
    return None


def _take_byline(parts: list[str], paragraphs: list[Paragraph], lines: dict[str, str]) -> str | None:
    """Find the article's credit and take it out of ``paragraphs``; returns it written as the page sets it.

    ``parts`` are the credit lines of the title group. Failing those, a
    credit opening the body (``本报讯（…）``, ``By JANE DOE``, a credit line)
    comes first; the lines right after it that carry it on are added
    (``Staff Writer``, the second name of ``By JANE DOE and``). Failing that,
    a credit closing the body, on its own line or run on after the last
    sentence. ``lines`` maps line ids to their text.
    """
    parts = list(parts)
    at = 0  # the paragraph the body goes on with after the credit
    if not parts and paragraphs:
        start = match_start_byline(paragraphs[0].text)
        first = _first_line(paragraphs[0], lines)
        ids = paragraphs[0].line_ids
        # The texts of the first lines after the first, one, two and three of them.
        after = [
            " ".join(lines.get(i, "").strip() for i in ids[1 : k + 1]) for k in range(1, min(len(ids), 4))
        ]
        if (
            start is not None
            and len(start[0]) > len(first)
            and start[0][len(first) :].strip() not in after
            and match_start_byline(first) == (first, "")
        ):
            # A whole byline on the first line ends there when the capitals
            # after it stop inside a line: they open the body ("By JANE DOE" /
            # "NORTH HAVEN, Jan. 23 —"), where names carried over ("By JANE DOE
            # and AMY" / "HOLLOWAY") fill their lines.
            start = (first, paragraphs[0].text[len(first) :].strip())
        before = ""
        if start is None and (inner := match_inner_start_byline(paragraphs[0].text)) is not None:
            # "图为…本报讯（…）2月7日…": a caption or deck run in front of the body.
            before, start = inner[0], (inner[1], inner[2])
        if start is not None:
            parts.append(start[0])
            _cut_front(paragraphs, paragraphs[0].text[: len(paragraphs[0].text) - len(start[1])], lines)
            if before:
                paragraphs.insert(0, Paragraph(text=before, line_ids=[]))
                at = 1
        elif (opening := _opening_credit(paragraphs, lines)) is not None:
            parts.append(opening[0])
            at = opening[1]
    if parts:
        bare_tag = match_start_byline(parts[-1]) == (parts[-1], "") and any(is_han(c) for c in parts[-1])
        lead = match_leading_credit(paragraphs[at].text) if bare_tag and len(paragraphs) > at else None
        if lead is not None:
            # "本报讯" with its bracket set on the next line.
            parts[-1] += lead[0]
            _cut_front(paragraphs, paragraphs[at].text[: len(paragraphs[at].text) - len(lead[1])], lines, at)
        while len(paragraphs) > at:
            line = _first_line(paragraphs[at], lines)
            more = continue_byline(" ".join(parts), line) or (line if is_byline_line(line) else None)
            if more is None:
                break
            _cut_front(paragraphs, line, lines, at)
            parts.append(more)
        return format_credit(" ".join(p.strip() for p in parts))
    if paragraphs and is_byline_line(paragraphs[-1].text):
        return format_credit(paragraphs.pop().text)
    if paragraphs:
        found = match_end_byline(paragraphs[-1].text)
        if found is not None:
            rest, credit = found
            if rest.strip():
                paragraphs[-1] = Paragraph(text=rest.rstrip(), line_ids=paragraphs[-1].line_ids)
            else:
                paragraphs.pop()
            return format_credit(credit)
    return None


def _caption_credit(captions: Sequence[TBlock]) -> str | None:
    """A writer's credit the layout took into a caption: ``By …`` and its continuation lines, or ``本报讯（…）``.

    Caption text comes first, so the credit is looked for from the second
    line on; photo credits (``(Photo by Sam Okafor)``, ``刘洋摄``) are
    worded otherwise.
    """
    for cap in captions:
        texts = [ln.text.strip() for ln in cap.lines]
        for j in range(1, len(texts)):
            start = match_start_byline(texts[j])
            if start is not None and any(is_han(c) for c in start[0]) and start[0][-1:] in "）)":
                return start[0]
            if not (texts[j].startswith("By") and start == (texts[j], "")):
                continue
            parts = [texts[j]]
            for t in texts[j + 1 :]:
                credit_line = is_byline_line(t) and not is_photo_credit(t)
                more = continue_byline(" ".join(parts), t) or (t if credit_line else None)
                if more is None:
                    break
                parts.append(more)
            return " ".join(parts)
    return None


def _by_capitals(text: str) -> bool:
    """``By`` and a name in capitals, the whole text."""
    return text.startswith("By") and text.split()[-1].isupper() and is_byline_line(text)


def _title_credits(title: TitleGroup | None, paragraphs: list[Paragraph]) -> list[str]:
    """The credit lines of a title group, top to bottom.

    Besides its byline blocks, a block the title stage took for a deck is a
    credit when it reads as one or carries on the byline above it (``By
    JANE DOE and`` / ``BRIAN MCALLISTER``); its role becomes byline. A deck
    that opens with ``本报讯（…）`` is the body's start run into the title:
    the credit is taken and the rest goes to the body.
    """
    if title is None:
        return []
    parts: list[str] = []
    for b in title.blocks:
        text = " ".join(ln.text.strip() for ln in b.lines).strip()
        if b.role == "byline":
            parts.append(text)
        elif b.role == "headline" and _by_capitals(text):
            # "By GRACE" set in display size: no headline starts so.
            b.role = "byline"
            parts.append(text)
        elif b.role == "subheadline" and text:
            more = continue_byline(" ".join(parts), text) if parts else None
            start = match_start_byline(text)
            if more is None and is_byline_line(text):
                more = text
            elif more is None and not parts and start is not None and start[1] and is_han(start[0][0]):
                more = start[0]
                paragraphs.insert(0, Paragraph(text=start[1], line_ids=[ln.line.id for ln in b.lines]))
            if more is not None:
                b.role = "byline"
                parts.append(more)
    return parts


def article_credit(draft: Draft, paragraphs: list[Paragraph]) -> str | None:
    """The credit of an assembled article, taken out of its ``paragraphs`` (and title roles set); or ``None``."""
    body_blocks = [u.block for u in draft.units if u.block is not None]
    credits = _title_credits(draft.title, paragraphs)
    lines = {ln.line.id: ln.text for b in body_blocks for ln in b.lines}
    byline = _take_byline(credits, paragraphs, lines)
    if byline is None or (not byline.startswith("By") and byline.isascii() and is_byline_line(byline)):
        # The "By JANE DOE" line may have gone into a caption (set right above
        # or below it); a lone "Staff Writer" in the body is its second line.
        found = _caption_credit([u.caption for u in draft.units if u.caption is not None])
        if found is not None:
            byline = format_credit(f"{found} {byline or ''}")
    return byline
