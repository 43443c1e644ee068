//! What each command needs from the system: the table in `sdk/core/tools.toml` (programs
//! with their Debian packages, per command), checked by `railyard doctor`, installed into
//! the SDK image, and used for "not installed" hints by [`crate::Cmd`].

use crate::board::Board;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The table's text (compiled in: the check works without a checkout).
pub const TABLE: &str = include_str!("../tools.toml");

/// One command's needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandNeeds {
    /// Programs looked up on PATH.
    #[serde(default)]
    pub programs: Vec<String>,
    /// Files (absolute path -> Debian package).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Files needed only on machines of one architecture (`amd64`, `arm64`: the OCI
    /// names) -> (absolute path -> Debian package): Debian ships some binaries for the
    /// machine's own architecture only (systemd-boot's EFI programs).
    #[serde(default)]
    pub arch_files: BTreeMap<String, BTreeMap<String, String>>,
    /// The board's `[qemu] system` program.
    #[serde(default)]
    pub board_qemu: bool,
    /// The board's `[qemu]` UEFI firmware files.
    #[serde(default)]
    pub board_firmware: bool,
    /// Runs on the host only (not checked inside the SDK container).
    #[serde(default)]
    pub host_only: bool,
}

/// The parsed table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Program -> Debian package.
    pub programs: BTreeMap<String, String>,
    /// Command name -> needs.
    pub commands: BTreeMap<String, CommandNeeds>,
}

/// The OCI name of this machine's architecture (`amd64`, `arm64`; others as Rust names them).
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        a => a,
    }
}

/// The compiled-in table.
pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    // the table is part of the source and checked by a unit test: it always parses
    T.get_or_init(|| toml::from_str(TABLE).unwrap_or_else(|e| panic!("sdk/core/tools.toml: {e}")))
}

/// The Debian package providing `program`, if the table knows it.
pub fn package_for(program: &str) -> Option<&'static str> {
    table().programs.get(program).map(String::as_str)
}

/// One requirement and whether it is met.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The command needing it.
    pub command: String,
    /// The board, for board-specific needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub board: Option<String>,
    /// `program` or `file`.
    pub kind: &'static str,
    /// Program name or file path.
    pub name: String,
    /// Debian package providing it.
    pub package: String,
    /// Where it was found (None: missing).
    pub found: Option<PathBuf>,
}

/// Finds `program` on `$PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| std::fs::metadata(p).map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false))
}

/// The boards of a checkout (directories of `board-configs/` with a `board.toml`).
pub fn boards(root: &Path) -> Result<Vec<Board>> {
    let dir = root.join("board-configs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("board.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names.iter().map(|n| Board::load(root, n)).collect()
}

/// Every requirement of every command (skipping host-only commands when `sdk`), for the
/// given boards.
pub fn check(boards: &[Board], sdk: bool) -> Vec<Check> {
    let t = table();
    let mut out = Vec::new();
    for (cmd, needs) in &t.commands {
        if sdk && needs.host_only {
            continue;
        }
        let program = |name: &str, board: Option<&str>| Check {
            command: cmd.clone(),
            board: board.map(String::from),
            kind: "program",
            name: name.to_string(),
            package: package_for(name).unwrap_or("?").to_string(),
            found: which(name),
        };
        let file = |path: &Path, pkg: &str, board: Option<&str>| Check {
            command: cmd.clone(),
            board: board.map(String::from),
            kind: "file",
            name: path.display().to_string(),
            package: pkg.to_string(),
            found: path.is_file().then(|| path.to_path_buf()),
        };
        for p in &needs.programs {
            out.push(program(p, None));
        }
        for (path, pkg) in needs.files.iter().chain(needs.arch_files.get(host_arch()).into_iter().flatten()) {
            out.push(file(Path::new(path), pkg, None));
        }
        for b in boards {
            let name = b.board.name.as_str();
            if needs.board_qemu {
                out.push(program(&b.qemu.system, Some(name)));
            }
            if needs.board_firmware {
                for f in [&b.qemu.firmware_code, &b.qemu.firmware_vars] {
                    out.push(file(f, &b.qemu.firmware_package, Some(name)));
                }
            }
        }
    }
    out
}

/// Every Debian package the table and the boards name (for the SDK image), sorted.
pub fn sdk_packages(boards: &[Board], arch: &str) -> Vec<String> {
    let t = table();
    let mut v: Vec<String> = Vec::new();
    for needs in t.commands.values().filter(|n| !n.host_only) {
        v.extend(needs.programs.iter().filter_map(|p| package_for(p)).map(String::from));
        v.extend(needs.files.values().cloned());
        v.extend(needs.arch_files.get(arch).into_iter().flat_map(|f| f.values().cloned()));
        for b in boards {
            if needs.board_qemu {
                v.extend(package_for(&b.qemu.system).map(String::from));
            }
            if needs.board_firmware {
                v.push(b.qemu.firmware_package.clone());
            }
        }
    }
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_parses_and_names_a_package_for_every_program() {
        let t = super::table();
        for (cmd, n) in &t.commands {
            for p in &n.programs {
                assert!(super::package_for(p).is_some(), "{cmd}: program {p} has no package in [programs]");
            }
        }
        assert_eq!(super::package_for("qemu-img"), Some("qemu-utils"));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let boards = super::boards(&root).unwrap();
        let pk = super::sdk_packages(&boards, "amd64");
        for p in ["ovmf", "qemu-efi-aarch64", "qemu-system-x86", "qemu-system-arm", "openssh-client", "cgpt", "sbsigntool", "systemd-boot-efi", "erofs-utils"] {
            assert!(pk.iter().any(|x| x == p), "{p} not among the SDK packages: {pk:?}");
        }
        assert!(!pk.iter().any(|x| x == "podman" || x == "mmdebstrap"), "host-only tools stay out of the SDK");
    }
}
