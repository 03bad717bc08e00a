"""FX014 comment-syntax: `//` and `/* */` comments where Terraform's style is `#`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from fixer.codemod import Codemod, Context
from fixer.expression_walk import token_arrays
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.tokens import Token

_SLASHES = re.compile(r"/+")
# A continuation line of a `/* ... */` comment drawn with a column of stars.
_STARRED = re.compile(r"^[ \t]*\*(?!/)")


class CommentSyntax(Codemod):
    """Reports `//` and `/* */` comments, and rewrites them as `#` comments.

    ## What it does
    Finds comments written `// ...`, and `/* ... */` comments that end their line
    (nothing but spaces follows `*/`), in `.tf`, `.tfvars` and `.tftest.hcl` files. The
    fix writes `#` for `//` (a longer run of slashes, a drawn rule such as `//////`,
    becomes one `#` fewer), and turns a `/* */` comment into one `# ` line per line of
    text at the comment's indentation: a first or last line holding only the `/*` or
    `*/` goes, a column of leading `*` is dropped, and the lines keep their indentation
    relative to each other.

    Off by default, as in tflint (whose recommended preset leaves this rule out): a
    matter of style, selected by its code or name (`--select FX014`).

    ## Why is this bad?
    HCL accepts three comment styles, but the Terraform style guide asks for `#` for
    single- and multi-line comments alike; a code base that mixes them reads less
    evenly, and `//` is a habit carried over from other languages.

    ## Example
    ```hcl
    // Where the logs go.
    /*
     * Kept for 90 days.
     */
    resource "aws_s3_bucket" "logs" {
      bucket = "acme-logs" // must be unique
    }
    ```

    Use instead:
    ```hcl
    # Where the logs go.
    # Kept for 90 days.
    resource "aws_s3_bucket" "logs" {
      bucket = "acme-logs" # must be unique
    }
    ```

    ## Fix safety
    Safe: only comments change, and a `#` comment ends where the `//` comment or the
    line after `*/` ended. A `/* */` comment with code after it on its last line is
    reported without a fix (a `#` there would comment the code out).

    ## Compared with tflint
    tflint's `terraform_comment_syntax` never reports a one-line `/* */` comment, since
    one can sit inside an expression; we report it only where it ends its line, which
    is where a `#` comment can take its place. tflint turns each line of a `/* */`
    comment into `#` followed by the line as it was (the `/*` and `*/` lines become bare
    `#` lines, the continuation lines lose their indentation), then formats the whole
    file; we write the text of the comment at its own indentation and change nothing
    else. tflint's fix of a multi-line `/* */` comment followed by code on its last
    line comments that code out; we offer no fix there. tflint checks `.tf` files
    only; we check `.tfvars` and `.tftest.hcl` files too.
    """

    code = "FX014"
    name = "comment-syntax"
    summary = "Comment uses `//` or `/* */` where Terraform's style is `#`"
    severity = Severity.INFO
    fix_availability = "sometimes"
    fix_safety = "safe"
    explicit_only = True  # off by default, as in tflint: selected by its code or name
    reads = frozenset()  # fixer.split

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            assert source.tree is not None
            if "//" not in source.text and "/*" not in source.text:
                continue  # no comment can start so: the file's tokens need not be read
            kinds, texts, starts = token_arrays(source.tree)  # not one object per token
            for at in _indices(kinds, t.COMMENT):
                if not texts[at].startswith("#"):
                    finding = _finding(context, source, Token(t.COMMENT, texts[at], starts[at]))
                    if finding is not None:
                        yield finding


def _indices(items: Sequence[str], wanted: str) -> Iterator[int]:
    """Where `wanted` is in `items`, in order (found by the sequence's own search)."""
    at = -1
    while True:
        try:
            at = items.index(wanted, at + 1)
        except ValueError:
            return
        yield at


def _finding(context: Context, source: SourceFile, token: Token) -> Finding | None:
    text = source.text
    if token.text.startswith("//"):
        marker = _SLASHES.match(token.text)
        assert marker is not None
        content = "#" * (marker.end() - 1) + token.text[marker.end() :]
        # A line comment stays where it starts and the formatter lays out `//` and `#`
        # comments alike, so nothing around it moves: the edit is the comment alone.
        edit = TextEdit.replacement(source.rel, token.start, token.end, content)
        fix = Fix.safe("Write the comment with #", edit)
        return context.finding(source, _span(token), "Comment starts with // instead of #", fix)
    line_end = _line_end(text, token.end)
    ends_line = text[token.end : line_end].strip(" \t") == ""
    multi_line = "\n" in token.text
    if not ends_line and not multi_line:
        return None  # an inline comment, e.g. `x = 1 /* one */ + 2`: nothing else fits there
    message = "Comment is a /* */ block instead of # lines"
    if not ends_line:
        return context.finding(
            source, _span(token), message + " (code follows it on its last line: no automatic fix)"
        )
    indent = _indentation(text, token.start)
    content = hash_comment(token.text, indent)
    fix = Fix.safe(
        "Write the comment as # lines",
        *inline_edits(source, [(token.start, line_end, content)]),
    )
    return context.finding(source, _span(token), message, fix)


def hash_comment(block: str, indent: str) -> str:
    """A `/* ... */` comment as `#` lines (the first without indentation, the others at
    `indent`), with the comment's own decoration (`/*` and `*/` lines, a column of
    stars) left out and the lines' relative indentation kept."""
    inner = block[2:-2].replace("\r\n", "\n")
    lines = inner.split("\n")
    first = lines[0].lstrip("*").strip(" \t")
    rest = lines[1:]
    if rest:
        rest[-1] = rest[-1].rstrip("*")
        if not rest[-1].strip(" \t"):
            rest.pop()
    if rest and all(_STARRED.match(line) for line in rest if line.strip(" \t")):
        rest = [_STARRED.sub("", line, count=1) for line in rest]
        rest = [line[1:] if line.startswith(" ") else line for line in rest]
    widths = [len(line) - len(line.lstrip(" \t")) for line in rest if line.strip(" \t")]
    cut = min(widths, default=0)
    body = ([first] if first else []) + [line[cut:].rstrip(" \t") for line in rest]
    while body and not body[0]:
        body.pop(0)
    if not body:
        return "#"
    return ("\n" + indent).join("# " + line if line else "#" for line in body)


def _line_end(text: str, offset: int) -> int:
    """The offset of the end of the line holding offset (before its newline)."""
    end = text.find("\n", offset)
    if end < 0:
        return len(text)
    return end - 1 if end > offset and text[end - 1] == "\r" else end


def _indentation(text: str, offset: int) -> str:
    """The leading spaces and tabs of the line holding offset."""
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _span(token: Token) -> tuple[int, int]:
    return token.start, token.end
