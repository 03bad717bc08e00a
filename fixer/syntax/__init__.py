"""Lossless HCL syntax: tokens, lexer, concrete syntax tree, parser and formatter."""
