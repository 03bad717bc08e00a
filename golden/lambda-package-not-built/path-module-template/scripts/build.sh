#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../lambda"
zip -q function.zip index.py
