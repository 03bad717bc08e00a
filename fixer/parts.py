"""A check run part by part (`fixer.split`): each part's findings are read from the cache
when none of its files changed, and the changed parts are checked again, together,
with what they read of the others."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING

from fixer.findings import Finding
from fixer.reports.model import FileError
from fixer.split import FILE, Part, split

if TYPE_CHECKING:
    from fixer.cache.project import ProjectCache
    from fixer.discover import Target
    from fixer.model.files import SourceFile
    from fixer.model.project import Project
    from fixer.session import Request

Prepare = Callable[[dict[str, "SourceFile"]], Callable[[], None]]


@dataclass(frozen=True)
class Facts:
    """What a part adds to the project-wide facts that codemods read (their `reads`
    say "facts"), by module path: the references made by each fragment module (FX021
    and FX022 let fragments read any declaration), the provider sources each module and
    its lock file give (FX021), the root modules with a default `aws` provider (FX008
    takes the first one's region when a module sets none), and the modules with one
    that are not roots (checked alone, they would be taken for roots)."""

    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    sources: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    aws_roots: tuple[str, ...] = ()
    aws_called: frozenset[str] = frozenset()


@dataclass
class Piece:
    """One part's share of a check: the findings on its files (paths relative to the
    root, in the run's order), each of its HCL files' syntax error (line, column,
    message), its notes on modules called from outside the path (caller's
    directory, path shown, note), its facts, and the project-wide facts it was checked
    with (`world`). `errors` are the run's own (a codemod that failed): only a check of
    the whole project in one part keeps them."""

    findings: list[Finding] = field(default_factory=list)
    parse_errors: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    outside: list[tuple[str, str, str]] = field(default_factory=list)
    facts: Facts = Facts()
    world: str = ""
    errors: list[FileError] = field(default_factory=list)


class _Unsplittable(Exception):
    """The parts do not hold what the project's model links (a guard failed)."""


def links_of(codes: Iterable[str]) -> frozenset[str]:
    """What the codemods with these codes read besides a module's own files."""
    from fixer.registry import reads_of

    return frozenset().union(*(reads_of(code) for code in codes))


def check_pieces(
    target: Target,
    request: Request,
    cache: ProjectCache | None = None,
    prepare: Prepare | None = None,
    reuse: bool = True,
) -> list[Piece]:
    """The pieces of a check of the target, in part order: from the cache for parts
    whose files are unchanged (when `reuse`), checked for the others. Without a cache,
    or for a project that cannot be split, or whose split a guard finds wrong, the
    whole project is checked in one piece."""
    links = links_of(request.codemod_codes)
    # Without a cache nothing is reused: the whole project in one run costs least.
    # Files read through links are reported with their twins (`fixer.links`): whole.
    splits = cache is not None and target.selected is None and not target.linked
    parts = split(target.files, links) if splits else None
    if parts is not None and len(parts) > 1:
        try:
            return _check_parts(target, request, parts, links, cache, prepare, reuse)
        except _Unsplittable:
            pass
    whole = Part(tuple(target.files), frozenset())
    pieces = _check_together(target, request, [whole], [0], ([], set()), links, prepare, whole=True)
    return [pieces[0]]


def _check_parts(
    target: Target,
    request: Request,
    parts: list[Part],
    links: frozenset[str],
    cache: ProjectCache | None,
    prepare: Prepare | None,
    reuse: bool,
) -> list[Piece]:
    keys = [_part_key(cache, target, part) for part in parts] if cache is not None else []
    stored = cache.pieces() if cache is not None and reuse else {}
    known = {i: stored[key] for i, key in enumerate(keys) if key in stored}
    for _ in range(2):
        dirty = [i for i in range(len(parts)) if i not in known]
        helpers = ([], set())
        if "facts" in links and known:
            helpers = _helpers(parts, known, *_needs(target, parts, dirty, known, request))
        fresh = _check_together(target, request, parts, dirty, helpers, links, prepare)
        pieces = {**known, **fresh}
        world = _world(parts, pieces, keys) if "facts" in links else ""
        stale = [i for i, piece in known.items() if piece.world != world]
        if not stale:
            break
        known = {}  # project-wide facts changed: every part again
    else:  # never: the second round checks every part, with the facts it finds
        raise _Unsplittable
    for i in fresh:
        pieces[i].world = world
    if cache is not None:
        reused = {keys[i] for i in known}
        cache.save_pieces({keys[i]: pieces[i] for i in range(len(parts))}, reused)
    return [pieces[i] for i in range(len(parts))]


def _part_key(cache: ProjectCache, target: Target, part: Part) -> str:
    from fixer.cache.keys import file_digest

    digest = hashlib.blake2b(cache.head.encode(), digest_size=20)
    for rel in part.files:
        source = target.files[rel]
        digest.update(f"\0{rel}\0{source.kind}\0".encode("utf-8", "surrogatepass"))
        digest.update(file_digest(source))
    return digest.hexdigest()


def _needs(
    target: Target,
    parts: list[Part],
    dirty: list[int],
    known: Mapping[int, Piece],
    request: Request,
) -> tuple[set[str], str]:
    """What the dirty parts may ask of the project-wide facts: the subjects their
    modules declare (`var.x`, `local.y`, `data.t.n`, `aws.east`: FX022 counts those a
    fragment reads as used), when some part has fragments, and their texts (FX021
    looks up the sources given for each provider name its modules use)."""
    files = {rel: target.files[rel] for i in dirty for rel in parts[i].files}
    texts = "\0".join(source.text for source in files.values())
    declared: set[str] = set()
    if any(piece.facts.reads for piece in known.values()):
        from fixer.model.project import build_project

        parsed = {rel: s for rel, s in files.items() if s.kind == "tf" and s.error is None}
        for module in build_project(parsed, request.settings.model_config()).modules.values():
            declared.update(f"var.{name}" for name in module.variables)
            declared.update(f"local.{name}" for name in module.locals)
            declared.update(module.data)
            declared.update(provider.key for provider in module.providers.values())
    return declared, texts


def _helpers(
    parts: list[Part], known: Mapping[int, Piece], declared: set[str], texts: str
) -> tuple[list[int], set[str]]:
    """What to check beside the changed parts so that these see the project-wide facts
    they may read as in the whole project: the part of the first root module with an
    `aws` provider (when FX008 may find something in them), the directories of the
    fragment modules reading a subject they declare, and of a module giving each
    provider source other than `hashicorp/<name>` of a name in their texts; a module
    with an `aws` provider that is not a root and sorts before that first root comes
    with its whole part (alone, it would be a root before it)."""
    from codemods import NEEDS

    roots = [(root, i) for i, piece in known.items() for root in piece.facts.aws_roots]
    first = min(roots) if roots else None
    lowered = texts.lower()  # FX008 finds nothing without these (`codemods.NEEDS`)
    regions = any(need in lowered for need in NEEDS.get("FX008", ("",)))
    chosen = {first[1]} if first is not None and regions else set()
    directories: set[str] = set()

    def add(i: int, directory: str) -> None:
        called = directory in known[i].facts.aws_called
        if regions and first is not None and called and directory < first[0]:
            chosen.add(i)
        else:
            directories.add(directory)

    for i, piece in known.items():
        for directory, reads in piece.facts.reads.items():
            if not reads.isdisjoint(declared):
                add(i, directory)
    covered = {
        pair
        for i, piece in known.items()
        for directory, pairs in piece.facts.sources.items()
        if i in chosen or directory in directories
        for pair in pairs
    }
    givers = [
        (len(parts[i].files), directory, i, pairs)
        for i, piece in known.items()
        for directory, pairs in piece.facts.sources.items()
    ]
    from fixer.model.lock_file import full_address

    # FX021 asks which sources other than `hashicorp/<name>` a name is given, for the
    # names its modules use (all spelt out in their texts).
    doubts = {
        pair
        for *_, pairs in givers
        for pair in pairs
        if pair[1] != full_address(f"hashicorp/{pair[0]}") and pair[0] in texts
    }
    for _, directory, i, pairs in sorted(givers):  # the smallest parts first
        if any(pair not in covered and pair in doubts for pair in pairs):
            add(i, directory)
            covered |= pairs
    directories -= {d for i in chosen for d in map(posixpath.dirname, parts[i].files)}
    return sorted(chosen), directories


def _world(parts: list[Part], pieces: Mapping[int, Piece], keys: list[str]) -> str:
    """A digest of the project-wide facts: every fragment's reads, every provider source,
    and the first root module with an `aws` provider with its part's content."""
    facts = [piece.facts for piece in pieces.values()]
    reads = sorted(set().union(*(r for f in facts for r in f.reads.values())))
    sources = sorted(set().union(*(s for f in facts for s in f.sources.values())))
    roots = [(root, i) for i, piece in pieces.items() for root in piece.facts.aws_roots]
    first = min(roots) if roots else None
    content = None
    if first is not None:
        content = keys[first[1]] if keys else sorted(parts[first[1]].files)
    return hashlib.blake2b(
        repr((reads, sources, first and first[0], content)).encode("utf-8", "surrogatepass"),
        digest_size=20,
    ).hexdigest()


def _check_together(
    target: Target,
    request: Request,
    parts: list[Part],
    dirty: list[int],
    helpers: tuple[list[int], set[str]],
    links: frozenset[str],
    prepare: Prepare | None,
    whole: bool = False,
) -> dict[int, Piece]:
    """Check the dirty parts, with the helper parts and directories beside them, in one
    run; the pieces of the dirty parts."""
    if not dirty:
        return {}
    from fixer.links import unformatted
    from fixer.registry import codemods_for_texts
    from fixer.runner import check
    from fixer.session import outside_calls

    helper_parts, helper_directories = helpers
    mine = {rel for i in dirty for rel in parts[i].files}
    wanted = mine | {rel for i in helper_parts for rel in parts[i].files}
    context = {
        rel: s
        for rel, s in target.files.items()
        if rel in wanted or posixpath.dirname(rel) in helper_directories
    }
    helping = context.keys() - mine
    finish = prepare(context) if prepare is not None else None
    try:
        files = {rel: s for rel, s in context.items() if not (s.is_hcl and s.error)}
        project = None
        if links != FILE:
            from fixer.model.project import build_project

            project = build_project(files, request.settings.model_config())
        # A codemod whose `codemods.NEEDS` no dirty file holds finds nothing in them.
        owned = files if whole else {rel: s for rel, s in files.items() if rel not in helping}
        codemods = codemods_for_texts(request.codemod_codes, (s.text for s in owned.values()))
        outcome = check(
            files,
            codemods,
            request.settings,
            frozenset(target.paths),
            frozenset(target.ignored),
            unformatted(target.linked),
            project,
        )
        outside = outside_calls(target, files) if not request.format_only else []
    finally:
        if finish is not None:
            finish()
    if outcome.errors and not whole:
        raise _Unsplittable  # a codemod failed: the whole project's run reports it once
    owner = {rel: i for i in dirty for rel in parts[i].files}
    pieces = {i: Piece() for i in dirty}
    if whole:
        pieces[0].errors = outcome.errors
    for finding in outcome.findings:
        i = 0 if whole else owner.get(finding.path)
        if i is not None:
            pieces[i].findings.append(finding)
        elif finding.path not in context:
            raise _Unsplittable  # a finding on no file of the parts: not theirs to say
    for rel, source in context.items():
        i = owner.get(rel)
        if i is not None and source.is_hcl and source.error is not None:
            error = source.error
            pieces[i].parse_errors[rel] = (error.line, error.column, error.message)
    for rel, shown, note in outside:
        i = 0 if whole else owner.get(rel)
        if i is not None:
            pieces[i].outside.append((posixpath.dirname(rel), shown, note))
    if project is not None and not whole:
        _guard(target, parts, dirty, project)
        if "facts" in links:
            for i, facts in _facts(parts, dirty, project).items():
                pieces[i].facts = facts
    return pieces


def _guard(target: Target, parts: list[Part], dirty: list[int], project: Project) -> None:
    """Each dirty part's home directories are modules, and every module call between
    modules of the project stays within a part (the split read both in the texts)."""
    part_of = {
        posixpath.dirname(rel): i
        for i, part in enumerate(parts)
        for rel in part.files
        if target.files[rel].kind == "tf"
    }
    for i in dirty:
        if any(home not in project.modules for home in parts[i].homes):
            raise _Unsplittable  # its .tf files do not parse: the home is further up
    for module in project.modules.values():
        for call in module.module_calls.values():
            child = call.child_path
            if child is not None and child in part_of and part_of[child] != part_of[module.path]:
                raise _Unsplittable


def _facts(parts: list[Part], dirty: list[int], project: Project) -> dict[int, Facts]:
    from codemods.required_providers import _sources_in_project
    from fixer.model.fragments import find_fragments

    fragments = find_fragments(project)
    roots = {module.path for module in project.root_modules}
    found = {}
    for i in dirty:
        directories = {posixpath.dirname(rel) for rel in parts[i].files}
        modules = {path: m for path, m in project.modules.items() if path in directories}
        reads = {
            path: frozenset(ref.subject for *_, ref in module.reference_sites())
            for path, module in modules.items()
            if path in fragments.modules
        }
        sources = {}
        for path, module in modules.items():
            view = SimpleNamespace(modules={path: module}, files=project.files)
            given = _sources_in_project(view)  # type: ignore[arg-type]
            pairs = frozenset((name, a) for name, addresses in given.items() for a in addresses)
            if pairs:
                sources[path] = pairs
        aws = {path for path, module in modules.items() if module.providers.get("aws")}
        found[i] = Facts(reads, sources, tuple(sorted(aws & roots)), frozenset(aws - roots))
    return found
