//! The one way to run external tools: a description, stdin from /dev/null, a minimal
//! environment (C.UTF-8, UTC, SOURCE_DATE_EPOCH when given), an optional working directory,
//! the command logged at debug level, the child killed if Railyard dies, and on failure an
//! error that names the step, the command, the exit status and the tail of its stderr.
//!
//! Library crates whose callers match on failures use the typed [`Cmd::try_output`]
//! ([`ToolError`]); the edges use the anyhow-returning [`Cmd::run`], [`Cmd::output`],
//! [`Cmd::text`] and [`Cmd::json`].

use anyhow::{Context, Result};
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};

/// Environment variables passed through to child processes.
const PASS_ENV: &[&str] = &["PATH", "HOME", "TERM", "TMPDIR", "USER", "LOGNAME"];

/// Debian package that provides a tool, for "not found" hints (from `sdk/core/tools.toml`).
fn package_hint(program: &str) -> Option<&'static str> {
    crate::tools::package_for(program)
}

/// Lines of stderr kept in a [`ToolError::Failed`].
const STDERR_TAIL_LINES: usize = 15;

/// Why a tool run failed.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// The program is not installed (not found in PATH).
    #[error("{what}: `{program}` is not installed{hint}")]
    Missing { what: String, program: String, hint: String },
    /// The program exists but could not be started.
    #[error("{what}: starting `{line}`")]
    Start {
        what: String,
        line: String,
        #[source]
        source: std::io::Error,
    },
    /// The program ran and exited unsuccessfully (or was killed by a signal).
    #[error("{what} failed ({status})\n  command: {line}\n  {stderr_tail}")]
    Failed { what: String, line: String, status: String, stderr_tail: String },
}

/// A command to run.
#[derive(Debug)]
pub struct Cmd {
    what: String,
    cmd: Command,
    line: String,
    /// stdout goes to a file given with [`Cmd::stdout_file`] (not captured).
    stdout_file: bool,
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
        kill_with_parent(&mut cmd);
        Cmd { what: what.into(), cmd, line: quote(program.as_ref()), stdout_file: false }
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

    /// Reads stdin from `f` (instead of /dev/null).
    pub fn stdin_file(mut self, f: std::fs::File) -> Self {
        self.cmd.stdin(f);
        self
    }

    /// Writes stdout into `f` (a compressor's output); [`Cmd::output`] then returns nothing.
    pub fn stdout_file(mut self, f: std::fs::File) -> Self {
        self.cmd.stdout(f);
        self.stdout_file = true;
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
    pub fn output_both(self) -> Result<(Vec<u8>, Vec<u8>)> {
        Ok(self.try_output()?)
    }

    /// Runs and returns stdout and stderr, with a typed error for library callers.
    pub fn try_output(mut self) -> std::result::Result<(Vec<u8>, Vec<u8>), ToolError> {
        tracing::debug!(target: "railyard::cmd", "+ {}", self.line);
        let program: OsString = self.cmd.get_program().to_owned();
        if !self.stdout_file {
            self.cmd.stdout(Stdio::piped());
        }
        let out = match self.cmd.stderr(Stdio::piped()).output() {
            Ok(o) => o,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let p = program.to_string_lossy().to_string();
                let name = Path::new(&p).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or(p.clone());
                let hint = package_hint(&name).map(|pkg| format!(" (install the Debian package {pkg})")).unwrap_or_default();
                return Err(ToolError::Missing { what: self.what, program: name, hint });
            }
            Err(source) => return Err(ToolError::Start { what: self.what, line: self.line, source }),
        };
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let mut tail: Vec<&str> = err.lines().rev().take(STDERR_TAIL_LINES).collect();
            tail.reverse();
            let status = match out.status.code() {
                Some(c) => format!("exit status {c}"),
                None => "killed by a signal".to_string(),
            };
            return Err(ToolError::Failed { what: self.what, line: self.line, status, stderr_tail: tail.join("\n  ") });
        }
        Ok((out.stdout, out.stderr))
    }

    /// Runs and parses stdout as JSON (`qemu-img info --output=json`, `sfdisk --json`, ...).
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        let what = self.what.clone();
        serde_json::from_slice(&self.output()?).with_context(|| format!("{what}: output is not the expected JSON"))
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

/// Asks the kernel to SIGKILL the child when the thread that started it exits, so an
/// interrupted Railyard leaves no tool running on a half-written file.
fn kill_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs between fork and exec and makes one async-signal-safe
    // system call (prctl); it allocates nothing and touches no lock.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))
                .map_err(std::io::Error::from)
        });
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
        let typed = Cmd::new("typed", "sh").args(["-c", "exit 4"]).try_output().unwrap_err();
        assert!(matches!(&typed, ToolError::Failed { status, .. } if status == "exit status 4"), "{typed}");
        let dir = std::env::temp_dir();
        let pwd = Cmd::new("pwd", "pwd").dir(&dir).text().unwrap();
        assert_eq!(std::path::Path::new(pwd.trim()).canonicalize().unwrap(), dir.canonicalize().unwrap());
        let v: Vec<u32> = Cmd::new("json", "echo").arg("[1,2]").json().unwrap();
        assert_eq!(v, [1, 2]);
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("in"), "abc").unwrap();
        let out = std::fs::File::create(d.path().join("out")).unwrap();
        let stdin = std::fs::File::open(d.path().join("in")).unwrap();
        assert!(Cmd::new("cat", "cat").stdin_file(stdin).stdout_file(out).output().unwrap().is_empty());
        assert_eq!(std::fs::read_to_string(d.path().join("out")).unwrap(), "abc");
    }

    #[test]
    fn child_dies_with_its_parent_thread() {
        // A thread starts a long sleep and ends; the kernel must kill the sleep.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut c = Command::new("sleep");
            c.arg("30").stdin(Stdio::null());
            kill_with_parent(&mut c);
            let mut child = c.spawn().unwrap();
            tx.send(child.id()).unwrap();
            std::mem::forget(child.stdin.take());
            std::mem::forget(child);
        })
        .join()
        .unwrap();
        let pid = rx.recv().unwrap();
        let gone = (0..200).any(|_| {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // reaped by init, or a zombie waiting for us
            if state.is_empty() || state.split(' ').nth(2) == Some("Z") {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            false
        });
        assert!(gone, "sleep {pid} outlived the thread that started it");
    }
}
