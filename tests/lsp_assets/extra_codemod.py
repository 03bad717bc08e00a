"""Test-only codemods for the language server tests, loaded via FIXER_LSP_EXTRA_CODEMODS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from fixer.codemod import Codemod, Context
from fixer.findings import Change, CreateFile, Finding, Fix, TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.cst import Block


class NamedThing(Codemod):
    """Flags `resource "test_thing"` blocks without a `name` (and `flag = true` in them).

    ## What it does
    Finds test things without a name; the fix sets `name = var.<label>_name` and
    declares that variable in `variables.tf` (creating the file when it is missing).

    ## Why is this bad?
    Only tests use it.

    ## Example
    ```hcl
    resource "test_thing" "a" {
    }
    ```

    ## Fix safety
    Safe, except for labels starting with `risky` (unsafe) or `hint` (display-only).
    """

    code = "FX900"
    name = "test-named-thing"
    summary = "Test thing without a name"
    fix_availability = "always"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files("tf"):
            assert source.tree is not None
            for block in source.tree.body.blocks_of_type("resource", "test_thing"):
                flag = block.body.attribute("flag")
                if flag is not None:
                    yield context.finding(source, flag, "flag is set")
                if block.body.attribute("name") is None and len(block.labels) == 2:
                    where = "in" if "variables.tf" in context.files else "in a new"
                    yield context.finding(
                        source,
                        block.labels[1],
                        f"test thing has no name (its variable goes {where} variables.tf)",
                        _fix(context, block, source.rel),
                    )


def _fix(context: Context, block: Block, rel: str) -> Fix:
    label = block.labels[1].value
    variable = "".join(c for c in label if c.isascii() and (c.isalnum() or c == "_")) or "x"
    changes: list[Change] = [
        TextEdit.insertion(rel, block.close_brace.start, f"  name = var.{variable}_name\n")
    ]
    declaration = f'variable "{variable}_name" {{\n  type = string\n}}\n'
    if "variables.tf" in context.files:
        end = len(context.files["variables.tf"].text)
        changes.append(TextEdit.insertion("variables.tf", end, "\n" + declaration))
    elif rel != "variables.tf":
        changes.append(CreateFile("variables.tf", declaration))
    title = f"Name test_thing.{label}"
    if label.startswith("risky"):
        return Fix.unsafe(title, *changes)
    if label.startswith("hint"):
        return Fix.display_only(title, *changes)
    return Fix.safe(title, *changes)


class Crashing(Codemod):
    """Raises on `resource "test_crash"`: the server must keep serving.

    ## What it does
    Crashes.

    ## Why is this bad?
    Only tests use it.

    ## Example
    ```hcl
    resource "test_crash" "a" {}
    ```

    ## Fix safety
    No fix.
    """

    code = "FX901"
    name = "test-crashing"
    summary = "Crashes on purpose"
    fix_availability = "none"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files("tf"):
            assert source.tree is not None
            if source.tree.body.blocks_of_type("resource", "test_crash"):
                raise RuntimeError("test crash")
        return iter(())


def _things(context: Context, kind: str) -> Iterator[tuple[SourceFile, Block, str]]:
    for source in context.hcl_files("tf"):
        assert source.tree is not None
        for block in source.tree.body.blocks_of_type("resource", kind):
            if len(block.labels) == 2:
                yield source, block, block.labels[1].value


class PairReady(Codemod):
    """Flags `resource "test_pair"` blocks without `ready`; its fix provides `pair:<label>`.

    ## What it does
    Sets `ready = true`; a `test_doc` of the same label requires that (FX903).

    ## Why is this bad?
    Only tests use it.

    ## Example
    ```hcl
    resource "test_pair" "a" {
    }
    ```

    ## Fix safety
    Safe, except for labels starting with `risky` (unsafe) or `hint` (display-only).
    """

    code = "FX902"
    name = "test-pair-ready"
    summary = "Test pair not ready"
    fix_availability = "always"

    def check(self, context: Context) -> Iterator[Finding]:
        for source, block, label in _things(context, "test_pair"):
            if block.body.attribute("ready") is not None:
                continue
            edit = TextEdit.insertion(source.rel, block.close_brace.start, "  ready = true\n")
            make = Fix.unsafe if label.startswith("risky") else Fix.safe
            make = Fix.display_only if label.startswith("hint") else make
            fix = replace(
                make(f"Make test_pair.{label} ready", edit), provides=frozenset({f"pair:{label}"})
            )
            yield context.finding(source, block.labels[1], "test pair is not ready", fix)


class DocMarked(Codemod):
    """Flags `resource "test_doc"` blocks without `documented`; while the test pair of its
    label is not ready, its fix requires `pair:<label>` (FX902's fix).

    ## What it does
    Sets `documented = true`.

    ## Why is this bad?
    Only tests use it.

    ## Example
    ```hcl
    resource "test_doc" "a" {
    }
    ```

    ## Fix safety
    Safe; applied only with the fix making its pair ready, while that one is not.
    """

    code = "FX903"
    name = "test-doc-marked"
    summary = "Test doc not marked"
    fix_availability = "always"

    def check(self, context: Context) -> Iterator[Finding]:
        ready = {
            label
            for _, block, label in _things(context, "test_pair")
            if block.body.attribute("ready") is not None
        }
        for source, block, label in _things(context, "test_doc"):
            if block.body.attribute("documented") is not None:
                continue
            edit = TextEdit.insertion(source.rel, block.close_brace.start, "  documented = true\n")
            requires = frozenset() if label in ready else frozenset({f"pair:{label}"})
            fix = replace(Fix.safe(f"Mark test_doc.{label}", edit), requires=requires)
            yield context.finding(source, block.labels[1], "test doc is not marked", fix)
