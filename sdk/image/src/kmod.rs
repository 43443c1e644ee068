//! Kernel module selection for the initramfs: finds modules by name in an unpacked
//! kernel, follows `depends=` from each module's .modinfo, and returns a load order
//! (dependencies first). Modules built into the kernel are skipped.

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn norm(name: &str) -> String {
    name.trim_end_matches(".ko").replace('-', "_")
}

/// The module directory of one kernel version.
#[derive(Debug)]
pub struct Modules {
    files: BTreeMap<String, PathBuf>,
    builtin: BTreeSet<String>,
}

impl Modules {
    /// Indexes `<dir>` = `/lib/modules/<version>`.
    pub fn scan(dir: &Path) -> Result<Self> {
        let mut files = BTreeMap::new();
        let mut stack = vec![dir.join("kernel")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
                let e = e?;
                let p = e.path();
                if e.file_type()?.is_dir() {
                    stack.push(p);
                } else if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                    if n.ends_with(".ko") {
                        files.insert(norm(n), p.clone());
                    } else if n.ends_with(".ko.xz") || n.ends_with(".ko.zst") || n.ends_with(".ko.gz") {
                        bail!("{}: compressed kernel modules are not supported yet", p.display());
                    }
                }
            }
        }
        let builtin = std::fs::read_to_string(dir.join("modules.builtin"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.rsplit('/').next())
            .map(norm)
            .collect();
        Ok(Modules { files, builtin })
    }

    /// Dependencies declared in a module's .modinfo section.
    fn depends(path: &Path) -> Result<Vec<String>> {
        let data = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let key = b"\0depends=";
        let mut out = Vec::new();
        if let Some(i) = data.windows(key.len()).position(|w| w == key) {
            let v = &data[i + key.len()..];
            let end = v.iter().position(|&b| b == 0).unwrap_or(v.len());
            for d in String::from_utf8_lossy(&v[..end]).split(',').filter(|s| !s.is_empty()) {
                out.push(norm(d));
            }
        }
        Ok(out)
    }

    /// Module names (normalised) and files in load order for the `wanted` modules.
    pub fn load_order(&self, wanted: &[String]) -> Result<Vec<(String, PathBuf)>> {
        let mut order = Vec::new();
        let mut done = BTreeSet::new();
        for w in wanted {
            let n = norm(w);
            if self.builtin.contains(&n) {
                continue;
            }
            if !self.files.contains_key(&n) {
                bail!("kernel module {w:?} is neither a module file nor built into the kernel");
            }
            self.visit(&n, &mut done, &mut order, &mut Vec::new())?;
        }
        Ok(order)
    }

    fn visit(&self, n: &str, done: &mut BTreeSet<String>, order: &mut Vec<(String, PathBuf)>, path: &mut Vec<String>) -> Result<()> {
        if done.contains(n) || self.builtin.contains(n) {
            return Ok(());
        }
        if path.iter().any(|p| p == n) {
            bail!("kernel module dependency cycle: {} -> {n}", path.join(" -> "));
        }
        let f = self
            .files
            .get(n)
            .with_context(|| format!("kernel module {n:?} (needed by {}) not found", path.join(" -> ")))?;
        path.push(n.to_string());
        for d in Self::depends(f)? {
            self.visit(&d, done, order, path)?;
        }
        path.pop();
        done.insert(n.to_string());
        order.push((n.to_string(), f.clone()));
        Ok(())
    }
}
