#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/lambda"
rm -f function.zip
if command -v zip >/dev/null 2>&1; then
  zip -r -q function.zip index.py
else
  python3 -m zipfile -c function.zip index.py
fi
if command -v zip >/dev/null 2>&1; then zip -q ../extra.zip extra.py; else python3 -m zipfile -c ../extra.zip extra.py; fi
command -v zip >/dev/null && zip -q ../more.zip more.py || python3 -m zipfile -c ../more.zip more.py
