/// Print the JSON Schema of the spec (also committed at schema/sparkgen.schema.json).
#[derive(clap::Args)]
#[command(after_help = "Example:\n  sparkgen schema > sparkgen.schema.json")]
pub struct Args {}

pub fn run(_: Args) -> super::Status {
    println!("{}", crate::spec::schema_json());
    super::Status::Ok
}
