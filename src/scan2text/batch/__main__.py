"""``python -m scan2text.batch INPUT_DIR OUTPUT_DIR``: the batch command without the main CLI.

Errors map to exit codes as in ``scan2text.cli.main``.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from scan2text.batch.command import batch_command
from scan2text.errors import Scan2TextError


def main() -> None:
    """Run :func:`batch_command` as a stand-alone typer app."""
    app = typer.Typer(add_completion=False)
    app.command()(batch_command)
    try:
        code = app(standalone_mode=False)
    except Scan2TextError as e:
        Console(stderr=True).print(f"[red]error:[/] {e}", highlight=False)
        sys.exit(int(e.exit_code))
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except Exception as e:
        import click

        if isinstance(e, click.exceptions.ClickException):
            e.show()
            sys.exit(2)
        raise
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
