//! Timing shared by the benchmarks.

use anyhow::Result;
use std::time::Instant;

/// Best (lowest) wall time of `runs` runs of `f`.
pub fn best<F: FnMut() -> Result<()>>(runs: usize, mut f: F) -> Result<f64> {
    let mut b = f64::MAX;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        f()?;
        b = b.min(t.elapsed().as_secs_f64());
    }
    Ok(b)
}
