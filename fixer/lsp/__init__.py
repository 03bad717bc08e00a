"""The editor front end: a Language Server Protocol server over stdio (`fixer lsp`)."""

from __future__ import annotations

import gc
import logging


def serve(log_file: str | None = None) -> None:
    """Serve one client on stdin/stdout until it exits.

    Library logging goes to `log_file` when given, else (warnings only) to stderr;
    fixer's own messages reach the editor as window/logMessage.
    """
    from fixer.lsp.features import create_server
    from fixer.registry import all_codemods

    if log_file:
        logging.basicConfig(filename=log_file, level=logging.INFO)
    else:
        logging.basicConfig(level=logging.WARNING)
        # Bad messages are answered and logged to the editor (fixer.lsp.protocol); pygls
        # would also print a traceback for each on stderr.
        logging.getLogger("pygls.protocol").setLevel(logging.CRITICAL)
    server = create_server()
    all_codemods()
    # What the imports made (modules, classes, the protocol's converters, the codemods)
    # lives as long as the process: out of the collector's sight, each full collection
    # walks only what checking makes.
    gc.collect()
    gc.freeze()
    server.start_io()
