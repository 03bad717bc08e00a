"""FX001 unformatted: files that are not in `terraform fmt` canonical style."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit


class Unformatted(Codemod):
    """Reports files whose layout differs from `terraform fmt` and rewrites them.

    ## What it does
    Checks every `.tf`, `.tfvars` and `.tftest.hcl` file against the canonical layout
    that `terraform fmt` (v1.11) produces: indentation, spaces between tokens, aligned
    `=` signs and comments, a lone `"${x}"` unwrapped, legacy quoted type constraints.

    ## Why is this bad?
    Unformatted files make every review noisy: the next person who runs
    `terraform fmt` rewrites lines they never meant to touch, and a CI job running
    `terraform fmt -check` fails.

    ## Example
    ```hcl
    resource "aws_s3_bucket" "logs" {
    bucket = "logs"
      force_destroy=true
    }
    ```

    Use instead:
    ```hcl
    resource "aws_s3_bucket" "logs" {
      bucket        = "logs"
      force_destroy = true
    }
    ```

    ## Fix safety
    Safe: only whitespace changes, plus the two rewrites `terraform fmt` itself makes
    (`"${x}"` to `x`, `"string"` to `string` in a variable's type), which mean the same
    to Terraform. Every line keeps its line ending, LF or CRLF, as with `terraform fmt`
    (a file mixing the two stays mixed).
    """

    code = "FX001"
    name = "unformatted"
    summary = "File is not formatted the way `terraform fmt` formats it"
    severity = Severity.INFO
    fix_availability = "always"
    fix_safety = "safe"
    reads = frozenset()  # fixer.split
    late = True  # the canonical texts may come from worker processes (fixer.parallel)

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            if source.rel in context.linked:  # formatted under its own path, or not ours
                continue
            formatted = source.canonical
            if formatted == source.text:
                continue
            start, end, replacement = _changed_region(source.text, formatted)
            fix = Fix.safe(
                "Format the file", TextEdit.replacement(source.rel, start, end, replacement)
            )
            yield context.finding(
                source, (start, start), "File is not formatted like `terraform fmt`", fix
            )


def _changed_region(old: str, new: str) -> tuple[int, int, str]:
    """The smallest (start, end, replacement) turning old into new, on line boundaries."""
    prefix = _common_length(old, new, lambda n: old[:n] == new[:n])
    prefix = old.rfind("\n", 0, prefix) + 1
    limit = min(len(old), len(new)) - prefix
    suffix = _common_length(old, new, lambda n: old[len(old) - n :] == new[len(new) - n :], limit)
    while suffix and old[len(old) - suffix - 1 : len(old) - suffix] not in ("\n", ""):
        suffix -= 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


def _common_length(old: str, new: str, same: Callable[[int], bool], limit: int = -1) -> int:
    """The largest n <= limit (default: the shorter length) with same(n), which holds for
    every n up to some bound: a binary search of string comparisons, not a character loop."""
    low, high = 0, min(len(old), len(new)) if limit < 0 else limit
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low
