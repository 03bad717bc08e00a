"""One project's run: the cached result if any, else the per-file work, then the codemods
(a check part by part, re-checking only the parts whose files changed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixer.gc_control import batch_collection, project_started

if TYPE_CHECKING:
    from collections.abc import Callable

    from fixer.model.files import SourceFile
    from fixer.project_root import Job
    from fixer.session import Request, TargetResult


def run_project(job: Job, request: Request, jobs: int) -> TargetResult:
    """Discover a project, then check or fix it: from the cache when nothing it depends
    on changed, else with per-file work spread over `jobs` processes."""
    from fixer.discover import discover_job
    from fixer.parallel import prepare
    from fixer.session import process_target

    with batch_collection():
        project_started()
        target = discover_job(job, request.options)
        cache = None
        if request.cache_dir is not None:
            from fixer.cache import open_project_cache

            cache = open_project_cache(request.cache_dir, target, request)
        hit = cache.result() if cache is not None else None
        if hit is not None:
            return hit
        known = cache.canonical_texts() if cache is not None else {}
        parse_here = not request.format_only  # FX001 alone: the workers say what parses
        formats = "FX001" in request.codemod_codes  # else no worker has anything to do
        workers = jobs if formats else 1
        if request.mode == "check":  # part by part: only the files of the parts checked

            def ready(files: dict[str, SourceFile]) -> Callable[[], None]:
                texts = {rel: text for rel, text in known.items() if rel in files}
                return prepare(files, workers, texts, parse_here, False)

            result = process_target(target, request, cache, ready)
        else:
            finish = prepare(target.files, workers, known, parse_here, True)
            try:
                result = process_target(target, request)
            finally:
                finish()
        if cache is not None:
            cache.save(result)
        return result
