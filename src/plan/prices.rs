//! What a DPU-hour of a Glue Spark job costs, as data: one row per region, both execution classes,
//! with the page the figures come from and the day they were read. `plan --region` picks the row;
//! `--price-per-dpu-hour` and `--flex-price-per-dpu-hour` replace it (a negotiated rate, or a region
//! without a row).

use serde::Serialize;

/// Where the rows come from, and when they were read from it.
pub const SOURCE: &str = "https://aws.amazon.com/glue/pricing/";
pub const AS_OF: &str = "2026-12-02";
pub const DEFAULT_REGION: &str = "us-east-1";

/// Glue bills Spark jobs (Glue 2.0 and later) per second of DPU time, with a one-minute minimum
/// per run; Flex runs the same job on spare capacity at a lower rate.
struct Row {
    region: &'static str,
    standard: f64,
    flex: f64,
}

/// The regions whose rates were checked against the pricing page. A region missing here is not
/// guessed: `plan` asks for the rate instead.
const ROWS: &[Row] = &[
    Row {
        region: "us-east-1",
        standard: 0.44,
        flex: 0.29,
    },
    Row {
        region: "us-east-2",
        standard: 0.44,
        flex: 0.29,
    },
    Row {
        region: "us-west-2",
        standard: 0.44,
        flex: 0.29,
    },
];

/// The rates a plan prices with, and where they come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Prices {
    pub region: String,
    pub currency: &'static str,
    pub standard_per_dpu_hour: f64,
    pub flex_per_dpu_hour: f64,
    /// The pricing page and the day it was read, or `"given on the command line"`.
    pub source: String,
}

impl Prices {
    /// The row of `region`, with any rate given on the command line in its place. Err: the
    /// region has no row and not both rates were given.
    pub fn for_region(
        region: &str,
        standard: Option<f64>,
        flex: Option<f64>,
    ) -> Result<Prices, String> {
        let row = ROWS.iter().find(|r| r.region == region);
        let source = |given: bool| {
            if given {
                "given on the command line".to_owned()
            } else {
                format!("{SOURCE} (as of {AS_OF})")
            }
        };
        match (row, standard, flex) {
            (_, Some(standard), Some(flex)) => Ok(Prices {
                region: region.to_owned(),
                currency: "USD",
                standard_per_dpu_hour: standard,
                flex_per_dpu_hour: flex,
                source: source(true),
            }),
            (Some(row), standard, flex) => Ok(Prices {
                region: region.to_owned(),
                currency: "USD",
                standard_per_dpu_hour: standard.unwrap_or(row.standard),
                flex_per_dpu_hour: flex.unwrap_or(row.flex),
                source: if standard.is_some() || flex.is_some() {
                    format!("{}, with a rate given on the command line", source(false))
                } else {
                    source(false)
                },
            }),
            (None, _, _) => Err(format!(
                "sparkgen has no Glue prices for region `{region}` (it has {}); give both rates: \
                 --price-per-dpu-hour USD --flex-price-per-dpu-hour USD (from {SOURCE})",
                ROWS.iter().map(|r| r.region).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    /// The rate of an execution class as the resolved job spells it (`STANDARD`, `FLEX`).
    pub fn per_dpu_hour(&self, execution_class: &str) -> f64 {
        if execution_class == "FLEX" {
            self.flex_per_dpu_hour
        } else {
            self.standard_per_dpu_hour
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_without_a_row_needs_both_rates() {
        let default = Prices::for_region(DEFAULT_REGION, None, None).expect("a row");
        assert_eq!(default.per_dpu_hour("STANDARD"), 0.44);
        assert_eq!(default.per_dpu_hour("FLEX"), 0.29);
        let err = Prices::for_region("eu-west-9", Some(0.5), None).expect_err("no row");
        assert!(err.contains("--flex-price-per-dpu-hour"), "{err}");
        let given = Prices::for_region("eu-west-9", Some(0.5), Some(0.3)).expect("given");
        assert_eq!(given.per_dpu_hour("FLEX"), 0.3);
        assert_eq!(given.source, "given on the command line");
        let negotiated = Prices::for_region("us-east-1", Some(0.4), None).expect("a row");
        assert_eq!(
            (
                negotiated.standard_per_dpu_hour,
                negotiated.flex_per_dpu_hour
            ),
            (0.4, 0.29)
        );
    }
}
