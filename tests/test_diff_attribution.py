"""annotated_diffs: every applied fix owns the hunks its edits changed, insertions included."""

from __future__ import annotations

from fixer.diff import annotated_diffs
from fixer.findings import Applicability
from fixer.reports.model import AppliedFix

OLD = 'terraform {\n  backend "s3" {\n    bucket = "b"\n    key    = "k"\n  }\n}\n'
# One fix rewrote the backend block; another inserted a block before the closing brace.
NEW = (
    'terraform {\n  backend "s3" {\n    key = "k"\n  }\n\n'
    '  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n'
)


def fix(code: str, start: int, end: int) -> AppliedFix:
    return AppliedFix(
        code=code,
        name=code.lower(),
        title=code,
        applicability=Applicability.SAFE,
        path="versions.tf",
        message=code,
        span=None,
        edited=(("versions.tf", start, end),),
    )


def test_an_insertion_the_diff_aligned_after_another_fix_still_owns_its_hunk() -> None:
    backend = (OLD.index("    bucket"), OLD.index("  }\n}"))
    closing = OLD.rindex("}")  # the insertion: start of the last line
    diffs, located = annotated_diffs(
        {"versions.tf": OLD},
        {"versions.tf": NEW},
        [fix("FX007", *backend), fix("FX021", closing, closing)],
        str,
    )
    assert all(applied.diff for applied in located), [a.code for a in located if not a.diff]
    assert "FX007 fx007 (safe); FX021 fx021 (safe)" in diffs[0]
