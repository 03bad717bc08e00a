"""Keeping the API token out of every message, log line and error the bot produces."""

from __future__ import annotations

import logging

MASK = "***"


class Redactor:
    """Replaces each known secret with a mask; a logging filter with the same rule."""

    def __init__(self, *secrets: str | None) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def install(self, logger: logging.Logger) -> None:
        logger.addFilter(_RedactingFilter(self))


class _RedactingFilter(logging.Filter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redactor(record.getMessage())
        record.args = ()
        return True
