"""Text preparation shared by every metric: normalisation, grapheme clusters, words.

All metrics compare *prepared* text, built in three steps:

1. Unicode normalisation, NFC by default (so that ``é`` precomposed and
   ``e`` + combining acute are the same text) or NFKC on request (which also
   folds full-width forms such as ``，`` into ``,`` and ideographic spaces into
   plain spaces).
2. Whitespace canonicalisation: every run of whitespace (line breaks
   included) becomes one space, leading and trailing space is dropped, and a
   space next to a CJK character is dropped altogether. Chinese has no word
   spaces, so a line break in a column fragment and the lack of one in a
   keyed paragraph are the same text; in Latin script a line break and a
   space are the same text.
3. Grapheme clusters: a base character with its combining marks (and
   zero-width-joiner sequences, variation selectors) counts as one
   character. :class:`ClusterCodec` maps every cluster to a single code
   point so that the fast string algorithms in :mod:`rapidfuzz` count
   clusters, not code points.

Words (for WER) are runs of letters, digits and combining marks; every CJK
ideograph and every punctuation mark or symbol is a word of its own.
Simplification: Hangul jamo sequences and regional-indicator pairs are not
joined into clusters (precomposed Hangul syllables are single code points
after NFC anyway).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

NORMALIZATIONS = ("nfc", "nfkc")

_ZWJ = "\u200d"
_WS_RE = re.compile(r"\s+")
# Supplementary private-use plane 15: where ClusterCodec puts the clusters that
# are longer than one code point (and any code point already in that plane).
_PUA_START = 0xF0000
_PUA_END = 0x10FFFD

HYPHENS = ("-", "\u00ac", "\u00ad", "\u2010", "\u2e17")


def check_normalization(form: str) -> Literal["NFC", "NFKC"]:
    """Return the normalisation form in upper case (``NFC``/``NFKC``) or raise ValueError."""
    key = form.lower()
    if key == "nfc":
        return "NFC"
    if key == "nfkc":
        return "NFKC"
    raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, not {form!r}")


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs, kana, CJK punctuation and full-width forms."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x2FDF  # radicals
        or 0x3000 <= o <= 0x30FF  # CJK symbols and punctuation, kana
        or 0x3100 <= o <= 0x31FF  # bopomofo, kana extensions
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x4E00 <= o <= 0x9FFF  # unified ideographs
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # compatibility forms (vertical punctuation)
        or 0xFF00 <= o <= 0xFFEF  # half-width and full-width forms
        or 0x20000 <= o <= 0x3FFFF  # extensions B and later
    )


def is_ideograph(ch: str) -> bool:
    """True for CJK ideographs only (not punctuation): each one is a word for WER."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
        or o == 0x3007  # 〇
    )


def cjk_share(text: str) -> float:
    """Share of non-space characters that are CJK: decides how text is chunked for matching."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if is_cjk(c)) / len(chars)


def prepare(text: str, normalization: str = "nfc") -> str:
    """Normalise and canonicalise whitespace as described in the module docstring."""
    text = unicodedata.normalize(check_normalization(normalization), text)
    # A BOM or zero-width space is not text anyone keyed; drop it before comparing.
    text = text.replace("\ufeff", "").replace("\u200b", "")
    parts = _WS_RE.split(text.strip())
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and not (is_cjk(out[-1][-1]) or is_cjk(part[0])):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _joins_previous(ch: str, prev: str) -> bool:
    """Whether ``ch`` belongs to the cluster that ``prev`` (its predecessor) is in."""
    if prev == _ZWJ:
        return True
    if ch == _ZWJ:
        return True
    if unicodedata.combining(ch):
        return True
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Mc"):
        return True
    o = ord(ch)
    # Variation selectors and emoji skin-tone modifiers decorate the character before.
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF or 0x1F3FB <= o <= 0x1F3FF


def graphemes(text: str) -> list[str]:
    """Split text into grapheme clusters (base character plus combining marks)."""
    clusters: list[str] = []
    prev = ""
    for ch in text:
        if clusters and _joins_previous(ch, prev):
            clusters[-1] += ch
        else:
            clusters.append(ch)
        prev = ch
    return clusters


def words(text: str) -> list[str]:
    """Split prepared text into words: letter/digit runs, single ideographs, single symbols."""
    tokens: list[str] = []
    current = ""
    for cluster in graphemes(text):
        base = cluster[0]
        if base.isspace():
            if current:
                tokens.append(current)
                current = ""
        elif is_ideograph(base):
            if current:
                tokens.append(current)
                current = ""
            tokens.append(cluster)
        elif base.isalnum() or base in "_'\u2019":
            current += cluster
        else:
            # Punctuation and symbols are words of their own, as Unicode word
            # segmentation (used by dinglehopper) treats them.
            if current:
                tokens.append(current)
                current = ""
            tokens.append(cluster)
    if current:
        tokens.append(current)
    return tokens


class ClusterCodec:
    """Maps grapheme clusters to single code points and back.

    One codec must encode both sides of a comparison so that equal clusters
    get equal codes. Single code points outside plane 15/16 map to
    themselves, which keeps encoded text readable in a debugger.
    """

    def __init__(self) -> None:
        self._to_code: dict[str, str] = {}
        self._to_cluster: dict[str, str] = {}
        self._next = _PUA_START

    def _code(self, cluster: str) -> str:
        if len(cluster) == 1 and ord(cluster) < _PUA_START:
            return cluster
        code = self._to_code.get(cluster)
        if code is None:
            if self._next > _PUA_END:
                raise ValueError("too many distinct grapheme clusters to encode")
            code = chr(self._next)
            self._next += 1
            self._to_code[cluster] = code
            self._to_cluster[code] = cluster
        return code

    def encode(self, prepared: str) -> str:
        """Encode already prepared text: one output character per grapheme cluster."""
        return "".join(self._code(c) for c in graphemes(prepared))

    def decode(self, encoded: str) -> str:
        """Turn encoded text back into the clusters it stands for."""
        return "".join(self._to_cluster.get(c, c) for c in encoded)


def join_lines(lines: Iterable[str]) -> str:
    """Join the printed lines of one paragraph into running text.

    A line ending in a hyphen followed by a line starting with a lower-case
    letter is a word broken at the line end: the hyphen goes. Lines next to
    CJK text join without a space; other lines join with one space.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out[-1] in HYPHENS and len(out) >= 2 and out[-2].isalpha() and line[0].islower():
            out = out[:-1] + line
        elif is_cjk(out[-1]) or is_cjk(line[0]):
            out += line
        else:
            out += " " + line
    return out
