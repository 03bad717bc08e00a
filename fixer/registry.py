"""Looking up codemods by code or name, and selecting them with --select / --ignore.

Selection works on the static table in `codemods` (code, name, where the class is), so a
run imports only the codemods it runs and a cached run imports none."""

from __future__ import annotations

import functools
import importlib
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from codemods import NEEDS, TABLE, Entry

if TYPE_CHECKING:
    from fixer.codemod import Codemod

CodemodClass = type["Codemod"]


class UnknownCodeError(ValueError):
    """A code or name in a selection that matches no codemod."""


# Test hook: comma-separated `module:Class` or `path/to/file.py:Class` entries naming
# codemods that join the registry (tests of front ends that run in their own process).
EXTRA_CODEMODS_VARIABLE = "FIXER_EXTRA_CODEMODS"

# The rules that are not codemods: those about suppression comments.
RULE_TABLE: tuple[Entry, ...] = (
    Entry(
        "FX000",
        "invalid-suppression",
        "fixer.suppressions",
        "InvalidSuppression",
        "Suppression comment that fixer cannot use as written",
        "warning",
        "none",
        "none",
    ),
    Entry(
        "FX100",
        "unused-suppression",
        "fixer.suppressions",
        "UnusedSuppression",
        "Suppression comment that silences nothing",
        "warning",
        "sometimes",
        "safe",
        True,
    ),
)


# What each codemod's findings on a module may read besides the module's own files
# (`Codemod.reads`, `fixer.split`), known without importing it; a test compares each
# with its class. A codemod missing here may read anything.
_MODEL = ("calls", "homes", "tests")
READS: dict[str, frozenset[str]] = {
    "FX001": frozenset(),
    "FX002": frozenset(_MODEL),
    "FX003": frozenset((*_MODEL, "scripts")),
    "FX004": frozenset(_MODEL),
    "FX005": frozenset(_MODEL),
    "FX006": frozenset(_MODEL),
    "FX007": frozenset(_MODEL),
    "FX008": frozenset((*_MODEL, "facts")),
    "FX009": frozenset(_MODEL),
    "FX010": frozenset(_MODEL),
    "FX011": frozenset(),
    "FX012": frozenset((*_MODEL, "readmes")),
    "FX013": frozenset((*_MODEL, "readmes")),
    "FX014": frozenset(),
    "FX015": frozenset(_MODEL),
    "FX016": frozenset(),
    "FX017": frozenset(),
    "FX018": frozenset(_MODEL),
    "FX019": frozenset(),
    "FX020": frozenset(_MODEL),
    "FX021": frozenset((*_MODEL, "facts")),
    "FX022": frozenset((*_MODEL, "facts", "scripts")),
    "FX023": frozenset(_MODEL),
}


def reads_of(code: str) -> frozenset[str]:
    """What the codemod with this code reads (`READS`; a test hook's codemod says)."""
    extra = _extra_classes().get(code)
    if extra is not None:
        return extra.reads
    return READS.get(code, frozenset({"project"}))


def load(entry: Entry) -> CodemodClass:
    """The class an entry names (importing its module)."""
    extra = _extra_classes().get(entry.code)
    if extra is not None and entry.module == extra.__module__:
        return extra
    cls: CodemodClass = getattr(importlib.import_module(entry.module), entry.cls)
    return cls


def entry_of(cls: CodemodClass) -> Entry:
    """The table entry that describes a class."""
    return Entry(
        cls.code,
        cls.name,
        cls.__module__,
        cls.__name__,
        cls.summary,
        cls.severity.value,
        cls.fix_availability,
        cls.fix_safety,
        getattr(cls, "explicit_only", False),
    )


def help_uri(entry: Entry) -> str:
    """The documentation link of an entry's rule."""
    extra = _extra_classes().get(entry.code)
    if extra is not None:
        return extra.help_uri()
    from fixer import RULES_URL

    return RULES_URL.format(code=entry.code.lower())


def codemod_entries() -> tuple[Entry, ...]:
    """The codemods' entries (plus any the test hook FIXER_EXTRA_CODEMODS names), by code."""
    extra = tuple(entry_of(cls) for cls in _extra_classes().values())
    return tuple(sorted(TABLE + extra, key=lambda entry: entry.code))


def rule_entries() -> tuple[Entry, ...]:
    """Every codemod's and rule's entry, sorted by code: what `fixer rules` lists."""
    return tuple(sorted(codemod_entries() + RULE_TABLE, key=lambda entry: entry.code))


def _extra_classes() -> dict[str, CodemodClass]:
    return _extra_codemods(os.environ.get(EXTRA_CODEMODS_VARIABLE, ""))


@functools.cache
def _extra_codemods(spec: str) -> dict[str, CodemodClass]:
    found = {}
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        where, _, name = entry.rpartition(":")
        if where.endswith(".py"):
            import importlib.util

            module_spec = importlib.util.spec_from_file_location(f"_extra_{name}", where)
            assert module_spec is not None and module_spec.loader is not None
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(where)
        cls = getattr(module, name)
        found[cls.code] = cls
    return found


def all_codemods() -> tuple[CodemodClass, ...]:
    """The registry's classes: the table in `codemods` (plus any the test hook
    FIXER_EXTRA_CODEMODS names), sorted by code. Imports every codemod."""
    return tuple(load(entry) for entry in codemod_entries())


def rule_classes() -> tuple[CodemodClass, ...]:
    """The rules that are not codemods: those about suppression comments (FX000, FX100)."""
    return tuple(load(entry) for entry in RULE_TABLE)


def all_rules() -> tuple[CodemodClass, ...]:
    """Every codemod and rule, sorted by code: what `fixer rules` lists."""
    return tuple(load(entry) for entry in rule_entries())


def known_codes() -> set[str]:
    return {entry.code for entry in rule_entries()}


def _find(entries: Iterable[Entry], key: str) -> CodemodClass | None:
    for entry in entries:
        if key.upper() == entry.code or key.lower() == entry.name:
            return load(entry)
    return None


def find_codemod(key: str) -> CodemodClass | None:
    """The codemod with this code (any case) or kebab-case name (importing it alone)."""
    return _find(codemod_entries(), key)


def find_rule(key: str) -> CodemodClass | None:
    """The codemod or rule with this code (any case) or kebab-case name."""
    return _find(rule_entries(), key)


def _matches(cls: Entry | CodemodClass, pattern: str) -> bool:
    if key_matches(cls, pattern):
        return True
    if getattr(cls, "explicit_only", False):
        return False
    pattern_upper = pattern.upper()
    return pattern_upper == "ALL" or cls.code.startswith(pattern_upper)


def key_matches(cls: Entry | CodemodClass, pattern: str) -> bool:
    """Whether a pattern is the rule's own code (any case) or name."""
    return pattern.upper() == cls.code or pattern.lower() == cls.name


def resolve_pattern(pattern: str) -> frozenset[str]:
    """The codes a `--select` pattern stands for (empty when it matches no rule)."""
    return frozenset(entry.code for entry in rule_entries() if _matches(entry, pattern))


def selected_entries(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[Entry, ...]:
    """The entries of the codemods and rules matching any `select` pattern and no `ignore`
    pattern, without importing them.

    A pattern is `ALL`, a code, a code prefix (`FX0`) or a name; rules that are off by
    default (FX100) match only their code or name.
    """
    select, ignore = list(select), list(ignore)
    registry = rule_entries()
    for pattern in select + ignore:
        if not any(_matches(entry, pattern) for entry in registry):
            raise UnknownCodeError(f"unknown codemod code or name: {pattern!r}")
    return tuple(
        entry
        for entry in registry
        if any(_matches(entry, p) for p in select) and not any(_matches(entry, p) for p in ignore)
    )


def selected_codemod_codes(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[str, ...]:
    """The codes of the codemods among `selected_entries`: those that run."""
    rules = {entry.code for entry in RULE_TABLE}
    return tuple(e.code for e in selected_entries(select, ignore) if e.code not in rules)


def select_rules(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[CodemodClass, ...]:
    """The classes of `selected_entries`."""
    return tuple(load(entry) for entry in selected_entries(select, ignore))


def select_codemods(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[CodemodClass, ...]:
    """The codemods among `select_rules`: those that run."""
    codes = set(selected_codemod_codes(select, ignore))
    return tuple(load(entry) for entry in selected_entries(select, ignore) if entry.code in codes)


def codemods_for_texts(codes: Iterable[str], texts: Iterable[str]) -> tuple[CodemodClass, ...]:
    """The codemods with these codes, for one pass over files with these texts (a check):
    a codemod whose `codemods.NEEDS` appear in none of them can find nothing there, and
    a stand-in that finds nothing takes its place, without importing its module."""
    codes = tuple(codes)
    extra = _extra_classes()
    needy = {code: needs for code in codes if code not in extra and (needs := NEEDS.get(code))}
    absent = _absent_needs(needy, texts) if needy else set()
    found = []
    for code in codes:
        if code in absent:
            found.append(_stand_in(code))
            continue
        cls = find_codemod(code)
        if cls is not None:
            found.append(cls)
    return tuple(found)


def _absent_needs(needy: dict[str, tuple[str, ...]], texts: Iterable[str]) -> set[str]:
    """The codes none of whose needs appear in any of the texts, read one at a time
    (lowercased, escapes decoded): lowercasing all of them joined made a copy of the
    project's text, and, when one of them is not ASCII, a buffer of twelve bytes per
    character (145 MB on the corpus, a third of a check's peak memory)."""
    pending = dict(needy)
    for text in texts:
        lowered = _with_escapes_decoded(text.lower())
        for code in [c for c, needs in pending.items() if any(n in lowered for n in needs)]:
            del pending[code]
        if not pending:
            break
    return set(pending)


def _with_escapes_decoded(blob: str) -> str:
    """The lowercased texts, followed by them with unicode escapes decoded when there are
    any: the model reads `"aws_s3_b\\u0075cket"` (HCL's \\u and \\U, JSON's \\u) as
    the name it spells. Both readings of `\\u` before eight hex digits are kept."""
    if "\\u" not in blob:
        return blob
    decoded = [blob]
    for pattern in (_ESCAPE_4, _ESCAPE_8_OR_4):
        decoded.append(re.sub(pattern, _decode_escape, blob).lower())
    return "\0".join(decoded)


_ESCAPE_4 = r"\\u([0-9a-f]{4})"
_ESCAPE_8_OR_4 = r"\\u([0-9a-f]{8}|[0-9a-f]{4})"


def _decode_escape(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code <= 0x10FFFF else match.group()


@functools.cache
def _stand_in(code: str) -> CodemodClass:
    from fixer.codemod import Codemod
    from fixer.findings import Severity

    entry = next(entry for entry in TABLE if entry.code == code)

    def check(self: Codemod, context: object) -> tuple[()]:
        return ()

    attributes = {
        "__module__": entry.module,
        "__doc__": f"Stands in for {entry.cls}, which can find nothing in these files.",
        "code": entry.code,
        "name": entry.name,
        "summary": entry.summary,
        "severity": Severity(entry.severity),
        "fix_availability": entry.fix_availability,
        "fix_safety": entry.fix_safety,
        "explicit_only": entry.explicit_only,
        "check": check,
    }
    stand_in: CodemodClass = type(entry.cls, (Codemod,), attributes)
    return stand_in
