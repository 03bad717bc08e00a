#!/usr/bin/env bash
# Needs unzip (not zip): we only extract the provider bundle.
set -euo pipefail
echo "zip -r is not needed here"
unzip -o bundle.zip -d vendor
gzip -9 logs.txt
7zip x archive.7z || true
cat <<DOC
zip -r out.zip .
DOC
msg='run zip -r out.zip . yourself'
echo "$msg" "$(basename bundle.zip)"
