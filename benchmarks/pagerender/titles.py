"""Headline, kicker and deck picking shared by the Chinese and English text sources."""

from __future__ import annotations

import random
from collections.abc import Sequence


class TitleSource:
    """Draws title parts from fixed lists with a seeded RNG; headlines do not repeat on a page."""

    def __init__(
        self,
        rng: random.Random,
        headlines: Sequence[str],
        kickers: Sequence[str],
        subheadlines: Sequence[str],
    ) -> None:
        self.rng = rng
        self._all_headlines = list(headlines)
        self._kickers = list(kickers)
        self._subheadlines = list(subheadlines)
        self._headlines = list(headlines)
        rng.shuffle(self._headlines)

    def headline(self, max_part: int | None = None) -> str:
        """A headline not used before on this page (until the list runs out).

        With ``max_part``, one whose longest unbreakable piece (a part between spaces) has at most
        that many characters, when there is one.
        """
        if not self._headlines:
            self._headlines = list(self._all_headlines)
            self.rng.shuffle(self._headlines)
        if max_part is not None:
            for k in range(len(self._headlines) - 1, -1, -1):
                if max(len(p) for p in self._headlines[k].split(" ")) <= max_part:
                    return self._headlines.pop(k)
        return self._headlines.pop()

    def kicker(self) -> str:
        """A kicker (引题: the small line over the headline)."""
        return self.rng.choice(self._kickers)

    def subheadline(self) -> str:
        """A subheadline (副题, deck)."""
        return self.rng.choice(self._subheadlines)
