//! The one progress stream and log setup of the commands.
//!
//! [`Progress`] shows a bar (known total) or a spinner on stderr when stderr is a terminal,
//! and plain `label: message` lines when it is not, so CI logs stay readable. It never writes
//! to stdout: `--json` output stays the only thing there. [`init_logging`] sets up `tracing`
//! on stderr at the level of `-v` (info, debug, trace), or as `RAILYARD_LOG` says
//! (`RAILYARD_LOG=railyard::cmd=debug` shows every tool command line).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Environment variable holding a `tracing` filter (`debug`, `railyard::cmd=debug`, ...).
pub const LOG_ENV: &str = "RAILYARD_LOG";

/// Sets up `tracing` on stderr: `RAILYARD_LOG` (or `RUST_LOG`) if set and valid, else the
/// level of `verbose` (0 info, 1 debug, 2+ trace).
pub fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let level = match verbose {
        0 => "info",
        1 => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_env(LOG_ENV)
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .try_init();
}

/// Progress of one stage: per item (`total` known: a bar) or open-ended (a spinner).
pub struct Progress {
    label: String,
    bar: Option<ProgressBar>,
    /// Off a terminal: print `label: message` lines (false: print nothing of its own).
    plain: bool,
}

impl Progress {
    /// Starts progress for `label`, drawn only when stderr is a terminal.
    pub fn new(label: impl Into<String>, total: Option<u64>) -> Self {
        Self::with_terminal(label, total, std::io::stderr().is_terminal())
    }

    /// A bar on a terminal and nothing of its own otherwise: for commands whose plain output
    /// is already their own lines (printed with [`Progress::println`]), which tests and logs
    /// read, so it stays as it is when stderr is not a terminal.
    pub fn bar_only(label: impl Into<String>, total: Option<u64>) -> Self {
        let mut p = Self::new(label, total);
        p.plain = false;
        p
    }

    fn with_terminal(label: impl Into<String>, total: Option<u64>, terminal: bool) -> Self {
        let label = label.into();
        let bar = terminal.then(|| {
            let (bar, template) = match total {
                Some(n) => (ProgressBar::new(n), "{prefix} [{bar:30}] {pos}/{len} {msg}"),
                None => (ProgressBar::new_spinner(), "{prefix} {spinner} {elapsed} {msg}"),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(label.clone());
            if total.is_none() {
                bar.enable_steady_tick(Duration::from_millis(200));
            }
            bar
        });
        Progress { label, bar, plain: true }
    }

    /// Shows `msg` as what is happening now (a plain line when not on a terminal).
    pub fn message(&self, msg: &str) {
        match &self.bar {
            Some(b) => b.set_message(msg.to_string()),
            None if self.plain => eprintln!("{}", self.line(msg)),
            None => {}
        }
    }

    /// One item done: advances the bar (a plain line naming the item otherwise).
    pub fn step(&self, item: &str) {
        match &self.bar {
            Some(b) => {
                b.set_message(item.to_string());
                b.inc(1);
            }
            None if self.plain => eprintln!("{}", self.line(item)),
            None => {}
        }
    }

    /// Ends the progress with a final line (kept on a terminal, printed plainly otherwise).
    pub fn finish(self, msg: &str) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if self.plain || self.bar.is_some() {
            eprintln!("{}", self.line(msg));
        }
    }

    /// Removes the bar without a final line.
    pub fn clear(self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    /// A line of output, exactly `text`: above the bar on a terminal, plain otherwise.
    pub fn println(&self, text: &str) {
        match &self.bar {
            Some(b) => b.println(text),
            None => eprintln!("{text}"),
        }
    }

    /// The plain line for `msg`.
    fn line(&self, msg: &str) -> String {
        format!("{}: {msg}", self.label)
    }

    /// Whether a bar or spinner is drawn (false under CI and pipes).
    pub fn is_drawn(&self) -> bool {
        self.bar.is_some()
    }
}

/// A bar left behind (an error returned early) is removed.
impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            if !b.is_finished() {
                b.finish_and_clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_off_a_terminal_and_a_bar_on_one() {
        let p = Progress::with_terminal("boot_image", Some(3), false);
        assert!(!p.is_drawn());
        assert_eq!(p.line("booting"), "boot_image: booting");
        let p = Progress::with_terminal("image_to_vm", Some(3), true);
        assert!(p.is_drawn());
        p.step("vhd");
        assert_eq!(p.bar.as_ref().map(|b| b.position()), Some(1));
        p.finish("done");
        let mut q = Progress::with_terminal("image_to_vm", Some(2), false);
        q.plain = false;
        assert!(!q.plain && !q.is_drawn());
        q.step("vhd");
        q.println("vhd (1.0 s):");
        q.clear();
    }
}
