//! The Glue Data Catalog table a job registers its sink as (`catalog`), and the databases the stack
//! creates for them. The job's script writes through Glue's catalog sink, which creates the table
//! on its first run, updates its schema and adds partitions (AWS Glue guide, "Updating the schema,
//! and adding new partitions in the Data Catalog using AWS Glue ETL jobs"); the stack declares no
//! table, because the table's columns are the data's, which only the job knows.

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
