"""A codemod that takes its time (FIXER_SLOW_SECONDS), for tests of the progress bar; it
joins the registry through the FIXER_EXTRA_CODEMODS test hook."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from fixer.codemod import Codemod, Context
from fixer.findings import Finding


class Slow(Codemod):
    code = "FX999"
    name = "slow"
    summary = "Takes its time"

    def check(self, context: Context) -> Iterator[Finding]:
        time.sleep(float(os.environ.get("FIXER_SLOW_SECONDS", "0")))
        return iter(())
