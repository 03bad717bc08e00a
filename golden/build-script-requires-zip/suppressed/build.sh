#!/usr/bin/env bash
set -euo pipefail
cd lambda
# fixer:ignore FX011 the build image installs zip
zip -r -q ../function.zip .
