variable "gcp_project" {
  description = "Google Cloud project id that holds the lake bucket, the BigQuery dataset and the container registry."
  type        = string
}

variable "gcp_region" {
  description = "Region for the bucket, the registry and Cloud Run."
  type        = string
  default     = "europe-west2"
}

variable "aws_region" {
  description = "AWS region of the S3 lake bucket (and Redshift, when used)."
  type        = string
  default     = "eu-west-2"
}

variable "name_prefix" {
  description = "Prefix of every resource name, e.g. retailkit-dev."
  type        = string
  default     = "retailkit"
}

variable "bq_dataset" {
  description = "BigQuery dataset for the warehouse tables."
  type        = string
  default     = "retailkit"
}

variable "raw_retention_days" {
  description = "Days after which objects under raw/ in the lake bucket are deleted."
  type        = number
  default     = 365
}

variable "staging_retention_days" {
  description = "Days after which objects under staging/ in the lake bucket are deleted."
  type        = number
  default     = 30
}

variable "labels" {
  description = "Labels (GCP) and tags (AWS) put on every resource."
  type        = map(string)
  default     = { app = "retailkit" }
}
