output "gcs_lake_uri" {
  description = "Pass as --lake gs://… (GCS) to the CLI."
  value       = "gs://${google_storage_bucket.lake.name}"
}

output "s3_lake_uri" {
  description = "Pass as --lake s3://… to the CLI."
  value       = "s3://${aws_s3_bucket.lake.bucket}"
}

output "bigquery_warehouse" {
  description = "Pass as --warehouse bigquery:project.dataset to the CLI."
  value       = "bigquery:${var.gcp_project}.${google_bigquery_dataset.warehouse.dataset_id}"
}

output "image_repository" {
  description = "Docker repository for the model server image."
  value       = "${var.gcp_region}-docker.pkg.dev/${var.gcp_project}/${google_artifact_registry_repository.images.repository_id}"
}
