# fixer:ignore-file FX014
// Kept as it is.
locals {
  a = 1 // one
}
