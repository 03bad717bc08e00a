locals {
  a = 1 /* spread over
  two lines */ + 2
}
