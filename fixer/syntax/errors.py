"""The one exception the syntax layer raises: a syntax error with a location."""

from __future__ import annotations


class HCLSyntaxError(Exception):
    """Input that is not valid HCL, with the 1-based line and column of the problem."""

    def __init__(self, message: str, line: int, column: int, path: str = "<input>") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def with_path(self, path: str) -> HCLSyntaxError:
        return HCLSyntaxError(self.message, self.line, self.column, path)
