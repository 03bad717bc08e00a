"""The shell command lines of a Makefile, a justfile or a Taskfile."""

from __future__ import annotations

import re

from fixer.model.files import SourceFile

_RECIPE_PREFIX = re.compile(r"[ \t]*[@+-]*[ \t]*")
_TASK_COMMAND = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:cmd:[ \t]+)?")
_JUST_HEADER = re.compile(r"^[A-Za-z_@][\w-]*(?:[ \t][^:=]*)?:(?!=)")


def command_lines(source: SourceFile) -> list[tuple[int, int]]:
    """The spans of the shell command lines of a Makefile recipe, a justfile recipe or a
    Taskfile's `cmds` (each line runs in a shell of its own); [] for other files."""
    kind = source.build_file
    text = source.text
    spans: list[tuple[int, int]] = []
    offset = 0
    in_recipe = False
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index]
        start, body = offset, line.rstrip("\r\n")
        offset += len(line)
        index += 1
        if kind == "make" or kind == "just":
            if kind == "just" and body and not body[0].isspace():
                in_recipe = _JUST_HEADER.match(body) is not None
            recipe = body.startswith("\t") if kind == "make" else in_recipe and body[:1].isspace()
            if not recipe or not body.strip() or body.strip().startswith("#"):
                continue
            prefix = _RECIPE_PREFIX.match(body)
            begin = start + (prefix.end() if prefix else 0)
            end = start + len(body)
            while body.endswith("\\") and index < len(lines):
                # A continued line: the shell sees the lines joined.
                line = lines[index]
                start, body = offset, line.rstrip("\r\n")
                offset += len(line)
                index += 1
                end = start + len(body)
            spans.append((begin, end))
        elif kind == "task":
            match = _TASK_COMMAND.match(body)
            assert match is not None  # every part of the pattern is optional
            prefix, command = body[: match.end()], body[match.end() :]
            if "-" not in prefix and "cmd:" not in prefix:
                continue
            if not command or command[0] in "\"'|>{[&*!%@`" or ": " in command or " #" in command:
                continue
            spans.append((start + match.end(), start + len(body)))
    return spans
