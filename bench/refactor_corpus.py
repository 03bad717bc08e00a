"""Rename every resource, data source, module call, variable, local and output of the
shared corpus with the engine of `fixer mv`, in memory, and check each result.

Usage: python bench/refactor_corpus.py [--corpus DIR] [--limit N]

Each repository of the corpus is one project. For every object (up to --limit per
repository and kind) the rename to `<name>_renamed` must: succeed or be refused with a
message; leave every file parsing; keep canonical files canonical; leave no reference
to the old name in the module (moved/removed blocks excepted) and as many to the new one
as there were to the old; write a moved block exactly for resources and module calls.
Prints counts per kind and every failure; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fixer.discover import discover  # noqa: E402
from fixer.model.files import SourceFile  # noqa: E402
from fixer.model.project import build_project  # noqa: E402
from fixer.refactor.engine import Refactoring, move  # noqa: E402


def objects(project, limit: int):
    """(kind, module path, address relative to that module) of the project's objects."""
    seen: Counter[str] = Counter()
    for path, module in project.modules.items():
        tables = [
            ("resource", list(module.resources)),
            ("data", list(module.data)),
            ("module", [f"module.{n}" for n in module.module_calls]),
            ("variable", [f"var.{n}" for n in module.variables]),
            ("local", [f"local.{n}" for n in module.locals]),
            ("output", [f"output.{n}" for n in module.outputs]),
        ]
        for kind, addresses in tables:
            for address in addresses:
                if seen[kind] >= limit:
                    break
                seen[kind] += 1
                yield kind, path, address


def check(files: dict[str, SourceFile], path: str, kind: str, old: str) -> tuple[str, str]:
    """("ok" | "refused" | "FAIL", detail)."""
    prefix, _, name = old.rpartition(".")
    new = f"{prefix}.{name}_renamed"
    result = move(files, old, new, path)
    if not isinstance(result, Refactoring):
        return "refused", str(result)
    after = dict(files)
    for rel, text in result.texts.items():
        original = files.get(rel)
        source = SourceFile(rel, text, original.bom if original else False)
        if source.is_hcl and source.tree is None:
            return "FAIL", f"{rel} does not parse: {source.error}"
        was_canonical = (
            original is not None and original.is_hcl and (original.canonical == original.text)
        )
        if was_canonical and source.canonical != text:
            return "FAIL", f"{rel} was canonical and is not"
        after[rel] = source
    if kind in ("output",):
        return "ok", ""
    before_module = build_project(files).modules[path]
    after_module = build_project(after).modules[path]
    old_subject, new_subject = old, new
    left = [
        r
        for r in after_module.reference_sites()
        if r[4].subject == old_subject and not _history(r[1])
    ]
    if left:
        return "FAIL", f"{len(left)} references to {old} remain"
    count_old = sum(
        1
        for r in before_module.reference_sites()
        if r[4].subject == old_subject and not _history(r[1])
    )
    count_new = sum(
        1
        for r in after_module.reference_sites()
        if r[4].subject == new_subject and not _history(r[1])
    )
    if count_old != count_new:
        return "FAIL", f"{count_old} references to {old}, {count_new} to {new}"
    wrote_moved = "moved {" in "".join(result.texts.values()) and result.summary.count("moved")
    if kind in ("resource", "module") and not wrote_moved:
        return "FAIL", "no moved block"
    return "ok", ""


def _history(item) -> bool:
    return getattr(item, "type", None) in ("moved", "removed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    files_dir = Path(args.corpus) / "files"
    totals: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    refusals: Counter[str] = Counter()
    started = time.perf_counter()
    for root in sorted(p for p in files_dir.iterdir() if p.is_dir()):
        target = discover(root, root.name)
        files = {rel: s for rel, s in target.files.items() if not (s.is_hcl and s.error)}
        project = build_project(files)
        for kind, path, address in objects(project, args.limit):
            outcome, detail = check(files, path, kind, address)
            totals[(kind, outcome)] += 1
            if outcome == "FAIL":
                failures.append(f"{root.name}/{path}: {address}: {detail}")
            elif outcome == "refused":
                refusals[detail.split(":")[0][:90]] += 1
    elapsed = time.perf_counter() - started
    kinds = sorted({kind for kind, _ in totals})
    print(f"renames over {files_dir}: {sum(totals.values())} in {elapsed:.1f} s")
    for kind in kinds:
        print(
            f"  {kind:9} ok {totals[(kind, 'ok')]:5}  refused {totals[(kind, 'refused')]:4}  "
            f"FAIL {totals[(kind, 'FAIL')]}"
        )
    for reason, count in refusals.most_common(10):
        print(f"  refused x{count}: {reason}")
    for failure in failures[:50]:
        print(f"  FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
