locals {
  # fixer:ignore FX022 read by the deploy script through terraform console
  build_id = "2024-01"
}
