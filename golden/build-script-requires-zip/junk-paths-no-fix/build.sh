#!/usr/bin/env bash
set -euo pipefail
# Flatten the sources: the handler imports its helpers as top-level modules.
zip -j function.zip src/handler.py src/helpers/*.py
