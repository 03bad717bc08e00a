#!/bin/sh
set -e
cd "$(dirname "$0")"
rm -f orders.zip
zip -q orders.zip handler.py orders.py
