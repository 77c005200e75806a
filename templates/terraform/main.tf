{#- Prints what resolve decided; decides nothing. `hcl` quotes every value; alignment is done after. -#}
{%- macro checkov(skips) %}
{%- for s in skips %}
  #checkov:skip={{ s.id }}:{{ s.reason | comment }}
{%- endfor %}
{%- endmacro checkov %}
{%- macro keep(retain) %}
{%- if retain %}

  # removalPolicy: retain. This setting stays with the retained bucket.
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
{%- endmacro keep %}
{%- macro policy_document(name, document) %}data "aws_iam_policy_document" "{{ name }}" {
{{- self::checkov(skips=document.checkov_skips) }}
{%- for s in document.statements %}
  statement {
    sid = {{ s.sid | hcl }}
    effect = {{ s.effect | hcl }}
    actions = {{ s.actions | hcl }}
{%- if s.resources | length > 0 %}
    resources = {{ s.resources | hcl }}
{%- endif %}
{%- for p in s.principals %}

    principals {
      type = {{ p.kind | hcl }}
      identifiers = {{ p.identifiers | hcl }}
    }
{%- endfor %}
{%- for group in s.conditions %}
{%- for entry in group.entries %}

    condition {
      test = {{ group.test | hcl }}
      variable = {{ entry.variable | hcl }}
      values = {{ entry.values | hcl }}
    }
{%- endfor %}
{%- endfor %}
  }
{%- endfor %}
}
{%- endmacro policy_document -%}
data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

# Data bucket

resource "aws_s3_bucket" "data" {
{{- self::checkov(skips=stack.bucket.checkov_skips) }}
  bucket = {{ stack.bucket.name | hcl }}
  force_destroy = false
{%- if stack.bucket.retain %}

  # removalPolicy: retain. The bucket, its aws_s3_bucket_* settings and the key carry prevent_destroy:
  # `terraform destroy` leaves them once they are removed from state (see the README).
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = "Enabled"
  }
{{- self::keep(retain=stack.bucket.retain) }}
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket = aws_s3_bucket.data.id
  block_public_acls = true
  block_public_policy = true
  ignore_public_acls = true
  restrict_public_buckets = true
{{- self::keep(retain=stack.bucket.retain) }}
}

resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
{{- self::keep(retain=stack.bucket.retain) }}
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
{%- if stack.bucket.kms %}
      sse_algorithm = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
{%- else %}
      sse_algorithm = "AES256"
    }
{%- endif %}
  }
{{- self::keep(retain=stack.bucket.retain) }}
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    id = "transition-to-infrequent-access"
    status = "Enabled"

    filter {
      prefix = ""
    }

    transition {
      days = {{ stack.bucket.lifecycle.transition_to_ia_days }}
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
      noncurrent_days = {{ stack.bucket.lifecycle.noncurrent_expiration_days }}
    }
  }

  rule {
    id = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = {{ stack.bucket.lifecycle.abort_multipart_days }}
    }
  }

  depends_on = [aws_s3_bucket_versioning.data]
{{- self::keep(retain=stack.bucket.retain) }}
}
{%- if stack.bucket.metrics_configuration %}

resource "aws_s3_bucket_metric" "data" {
  bucket = aws_s3_bucket.data.id
  name = {{ stack.bucket.metrics_configuration | hcl }}
{{- self::keep(retain=stack.bucket.retain) }}
}
{%- endif %}
{%- if stack.bucket.cors | length > 0 %}

resource "aws_s3_bucket_cors_configuration" "data" {
  bucket = aws_s3_bucket.data.id
{%- for rule in stack.bucket.cors %}

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
{{- self::keep(retain=stack.bucket.retain) }}
}
{%- endif %}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.data]
{{- self::keep(retain=stack.bucket.retain) }}
}

{{ self::policy_document(name="data_bucket", document=stack.bucket.policy) }}

resource "aws_s3_bucket_logging" "data" {
  bucket = aws_s3_bucket.data.id
  target_bucket = {{ stack.bucket.access_logging.target_bucket | hcl }}
  target_prefix = {{ stack.bucket.access_logging.target_prefix | hcl }}

  depends_on = [aws_s3_bucket_policy.access_logs]
{{- self::keep(retain=stack.bucket.retain) }}
}

# Access-log bucket

resource "aws_s3_bucket" "access_logs" {
{{- self::checkov(skips=stack.access_log_bucket.checkov_skips) }}
  bucket = {{ stack.access_log_bucket.name | hcl }}
  force_destroy = {{ stack.access_log_bucket.force_destroy }}
{%- if stack.access_log_bucket.retain %}

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
{{- self::keep(retain=stack.access_log_bucket.retain) }}
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  block_public_acls = true
  block_public_policy = true
  ignore_public_acls = true
  restrict_public_buckets = true
{{- self::keep(retain=stack.access_log_bucket.retain) }}
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
{{- self::keep(retain=stack.access_log_bucket.retain) }}
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
{{- self::keep(retain=stack.access_log_bucket.retain) }}
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
      days = {{ stack.access_log_bucket.expiration_days }}
    }

    noncurrent_version_expiration {
      noncurrent_days = {{ stack.access_log_bucket.noncurrent_expiration_days }}
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = {{ stack.access_log_bucket.abort_multipart_days }}
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
{{- self::keep(retain=stack.access_log_bucket.retain) }}
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
{{- self::keep(retain=stack.access_log_bucket.retain) }}
}

{{ self::policy_document(name="access_logs", document=stack.access_log_bucket.policy) }}
{%- if stack.key %}

# Encryption key

resource "aws_kms_key" "data" {
  description = {{ stack.key.description | hcl }}
  enable_key_rotation = true
  deletion_window_in_days = {{ stack.key.deletion_window_days }}
  policy = data.aws_iam_policy_document.data_key.json
{%- if stack.key.retain %}

  # Follows the bucket's removalPolicy: retained data stays readable.
  lifecycle {
    prevent_destroy = true
  }
{%- endif %}
}

resource "aws_kms_alias" "data" {
  name = {{ stack.key.alias | hcl }}
  target_key_id = aws_kms_key.data.key_id
}

{{ self::policy_document(name="data_key", document=stack.key.policy) }}
{%- endif %}

# IAM role of the Glue job

resource "aws_iam_role" "glue" {
  name = {{ stack.role.name | hcl }}
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

{{ self::policy_document(name="glue_trust", document=stack.role.trust_policy) }}
{%- for arn in stack.role.managed_policy_arns %}

resource "aws_iam_role_policy_attachment" "glue_managed_{{ loop.index }}" {
  role = aws_iam_role.glue.name
  policy_arn = {{ arn | hcl }}
}
{%- endfor %}

resource "aws_iam_role_policy" "glue" {
  name = {{ stack.role.inline_policy_name | hcl }}
  role = aws_iam_role.glue.id
  policy = data.aws_iam_policy_document.glue_access.json
}

{{ self::policy_document(name="glue_access", document=stack.role.inline_policy) }}

# Glue job
{%- for group in stack.log_groups %}

resource "aws_cloudwatch_log_group" "glue_{{ loop.index }}" {
{{- self::checkov(skips=group.checkov_skips) }}
  name = {{ group.name | hcl }}
  retention_in_days = {{ group.retention_days }}
{%- if group.kms %}
  kms_key_id = aws_kms_key.data.arn
{%- endif %}
}
{%- endfor %}
{%- if stack.security_configuration %}

resource "aws_glue_security_configuration" "glue" {
  name = {{ stack.security_configuration.name | hcl }}

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
{%- if stack.script.upload %}

# source_hash, not etag: under SSE-KMS an object's ETag is not its MD5, and etag conflicts with kms_key_id.
resource "aws_s3_object" "script" {
  bucket = aws_s3_bucket.data.id
  key = {{ stack.script.upload.key | hcl }}
  source = "${path.module}/../{{ script_path }}"
  source_hash = filemd5("${path.module}/../{{ script_path }}")
{%- if stack.bucket.kms %}
  kms_key_id = aws_kms_key.data.arn
{%- endif %}

  # Stored as a version, under the bucket's default encryption, not before they apply.
  depends_on = [aws_s3_bucket_versioning.data, aws_s3_bucket_server_side_encryption_configuration.data]
}
{%- endif %}

resource "aws_glue_job" "this" {
{{- self::checkov(skips=stack.job.checkov_skips) }}
  name = {{ stack.job.name | hcl }}
  description = {{ stack.job.description | hcl }}
  role_arn = aws_iam_role.glue.arn
  glue_version = {{ stack.job.glue_version | hcl }}
  worker_type = {{ stack.job.worker_type | hcl }}
  number_of_workers = {{ stack.job.number_of_workers }}
  timeout = {{ stack.job.timeout_minutes }}
  max_retries = {{ stack.job.max_retries }}
{%- if stack.security_configuration %}
  security_configuration = aws_glue_security_configuration.glue.name
{%- endif %}

  command {
    name = "glueetl"
    python_version = {{ stack.job.python_version | hcl }}
    script_location = {{ stack.script.s3_uri | hcl }}
  }

  execution_property {
    max_concurrent_runs = {{ stack.job.max_concurrent_runs }}
  }

  default_arguments = {{ stack.job.arguments | hcl_map(indent=2) }}

  depends_on = [
    aws_iam_role_policy.glue,
{%- for group in stack.log_groups %}
    aws_cloudwatch_log_group.glue_{{ loop.index }},
{%- endfor %}
  ]
}

# Monitoring

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = {{ stack.dashboard.name | hcl }}
  dashboard_body = {{ stack.dashboard.body | hcl }}
}
{%- if stack.alerts %}
{%- if stack.alerts.topic.create %}

resource "aws_sns_topic" "alarms" {
{{- self::checkov(skips=stack.alerts.topic.checkov_skips) }}
  name = {{ stack.alerts.topic.name | hcl }}
{%- if stack.alerts.topic.kms %}
  kms_master_key_id = aws_kms_key.data.arn
{%- endif %}
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarm_topic.json
}

{{ self::policy_document(name="alarm_topic", document=stack.alerts.topic.policy) }}
{%- if stack.alerts.topic.email %}

resource "aws_sns_topic_subscription" "alarm_email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol = "email"
  endpoint = {{ stack.alerts.topic.email | hcl }}
}
{%- endif %}
{%- endif %}
{%- endif %}
{%- for alarm in stack.alarms %}

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
{%- if alarm.notify %}
  alarm_actions = [{{ stack.alerts.topic.arn | hcl }}]
{%- endif %}
}
{%- endfor %}
{%- if stack.alerts %}

resource "aws_cloudwatch_event_rule" "job_failure" {
  name = {{ stack.alerts.failure_rule.name | hcl }}
  description = {{ stack.alerts.failure_rule.description | hcl }}
  event_pattern = {{ stack.alerts.failure_rule.event_pattern | hcl }}
  state = "ENABLED"
}

resource "aws_cloudwatch_event_target" "job_failure" {
  rule = aws_cloudwatch_event_rule.job_failure.name
  target_id = "alarm-topic"
  arn = {{ stack.alerts.topic.arn | hcl }}
}
{%- endif %}
