#!/usr/bin/env bash
set -euo pipefail

for fn in orders billing; do
  (cd "functions/$fn" && zip -qr "../../dist/$fn.zip" handler.py lib) || exit 1
done
terraform apply -auto-approve
