fn main() {
    std::process::exit(sparkgen::cli::run());
}
