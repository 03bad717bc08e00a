"""`zip` calls in shell commands: which are guarded by a `command -v zip` test, and the
`python3 -m zipfile -c` fallback that stores the same entries."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from codemods.build_script_requires_zip.shell import (
    Command,
    Token,
    command_start,
    looks_up_zip,
    name_of,
    reserved_count,
)
from fixer.findings import TextEdit

_ZIP_FLAGS = frozenset("rqX0123456789")
_LONG_FLAGS = {"--recurse-paths": "r", "--quiet": "q", "--no-extra": "X"}
_FLAG_NAMES = {
    "j": "`-j` (store names without their directories)",
    "x": "`-x` (exclude names)",
    "i": "`-i` (include only names)",
    "@": "`-@` (names from standard input)",
    "y": "`-y` (store symbolic links as links)",
    "D": "`-D` (no directory entries)",
    "m": "`-m` (move files into the archive)",
    "u": "`-u` (update)",
    "f": "`-f` (freshen)",
    "d": "`-d` (delete entries)",
    "e": "`-e` (encrypt)",
    "P": "`-P` (password)",
}


# ---------------------------------------------------------------- the zip call


@dataclass
class ZipCall:
    """A `zip` command: where it is, whether a fallback guards it, and its words."""

    command: Command
    guarded: bool

    @property
    def name(self) -> Token:
        return self.command.words[command_start(self.command)]


def zip_calls(cmds: list[Command]) -> tuple[list[ZipCall], list[Command]]:
    """Every `zip` command, and the zip look-ups that guard no call (pre-checks)."""
    calls: list[ZipCall] = []
    guards: list[Command | None] = []  # one per open `if`: its condition if it looks up zip
    lookups: list[Command] = []
    used: set[int] = set()
    previous: Command | None = None
    for cmd in cmds:
        first = cmd.words[0].text if cmd.words else ""
        if first == "if":
            guards.append(None)
        if first in ("if", "elif") and guards and looks_up_zip(cmd):
            guards[-1] = cmd
        elif first == "fi" and guards:
            guards.pop()
        if looks_up_zip(cmd):
            lookups.append(cmd)
        if name_of(cmd) == "zip":
            enclosing = [guard for guard in guards if guard is not None]
            if previous is not None and cmd.before in ("&&", "||") and looks_up_zip(previous):
                enclosing.append(previous)
            used.update(id(guard) for guard in enclosing)
            calls.append(ZipCall(cmd, bool(enclosing)))
        previous = cmd
    return calls, [cmd for cmd in lookups if id(cmd) not in used]


def _unquote(word: str) -> str:
    return re.sub(r"""\\(.)|["']""", lambda m: m.group(1) or "", word)


@dataclass
class Translation:
    """What `python3 -m zipfile -c` needs: archive, inputs, redirections (source text)."""

    archive: str
    inputs: list[str]
    redirects: list[str]
    assignments: list[str] = field(default_factory=list)


def translate(text: str, call: ZipCall) -> Translation | str:
    """The python3 -m zipfile equivalent of a zip call, or why there is none."""
    cmd = call.command
    if cmd.before in ("|", "|&") or cmd.after in ("|", "|&"):
        return "it is part of a pipe"
    if cmd.after == "&":
        return "it runs in the background"
    after_name = False
    assignments = [w.text for w in cmd.words[reserved_count(cmd) : command_start(cmd)]]
    args: list[str] = []
    redirects: list[str] = []
    pending_redirect: str | None = None
    for token in cmd.tokens:
        if token is call.name:
            after_name = True
            continue
        if not after_name:
            continue
        if pending_redirect is not None:
            redirects.append(pending_redirect + token.text)
            pending_redirect = None
        elif token.kind == "redirect":
            if token.text.lstrip("0123456789").startswith("<"):
                return "it reads from a redirection"
            pending_redirect = token.text
        else:
            args.append(token.text)
    translation = _arguments(args, redirects)
    if isinstance(translation, Translation):
        translation.assignments = assignments
    return translation


def _arguments(args: list[str], redirects: list[str]) -> Translation | str:
    flags: set[str] = set()
    while args and args[0].startswith("-") and args[0] != "-":
        option = args.pop(0)
        if option in _LONG_FLAGS:
            flags.add(_LONG_FLAGS[option])
            continue
        if option.startswith("--"):
            return f"`{option}` has no python3 -m zipfile equivalent"
        for flag in option[1:]:
            if flag not in _ZIP_FLAGS:
                described = _FLAG_NAMES.get(flag, f"`-{flag}`")
                return f"{described} has no python3 -m zipfile equivalent"
        flags.update(option[1:])
    if not args:
        return "it names no archive"
    archive, inputs = args[0], args[1:]
    plain_archive = _unquote(archive)
    if archive == "-" or not plain_archive.endswith(".zip"):
        return "the archive name does not end in `.zip` (zip would add the suffix)"
    if not inputs:
        return "it names no file to add"
    late = [item for item in inputs if item.startswith("-")]
    if late:
        return f"an option after the archive (`{late[0]}`)"
    for item in inputs:
        problem = _input_problem(item, plain_archive, "r" in flags)
        if problem:
            return problem
    return Translation(archive, inputs, redirects)


def _input_problem(item: str, archive: str, recursive: bool) -> str:
    """Why python3 -m zipfile -c would store an input differently from zip, or ""."""
    if any(c in item for c in "$`"):
        return f"`{item}` depends on a variable (python3 -m zipfile stores base names only)"
    plain = _unquote(item)
    while plain.startswith("./"):
        plain = plain[2:]
    plain = plain.rstrip("/") or "/"
    if plain in (".", ""):
        if not recursive:
            return "`.` without `-r` adds no files"
        if not archive.startswith("../"):
            where = "may be" if "$" in archive or archive.startswith("/") else "is"
            return (
                f"the archive {where} inside the directory it packs "
                "(python3 -m zipfile would add it to itself)"
            )
        return ""
    if "/" in plain or plain == "..":
        return f"`{item}` has a directory part (python3 -m zipfile -c stores base names only)"
    if recursive and archive.startswith(plain + "/"):
        return f"the archive is inside `{item}`, which it packs"
    if not recursive and "." not in plain[1:]:
        return f"`{item}` may be a directory, which zip without `-r` adds empty"
    return ""


def _indent_unit(text: str) -> str:
    """The script's indentation step: a tab, or the smallest run of leading spaces."""
    widths = []
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        if not stripped or line == stripped:
            continue
        if line.startswith("\t"):
            return "\t"
        widths.append(len(line) - len(stripped))
    return " " * min(widths) if widths else "  "


def archive_name(call: ZipCall) -> str | None:
    """The base name of the archive a zip call writes (`function.zip`), if it names one."""
    tokens = call.command.tokens
    after_redirect = False
    for token in tokens[tokens.index(call.name) + 1 :]:
        if token.kind == "redirect":
            after_redirect = True
        elif after_redirect:
            after_redirect = False
        elif not token.text.startswith("-"):
            return posixpath.basename(_unquote(token.text))
    return None


def rewrite(
    text: str, call: ZipCall, translation: Translation, newline: str, one_line: bool = False
) -> TextEdit:
    """The edit replacing a zip call with a `command -v zip` test and the python3 fallback."""
    cmd = call.command
    reserved = reserved_count(cmd)
    start = cmd.words[reserved].start
    end = cmd.tokens[-1].end
    original = text[start:end]
    suffix = "".join(" " + r for r in translation.redirects)
    words = [*translation.assignments, "python3 -m zipfile -c", translation.archive]
    fallback = " ".join([*words, *translation.inputs]) + suffix
    test = "command -v zip >/dev/null 2>&1"
    line_start = max(text.rfind("\n", 0, start) + 1, 0)
    indent = text[line_start:start]
    whole_line = cmd.before == "newline" and cmd.after == "newline" and not indent.strip()
    whole_line = whole_line and reserved == 0 and "\n" not in original and not one_line
    if whole_line:
        step = _indent_unit(text)
        lines = [
            f"if {test}; then",
            f"{indent}{step}{original}",
            f"{indent}else",
            f"{indent}{step}{fallback}",
            f"{indent}fi",
        ]
        return TextEdit("", start, end, newline.join(lines))
    return TextEdit("", start, end, f"if {test}; then {original}; else {fallback}; fi")
