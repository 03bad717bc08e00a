"""Run fixer over the whole shared corpus: check, fix a copy, verify, and run again.

Usage: python bench/corpus_run.py [--corpus DIR] [--jobs N] [--terraform] [--select CODES]

Prints: files and bytes; `fixer check` time and findings per codemod; `fixer fix
--unsafe-fixes` time and fixes per codemod on a copy; whether every HCL file still parses
and is canonical (our formatter, and `terraform fmt -check` too with --terraform); and
whether a second run changes nothing. Exits 1 when any of those checks fails.
--select runs those codemods only (as `fixer --select`: the way to measure codemods that are
off by default, FX014 and FX020); include FX001 for the fixed tree to be held canonical.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HCL_SUFFIXES = (".tf", ".tfvars", ".tftest.hcl")


def fixer(*args: str) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "fixer", *args], capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def roots_of(files_dir: Path) -> list[str]:
    return [str(p) for p in sorted(files_dir.iterdir()) if p.is_dir()]


def by_code(document: dict) -> Counter[str]:
    return Counter(finding["code"] for finding in document["findings"])


def verify_tree(tree: Path, invalid: set[str]) -> tuple[int, list[str]]:
    """(HCL files checked, problems): every valid HCL file parses and is canonical."""
    from fixer.syntax.canonical import format_preserving_newlines
    from fixer.syntax.errors import HCLSyntaxError
    from fixer.syntax.parser import parse

    problems, count = [], 0
    for path in sorted(tree.rglob("*")):
        rel = str(path.relative_to(tree))
        if not path.is_file() or not path.name.endswith(HCL_SUFFIXES) or rel in invalid:
            continue
        count += 1
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        try:
            parse(text, rel)
        except HCLSyntaxError as error:
            problems.append(f"does not parse: {error}")
            continue
        if format_preserving_newlines(text) != text:
            problems.append(f"not canonical: {rel}")
    return count, problems


def terraform_fmt_check(tree: Path, invalid: set[str]) -> tuple[list[str], list[str]]:
    """(files terraform fmt -check lists, its error lines) over the valid HCL files.

    The files are named one by one: the git-crypt files are left out (terraform takes
    about 90 s on each, and its messages about them are not UTF-8).
    """
    files = [
        str(path)
        for path in sorted(tree.rglob("*"))
        if path.is_file()
        and path.name.endswith(HCL_SUFFIXES)
        and str(path.relative_to(tree)) not in invalid
    ]
    listed: list[str] = []
    errors: list[str] = []
    for start in range(0, len(files), 500):
        done = subprocess.run(
            ["terraform", "fmt", "-check", *files[start : start + 500]],
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
        )
        listed += [line for line in done.stdout.splitlines() if line.strip()]
        if done.returncode not in (0, 3):
            errors += [line for line in done.stderr.splitlines() if line.strip()]
    return listed, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--terraform", action="store_true", help="also run terraform fmt -check")
    parser.add_argument("--select", help="comma-separated codes, as fixer --select")
    options = parser.parse_args()
    selection = ["--select", options.select] if options.select else []
    corpus: Path = options.corpus
    status = dict(
        line.rstrip("\n").split("\t")
        for line in (corpus / "fmt_status.tsv").read_text().splitlines()[1:]
    )
    invalid = {path for path, state in status.items() if state == "invalid"}
    size = sum((corpus / "files" / path).stat().st_size for path in status)
    print(f"corpus: {len(status)} files, {size / 1e6:.1f} MB, {len(invalid)} invalid (git-crypt)")
    failures = 0

    roots = roots_of(corpus / "files")
    code, out, err, seconds = fixer(
        "check", *selection, "--format", "json", "-j", str(options.jobs), *roots
    )
    if code not in (0, 1, 2) or "Traceback" in err:
        print(f"check crashed (exit {code}):\n{err[-2000:]}")
        return 1
    document = json.loads(out)
    print(
        f"check: {seconds:.1f} s, exit {code}, {len(document['findings'])} findings, "
        f"{len(document['errors'])} input errors"
    )
    found = by_code(document)
    examples = {}
    for finding in document["findings"]:
        examples.setdefault(finding["code"], finding)
    for rule, count in sorted(found.items()):
        example = examples[rule]
        where = f"{example['path']}:{example['start']['line']}"
        print(f"  {rule}: {count} findings, e.g. {where}: {example['message'][:160]}")

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "files"
        shutil.copytree(corpus / "files", copy)
        for path in copy.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        roots = roots_of(copy)
        code, out, err, seconds = fixer(
            "fix", *selection, "--unsafe-fixes", "--format", "json", "-j", str(options.jobs), *roots
        )
        if "Traceback" in err:
            print(f"fix crashed:\n{err[-2000:]}")
            return 1
        fixed_doc = json.loads(out)
        print(
            f"fix --unsafe-fixes: {seconds:.1f} s, exit {code}, "
            f"{fixed_doc['summary']['fixed']} findings fixed "
            f"({len(fixed_doc['fixes'])} fixes applied), "
            f"{len(fixed_doc['findings'])} findings remain"
        )
        changed = sum(
            1
            for path in status
            if (copy / path).read_bytes() != (corpus / "files" / path).read_bytes()
        )
        print(f"  files changed: {changed}")
        remaining = by_code(fixed_doc)
        # Fixes applied per codemod: not found minus remaining, since a fix may leave a
        # finding of its own (FX021 adds an entry, whose version stays unknown) or let
        # another appear (FX022: a local read only by a removed one).
        applied = Counter(fix["code"] for fix in fixed_doc["fixes"])
        for rule in sorted(set(found) | set(remaining)):
            print(
                f"  {rule}: {found[rule]} found, {applied[rule]} fixes applied, "
                f"{remaining[rule]} remaining"
            )
        count, problems = verify_tree(copy, invalid)
        print(f"after fix: {count} HCL files, {len(problems)} not parsing or not canonical")
        for problem in problems[:20]:
            print(f"  {problem}")
        failures += bool(problems)
        if options.terraform:
            listed, errors = terraform_fmt_check(copy, invalid)
            print(f"terraform fmt -check: {len(listed)} files not canonical, {len(errors)} errors")
            for line in (listed + errors)[:20]:
                print(f"  {line}")
            failures += bool(listed or errors)
        code, out, err, seconds = fixer(
            "fix", *selection, "--dry-run", "--unsafe-fixes", "-j", str(options.jobs), *roots
        )
        print(f"second run: {seconds:.1f} s, diff of {len(out.splitlines())} lines")
        failures += bool(out)
    print("OK" if not failures else "FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
