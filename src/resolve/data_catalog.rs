//! The Glue Data Catalog table a job registers its sink as (`catalog`), and the databases the stack
//! creates for them. The stack declares the table (its location, format and partition keys, in
//! the sink's order, which the catalog sink requires to match) and the job's script writes through
//! Glue's catalog sink with `UPDATE_IN_DATABASE`, which sets the table's columns from the data and
//! adds each new partition (AWS Glue guide, "Updating the schema, and adding new partitions in the
//! Data Catalog using AWS Glue ETL jobs"): the columns are the data's, which only the job knows.

use serde::Serialize;

use super::ids;
use super::interp::Interp;
use crate::catalog::DataFormat;
use crate::spec::Spec;

/// `updateBehavior` of the catalog sink: create or update the table's schema and partitions.
pub const UPDATE_BEHAVIOR: &str = "UPDATE_IN_DATABASE";

/// One job's sink as a catalog table, read by the PySpark script and the role's policy.
#[derive(Debug, Clone, Serialize)]
pub struct SinkTable {
    pub database: String,
    pub table: String,
    pub update_behavior: &'static str,
    /// The Glue writer format: `glueparquet` for Parquet (the writer AWS documents for creating and
    /// updating Parquet tables from a job), otherwise the format's own name.
    pub glue_format: &'static str,
    /// `arn:...:catalog`, `arn:...:database/DB`, `arn:...:table/DB/TABLE`: every Data Catalog
    /// table call is authorised on all three.
    #[serde(skip)]
    pub arns: Vec<Interp>,
}

/// The table the stack declares for a job's sink; the job fills in its columns.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogTable {
    pub name: String,
    pub database: String,
    /// The database's resource when the stack creates it, so the table is created after it.
    pub database_id: Option<ids::Id>,
    pub description: String,
    /// The sink's `s3://` folder.
    pub location: String,
    /// The sink's partition keys, in order, as strings (their values are folder names).
    pub partition_keys: Vec<String>,
    pub input_format: &'static str,
    pub output_format: &'static str,
    pub serde: &'static str,
    pub serde_parameters: Vec<Parameter>,
    /// `classification` and the format's own table parameters.
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub key: &'static str,
    pub value: &'static str,
}

pub(super) fn table(spec: &Spec, databases: &[Database]) -> Option<CatalogTable> {
    let catalog = spec.catalog.as_ref()?;
    let format = spec.sink.format.info().table;
    let params = |pairs: &[(&'static str, &'static str)]| -> Vec<Parameter> {
        pairs
            .iter()
            .map(|&(key, value)| Parameter { key, value })
            .collect()
    };
    let mut parameters = vec![Parameter {
        key: "classification",
        value: format.classification,
    }];
    parameters.extend(params(format.parameters));
    Some(CatalogTable {
        name: catalog.table.clone(),
        database: catalog.database.clone(),
        database_id: databases
            .iter()
            .find(|d| d.name == catalog.database)
            .map(|d| d.id.clone()),
        description: format!(
            "sparkgen: the sink of Glue job {}; the job sets its columns and adds its partitions",
            spec.glue_job_name
        ),
        location: spec.sink_path(),
        partition_keys: spec.sink.partition_keys.clone(),
        input_format: format.input_format,
        output_format: format.output_format,
        serde: format.serde,
        serde_parameters: params(format.serde_parameters),
        parameters,
    })
}

/// A Data Catalog database the stack creates.
#[derive(Debug, Clone, Serialize)]
pub struct Database {
    pub id: ids::Id,
    pub name: String,
    pub description: String,
}

pub(super) fn sink_table(spec: &Spec) -> Option<SinkTable> {
    let catalog = spec.catalog.as_ref()?;
    let glue = |resource: &str| Interp::arn("glue", true, resource);
    let arns = vec![
        glue("catalog"),
        glue(&format!("database/{}", catalog.database)),
        glue(&format!("table/{}/{}", catalog.database, catalog.table)),
    ];
    Some(SinkTable {
        database: catalog.database.clone(),
        table: catalog.table.clone(),
        update_behavior: UPDATE_BEHAVIOR,
        glue_format: match spec.sink.format {
            DataFormat::Parquet => "glueparquet",
            other => other.label(),
        },
        arns,
    })
}

/// The databases the jobs' `catalog` name that the stack creates (not `existingDatabase`), once
/// each, in the order the jobs name them.
pub(super) fn databases<'a>(specs: impl Iterator<Item = &'a Spec>) -> Vec<Database> {
    let mut names: Vec<String> = Vec::new();
    for spec in specs {
        if let Some(catalog) = &spec.catalog {
            if !catalog.existing_database && !names.contains(&catalog.database) {
                names.push(catalog.database.clone());
            }
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Database {
            id: ids::catalog_database(i),
            description: format!(
                "sparkgen: the Glue jobs that write into it create and update its tables ({name})"
            ),
            name,
        })
        .collect()
}
