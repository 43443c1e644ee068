//! `build_image`: turns a board's image root into a GPT disk with a dm-verity protected,
//! read-only /usr, an EFI system partition that boots it, and ext4 ROOT and OEM
//! filesystems — all written into one file at partition offsets, as an ordinary user.
//!
//! The stages, in order (see [`pipeline::build`]):
//! 1. plan the disk from the board's layout;
//! 2. take the image root installed from the board's binary packages (see [`installed`]);
//! 3. stage /usr (with `os-release` and the public keys the update agent trusts, in
//!    `/usr/share/railyard/update-keys/<keyid>.pub`), build its read-only filesystem and
//!    copy it into USR-A;
//! 4. compute the dm-verity tree in place (all cores) and record the root hash;
//! 5. take the packaged initramfs and write the ESP (mkfs.vfat/mtools at the offset);
//! 6. write ROOT and OEM (mkfs.ext4 at the offset, contents via debugfs);
//! 7. write the GPT last;
//! 8. write the A/B update payload (the USR-A bytes, kernel, initramfs) and its unsigned
//!    manifest envelope (see `railyard-update-format`), then move the finished files into the
//!    output directory.

pub mod cpio;
pub mod elf;
pub mod fs;
pub mod initramfs;
pub mod installed;
pub mod pipeline;
pub mod qemu;
pub mod tree;
pub mod uki;

pub use pipeline::{build, BuildOptions, BuildSummary, UpdateKey};

/// SHA-256 of a file, hex.
pub fn sha256_file(p: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    use sha2::Digest;
    use std::io::Read;
    let mut f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}
