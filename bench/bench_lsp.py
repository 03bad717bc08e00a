"""Editor latency: didChange -> publishDiagnostics of `fixer lsp` on a 2,000-line file.

Drives the real server process over stdio with pygls's LanguageClient. The project is a
copy of `examples/multi-env` plus a generated `big.tf` (or `--file`). Each iteration
edits a string value in the middle of the file (keeping it valid) and waits for the
diagnostics of that version.

- quiet: one change after a pause (longer than the debounce), the common case;
- burst: `--burst` changes 20 ms apart, measured from the last one (debounce included);
- check: the server's own time per check, from its log (the rest is transport);
- other: after each check, publishing the diagnostics of the project's unopened files.

With `--pull` the client pulls diagnostics as VS Code does (`textDocument/diagnostic` right
after each change, the server then publishing nothing): quiet and burst are timed until
the pull's answer.

    python bench/bench_lsp.py [--iterations 100] [--lines 2000] [--file PATH [--line N]] [--pull]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from lsp_assets.harness import Session, capabilities, start, stop  # noqa: E402
from lsprotocol import types  # noqa: E402

DEBOUNCE = 0.15


def generate(lines: int) -> str:
    """Deterministic Terraform of about `lines` lines: variables, locals, resources with
    nested blocks, for expressions, heredocs, non-ASCII comments, a few unformatted lines."""
    out: list[str] = []
    i = 0
    while True:
        group = [
            f'variable "name_{i}" {{',
            "  type        = string",
            f'  description = "Name number {i} — für die Umgebung 🚀"',
            f'  default     = "svc-{i}"',
            "}",
            "",
            f'resource "aws_security_group" "sg_{i}" {{',
            f"  name   = var.name_{i}",
            "  vpc_id = aws_vpc.main.id",
            "",
            '  dynamic "ingress" {',
            "    for_each = { for port in [80, 443] : tostring(port) => port }",
            "    content {",
            "      from_port   = ingress.value",
            "      to_port     = ingress.value",
            '      protocol    = "tcp"',
            '      cidr_blocks = ["10.0.0.0/16"]',
            "    }",
            "  }",
            "",
            "  tags = merge(local.common_tags, {",
            f'    Name = "${{local.name_prefix}}-sg-{i}" # ünïcödé',
            "  })",
            "}",
            "",
            f'resource "aws_ssm_parameter" "p_{i}" {{',
            f'  name  = "/app/${{var.environment_suffix}}/p{i}"',
            '  type  = "String"',
            "  value = <<-EOT",
            f"    value {i}",
            "  EOT",
            "}",
            "",
        ]
        if i % 10 == 3:
            group += [f'output "o_{i}" {{', f"  value=aws_ssm_parameter.p_{i}.arn", "}", ""]
        if len(out) + len(group) > lines:
            break
        out += group
        i += 1
    out += ["# padding"] * (lines - len(out))
    return "\n".join(out) + "\n"


def _editable_line(lines: list[str]) -> int:
    """The line nearest the middle holding a string value (its edits keep the file valid)."""
    middle = len(lines) // 2
    candidates = [i for i, line in enumerate(lines) if '= "' in line and "${" not in line]
    return min(candidates, key=lambda i: abs(i - middle))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _pulled(session: Session, uri: str) -> list[types.Diagnostic]:
    """The diagnostics a `textDocument/diagnostic` pull answers with."""
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    report = await session.client.text_document_diagnostic_async(params)
    return list(getattr(report, "items", []))


async def measure(
    root: Path,
    path: Path,
    iterations: int,
    burst: int,
    log: Path,
    line: int | None,
    pull: bool = False,
) -> dict[str, list[float]]:
    caps = capabilities(pull=True) if pull else None
    session: Session = await start(root, caps, log_file=log)

    async def diagnostics(version: int) -> tuple[list[types.Diagnostic], float]:
        """The diagnostics of the version (pushed, or pulled now) and when they came."""
        if pull:
            found = await _pulled(session, uri)
            return found, time.perf_counter()
        found = await session.diagnostics(uri, version)
        arrived = next(t for t, p in reversed(session.arrivals) if p.version == version)
        return found, arrived

    try:
        text = path.read_text()
        uri = session.open(path, text)
        await diagnostics(1)
        lines = text.split("\n")
        middle = _editable_line(lines) if line is None else line - 1
        if '"' not in lines[middle]:
            raise SystemExit(f"line {middle + 1} holds no string to edit: {lines[middle]!r}")
        template = lines[middle]
        version = 1
        quiet: list[float] = []
        for n in range(iterations):
            await asyncio.sleep(DEBOUNCE + 0.05)
            version += 1
            lines[middle] = template.replace('"', f'"edit{n}-', 1)
            sent = time.perf_counter()
            session.change(uri, "\n".join(lines), version)
            found, arrived = await diagnostics(version)
            assert found and all(d.code for d in found), "the edit broke the file's syntax"
            quiet.append(arrived - sent)
        bursts: list[float] = []
        for n in range(max(1, iterations // 10)):
            await asyncio.sleep(DEBOUNCE + 0.05)
            for k in range(burst):
                version += 1
                lines[middle] = template.replace('"', f'"burst{n}-{k}-', 1)
                sent = time.perf_counter()
                session.change(uri, "\n".join(lines), version)
                if k < burst - 1:
                    await asyncio.sleep(0.02)
            _, arrived = await diagnostics(version)
            bursts.append(arrived - sent)
        if pull:
            assert not session.published, "a pulling client was sent diagnostics"
        return {"quiet": quiet, "burst": bursts}
    finally:
        await stop(session)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--burst", type=int, default=10)
    parser.add_argument("--file", type=Path, help="edit this file instead of a generated one")
    parser.add_argument(
        "--line", type=int, help="edit this line (1-based; default: a string value mid-file)"
    )
    parser.add_argument("--pull", action="store_true", help="pull diagnostics as VS Code does")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "multi-env"
        shutil.copytree(REPO / "examples" / "multi-env", root)
        target = root / "big.tf"
        target.write_text(args.file.read_text() if args.file else generate(args.lines))
        count = target.read_text().count("\n")
        log = Path(tmp) / "server.log"
        results = asyncio.run(
            measure(root, target, args.iterations, args.burst, log, args.line, args.pull)
        )
        # The server's own time per check (from its log), without the first two (start-up).
        logged = log.read_text()
        analysis = [float(ms) / 1000 for ms in re.findall(r"checked \S+ in ([0-9.]+) ms", logged)]
        results["check"] = analysis[2:]
        # Publishing the diagnostics of the project's other (unopened) files after a check.
        others = [float(ms) / 1000 for ms in re.findall(r"published in ([0-9.]+) ms", logged)]
        if others:
            results["other"] = others[2:]
    how = "pulled" if args.pull else "pushed"
    print(f"file: {count} lines, project: examples/multi-env + big.tf, diagnostics {how}")
    for name, values in results.items():
        ms = [v * 1000 for v in values]
        print(
            f"{name:>5}: n={len(ms)} p50={statistics.median(ms):.1f} ms "
            f"p95={percentile(ms, 0.95):.1f} ms max={max(ms):.1f} ms"
        )


if __name__ == "__main__":
    main()
