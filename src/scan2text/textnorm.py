"""Normalising recognised text: CJK punctuation and spaces.

Chinese text is set with full-width punctuation (``，：；？！（）``); the
recogniser now and then reads a full-width bracket or comma as its ASCII
look-alike (``(记者孙强)``, ``（陈静)``). :func:`fold_cjk_punctuation`
turns ASCII punctuation back into its full-width form where it stands in
CJK text, and leaves Latin text alone (``Mill River (Springfield)``,
``10:30``, ``1,000``). :func:`normalise_spaces` writes the ideographic space
(U+3000), which the recogniser emits for some wide gaps, as a plain space.

Every function maps characters one to one, so per-character data (CTC
positions, confidences) stays aligned with the text.
"""

from __future__ import annotations

# Punctuation that attaches to the character before it.
_TRAILING = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_OPEN = "(（"
_CLOSE = ")）"


def is_cjk(ch: str) -> bool:
    """CJK ideographs, kana, CJK punctuation (U+3000 block) and full-width forms.

    Curly quotes, dashes and the ellipsis are shared with Latin text, so they are not counted.
    """
    cp = ord(ch)
    return (
        0x3001 <= cp <= 0x303F  # CJK punctuation, without the ideographic space
        or 0x3040 <= cp <= 0x30FF
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF01 <= cp <= 0xFF5E
        or 0x20000 <= cp <= 0x3FFFF
    )


def mostly_han(text: str, share: float = 0.8) -> bool:
    """Whether ``text`` is Chinese: at least ``share`` of its non-space characters are ideographs."""
    chars = [c for c in text if not c.isspace()]
    return bool(chars) and sum(is_han(c) for c in chars) >= share * len(chars)


def is_han(ch: str) -> bool:
    """A CJK ideograph (the characters a Chinese line is made of, without punctuation)."""
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF
    )


def _neighbour(text: str, i: int, step: int, skip: str = " ") -> str:
    """The nearest character not in ``skip`` before (step -1) or after (step 1) index ``i``; "" at the end."""
    j = i + step
    while 0 <= j < len(text) and text[j] in skip:
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _bracket_pairs(text: str) -> tuple[dict[int, int], list[int]]:
    """Matching bracket pairs (either width, mixed allowed) ``{open: close}`` and the unmatched bracket indices."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    lone: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE:
            if stack:
                pairs[stack.pop()] = i
            else:
                lone.append(i)
    return pairs, lone + stack


def fold_cjk_punctuation(text: str) -> str:
    """ASCII punctuation standing in CJK text as its full-width form.

    * ``, : ; ? !`` after a CJK character, quotes between them allowed
      (``县委,县政府`` -> ``县委，县政府``, ``“用”,`` -> ``“用”，``), unless
      between two digits (``10:30``).
    * A bracket pair with CJK inside or a CJK character right before it,
      either half written in either width: ``(记者孙强)`` -> ``（记者孙强）``,
      ``（陈静)`` -> ``（陈静）``, ``工作。(5)`` -> ``工作。（5）``. A lone
      bracket folds when a CJK character stands on its inner side.

    Latin text keeps its punctuation: ``Mill River (Springfield)``, ``AP,``.
    """
    if not text or text.isascii():
        return text
    out = list(text)
    for i, ch in enumerate(text):
        if ch in _TRAILING:
            # Quotes are shared by both scripts: look past them ("“用”," in Chinese, "“Yes”," in English).
            before, after = _neighbour(text, i, -1, " “”‘’\"'"), _neighbour(text, i, 1)
            if before and is_cjk(before) and not (before.isdigit() and after.isdigit()):
                out[i] = _TRAILING[ch]
    pairs, lone = _bracket_pairs(text)
    for o, c in pairs.items():
        if text[o] == "（" and text[c] == "）":
            continue
        inside = text[o + 1 : c]
        before = _neighbour(text, o, -1)
        if any(is_cjk(ch) for ch in inside) or (before and is_cjk(before)):
            out[o], out[c] = "（", "）"
    for i in lone:
        inner = _neighbour(text, i, 1 if text[i] in _OPEN else -1)
        if inner and is_cjk(inner):
            out[i] = "（" if text[i] in _OPEN else "）"
    return "".join(out)


def normalise_spaces(text: str) -> str:
    """The ideographic space (U+3000) as a plain space, one for one."""
    return text.replace("\u3000", " ")


def normalise_text(text: str) -> str:
    """:func:`normalise_spaces` and :func:`fold_cjk_punctuation`: what recognised CJK text gets before use."""
    return fold_cjk_punctuation(normalise_spaces(text))
