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


def facts_of(batch: list[tuple[str, str]]) -> list[tuple[str, bool, str | None, bool]]:
    """What a worker sends back for each file of a batch, and only that: (file, whether it
    parses, its canonical text or None when that is the text itself, whether formatting
    succeeded), worked out by the same `SourceFile` code as in one process."""
    from fixer.model.files import SourceFile
    from fixer.syntax.errors import HCLSyntaxError

    out: list[tuple[str, bool, str | None, bool]] = []
    for rel, text in batch:
        source = SourceFile(rel, text)
        if source.error is not None:
            out.append((rel, False, None, False))  # left to the run, which reports it
            continue
        try:
            canonical = source.canonical
        except HCLSyntaxError:
            out.append((rel, True, None, False))  # the run raises it again, as ever
            continue
        out.append((rel, True, None if canonical == text else canonical, True))
    return out


def set_canonical(source: SourceFile, canonical: str) -> None:
    """Give a file that parses its canonical text (`SourceFile.canonical`), worked out
    elsewhere (a worker, the cache)."""
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
            futures = [pool.submit(facts_of, batch) for batch in _batches(todo)]
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
                if parses and formatted:
                    set_canonical(source, source.text if canonical is None else canonical)
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
