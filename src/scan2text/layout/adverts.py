"""Advertisements told from stories, after the articles are assembled.

An advertisement is laid out like a short article: display type over a few
lines of text. What sets it apart is what it says and how much of it is
display type. An assembled article is an advertisement when

- a title part (kicker, headline, deck) offers a price or a telephone number
  and the text under it is short ("'71 FORD LTD $2895" over two lines of
  specification; a headline like "Tax rate up to $28.50" heads a long story),
  or that short text both quotes a price and gives a number to call
  ("WORKING MEN" over "Pay $20 for 6 hours ... Call 864-8502");
- its display type covers at least as much paper as its text, and it gives a
  price or a telephone number ("Find out what it's like to live and work in
  Europe." over a recruiting sergeant's number);
- or its text is a price list: at least :data:`PRICE_LIST` prices, one to
  every :data:`PRICE_LIST_CHARS` characters or fewer (a column of classified
  job offers, "Secretary to $135. Clerk typist to $130.").

Sums of money in the news ("$1.85 billion", "$2.05-billion", "35128元") are
not prices. Lengths count an ideograph as :data:`HAN_CHARS` Latin letters.
The blocks of an advertisement become page furniture of kind
``advertisement``, outside every article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scan2text.document import Article, BBox
from scan2text.textnorm import is_han

# Text under a priced title of at most this many characters is an advert's
# (Latin letters; an ideograph counts as HAN_CHARS of them).
SHORT_TEXT = 600
HAN_CHARS = 2.5
# Display type covering this share of an article's paper (title and text) or
# more makes it an advert, given a price or a number to call.
DISPLAY_SHARE = 0.5
PRICE_LIST = 3
PRICE_LIST_CHARS = 100

# A price: a currency sign before the sum, or a cent sign after it. (Sums in
# yuan are written "35128元" in the news as in adverts: only "¥"/"￥" tells.)
_PRICE = re.compile(
    r"(?:[$£€¥￥]\s?\d[\d,]*(?:\.\d+)?(?![.,]?\d)|\d[\d,]*(?:\.\d+)?\s?¢)"
    r"(?!\s*-?\s*(?:million|billion|trillion|thousand|m\b|bn\b|万|亿))",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\d.,$])(?:\(\d{3}\)\s?\d{3}[-–]\d{4}|\d{3}[-–]\d{4}|0\d{2,3}[-–]\d{7,8}|1[3-9]\d{9})(?!\d|[.,]\d)"
)


def prices(text: str) -> int:
    """How many prices the text quotes (sums of money in the news left out)."""
    return len(_PRICE.findall(text))


def text_length(text: str) -> float:
    """Length of a text in Latin letters: an ideograph counts as :data:`HAN_CHARS`."""
    han = sum(is_han(c) for c in text)
    return len(text) - han + HAN_CHARS * han


def phones(text: str) -> int:
    """How many telephone numbers the text gives."""
    return len(_PHONE.findall(text))


def is_advertisement(article: Article, title_boxes: Sequence[BBox], text_boxes: Sequence[BBox]) -> bool:
    """Whether an assembled article is an advertisement (see the module's rules).

    ``title_boxes`` are the boxes of its title blocks, ``text_boxes`` those of
    its text blocks and captions.
    """
    title = " ".join(t for t in (article.kicker, article.headline, article.subheadline) if t)
    body = article.body_text
    in_title = prices(title) + phones(title)
    body_prices, body_phones = prices(body), phones(body)
    length = text_length(body)
    # A price or number in the title over a few lines; or a price and a
    # number to call in those lines ("WORKING MEN ... Pay $20 for 6 hours
    # ... Call 864-8502").
    if title and length <= SHORT_TEXT and (in_title > 0 or (body_prices > 0 and body_phones > 0)):
        return True
    title_area = sum(b.width * b.height for b in title_boxes)
    text_area = sum(b.width * b.height for b in text_boxes)
    if (
        title_area > 0
        and title_area >= DISPLAY_SHARE * (title_area + text_area)
        and in_title + body_prices + body_phones > 0
    ):
        return True
    return body_prices >= PRICE_LIST and body_prices * PRICE_LIST_CHARS >= length
