"""The codemods, one module each, and their registry."""
