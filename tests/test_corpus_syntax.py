"""The parser over the real corpus: byte-exact round trip, and the same verdict as terraform."""

from __future__ import annotations

from pathlib import Path

from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse
from fixer.syntax.source import decode


def corpus_status(corpus: Path) -> dict[str, str]:
    lines = (corpus / "fmt_status.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t") for line in lines)


def test_round_trip_and_accept_reject_parity(corpus_dir: Path) -> None:
    status = corpus_status(corpus_dir)
    assert len(status) == 2809
    not_round_trip, wrongly_rejected, wrongly_accepted = [], [], []
    for rel, verdict in status.items():
        data = (corpus_dir / "files" / rel).read_bytes()
        try:
            tree = parse(data, rel)
        except HCLSyntaxError:
            if verdict != "invalid":
                wrongly_rejected.append(rel)
            continue
        if verdict == "invalid":
            wrongly_accepted.append(rel)
            continue
        if decode(data).encode(tree.print()) != data:
            not_round_trip.append(rel)
    assert wrongly_rejected == []
    assert wrongly_accepted == []
    assert not_round_trip == []
