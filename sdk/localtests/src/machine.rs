//! One machine under test: a qcow2 overlay on the built image, a private UEFI variable
//! store, QEMU (TCG) with the Ignition config in fw_cfg and ssh forwarded to 127.0.0.1,
//! the serial console in a file, and an ssh client with this machine's key.

use anyhow::{bail, Context, Result};
use railyard_core::board::QemuSection;
use railyard_image::qemu::{option_value, qemu_args, BootSpec};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running (or ended) VM.
pub struct Machine {
    /// Its directory (disk, vars, keys, config, console log).
    pub dir: PathBuf,
    /// Host port forwarded to the guest's port 22.
    pub port: u16,
    /// The serial console log.
    pub console: PathBuf,
    child: Option<Child>,
    _registered: Option<railyard_core::cleanup::RegisteredProcess>,
    /// When QEMU was started.
    pub started: Instant,
}

/// What an ssh command returned.
pub struct Run {
    /// Exit status (255: ssh itself failed).
    pub status: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// A free TCP port on 127.0.0.1 (bound and released; QEMU binds it next).
pub fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port on 127.0.0.1")?;
    Ok(l.local_addr()?.port())
}

/// Makes an ed25519 key pair `dir/name` (+ `.pub`) with the stock ssh-keygen.
pub fn keygen(dir: &Path, name: &str) -> Result<String> {
    let key = dir.join(name);
    let _ = std::fs::remove_file(&key);
    let _ = std::fs::remove_file(key.with_extension("pub"));
    let o = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", &format!("railyard-local-tests-{name}"), "-f"])
        .arg(&key)
        .output()
        .context("running ssh-keygen (install openssh-client)")?;
    if !o.status.success() {
        bail!("ssh-keygen failed: {}", String::from_utf8_lossy(&o.stderr));
    }
    Ok(std::fs::read_to_string(dir.join(format!("{name}.pub")))?.trim().to_string())
}

/// (start, size) in bytes of the GPT partition named `label` in the qcow2 `disk` (the
/// primary table, read with `qemu-img dd`).
pub fn partition(disk: &Path, label: &str, work: &Path) -> Result<(u64, u64)> {
    let raw = work.join("gpt.bin");
    let o = Command::new("qemu-img")
        .args(["dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=34"])
        .arg(format!("if={}", disk.display()))
        .arg(format!("of={}", raw.display()))
        .output()
        .context("running qemu-img dd")?;
    if !o.status.success() {
        bail!("reading the partition table of {}: {}", disk.display(), String::from_utf8_lossy(&o.stderr));
    }
    let table = std::fs::File::open(&raw).map_err(anyhow::Error::from).and_then(|mut f| Ok(railyard_disk::gpt::read(&mut f)?));
    let _ = std::fs::remove_file(&raw);
    let table = table.with_context(|| format!("the partition table of {}", disk.display()))?;
    let e = table.by_label(label).with_context(|| format!("{}: no partition named {label}", disk.display()))?;
    Ok((e.start, e.size))
}

/// Writes the Ignition config `cfg` at the start of the OEM-CONFIG partition of the qcow2
/// `disk` (padded with NULs to 4 KiB), with qemu-io.
fn write_oem_config(disk: &Path, cfg: &Path, work: &Path) -> Result<()> {
    let (start, size) = partition(disk, "OEM-CONFIG", work)?;
    let mut data = std::fs::read(cfg)?;
    let len = data.len().div_ceil(4096) * 4096;
    if len as u64 > size {
        bail!("the config {} ({} bytes) does not fit OEM-CONFIG ({size} bytes)", cfg.display(), data.len());
    }
    data.resize(len, 0);
    let padded = work.join("oem-config.bin");
    std::fs::write(&padded, &data)?;
    let o = Command::new("qemu-io")
        .args(["-f", "qcow2", "-c"])
        .arg(format!("write -q -s {} {start} {len}", padded.display()))
        .arg(disk)
        .output()
        .context("running qemu-io (qemu-utils)")?;
    if !o.status.success() || !o.stderr.is_empty() {
        bail!("writing the config into OEM-CONFIG of {}: {}{}", disk.display(), String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    }
    Ok(())
}

impl Machine {
    /// Creates the overlay disk (`disk_size`, e.g. `20G`: ROOT grows into it on first boot),
    /// copies the variable store and starts QEMU with `config` as the Ignition config.
    /// With `oem_config`, the config is written at the start of the disk's OEM-CONFIG
    /// partition (NUL padded, as a user would `dd` it) instead of fw_cfg. With
    /// `allow_reboot`, a guest reboot restarts the machine instead of ending QEMU.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        qemu: &QemuSection,
        base: &Path,
        dir: &Path,
        config: &serde_json::Value,
        disk_size: Option<&str>,
        memory_mib: u32,
        oem_config: bool,
        allow_reboot: bool,
    ) -> Result<Machine> {
        std::fs::create_dir_all(dir)?;
        let disk = dir.join("disk.qcow2");
        let _ = std::fs::remove_file(&disk);
        let base = base.canonicalize().with_context(|| format!("the image {}", base.display()))?;
        let o = Command::new("qemu-img")
            .args(["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b"])
            .arg(&base)
            .arg(&disk)
            .args(disk_size)
            .output()
            .context("running qemu-img (install qemu-utils)")?;
        if !o.status.success() {
            bail!("qemu-img create {} failed: {}", disk.display(), String::from_utf8_lossy(&o.stderr));
        }
        let cfg = dir.join("config.ign");
        std::fs::write(&cfg, serde_json::to_string_pretty(config)? + "\n")?;
        if oem_config {
            write_oem_config(&disk, &cfg, dir)?;
        }
        for f in [&qemu.firmware_code, &qemu.firmware_vars] {
            if !f.is_file() {
                bail!("UEFI firmware {} is missing (install the Debian package {})", f.display(), qemu.firmware_package);
            }
        }
        let vars = dir.join("efi_vars.fd");
        std::fs::copy(&qemu.firmware_vars, &vars).with_context(|| format!("copying {}", qemu.firmware_vars.display()))?;
        let console = dir.join("console.log");
        let port = free_port()?;
        let mut spec = BootSpec::new(qemu.clone(), &disk, &console);
        spec.format = "qcow2".into();
        spec.snapshot = false;
        spec.memory_mib = memory_mib;
        spec.allow_reboot = allow_reboot;
        let mut args = qemu_args(&spec, &vars);
        for a in args.iter_mut() {
            if a == "user,id=n0" {
                *a = format!("user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:22");
            }
        }
        if !oem_config {
            args.push("-fw_cfg".into());
            args.push(format!("name={},file={}", qemu.ignition_fw_cfg(), option_value(&cfg)));
        }
        std::fs::write(dir.join("qemu.args"), args.join("\n") + "\n")?;
        let log = std::fs::File::create(&console)?;
        let child = Command::new(&qemu.system)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {} (install qemu-system)", qemu.system))?;
        let registered = railyard_core::cleanup::register_process(child.id());
        Ok(Machine { dir: dir.to_path_buf(), port, console, child: Some(child), _registered: Some(registered), started: Instant::now() })
    }

    /// The console so far.
    pub fn console_text(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.console).unwrap_or_default()).into_owned()
    }

    /// The last `n` console lines.
    pub fn console_tail(&self, n: usize) -> String {
        let t = self.console_text();
        let lines: Vec<&str> = t.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// QEMU has exited (its status), or None while it runs.
    pub fn exited(&mut self) -> Option<i32> {
        match self.child.as_mut()?.try_wait() {
            Ok(Some(s)) => Some(s.code().unwrap_or(-1)),
            _ => None,
        }
    }

    /// Waits up to `t` for QEMU to exit by itself.
    pub fn wait_exit(&mut self, t: Duration) -> Option<i32> {
        let end = Instant::now() + t;
        while Instant::now() < end {
            if let Some(c) = self.exited() {
                return Some(c);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        None
    }

    /// Runs `cmd` as `user` over ssh with `key` (a transcript goes to `transcript`).
    pub fn ssh(&self, user: &str, key: &Path, cmd: &str, timeout: Duration, transcript: &mut String) -> Result<Run> {
        let mut c = Command::new("ssh");
        c.args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"])
            .arg("-o")
            .arg(format!("UserKnownHostsFile={}", self.dir.join("known_hosts").display()))
            .arg("-i")
            .arg(key)
            .arg("-p")
            .arg(self.port.to_string())
            .arg(format!("{user}@127.0.0.1"))
            .arg("--")
            .arg(cmd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = c.spawn().context("running ssh (install openssh-client)")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        let run = match rx.recv_timeout(timeout) {
            Ok(o) => {
                let o = o?;
                Run { status: o.status.code().unwrap_or(255), stdout: String::from_utf8_lossy(&o.stdout).into_owned(), stderr: String::from_utf8_lossy(&o.stderr).into_owned() }
            }
            Err(_) => Run { status: 255, stdout: String::new(), stderr: format!("(no answer within {} s)", timeout.as_secs()) },
        };
        let _ = writeln!(transcript, "{user}@vm$ {cmd}\n{}{}[exit {}]", run.stdout, run.stderr, run.status);
        Ok(run)
    }

    /// Polls until `user` can log in with `key` (true), QEMU ends or `timeout` passes.
    pub fn wait_ssh(&mut self, user: &str, key: &Path, timeout: Duration) -> Result<bool> {
        let end = self.started + timeout;
        let mut t = String::new();
        while Instant::now() < end {
            if self.exited().is_some() {
                return Ok(false);
            }
            let left = end.saturating_duration_since(Instant::now()).min(Duration::from_secs(20));
            if self.ssh(user, key, "true", left.max(Duration::from_secs(1)), &mut t)?.status == 0 {
                let _ = std::fs::write(self.dir.join("ssh-wait.log"), &t);
                return Ok(true);
            }
            std::thread::sleep(Duration::from_secs(2));
        }
        let _ = std::fs::write(self.dir.join("ssh-wait.log"), &t);
        Ok(false)
    }

    /// Ends QEMU (kill) and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        self._registered = None;
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        self.stop();
    }
}
