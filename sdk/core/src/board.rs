//! Board configuration: `board-configs/<board>/board.toml`.

use anyhow::{bail, Context, Result};
use railyard_disk::Layout;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `[board]`: what the board is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardSection {
    /// Board name, e.g. `amd64-usr`.
    pub name: String,
    /// Debian/Gentoo architecture name (`amd64`, `arm64`).
    pub arch: String,
    /// Toolchain tuple (CHOST).
    pub chost: String,
    /// Debian multiarch directory name (`x86_64-linux-gnu`).
    pub multiarch: String,
    /// File name of the removable-media EFI loader (`BOOTX64.EFI`).
    pub efi_boot_file: String,
    /// The A/B boot selector in /usr/lib/railyard/selector (`railyard-selectorx64.efi`),
    /// installed as the ESP's default boot file.
    pub selector: String,
    /// systemd's EFI stub in /usr/lib/systemd/boot/efi (`linuxx64.efi.stub`): the base of
    /// each slot's unified kernel image.
    pub uki_stub: String,
    /// Disk layout file, relative to the board directory.
    pub layout: PathBuf,
    /// Filesystem for /usr: `erofs` (default) or `squashfs`.
    #[serde(default = "default_usr_fs")]
    pub usr_fs: String,
}

fn default_usr_fs() -> String {
    "erofs".into()
}

/// `[os]`: the distribution's identity (vendors rebrand here).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OsSection {
    /// os-release ID; also names output files (`<id>_production_image.bin`).
    pub id: String,
    /// os-release NAME.
    pub name: String,
    /// Default version when `--version` is not given.
    pub version: String,
    /// os-release HOME_URL.
    #[serde(default)]
    pub home_url: Option<String>,
}

/// `[kernel]`: kernel command line. (The initramfs modules are a board profile setting,
/// `RAILYARD_INITRAMFS_MODULES` in `portage/make.defaults`, read by the initramfs package.)
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KernelSection {
    /// Arguments always on the command line (console per arch, panic behaviour, ...).
    pub cmdline: Vec<String>,
}

/// `[qemu]`: how tests and launchers boot this board.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct QemuSection {
    /// qemu-system binary.
    pub system: String,
    /// Machine type.
    pub machine: String,
    /// CPU model, if the machine needs one.
    #[serde(default)]
    pub cpu: Option<String>,
    /// Read-only UEFI firmware code.
    pub firmware_code: PathBuf,
    /// UEFI variable store template (copied per VM).
    pub firmware_vars: PathBuf,
    /// Debian package providing the firmware.
    pub firmware_package: String,
    /// Serial console device as the kernel names it.
    pub console: String,
    /// Read-only UEFI firmware code for booting with Secure Boot enforced (amd64: OVMF's SMM
    /// build `OVMF_CODE_4M.secboot.fd`, which keeps the variable store writable from SMM
    /// only; arm64: `AAVMF_CODE.fd`, the only AAVMF build). None: `firmware_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware_code_secure: Option<PathBuf>,
    /// Machine type with `firmware_code_secure` (amd64: `q35,smm=on`: the SMM build hangs
    /// without SMM). None: `machine`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_secure: Option<String>,
    /// QEMU `-global` properties with `firmware_code_secure`, one `-global` each (amd64:
    /// `driver=cfi.pflash01,property=secure,value=on` and `ICH9-LPC.disable_s3=1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub globals_secure: Vec<String>,
    /// The fw_cfg name the image's Ignition reads its config from on the `qemu` platform
    /// (the launcher's `-i FILE` goes there). None: upstream's `opt/com.coreos/config`
    /// ([`IGNITION_FW_CFG`]); a vendor with a patched Ignition names its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignition_fw_cfg: Option<String>,
}

/// Where upstream Ignition (and Debian's build of it) reads its config on QEMU:
/// `/sys/firmware/qemu_fw_cfg/by_name/opt/com.coreos/config/raw`.
pub const IGNITION_FW_CFG: &str = "opt/com.coreos/config";

impl QemuSection {
    /// The firmware code for a Secure Boot boot: `firmware_code_secure`, else `firmware_code`.
    pub fn secure_code(&self) -> &Path {
        self.firmware_code_secure.as_deref().unwrap_or(&self.firmware_code)
    }
    /// The fw_cfg name of the Ignition config: `ignition_fw_cfg`, else [`IGNITION_FW_CFG`].
    pub fn ignition_fw_cfg(&self) -> &str {
        self.ignition_fw_cfg.as_deref().unwrap_or(IGNITION_FW_CFG)
    }
    /// The machine type for a Secure Boot boot: `machine_secure`, else `machine`.
    pub fn secure_machine(&self) -> &str {
        self.machine_secure.as_deref().unwrap_or(&self.machine)
    }
}

/// `[packages]`: where the board's packages come from (`build_packages`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesSection {
    /// Ebuild repositories, relative to the repository root, lowest priority first. The
    /// first is the main repository (profiles and eclasses of later ones may build on it).
    #[serde(default = "default_overlays")]
    pub overlays: Vec<PathBuf>,
    /// The board's Portage profile directory (`make.profile`), relative to the board.
    #[serde(default = "default_profile")]
    pub profile: PathBuf,
    /// What the image consists of: package atoms resolved with their dependencies.
    #[serde(default = "default_targets")]
    pub targets: Vec<String>,
    /// The binary-package cache in an OCI registry, `REGISTRY/REPOSITORY`
    /// (`build_packages --binhost` and `$RAILYARD_BINHOST` win).
    #[serde(default)]
    pub binhost: Option<String>,
    /// The public key (`keygen`'s `.pub` or `.pub.pem`, relative to the repository root)
    /// every package pulled from the binhost must be signed with
    /// (`--binhost-key` and `$RAILYARD_BINHOST_KEY` win).
    #[serde(default)]
    pub binhost_key: Option<PathBuf>,
    /// The build-host (BROOT) profile BDEPEND/IDEPEND subtrees are planned with, relative
    /// to the board (e.g. a vendor SDK's profile); default: the Portage installation's
    /// (`profiles/host/<arch>` of the main repository).
    #[serde(default)]
    pub host_profile: Option<PathBuf>,
    /// Flatcar's `break_dep_loop`: `ATOM:FLAG[,FLAG…]` entries, packages planned and built
    /// first with those USE flags cleared; the targets are then planned against a board
    /// root that holds them, and a dependency loop is broken where one of them satisfies
    /// a dependency (`build_packages --break-dep-loop` wins).
    #[serde(default)]
    pub break_dep_loop: Vec<String>,
}

impl Default for PackagesSection {
    fn default() -> Self {
        Self { overlays: default_overlays(), profile: default_profile(), targets: default_targets(), binhost: None, binhost_key: None, host_profile: None, break_dep_loop: Vec::new() }
    }
}

fn default_overlays() -> Vec<PathBuf> {
    vec![PathBuf::from("overlays/railyard")]
}
fn default_profile() -> PathBuf {
    PathBuf::from("portage")
}
fn default_targets() -> Vec<String> {
    vec!["railyard-base/railyard".into()]
}

/// `[update]`: the A/B updates the image accepts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateSection {
    /// Public keys (files, relative to the board directory or absolute, without `..`) whose
    /// signatures the image's update agent accepts; baked into
    /// `/usr/share/railyard/update-keys/` by `build_image` (with its `--update_key` files;
    /// with neither, the public half of the signing key).
    #[serde(default)]
    pub keys: Vec<PathBuf>,
}

/// `[secure_boot]`: the UEFI Secure Boot db certificate this board's images are signed for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecureBootSection {
    /// The db certificate (PEM or DER; relative to the board directory or absolute, without
    /// `..`; never a private key). `build_image --secure_boot_key` then signs with it when
    /// no `--secure_boot_cert` is given, and refuses a key or certificate that is not this
    /// one: a release cannot be signed with the wrong key by mistake.
    #[serde(default)]
    pub cert: Option<PathBuf>,
}

/// A parsed board configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    /// See [`BoardSection`].
    pub board: BoardSection,
    /// See [`OsSection`].
    pub os: OsSection,
    /// See [`KernelSection`].
    pub kernel: KernelSection,
    /// See [`QemuSection`].
    pub qemu: QemuSection,
    /// See [`PackagesSection`].
    #[serde(default)]
    pub packages: PackagesSection,
    /// See [`UpdateSection`].
    #[serde(default)]
    pub update: UpdateSection,
    /// See [`SecureBootSection`].
    #[serde(default)]
    pub secure_boot: SecureBootSection,
    #[serde(skip)]
    dir: PathBuf,
}

impl Board {
    /// Loads `board-configs/<name>/board.toml` from the repository `root`.
    pub fn load(root: &Path, name: &str) -> Result<Self> {
        let base = root.join("board-configs");
        let dir = base.join(name);
        let file = dir.join("board.toml");
        if !file.is_file() {
            let mut known: Vec<String> = std::fs::read_dir(&base)
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().join("board.toml").is_file())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            known.sort();
            bail!("unknown board {name:?}: {} does not exist (known boards: {})", file.display(), known.join(", "));
        }
        let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        let mut b: Board = toml::from_str(&text).with_context(|| format!("parsing board config {}", file.display()))?;
        if b.board.name != name {
            bail!("{}: [board] name is {:?} but the directory is {name:?}", file.display(), b.board.name);
        }
        b.check_strings().with_context(|| format!("board config {}", file.display()))?;
        if !matches!(b.board.usr_fs.as_str(), "erofs" | "squashfs") {
            bail!("{}: usr_fs must be \"erofs\" or \"squashfs\", not {:?}", file.display(), b.board.usr_fs);
        }
        if b.os.id.is_empty() || !b.os.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)) {
            bail!("{}: [os] id {:?} must be lowercase letters, digits, '.', '_' or '-' (os-release ID)", file.display(), b.os.id);
        }
        b.dir = dir;
        Ok(b)
    }

    /// Checks the strings that reach file names, tool command lines and files other
    /// programs parse (the systemd-boot loader entry, os-release, the kernel command line):
    /// no control characters (a newline would start a new line of the loader entry),
    /// names of files and directories without `/`, whitespace or quotes.
    fn check_strings(&self) -> Result<()> {
        let b = &self.board;
        // file and directory names: the ESP, output directories, paths in the image root
        for (field, v) in [
            ("[board] name", &b.name),
            ("[board] arch", &b.arch),
            ("[board] chost", &b.chost),
            ("[board] multiarch", &b.multiarch),
            ("[board] efi_boot_file", &b.efi_boot_file),
            ("[board] selector", &b.selector),
            ("[board] uki_stub", &b.uki_stub),
        ] {
            check_name(field, v)?;
        }
        check_version("[os] version", &self.os.version)?;
        // os-release values inside double quotes, the loader entry's title line
        check_text("[os] name", &self.os.name, "\"\\$`")?;
        if let Some(u) = &self.os.home_url {
            check_text("[os] home_url", u, "\"\\$` ")?;
        }
        for (i, arg) in self.kernel.cmdline.iter().enumerate() {
            // one argument of the loader entry's `options` line
            let field = format!("[kernel] cmdline[{i}]");
            if arg.is_empty() {
                bail!("{field} is empty");
            }
            check_text(&field, arg, "")?;
            if arg.chars().any(char::is_whitespace) && !arg.contains('"') {
                bail!("{field} {arg:?} contains whitespace: give each kernel argument as its own string (or quote the value, key=\"a b\")");
            }
        }
        let q = &self.qemu;
        for (field, v) in [("[qemu] system", &q.system), ("[qemu] machine", &q.machine), ("[qemu] console", &q.console)] {
            check_text(field, v, " \"'\\")?;
        }
        if let Some(cpu) = &q.cpu {
            check_text("[qemu] cpu", cpu, " \"'\\")?;
        }
        if let Some(m) = &q.machine_secure {
            check_text("[qemu] machine_secure", m, " \"'\\")?;
        }
        for (i, g) in q.globals_secure.iter().enumerate() {
            // one QEMU argument, written into launchers too
            check_text(&format!("[qemu] globals_secure[{i}]"), g, " \"'\\$`")?;
            if g.is_empty() || g.starts_with('-') || !g.contains('=') {
                bail!("[qemu] globals_secure[{i}] {g:?} is not a QEMU -global property (driver.prop=value)");
            }
        }
        // firmware: host files QEMU reads (launchers quote them; QEMU's own option syntax
        // doubles commas): absolute, no control characters, no `..`
        let secure_code = q.firmware_code_secure.clone();
        for (field, f) in [("[qemu] firmware_code", &q.firmware_code), ("[qemu] firmware_vars", &q.firmware_vars)]
            .into_iter()
            .chain(secure_code.as_ref().map(|c| ("[qemu] firmware_code_secure", c)))
        {
            let s = f.to_str().with_context(|| format!("{field} {f:?} is not UTF-8"))?;
            check_text(field, s, "\"'\\$`")?;
            if !f.is_absolute() || f.components().any(|c| c == std::path::Component::ParentDir) {
                bail!("{field} {s:?} must be an absolute path without '..' (the firmware file on the host)");
            }
        }
        check_name("[qemu] firmware_package", &q.firmware_package)?;
        // [packages]: overlays and the profile stay inside the checkout (or the board), the
        // targets are package atoms
        let p = &self.packages;
        for (i, o) in p.overlays.iter().enumerate() {
            check_relative(&format!("[packages] overlays[{i}]"), o)?;
        }
        check_relative("[packages] profile", &p.profile)?;
        for (i, t) in p.targets.iter().enumerate() {
            let field = format!("[packages] targets[{i}]");
            if t.is_empty() || t.starts_with('-') {
                bail!("{field} {t:?} is not a package atom");
            }
            if let Some(c) = t.chars().find(|c| !(c.is_ascii_alphanumeric() || "/._-+:=<>~*@[],!?".contains(*c))) {
                bail!("{field} {t:?} contains {c:?}, which no package atom contains");
            }
        }
        // [update] keys: files of the board (relative) or of the host (absolute), no `..`
        for (i, k) in self.update.keys.iter().enumerate() {
            let field = format!("[update] keys[{i}]");
            let s = k.to_str().with_context(|| format!("{field} {k:?} is not UTF-8"))?;
            check_text(&field, s, "")?;
            if s.is_empty() || k.components().any(|c| c == std::path::Component::ParentDir) {
                bail!("{field} {s:?} must be a key file relative to the board directory (or absolute), without '..'");
            }
        }
        if let Some(c) = &self.secure_boot.cert {
            let field = "[secure_boot] cert";
            let s = c.to_str().with_context(|| format!("{field} {c:?} is not UTF-8"))?;
            check_text(field, s, "")?;
            if s.is_empty() || c.components().any(|x| x == std::path::Component::ParentDir) {
                bail!("{field} {s:?} must be a certificate file relative to the board directory (or absolute), without '..'");
            }
        }
        Ok(())
    }

    /// The board's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the layout file.
    pub fn layout_path(&self) -> PathBuf {
        let p = self.dir.join(&self.board.layout);
        std::fs::canonicalize(&p).unwrap_or(p)
    }

    /// Loads the disk layout.
    pub fn layout(&self) -> Result<Layout> {
        Ok(Layout::load(&self.layout_path())?)
    }

    /// The board's Portage profile directory.
    pub fn profile_dir(&self) -> PathBuf {
        self.dir.join(&self.packages.profile)
    }

    /// The board's own build-host profile directory, if it names one.
    pub fn host_profile_dir(&self) -> Option<PathBuf> {
        self.packages.host_profile.as_ref().map(|p| self.dir.join(p))
    }

    /// The `[update] keys` files, relative ones resolved against the board directory.
    pub fn update_key_paths(&self) -> Vec<PathBuf> {
        self.update.keys.iter().map(|k| self.dir.join(k)).collect()
    }

    /// `[secure_boot] cert` resolved against the board directory.
    pub fn secure_boot_cert_path(&self) -> Option<PathBuf> {
        self.secure_boot.cert.as_ref().map(|c| self.dir.join(c))
    }

    /// Prefix of every output file: `<os id>_production_image`.
    pub fn image_prefix(&self) -> String {
        format!("{}_production_image", self.os.id)
    }
}

/// No control characters (newline, carriage return, tab, escape, NUL, DEL, C1) and none of
/// `also`.
fn check_text(field: &str, v: &str, also: &str) -> Result<()> {
    if let Some(c) = v.chars().find(|c| c.is_control() || also.contains(*c)) {
        bail!("{field} {v:?} contains {c:?}, which is not allowed there");
    }
    Ok(())
}

/// A path inside the checkout: relative, no `..`, no control characters.
fn check_relative(field: &str, p: &Path) -> Result<()> {
    let s = p.to_str().with_context(|| format!("{field} {p:?} is not UTF-8"))?;
    check_text(field, s, "")?;
    if s.is_empty() || p.is_absolute() || p.components().any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir)) {
        bail!("{field} {s:?} must be a relative path inside the checkout, without '..'");
    }
    Ok(())
}

/// A file or directory name: ASCII letters, digits, `.`, `_`, `-`, `+`; not `.`/`..`.
pub fn check_name(field: &str, v: &str) -> Result<()> {
    if v.is_empty() || v == "." || v == ".." || v.starts_with('-') {
        bail!("{field} {v:?} is not a usable file name");
    }
    if let Some(c) = v.chars().find(|c| !(c.is_ascii_alphanumeric() || "._-+".contains(*c))) {
        bail!("{field} {v:?} contains {c:?}: it names a file, so only ASCII letters, digits, '.', '_', '-' and '+' are allowed");
    }
    Ok(())
}

/// An image version (it names the output directory and is written into the loader entry
/// and os-release): a [`check_name`] that does not start with `.`.
pub fn check_version(field: &str, v: &str) -> Result<()> {
    check_name(field, v)?;
    if v.starts_with('.') {
        bail!("{field} {v:?} starts with '.': it names a directory");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board_with(root: &Path, edit: &dyn Fn(&str) -> String) -> Result<Board> {
        let text = std::fs::read_to_string(repo_root().join("board-configs/amd64-usr/board.toml")).unwrap();
        let d = root.join("board-configs/amd64-usr");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("board.toml"), edit(&text)).unwrap();
        Board::load(root, "amd64-usr")
    }

    fn repo_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn strings_that_reach_files_and_tools_are_checked() {
        let d = tempfile::tempdir().unwrap();
        board_with(d.path(), &|t| t.to_string()).unwrap();
        for (from, to, field) in [
            ("\"panic=5\"", "\"panic=5\\ninitrd /evil\"", "[kernel] cmdline[1]"),
            ("\"panic=5\"", "\"panic=5 quiet\"", "[kernel] cmdline[1]"),
            ("\"panic=5\"", "\"\"", "[kernel] cmdline[1]"),
            ("\"panic=5\"", "\"panic=5\\r\"", "[kernel] cmdline[1]"),
            ("efi_boot_file = \"BOOTX64.EFI\"", "efi_boot_file = \"../BOOTX64.EFI\"", "[board] efi_boot_file"),
            ("efi_boot_file = \"BOOTX64.EFI\"", "efi_boot_file = \"BOOT X64.EFI\"", "[board] efi_boot_file"),
            ("selector = \"railyard-selectorx64.efi\"", "selector = \"a/b.efi\"", "[board] selector"),
            ("uki_stub = \"linuxx64.efi.stub\"", "uki_stub = \"../x.stub\"", "[board] uki_stub"),
            ("version = \"0.1.0\"", "version = \"0.1\\n0\"", "[os] version"),
            ("version = \"0.1.0\"", "version = \".hidden\"", "[os] version"),
            ("name = \"Railyard Linux\"", "name = \"Railyard\\u001b[2J\"", "[os] name"),
            ("name = \"Railyard Linux\"", "name = \"Rail\\\"yard\"", "[os] name"),
            ("console = \"ttyS0\"", "console = \"ttyS0\\n\"", "[qemu] console"),
            ("firmware_code = \"/usr/share/OVMF/OVMF_CODE_4M.fd\"", "firmware_code = \"OVMF_CODE_4M.fd\"", "[qemu] firmware_code"),
            ("firmware_vars = \"/usr/share/OVMF/OVMF_VARS_4M.fd\"", "firmware_vars = \"/usr/share/../../etc/shadow\"", "[qemu] firmware_vars"),
            ("firmware_vars = \"/usr/share/OVMF/OVMF_VARS_4M.fd\"", "firmware_vars = \"/x\\n.fd\"", "[qemu] firmware_vars"),
            ("firmware_package = \"ovmf\"", "firmware_package = \"ovmf; rm -rf /\"", "[qemu] firmware_package"),
            ("firmware_code_secure = \"/usr/share/OVMF/OVMF_CODE_4M.secboot.fd\"", "firmware_code_secure = \"../OVMF_CODE_4M.secboot.fd\"", "[qemu] firmware_code_secure"),
            ("machine_secure = \"q35,smm=on\"", "machine_secure = \"q35 -hda /etc/shadow\"", "[qemu] machine_secure"),
            ("\"ICH9-LPC.disable_s3=1\"", "\"ICH9-LPC.disable_s3=1 -hda x\"", "[qemu] globals_secure[1]"),
            ("\"ICH9-LPC.disable_s3=1\"", "\"-kernel\"", "[qemu] globals_secure[1]"),
            ("profile = \"portage\"", "profile = \"../../../../etc\"", "[packages] profile"),
            ("overlays = [\"overlays/railyard\"]", "overlays = [\"/etc\"]", "[packages] overlays[0]"),
            ("targets = [\"railyard-base/railyard\"]", "targets = [\"--root=/\"]", "[packages] targets[0]"),
            ("targets = [\"railyard-base/railyard\"]", "targets = [\"a/b\\nc\"]", "[packages] targets[0]"),
        ] {
            assert!(t_contains(from), "{from}");
            let e = format!("{:#}", board_with(d.path(), &|t| t.replacen(from, to, 1)).unwrap_err());
            assert!(e.contains(field) && e.contains("board-configs/amd64-usr/board.toml"), "{to}: {e}");
        }
        // a quoted kernel argument with a space stays possible
        board_with(d.path(), &|t| t.replacen("\"panic=5\"", "\"foo=\\\"a b\\\"\"", 1)).unwrap();
    }

    fn t_contains(s: &str) -> bool {
        std::fs::read_to_string(repo_root().join("board-configs/amd64-usr/board.toml")).unwrap().contains(s)
    }
}
