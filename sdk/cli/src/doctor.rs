//! `railyard doctor`: for each command, the tools it needs (from `sdk/core/tools.toml` and
//! the boards' `[qemu]` sections) and whether they are present; exits non-zero when any is
//! missing, naming the Debian packages to install.

use anyhow::Result;
use railyard_core::tools;

/// Arguments of `doctor`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check only what runs inside the SDK container (skip host-only commands such as
    /// run_sdk_container); the default inside the SDK image.
    #[arg(long)]
    sdk: bool,
    /// Check only this board's qemu and firmware (default: every board).
    #[arg(long)]
    board: Option<String>,
    /// Print the checks as JSON on standard output.
    #[arg(long)]
    json: bool,
}

/// Whether this process runs in the Railyard SDK image.
fn in_sdk() -> bool {
    std::path::Path::new("/usr/share/railyard/sdk-packages.txt").is_file()
}

/// Runs `doctor`; returns whether everything is present.
pub fn run(a: Args) -> Result<bool> {
    let root = railyard_core::repo::root()?;
    let mut boards = tools::boards(&root)?;
    if let Some(b) = &a.board {
        boards.retain(|x| &x.board.name == b);
        if boards.is_empty() {
            anyhow::bail!("unknown board {b:?} (no board-configs/{b}/board.toml)");
        }
    }
    let sdk = a.sdk || in_sdk();
    let checks = tools::check(&boards, sdk);
    let mut missing: Vec<&str> = checks.iter().filter(|c| c.found.is_none()).map(|c| c.package.as_str()).collect();
    missing.sort();
    missing.dedup();
    if a.json {
        let v = serde_json::json!({ "sdk": sdk, "ok": missing.is_empty(), "missing_packages": missing, "checks": checks });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        let mut last = "";
        for c in &checks {
            if c.command != last {
                println!("{}", c.command);
                last = &c.command;
            }
            let board = c.board.as_deref().map(|b| format!(" [{b}]")).unwrap_or_default();
            match &c.found {
                Some(p) => println!("  ok       {} {}{board} ({}) {}", c.kind, c.name, c.package, p.display()),
                None => println!("  MISSING  {} {}{board} (install the Debian package {})", c.kind, c.name, c.package),
            }
        }
    }
    if missing.is_empty() {
        eprintln!("doctor: all {} requirements present{}", checks.len(), if sdk { " (SDK commands)" } else { "" });
    } else {
        eprintln!("doctor: missing tools; install the Debian packages: {}", missing.join(" "));
    }
    Ok(missing.is_empty())
}
