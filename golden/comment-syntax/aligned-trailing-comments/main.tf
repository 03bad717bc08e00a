locals {
  a   = 1 /* first */
  bbb = 2 # second
}
