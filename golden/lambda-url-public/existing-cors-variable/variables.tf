variable "env" {
  type = string
}

variable "cors_allowed_origins" {
  description = "Origins the browser front end is served from."
  type        = list(string)
  default     = ["https://app.example.com"]
}
