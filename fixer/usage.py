"""Runs the Typer app with command-line mistakes reported as one line on stderr, exit 2."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import typer

# Typer converts values through pydantic, whose messages start with this.
_PYDANTIC_PREFIX = re.compile(r"\bValue error, ")


def run_app(args: Sequence[str]) -> int:
    """The exit status of the `fixer` Typer app on `args`. Help and `--version` print as
    usual; a usage mistake (an unknown option or command, a missing or invalid value)
    prints `fixer: error: MESSAGE (see `fixer CMD --help`)` and returns 2."""
    from fixer.cli import app

    try:
        status = app(args=list(args), prog_name="fixer", standalone_mode=False)
    except typer.Abort:
        sys.stderr.write("fixer: aborted\n")
        return 1
    except Exception as error:
        if not _is_a(error, "ClickException"):
            raise
        if _is_a(error, "NoArgsIsHelpError"):  # `fixer` alone: the help, as usual
            error.show()  # type: ignore[attr-defined]
        else:
            sys.stderr.write(f"fixer: error: {one_line(error)}\n")
        return int(error.exit_code)  # type: ignore[attr-defined]
    return status if isinstance(status, int) else 0


def one_line(error: Exception) -> str:
    """A click error's message on one line, with the command whose help explains it."""
    message = error.format_message()  # type: ignore[attr-defined]
    message = " ".join(_PYDANTIC_PREFIX.sub("", message).split())
    context = getattr(error, "ctx", None)
    if _is_a(error, "UsageError") and context is not None:
        message = f"{message.rstrip('.')} (see `{context.command_path} --help`)"
    return message


def _is_a(error: Exception, class_name: str) -> bool:
    """Whether error is a click exception of that class: Typer's own copy of click
    (Typer >= 0.26) or click itself (older Typer), so matched by name."""
    return any(cls.__name__ == class_name for cls in type(error).__mro__)
