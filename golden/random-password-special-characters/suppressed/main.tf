# fixer:ignore FX006 the legacy app only reads this password from its own config file
resource "random_password" "legacy" {
  length = 24
}

resource "aws_ssm_parameter" "legacy" {
  name  = "/legacy/password"
  type  = "SecureString"
  value = random_password.legacy.result
}
