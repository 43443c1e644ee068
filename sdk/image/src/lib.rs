//! `build_image`: turns a board's image root into a GPT disk with a dm-verity protected,
//! read-only /usr, an EFI system partition that boots it, and ext4 ROOT and OEM
//! filesystems — all written into one file at partition offsets, as an ordinary user.
//!
//! The stages, in order (see [`pipeline::build`]):
//! 1. plan the disk from the board's layout;
//! 2. assemble the image root (today from Debian packages, see [`debs`]);
//! 3. stage /usr, build its read-only filesystem and copy it into USR-A;
//! 4. compute the dm-verity tree in place (all cores) and record the root hash;
//! 5. build the initramfs (own newc writer, zstd) and the ESP (mkfs.vfat/mtools at the offset);
//! 6. write ROOT and OEM (mkfs.ext4 at the offset, contents via debugfs);
//! 7. write the GPT last, then move the finished files into the output directory.

pub mod cpio;
pub mod debs;
pub mod elf;
pub mod fs;
pub mod initramfs;
pub mod kmod;
pub mod pipeline;
pub mod qemu;
pub mod tree;

pub use pipeline::{build, BuildOptions, BuildSummary};
