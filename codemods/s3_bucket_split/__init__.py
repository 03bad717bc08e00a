"""Helpers of FX023 (s3-bucket-inline-arguments): HCL fragments as data, and one converter
per inline argument of `aws_s3_bucket` that AWS provider v4 split into its own resource."""
