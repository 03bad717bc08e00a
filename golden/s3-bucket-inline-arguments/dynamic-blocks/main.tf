terraform {
  required_version = ">= 1.7"
}

variable "website" {
  type    = map(string)
  default = {}
}

variable "cors_rules" {
  type    = any
  default = []
}

variable "lifecycle_rules" {
  type    = any
  default = []
}

variable "versioning" {
  type    = map(string)
  default = {}
}

variable "names" {
  type    = set(string)
  default = ["a", "b"]
}

resource "aws_s3_bucket" "this" {
  bucket = "acme-module"
  acl    = var.acl

  dynamic "website" {
    for_each = length(keys(var.website)) == 0 ? [] : [var.website]

    content {
      index_document           = lookup(website.value, "index_document", null)
      error_document           = lookup(website.value, "error_document", null)
      redirect_all_requests_to = lookup(website.value, "redirect_all_requests_to", null)
      routing_rules            = lookup(website.value, "routing_rules", null)
    }
  }

  dynamic "cors_rule" {
    for_each = var.cors_rules

    content {
      allowed_methods = cors_rule.value.allowed_methods
      allowed_origins = cors_rule.value.allowed_origins
    }
  }

  dynamic "versioning" {
    for_each = length(keys(var.versioning)) == 0 ? [] : [var.versioning]

    content {
      enabled    = lookup(versioning.value, "enabled", null)
      mfa_delete = lookup(versioning.value, "mfa_delete", null)
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.lifecycle_rules
    iterator = rule

    content {
      id                                     = lookup(rule.value, "id", null)
      prefix                                 = lookup(rule.value, "prefix", null)
      tags                                   = lookup(rule.value, "tags", null)
      abort_incomplete_multipart_upload_days = lookup(rule.value, "abort_incomplete_multipart_upload_days", null)
      enabled                                = rule.value.enabled

      dynamic "expiration" {
        for_each = length(keys(lookup(rule.value, "expiration", {}))) == 0 ? [] : [lookup(rule.value, "expiration", {})]

        content {
          date = lookup(expiration.value, "date", null)
          days = lookup(expiration.value, "days", null)
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = length(keys(lookup(rule.value, "noncurrent_version_expiration", {}))) == 0 ? [] : [lookup(rule.value, "noncurrent_version_expiration", {})]

        content {
          days = lookup(noncurrent_version_expiration.value, "days", null)
        }
      }
    }
  }
}

variable "acl" {
  type    = string
  default = "private"
}

resource "aws_s3_bucket" "many" {
  for_each = var.names
  bucket   = "acme-${each.key}"
  acl      = "private"

  versioning {
    enabled = each.key == "a"
  }
}

resource "aws_s3_bucket" "counted" {
  count  = 2
  bucket = "acme-${count.index}"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }

  dynamic "website" {
    for_each = []
    content {
      index_document = "x"
    }
  }
}

output "site" {
  value = aws_s3_bucket.this.website_endpoint
}

output "acls" {
  value = [for b in aws_s3_bucket.many : b.acl]
}

output "acl_a" {
  value = aws_s3_bucket.many["a"].acl
}
