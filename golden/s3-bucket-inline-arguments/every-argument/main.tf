terraform {
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 3.75"
    }
  }
}

resource "aws_s3_bucket" "destination" {
  bucket = "acme-replica"

  versioning {
    enabled = true
  }
}

# The site's bucket.
resource "aws_s3_bucket" "site" {
  bucket        = "acme-site"
  acl           = "public-read" # served publicly
  force_destroy = false
  policy        = data.aws_iam_policy_document.site.json

  versioning {
    enabled    = true
    mfa_delete = false
  }

  # Keep logs for a year.
  logging {
    target_bucket = "acme-logs"
  }

  website {
    index_document           = "index.html"
    error_document           = "error.html"
  }

  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }

  lifecycle_rule {
    id      = "archive"
    enabled = true
    prefix  = "logs/"

    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }

    noncurrent_version_expiration {
      days = 90
    }
  }

  lifecycle_rule {
    enabled                                = var.expire
    abort_incomplete_multipart_upload_days = 7
    tags = {
      Temporary = "yes"
    }

    expiration {
      date = "2030-01-31"
    }
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }

  replication_configuration {
    role = "arn:aws:iam::123456789012:role/replication"

    rules {
      id                               = "all"
      status                           = "Enabled"
      delete_marker_replication_status = "Enabled"

      filter {}

      destination {
        bucket        = aws_s3_bucket.destination.arn
        storage_class = "STANDARD"
        account_id    = "123456789012"

        replication_time {
          status  = "Enabled"
          minutes = 15
        }

        metrics {
          status  = "Enabled"
          minutes = 15
        }
      }

      source_selection_criteria {
        sse_kms_encrypted_objects {
          enabled = true
        }
      }
    }
  }

  request_payer       = "BucketOwner"
  acceleration_status = "Enabled"

  tags = {
    Name = "site"
  }
}

variable "expire" {
  type    = bool
  default = true
}

data "aws_iam_policy_document" "site" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-site/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

output "endpoint" {
  value = aws_s3_bucket.site.website_endpoint
}
