//! Small wrapper for running stock tools: stdin from /dev/null, output
//! captured, and on failure an error carrying the command line, the exit
//! status and the tail of stderr.

use std::process::{Command, Output, Stdio};

use crate::error::{Error, Result};

/// Bytes of stderr kept in [`Error::ToolFailed`].
const STDERR_TAIL: usize = 2048;

/// Runs `cmd` to completion; non-zero exit is an error.
pub(crate) fn run(cmd: &mut Command) -> Result<Output> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let output = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|error| Error::ToolMissing {
            program: program.clone(),
            error,
        })?;
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let trimmed = stderr.trim_end();
    let mut start = trimmed.len().saturating_sub(STDERR_TAIL);
    while !trimmed.is_char_boundary(start) {
        start += 1;
    }
    Err(Error::ToolFailed {
        command: format!("{cmd:?}"),
        status: output.status.to_string(),
        stderr_tail: trimmed[start..].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_stderr_tail_and_status() {
        let err = run(Command::new("sh").args(["-c", "echo first >&2; echo boom >&2; exit 3"]))
            .expect_err("must fail");
        let msg = err.to_string();
        assert!(
            msg.contains("boom") && msg.contains("exit status: 3"),
            "{msg}"
        );
        assert!(run(&mut Command::new("true")).is_ok());
        let missing = run(&mut Command::new("railyard-no-such-tool")).expect_err("missing");
        assert!(matches!(missing, Error::ToolMissing { .. }), "{missing}");
    }
}
