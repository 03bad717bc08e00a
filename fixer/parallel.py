"""Per-file work of one project spread over processes: FX001's canonical texts, parsing here."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

from fixer.gc_control import checkpoint

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from fixer.model.files import SourceFile

# Below this much HCL text, starting processes costs more than they save.
MIN_POOL_BYTES = 1_000_000
BATCH_BYTES = 200_000
# A file this large, when no process parses it for the run, is parsed by one worker
# while another formats it: its two halves of the work then take the time of one.
SPLIT_BYTES = 1_000_000
# The texts of the files the workers work on, by path, while they do, when they are
# forked: a worker then reads them in its copy of this process's memory rather than
# from a pipe (5 MB takes 40-80 ms to pickle, send and unpickle, per worker).
_INHERITED: dict[str, str] = {}


class Facts(NamedTuple):
    """What a worker found about one file: whether it parses (None: not asked), its
    canonical text (None: the text itself, or not asked), whether formatting succeeded,
    whether the canonical text, when it differs, parses (None: not asked, or not known
    here), and whether it has the text's significant tokens, so that it parses if and
    only if the text does (`same_tokens`)."""

    rel: str
    parses: bool | None
    canonical: str | None
    formatted: bool
    canonical_parses: bool | None = None
    same_tokens: bool = False


def facts_of(
    batch: list[tuple[str, str | None]],
    parse: bool = True,
    verify: bool = False,
    fmt: bool = True,
) -> list[Facts]:
    """What a worker sends back for each file of a batch, and only that: a file comes
    with its text, or with None when the worker, forked, has it (`_INHERITED`). With
    `parse`, parsed by the same `SourceFile` code as one process (the formatter then
    reuses the parsed tokens); without, the formatter scans the text itself, which
    costs less than parsing it first. With `verify`, whether a canonical text that
    differs parses, so that a fix writing it need not parse it again: when its
    significant tokens are the text's (only spaces and comments moved), it parses if and
    only if the text does (`fixer.syntax.parse_state.significant_tokens`), else it is
    parsed. Without `fmt`, only parsed."""
    from fixer.model.files import SourceFile
    from fixer.syntax.canonical import format_preserving_newlines
    from fixer.syntax.errors import HCLSyntaxError
    from fixer.syntax.lexer import scan
    from fixer.syntax.parse_state import significant_tokens
    from fixer.syntax.tokens import token_arrays

    out: list[Facts] = []
    for rel, sent in batch:
        text = _INHERITED[rel] if sent is None else sent
        parses: bool | None = None
        significant = None
        try:
            if parse:
                source = SourceFile(rel, text)
                parses = source.error is None
                if not parses or not fmt:
                    out.append(Facts(rel, parses, None, False))  # the run reports errors
                    continue
                canonical = source.canonical
                if verify and canonical != text:
                    assert source.tree is not None
                    significant = significant_tokens(*token_arrays(source.tree.tokens)[:2])
            elif verify:
                kinds, texts = scan(text)
                significant = significant_tokens(kinds, texts)
                canonical = format_preserving_newlines(text, scanned=(kinds, texts))
            else:
                canonical = format_preserving_newlines(text)
        except HCLSyntaxError:
            out.append(Facts(rel, parses, None, False))  # the run raises it again, as ever
            continue
        if canonical == text:
            out.append(Facts(rel, parses, None, True))
        elif significant is not None and significant_tokens(*scan(canonical)) == significant:
            out.append(Facts(rel, parses, canonical, True, parses, True))
        else:
            checked = SourceFile(rel, canonical).error is None if verify else None
            out.append(Facts(rel, parses, canonical, True, checked))
    return out


def verified_successor(old: SourceFile | None, new: SourceFile) -> bool:
    """Whether `new`, the text a fix makes of `old`, is `old`'s canonical text and known
    to parse without parsing it: a worker vouched for it, or (formatted in this process)
    its significant tokens are those of `old`, which parses (see `facts_of`). Then `new`
    is marked as parsing and as canonical (formatting is idempotent, which
    bench/conformance.py checks on every corpus file) and needs neither again."""
    if old is None or old.known_canonical != new.text:
        return False
    vouched = old.canonical_known_to_parse or (
        old.parse_known and old.error is None and _same_tokens(old.text, new.text)
    )
    if not vouched:
        return False
    new.know_canonical(new.text)
    return True


def _same_tokens(text: str, other: str) -> bool:
    """Whether two texts have the same significant tokens: then they both parse, or
    neither does (`fixer.syntax.parse_state.significant_tokens`)."""
    from fixer.syntax.lexer import scan
    from fixer.syntax.parse_state import significant_tokens

    return significant_tokens(*scan(text)) == significant_tokens(*scan(other))


def prepare(
    files: Mapping[str, SourceFile],
    jobs: int,
    known: Mapping[str, str],
    parse_here: bool = True,
    verify: bool = False,
) -> Callable[[], None]:
    """Give each HCL file its canonical text: the `known` ones (from the cache, files that
    parse) at once, the others from worker processes when there are several jobs and
    enough text to pay for them. With `parse_here` (codemods other than FX001 will want
    the trees) this process parses every file meanwhile, with `jobs - 1` workers, and
    returns without waiting for them: a file's `canonical` waits when first read (FX001
    runs after the other codemods); without, the workers also say which files parse,
    nothing is parsed here unless asked for, and their facts are in when this returns.
    With `verify` (fixes will be applied, in memory or on disk), workers also say
    whether the canonical texts that differ parse (`facts_of`). With one job, or little
    text, FX001 formats the files when it runs. Returns what to call at the end of the
    run: it waits for the workers, if any are left, and stops them."""
    for rel, canonical in known.items():
        files[rel].know_canonical(canonical)
    todo = [(rel, s.text) for rel, s in sorted(files.items()) if s.is_hcl and rel not in known]
    pool, futures = None, []
    if jobs > 1 and sum(len(text) for _, text in todo) >= MIN_POOL_BYTES:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = jobs - 1 if parse_here else jobs
        context = multiprocessing.get_context()
        forked = context.get_start_method() == "fork"
        if forked:  # before the workers are forked (when the tasks are submitted)
            _INHERITED.update(todo)
        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            futures = _submit(pool, todo, parse_here, verify, workers > 1, forked)
        except (OSError, RuntimeError):  # no processes to be had: format here
            pool, futures = None, []
            _INHERITED.clear()
    if pool is None:
        if parse_here:
            _parse_all(files)
        return _nothing
    done = False

    def finish() -> None:
        nonlocal done
        if done:
            return
        done = True
        try:
            _receive(files, futures)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            _INHERITED.clear()

    if not parse_here:
        finish()
        return _nothing
    _release_when_done(pool, futures)
    for rel, _ in todo:
        files[rel].canonical_awaits(finish)
    try:
        _parse_all(files)
    except BaseException:
        finish()
        raise
    return finish


def _nothing() -> None:
    pass


def _release_when_done(pool: ProcessPoolExecutor, futures: list[Future[list[Facts]]]) -> None:
    """Let the workers exit as soon as the last task is done, not when the run reads
    the results at its end: an idle worker kept its memory (30 MB of PSS on the corpus)
    through the run's peak. The results stay with the futures."""
    left = len(futures)
    lock = threading.Lock()

    def done(_: Future[list[Facts]]) -> None:
        nonlocal left
        with lock:
            left -= 1
            last = left == 0
        if last:
            pool.shutdown(wait=False)

    for future in futures:
        future.add_done_callback(done)


def _parse_all(files: Mapping[str, SourceFile]) -> None:
    for source in files.values():
        if source.is_hcl:
            _ = source.error  # parses
            checkpoint()


def _submit(
    pool: object,
    todo: list[tuple[str, str]],
    parse_here: bool,
    verify: bool,
    split: bool,
    forked: bool,
) -> list[Future[list[Facts]]]:
    """The workers' tasks: batches of files, and a large file whose parse is asked of
    the workers split in two (format and verify, the longer, first; parse) when several
    workers run. `forked` workers are sent the paths only (`_INHERITED`)."""
    submit = pool.submit  # type: ignore[attr-defined]

    def sent(batch: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
        return [(rel, None) for rel, _ in batch] if forked else list(batch)

    futures = []
    small = []
    for item in todo:
        if not parse_here and split and len(item[1]) >= SPLIT_BYTES:
            futures.append(submit(facts_of, sent([item]), False, verify))
            futures.append(submit(facts_of, sent([item]), True, False, False))
        else:
            small.append(item)
    parse = not parse_here  # else this process parses: the workers only format
    futures += [submit(facts_of, sent(batch), parse, verify) for batch in _batches(small)]
    return futures


def _receive(files: Mapping[str, SourceFile], futures: list[Future[list[Facts]]]) -> None:
    """Record the workers' facts on the files; a lost worker's files are done here."""
    for source in files.values():
        source.canonical_awaits(None)
    parses_of: dict[str, bool] = {}
    formatted: dict[str, Facts] = {}
    for future in futures:
        try:
            facts = future.result()
        except Exception:  # a worker lost (killed, out of memory): done here
            continue
        for fact in facts:
            if fact.parses is not None:
                parses_of[fact.rel] = fact.parses
            if fact.formatted:
                formatted[fact.rel] = fact
    for rel in parses_of.keys() | formatted.keys():
        source = files[rel]
        parses = parses_of.get(rel)
        if parses is None:  # parsed here, or nowhere yet (a lost worker: left to the run)
            parses = source.parse_known and source.error is None
        fact = formatted.get(rel)
        if not parses:
            continue
        if fact is None:
            source.known_to_parse()
            continue
        text = source.text if fact.canonical is None else fact.canonical
        source.know_canonical(text, True, bool(fact.canonical_parses) or fact.same_tokens)


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
