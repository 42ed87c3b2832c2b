# Data lake on Google Cloud Storage: no public access, versioned, with lifecycle rules per prefix.
resource "google_storage_bucket" "lake" {
  name                        = "${var.name_prefix}-lake-${var.gcp_project}"
  location                    = var.gcp_region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = var.labels

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      age            = var.raw_retention_days
      matches_prefix = ["raw/"]
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age            = var.staging_retention_days
      matches_prefix = ["staging/"]
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      num_newer_versions = 3
    }
    action {
      type = "Delete"
    }
  }
}

# Warehouse: a BigQuery dataset, a native transactions table, and an external table over the lake's Parquet.
resource "google_bigquery_dataset" "warehouse" {
  dataset_id = var.bq_dataset
  location   = var.gcp_region
  labels     = var.labels
}

resource "google_bigquery_table" "transactions" {
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "transactions"
  deletion_protection = true
  labels              = var.labels

  time_partitioning {
    type  = "MONTH"
    field = "invoiceDate"
  }

  schema = jsonencode([
    { name = "invoiceNo", type = "STRING", mode = "REQUIRED" },
    { name = "stockCode", type = "STRING", mode = "REQUIRED" },
    { name = "description", type = "STRING", mode = "NULLABLE" },
    { name = "quantity", type = "FLOAT64", mode = "NULLABLE" },
    { name = "invoiceDate", type = "TIMESTAMP", mode = "REQUIRED", description = "naive wall-clock time of the source, stored as UTC" },
    { name = "unitPrice", type = "FLOAT64", mode = "NULLABLE" },
    { name = "customerId", type = "STRING", mode = "NULLABLE" },
    { name = "country", type = "STRING", mode = "NULLABLE" },
  ])
}

resource "google_bigquery_table" "transactions_external" {
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "transactions_lake"
  deletion_protection = false
  labels              = var.labels

  external_data_configuration {
    autodetect    = true
    source_format = "PARQUET"
    source_uris   = ["gs://${google_storage_bucket.lake.name}/staging/transactions/*.parquet"]
  }
}

# Container registry for the model server image (see ../Dockerfile).
resource "google_artifact_registry_repository" "images" {
  location      = var.gcp_region
  repository_id = "${var.name_prefix}-images"
  description   = "RetailKit model server images"
  format        = "DOCKER"
  labels        = var.labels
}
