"""FX011 build-script-requires-zip: build scripts that fail where the `zip` command is missing."""

from __future__ import annotations

from collections.abc import Iterator

from codemods.build_script_requires_zip.recipes import command_lines
from codemods.build_script_requires_zip.shell import Command, commands, name_of, tokenize
from codemods.build_script_requires_zip.zipcall import (
    Translation,
    ZipCall,
    archive_name,
    rewrite,
    translate,
    zip_calls,
)
from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.files import SourceFile

__all__ = ["BuildScriptRequiresZip", "commands", "name_of", "tokenize"]


class BuildScriptRequiresZip(Codemod):
    """Finds build scripts that need the `zip` command, and adds a python3 fallback.

    ## What it does
    Reports a call of `zip` in a shell script of the project (`.sh`, `.bash`, or a
    shell shebang), or in a command of a `Makefile` recipe, a `justfile` recipe or a
    `Taskfile.yml` task, that no `command -v zip` test guards. For the common forms
    (`zip [-r] [-q] [-0..-9] [-X] archive.zip names...`, flags combined as `-rq9`) the
    fix runs `zip` when it is installed and `python3 -m zipfile -c` otherwise:

    ```sh
    if command -v zip >/dev/null 2>&1; then
      zip -r -q function.zip index.py
    else
      python3 -m zipfile -c function.zip index.py
    fi
    ```

    (on one line when the call shares its line with other commands, and always in a
    Makefile, justfile or Taskfile, where each line runs in a shell of its own). Forms that
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
    reads = frozenset()  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for rel in sorted(context.files):
            source = context.files[rel]
            if "zip" not in source.text:
                continue
            if source.is_shell_script:
                yield from self._check_script(context, source, [(0, len(source.text))])
            elif source.build_file is not None:
                yield from self._check_script(context, source, command_lines(source))

    def _check_script(
        self, context: Context, source: SourceFile, snippets: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """Findings for the zip calls of a script, or of each command line of a build
        file (`snippets`: the shell texts, each run on its own)."""
        one_line = source.build_file is not None
        found: list[tuple[int, str, ZipCall, list[Command]]] = []
        for start, end in snippets:
            text = source.text[start:end]
            calls, prechecks = zip_calls(commands(tokenize(text)))
            found.extend((start, text, call, prechecks) for call in calls)
        archives = [archive_name(call) for _, _, call, _ in found]
        for (base, text, call, prechecks), archive in zip(found, archives, strict=True):
            if call.guarded:
                continue
            message = (
                f"{source.rel} calls `zip`, which many machines and CI images lack "
                "(`zip: command not found`)"
            )
            where = (base + call.name.start, base + call.name.end)
            translation: Translation | str
            if prechecks:
                line = source.lines.position(base + prechecks[0].tokens[0].start).line
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
            edit = rewrite(text, call, translation, source.newline, one_line)
            fix = Fix.safe(
                "Fall back to python3 -m zipfile when zip is missing",
                TextEdit(source.rel, base + edit.start, base + edit.end, edit.content),
            )
            yield context.finding(
                source, where, f"{message}; fall back to `python3 -m zipfile -c`", fix
            )
