//! Booting an image under QEMU (TCG, UEFI firmware from the board config) and watching the
//! serial console for markers. Used by the boot tests and by `railyard boot_image`.
//! The image is attached with `snapshot=on`, so a boot never modifies it.

use anyhow::{Context, Result};
use railyard_core::board::QemuSection;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How to boot.
#[derive(Debug, Clone)]
pub struct BootSpec {
    /// Board QEMU settings.
    pub qemu: QemuSection,
    /// Disk image (raw unless `format` says otherwise).
    pub image: PathBuf,
    /// Image format for QEMU (`raw`, `qcow2`, `vpc`...).
    pub format: String,
    /// Text whose appearance on the console means success.
    pub expect: String,
    /// Texts whose appearance means failure.
    pub fail_on: Vec<String>,
    /// Give up after this long.
    pub timeout: Duration,
    /// Serial log file.
    pub log: PathBuf,
    /// Memory in MiB.
    pub memory_mib: u32,
}

impl BootSpec {
    /// Defaults: success on `RAILYARD-BOOT-OK`, failure on panics and Railyard's failure
    /// markers, 180 s timeout, 1 GiB of memory.
    pub fn new(qemu: QemuSection, image: &Path, log: &Path) -> Self {
        BootSpec {
            qemu,
            image: image.to_path_buf(),
            format: "raw".into(),
            expect: "RAILYARD-BOOT-OK".into(),
            fail_on: vec!["Kernel panic".into(), "railyard-initrd: FATAL".into(), "RAILYARD-BOOT-FAIL".into()],
            timeout: Duration::from_secs(180),
            log: log.to_path_buf(),
            memory_mib: 1024,
        }
    }
}

/// How a boot ended.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// The expected marker appeared.
    pub success: bool,
    /// Why not, if not.
    pub failure: Option<String>,
    /// Seconds from start to the marker or the end.
    pub seconds: f64,
    /// The whole console output.
    pub console: String,
}

impl Outcome {
    /// The last `n` console lines.
    pub fn tail(&self, n: usize) -> String {
        let lines: Vec<&str> = self.console.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }
}

/// Boots and waits. QEMU is always terminated before this returns.
pub fn boot(spec: &BootSpec) -> Result<Outcome> {
    let q = &spec.qemu;
    for f in [&q.firmware_code, &q.firmware_vars] {
        if !f.is_file() {
            anyhow::bail!("UEFI firmware {} is missing (install the Debian package {})", f.display(), q.firmware_package);
        }
    }
    if !spec.image.is_file() {
        anyhow::bail!("image {} does not exist", spec.image.display());
    }
    let tmp = std::env::temp_dir().join(format!("railyard-boot-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&tmp)?;
    let vars = tmp.join("vars.fd");
    std::fs::copy(&q.firmware_vars, &vars).with_context(|| format!("copying {}", q.firmware_vars.display()))?;
    let mut cmd = Command::new(&q.system);
    cmd.args(["-accel", "tcg", "-nographic", "-no-reboot", "-smp", "1"])
        .arg("-m")
        .arg(spec.memory_mib.to_string())
        .arg("-M")
        .arg(&q.machine);
    if let Some(cpu) = &q.cpu {
        cmd.arg("-cpu").arg(cpu);
    }
    cmd.arg("-drive")
        .arg(format!("if=pflash,format=raw,unit=0,readonly=on,file={}", q.firmware_code.display()))
        .arg("-drive")
        .arg(format!("if=pflash,format=raw,unit=1,file={}", vars.display()))
        .arg("-drive")
        .arg(format!("file={},format={},if=virtio,snapshot=on", spec.image.display(), spec.format))
        .args(["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().with_context(|| format!("starting {} (install the Debian package for it)", q.system))?;
    let stdout = child.stdout.take().context("qemu stdout")?;
    let stderr = child.stderr.take().context("qemu stderr")?;
    let (tx, rx) = mpsc::channel::<String>();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).split(b'\n').map_while(Result::ok) {
            if tx.send(String::from_utf8_lossy(&l).into_owned()).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(format!("[qemu] {l}"));
        }
    });
    let start = Instant::now();
    let mut console = String::new();
    let mut log = std::fs::File::create(&spec.log).with_context(|| format!("creating {}", spec.log.display()))?;
    let mut result: Option<(bool, Option<String>)> = None;
    while result.is_none() {
        let left = spec.timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            result = Some((false, Some(format!("timed out after {} s without {:?}", spec.timeout.as_secs(), spec.expect))));
            break;
        }
        match rx.recv_timeout(left.min(Duration::from_millis(500))) {
            Ok(line) => {
                let _ = writeln!(log, "[{:7.2}] {line}", start.elapsed().as_secs_f64());
                console.push_str(&line);
                console.push('\n');
                if line.contains(&spec.expect) {
                    result = Some((true, None));
                } else if let Some(f) = spec.fail_on.iter().find(|f| line.contains(f.as_str())) {
                    // keep reading a moment so the log shows the reason
                    result = Some((false, Some(format!("console shows {f:?}: {}", line.trim()))));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = child.wait().ok();
                result = Some((false, Some(format!("QEMU exited ({status:?}) before {:?}", spec.expect))));
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    if let Some((false, Some(_))) = &result {
        // collect what follows a failure marker for up to 2 s
        let until = Instant::now() + Duration::from_secs(2);
        while let Ok(line) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            let _ = writeln!(log, "[{:7.2}] {line}", start.elapsed().as_secs_f64());
            console.push_str(&line);
            console.push('\n');
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&tmp);
    let (success, failure) = result.unwrap_or((false, Some("no result".into())));
    Ok(Outcome { success, failure, seconds, console })
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos() as u64).unwrap_or(0)
}
