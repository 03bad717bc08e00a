"""The editor front end: a Language Server Protocol server over stdio (`fixer lsp`)."""

from __future__ import annotations

import logging


def serve(log_file: str | None = None) -> None:
    """Serve one client on stdin/stdout until it exits.

    Library logging goes to `log_file` when given, else (warnings only) to stderr;
    fixer's own messages reach the editor as window/logMessage.
    """
    from fixer.lsp.server import create_server

    if log_file:
        logging.basicConfig(filename=log_file, level=logging.INFO)
    else:
        logging.basicConfig(level=logging.WARNING)
    create_server().start_io()
