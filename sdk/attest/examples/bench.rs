//! Benchmark: digest + attest + sign a ~1 GiB release directory, compared with `sha256sum`.
//!
//! ```text
//! cd /work/main && CARGO_TARGET_DIR=/work/target-attest cargo run --release -p railyard-attest --example bench
//! ```
//! Options (environment): `BENCH_MIB` total size in MiB (default 1024), `BENCH_FILES` number of
//! files (default 8), `BENCH_RUNS` repetitions, best time reported (default 2).
//!
//! Files are written into a temporary directory and stay in the page cache, so both sides measure
//! hashing, not the disk. Our pipeline computes SHA-256 **and** SHA-512 of every file (one read
//! pass each, files in parallel), writes the DIGESTS files, builds and signs the SLSA statement and
//! writes the `.intoto.jsonl`; `sha256sum` computes SHA-256 only, single-threaded.

use railyard_attest::release::{attest_release, ReleaseSpec};
use railyard_attest::slsa::{BuildDefinition, Builder, Provenance, RunDetails};
use railyard_attest::verify::{verify_release, VerifyOptions};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU seconds (user + system) of this process and of its waited-for children, from
/// `/proc/self/stat` (Linux; clock ticks assumed to be 100 Hz). `None` elsewhere.
fn cpu_times() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<f64> = rest
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // After the ")" field 3 (state) is not numeric, so utime (field 14) is f[10].
    Some((
        (f.get(10)? + f.get(11)?) / 100.0,
        (f.get(12)? + f.get(13)?) / 100.0,
    ))
}

/// Best wall time and the CPU time of that run (own + children).
fn best<F: FnMut() -> Result<(), Box<dyn std::error::Error>>>(
    runs: usize,
    mut f: F,
) -> Result<(Duration, f64), Box<dyn std::error::Error>> {
    let mut best = (Duration::MAX, 0.0);
    for _ in 0..runs.max(1) {
        let c0 = cpu_times().unwrap_or_default();
        let t = Instant::now();
        f()?;
        let wall = t.elapsed();
        let c1 = cpu_times().unwrap_or_default();
        if wall < best.0 {
            best = (wall, (c1.0 - c0.0) + (c1.1 - c0.1));
        }
    }
    Ok(best)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let total_mib = env_usize("BENCH_MIB", 1024);
    let nfiles = env_usize("BENCH_FILES", 8).max(1);
    let runs = env_usize("BENCH_RUNS", 2);
    let dir = tempfile::tempdir()?;
    let per_file = (total_mib << 20) / nfiles;
    println!(
        "creating {nfiles} files x {} MiB in {}",
        per_file >> 20,
        dir.path().display()
    );
    let mut names = Vec::new();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut chunk = vec![0u8; 1 << 20];
    // BENCH_DIR=<build output directory>: benchmark a copy of a real output directory instead
    // (its artefacts, sparse files kept sparse).
    let real = std::env::var_os("BENCH_DIR").map(PathBuf::from);
    if let Some(src) = &real {
        for e in std::fs::read_dir(src)? {
            let p = e?.path();
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !p.is_file()
                || n.ends_with(".DIGESTS")
                || n.ends_with(".intoto.jsonl")
                || n.ends_with(".log")
            {
                continue;
            }
            let st = Command::new("cp")
                .arg("--sparse=always")
                .arg(&p)
                .arg(dir.path().join(&n))
                .status()?;
            if !st.success() {
                return Err(format!("cp {} failed", p.display()).into());
            }
            names.push(n);
        }
        names.sort();
    }
    for i in 0..if real.is_some() { 0 } else { nfiles } {
        let name = format!("image-{i}.raw");
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.path().join(&name))?);
        let mut left = per_file;
        while left > 0 {
            for w in chunk.chunks_exact_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                w.copy_from_slice(&state.to_le_bytes());
            }
            let n = left.min(chunk.len());
            f.write_all(&chunk[..n])?;
            left -= n;
        }
        f.flush()?;
        names.push(name);
    }
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
    let nfiles = names.len();
    let total: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    let gib = total as f64 / (1u64 << 30) as f64;

    let coreutils = |tool: &str| -> Result<(Duration, f64), Box<dyn std::error::Error>> {
        best(runs, || {
            let st = Command::new(tool)
                .args(&paths)
                .stdout(std::process::Stdio::null())
                .status()?;
            if !st.success() {
                return Err(format!("{tool} failed").into());
            }
            Ok(())
        })
    };
    let t_sha256sum = coreutils("sha256sum")?;
    let t_sha512sum = coreutils("sha512sum")?;

    let key = ed25519_dalek::SigningKey::from_bytes(&[42u8; 32]);
    let spec = |threads: usize| ReleaseSpec {
        dir: dir.path().to_path_buf(),
        files: names.clone(),
        name: "bench".into(),
        provenance: Provenance {
            build_definition: BuildDefinition {
                build_type: "https://railyard.invalid/buildtypes/image/v1".into(),
                external_parameters: BTreeMap::from([("board".to_string(), "amd64-usr".into())]),
                internal_parameters: BTreeMap::new(),
                resolved_dependencies: vec![],
            },
            run_details: RunDetails {
                builder: Builder {
                    id: "https://railyard.invalid/builders/bench".into(),
                    version: BTreeMap::new(),
                    builder_dependencies: vec![],
                },
                metadata: None,
                byproducts: vec![],
            },
        },
        sbom: None,
        threads,
    };
    let t_ours_1 = best(runs, || {
        attest_release(&spec(1), &key)
            .map(|_| ())
            .map_err(Into::into)
    })?;
    let t_ours = best(runs, || {
        attest_release(&spec(0), &key)
            .map(|_| ())
            .map_err(Into::into)
    })?;
    let envelope = dir.path().join("bench.intoto.jsonl");
    let mut verdict = None;
    let t_verify = best(runs, || {
        verdict = Some(verify_release(
            dir.path(),
            &key.verifying_key(),
            &envelope,
            &VerifyOptions::default(),
        )?);
        Ok(())
    })?;

    let rate = |d: Duration| gib * 1024.0 / d.as_secs_f64();
    let line = |label: &str, (d, cpu): (Duration, f64)| {
        println!(
            "{label:<44} wall {:>7.3} s  {:>6.0} MiB/s   cpu {cpu:>6.2} s",
            d.as_secs_f64(),
            rate(d)
        );
    };
    println!("data: {gib:.2} GiB in {nfiles} files, page cache warm, best of {runs}");
    if let Ok(l) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average at end: {}", l.trim());
    }
    line("sha256sum (sha256 only, 1 thread)", t_sha256sum);
    line("sha512sum (sha512 only, 1 thread)", t_sha512sum);
    line("railyard attest, 1 thread (sha256+sha512)", t_ours_1);
    line(
        &format!(
            "railyard attest, {} threads (sha256+sha512)",
            railyard_attest::digests::default_threads()
        ),
        t_ours,
    );
    line("railyard verify (sig + subjects + DIGESTS)", t_verify);
    println!(
        "ratio railyard attest / sha256sum: wall {:.2}, cpu {:.2}",
        t_ours.0.as_secs_f64() / t_sha256sum.0.as_secs_f64(),
        t_ours.1 / t_sha256sum.1
    );
    println!(
        "ratio railyard attest / (sha256sum + sha512sum): wall {:.2}, cpu {:.2}",
        t_ours.0.as_secs_f64() / (t_sha256sum.0 + t_sha512sum.0).as_secs_f64(),
        t_ours.1 / (t_sha256sum.1 + t_sha512sum.1)
    );
    if let Some(v) = verdict {
        println!("verify outcome: {:?}", v.outcome());
    }
    Ok(())
}
