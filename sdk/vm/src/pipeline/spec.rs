//! Format files (`image-formats/<format>.toml`): parsing, validation, and the compression
//! of disk files they ask for.

use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A disk writer named in a format file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Writer {
    Qcow2,
    VhdFixed,
    Raw,
    VmdkStream,
    Ova,
    Pxe,
}

impl Writer {
    pub fn key(self) -> &'static str {
        match self {
            Writer::Qcow2 => "qcow2",
            Writer::VhdFixed => "vhd_fixed",
            Writer::Raw => "raw",
            Writer::VmdkStream => "vmdk_stream",
            Writer::Ova => "ova",
            Writer::Pxe => "pxe",
        }
    }
    pub fn default_extension(self) -> &'static str {
        match self {
            Writer::Qcow2 => "qcow2",
            Writer::VhdFixed => "vhd",
            Writer::Raw => "bin",
            Writer::VmdkStream => "vmdk",
            Writer::Ova => "ova",
            Writer::Pxe => "cpio.gz",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OemSpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QemuSpec {
    pub launcher: PathBuf,
    #[serde(default = "default_memory")]
    pub memory_mib: u64,
    #[serde(default = "default_ssh_port")]
    pub ssh_port: u16,
    /// Secure Boot enforced: ship the board's `firmware_code_secure` and a variable store
    /// with the image's db certificate (and `--secure_boot_pk`/`--secure_boot_kek`)
    /// enrolled (`railyard_vm::efivars`); the launcher runs `machine_secure` with the
    /// `globals_secure`.
    #[serde(default)]
    pub secure_boot: bool,
}

pub fn default_memory() -> u64 {
    2048
}
pub fn default_ssh_port() -> u16 {
    2222
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OvaSpec {
    pub template: PathBuf,
    pub cpus: u32,
    pub memory_mib: u64,
    pub firmware_efi: bool,
    pub nic: String,
    pub os_type: String,
    pub virtual_hw: String,
    pub disk_controller: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AwsSpec {
    pub boot_mode: String,
    pub ena_support: bool,
    pub sriov_net_support: String,
    pub virtualization_type: String,
    pub root_device_name: String,
    pub volume_type: String,
    pub imds_support: String,
}

/// Upper bounds for memory sizes (MiB, 4 TiB) and CPU counts in format files.
pub const MAX_VM_MEMORY_MIB: u64 = 4 << 20;
pub const MAX_VM_CPUS: u64 = 1024;

/// Template steps allowed per rendering (minijinja fuel): real templates use a few
/// thousand; a runaway loop stops with an error instead of hanging.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// One `image-formats/<name>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatSpec {
    pub description: String,
    #[serde(default)]
    pub layout: Option<String>,
    pub writers: Vec<Writer>,
    #[serde(default)]
    pub extensions: BTreeMap<String, String>,
    #[serde(default)]
    pub compression: Vec<String>,
    #[serde(default)]
    pub kernel_args: Vec<String>,
    #[serde(default)]
    pub oem: Option<OemSpec>,
    #[serde(default)]
    pub qemu: Option<QemuSpec>,
    #[serde(default)]
    pub ova: Option<OvaSpec>,
    #[serde(default)]
    pub aws: Option<AwsSpec>,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(skip)]
    pub dir: PathBuf,
}

impl FormatSpec {
    pub fn load(dir: &Path, name: &str) -> Result<Self> {
        let known = || -> String {
            let mut v: Vec<String> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter_map(|e| {
                            e.file_name()
                                .to_str()
                                .and_then(|n| n.strip_suffix(".toml"))
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v.join(", ")
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            bail!(
                "unknown format {name:?}: {} declares: {}",
                dir.display(),
                known()
            );
        }
        let file = dir.join(format!("{name}.toml"));
        if !file.is_file() {
            bail!(
                "unknown format {name:?}: there is no {} (formats in {}: {})",
                file.display(),
                dir.display(),
                known()
            );
        }
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let mut f: FormatSpec = toml::from_str(&text)
            .with_context(|| format!("parsing format file {}", file.display()))?;
        f.name = name.to_string();
        f.file = file;
        f.dir = dir.to_path_buf();
        f.validate()?;
        Ok(f)
    }

    pub fn validate(&self) -> Result<()> {
        let file = self.file.display();
        if self.writers.is_empty() {
            bail!("{file}: `writers` is empty");
        }
        let mut seen = self.writers.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.writers.len() {
            bail!("{file}: a writer is listed twice");
        }
        let pxe = self.writers.contains(&Writer::Pxe);
        if pxe && self.writers.len() > 1 {
            bail!(
                "{file}: the pxe writer produces no disk and cannot be combined with disk writers"
            );
        }
        if !pxe && self.layout.is_none() {
            bail!(
                "{file}: disk formats need `layout` (a disk layout variant: base, vm, azure, ...)"
            );
        }
        if self.writers.contains(&Writer::Ova) && self.ova.is_none() {
            bail!("{file}: the ova writer needs an [ova] section");
        }
        for k in self.extensions.keys() {
            if !self.writers.iter().any(|w| w.key() == k) {
                bail!(
                    "{file}: [extensions] names {k:?}, which is not one of this format's writers"
                );
            }
        }
        for c in &self.compression {
            Compression::parse(c).with_context(|| format!("{file}: `compression`"))?;
        }
        if let Some(o) = &self.oem {
            for p in o.files.keys() {
                // The names go into a debugfs script (one command a line, quoted): no
                // quote, backslash or control character (newline) may end the argument.
                if p.is_empty()
                    || p.starts_with('/')
                    || p.split('/').any(|c| c.is_empty() || c == "." || c == "..")
                    || p.chars().any(|c| c == '"' || c == '\\' || c.is_control())
                {
                    bail!("{file}: OEM file name {p:?} must be a relative path without '.', '..', quotes, backslashes or control characters (newlines)");
                }
            }
        }
        let sizes = [
            ("[qemu] memory_mib", self.qemu.as_ref().map(|q| q.memory_mib), MAX_VM_MEMORY_MIB),
            ("[ova] memory_mib", self.ova.as_ref().map(|o| o.memory_mib), MAX_VM_MEMORY_MIB),
            ("[ova] cpus", self.ova.as_ref().map(|o| u64::from(o.cpus)), MAX_VM_CPUS),
        ];
        for (what, v, max) in sizes {
            if let Some(v) = v {
                if v == 0 || v > max {
                    bail!("{file}: {what} = {v} is out of range (1 to {max})");
                }
            }
        }
        if self.qemu.as_ref().is_some_and(|q| q.secure_boot) && !self.kernel_args.is_empty() {
            bail!("{file}: `kernel_args` with [qemu] secure_boot = true: the arguments would change the signed kernel image (its signature covers the command line) and image_to_vm cannot re-sign it; give OEM settings as [oem.files] instead");
        }
        for a in &self.kernel_args {
            if a.is_empty() || a.chars().any(char::is_whitespace) {
                bail!("{file}: kernel argument {a:?} must be one word");
            }
        }
        Ok(())
    }

    pub fn extension(&self, w: Writer) -> String {
        self.extensions
            .get(w.key())
            .cloned()
            .unwrap_or_else(|| w.default_extension().to_string())
    }

    pub fn template(&self, rel: &Path) -> Result<(String, PathBuf)> {
        let p = self.dir.join(rel);
        let t = std::fs::read_to_string(&p).with_context(|| {
            format!(
                "reading template {} (named in {})",
                p.display(),
                self.file.display()
            )
        })?;
        Ok((t, p))
    }
}

// ---------------------------------------------------------------------------------------
// Compression

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gz,
    Bz2,
    Zstd,
    Xz,
}

impl Compression {
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "none" => Compression::None,
            "gz" | "gzip" => Compression::Gz,
            "bz2" | "bzip2" => Compression::Bz2,
            "zstd" | "zst" => Compression::Zstd,
            "xz" => Compression::Xz,
            o => bail!("unknown image compression {o:?} (use none, gz, bz2, zstd or xz)"),
        })
    }
    pub fn suffix(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gz => "gz",
            Compression::Bz2 => "bz2",
            Compression::Zstd => "zst",
            Compression::Xz => "xz",
        }
    }
    /// Stock compressor, deterministic settings (no names or times stored; zstd's
    /// multi-threaded output does not depend on the number of threads; xz single-threaded).
    pub fn command(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Compression::None => None,
            Compression::Gz => Some(("gzip", &["-n", "-6", "-c"])),
            Compression::Bz2 => Some(("bzip2", &["-9", "-c"])),
            Compression::Zstd => Some(("zstd", &["-q", "-3", "-T0", "-c"])),
            Compression::Xz => Some(("xz", &["-6", "-T1", "-c"])),
        }
    }
}

pub fn compress(src: &Path, c: Compression) -> Result<Option<PathBuf>> {
    let Some((prog, args)) = c.command() else {
        return Ok(None);
    };
    let dst = PathBuf::from(format!("{}.{}", src.display(), c.suffix()));
    let input = File::open(src).with_context(|| format!("opening {}", src.display()))?;
    let output = File::create(&dst).with_context(|| format!("creating {}", dst.display()))?;
    Cmd::new(format!("compressing {} ({prog})", src.display()), prog)
        .args(args)
        .stdin_file(input)
        .stdout_file(output)
        .run()?;
    Ok(Some(dst))
}


#[cfg(test)]
mod tests {
    use super::*;

    pub fn format_dir(toml: &str) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("evil.toml"), toml).unwrap();
        d
    }

    const HEAD: &str = "description = \"x\"\nlayout = \"vm\"\nwriters = [\"raw\"]\n";

    #[test]
    pub fn oem_file_names_with_newlines_are_refused_at_load() {
        // The name would inject `dump` (write a host file) into the debugfs script.
        let toml = format!(
            "{HEAD}{}",
            r#"[oem]
id = "x"
name = "x"
[oem.files]
"a\"\ndump /etc/os-release /tmp/pwned\nrm \"b" = "t"
"#
        );
        let e = format!("{:#}", FormatSpec::load(format_dir(&toml).path(), "evil").unwrap_err());
        assert!(e.contains("evil.toml") && e.contains("OEM file name") && e.contains("control characters"), "{e}");
        for bad in [r"a\nb", r"a\tb", r"a\\b", r"a\u0000b", r"a\rb"] {
            let toml = format!("{HEAD}[oem]\nid = \"x\"\nname = \"x\"\n[oem.files]\n\"{bad}\" = \"t\"\n");
            let e = format!("{:#}", FormatSpec::load(format_dir(&toml).path(), "evil").unwrap_err());
            assert!(e.contains("OEM file name"), "{bad}: {e}");
        }
        let ok = format!("{HEAD}[oem]\nid = \"x\"\nname = \"x\"\n[oem.files]\n\"dir/with space.json\" = \"t\"\n");
        FormatSpec::load(format_dir(&ok).path(), "evil").unwrap();
    }

    #[test]
    pub fn secure_boot_formats_parse_and_refuse_kernel_args() {
        let ok = format!("{HEAD}[qemu]\nlauncher = \"t\"\nsecure_boot = true\n");
        assert!(FormatSpec::load(format_dir(&ok).path(), "evil").unwrap().qemu.unwrap().secure_boot);
        let plain = format!("{HEAD}[qemu]\nlauncher = \"t\"\n");
        assert!(!FormatSpec::load(format_dir(&plain).path(), "evil").unwrap().qemu.unwrap().secure_boot);
        let bad = format!("{HEAD}kernel_args = [\"a=b\"]\n[qemu]\nlauncher = \"t\"\nsecure_boot = true\n");
        let e = format!("{:#}", FormatSpec::load(format_dir(&bad).path(), "evil").unwrap_err());
        assert!(e.contains("evil.toml") && e.contains("re-sign"), "{e}");
        // the shipped format
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../image-formats");
        let f = FormatSpec::load(&dir, "qemu_uefi_secure").unwrap();
        assert!(f.qemu.unwrap().secure_boot && f.writers == [Writer::Qcow2]);
    }

    #[test]
    pub fn absurd_sizes_in_format_files_are_refused() {
        let toml = format!("{HEAD}[qemu]\nlauncher = \"t\"\nmemory_mib = 99999999999\n");
        let e = format!("{:#}", FormatSpec::load(format_dir(&toml).path(), "evil").unwrap_err());
        assert!(e.contains("[qemu] memory_mib = 99999999999 is out of range"), "{e}");
    }

}
