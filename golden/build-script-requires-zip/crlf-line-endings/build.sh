#!/bin/bash
# Written on Windows, run from Git Bash and CI.
set -e
cd src
zip -q -r ../bundle.zip app.py templates
echo done
