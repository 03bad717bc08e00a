"""The editor's checks, which keep trees and facts from one version to the next, find
exactly what a check from scratch finds."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.lsp.analysis import Analysis, Document, analyse
from fixer.lsp.disk import DiskFiles
from fixer.lsp.incremental import IncrementalParser
from fixer.syntax.memo import facts

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
HCL_FILES = sorted(p.name for p in DEMO.glob("*.tf"))
# Every line of the demo's Terraform: edits move references, conditions, password
# attributes, NAT gateways ... from one item, or one file, to another.
LINES = sorted({line for name in HCL_FILES for line in (DEMO / name).read_text().split("\n")})

edit = st.tuples(
    st.sampled_from(["insert", "replace", "delete", "blank"]),
    st.floats(0, 1, exclude_max=True),
    st.sampled_from(LINES),
)


def _apply(text: str, operation: str, where: float, line: str) -> str:
    lines = text.split("\n")
    index = int(where * len(lines))
    if operation == "insert":
        lines.insert(index, line)
    elif operation == "replace":
        lines[index] = line
    elif operation == "delete" and len(lines) > 1:
        del lines[index]
    elif operation == "blank":
        lines.insert(index, "")
    return "\n".join(lines)


def _seen(analysis: Analysis) -> tuple[object, ...]:
    return (
        sorted((rel, sorted(findings, key=repr)) for rel, findings in analysis.findings.items()),
        sorted(analysis.problems.items()),
        sorted(analysis.files),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=st.sampled_from(HCL_FILES), edits=st.lists(edit, min_size=1, max_size=8))
def test_checks_after_edits_find_what_a_fresh_check_finds(
    tmp_path_factory, name: str, edits: list[tuple[str, float, str]]
) -> None:
    root = tmp_path_factory.mktemp("project") / "multi-env"
    shutil.copytree(DEMO, root)
    path = root / name
    text = path.read_text()
    disk, parser = DiskFiles(), IncrementalParser()
    for version, (operation, where, line) in enumerate([("none", 0.0, ""), *edits]):
        text = _apply(text, operation, where, line)
        kept = analyse(root, [Document(path.as_uri(), text, version, path, parser=parser)], disk)
        fresh = analyse(root, [Document(path.as_uri(), text, version, path)], DiskFiles())
        assert _seen(kept) == _seen(fresh)
        assert _stale_facts(kept) == []


def test_editing_corpus_files_finds_what_a_fresh_check_finds(corpus_dir: Path, tmp_path) -> None:
    rng = random.Random(7)
    directories = sorted({path.parent for path in (corpus_dir / "files").rglob("*.tf")})
    for number, directory in enumerate(rng.sample(directories, 30)):
        root = tmp_path / str(number)
        root.mkdir()
        for file in directory.iterdir():
            if file.is_file():
                shutil.copy(file, root / file.name)
        path = rng.choice(sorted(root.glob("*.tf")))
        text = path.read_text(encoding="utf-8", errors="replace")
        pool = text.split("\n")
        disk, parser = DiskFiles(), IncrementalParser()
        for version in range(6):
            operation = rng.choice(["insert", "replace", "delete", "blank"]) if version else "none"
            text = _apply(text, operation, rng.random(), rng.choice(pool))
            document = Document(path.as_uri(), text, version, path, parser=parser)
            kept = analyse(root, [document], disk)
            fresh = analyse(root, [Document(path.as_uri(), text, version, path)], DiskFiles())
            assert _seen(kept) == _seen(fresh), (directory, version)
            assert _stale_facts(kept) == [], (directory, version)


def _stale_facts(analysis: Analysis) -> list[str]:
    """Memoized facts of the checked trees that differ from the fact computed afresh."""
    stale = []
    for rel, source in analysis.files.items():
        for item in source.tree.body.items if source.tree is not None else ():
            for compute, fact in facts(item).items():
                if compute(item) != fact:
                    stale.append(f"{rel}:{item.start}: {compute.__name__}")
    return stale


def test_a_linked_file_counts_for_its_module_and_gets_no_fix(tmp_path: Path) -> None:
    """As in the CLI (tests/test_links.py): the linked versions.tf provides the module's
    required_providers, and a finding in a linked file offers no fix."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
        '      version = "~> 5.0"\n    }\n  }\n}\nvariable "unused" {\n  type = string\n}\n'
    )
    root = tmp_path / "env"
    root.mkdir()
    path = root / "main.tf"
    path.write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    (root / "versions.tf").symlink_to("../shared/versions.tf")
    analysis = analyse(root, [Document(path.as_uri(), path.read_text(), 1, path)], DiskFiles())
    assert analysis.linked == {"versions.tf"}
    found = [(f.path, f.code, f.fix) for fs in analysis.findings.values() for f in fs]
    assert [code for _, code, _ in found if code == "FX021"] == []
    assert ("versions.tf", "FX022", None) in found
