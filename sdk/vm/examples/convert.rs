//! Minimal command line around the writers, for manual checks and timing:
//!
//! ```text
//! cargo run --release -p railyard-vm --example convert -- <vhd|vmdk|qcow2> RAW OUT [SOURCE_DATE_EPOCH]
//! ```

use std::path::Path;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, raw, out, rest @ ..] = args.as_slice() else {
        return Err("usage: convert <vhd|vmdk|qcow2> RAW OUT [SOURCE_DATE_EPOCH]".into());
    };
    let epoch = match rest.first() {
        Some(e) => e.parse().map_err(|e| format!("SOURCE_DATE_EPOCH: {e}"))?,
        None => 0,
    };
    let format: railyard_vm::Format = format.parse()?;
    let opts = railyard_vm::Options::new(epoch, "");
    let written = railyard_vm::write(format, Path::new(raw), Path::new(out), &opts)
        .map_err(|e| e.to_string())?;
    println!("{written:?}");
    Ok(())
}
