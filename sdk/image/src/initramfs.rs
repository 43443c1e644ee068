//! Facts about the image's initramfs: the one `sys-kernel/railyard-initramfs` installed
//! (built by that package from its own `/init`, busybox, veritysetup/dmsetup/blkid and
//! the board's modules), copied to the ESP as is.

/// What went into the initramfs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Initramfs {
    /// Compressed size in bytes.
    pub size: u64,
    /// Modules in load order.
    pub modules: Vec<String>,
}
