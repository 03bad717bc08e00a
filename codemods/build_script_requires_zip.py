"""FX011 build-script-requires-zip: build scripts that fail where the `zip` command is missing."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.files import SourceFile

_REDIRECT = re.compile(r"\d*(?:&>>|&>|>>|>&|<&|<<<|<<-|<<|<>|>\||>|<)")
_OPERATORS = ("&&", "||", ";;", "|&", ";", "&", "|", "(", ")")
_WORD_END = frozenset(" \t\n;&|()<>")
_RESERVED = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?\+?=")
_LOOKUPS = {"command": ("-v", "-V"), "which": (), "hash": (), "type": ("-p", "-P", "-t")}
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


@dataclass(frozen=True, slots=True)
class Token:
    """A shell word, operator (`;`, `&&`, `|` ...), redirection or newline, with its span."""

    kind: str  # "word", "op", "redirect" or "newline"
    text: str
    start: int
    end: int


@dataclass
class Command:
    """A simple command: its tokens (words and redirections) and what separates it."""

    tokens: list[Token] = field(default_factory=list)
    before: str = "newline"
    after: str = "newline"

    @property
    def words(self) -> list[Token]:
        return [token for token in self.tokens if token.kind == "word"]


# ---------------------------------------------------------------- reading shell


def _skip_quoted(text: str, i: int) -> int:
    """The offset after the quoted string, `$(...)`, `${...}` or backquotes starting at i."""
    n = len(text)
    ch = text[i]
    if ch == "'":
        end = text.find("'", i + 1)
        return n if end < 0 else end + 1
    if ch == "`":
        j = i + 1
        while j < n and text[j] != "`":
            j += 2 if text[j] == "\\" else 1
        return min(j + 1, n)
    if ch == '"':
        j = i + 1
        while j < n and text[j] != '"':
            if text[j] == "\\":
                j += 2
            elif text.startswith(("$(", "${"), j) or text[j] == "`":
                j = _skip_quoted(text, j + (0 if text[j] == "`" else 1))
            else:
                j += 1
        return min(j + 1, n)
    # `$(` or `${`: i points at the opening bracket
    close = ")" if ch == "(" else "}"
    depth = 0
    j = i
    while j < n:
        c = text[j]
        if c in "'\"`":
            j = _skip_quoted(text, j)
            continue
        if c == "\\":
            j += 2
            continue
        if c == ch:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _read_word(text: str, i: int) -> int:
    n = len(text)
    j = i
    while j < n:
        c = text[j]
        if c in _WORD_END or (c == "\r" and text.startswith("\r\n", j)):
            break
        if c == "\\":
            j += 2
        elif c in "'\"`":
            j = _skip_quoted(text, j)
        elif c == "$" and j + 1 < n and text[j + 1] in "({":
            j = _skip_quoted(text, j + 1)
        else:
            j += 1
    return min(j, n)


def _skip_heredocs(text: str, i: int, pending: list[tuple[str, bool]]) -> int:
    """Skip heredoc bodies starting at i (the start of a line); returns the next line."""
    for delimiter, strip_tabs in pending:
        while i < len(text):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end + 1
            line = text[i:end].rstrip("\r\n")
            i = end
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                break
    pending.clear()
    return i


def tokenize(text: str) -> list[Token]:
    """Shell tokens of a script: comments, line continuations and heredoc bodies dropped."""
    found: list[Token] = []
    pending: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t" or (c == "\r" and not text.startswith("\r\n", i)):
            i += 1
        elif text.startswith(("\\\n", "\\\r\n"), i):
            i += 2 if text[i + 1] == "\n" else 3
        elif c == "\n" or text.startswith("\r\n", i):
            width = 1 if c == "\n" else 2
            found.append(Token("newline", "\n", i, i + width))
            i = _skip_heredocs(text, i + width, pending) if pending else i + width
        elif c == "#":
            while i < n and text[i] != "\n" and not text.startswith("\r\n", i):
                i += 1
        elif (match := _REDIRECT.match(text, i)) is not None:
            found.append(Token("redirect", match.group(), i, match.end()))
            i = match.end()
            if match.group().lstrip("0123456789") in ("<<", "<<-"):
                while i < n and text[i] in " \t":
                    i += 1
                end = _read_word(text, i)
                pending.append((re.sub(r"[\"'\\]", "", text[i:end]), match.group().endswith("-")))
                found.append(Token("word", text[i:end], i, end))
                i = end
        elif (op := next((o for o in _OPERATORS if text.startswith(o, i)), None)) is not None:
            found.append(Token("op", op, i, i + len(op)))
            i += len(op)
        else:
            end = max(_read_word(text, i), i + 1)
            found.append(Token("word", text[i:end], i, end))
            i = end
    return found


def commands(tokens: list[Token]) -> list[Command]:
    """Simple commands, in order, split at newlines and operators."""
    found: list[Command] = []
    current = Command()
    for token in tokens:
        if token.kind in ("newline", "op"):
            separator = "newline" if token.kind == "newline" else token.text
            if current.tokens:
                current.after = separator
                found.append(current)
            current = Command(before=separator)
        else:
            current.tokens.append(token)
    if current.tokens:
        current.after = "newline"
        found.append(current)
    return found


def _reserved_count(command: Command) -> int:
    words = command.words
    k = 0
    while k < len(words) and words[k].text in _RESERVED:
        k += 1
    return k


def command_start(command: Command) -> int:
    """Index in `words` of the command name, after reserved words and assignments."""
    words = command.words
    k = 0
    while k < len(words) and (words[k].text in _RESERVED or _ASSIGNMENT.match(words[k].text)):
        k += 1
    return k


def name_of(command: Command) -> str | None:
    words = command.words
    k = command_start(command)
    return words[k].text if k < len(words) else None


def looks_up_zip(command: Command) -> bool:
    """`command -v zip`, `which zip`, `hash zip`, `type -p zip` ..."""
    words = command.words
    k = command_start(command)
    if k >= len(words) or words[k].text not in _LOOKUPS:
        return False
    rest = [w.text for w in words[k + 1 :]]
    while rest and rest[0] in _LOOKUPS[words[k].text]:
        rest = rest[1:]
    return bool(rest) and rest[0] == "zip"


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
    assignments = [w.text for w in cmd.words[_reserved_count(cmd) : command_start(cmd)]]
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


def rewrite(text: str, call: ZipCall, translation: Translation, newline: str) -> TextEdit:
    """The edit replacing a zip call with a `command -v zip` test and the python3 fallback."""
    cmd = call.command
    reserved = _reserved_count(cmd)
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
    whole_line = whole_line and reserved == 0 and "\n" not in original
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


class BuildScriptRequiresZip(Codemod):
    """Finds build scripts that need the `zip` command, and adds a python3 fallback.

    ## What it does
    Reports a call of `zip` in a shell script of the project (`.sh`, `.bash`, or a
    shell shebang) that no `command -v zip` test guards. For the common forms
    (`zip [-r] [-q] [-0..-9] [-X] archive.zip names...`, flags combined as `-rq9`) the
    fix runs `zip` when it is installed and `python3 -m zipfile -c` otherwise:

    ```sh
    if command -v zip >/dev/null 2>&1; then
      zip -r -q function.zip index.py
    else
      python3 -m zipfile -c function.zip index.py
    fi
    ```

    (on one line when the call shares its line with other commands). Forms that
    `python3 -m zipfile -c` cannot reproduce get a finding without a fix: `-j`, `-x`,
    `-i`, `-@`, `-y`, `-D`, `-m` and other options, a pipe, names with a directory part
    (`src/app.py`: zipfile would store `app.py`) or a variable, `.` packed into an
    archive inside it, an archive name without `.zip`, two calls adding to one archive
    (`zip` updates an archive in place, `python3 -m zipfile -c` starts it anew), and a
    script that stops early when `zip` is missing. `zip` in comments, strings,
    heredocs, `$(...)` and other words (`unzip`, `gzip`, `7zip`) is not a call.

    ## Why is this bad?
    `zip` is not part of a minimal Debian, Ubuntu or Alpine system, nor of the slim
    Python images many CI jobs run in, so the build stops with
    `zip: command not found` and Terraform then fails on a missing package.
    `python3 -m zipfile` needs nothing but Python, which the build of a Python
    function has anyway.

    ## Example
    ```sh
    cd "$(dirname "$0")/../lambda"
    rm -f function.zip
    zip -r -q function.zip index.py
    ```

    Use instead:
    ```sh
    cd "$(dirname "$0")/../lambda"
    rm -f function.zip
    if command -v zip >/dev/null 2>&1; then
      zip -r -q function.zip index.py
    else
      python3 -m zipfile -c function.zip index.py
    fi
    ```

    ## Fix safety
    Safe: where `zip` is installed the script runs the very same command; elsewhere it
    used to stop, and now builds an archive with the same entries: the same names (the
    forms translated are those where `python3 -m zipfile -c` stores the paths `zip`
    stores), the same contents, file modes and directory entries, with a different
    compression level perhaps (`-9`, `-0`), which changes the archive's bytes but no
    file in it. One difference remains: `zip` adds to an archive that already exists,
    while `python3 -m zipfile -c` writes a new one, which is what a build means to do.
    No plan replaces or destroys anything because of it. The script keeps its mode
    and its line endings.

    ## References
    - [zipfile command-line interface](https://docs.python.org/3/library/zipfile.html#command-line-interface)
    """

    code = "FX011"
    name = "build-script-requires-zip"
    summary = "Build script needs the `zip` command, which many machines lack"
    severity = Severity.WARNING
    fix_availability = "sometimes"
    fix_safety = "safe"

    def check(self, context: Context) -> Iterator[Finding]:
        for rel in sorted(context.files):
            source = context.files[rel]
            if source.is_shell_script and "zip" in source.text:
                yield from self._check_script(context, source)

    def _check_script(self, context: Context, source: SourceFile) -> Iterator[Finding]:
        text = source.text
        calls, prechecks = zip_calls(commands(tokenize(text)))
        archives = [archive_name(call) for call in calls]
        for call, archive in zip(calls, archives, strict=True):
            if call.guarded:
                continue
            message = (
                f"{source.rel} calls `zip`, which many machines and CI images lack "
                "(`zip: command not found`)"
            )
            where = (call.name.start, call.name.end)
            translation: Translation | str
            if prechecks:
                line = source.lines.position(prechecks[0].tokens[0].start).line
                translation = f"the script stops without zip (line {line})"
            elif archive is not None and archives.count(archive) > 1:
                translation = (
                    f"another zip call adds to `{archive}` (python3 -m zipfile -c would "
                    "start the archive anew)"
                )
            else:
                translation = translate(text, call)
            if isinstance(translation, str):
                yield context.finding(source, where, f"{message}; no automatic fix: {translation}")
                continue
            edit = rewrite(text, call, translation, source.newline)
            fix = Fix.safe(
                "Fall back to python3 -m zipfile when zip is missing",
                TextEdit(source.rel, edit.start, edit.end, edit.content),
            )
            yield context.finding(
                source, where, f"{message}; fall back to `python3 -m zipfile -c`", fix
            )
