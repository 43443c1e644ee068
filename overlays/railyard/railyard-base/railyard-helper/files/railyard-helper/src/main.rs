//! railyard-helper: prints the OS identity of a Railyard image.
//!
//! `railyard-helper info` reads /etc/os-release (or $RAILYARD_OS_RELEASE),
//! the running kernel release and the uptime, and prints them as key=value.

use std::io::Write;

fn os_release_value<'a>(data: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut rest = data;
    while !rest.is_empty() {
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let line = &rest[..end];
        rest = if end < rest.len() { &rest[end + 1..] } else { &[] };
        if line.len() > key.len() && line.starts_with(key) && line[key.len()] == b'=' {
            let v = &line[key.len() + 1..];
            return Some(v.strip_prefix(b"\"").and_then(|v| v.strip_suffix(b"\"")).unwrap_or(v));
        }
    }
    None
}

fn main() {
    let cmd = std::env::args().nth(1).unwrap_or_else(|| "info".into());
    if cmd != "info" {
        eprintln!("usage: railyard-helper [info]");
        std::process::exit(2);
    }
    let path = std::env::var("RAILYARD_OS_RELEASE").unwrap_or_else(|_| "/etc/os-release".into());
    let osr = std::fs::read(&path).unwrap_or_default();
    let out = std::io::stdout();
    let mut out = out.lock();
    for key in ["ID", "VERSION_ID", "BUILD_ID", "RAILYARD_BOARD"] {
        let v = os_release_value(&osr, key.as_bytes()).unwrap_or(b"unknown");
        let _ = out.write_all(key.to_ascii_lowercase().as_bytes());
        let _ = out.write_all(b"=");
        let _ = out.write_all(v);
        let _ = out.write_all(b"\n");
    }
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let _ = writeln!(out, "kernel={}", kernel.trim());
    let uptime = std::fs::read_to_string("/proc/uptime").unwrap_or_default();
    let secs: u64 = uptime
        .split(|c| c == '.' || c == ' ')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut buf = itoa::Buffer::new();
    let _ = writeln!(out, "uptime_seconds={}", buf.format(secs));
}
