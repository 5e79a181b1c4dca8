"""What page to render: :class:`RenderSpec` and :class:`Degradation`.

Every choice the spec leaves open (column count, article count, type sizes,
which articles get a picture, a box, a kicker ...) is drawn from an RNG seeded
with ``RenderSpec.seed``, so a spec always gives the same page.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

# Page formats: (width, height) in millimetres. "broadsheet" is about
# 3500 x 5000 px at 300 dpi; "tabloid" (A4) is 2480 x 3508 px and renders and
# OCRs much faster.
PAGE_FORMATS: dict[str, tuple[float, float]] = {
    "tabloid": (210.0, 297.0),
    "broadsheet": (297.0, 423.0),
}


class RenderError(ValueError):
    """A spec that cannot be rendered (bad value, or a layout that cannot be made)."""


@dataclass(frozen=True)
class Degradation:
    """How a clean page is turned into a scan-like one.

    ``skew`` is in degrees, positive when text lines rise to the right (the
    convention of ``scan2text.preprocess.estimate_skew``). ``noise`` is the
    standard deviation of Gaussian noise in grey levels, ``blur`` a Gaussian
    sigma in pixels, ``jpeg_quality`` a JPEG round trip (None: none),
    ``illumination`` the depth of uneven lighting (0 to about 0.3) and
    ``bleed`` the darkness of text showing through from the back (0 to about 0.2).
    """

    skew: float = 0.0
    noise: float = 0.0
    blur: float = 0.0
    jpeg_quality: int | None = None
    illumination: float = 0.0
    bleed: float = 0.0

    @classmethod
    def random(cls, rng: random.Random) -> Degradation:
        """A plausible scan: skew of 0.2 to 3 degrees either way and a mix of the other defects."""
        skew = rng.uniform(0.2, 3.0) * rng.choice([-1, 1])
        return cls(
            skew=round(skew, 2),
            noise=round(rng.uniform(2.0, 9.0), 1),
            blur=round(rng.choice([0.0, rng.uniform(0.5, 1.1)]), 2),
            jpeg_quality=rng.choice([None, rng.randint(35, 75)]),
            illumination=round(rng.choice([0.0, rng.uniform(0.08, 0.25)]), 2),
            bleed=round(rng.choice([0.0, rng.uniform(0.05, 0.14)]), 2),
        )

    def to_dict(self) -> dict[str, Any]:
        """The parameters, as recorded in the ground truth."""
        return asdict(self)


@dataclass(frozen=True)
class RenderSpec:
    """One page to render.

    Attributes:
        lang: ``zh`` (simplified Chinese, text from the seed page) or ``en``.
        seed: Seeds every random choice; the same spec gives the same page.
        dpi: Resolution the page is set at (100 to 600).
        page: A name from ``PAGE_FORMATS`` or (width, height) in millimetres.
        columns: Grid columns (2 to 10); None: chosen (4 to 8 as the width allows).
        n_articles: Articles on the page (1 to 9); None: 4 to 7.
        degraded: Make the page look scanned.
        degradation: The exact defects; None with ``degraded``: drawn from the seed.
        column_rules: Vertical rules between columns; None: chosen.
        page_number: Folio; 1 gives a front page with a masthead; None: chosen.
        image_name: File name recorded in the ground truth's ``image``.
        antialias: Smooth text edges (a greyscale scan); False gives pure black text (a bilevel scan).
    """

    lang: str = "zh"
    seed: int = 0
    dpi: int = 300
    page: str | tuple[float, float] = "tabloid"
    columns: int | None = None
    n_articles: int | None = None
    degraded: bool = False
    degradation: Degradation | None = None
    column_rules: bool | None = None
    page_number: int | None = None
    image_name: str | None = None
    antialias: bool = True

    def __post_init__(self) -> None:
        if self.lang not in ("zh", "en"):
            raise RenderError(f"lang must be 'zh' or 'en', not {self.lang!r}")
        if not 100 <= self.dpi <= 600:
            raise RenderError(f"dpi must be between 100 and 600, not {self.dpi}")
        if isinstance(self.page, str) and self.page not in PAGE_FORMATS:
            raise RenderError(f"unknown page format {self.page!r}; known: {', '.join(PAGE_FORMATS)}")
        if self.columns is not None and not 2 <= self.columns <= 10:
            raise RenderError(f"columns must be between 2 and 10, not {self.columns}")
        if self.n_articles is not None and not 1 <= self.n_articles <= 9:
            raise RenderError(f"n_articles must be between 1 and 9, not {self.n_articles}")

    @property
    def page_mm(self) -> tuple[float, float]:
        """Page width and height in millimetres."""
        return (
            PAGE_FORMATS[self.page]
            if isinstance(self.page, str)
            else (float(self.page[0]), float(self.page[1]))
        )

    @property
    def page_px(self) -> tuple[int, int]:
        """Page width and height in pixels at ``dpi``."""
        w, h = self.page_mm
        return round(w / 25.4 * self.dpi), round(h / 25.4 * self.dpi)
