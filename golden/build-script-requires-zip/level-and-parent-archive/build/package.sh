#!/bin/sh
# Build the layer archive next to this directory.
set -e
cd "$(dirname "$0")/layer"
pip install --quiet --target python -r requirements.txt
rm -f ../layer.zip
zip -r9 ../layer.zip .
