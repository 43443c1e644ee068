//! `./bench`: Railyard against the stock tools, measured in the same run.

use clap::Parser;

/// Benchmarks against the stock tools, measured in the same run (prints ratios).
#[derive(Debug, Parser)]
#[command(name = "bench")]
struct Cli {
    #[command(flatten)]
    args: railyard_bench::BenchArgs,
}

fn main() -> std::process::ExitCode {
    match railyard_bench::run(Cli::parse().args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
