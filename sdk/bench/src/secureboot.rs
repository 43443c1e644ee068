//! `./bench secure_boot`: what Secure Boot signing costs.
//!
//! - `build_image` of the same image root unsigned and signed (a fresh RSA-2048 db key),
//!   alternating, best of N: the overhead on a whole build, and the signing stage alone
//!   (selector + both kernel images) as a share of the build;
//! - signing one kernel image (about 19 MB) with our Authenticode signer against the stock
//!   `sbsign` on the same file and key.

use crate::measure::best;
use anyhow::{Context, Result};
use railyard_core::Cmd;
use std::path::Path;
use std::sync::Arc;

pub fn bench_secure_boot(dir: &Path, runs: usize) -> Result<()> {
    let dir = dir.join("secure-boot");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let image_root = crate::stock::bench_image_root(&dir)?;
    let (key_pem, cert_pem) = railyard_secureboot::generate("Railyard bench db", 1_700_000_000, 10)?;
    let (key, cert) = (dir.join("db.key"), dir.join("db.crt"));
    std::fs::write(&key, &key_pem)?;
    std::fs::write(&cert, &cert_pem)?;
    let signer = railyard_image::pipeline::SecureBootSigner(Arc::new(railyard_secureboot::Signer::load(&key, &cert)?));
    let mut opts = crate::stock::bench_options(&dir, image_root, false)?;
    eprintln!("bench secure_boot: a warm-up build ...");
    railyard_image::build(&opts)?;
    let mut unsigned_t = f64::MAX;
    let mut signed_t = f64::MAX;
    // alternate the two so both see the same machine state
    for _ in 0..runs.max(1) {
        opts.secure_boot = None;
        unsigned_t = unsigned_t.min(best(1, || railyard_image::build(&opts).map(|_| ()))?);
        opts.secure_boot = Some(signer.clone());
        signed_t = signed_t.min(best(1, || railyard_image::build(&opts).map(|_| ()))?);
    }
    let out = dir.join("images/amd64-usr/bench");
    let uki = out.join("railyard_production_image_usr-a.efi");
    // an unsigned build's kernel image: the input both signers get
    opts.secure_boot = None;
    railyard_image::build(&opts)?;
    let input = dir.join("usr-a.efi");
    std::fs::copy(&uki, &input).with_context(|| format!("copying {}", uki.display()))?;
    let data = std::fs::read(&input)?;
    let ours = best(runs.max(3), || signer.0.sign(&data, "usr-a.efi").map(|_| ()))?;
    // the signing stage alone: what a signed build signs (selector, both kernel images)
    let files: Vec<Vec<u8>> = [
        dir.join("image-root/usr/lib/railyard/selector/railyard-selectorx64.efi"),
        out.join("railyard_production_image_usr-a.efi"),
        out.join("railyard_production_image_usr-b.efi"),
    ]
    .iter()
    .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
    .collect::<Result<_>>()?;
    let stage = best(runs.max(3), || files.iter().try_for_each(|f| signer.0.sign(f, "bench").map(|_| ())))?;
    let theirs_out = dir.join("usr-a.sbsign.efi");
    let theirs = best(runs.max(3), || {
        let _ = std::fs::remove_file(&theirs_out);
        Cmd::new("sbsign (benchmark reference)", "sbsign").arg("--key").arg(&key).arg("--cert").arg(&cert).arg("--output").arg(&theirs_out).arg(&input).run()
    })?;
    println!(
        "secure_boot: build_image unsigned {unsigned_t:.2} s, signed {signed_t:.2} s (best of {runs}, alternating): ratio {:.3}x; the signing stage alone {stage:.3} s = {:.1}% of the unsigned build; signing the {:.1} MB kernel image: railyard {:.3} s, sbsign {:.3} s, ratio {:.2}x",
        signed_t / unsigned_t,
        100.0 * stage / unsigned_t,
        data.len() as f64 / 1e6,
        ours,
        theirs,
        ours / theirs
    );
    Ok(())
}
