"""Our parser accepts exactly what `terraform fmt -` accepts, on a table of small snippets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from terraform_oracle import terraform_fmt

from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.parser import parse

# (id, text or bytes, accepted): `accepted` is whether `terraform fmt -` (Terraform v1.11.4)
# exits 0 on the UTF-8 bytes of the text. Recorded once by running terraform; the live test
# at the bottom re-checks the table when terraform is on PATH.
CASES: list[tuple[str, str | bytes, bool]] = [
    # files as a whole
    ("empty", "", True),
    ("newline-only", "\n", True),
    ("blank-lines", "\n\n\n", True),
    ("spaces-only", "   \t  \n", True),
    ("hash-comment-only", "# c\n", True),
    ("slash-comment-no-newline", "// c", True),
    ("block-comment-only", "/* c */", True),
    ("block-comment-multiline", "/* a\nb\n*/\n", True),
    ("block-comment-unterminated", "/* c\n", False),
    ("attr", "a = 1\n", True),
    ("attr-no-final-newline", "a = 1", True),
    ("attr-crlf", "a = 1\r\n", True),
    ("crlf-block", "b {\r\n  c = 2\r\n}\r\n", True),
    ("crlf-comment", "# c\r\na = 1\r\n", True),
    ("bare-cr", "a = 1\rb = 2\n", False),
    ("bom", "\ufeffa = 1\n", True),
    ("bom-only", "\ufeff", True),
    ("bom-mid-file", "a = 1\n\ufeffb = 2\n", False),
    ("tabs", "a\t=\t1\n", True),
    ("indented", "  a = 1\n", True),
    ("trailing-spaces", "a = 1   \n", True),
    ("not-utf8", b'a = "\xff"\n', False),
    ("not-utf8-comment", b"# \xc3\x28\na = 1\n", True),
    ("nul-byte", "a = 1\x00\n", False),
    ("nul-in-string", 'a = "x\x00"\n', True),
    # attributes
    ("two-attrs-one-line", "a = 1 b = 2\n", False),
    ("duplicate-attr", "a = 1\na = 2\n", False),
    ("duplicate-attr-in-block", "b {\n  a = 1\n  a = 2\n}\n", False),
    ("same-name-different-bodies", "a = 1\nb {\n  a = 1\n}\n", True),
    ("attr-and-block-same-name", "a = 1\na {}\n", True),
    ("ident-with-dash", "a-b = 1\n", True),
    ("unicode-ident", "\u00e9 = 1\n", True),
    ("value-on-next-line", "a =\n1\n", False),
    ("equals-on-next-line", "a\n= 1\n", False),
    ("double-equals-attr", "a == 1\n", False),
    ("chained-equals", "a = 1 = 2\n", False),
    ("number-as-name", "1 = 2\n", False),
    ("quoted-name", '"a" = 1\n', False),
    ("interpolation-top-level", "${x}\n", False),
    ("name-only", "a\n", False),
    ("stray-close-brace", "}\n", False),
    ("stray-open-brace", "{\n}\n", False),
    # blocks
    ("block-empty", "b {}\n", True),
    ("block-empty-space", "b { }\n", True),
    ("block-multiline", "b {\n  a = 1\n}\n", True),
    ("block-quoted-labels", 'b "x" "y" {}\n', True),
    ("block-bare-labels", "b x y {}\n", True),
    ("block-mixed-labels", 'b "x" y "z" {}\n', True),
    ("block-many-labels", 'b "a" "b" "c" "d" "e" {}\n', True),
    ("block-number-label", "b 1 {}\n", False),
    ("block-template-label", 'b "x${y}" {}\n', False),
    ("block-escape-label", 'b "x\\n" {}\n', True),
    ("block-bad-escape-label", 'b "x\\q" {}\n', False),
    ("block-unterminated-label", 'b "x {}\n', False),
    ("block-brace-next-line", "b\n{\n}\n", False),
    ("block-label-then-newline", 'b "x"\n{}\n', False),
    ("block-unclosed", "b {\n", False),
    ("block-unclosed-nested", "b {\n  c {\n}\n", False),
    ("block-extra-close", "b {}}\n", False),
    ("block-nested", "b {\n  c {\n    d = 1\n  }\n}\n", True),
    ("blocks-same-line", "b {} c {}\n", False),
    ("block-then-attr-same-line", "b {} a = 1\n", False),
    ("one-line-block", "b { a = 1 }\n", True),
    ("one-line-block-labels", 'b "x" { a = 1 }\n', True),
    ("one-line-block-two-attrs", "b { a = 1 c = 2 }\n", False),
    ("one-line-block-two-attrs-comma", "b { a = 1, c = 2 }\n", False),
    ("one-line-block-trailing-comma", "b { a = 1, }\n", False),
    ("one-line-block-nested-block", "b { c {} }\n", False),
    ("one-line-block-object-value", "b { a = { c = 1 } }\n", True),
    ("one-line-block-tuple-value", "b { a = [1, 2] }\n", True),
    ("one-line-block-no-value", "b { = 1 }\n", False),
    ("one-line-block-name-only", "b { a }\n", False),
    ("one-line-block-newline-before-close", "b { a = 1\n}\n", False),
    ("close-brace-after-attr", "b {\n  a = 1 }\n", False),
    ("one-line-block-comment-after", "b { a = 1 } # c\n", True),
    ("comment-after-open-brace", "b { # c\n  a = 1\n}\n", True),
    ("block-comment-after-close", "b {\n} # c\n", True),
    ("block-comment-inside-only", 'b "x" {\n  # c\n}\n', True),
    ("multiline-comment-after-attr", "a = 1 /* x\ny */\n", True),
    ("inline-comment-then-attr", "a = 1 /* x */ b = 2\n", False),
    ("comment-before-value", "a = /* c */ 1\n", True),
    ("line-comments", "a = 1 # c\nb = 2 // d\n", True),
    # numbers
    ("float", "a = 1.5\n", True),
    ("exp", "a = 1e5\n", True),
    ("exp-signed", "a = 1.5E-3\n", True),
    ("exp-plus", "a = 1e+5\n", True),
    ("exp-missing-digits", "a = 1e\n", False),
    ("float-exp-missing-digits", "a = 1.5e\n", False),
    ("trailing-dot", "a = 1.\n", False),
    ("leading-dot", "a = .5\n", False),
    ("dot-exp", "a = 1.e5\n", True),
    ("double-dot", "a = 1..2\n", False),
    ("leading-zero", "a = 01\n", True),
    ("hex", "a = 0x10\n", False),
    ("underscore-number", "a = 1_000\n", False),
    ("negative", "a = -1\n", True),
    ("double-negative", "a = --1\n", True),
    ("unary-plus", "a = +1\n", False),
    # strings and escapes
    ("string", 'a = "x"\n', True),
    ("string-escapes", 'a = "\\n\\r\\t\\"\\\\"\n', True),
    ("string-unicode-escape", 'a = "\\u00e9\\U0001F600"\n', True),
    ("string-short-unicode-escape", 'a = "\\u00"\n', False),
    ("string-surrogate-escape", 'a = "\\ud800"\n', False),
    ("string-bad-escape", 'a = "x\\qy"\n', False),
    ("string-escaped-quote-unterminated", 'a = "\\"\n', False),
    ("string-dollar-escape", 'a = "$${x}"\n', True),
    ("string-percent-escape", 'a = "%%{x}"\n', True),
    ("string-lone-dollar", 'a = "$ $$ %"\n', True),
    ("string-literal-tab", 'a = "a\tb"\n', True),
    ("string-unicode", 'a = "\u00e9\U0001f600"\n', True),
    ("string-braces", 'a = "{}}"\n', True),
    ("single-quotes", "a = 'x'\n", False),
    ("backticks", "a = `x`\n", False),
    ("unterminated-string", 'a = "x\n', False),
    ("unterminated-string-eof", 'a = "x', False),
    ("multiline-string", 'a = "x\ny"\n', False),
    ("adjacent-strings", 'a = "x" "y"\n', False),
    # templates
    ("interp", 'a = "${x}"\n', True),
    ("interp-nested-string", 'a = "${"${x}"}"\n', True),
    ("interp-object", 'a = "${ {a = 1}.a }"\n', True),
    ("interp-conditional-strings", 'a = "${a ? "x" : "y"}"\n', True),
    ("interp-strip", 'a = "${~ x ~}"\n', True),
    ("interp-empty", 'a = "${}"\n', False),
    ("interp-unclosed", 'a = "${x"\n', False),
    ("interp-unclosed-eof", 'a = "${x', False),
    ("interp-then-brace", 'a = "${x}}"\n', True),
    ("interp-two-exprs", 'a = "${x y}"\n', False),
    ("if-directive", 'a = "%{ if x }y%{ endif }"\n', True),
    ("if-else-directive", 'a = "%{ if x }y%{ else }z%{ endif }"\n', True),
    ("else-twice", 'a = "%{ if x }y%{ else }z%{ else }w%{ endif }"\n', False),
    ("for-directive", 'a = "%{for x in l}${x}%{endfor}"\n', True),
    ("for-directive-key-value", 'a = "%{for k, v in m}${k}=${v}%{endfor}"\n', True),
    ("strip-directives", 'a = "%{~ if x ~}y%{~ endif ~}"\n', True),
    ("unknown-directive", 'a = "%{ foo }"\n', False),
    ("if-unterminated", 'a = "%{ if x }y"\n', False),
    ("endif-alone", 'a = "%{ endif }"\n', False),
    ("else-alone", 'a = "%{ else }"\n', False),
    ("if-closed-by-endfor", 'a = "%{ if x }%{ endfor }"\n', False),
    ("for-directive-missing-in", 'a = "%{ for x l }%{ endfor }"\n', False),
    ("escaped-directive", 'a = "%%{ if x }"\n', True),
    ("tilde-alone", "a = ~1\n", False),
    ("tilde-close-outside-template", "a = {~}\n", False),
    # heredocs
    ("heredoc", "a = <<EOT\nhello\nEOT\n", True),
    ("heredoc-no-final-newline", "a = <<EOT\nhello\nEOT", False),
    ("heredoc-indented", "a = <<-EOT\n  hello\n  EOT\n", True),
    ("heredoc-indented-marker-plain", "a = <<EOT\n  hello\n  EOT\n", True),
    ("heredoc-marker-trailing-space", "a = <<EOT\nhello\nEOT  \n", True),
    ("heredoc-empty", "a = <<EOT\nEOT\n", True),
    ("heredoc-unterminated", "a = <<EOT\nhello\n", False),
    ("heredoc-marker-prefix-line", "a = <<EOT\nEOTX\nEOT\n", True),
    ("heredoc-marker-after-interp", "a = <<EOT\n${x}EOT\nEOT\n", True),
    ("heredoc-text-after-opener", "a = <<EOT hello\nEOT\n", False),
    ("heredoc-quoted-marker", 'a = <<"EOT"\nx\nEOT\n', False),
    ("heredoc-interp", "a = <<EOT\n${x}\nEOT\n", True),
    ("heredoc-interp-multiline", "a = <<EOT\n${\nx\n}\nEOT\n", True),
    ("heredoc-directive", "a = <<EOT\n%{ if x }y%{ endif }\nEOT\n", True),
    ("heredoc-crlf", "a = <<EOT\r\nhello\r\nEOT\r\n", True),
    ("heredoc-in-tuple", "a = [<<EOT\nx\nEOT\n]\n", True),
    ("heredoc-in-call", "a = f(<<EOT\nx\nEOT\n, 1)\n", True),
    ("heredoc-then-attr", "a = <<EOT\nx\nEOT\nb = 1\n", True),
    ("heredoc-nested", "a = <<A\n${<<B\ninner\nB\n}\nA\n", True),
    ("heredoc-backslash", "a = <<EOT\nx\\qy\nEOT\n", True),
    ("heredoc-dollar-escape", "a = <<EOT\n$${x}\nEOT\n", True),
    ("heredoc-quote-inside", "a = <<EOT\n\"quoted\" 'single'\nEOT\n", True),
    ("heredoc-then-operator", "a = <<EOT\nx\nEOT\n+ 1\n", False),
    ("heredoc-unterminated-interp", "a = <<EOT\n${x\nEOT\n", False),
    ("heredoc-no-marker", "a = <<\nx\n\n", False),
    # traversals
    ("getattr", "a = x.y.z\n", True),
    ("index", 'a = x[0]["k"]\n', True),
    ("index-multiline", "a = x[\n0\n]\n", True),
    ("legacy-index", "a = x.0.y\n", True),
    ("legacy-index-chained", "a = x.0.1\n", False),
    ("legacy-index-last", "a = x.1\n", True),
    ("attr-splat", "a = x.*.y\n", True),
    ("full-splat", "a = x[*].y[*].z\n", True),
    ("splat-then-index", "a = x[*][0]\n", True),
    ("trailing-dot-traversal", "a = x.\n", False),
    ("space-after-dot", "a = x. y\n", True),
    ("traversal-next-line", "a = x\n.y\n", False),
    ("traversal-in-parens-next-line", "a = (x\n.y)\n", True),
    ("empty-index", "a = x[]\n", False),
    ("two-index-keys", "a = x[1,2]\n", False),
    ("call-traversal", "a = f(1).x[0]\n", True),
    ("tuple-index", "a = [1][0]\n", True),
    ("object-getattr", "a = {a=1}.a\n", True),
    ("string-getattr", 'a = "x".y\n', True),
    ("call-call", "a = f(1)(2)\n", False),
    # functions
    ("call-empty", "a = f()\n", True),
    ("call-empty-newline", "a = f(\n)\n", True),
    ("call-multiline", "a = f(\n  1,\n  2\n)\n", True),
    ("call-trailing-comma", "a = f(x,)\n", True),
    ("call-only-comma", "a = f(,)\n", False),
    ("call-expand", "a = f(x...)\n", True),
    ("call-expand-not-last", "a = f(x..., y)\n", False),
    ("call-unclosed", "a = f(1\n", False),
    ("provider-function", "a = provider::aws::arn_parse(x)\n", True),
    ("namespaced-function", "a = ns::f(x)\n", True),
    ("double-colon-no-name", "a = f::(x)\n", False),
    ("double-colon-no-call", "a = x::y\n", False),
    # collections
    ("tuple", "a = [1, 2]\n", True),
    ("tuple-multiline-trailing-comma", "a = [\n  1,\n  2,\n]\n", True),
    ("tuple-only-comma", "a = [,]\n", False),
    ("tuple-double-comma", "a = [1,,2]\n", False),
    ("tuple-no-comma", "a = [1 2]\n", False),
    ("tuple-unclosed", "a = [1, 2\n", False),
    ("tuple-deep-100", "a = " + "[" * 100 + "]" * 100 + "\n", True),
    ("object", "a = {a = 1, b = 2}\n", True),
    ("object-no-separator", "a = {a = 1 b = 2}\n", False),
    ("object-trailing-comma", "a = {a = 1,}\n", True),
    ("object-newlines", "a = { a = 1\n b = 2 }\n", True),
    ("object-colon", 'a = { "k": 1 }\n', True),
    ("object-paren-key", "a = { (k) = 1 }\n", True),
    ("object-traversal-key", "a = { k.x = 1 }\n", True),
    ("object-value-next-line", "a = {\n  a =\n  1\n}\n", False),
    ("object-comma-on-own-line", "a = {\n  a = 1\n  ,\n  b = 2\n}\n", False),
    ("object-unclosed", "a = {\n", False),
    ("objects-adjacent", "a = {a=1}{b=2}\n", False),
    ("object-nested-tuple", "a = { a = [\n1\n] }\n", True),
    ("object-key-only", "a = { b }\n", False),
    # for expressions
    ("for-tuple", "a = [for x in l : x]\n", True),
    ("for-tuple-if", "a = [for x in l : x if x]\n", True),
    ("for-tuple-key-value", "a = [for i, x in l : x]\n", True),
    ("for-object", "a = { for k, v in m : k => v }\n", True),
    ("for-object-grouping", "a = { for k, v in m : k => v... }\n", True),
    ("for-object-grouping-if", "a = { for k, v in m : k => v... if v }\n", True),
    ("for-tuple-grouping", "a = [for x in l : x...]\n", False),
    ("for-object-multiline", "a = {\n  for k, v in m :\n  k => v\n}\n", True),
    ("for-tuple-multiline", "a = [\n  for x in l :\n  x\n]\n", True),
    ("for-missing-colon", "a = [for x in l x]\n", False),
    ("for-object-missing-arrow", "a = { for k, v in m : v }\n", False),
    ("for-missing-in", "a = [for x l : x]\n", False),
    # operators
    ("conditional", "a = x ? y : z\n", True),
    ("conditional-nested", "a = x ? y : z ? w : v\n", True),
    ("conditional-missing-false", "a = x ? y\n", False),
    ("conditional-false-next-line", "a = x ? y :\nz\n", False),
    ("not", "a = !x\n", True),
    ("not-not", "a = !!x\n", True),
    ("comparisons", "a = 1 == 2 != 3 < 4 <= 5 > 6 >= 7\n", True),
    ("logic", "a = a || b && !c\n", True),
    ("arith", "a = 1 + 2 - 3 * 4 / 5 % 6\n", True),
    ("single-ampersand", "a = a & b\n", False),
    ("single-pipe", "a = a | b\n", False),
    ("operator-at-line-end", "a = 1 +\n2\n", False),
    ("operator-in-parens-multiline", "a = (1 +\n2)\n", True),
    ("dangling-operator", "a = 1 +\n", False),
    ("ident-minus-ident", "a = b-c\n", True),
    ("fat-arrow-alone", "a = =>\n", False),
    ("at-sign", "a = @\n", False),
    ("paren-unclosed", "a = (1\n", False),
    ("paren-empty", "a = ()\n", False),
    ("keywords", "a = [true, false, null]\n", True),
    # more identifiers, numbers, escapes, comments, heredocs and templates
    ("underscore-ident", "_a = 1\n", True),
    ("underscore-in-ident", "a_b = c_d\n", True),
    ("superscript-ident", "a = \u00b2\n", False),
    ("ident-superscript-continue", "a = x\u00b2\n", False),
    ("roman-numeral-ident", "a = \u2177\n", True),
    ("arabic-digit-continue", "a = x\u0663\n", True),
    ("form-feed", "a = 1\f\n", False),
    ("vertical-tab", "a = 1\v\n", False),
    ("nbsp", "a =\u00a01\n", False),
    ("keyword-vars", "a = [for, if, in]\n", False),
    ("for-empty", "a = [for]\n", False),
    ("for-if-empty", "a = [for x in l : x if]\n", False),
    ("for-grouping-after-if", "a = {for k, v in m : k => v if v...}\n", False),
    ("for-three-vars", "a = [for k, v, w in l : v]\n", False),
    ("for-two-values", "a = [for x in l : x, y]\n", False),
    ("object-key-for", "a = { for = 1 }\n", False),
    ("object-key-for-multiline", "a = {\n  for = 1\n}\n", False),
    ("object-key-if", "a = { if = 1 }\n", True),
    ("object-key-template", 'a = { "${k}" = 1 }\n', True),
    ("object-key-number", "a = { 1 = 2 }\n", True),
    ("object-only-comma", "a = {,}\n", False),
    ("object-getattr-after", "a = { a = 1 }.a\n", True),
    ("conditional-precedence", "a = x ? y : z + 1\n", True),
    ("conditional-question-line-end", "a = x ?\ny : z\n", False),
    ("bang-alone", "a = !\n", False),
    ("minus-alone", "a = -\n", False),
    ("index-then-legacy", "a = x[0].1\n", True),
    ("attr-splat-index", "a = x.*[0]\n", True),
    ("full-splat-attr-splat", "a = x[*].*\n", True),
    ("splat-spaced", "a = x[ * ]\n", True),
    ("star-alone", "a = *\n", False),
    ("splat-unclosed", "a = x[*\n", False),
    ("expand-outside-call", "a = f(x)...\n", False),
    ("expand-alone", "a = f(...)\n", False),
    ("expand-trailing-comma", "a = f(x...,)\n", False),
    ("provider-function-no-call", "a = provider::aws::arn_parse\n", False),
    ("provider-function-spaced", "a = provider :: aws :: f(x)\n", True),
    ("call-space-before-paren", "a = f (1)\n", True),
    ("call-newline-before-paren", "a = f\n(1)\n", False),
    ("number-two-dots", "a = 1.5.2\n", False),
    ("number-exp-then-getattr", "a = 1e5.x\n", True),
    ("number-space-dot", "a = 1 .5\n", True),
    ("negative-float-exp", "a = -1.5e-3\n", True),
    ("big-int", "a = 99999999999999999999999999\n", True),
    ("double-leading-zero-float", "a = 00.5\n", True),
    ("dot-exp-negative", "a = 1.e-5\n", True),
    ("legacy-index-exp", "a = x.1e5\n", True),
    ("legacy-index-dot-exp", "a = x.1.e5\n", False),
    ("escaped-backslash", 'a = "\\\\"\n', True),
    ("braced-unicode-escape", 'a = "\\u{1F600}"\n', False),
    ("unicode-escape-out-of-range", 'a = "\\U00110000"\n', False),
    ("unicode-escape-max", 'a = "\\U0010FFFF"\n', True),
    ("label-unicode-escape-out-of-range", 'b "\\U00110000" {}\n', False),
    ("label-surrogate-escape", 'b "\\ud800" {}\n', False),
    ("dollar-escape-backslash", 'a = "\\$"\n', False),
    ("label-empty", 'b "" {}\n', True),
    ("label-dollar-escape", 'b "$${x}" {}\n', True),
    ("label-directive", 'b "%{if x}y%{endif}" {}\n', False),
    ("string-comment-markers", 'a = "// x # y /* z */"\n', True),
    ("comment-markers-across-strings", 'a = "/*"\nb = "*/"\n', True),
    ("comment-in-tuple-multiline", "a = [1, /* x\n */ 2]\n", True),
    ("multiline-comment-then-attr", "a = 1 /* x\ny */ b = 2\n", False),
    ("comment-in-parens", "a = (1 /* c\n */)\n", True),
    ("attr-comment-eof", "a = 1 # c", True),
    ("attr-block-comment-eof", "a = 1 /* c */", True),
    ("one-line-block-inline-comment", "b { a = 1 /* c */ }\n", True),
    ("one-line-block-compact", "b {a=1}\n", True),
    ("one-line-block-heredoc", "b { a = <<EOT\nx\nEOT\n}\n", False),
    ("heredoc-close-then-brace", "b { a = <<EOT\nx\nEOT }\n", False),
    ("heredoc-close-then-bracket", "a = [<<EOT\nx\nEOT]\n", False),
    ("heredoc-in-object", "a = {\n  b = <<EOT\nx\nEOT\n  c = 1\n}\n", True),
    ("heredoc-dash-marker", "a = <<E-O-F\nx\nE-O-F\n", True),
    ("heredoc-lowercase-marker", "a = <<end\nx\nend\n", True),
    ("heredoc-space-before-marker", "a = << EOT\nx\nEOT\n", False),
    ("heredoc-dash-no-marker", "a = <<-\nx\n\n", False),
    ("heredoc-opener-trailing-space", "a = <<EOT \nx\nEOT\n", False),
    ("heredoc-cr-only", "a = <<EOT\rx\rEOT\r", False),
    ("heredoc-mixed-newlines", "a = <<EOT\r\nx\nEOT\n", True),
    ("heredoc-marker-tab-indent", "a = <<-EOT\n\tx\n\tEOT\n", True),
    ("heredoc-blank-line", "a = <<EOT\n\nEOT\n", True),
    ("heredoc-string-marker-interp", 'a = <<EOT\n${"EOT"}\nEOT\n', True),
    ("heredoc-marker-in-text", "a = <<EOT\nx EOT\nEOT\n", True),
    ("heredoc-in-interp-in-string", 'a = "${<<EOT\nx\nEOT\n}"\n', True),
    ("interp-multiline-in-string", 'a = "${\nx\n}"\n', True),
    ("directive-literal-newline", 'a = "%{ if x }\n%{ endif }"\n', False),
    ("nested-directives", 'a = "%{if x}%{for y in z}${y}%{endfor}%{endif}"\n', True),
    ("crossed-directives", 'a = "%{if x}%{for y in z}%{endif}%{endfor}"\n', False),
    ("else-if-directive", 'a = "%{ if x }a%{ else if y }b%{ endif }"\n', False),
    ("endif-with-arg", 'a = "%{ if x }a%{ endif x }"\n', False),
    ("if-without-condition", 'a = "%{ if }a%{ endif }"\n', False),
    ("strip-marker-spaced", 'a = "${x ~ }"\n', False),
    ("strip-left-only", 'a = "${~x}"\n', True),
    ("dollar-escape-alone", 'a = "$${"\n', True),
    ("percent-escape-alone", 'a = "%%{"\n', True),
    ("template-mixed", 'a = "${x}%{if y}${z}%{endif}"\n', True),
    ("for-directive-strip", 'a = "%{ for x in l ~}${x}%{~ endfor }"\n', True),
    ("string-in-interp-in-string-in-interp", 'a = "${f("${g("x")}")}"\n', True),
    # found by comparing mutated generated files with terraform
    ("attr-splat-nested", "a = x.*.*\n", False),
    ("attr-splat-nested-after-attr", "a = x.*.y.*\n", False),
    ("attr-splat-nested-after-legacy-index", "a = x.*.0.*\n", False),
    ("attr-splat-after-index-again", "a = x.*[0].*\n", True),
    ("full-splat-then-attr-splat", "a = x[*].y.*\n", True),
    ("full-splat-twice", "a = x[*][*]\n", True),
    ("splat-newline-before-close", "a = x[*\n]\n", False),
    ("heredoc-bare-cr", "a = <<EOT\nx\ry\nEOT\n", False),
    ("heredoc-crlf-line-in-lf-file", "a = <<EOT\nx\r\nEOT\n", True),
    ("comment-bare-cr", "a = 1 # c\rx\n", True),
    ("block-comment-bare-cr", "/* \r */\na = 1\n", True),
    ("traversal-newline-in-brackets", "a = [x\n.y]\n", True),
    ("call-newline-before-paren-in-brackets", "a = [f\n(1)]\n", True),
    ("call-newline-before-paren-in-parens", "a = (f\n(1))\n", True),
    ("call-newline-before-paren-in-for", "a = [for x in l : f\n(x)]\n", True),
    ("call-newline-before-paren-in-template", 'a = "${f\n(1)}"\n', True),
    ("call-newline-before-paren-in-object", "a = {k = f\n(1)}\n", False),
    ("provider-function-newline-in-brackets", "a = [p::ns\n::f(1)]\n", True),
    ("call-result-called-in-brackets", "a = [f(1)\n(2)]\n", False),
    ("dot-exp-in-object", "a = {k = 94.E8}\n", True),
]

# Cases where our parser disagrees with terraform: bugs, reported; fixing one turns its
# test into an unexpected pass, so remove it from here then.
KNOWN_DIVERGENCES: dict[str, str] = {
    "not-utf8-comment": "terraform fmt accepts bytes that are not UTF-8 inside a comment; "
    "we reject every file that is not UTF-8, by design: fixer never rewrites bytes it "
    "cannot decode",
}


def _data(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _accepted_by_us(text: str | bytes) -> bool:
    try:
        file = parse(_data(text))
    except HCLSyntaxError:
        return False
    assert file.print() == _data(text).decode("utf-8")
    return True


def _params() -> list[object]:
    params = []
    for case_id, text, accepted in CASES:
        marks = []
        if case_id in KNOWN_DIVERGENCES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_DIVERGENCES[case_id]))
        params.append(pytest.param(text, accepted, id=case_id, marks=marks))
    return params


def test_table_is_well_formed() -> None:
    ids = [case_id for case_id, _, _ in CASES]
    assert len(ids) == len(set(ids))
    assert set(KNOWN_DIVERGENCES) <= set(ids)
    assert len(CASES) >= 150
    accepted = sum(1 for _, _, ok in CASES if ok)
    assert 0.3 < accepted / len(CASES) < 0.7


@pytest.mark.parametrize(("text", "accepted"), _params())
def test_parser_agrees_with_terraform(text: str | bytes, accepted: bool) -> None:
    assert _accepted_by_us(text) is accepted


def _terraform_rejected(directory: Path) -> set[str]:
    """Names of the files in directory that `terraform fmt` reports errors for."""
    rejected, result = terraform_fmt("terraform", directory, "-check", timeout=120)
    assert (result.returncode == 2) == bool(rejected), result.stderr.decode("utf-8", "replace")
    return rejected


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not on PATH")
def test_recorded_verdicts_match_live_terraform(tmp_path: Path) -> None:
    # One terraform run over a directory of one file per case; formatting differences
    # (exit code 3) are not errors, and every syntax error names its file.
    recorded: dict[str, tuple[str, bool]] = {}
    for number, (case_id, text, accepted) in enumerate(CASES):
        name = f"case{number:03d}.tf"
        (tmp_path / name).write_bytes(_data(text))
        recorded[name] = (case_id, accepted)
    rejected = _terraform_rejected(tmp_path)
    assert rejected <= set(recorded)
    wrong = [
        (case_id, accepted)
        for name, (case_id, accepted) in recorded.items()
        if (name not in rejected) is not accepted
    ]
    assert wrong == []
