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
    // RUST_LOG=info shows the pipeline's stages with their times (where ours spends them)
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).with_writer(std::io::stderr).try_init();
    }
    match railyard_bench::run(Cli::parse().args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
