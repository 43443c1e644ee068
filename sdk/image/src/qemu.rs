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

/// One exchange on the serial console after the boot marker: wait for `expect`, then type
/// `send` (use `\r` for Enter, as a terminal does).
#[derive(Debug, Clone)]
pub struct Step {
    /// Text to wait for; searched after the previous step's match (the first step from the
    /// start of the console, since a prompt may come before the boot marker).
    pub expect: String,
    /// Typed once `expect` appeared (may be empty).
    pub send: String,
}

impl Step {
    /// Wait for `expect`, then type `send`.
    pub fn new(expect: &str, send: &str) -> Self {
        Step { expect: expect.into(), send: send.into() }
    }
}

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
    /// After `expect`: a console dialog that must complete too (typed on the serial console).
    pub dialog: Vec<Step>,
    /// Give up after this long.
    pub timeout: Duration,
    /// Serial log file.
    pub log: PathBuf,
    /// Memory in MiB.
    pub memory_mib: u32,
    /// A guest reboot (or `system_reset`) restarts the machine instead of ending QEMU.
    pub allow_reboot: bool,
    /// Writes to the disk are discarded (on: the image is left as built).
    pub snapshot: bool,
    /// Boot with Secure Boot enforced: this variable store (with keys enrolled and Secure
    /// Boot on, e.g. `image_to_vm --format=qemu_uefi_secure`'s `_efi_vars.fd`) instead of
    /// the board's empty template, with the board's `firmware_code_secure`,
    /// `machine_secure` (else `machine`) and one `-global` per `globals_secure`. Each boot
    /// gets a fresh private copy (the firmware writes to it), so boots may share the file.
    /// See [`BootSpec::secure`].
    pub secure_boot_vars: Option<PathBuf>,
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
            dialog: Vec::new(),
            timeout: Duration::from_secs(180),
            log: log.to_path_buf(),
            memory_mib: 1024,
            allow_reboot: false,
            snapshot: true,
            secure_boot_vars: None,
        }
    }

    /// Secure Boot enforced with the enrolled variable store `vars` (see
    /// [`BootSpec::secure_boot_vars`]); the firmware refusing a boot file
    /// (`Access Denied`) fails the boot at once instead of waiting for the timeout in PXE.
    pub fn secure(mut self, vars: &Path) -> Self {
        self.secure_boot_vars = Some(vars.to_path_buf());
        let refused = "Access Denied".to_string();
        if !self.fail_on.contains(&refused) {
            self.fail_on.push(refused);
        }
        self
    }
}

/// How a boot ended.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// The expected marker appeared (and the dialog, if any, completed).
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

/// Position just past the first `needle` in `hay[from..]`.
fn find_from(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(hay.len()));
    }
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p + needle.len())
}

/// Console bytes with a timestamped line log.
struct Console {
    raw: Vec<u8>,
    line: Vec<u8>,
    log: std::fs::File,
    start: Instant,
}

impl Console {
    fn push(&mut self, chunk: &[u8]) {
        self.raw.extend_from_slice(chunk);
        for &b in chunk {
            if b == b'\n' {
                self.flush_line();
            } else {
                self.line.push(b);
            }
        }
    }
    fn flush_line(&mut self) {
        let _ = writeln!(self.log, "[{:7.2}] {}", self.start.elapsed().as_secs_f64(), String::from_utf8_lossy(&self.line));
        self.line.clear();
    }
}

/// A path as the value of a QEMU `key=value,...` option: a comma is written as two, so a
/// path holding `,snapshot=off` stays one file name.
pub fn option_value(p: &Path) -> String {
    p.to_string_lossy().replace(',', ",,")
}

/// QEMU's arguments (after the program) for `spec`, with `vars` the private copy of the
/// variable store. Without Secure Boot: the board's `machine` and `firmware_code`; with
/// [`BootSpec::secure_boot_vars`]: `machine_secure`/`firmware_code_secure` and the
/// `globals_secure`.
pub fn qemu_args(spec: &BootSpec, vars: &Path) -> Vec<String> {
    let q = &spec.qemu;
    let secure = spec.secure_boot_vars.is_some();
    let (code, machine) = if secure { (q.secure_code(), q.secure_machine()) } else { (q.firmware_code.as_path(), q.machine.as_str()) };
    let mut a: Vec<String> = ["-accel", "tcg", "-nographic", "-smp", "1"].map(String::from).to_vec();
    if !spec.allow_reboot {
        a.push("-no-reboot".into());
    }
    a.extend(["-m".into(), spec.memory_mib.to_string(), "-M".into(), machine.to_string()]);
    if let Some(cpu) = &q.cpu {
        a.extend(["-cpu".into(), cpu.clone()]);
    }
    if secure {
        for g in &q.globals_secure {
            a.extend(["-global".into(), g.clone()]);
        }
    }
    a.extend([
        "-drive".into(),
        format!("if=pflash,format=raw,unit=0,readonly=on,file={}", option_value(code)),
        "-drive".into(),
        format!("if=pflash,format=raw,unit=1,file={}", option_value(vars)),
        "-drive".into(),
        format!("file={},format={},if=virtio,snapshot={}", option_value(&spec.image), option_value(Path::new(&spec.format)), if spec.snapshot { "on" } else { "off" }),
    ]);
    a.extend(["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"].map(String::from));
    a
}

/// Boots and waits. QEMU is always terminated before this returns.
pub fn boot(spec: &BootSpec) -> Result<Outcome> {
    let q = &spec.qemu;
    let (code, vars_src) = match &spec.secure_boot_vars {
        Some(v) => (q.secure_code(), v.as_path()),
        None => (q.firmware_code.as_path(), q.firmware_vars.as_path()),
    };
    for f in [code, q.firmware_vars.as_path()] {
        if !f.is_file() {
            anyhow::bail!("UEFI firmware {} is missing (install the Debian package {})", f.display(), q.firmware_package);
        }
    }
    if !vars_src.is_file() {
        anyhow::bail!("Secure Boot variable store {} does not exist (image_to_vm --format=qemu_uefi_secure writes one)", vars_src.display());
    }
    if !spec.image.is_file() {
        anyhow::bail!("image {} does not exist", spec.image.display());
    }
    let tmp = std::env::temp_dir().join(format!("railyard-boot-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&tmp)?;
    let vars = tmp.join("vars.fd");
    std::fs::copy(vars_src, &vars).with_context(|| format!("copying {}", vars_src.display()))?;
    let mut cmd = Command::new(&q.system);
    cmd.args(qemu_args(spec, &vars))
        .stdin(if spec.dialog.is_empty() { Stdio::null() } else { Stdio::piped() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().with_context(|| format!("starting {} (install the Debian package for it)", q.system))?;
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take().context("qemu stdout")?;
    let stderr = child.stderr.take().context("qemu stderr")?;
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(format!("[qemu] {l}\n").into_bytes());
        }
    });
    let start = Instant::now();
    let log = std::fs::File::create(&spec.log).with_context(|| format!("creating {}", spec.log.display()))?;
    let mut con = Console { raw: Vec::new(), line: Vec::new(), log, start };
    let mut result: Option<(bool, Option<String>)> = None;
    let mut marker_seen = false;
    let mut step = 0usize; // next dialog step
    let mut dialog_from = 0usize; // where the next step's text is searched
    let mut scanned = 0usize; // console bytes already searched for failure markers
    while result.is_none() {
        let left = spec.timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            let waiting = if !marker_seen { spec.expect.clone() } else { spec.dialog[step].expect.clone() };
            result = Some((false, Some(format!("timed out after {} s without {waiting:?}", spec.timeout.as_secs()))));
            break;
        }
        match rx.recv_timeout(left.min(Duration::from_millis(500))) {
            Ok(chunk) => {
                con.push(&chunk);
                let back = scanned.saturating_sub(spec.fail_on.iter().chain([&spec.expect]).map(|f| f.len()).max().unwrap_or(0));
                if let Some((f, at)) = spec.fail_on.iter().find_map(|f| find_from(&con.raw, back, f.as_bytes()).map(|at| (f, at))) {
                    // keep reading a moment so the log shows the reason
                    let line_start = con.raw[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                    let line_end = con.raw[at..].iter().position(|&b| b == b'\n').map_or(con.raw.len(), |p| at + p);
                    let line = String::from_utf8_lossy(&con.raw[line_start..line_end]).trim().to_string();
                    result = Some((false, Some(format!("console shows {f:?}: {line}"))));
                    break;
                }
                if !marker_seen && find_from(&con.raw, back, spec.expect.as_bytes()).is_some() {
                    marker_seen = true;
                }
                scanned = con.raw.len();
                while marker_seen && step < spec.dialog.len() {
                    let s = &spec.dialog[step];
                    let Some(end) = find_from(&con.raw, dialog_from, s.expect.as_bytes()) else { break };
                    dialog_from = end;
                    if !s.send.is_empty() {
                        let _ = con.log.flush();
                        if let Some(w) = stdin.as_mut() {
                            w.write_all(s.send.as_bytes()).context("typing on the serial console")?;
                            w.flush()?;
                        }
                    }
                    step += 1;
                }
                if marker_seen && step == spec.dialog.len() {
                    result = Some((true, None));
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
        while let Ok(chunk) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            con.push(&chunk);
        }
    }
    if !con.line.is_empty() {
        con.flush_line();
    }
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&tmp);
    let (success, failure) = result.unwrap_or((false, Some("no result".into())));
    Ok(Outcome { success, failure, seconds, console: String::from_utf8_lossy(&con.raw).into_owned() })
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos() as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{find_from, option_value, qemu_args, BootSpec};
    use std::path::{Path, PathBuf};

    fn amd64() -> railyard_core::board::QemuSection {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        railyard_core::Board::load(&root, "amd64-usr").unwrap().qemu
    }

    #[test]
    fn the_plain_boot_keeps_its_arguments_and_the_secure_one_uses_the_smm_firmware() {
        let spec = BootSpec::new(amd64(), Path::new("/i/disk.bin"), Path::new("/l/log"));
        let plain = qemu_args(&spec, Path::new("/t/vars.fd"));
        assert_eq!(
            plain.join(" "),
            "-accel tcg -nographic -smp 1 -no-reboot -m 1024 -M q35 \
             -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
             -drive if=pflash,format=raw,unit=1,file=/t/vars.fd -drive file=/i/disk.bin,format=raw,if=virtio,snapshot=on \
             -netdev user,id=n0 -device virtio-net-pci,netdev=n0"
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(spec.secure_boot_vars, None);
        let secure = spec.clone().secure(Path::new("/v/enrolled.fd"));
        assert_eq!(secure.secure_boot_vars, Some(PathBuf::from("/v/enrolled.fd")));
        assert!(secure.fail_on.iter().any(|f| f == "Access Denied"), "{:?}", secure.fail_on);
        assert_eq!(secure.clone().secure(Path::new("/v/enrolled.fd")).fail_on.len(), secure.fail_on.len(), "added once");
        let a = qemu_args(&secure, Path::new("/t/vars.fd")).join(" ");
        assert!(a.contains("-M q35,smm=on -global driver=cfi.pflash01,property=secure,value=on -global ICH9-LPC.disable_s3=1 -drive"), "{a}");
        assert!(a.contains("readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd "), "{a}");
        assert!(a.contains("unit=1,file=/t/vars.fd "), "the private copy, never the shared file: {a}");
    }

    #[test]
    fn commas_in_paths_stay_inside_the_option_value() {
        assert_eq!(option_value(std::path::Path::new("/tmp/a,snapshot=off,file=/etc/shadow")), "/tmp/a,,snapshot=off,,file=/etc/shadow");
        assert_eq!(option_value(std::path::Path::new("/plain/disk.img")), "/plain/disk.img");
    }

    #[test]
    fn find_from_returns_the_end_of_the_match_after_the_start() {
        let hay = b"railyard login: root\r\nPassword: \r\nLogin incorrect\r\nrailyard login: ";
        assert_eq!(find_from(hay, 0, b"login: "), Some(16));
        assert_eq!(find_from(hay, 16, b"login: "), Some(hay.len()));
        assert_eq!(find_from(hay, hay.len(), b"login: "), None);
        assert_eq!(find_from(hay, 0, b"absent"), None);
        assert_eq!(find_from(hay, 5, b""), Some(5));
        assert_eq!(find_from(hay, hay.len() + 3, b"x"), None);
    }
}
