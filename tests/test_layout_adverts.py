"""Advertisements told from stories (:mod:`scan2text.layout.adverts`).

The cases are the kinds of advertisement the Cambridge Chronicle's page 3
(1973) carries (a used-car dealer's priced headings, a recruiting
advertisement in display type with a telephone number, a column of job
offers with salaries), against stories that quote sums of money. The page
test draws a story and a boxed car advertisement with real type; the texts
are set here, not taken from the code's output.
"""

from __future__ import annotations

import pytest

from scan2text.document import Article, BBox, BlockRole, Paragraph
from scan2text.layout import analyse_layout
from scan2text.layout.adverts import is_advertisement, phones, prices
from tests.test_layout_kit import PageBuilder, cjk_text, latin_text


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("'71 FORD LTD $2895", 1),
        ("Secretary to $135. Clerk typist to $130.", 2),
        ("Coffee 25¢ a cup", 1),
        ("特价 ￥30", 1),
        ("taxes totaled $2.05 billion in 1972, up $199 million", 0),
        ("a $2.05-billion budget", 0),
        ("全年投资2亿元", 0),
        ("人均收入35128元", 0),
        ("in 1972 and 1973", 0),
    ],
)
def test_prices_are_told_from_sums_in_the_news(text: str, n: int) -> None:
    assert prices(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Call me at 666-4182 for an appointment.", 1),
        ("(617) 547-3820", 1),
        ("电话 0371-65432100", 1),
        ("from 1800 to 1973", 0),
        ("$1,395.00", 0),
        ("864-85021", 0),
    ],
)
def test_telephone_numbers(text: str, n: int) -> None:
    assert phones(text) == n


def _article(headline: str | None, body: str) -> Article:
    return Article(id="a1", headline=headline, paragraphs=[Paragraph(body)] if body else [])


TITLE = [BBox(0, 0, 600, 120)]
TEXT = [BBox(0, 130, 600, 1400)]


def test_a_priced_title_over_a_few_lines_is_an_advertisement() -> None:
    art = _article(
        "'71 FORD LTD $2895", "Brougham, 2-Dr. Hardtop, power steering. Sold and serviced by us since new."
    )
    assert is_advertisement(art, TITLE, TEXT)


def test_a_few_lines_with_a_price_and_a_number_to_call_are_an_advertisement() -> None:
    """Cambridge Chronicle p.1 (1973): a help-wanted advertisement headed "WORKING MEN"."""
    text = (
        "Fill out questionnaires in a relaxed setting and play bar type games in a friendly atmosphere. "
        "Pay $20 for 6 hours over two evenings. Call 864-8502 between 9:30 and 5:00 weekdays."
    )
    assert is_advertisement(_article("WORKING MEN", text), TITLE, TEXT)
    # A price alone, or a number alone, in a brief is news.
    assert not is_advertisement(
        _article("Bake sale", "Cakes cost $2 at the church hall on Saturday morning."), TITLE, TEXT
    )
    assert not is_advertisement(
        _article("Lost dog", "A brown terrier was lost on Elm Street. Call 864-8502."), TITLE, TEXT
    )
    # A story that gives both runs longer than an advertisement.
    assert not is_advertisement(_article("Fair opens", text + " " + latin_text(700, 9)), TITLE, TEXT)


def test_chinese_story_with_sums_in_yuan_is_news() -> None:
    """A county paper's headline with a sum in yuan over an ordinary story of 300 characters: the
    length limits count ideographs for more than letters, and "元" sums are the news's too."""
    story = _article("全县农村居民人均收入达到35128元", cjk_text(300, 4))
    assert not is_advertisement(story, TITLE, TEXT)
    assert not is_advertisement(
        _article(None, "今年投资12000元，去年9000元，前年8000元。" + cjk_text(120, 5)), [], TEXT
    )
    # A few words under a priced title are an advert in any script.
    assert is_advertisement(
        _article("新款电动车 仅售￥2999", "欢迎来店选购。电话 0371-65432100"), TITLE, TEXT
    )


def test_a_priced_headline_over_a_story_is_news() -> None:
    art = _article("Tax rate up to $28.50", latin_text(900, 3))
    assert not is_advertisement(art, TITLE, TEXT)


def test_display_type_over_little_text_with_a_number_to_call_is_an_advertisement() -> None:
    art = _article(
        "Find out what it's like to live and work in Europe.",
        "Well here's a chance to ask a man who's been there. Call me at 666-4182 for an appointment.",
    )
    big_title, small_text = [BBox(0, 0, 900, 700)], [BBox(0, 710, 900, 1200)]
    assert is_advertisement(art, big_title, small_text)
    # The same words under a headline of ordinary size head a story.
    assert not is_advertisement(art, TITLE, TEXT)
    # A big title with nothing to buy and no number to call is no advertisement.
    plain = _article(
        "Find out what it's like to live and work in Europe.",
        "Well here's a chance to ask a man who's been there.",
    )
    assert not is_advertisement(plain, big_title, small_text)


def test_a_price_list_is_an_advertisement_but_a_story_quoting_sums_is_not() -> None:
    offers = _article(
        None, "Steno. Secretary to $135. Secretary to $130. Bookkeeper to $140. Clerk typist to $130."
    )
    assert is_advertisement(offers, [], TEXT)
    story = _article(
        "Council reverses itself",
        "The council voted to pay $1,500 in legal fees. The city had paid $2,000 last year. "
        + latin_text(300, 5)
        + " The solicitor asked for $900 more.",
    )
    assert not is_advertisement(story, TITLE, TEXT)


def test_boxed_car_advertisement_leaves_the_articles() -> None:
    """A story beside a boxed dealer's advertisement: the advertisement's blocks become furniture."""
    pb = PageBuilder(1400, 1000)
    pb.text(60, 40, "Bridge repairs to start in spring", 44, bold=True, latin=True)
    story = [latin_text(80, 11), latin_text(70, 12)]
    pb.flow_latin([(60, 560)], 110, 950, story, 22)
    pb.frame(720, 60, 1330, 560, 4)
    pb.text(760, 100, "'71 FORD LTD $2895", 52, bold=True, latin=True)
    pb.text(760, 200, "Brougham, 2-Dr. Hardtop, power steering,", 22, latin=True)
    pb.text(760, 236, "power disc brakes, vinyl roof, AM radio.", 22, latin=True)
    pb.text(760, 272, "Sold and serviced by us since new.", 22, latin=True)
    page, image = pb.page()
    page = analyse_layout(page, image, "en")
    assert [a.headline for a in page.articles] == ["Bridge repairs to start in spring"]
    ads = [b for b in page.blocks if b.furniture_kind == "advertisement"]
    assert ads and all(b.role is BlockRole.furniture for b in ads)
    ad_text = " ".join(b.text for b in ads)
    assert "$2895" in ad_text and "Sold and serviced" in ad_text
    assert "$2895" not in " ".join(a.text for a in page.articles)
