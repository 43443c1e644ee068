//! Stage timing: each pipeline stage logs its start and its elapsed time.

use std::time::Instant;

/// Logs "==> what" when created and "<== what (N.NN s)" when dropped.
#[derive(Debug)]
pub struct Stage {
    what: String,
    start: Instant,
}

impl Stage {
    /// Starts a stage.
    pub fn start(what: impl Into<String>) -> Self {
        let what = what.into();
        tracing::info!("==> {what}");
        Stage { what, start: Instant::now() }
    }

    /// Seconds since the stage began.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        tracing::info!("    {} done in {:.2} s", self.what, self.start.elapsed().as_secs_f64());
    }
}
