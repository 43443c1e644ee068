//! The C library in a build root, for the builds whose compiler is pointed at SYSROOT.
//!
//! Every package builds with `ROOT` = `SYSROOT` = its own build root, which holds its
//! DEPEND closure. Compilers take the C library from the SDK (the files of the toolchain
//! identity), because autotools and meson builds do not pass a sysroot to them. Gentoo's
//! `cmake.eclass` does: its toolchain file sets `CMAKE_SYSROOT` to `${ESYSROOT}`, and the
//! native compiler then looks for the C headers, `crt1.o` and `libc.so` only there. Flatcar's
//! board root has them from its toolchain packages; here, for such a build on a native board,
//! the same files the SDK compiles with (its `libc6`, `libc6-dev`, `linux-libc-dev` and
//! `libgcc-s1`, as dpkg lists them) are copied into the build root after the DEPEND closure,
//! never over a file a package put there. Debian's cross compilers keep their C library
//! outside any sysroot (`/usr/<triplet>/`), so cross boards need nothing.

use anyhow::{Context, Result};
use railyard_core::beneath::{Dir, Links};
use std::path::{Path, PathBuf};

/// Eclasses that point the compiler at SYSROOT.
pub const ECLASSES: &[&str] = &["cmake"];

/// The SDK's Debian packages whose files form the C library in a build root.
pub const PACKAGES: &[&str] = &["libc6", "libc6-dev", "linux-libc-dev", "libgcc-s1"];

/// What goes into every input hash for this rule (with the toolchain identity, which has
/// the packages' versions).
pub fn rule() -> String {
    format!("sysroot-libc eclasses={} packages={}", ECLASSES.join(","), PACKAGES.join(","))
}

/// Whether a build of an ebuild that inherits `eclasses` gets the C library in its root.
pub fn needed<'a>(eclasses: impl IntoIterator<Item = &'a str>, native: bool) -> bool {
    native && eclasses.into_iter().any(|e| ECLASSES.contains(&e))
}

/// [`needed`] for an ebuild's metadata (its `_eclasses_`).
pub fn needed_by(meta: &crate::repo::Metadata, native: bool) -> bool {
    needed(meta.eclasses().iter().map(|(e, _)| e.as_str()), native)
}

/// The files of [`PACKAGES`] for the Debian architecture `arch` (`dpkg -L`), without
/// documentation.
pub fn files(arch: &str) -> Result<Vec<PathBuf>> {
    let names: Vec<String> = PACKAGES.iter().map(|p| format!("{p}:{arch}")).collect();
    let out = std::process::Command::new("dpkg-query")
        .arg("-L")
        .args(&names)
        .stderr(std::process::Stdio::piped())
        .output()
        .context("running dpkg-query -L (the SDK is Debian-based)")?;
    if !out.status.success() {
        anyhow::bail!(
            "dpkg-query -L {}: {} (the SDK's C library packages are needed in the build root of a package that inherits {})",
            names.join(" "),
            String::from_utf8_lossy(&out.stderr).trim(),
            ECLASSES.join(" or ")
        );
    }
    let mut v: Vec<PathBuf> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('/') && !l.starts_with("/usr/share/"))
        .map(PathBuf::from)
        .collect();
    v.sort();
    v.dedup();
    Ok(v)
}

/// The C library as it goes into a build root: resolved once per run, copied per build.
#[derive(Debug, Default)]
pub struct Libc {
    /// `host`'s top-level links (`lib` → `usr/lib`, …): name and target.
    links: Vec<(String, String)>,
    /// Each file or link: what it is, and its real path below the root (a path through a
    /// link such as `/lib` → `usr/lib` lands where the link points).
    files: Vec<(Source, String)>,
}

/// A file of the C library as [`resolve`] found it.
#[derive(Debug)]
enum Source {
    /// A symbolic link and its target.
    Link(String),
    /// A regular file: where it is read, and its mode.
    File(PathBuf, u32),
}

/// Resolves `files` (absolute paths in the tree `host`, `/` but in tests, as [`files`]
/// lists them; directories are left out) to their real paths.
pub fn resolve(host: &Path, files: &[PathBuf]) -> Result<Libc> {
    let host = host.canonicalize().with_context(|| format!("resolving {}", host.display()))?;
    let mut libc = Libc::default();
    for top in ["bin", "sbin", "lib", "lib32", "lib64", "libx32"] {
        if let Ok(target) = std::fs::read_link(host.join(top)) {
            libc.links.push((top.to_string(), target.to_string_lossy().into_owned()));
        }
    }
    for listed in files {
        let f = host.join(listed.strip_prefix("/").unwrap_or(listed));
        let Ok(meta) = std::fs::symlink_metadata(&f) else { continue };
        let (Some(parent), Some(name)) = (f.parent(), f.file_name()) else { continue };
        if meta.is_dir() {
            continue;
        }
        let real = std::fs::canonicalize(parent).with_context(|| format!("resolving {}", parent.display()))?.join(name);
        let Ok(real) = real.strip_prefix(&host) else { continue };
        let source = if meta.file_type().is_symlink() {
            Source::Link(std::fs::read_link(&f).with_context(|| format!("reading {}", f.display()))?.to_string_lossy().into_owned())
        } else if meta.is_file() {
            use std::os::unix::fs::PermissionsExt;
            Source::File(f.clone(), meta.permissions().mode() & 0o7777)
        } else {
            continue;
        };
        libc.files.push((source, real.to_string_lossy().into_owned()));
    }
    Ok(libc)
}

/// Copies the C library into the root `root`, each file at its real path, and recreates
/// the top-level links the root lacks. Nothing that exists in the root is replaced, and
/// every path is resolved inside the root (a package's link cannot lead a write out of
/// it). Returns how many files were copied.
pub fn add(root: &Path, libc: &Libc) -> Result<usize> {
    let dir = Dir::open(root).with_context(|| format!("opening {}", root.display()))?;
    for (top, target) in &libc.links {
        if dir.try_lstat(top, Links::No)?.is_none() {
            dir.symlink(target, top, Links::No).with_context(|| format!("{}: cannot link", dir.display(top)))?;
        }
    }
    let mut copied = 0;
    for (source, rel) in &libc.files {
        if dir.try_lstat(rel, Links::InRoot)?.is_some() {
            continue;
        }
        if let Some(p) = Path::new(rel).parent().filter(|p| !p.as_os_str().is_empty()) {
            dir.mkdir_all(&p.to_string_lossy(), 0o755, Links::InRoot).with_context(|| format!("{}: cannot create", dir.display(&p.to_string_lossy())))?;
        }
        match source {
            Source::Link(target) => dir.symlink(target, rel, Links::InRoot).with_context(|| format!("{}: cannot link", dir.display(rel)))?,
            Source::File(f, mode) => {
                let mut src = std::fs::File::open(f).with_context(|| format!("reading {}", f.display()))?;
                let mut out = dir.create_new(rel, *mode, Links::InRoot).with_context(|| format!("{}: cannot create", dir.display(rel)))?;
                std::io::copy(&mut src, &mut out).with_context(|| format!("{}: cannot write", dir.display(rel)))?;
                copied += 1;
            }
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_native_builds_of_sysroot_eclasses_need_it() {
        assert!(needed(["multilib-minimal", "cmake", "cmake-multilib"], true));
        assert!(!needed(["cmake"], false), "a cross compiler keeps its C library outside the sysroot");
        assert!(!needed(["meson", "multilib-minimal"], true));
    }

    #[test]
    fn files_land_at_their_real_paths_inside_the_root_and_nothing_is_replaced() {
        let t = std::env::temp_dir().join(format!("railyard-sysroot-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&t);
        let (host, root, outside) = (t.join("host"), t.join("root"), t.join("outside"));
        for d in [host.join("usr/lib/x"), host.join("usr/include/sys"), root.join("usr/include"), outside.clone()] {
            std::fs::create_dir_all(d).unwrap();
        }
        // the host: lib -> usr/lib, a header, a library and a link to it
        std::os::unix::fs::symlink("usr/lib", host.join("lib")).unwrap();
        std::fs::write(host.join("usr/lib/x/libc.so.6"), "elf").unwrap();
        std::os::unix::fs::symlink("libc.so.6", host.join("usr/lib/x/libc.so")).unwrap();
        std::fs::write(host.join("usr/include/stdio.h"), "sdk").unwrap();
        std::fs::write(host.join("usr/include/sys/types.h"), "types").unwrap();
        // the root: a package's own stdio.h, and a hostile link out of the root
        std::fs::write(root.join("usr/include/stdio.h"), "package").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("usr/include/sys")).unwrap();
        let files: Vec<PathBuf> = ["/lib/x/libc.so.6", "/usr/lib/x/libc.so", "/usr/include/stdio.h", "/usr/include/sys/types.h", "/usr/lib/x", "/usr/share/none"].iter().map(PathBuf::from).collect();
        // the link resolves inside the root, where its target does not exist: an error
        let libc = resolve(&host, &files).unwrap();
        let e = add(&root, &libc).unwrap_err();
        assert!(format!("{e:#}").contains("usr/include/sys"), "{e:#}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing written through the link out of the root");
        std::fs::remove_file(root.join("usr/include/sys")).unwrap();
        let n = add(&root, &libc).unwrap();
        assert_eq!(n, 1, "types.h (libc.so.6 came the first time, stdio.h was the package's)");
        assert_eq!(std::fs::read_link(root.join("lib")).unwrap(), Path::new("usr/lib"), "the top-level link");
        assert_eq!(std::fs::read_to_string(root.join("usr/lib/x/libc.so.6")).unwrap(), "elf");
        assert_eq!(std::fs::read_link(root.join("usr/lib/x/libc.so")).unwrap(), Path::new("libc.so.6"));
        assert_eq!(std::fs::read_to_string(root.join("usr/include/stdio.h")).unwrap(), "package");
        assert_eq!(std::fs::read_to_string(root.join("usr/include/sys/types.h")).unwrap(), "types");
        let _ = std::fs::remove_dir_all(&t);
    }
}
