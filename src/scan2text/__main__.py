"""``python -m scan2text`` runs the command line."""

from __future__ import annotations

from scan2text.cli import main

main()
