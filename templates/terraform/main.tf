{#- Prints what resolve decided; decides nothing. `hcl` quotes every value; alignment is done after;
    policy documents come printed (render/policies.rs). -#}
{%- macro keep(retain) %}
{%- if retain %}

  # removalPolicy: retain. This setting stays with the retained bucket.
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
{%- endmacro keep -%}
data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

# {{ bucket.title }}

resource "aws_s3_bucket" "{{ bucket.id.tf }}" {
{{- bucket.checkov_skips | tf_checkov }}
  bucket = {{ bucket.name | hcl }}
  force_destroy = false
{%- if bucket.retain %}

  # removalPolicy: retain. The bucket, its aws_s3_bucket_* settings and the key carry prevent_destroy:
  # `terraform destroy` leaves them once they are removed from state (see the README).
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
}

resource "aws_s3_bucket_versioning" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id

  versioning_configuration {
    status = "Enabled"
  }
{{- self::keep(retain=bucket.retain) }}
}

resource "aws_s3_bucket_public_access_block" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id
  block_public_acls = true
  block_public_policy = true
  ignore_public_acls = true
  restrict_public_buckets = true
{{- self::keep(retain=bucket.retain) }}
}

resource "aws_s3_bucket_ownership_controls" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
{{- self::keep(retain=bucket.retain) }}
}

resource "aws_s3_bucket_server_side_encryption_configuration" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id

  rule {
    apply_server_side_encryption_by_default {
{%- if bucket.kms %}
      sse_algorithm = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
{%- else %}
      sse_algorithm = "AES256"
    }
{%- endif %}
  }
{{- self::keep(retain=bucket.retain) }}
}

resource "aws_s3_bucket_lifecycle_configuration" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id

  rule {
    id = "transition-to-infrequent-access"
    status = "Enabled"

    filter {
      prefix = ""
    }

    transition {
      days = {{ bucket.lifecycle.transition_to_ia_days }}
      storage_class = "STANDARD_IA"
    }
  }

  rule {
    id = "expire-noncurrent-versions"
    status = "Enabled"

    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = {{ bucket.lifecycle.noncurrent_expiration_days }}
    }
  }

  rule {
    id = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = {{ bucket.lifecycle.abort_multipart_days }}
    }
  }

  depends_on = [aws_s3_bucket_versioning.{{ bucket.id.tf }}]
{{- self::keep(retain=bucket.retain) }}
}
{%- if bucket.metrics_configuration %}

resource "aws_s3_bucket_metric" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id
  name = {{ bucket.metrics_configuration | hcl }}
{{- self::keep(retain=bucket.retain) }}
}
{%- endif %}
{%- if bucket.cors | length > 0 %}

resource "aws_s3_bucket_cors_configuration" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id
{%- for rule in bucket.cors %}

  cors_rule {
    allowed_origins = {{ rule.allowed_origins | hcl }}
    allowed_methods = {{ rule.allowed_methods | hcl }}
{%- if rule.allowed_headers | length > 0 %}
    allowed_headers = {{ rule.allowed_headers | hcl }}
{%- endif %}
{%- if rule.exposed_headers | length > 0 %}
    expose_headers = {{ rule.exposed_headers | hcl }}
{%- endif %}
{%- if rule.max_age %}
    max_age_seconds = {{ rule.max_age }}
{%- endif %}
  }
{%- endfor %}
{{- self::keep(retain=bucket.retain) }}
}
{%- endif %}

resource "aws_s3_bucket_policy" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id
  policy = data.aws_iam_policy_document.{{ bucket.policy_document }}.json

  depends_on = [aws_s3_bucket_public_access_block.{{ bucket.id.tf }}]
{{- self::keep(retain=bucket.retain) }}
}

{{ policies.data_bucket }}

resource "aws_s3_bucket_logging" "{{ bucket.id.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id
  target_bucket = {{ bucket.access_logging.target_bucket | hcl }}
  target_prefix = {{ bucket.access_logging.target_prefix | hcl }}

  depends_on = [aws_s3_bucket_policy.access_logs]
{{- self::keep(retain=bucket.retain) }}
}

# Access-log bucket

resource "aws_s3_bucket" "access_logs" {
{{- access_log_bucket.checkov_skips | tf_checkov }}
  bucket = {{ access_log_bucket.name | hcl }}
  force_destroy = {{ access_log_bucket.force_destroy }}
{%- if access_log_bucket.retain %}

  # Follows the data bucket's removalPolicy: retain.
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
{{- self::keep(retain=access_log_bucket.retain) }}
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  block_public_acls = true
  block_public_policy = true
  ignore_public_acls = true
  restrict_public_buckets = true
{{- self::keep(retain=access_log_bucket.retain) }}
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
{{- self::keep(retain=access_log_bucket.retain) }}
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
{{- self::keep(retain=access_log_bucket.retain) }}
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id = "expire-access-logs"
    status = "Enabled"

    filter {
      prefix = ""
    }

    expiration {
      days = {{ access_log_bucket.expiration_days }}
    }

    noncurrent_version_expiration {
      noncurrent_days = {{ access_log_bucket.noncurrent_expiration_days }}
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = {{ access_log_bucket.abort_multipart_days }}
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
{{- self::keep(retain=access_log_bucket.retain) }}
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
{{- self::keep(retain=access_log_bucket.retain) }}
}

{{ policies.access_logs }}
{%- if key %}

# Encryption key

resource "aws_kms_key" "data" {
  description = {{ key.description | hcl }}
  enable_key_rotation = true
  deletion_window_in_days = {{ key.deletion_window_days }}
  policy = data.aws_iam_policy_document.data_key.json
{%- if key.retain %}

  # Follows the bucket's removalPolicy: retained data stays readable.
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
}

resource "aws_kms_alias" "data" {
  name = {{ key.alias | hcl }}
  target_key_id = aws_kms_key.data.key_id
}

{{ policies.data_key }}
{%- endif %}
{%- for db in databases %}

# Glue Data Catalog database of the jobs' catalog tables

resource "aws_glue_catalog_database" "{{ db.id.tf }}" {
  name = {{ db.name | hcl }}
  description = {{ db.description | hcl }}
}
{%- endfor %}
{%- for j in jobs %}
{%- set p = policies.jobs | nth(n=loop.index0) %}

# IAM role of the Glue job

resource "aws_iam_role" "{{ j.ids.role.tf }}" {
  name = {{ j.role.name | hcl }}
  assume_role_policy = data.aws_iam_policy_document.{{ j.ids.trust_document.tf }}.json
}

{{ p.glue_trust }}
{%- for arn in j.role.managed_policy_arns %}

resource "aws_iam_role_policy_attachment" "{{ j.ids.managed_policy_attachment.tf }}_{{ loop.index }}" {
  role = aws_iam_role.{{ j.ids.role.tf }}.name
  policy_arn = {{ arn | hcl }}
}
{%- endfor %}

resource "aws_iam_policy" "{{ j.ids.policy.tf }}" {
  name = {{ j.role.job_policy.name | hcl }}
  description = {{ j.role.job_policy.description | hcl }}
  policy = data.aws_iam_policy_document.{{ j.ids.access_document.tf }}.json
}

resource "aws_iam_role_policy_attachment" "{{ j.ids.policy.tf }}" {
  role = aws_iam_role.{{ j.ids.role.tf }}.name
  policy_arn = aws_iam_policy.{{ j.ids.policy.tf }}.arn
}

{{ p.glue_access }}

# Glue job
{%- for group in j.log_groups %}

resource "aws_cloudwatch_log_group" "{{ j.ids.log_group.tf }}_{{ loop.index }}" {
{{- group.checkov_skips | tf_checkov }}
  name = {{ group.name | hcl }}
  retention_in_days = {{ group.retention_days }}
{%- if group.kms %}
  kms_key_id = aws_kms_key.data.arn
{%- endif %}
}
{%- endfor %}
{%- if j.security_configuration %}

resource "aws_glue_security_configuration" "{{ j.ids.security_configuration.tf }}" {
  name = {{ j.security_configuration.name | hcl }}

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn = aws_kms_key.data.arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn = aws_kms_key.data.arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn = aws_kms_key.data.arn
    }
  }
}
{%- endif %}
{%- for upload in j.script.uploads %}

# {{ upload.what }}. source_hash, not etag: under SSE-KMS an object's ETag is not its MD5, and etag conflicts with kms_key_id.
resource "aws_s3_object" "{{ upload.tf }}" {
  bucket = aws_s3_bucket.{{ bucket.id.tf }}.id
  key = {{ upload.key | hcl }}
  source = "${path.module}/../{{ upload.source }}"
  source_hash = filemd5("${path.module}/../{{ upload.source }}")
{%- if bucket.kms %}
  kms_key_id = aws_kms_key.data.arn
{%- endif %}

  # Stored as a version, under the bucket's default encryption, not before they apply.
  depends_on = [aws_s3_bucket_versioning.{{ bucket.id.tf }}, aws_s3_bucket_server_side_encryption_configuration.{{ bucket.id.tf }}]
}
{%- endfor %}

resource "aws_glue_job" "{{ j.ids.job.tf }}" {
{{- j.job.checkov_skips | tf_checkov }}
  name = {{ j.job.name | hcl }}
  description = {{ j.job.description | hcl }}
  role_arn = aws_iam_role.{{ j.ids.role.tf }}.arn
  glue_version = {{ j.job.glue_version | hcl }}
  worker_type = {{ j.job.worker_type | hcl }}
  number_of_workers = {{ j.job.number_of_workers }}
  timeout = {{ j.job.timeout_minutes }}
  max_retries = {{ j.job.max_retries }}
  execution_class = {{ j.job.execution_class | hcl }}
{%- if j.security_configuration %}
  security_configuration = aws_glue_security_configuration.{{ j.ids.security_configuration.tf }}.name
{%- endif %}

  command {
    name = "glueetl"
    python_version = {{ j.job.python_version | hcl }}
    script_location = {{ j.script.s3_uri | hcl }}
  }

  execution_property {
    max_concurrent_runs = {{ j.job.max_concurrent_runs }}
  }

  notification_property {
    notify_delay_after = {{ j.job.notify_delay_after_minutes }}
  }

  default_arguments = {{ j.job.arguments | hcl_map(indent=2) }}

  depends_on = [
    aws_iam_role_policy_attachment.{{ j.ids.policy.tf }},
{%- for group in j.log_groups %}
    aws_cloudwatch_log_group.{{ j.ids.log_group.tf }}_{{ loop.index }},
{%- endfor %}
  ]
}
{%- if j.catalog_table %}
{%- set t = j.catalog_table %}

# Data Catalog table of the job's sink: the job sets its columns and adds its partitions

resource "aws_glue_catalog_table" "{{ j.ids.catalog_table.tf }}" {
{%- if t.database_id %}
  database_name = aws_glue_catalog_database.{{ t.database_id.tf }}.name
{%- else %}
  database_name = {{ t.database | hcl }}
{%- endif %}
  name = {{ t.name | hcl }}
  description = {{ t.description | hcl }}
  table_type = "EXTERNAL_TABLE"
  parameters = {
{%- for param in t.parameters %}
    {{ param.key | hcl }} = {{ param.value | hcl }}
{%- endfor %}
  }
{%- for key in t.partition_keys %}

  partition_keys {
    name = {{ key | hcl }}
    type = "string"
  }
{%- endfor %}

  storage_descriptor {
    location = {{ t.location | hcl }}
    input_format = {{ t.input_format | hcl }}
    output_format = {{ t.output_format | hcl }}

    ser_de_info {
      serialization_library = {{ t.serde | hcl }}
{%- if t.serde_parameters %}
      parameters = {
{%- for param in t.serde_parameters %}
        {{ param.key | hcl }} = {{ param.value | hcl }}
{%- endfor %}
      }
{%- endif %}
    }
  }

  # The job's runs set the columns and parameters (UPDATE_IN_DATABASE); a later apply keeps them.
  lifecycle {
    ignore_changes = [parameters, storage_descriptor[0].columns, storage_descriptor[0].ser_de_info]
  }
}
{%- endif %}
{%- endfor %}
{%- if workflow %}

resource "aws_glue_workflow" "{{ workflow.id.tf }}" {
  name = {{ workflow.name | hcl }}
  description = {{ workflow.description | hcl }}
  max_concurrent_runs = {{ workflow.max_concurrent_runs }}
}
{%- endif %}
{%- for trigger in triggers %}

resource "aws_glue_trigger" "{{ trigger.tf_id }}" {
  name = {{ trigger.name | hcl }}
  description = {{ trigger.description | hcl }}
  type = {{ trigger.kind | hcl }}
{%- if trigger.workflow %}
  workflow_name = {{ trigger.workflow | hcl }}
{%- endif %}
{%- if trigger.schedule %}
  schedule = {{ trigger.schedule | hcl }}
{%- endif %}
  start_on_creation = {{ trigger.start_on_creation }}
{%- for job in trigger.jobs %}

  actions {
    job_name = {{ job | hcl }}
  }
{%- endfor %}
{%- if trigger.after | length > 0 %}

  predicate {
    logical = "AND"
{%- for job in trigger.after %}

    conditions {
      logical_operator = "EQUALS"
      job_name = {{ job | hcl }}
      state = "SUCCEEDED"
    }
{%- endfor %}
  }
{%- endif %}
}
{%- endfor %}

# Monitoring

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = {{ dashboard.name | hcl }}
  dashboard_body = {{ dashboard.body | hcl }}
}
{%- if topic.create %}

resource "aws_sns_topic" "alarms" {
{{- topic.checkov_skips | tf_checkov }}
  name = {{ topic.name | hcl }}
{%- if topic.kms %}
  kms_master_key_id = aws_kms_key.data.arn
{%- endif %}
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarm_topic.json
}

{{ policies.alarm_topic }}
{%- if topic.email %}

resource "aws_sns_topic_subscription" "alarm_email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol = "email"
  endpoint = {{ topic.email | hcl }}
}
{%- endif %}
{%- endif %}
{%- for j in jobs %}
{%- for alarm in j.alarms %}

resource "aws_cloudwatch_metric_alarm" "{{ alarm.tf_id }}" {
  alarm_name = {{ alarm.name | hcl }}
  alarm_description = {{ alarm.description | hcl }}
  namespace = {{ alarm.namespace | hcl }}
  metric_name = {{ alarm.metric_name | hcl }}
  dimensions = {{ alarm.dimensions | hcl_map(indent=2) }}
  statistic = {{ alarm.statistic | hcl }}
  period = {{ alarm.period_seconds }}
  evaluation_periods = {{ alarm.evaluation_periods }}
  datapoints_to_alarm = {{ alarm.datapoints_to_alarm }}
  threshold = {{ alarm.threshold }}
  comparison_operator = {{ alarm.comparison_operator | hcl }}
  treat_missing_data = {{ alarm.treat_missing_data | hcl }}
  alarm_actions = [{{ topic.arn | hcl }}]
}
{%- endfor %}
{%- for rule in j.rules %}

resource "aws_cloudwatch_event_rule" "{{ rule.tf_id }}" {
  name = {{ rule.name | hcl }}
  description = {{ rule.description | hcl }}
  event_pattern = {{ rule.event_pattern | hcl }}
  state = "ENABLED"
}

resource "aws_cloudwatch_event_target" "{{ rule.tf_id }}" {
  rule = aws_cloudwatch_event_rule.{{ rule.tf_id }}.name
  target_id = "alarm-topic"
  arn = {{ topic.arn | hcl }}
}
{%- endfor %}
{%- endfor %}
