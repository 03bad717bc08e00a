"""Writing a run's results to disk: only what the run may write, all or nothing per fix,
one error line per file not written, and a report that counts only what was written."""

from __future__ import annotations

import contextlib
import os
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from fixer.filestate import digest, read_all
from fixer.reports.model import FileError
from fixer.session import TargetResult
from fixer.tempfiles import abandoned, parse_temp_name
from fixer.writer import BackupKept, PendingWrite, WriteRefused, commit, discard, prepare


def write_results(results: list[TargetResult]) -> list[str]:
    """Write every result's changes; fill `written`, add an error per file not written,
    and, where something was not written, keep only what was (changes, new texts, fixes)
    and redo the findings from the files on disk. Returns notes for stderr (temporary
    files of interrupted runs removed)."""
    notes: list[str] = []
    with _terminate_cleanly():
        for result in results:
            notes.extend(_clean_stale(result))
            if _write(result):
                _recheck(result)
    return notes


def _write(result: TargetResult) -> bool:
    """Write one project's changes; True if any could not be written."""
    if not result.changes:
        return False
    failed: dict[str, str] = {}
    pending: dict[str, PendingWrite] = {}
    try:
        for change in result.changes:
            try:
                pending[change.shown] = prepare(change.real, change.data, change.state)
            except WriteRefused as refusal:
                failed[change.shown] = f"Not written: {refusal}"
            except OSError as error:
                failed[change.shown] = f"Cannot write file: {_reason(error)}"
        blocked = _blocked(result, failed)
        for shown in list(pending):
            write = pending.pop(shown)
            if shown in blocked:
                discard(write)
                failed[shown] = blocked[shown]
                continue
            try:
                commit(write)
            except WriteRefused as refusal:
                failed[shown] = f"Not written: {refusal}"
            except OSError as error:
                failed[shown] = f"Cannot write file: {_reason(error)}"
            else:
                result.written.append(shown)
    finally:
        for write in pending.values():  # interrupted: no temporary file stays behind
            discard(write)
    for change in result.changes:
        if change.shown in failed:
            result.errors.append(FileError(change.shown, 0, 0, failed[change.shown]))
    if failed:
        _only_written(result)
    return bool(failed)


def _only_written(result: TargetResult) -> None:
    """Keep, of the changes, new texts and applied fixes, only what was written, so that
    the diff, its summary and the list of fixes say what happened."""
    written = set(result.written)
    result.changes = [change for change in result.changes if change.shown in written]
    result.new_texts = {p: t for p, t in result.new_texts.items() if p in written}
    result.applied = [
        fix
        for fix in result.applied
        if all(
            result.shown.get(path, path) in written
            for path in (*(p for p, _, _ in fix.edited), *fix.created)
        )
    ]
    result.__dict__.pop("_annotated", None)  # the diffs, made again from what is left


def _blocked(result: TargetResult, failed: dict[str, str]) -> dict[str, str]:
    """Files not to write because a fix that changes them also changes a file that
    cannot be written (so that no fix is ever half applied)."""
    out: dict[str, str] = {}
    for group in result.groups:
        bad = sorted(path for path in group if path in failed)
        if not bad:
            continue
        for path in group:
            if path not in failed:
                out[path] = (
                    f"Not written: a fix changes it together with {bad[0]}, "
                    "which could not be written"
                )
    return out


def _recheck(result: TargetResult) -> None:
    """Findings and fix counts from the files as they are now on disk."""
    from fixer.discover import discover_job
    from fixer.session import process_target

    if result.job is None or result.request is None:
        return
    request = replace(result.request, mode="check")
    try:
        now = process_target(discover_job(result.job, request.options), request)
    except Exception:  # the report stays as it was; the errors already say what failed
        return
    before = Counter(finding.code for finding in result.findings)
    after = Counter(finding.code for finding in now.findings)
    fixed = Counter()
    for code in set(result.fixed) | set(before) | set(after):
        count = result.fixed[code] + before[code] - after[code]
        if count > 0:
            fixed[code] = count
    result.fixed = fixed
    result.findings = now.findings
    result.originals.update(now.originals)


# ---------------------------------------------------------------- interrupted runs


def _clean_stale(result: TargetResult) -> list[str]:
    """Remove the temporary files of runs that were killed; report a file that was
    being rewritten in place, unless it is whole (the original or the new text)."""
    notes = []
    for shown, path in result.stale:
        parsed = parse_temp_name(os.path.basename(path))
        if parsed is None or not abandoned(path, parsed):
            continue
        if parsed.kind == "orig":
            problem = _unfinished_in_place(path, parsed.target, parsed.token)
            if problem:
                directory = os.path.dirname(shown)
                target = os.path.join(directory, parsed.target) if directory else parsed.target
                message = f"{problem}; its original text is kept in {shown}"
                result.errors.append(FileError(target, 0, 0, message))
                continue
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as error:
            notes.append(
                f"{shown}: cannot remove this temporary file of an interrupted run: "
                f"{_reason(error)}"
            )
            continue
        notes.append(f"{shown}: removed a temporary file left by an interrupted run")
    return notes


def _unfinished_in_place(backup: str, target_name: str, new_digest: str) -> str:
    """'' if the in-place rewrite the backup belongs to never started or finished (the
    file is the original or the new text); else what is wrong."""
    target = os.path.join(os.path.dirname(backup), target_name)
    try:
        current = _read(target)
        original = _read(backup)
    except OSError as error:
        return f"an interrupted run was rewriting it in place ({_reason(error)})"
    if current == original or digest(current).startswith(new_digest):
        return ""
    return "an interrupted run was rewriting it in place and it may be incomplete"


def _read(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        return read_all(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM (a cancelled CI job, pre-commit) during the writes unwinds like Ctrl-C,
    so the temporary files are removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


__all__ = ["BackupKept", "write_results"]
