"""Per-file work of one project spread over processes: FX001's canonical texts, parsing here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from fixer.gc_control import checkpoint

if TYPE_CHECKING:
    from fixer.model.files import SourceFile

# Below this much HCL text, starting processes costs more than they save.
MIN_POOL_BYTES = 1_000_000
BATCH_BYTES = 200_000


def facts_of(
    batch: list[tuple[str, str]], parse: bool = True
) -> list[tuple[str, bool | None, str | None, bool]]:
    """What a worker sends back for each file of a batch, and only that: (file, whether it
    parses (None: not asked), its canonical text or None when that is the text itself,
    whether formatting succeeded). With `parse`, by the same `SourceFile` code as one
    process (the formatter then reuses the parsed tokens); without, the formatter scans
    the text itself, which costs less than parsing it first."""
    from fixer.model.files import SourceFile
    from fixer.syntax.canonical import format_preserving_newlines
    from fixer.syntax.errors import HCLSyntaxError

    out: list[tuple[str, bool | None, str | None, bool]] = []
    for rel, text in batch:
        parses: bool | None = None
        try:
            if parse:
                source = SourceFile(rel, text)
                parses = source.error is None
                if not parses:
                    out.append((rel, False, None, False))  # left to the run, which reports it
                    continue
                canonical = source.canonical
            else:
                canonical = format_preserving_newlines(text)
        except HCLSyntaxError:
            out.append((rel, parses, None, False))  # the run raises it again, as ever
            continue
        out.append((rel, parses, None if canonical == text else canonical, True))
    return out


def set_canonical(source: SourceFile, canonical: str, parses: bool = True) -> None:
    """Give a file its canonical text (`SourceFile.canonical`), worked out elsewhere (a
    worker, the cache), and, with `parses`, the knowledge that it parses."""
    if parses:
        source.known_to_parse()
    source.__dict__["canonical"] = canonical


def prepare(
    files: Mapping[str, SourceFile], jobs: int, known: Mapping[str, str], parse_here: bool = True
) -> None:
    """Give each HCL file its canonical text: the `known` ones (from the cache, files that
    parse) at once, the others from worker processes when there are several jobs and
    enough text to pay for them. With `parse_here` (codemods other than FX001 will want
    the trees) this process parses every file meanwhile, with `jobs - 1` workers;
    without, the workers also say which files parse and nothing is parsed here unless
    asked for. With one job, or little text, FX001 formats the files when it runs."""
    for rel, canonical in known.items():
        set_canonical(files[rel], canonical)
    todo = [(rel, s.text) for rel, s in sorted(files.items()) if s.is_hcl and rel not in known]
    pool, futures = None, []
    if jobs > 1 and sum(len(text) for _, text in todo) >= MIN_POOL_BYTES:
        from concurrent.futures import ProcessPoolExecutor

        workers = jobs - 1 if parse_here else jobs
        try:
            pool = ProcessPoolExecutor(max_workers=workers)
            parse = not parse_here  # else this process parses: the workers only format
            futures = [pool.submit(facts_of, batch, parse) for batch in _batches(todo)]
        except (OSError, RuntimeError):  # no processes to be had: format here
            pool, futures = None, []
    if parse_here:
        for source in files.values():
            if source.is_hcl:
                _ = source.error  # parses
                checkpoint()
    if pool is None:
        return
    try:
        for future in futures:
            try:
                facts = future.result()
            except Exception:  # a worker lost (killed, out of memory): done here
                continue
            for rel, parses, canonical, formatted in facts:
                source = files[rel]
                if formatted:
                    text = source.text if canonical is None else canonical
                    set_canonical(source, text, parses=bool(parses))
                elif parses:
                    source.known_to_parse()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _batches(todo: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    size = 0
    for item in todo:
        batch.append(item)
        size += len(item[1])
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
