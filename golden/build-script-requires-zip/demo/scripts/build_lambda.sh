#!/usr/bin/env bash
# Package the Lambda function before `terraform apply`.
set -euo pipefail

cd "$(dirname "$0")/../lambda"
rm -f function.zip
zip -r -q function.zip index.py
echo "built lambda/function.zip"
