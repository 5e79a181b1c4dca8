"""Page layout and article assembly.

:func:`analyse_layout` turns a page of recognised lines into separators,
pictures, columns, blocks with roles, and articles in reading order;
:func:`render_overlay` draws what it understood onto the page image.
"""

from __future__ import annotations

from scan2text.layout.analyse import analyse_layout
from scan2text.layout.overlay import render_overlay

__all__ = ["analyse_layout", "render_overlay"]
