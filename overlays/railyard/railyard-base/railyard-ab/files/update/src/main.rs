//! railyard-update: the A/B side of a running Railyard machine.
//!
//! * `status` — which USR slot booted, every slot's GPT fields, and what became of the last
//!   update (applied and waiting for its first boot, good, or failed and rolled back).
//! * `mark-good` — marks the running slot good (`successful=1, tries=0`, priority kept) once
//!   the system reached its good point (`railyard-update-mark-good.timer`, 45 s after boot as
//!   Flatcar's update_engine waits).
//! * `check [URL]` — fetches the update manifest, checks its signature against the keys
//!   baked into /usr (`/usr/share/railyard/update-keys/*.pub`) and says whether it is newer.
//! * `apply [URL] [--force] [--reboot]` — installs a signed update into the inactive slot:
//!   see [`agent::apply`] for the order of checks and writes.
//! * `auto` — what `railyard-update-check.timer` runs: `apply` from `SERVER=` of
//!   /etc/railyard/update.conf (unset by default: nothing happens), rebooting when `REBOOT=true`.
//!
//! URL is the manifest (`…/railyard_production_update.manifest`; the payload is its sibling
//! `…_update.bin`) or a directory ending in `/` that holds both. The running slot is the
//! partition whose PARTUUID the kernel command line names in `verity.usr=PARTUUID=…` (each
//! slot's kernel image carries its own). GPT changes use the boot selector's own code (crate
//! `gptprio`): backup copy first, CRCs re-computed.
//!
//! For images on a host (tests, offline servicing): `--disk FILE --running LABEL` name the disk
//! and running slot instead of /proc and /sys; `--keys DIR`, `--os-release FILE`,
//! `--state FILE` replace the OS's paths.

// dlsym results become typed fn pointers: each field's type is the annotation
#![allow(clippy::missing_transmute_annotations)]

mod agent;
mod crypto;
mod fat;
mod http;
mod json;
mod tls;

use std::process::ExitCode;

const USAGE: &str = "usage: railyard-update status | mark-good | check [URL] | apply [URL] [--force] [--reboot] | auto
  host options: --disk FILE --running LABEL --keys DIR --os-release FILE --state FILE --config FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let opts = match agent::Opts::parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("railyard-update: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match agent::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("railyard-update: {e}");
            ExitCode::FAILURE
        }
    }
}
