//! Resolving files inside a foreign-architecture sysroot (symlinks are followed inside
//! the sysroot, never on the host) and collecting an ELF binary's shared libraries.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// A directory holding an unpacked root filesystem of the target architecture.
#[derive(Debug, Clone)]
pub struct Sysroot {
    root: PathBuf,
    multiarch: String,
}

impl Sysroot {
    /// `multiarch` is the Debian multiarch directory (`x86_64-linux-gnu`).
    pub fn new(root: &Path, multiarch: &str) -> Self {
        Sysroot { root: root.to_path_buf(), multiarch: multiarch.to_string() }
    }

    /// The sysroot directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves an absolute in-sysroot path to a host path of a regular file or directory,
    /// following symlinks relative to the sysroot.
    pub fn resolve(&self, path: &str) -> Option<PathBuf> {
        let mut parts: Vec<String> = Vec::new();
        let mut todo: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(String::from).rev().collect();
        let mut hops = 0;
        while let Some(c) = todo.pop() {
            match c.as_str() {
                "." => continue,
                ".." => {
                    parts.pop();
                    continue;
                }
                _ => {}
            }
            parts.push(c);
            let host = self.root.join(parts.join("/"));
            let md = host.symlink_metadata().ok()?;
            if md.file_type().is_symlink() {
                hops += 1;
                if hops > 40 {
                    return None;
                }
                let target = std::fs::read_link(&host).ok()?;
                parts.pop();
                if target.is_absolute() {
                    parts.clear();
                }
                for comp in target.components().rev() {
                    if let Component::Normal(s) = comp {
                        todo.push(s.to_string_lossy().into_owned());
                    } else if comp == Component::ParentDir {
                        todo.push("..".into());
                    }
                }
            }
        }
        let host = self.root.join(parts.join("/"));
        host.exists().then_some(host)
    }

    /// Finds a program by name in sbin/bin directories (merged-/usr or not).
    pub fn program(&self, name: &str) -> Result<PathBuf> {
        for d in ["usr/sbin", "sbin", "usr/bin", "bin"] {
            if let Some(p) = self.resolve(&format!("/{d}/{name}")) {
                if p.is_file() {
                    return Ok(p);
                }
            }
        }
        bail!("program {name:?} not found in the sysroot {}", self.root.display())
    }

    fn find_library(&self, soname: &str) -> Option<PathBuf> {
        let ma = &self.multiarch;
        for d in [format!("lib/{ma}"), format!("usr/lib/{ma}"), "lib".into(), "usr/lib".into(), "lib64".into(), "usr/lib64".into()] {
            if let Some(p) = self.resolve(&format!("/{d}/{soname}")) {
                if p.is_file() {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The ELF interpreter and every shared library `binary` needs (recursively).
    /// Returns in-image path → host file; libraries go to `/usr/lib/<multiarch>/`, the
    /// interpreter to its own path under /usr (merged-/usr image).
    pub fn closure(&self, binary: &Path) -> Result<BTreeMap<String, PathBuf>> {
        let mut out = BTreeMap::new();
        let mut todo = vec![binary.to_path_buf()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(f) = todo.pop() {
            if !seen.insert(f.clone()) {
                continue;
            }
            let data = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
            let elf = goblin::elf::Elf::parse(&data).with_context(|| format!("{} is not a valid ELF file", f.display()))?;
            if let Some(interp) = elf.interpreter {
                let host = self
                    .resolve(interp)
                    .with_context(|| format!("{}: ELF interpreter {interp} not in the sysroot", f.display()))?;
                out.insert(merged_usr_path(interp), host);
            }
            for lib in &elf.libraries {
                let host = match self.find_library(lib) {
                    Some(h) => h,
                    None => bail!(
                        "{} needs {lib}, which no package in the sysroot {} provides",
                        f.display(),
                        self.root.display()
                    ),
                };
                out.insert(format!("usr/lib/{}/{lib}", self.multiarch), host.clone());
                todo.push(host);
            }
        }
        Ok(out)
    }
}

/// `/lib64/ld-linux-x86-64.so.2` → `usr/lib64/ld-linux-x86-64.so.2`.
pub fn merged_usr_path(p: &str) -> String {
    let p = p.trim_start_matches('/');
    if p.starts_with("usr/") {
        p.to_string()
    } else {
        format!("usr/{p}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn resolves_inside_sysroot() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        std::fs::create_dir_all(r.join("usr/lib/x")).unwrap();
        std::fs::write(r.join("usr/lib/x/libc.so.6"), b"").unwrap();
        std::os::unix::fs::symlink("usr/lib", r.join("lib")).unwrap();
        std::os::unix::fs::symlink("/lib/x/libc.so.6", r.join("usr/lib/x/libc-abs.so")).unwrap();
        let s = Sysroot::new(r, "x");
        assert_eq!(s.resolve("/lib/x/libc.so.6").unwrap(), r.join("usr/lib/x/libc.so.6"));
        assert_eq!(s.resolve("/usr/lib/x/libc-abs.so").unwrap(), r.join("usr/lib/x/libc.so.6"));
        assert!(s.resolve("/etc/passwd").is_none());
        assert_eq!(merged_usr_path("/lib64/ld.so"), "usr/lib64/ld.so");
        // the host's own binaries have a full closure on the host root
        let host = Sysroot::new(Path::new("/"), "x86_64-linux-gnu");
        if cfg!(target_arch = "x86_64") {
            let c = host.closure(Path::new("/bin/sh")).unwrap();
            assert!(c.keys().any(|k| k.contains("libc.so.6")), "{c:?}");
        }
    }
}
