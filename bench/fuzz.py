"""Conformance fuzzing with terraform fmt as the oracle: mutants of corpus files and
random token soup, each parsed and formatted by fixer and by `terraform fmt`.

For every mutant: fixer's parser must accept exactly what terraform accepts; where
both accept, the tree must print the input back byte for byte and `format_source`
must write what terraform writes, byte for byte; and nothing but HCLSyntaxError may
come out of fixer (anything else, or a call running
past --timeout, is a crash). Mutants go to terraform in batches, one `terraform fmt`
run per directory. A run is reproducible from its --seed and --count; disagreements
and crashes are saved under --keep for a look.

    python bench/fuzz.py [--seed N] [--count N] [--soup N] [--corpus DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from conformance import DEFAULT_CORPUS, load_corpus, run

from fixer.syntax.format import format_source
from fixer.syntax.parser import parse

BATCH = 250
# Pieces a mutation inserts: every bracket, quote and template opener, operators,
# comments, heredoc markers, odd whitespace, a byte-order mark, a non-ASCII name.
PIECES = [
    *"{}[]()\"',.=?:!*/%+-<>~#\n\t ",
    "${",
    "%{",
    "~}",
    "}",
    "$${",
    "%%{",
    "\\",
    '\\"',
    "\\u00e9",
    "\\q",
    "==",
    "!=",
    "&&",
    "||",
    "=>",
    "...",
    "::",
    "// c\n",
    "# c\n",
    "/*",
    "*/",
    "/* c */",
    "<<EOT\n",
    "<<-EOT\n",
    "\nEOT\n",
    "EOT",
    "\r\n",
    "\r",
    "\ufeff",
    "é",
    "名",
    "for",
    "in",
    "if",
    "endif",
    "endfor",
    "else",
    "true",
    "null",
    "1.5e3",
    "0x1",
    "x = 1\n",
    'b "l" {\n',
    "}\n",
    "a.b[0].*",
    "f(x...)",
    "[*]",
]
SOUP = [
    "a",
    "b",
    "res",
    '"x"',
    '"${a}"',
    '"%{if a}b%{endif}"',
    "1",
    "2.5",
    "true",
    "null",
    "=",
    "==",
    "+",
    "-",
    "*",
    "!",
    "?",
    ":",
    ",",
    ".",
    "...",
    "=>",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "for",
    "in",
    "if",
    "<<EOT\nx\nEOT\n",
    "# c\n",
    "/* c */",
    "\n",
    "\r\n",
]


@dataclass
class Tally:
    mutants: int = 0
    accepted: int = 0  # by terraform
    rewritten: int = 0  # accepted and changed by terraform fmt
    parity: list[str] = field(default_factory=list)  # accept/reject disagreements
    output: list[str] = field(default_factory=list)  # formatted differently
    crashes: list[str] = field(default_factory=list)


def mutate(text: str, rng: random.Random) -> str:
    """One to three random edits of a text: cut, copy, insert, swap lines, respace."""
    for _ in range(rng.randint(1, 3)):
        n = len(text)
        i = rng.randrange(n + 1)
        j = min(n, i + rng.randrange(1, 12))
        op = rng.randrange(7)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] * rng.randint(2, 4) + text[i:]
        elif op == 2:
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif op == 3:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
                text = "".join(lines)
        elif op == 4:
            text = re.sub(r"[ \t]+", lambda _: rng.choice(["", " ", "  ", "\t"]), text, count=50)
        elif op == 5:
            text = text.replace("\n", "\r\n", rng.randint(1, 20))
        else:
            depth = rng.choice([1, 10, 200, 3000])
            opener, closer = rng.choice([("[", "]"), ("(", ")"), ('"${', '}"'), ("{a = ", "}")])
            text = text[:i] + opener * depth + "1" + closer * depth + text[i:]
    return text


def soup(rng: random.Random) -> str:
    """A random sequence of tokens, often close to HCL."""
    words = [rng.choice(SOUP) for _ in range(rng.randint(1, 40))]
    return "".join(w + rng.choice(["", " ", " ", "\n"]) for w in words)


def terraform_fmt(directory: Path, terraform: str) -> set[str]:
    """Format every file of the directory in place; the names terraform rejects."""
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull}
    result = subprocess.run(
        [terraform, "fmt", "-list=false", "-no-color", "."],
        cwd=directory,
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    return set(re.findall(r"^  on (\S+\.tf) line \d+", stderr, re.MULTILINE))


def ours(data: bytes, timeout: float) -> tuple[bytes | None, str | None]:
    """fixer's formatted bytes (None if it rejects the input), or a crash description."""
    parsed = run(parse, data, "m.tf", timeout=timeout)
    if parsed.error is not None:
        return None, None if parsed.syntax_error else f"parse: {parsed.error}"
    if parsed.value.print().encode("utf-8") != data:
        return None, "the tree does not print the input back"
    formatted = run(format_source, parsed.value.text, parsed.value.tokens, timeout=timeout)
    if formatted.error is not None:
        return None, f"format of a parsed file: {formatted.error}"
    return formatted.value.encode("utf-8"), None


def check_batch(
    mutants: list[tuple[str, bytes]], terraform: str, timeout: float, tally: Tally, keep: Path
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for name, data in mutants:
            (directory / name).write_bytes(data)
        rejected = terraform_fmt(directory, terraform)
        for name, data in mutants:
            tally.mutants += 1
            accepted = name not in rejected
            tally.accepted += accepted
            tally.rewritten += accepted and (directory / name).read_bytes() != data
            formatted, crash = ours(data, timeout)
            if crash is not None:
                tally.crashes.append(f"{name}: {crash}")
                _keep(keep, name, data)
            elif (formatted is not None) != accepted:
                who = "fixer" if formatted is not None else "terraform"
                tally.parity.append(f"{name}: only {who} accepts it")
                _keep(keep, name, data)
            elif formatted is not None and formatted != (directory / name).read_bytes():
                tally.output.append(f"{name}: formatted differently")
                _keep(keep, name, data, (directory / name).read_bytes())


def _keep(keep: Path, name: str, data: bytes, expected: bytes | None = None) -> None:
    keep.mkdir(parents=True, exist_ok=True)
    (keep / name).write_bytes(data)
    if expected is not None:
        (keep / (name + ".terraform")).write_bytes(expected)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    terraform = shutil.which("terraform")
    if terraform is None:
        sys.exit("error: terraform is not on PATH (it is the oracle)")
    corpus = load_corpus(args.corpus)
    texts = [corpus.read(path).decode("utf-8") for path in corpus.valid_paths()]
    rng = random.Random(args.seed)
    made: list[tuple[str, bytes]] = []
    for number in range(args.count):
        made.append((f"m{number:06d}.tf", mutate(rng.choice(texts), rng).encode("utf-8")))
    for number in range(args.soup):
        made.append((f"s{number:06d}.tf", soup(rng).encode("utf-8")))
    tally = Tally()
    started = time.perf_counter()
    for first in range(0, len(made), BATCH):
        check_batch(made[first : first + BATCH], terraform, args.timeout, tally, args.keep)
        print(f"  {tally.mutants}/{len(made)} checked", file=sys.stderr, flush=True)
    print(f"seed {args.seed}: {args.count} corpus mutants, {args.soup} token soups")
    print(f"terraform accepts {tally.accepted} of {tally.mutants}, and rewrites {tally.rewritten}")
    print(f"accept/reject disagreements: {len(tally.parity)}")
    print(f"formatted differently: {len(tally.output)}")
    print(f"crashes (not a syntax error, or past {args.timeout:g} s): {len(tally.crashes)}")
    for line in (tally.parity + tally.output + tally.crashes)[: args.show]:
        print(f"  {line}")
    if tally.parity or tally.output or tally.crashes:
        print(f"kept under {args.keep}")
    print(f"elapsed: {time.perf_counter() - started:.1f} s")
    return 1 if tally.parity or tally.output or tally.crashes else 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=1000, help="corpus mutants")
    parser.add_argument("--soup", type=int, default=500, help="random token sequences")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--timeout", type=float, default=10.0, help="per call, seconds")
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "fixer-fuzz")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
