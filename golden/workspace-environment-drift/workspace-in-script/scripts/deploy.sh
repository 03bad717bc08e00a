#!/usr/bin/env bash
set -euo pipefail
ENV="$1"
terraform workspace select "$ENV" || terraform workspace new "$ENV"
terraform apply -var-file="envs/$ENV.tfvars"
