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


def canonical_of(batch: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(file, canonical text, or None when it is the text itself) for each file of a
    batch that formats: what a worker sends back, and only that."""
    from fixer.syntax.canonical import format_preserving_newlines
    from fixer.syntax.errors import HCLSyntaxError

    out: list[tuple[str, str | None]] = []
    for rel, text in batch:
        try:
            canonical = format_preserving_newlines(text)
        except HCLSyntaxError:
            continue  # left to the run, which reports it as it always does
        out.append((rel, None if canonical == text else canonical))
    return out


def set_canonical(source: SourceFile, canonical: str) -> None:
    """Give a file its canonical text (`SourceFile.canonical`), worked out elsewhere."""
    source.__dict__["canonical"] = canonical


def prepare(files: Mapping[str, SourceFile], jobs: int, known: Mapping[str, str]) -> None:
    """Parse every HCL file in this process, and give each its canonical text: the
    `known` ones (from the cache) at once, the others from `jobs - 1` worker processes
    formatting while this one parses, when there is enough text to pay for them (with
    one job, or little text, FX001 formats them here as it always does)."""
    for rel, canonical in known.items():
        set_canonical(files[rel], canonical)
    todo = [(rel, s.text) for rel, s in sorted(files.items()) if s.is_hcl and rel not in known]
    pool, futures = None, []
    if jobs > 1 and sum(len(text) for _, text in todo) >= MIN_POOL_BYTES:
        from concurrent.futures import ProcessPoolExecutor

        try:
            pool = ProcessPoolExecutor(max_workers=max(1, jobs - 1))
            futures = [pool.submit(canonical_of, batch) for batch in _batches(todo)]
        except (OSError, RuntimeError):  # no processes to be had: format here
            pool, futures = None, []
    for source in files.values():
        if source.is_hcl:
            _ = source.error  # parses
            checkpoint()
    if pool is None:
        return
    try:
        for future in futures:
            try:
                formatted = future.result()
            except Exception:  # a worker lost (killed, out of memory): format here
                continue
            for rel, canonical in formatted:
                source = files[rel]
                set_canonical(source, source.text if canonical is None else canonical)
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
