//! One way to run external tools: a description, stdin from /dev/null, a minimal
//! environment (C.UTF-8, UTC, SOURCE_DATE_EPOCH when given), the command logged at debug
//! level, and on failure an error that names the step, the command, the exit status and
//! the tail of its stderr.

use anyhow::{bail, Context, Result};
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};

/// Environment variables passed through to child processes.
const PASS_ENV: &[&str] = &["PATH", "HOME", "TERM", "TMPDIR", "USER", "LOGNAME"];

/// Debian package that provides a tool, for "not found" hints (from `sdk/core/tools.toml`).
fn package_hint(program: &str) -> Option<&'static str> {
    crate::tools::package_for(program)
}

/// A command to run.
#[derive(Debug)]
pub struct Cmd {
    what: String,
    cmd: Command,
    line: String,
}

fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+%".contains(c)) {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

impl Cmd {
    /// `what` says in a few words what the command does ("formatting the ESP").
    pub fn new(what: impl Into<String>, program: impl AsRef<OsStr>) -> Self {
        let mut cmd = Command::new(program.as_ref());
        cmd.env_clear();
        for k in PASS_ENV {
            if let Some(v) = std::env::var_os(k) {
                cmd.env(k, v);
            }
        }
        cmd.env("LANG", "C.UTF-8").env("LC_ALL", "C.UTF-8").env("TZ", "UTC");
        cmd.stdin(Stdio::null());
        Cmd { what: what.into(), cmd, line: quote(program.as_ref()) }
    }

    /// Adds one argument.
    pub fn arg(mut self, a: impl AsRef<OsStr>) -> Self {
        self.line.push(' ');
        self.line.push_str(&quote(a.as_ref()));
        self.cmd.arg(a);
        self
    }

    /// Adds several arguments.
    pub fn args<I, S>(mut self, it: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for a in it {
            self = self.arg(a);
        }
        self
    }

    /// Sets an environment variable for the child.
    pub fn env(mut self, k: impl AsRef<OsStr>, v: impl AsRef<OsStr>) -> Self {
        self.cmd.env(k, v);
        self
    }

    /// Sets SOURCE_DATE_EPOCH (and the e2fsprogs/mtools equivalents).
    pub fn epoch(self, epoch: u64) -> Self {
        let e = epoch.to_string();
        self.env("SOURCE_DATE_EPOCH", &e).env("E2FSPROGS_FAKE_TIME", &e)
    }

    /// Runs in `dir`.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// The shell-quoted command line.
    pub fn line(&self) -> &str {
        &self.line
    }

    /// Runs and returns stdout; fails with the stderr tail on a non-zero exit.
    pub fn output(self) -> Result<Vec<u8>> {
        self.output_both().map(|(o, _)| o)
    }

    /// Runs and returns stdout and stderr; fails with the stderr tail on a non-zero exit.
    pub fn output_both(mut self) -> Result<(Vec<u8>, Vec<u8>)> {
        tracing::debug!(target: "railyard::cmd", "+ {}", self.line);
        let program: OsString = self.cmd.get_program().to_owned();
        let out = match self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).output() {
            Ok(o) => o,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let p = program.to_string_lossy().to_string();
                let name = Path::new(&p).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or(p.clone());
                match package_hint(&name) {
                    Some(pkg) => bail!("{}: `{name}` is not installed (install the Debian package {pkg})", self.what),
                    None => bail!("{}: `{name}` is not installed", self.what),
                }
            }
            Err(e) => return Err(e).with_context(|| format!("{}: starting `{}`", self.what, self.line)),
        };
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let mut tail: Vec<&str> = err.lines().rev().take(15).collect();
            tail.reverse();
            let status = match out.status.code() {
                Some(c) => format!("exit status {c}"),
                None => "killed by a signal".to_string(),
            };
            bail!("{} failed ({status})\n  command: {}\n  {}", self.what, self.line, tail.join("\n  "));
        }
        Ok((out.stdout, out.stderr))
    }

    /// Runs and discards stdout.
    pub fn run(self) -> Result<()> {
        self.output().map(|_| ())
    }

    /// Runs and returns stdout as UTF-8 text.
    pub fn text(self) -> Result<String> {
        let what = self.what.clone();
        String::from_utf8(self.output()?).with_context(|| format!("{what}: output is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn reports_failure_with_stderr() {
        let e = Cmd::new("testing failure", "sh").args(["-c", "echo oops >&2; exit 3"]).run().unwrap_err().to_string();
        assert!(e.contains("testing failure failed (exit status 3)") && e.contains("oops"), "{e}");
        let e = Cmd::new("finding a tool", "mkfs.erofs-not-here").run().unwrap_err().to_string();
        assert!(e.contains("not installed"), "{e}");
        assert_eq!(Cmd::new("echo", "sh").args(["-c", "echo $LANG $TZ"]).text().unwrap(), "C.UTF-8 UTC\n");
        assert_eq!(Cmd::new("q", "x").arg("a b").arg("c").line(), "x 'a b' c");
    }
}
