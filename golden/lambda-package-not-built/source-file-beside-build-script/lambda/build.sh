#!/bin/sh
set -e
cd "$(dirname "$0")"
zip -q report.zip index.py
