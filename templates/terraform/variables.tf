variable "aws_region" {
  description = "AWS Region to deploy into. Null: the AWS CLI configuration or AWS_REGION decides."
  type = string
  default = null
}
