"""FX011 build-script-requires-zip: shell reading, translations, fixes, and a real run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from codemods.build_script_requires_zip import (
    BuildScriptRequiresZip,
    commands,
    name_of,
    tokenize,
)
from fixer.apply import apply_edits
from fixer.codemod import Context
from fixer.findings import Applicability, Finding
from fixer.model.config import ModelConfig
from fixer.model.files import SourceFile

HEAD = "#!/usr/bin/env bash\nset -euo pipefail\n"
GUARD = "if command -v zip >/dev/null 2>&1; then"


def run(text: str, rel: str = "build.sh") -> list[Finding]:
    codemod = BuildScriptRequiresZip()
    context = Context({rel: SourceFile(rel, text)}, ModelConfig(), codemod)
    return list(codemod.check(context))


def fixed(text: str, rel: str = "build.sh") -> str:
    (finding,) = run(text, rel)
    assert finding.fix is not None
    assert finding.fix.applicability == Applicability.SAFE
    return apply_edits(text, finding.fix.edits, SourceFile(rel, text).newline)


def bash_parses(text: str) -> bool:
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run([bash, "-n"], input=text, text=True, capture_output=True)
    return result.returncode == 0


# ---------------------------------------------------------------- reading shell


def names(text: str) -> list[str | None]:
    return [name_of(cmd) for cmd in commands(tokenize(text))]


def test_commands_split_at_operators_and_skip_comments_and_strings() -> None:
    text = 'cd x && zip -r ../a.zip . # zip again\necho "zip it"; (zip -q b.zip c.py) | cat\n'
    assert names(text) == ["cd", "zip", "echo", "zip", "cat"]


def test_heredoc_bodies_and_substitutions_are_not_commands() -> None:
    text = 'cat <<EOF\nzip -r out.zip .\nEOF\nv="$(zip -v)"\nx=`zip -h`\n'
    assert "zip" not in names(text)


def test_other_words_are_not_zip() -> None:
    text = "unzip a.zip\ngzip b\n7zip x c\nzipinfo d.zip\necho zip\nfor f in zip; do :; done\n"
    assert "zip" not in names(text)


# ---------------------------------------------------------------- fixes


def test_demo_call_becomes_an_if_with_the_fallback() -> None:
    text = HEAD + "rm -f function.zip\nzip -r -q function.zip index.py\necho built\n"
    (finding,) = run(text)
    assert finding.span.start_line == 4 and finding.span.start_column == 1
    assert finding.message == (
        "build.sh calls `zip`, which many machines and CI images lack "
        "(`zip: command not found`); fall back to `python3 -m zipfile -c`"
    )
    assert fixed(text) == HEAD + (
        "rm -f function.zip\n"
        f"{GUARD}\n"
        "  zip -r -q function.zip index.py\n"
        "else\n"
        "  python3 -m zipfile -c function.zip index.py\n"
        "fi\n"
        "echo built\n"
    )


def test_indented_call_keeps_the_script_indentation() -> None:
    text = HEAD + "build() {\n\tcd src\n\tzip -r9 ../out.zip .\n}\n"
    new = fixed(text)
    assert f"\t{GUARD}\n\t\tzip -r9 ../out.zip .\n\telse\n" in new
    assert "\t\tpython3 -m zipfile -c ../out.zip .\n\tfi\n}\n" in new
    assert bash_parses(new)


def test_call_in_a_list_becomes_a_one_line_if() -> None:
    text = HEAD + 'cd dist && zip -rq "../$NAME.zip" app.py && echo ok\n'
    new = fixed(text)
    assert new == HEAD + (
        f'cd dist && {GUARD} zip -rq "../$NAME.zip" app.py; '
        'else python3 -m zipfile -c "../$NAME.zip" app.py; fi && echo ok\n'
    )
    assert bash_parses(new)


def test_call_after_then_and_with_assignments_and_redirections() -> None:
    text = HEAD + "if [ -d src ]; then TZ=UTC zip -r ../o.zip src >/dev/null 2>&1; fi\n"
    new = fixed(text)
    assert "then if command -v zip" in new
    assert "else TZ=UTC python3 -m zipfile -c ../o.zip src >/dev/null 2>&1; fi; fi" in new
    assert bash_parses(new)


def test_line_continuation() -> None:
    text = HEAD + "zip -r ../o.zip \\\n  a.py \\\n  lib\n"
    new = fixed(text)
    assert "python3 -m zipfile -c ../o.zip a.py lib; fi" in new
    assert bash_parses(new)


def test_crlf_is_kept() -> None:
    text = "#!/bin/sh\r\ncd src\r\nzip -q -r ../b.zip app.py\r\necho done\r\n"
    new = fixed(text)
    assert "\n" not in new.replace("\r\n", "")
    assert f"{GUARD}\r\n  zip -q -r ../b.zip app.py\r\nelse\r\n" in new


def test_second_run_is_empty() -> None:
    text = HEAD + "zip -r -q function.zip index.py\ncd x && zip -q ../y.zip y.py\n"
    once = fixed(text.split("cd x")[0])
    assert run(once) == []
    codemod = BuildScriptRequiresZip()
    context = Context({"b.sh": SourceFile("b.sh", text)}, ModelConfig(), codemod)
    findings = list(codemod.check(context))
    edits = [edit for f in findings if f.fix for edit in f.fix.edits]
    assert run(apply_edits(text, edits)) == []


@pytest.mark.parametrize(
    "guarded",
    [
        f"{GUARD}\n  zip -r ../a.zip .\nelse\n  python3 -m zipfile -c ../a.zip .\nfi\n",
        "if which zip >/dev/null; then zip -q a.zip b.py; else python3 -m zipfile -c a.zip b.py; fi\n",
        "if hash zip 2>/dev/null; then\n  if true; then zip -q a.zip b.py; fi\nfi\n",
        "command -v zip >/dev/null && zip -q a.zip b.py || python3 -m zipfile -c a.zip b.py\n",
    ],
)
def test_guarded_calls_are_not_reported(guarded: str) -> None:
    assert run(HEAD + guarded) == []


def test_suppression_comment_is_honoured_by_the_engine() -> None:
    text = HEAD + "# fixer:ignore FX011 the image has zip\nzip -r ../a.zip .\n"
    from fixer.config import Settings
    from fixer.runner import run_codemods

    files = {"build.sh": SourceFile("build.sh", text)}
    assert run_codemods(files, [BuildScriptRequiresZip], Settings()) == []


# ---------------------------------------------------------------- forms without a fix


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        ("zip -j out.zip src/a.py", "`-j` (store names without their directories)"),
        ("zip -r out.zip . -x '*.pyc'", "an option after the archive (`-x`)"),
        ("zip -rx out.zip .", "`-x` (exclude names)"),
        ("find . -name '*.py' | zip -@ ../out.zip", "it is part of a pipe"),
        ("zip -r - . > out.zip", "the archive name does not end in `.zip`"),
        ("zip -r out .", "the archive name does not end in `.zip`"),
        ("zip -r out.zip .", "the archive is inside the directory it packs"),
        ('zip -r "$OUT" .', "the archive name does not end in `.zip`"),
        ('zip -r "$OUT.zip" .', "the archive may be inside the directory it packs"),
        ("zip -r ../o.zip src/app.py", "`src/app.py` has a directory part"),
        ('zip -r ../o.zip "$SRC"', '`"$SRC"` depends on a variable'),
        ("zip ../o.zip lib", "`lib` may be a directory"),
        ("zip ../o.zip .", "`.` without `-r` adds no files"),
        ("zip -r dist/o.zip dist", "the archive is inside `dist`, which it packs"),
        ("zip -@ ../o.zip < files.txt", "it reads from a redirection"),
        ("zip -r ../o.zip . &", "it runs in the background"),
        ("zip -@ ../o.zip", "`-@` (names from standard input)"),
        ("zip --symlinks -r ../o.zip .", "`--symlinks` has no python3 -m zipfile equivalent"),
        ("zip -r ../o.zip", "it names no file to add"),
    ],
)
def test_untranslatable_forms_have_no_fix(call: str, reason: str) -> None:
    (finding,) = run(HEAD + call + "\n")
    assert finding.fix is None
    assert f"no automatic fix: {reason}" in finding.message


def test_script_that_stops_without_zip_has_no_fix() -> None:
    text = (
        HEAD + 'command -v zip >/dev/null || { echo "install zip"; exit 1; }\nzip -q a.zip b.py\n'
    )
    (finding,) = run(text)
    assert finding.fix is None
    assert "no automatic fix: the script stops without zip (line 3)" in finding.message
    text = HEAD + "if ! command -v zip; then\n  exit 1\nfi\nzip -q a.zip b.py\n"
    (finding,) = run(text)
    assert finding.fix is None


def test_non_scripts_are_ignored() -> None:
    assert run("zip -r ../a.zip .\n", rel="README.md") == []
    assert run("zip -r ../a.zip .\n", rel="notes.txt") == []


# ---------------------------------------------------------------- a real run without zip


def _bin_without_zip(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("bash", "sh", "dirname", "rm", "mkdir"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    (bin_dir / "python3").symlink_to(sys.executable)
    return bin_dir


def test_fixed_demo_script_builds_a_zip_without_zip(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
    script = (demo / "scripts" / "build_lambda.sh").read_text()
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copytree(demo / "lambda", project / "lambda")
    (project / "lambda" / "function.zip").unlink(missing_ok=True)
    target = project / "scripts" / "build_lambda.sh"
    target.write_text(fixed(script, "scripts/build_lambda.sh"))
    target.chmod(0o755)
    env = {**os.environ, "PATH": str(_bin_without_zip(tmp_path))}
    result = subprocess.run([str(target)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(project / "lambda" / "function.zip") as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["index.py"]
        assert archive.read("index.py") == (demo / "lambda" / "index.py").read_bytes()
    original = project / "scripts" / "original.sh"
    original.write_text(script)
    original.chmod(0o755)
    failed = subprocess.run([str(original)], env=env, capture_output=True, text=True)
    assert failed.returncode == 127 and "zip: command not found" in failed.stderr


@pytest.mark.skipif(shutil.which("zip") is None, reason="needs the zip command")
@pytest.mark.parametrize("call", ["zip -r9 ../out.zip .", "zip -rq ../out.zip a.py sub/"])
def test_both_branches_store_the_same_entries(tmp_path: Path, call: str) -> None:
    work = tmp_path / "src"
    (work / "sub" / "deep").mkdir(parents=True)
    (work / "empty").mkdir()
    (work / "a.py").write_text("a = 1\n")
    (work / ".hidden").write_text("h\n")
    (work / "sub" / "deep" / "b.txt").write_text("b\n")
    script = tmp_path / "build.sh"
    script.write_text(fixed(f"#!/bin/sh\nset -e\ncd src\n{call}\n"))
    script.chmod(0o755)
    listings = []
    for path in (os.environ["PATH"], str(_bin_without_zip(tmp_path / "nozip"))):
        (tmp_path / "out.zip").unlink(missing_ok=True)
        env = {**os.environ, "PATH": path}
        subprocess.run([str(script)], env=env, cwd=tmp_path, check=True, capture_output=True)
        with zipfile.ZipFile(tmp_path / "out.zip") as archive:
            listings.append(sorted((i.filename, archive.read(i)) for i in archive.infolist()))
    assert listings[0] == listings[1]


def test_calls_adding_to_the_same_archive_have_no_fix() -> None:
    text = HEAD + (
        "cd package\n"
        "zip -r ../deployment-package.zip .\n"
        "cd ..\n"
        "zip deployment-package.zip lambda_function.py\n"
    )
    findings = run(text)
    assert [f.span.start_line for f in findings] == [4, 6]
    for finding in findings:
        assert finding.fix is None
        assert "another zip call adds to `deployment-package.zip`" in finding.message


def test_archive_names_after_redirections_and_options() -> None:
    text = HEAD + "zip -q > /dev/null -r ../a.zip a.py\nzip -r ../b.zip b.py\n"
    assert all(f.fix is not None for f in run(text))
