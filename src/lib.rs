//! sparkgen: one spec of an AWS Glue Spark pipeline, rendered to CloudFormation, Terraform and PySpark.

pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod generate;
pub mod plan;
pub mod render;
pub mod resolve;
pub mod spec;
pub mod starter;
pub mod team;
pub mod validate;
pub mod write;
