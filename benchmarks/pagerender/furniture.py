"""Page furniture: the masthead or section header with its folio line at the top, the footer at the bottom.

Each printed furniture line becomes one ground-truth entry of kind
``masthead``, ``folio``, ``section`` or ``footer``; the rules that go with
them are horizontal separators.
"""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.pagerender import corpus_en, corpus_zh
from benchmarks.pagerender.article import ASCENT, Placed, Style
from benchmarks.pagerender.model import Furniture, PageModel, Separator
from benchmarks.pagerender.typeset import set_title


def date_text(lang: str, day: dt.date) -> str:
    """The date as the paper prints it."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日 {corpus_zh.WEEKDAYS[day.weekday()]}"
    return f"{corpus_en.WEEKDAYS[day.weekday()]}, {day.strftime('%B')} {day.day}, {day.year}"


def _line(
    model: PageModel, kind: str, text: str, face: str, size: int, x0: float, x1: float, top: float, align: str
) -> float:
    """Set one furniture line between x0 and x1 with its em box at ``top``; returns the bottom."""
    rows = set_title(text, face, size, x1 - x0, model.lang, role="furniture", align=align, lines=[text])
    if rows is None or len(rows) != 1:
        raise ValueError(f"furniture {text!r} does not fit {x1 - x0:.0f} px")
    model.furniture.append(Furniture(kind, text, Placed(rows[0], x0, top + ASCENT * size, 0, None)))
    return top + size


def _rule(model: PageModel, x0: float, x1: float, y: float, thick: int) -> None:
    model.separators.append(Separator("horizontal", (round(x0), round(y), round(x1), round(y) + thick)))


def add_header(
    model: PageModel,
    rng: random.Random,
    x0: float,
    x1: float,
    top: float,
    *,
    page_number: int,
    day: dt.date,
    paper: str | None = None,
    section: str | None = None,
) -> float:
    """Masthead (front page) or section header, with its folio line and rules; returns where content may start."""
    style: Style = model.style
    lang, body, rule = model.lang, style.body_size, style.rule
    zh = lang == "zh"
    paper = paper or rng.choice(corpus_zh.MASTHEADS if zh else corpus_en.MASTHEADS)
    section = section or rng.choice(corpus_zh.SECTIONS if zh else corpus_en.SECTIONS)
    date = date_text(lang, day)
    folio = f"第{page_number}版" if zh else f"A{page_number}"
    small = round(body * 0.95)
    y = top
    if page_number == 1:
        size = round(model.dpi * (0.5 if zh else 0.45))
        face = "zh_hei" if zh else "en_serif_bold"
        y = _line(model, "masthead", paper, face, size, x0, x1, y, "center") + 0.35 * body
        _rule(model, x0, x1, y, rule)
        y += rule + 0.5 * body
        bottom = _line(model, "folio", date, style.body_face, small, x0, x0 + (x1 - x0) * 0.45, y, "left")
        _line(model, "section", section, style.title_face, small, x0 + (x1 - x0) * 0.55, x1, y, "right")
        y = bottom + 0.45 * body
        _rule(model, x0, x1, y, rule * 3)
        y += rule * 3
    else:
        size = round(body * 1.25)
        bottom = _line(model, "folio", folio, style.title_face, size, x0, x0 + (x1 - x0) * 0.3, y, "left")
        _line(
            model,
            "section",
            section,
            style.title_face,
            size,
            x0 + (x1 - x0) * 0.3,
            x0 + (x1 - x0) * 0.7,
            y,
            "center",
        )
        _line(
            model, "folio", date, style.body_face, small, x0 + (x1 - x0) * 0.6, x1, y + size - small, "right"
        )
        y = bottom + 0.4 * body
        _rule(model, x0, x1, y, rule * 2)
        y += rule * 2
    model.info.update(paper=paper, section=section, date=day.isoformat(), page_number=page_number)
    return y + 0.9 * body


def add_footer(
    model: PageModel,
    rng: random.Random,
    x0: float,
    x1: float,
    bottom: float,
    text: str | None = None,
    align: str = "right",
) -> float:
    """A footer line ("编辑 张跃红 校对 王晓光") whose box ends at ``bottom``; returns where content must end."""
    body = model.style.body_size
    size = round(body * 0.85)
    if text is None:
        if model.lang == "zh":
            a, b = rng.sample(corpus_zh.NAMES, 2)
            text = f"编辑 {a} 校对 {b}"
        else:
            text = f"{model.info.get('paper', 'THE MILLBROOK HERALD')} | Page A{model.info.get('page_number', 1)}"
    face = model.style.body_face
    _line(model, "footer", text, face, size, x0, x1, bottom - size, align)
    return bottom - size - 1.2 * body
