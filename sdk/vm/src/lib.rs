//! Deterministic virtual-machine disk image writers for Railyard.
//!
//! Every writer takes a raw disk image (a possibly sparse file whose size is
//! a multiple of 512 bytes), streams it (holes are found with
//! `SEEK_DATA`/`SEEK_HOLE`, all-zero 64 KiB grains are skipped) and writes
//! its output to a temporary file in the destination directory that is
//! renamed into place only when complete. Outputs are byte-identical across
//! runs: time stamps come from the caller's `SOURCE_DATE_EPOCH`, ids (VHD
//! unique id, VMDK CID) from a seed and a digest of the input content.
//!
//! * [`vhd::write_fixed`]: fixed VHD (Azure), sparse output.
//! * [`vmdk::write_stream_optimized`]: streamOptimized VMDK, parallel zlib.
//! * [`qcow2::convert`]: qcow2 through the stock `qemu-img`.
//! * [`ova::write_ova`] / [`ova::pack`] / [`ova::render_ovf`]: OVF + OVA.
//! * [`write_many`]: several formats from one read pass of the input.
//! * [`efivars`]: an edk2 UEFI variable store with Secure Boot keys enrolled (OVMF/AAVMF).
//! * [`pipeline`]: `image_to_vm` — format files, the base image, per-format disks, writers,
//!   companions and compressed copies, all or nothing.

pub mod efivars;
pub mod error;
mod output;
pub mod pipeline;
pub mod ova;
pub mod qcow2;
mod source;
pub mod vhd;
pub mod vmdk;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use error::{Error, Result};
pub use ova::{OvaInfo, OvaOptions, OvfContext};
pub use qcow2::Qcow2Info;
pub use vhd::{VhdInfo, VhdOptions};
pub use vmdk::{VmdkAdapter, VmdkInfo, VmdkOptions};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Fixed VHD (`vhd`).
    VhdFixed,
    /// streamOptimized VMDK (`vmdk`).
    VmdkStreamOptimized,
    /// qcow2 via qemu-img (`qcow2`).
    Qcow2,
    /// OVA: OVF + streamOptimized VMDK + manifest (`ova`).
    Ova,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 4] = [
        Format::VhdFixed,
        Format::VmdkStreamOptimized,
        Format::Qcow2,
        Format::Ova,
    ];

    /// Usual file extension (without dot); also the name accepted by
    /// [`Format::from_str`].
    pub fn extension(self) -> &'static str {
        match self {
            Format::VhdFixed => "vhd",
            Format::VmdkStreamOptimized => "vmdk",
            Format::Qcow2 => "qcow2",
            Format::Ova => "ova",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown disk format {s:?} (expected vhd, vmdk, qcow2 or ova)"))
    }
}

/// One requested output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Format to write.
    pub format: Format,
    /// Destination file.
    pub path: PathBuf,
}

impl Target {
    /// Shorthand constructor.
    pub fn new(format: Format, path: impl Into<PathBuf>) -> Self {
        Target {
            format,
            path: path.into(),
        }
    }
}

/// Options for all formats. `ova` is required when an OVA is requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Fixed-VHD options.
    pub vhd: VhdOptions,
    /// VMDK options (also used for the disk inside an OVA).
    pub vmdk: VmdkOptions,
    /// OVA options.
    pub ova: Option<OvaOptions>,
}

impl Options {
    /// Defaults for `source_date_epoch` with `seed` for the derived ids.
    pub fn new(source_date_epoch: u64, seed: &str) -> Self {
        let mut vhd = VhdOptions::new(source_date_epoch);
        vhd.seed = seed.to_string();
        let mut vmdk = VmdkOptions::new(source_date_epoch);
        vmdk.seed = seed.to_string();
        Options {
            vhd,
            vmdk,
            ova: None,
        }
    }
}

/// What one target produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A fixed VHD.
    Vhd(VhdInfo),
    /// A streamOptimized VMDK.
    Vmdk(VmdkInfo),
    /// A qcow2 image.
    Qcow2(Qcow2Info),
    /// An OVA.
    Ova(OvaInfo),
}

impl Written {
    /// Output path.
    pub fn path(&self) -> &Path {
        match self {
            Written::Vhd(i) => &i.path,
            Written::Vmdk(i) => &i.path,
            Written::Qcow2(i) => &i.path,
            Written::Ova(i) => &i.path,
        }
    }
}

/// Byte ranges `(start, end)` of `raw` that may hold data, found with
/// `SEEK_DATA`/`SEEK_HOLE`, aligned outwards to 64 KiB and clipped to the file
/// size (the whole file when the file system cannot report holes). Lets
/// callers copy a sparse image without reading its holes.
pub fn data_extents(raw: &Path) -> Result<Vec<(u64, u64)>> {
    let image = source::RawImage::open(raw)?;
    let size = image.size;
    Ok(image
        .data_extents()?
        .into_iter()
        .map(|(s, e)| (s, e.min(size)))
        .filter(|(s, e)| s < e)
        .collect())
}

/// Writes one format; see [`write_many`].
pub fn write(format: Format, raw: &Path, out: &Path, opts: &Options) -> Result<Written> {
    let mut written = write_many(raw, &[Target::new(format, out)], opts)?;
    written.pop().ok_or_else(|| Error::InvalidOutput {
        path: out.to_path_buf(),
        reason: "nothing was written".into(),
    })
}

/// Writes every target from ONE read pass of `raw` for VHD, VMDK and OVA:
/// each 4 MiB batch read is handed to the VHD writer and the VMDK
/// compressor; an OVA reuses the VMDK (if a VMDK target is also requested
/// its descriptor names the OVA's `<name>.vmdk`). qcow2 is the exception:
/// `qemu-img` reads the input itself, and it runs first so a missing tool
/// fails before the long pass. Each output is atomic on its own; outputs
/// finished before a later failure stay in place. At most one target per
/// format. Results come back in the order of `targets`.
pub fn write_many(raw: &Path, targets: &[Target], opts: &Options) -> Result<Vec<Written>> {
    let mut seen_paths = HashSet::new();
    let mut seen_formats = HashSet::new();
    for t in targets {
        if !seen_paths.insert(t.path.clone()) {
            return Err(Error::InvalidOutput {
                path: t.path.clone(),
                reason: "requested more than once".into(),
            });
        }
        if !seen_formats.insert(t.format) {
            return Err(Error::InvalidOutput {
                path: t.path.clone(),
                reason: format!("second {} target (one per format)", t.format),
            });
        }
    }
    let find = |f: Format| {
        targets
            .iter()
            .find(|t| t.format == f)
            .map(|t| t.path.as_path())
    };
    let ova = match find(Format::Ova) {
        Some(out) => {
            let o = opts.ova.as_ref().ok_or_else(|| Error::InvalidOutput {
                path: out.to_path_buf(),
                reason: "OVA requested without OVA options".into(),
            })?;
            o.validate(out)?;
            Some((out, o))
        }
        None => None,
    };
    let image = source::RawImage::open(raw)?;

    let mut results: Vec<(Format, Written)> = Vec::new();
    if let Some(out) = find(Format::Qcow2) {
        results.push((Format::Qcow2, Written::Qcow2(qcow2::convert(raw, out)?)));
    }

    let mut vhd_sink = match find(Format::VhdFixed) {
        Some(out) => Some(vhd::VhdSink::new(out, image.size, opts.vhd.clone())?),
        None => None,
    };
    let mut scratch = None;
    let mut vmdk_opts = opts.vmdk.clone();
    if let (Some((_, o)), None) = (ova, &vmdk_opts.extent_name) {
        vmdk_opts.extent_name = Some(o.disk_file());
    }
    let vmdk_path = match (find(Format::VmdkStreamOptimized), ova) {
        (Some(out), _) => Some(out.to_path_buf()),
        (None, Some((out, o))) => {
            let (dir, path) = ova::scratch_vmdk_path(out, o)?;
            scratch = Some(dir);
            Some(path)
        }
        (None, None) => None,
    };
    let mut vmdk_sink = match &vmdk_path {
        Some(p) => Some(vmdk::VmdkSink::new(p, image.size, vmdk_opts)?),
        None => None,
    };

    if vhd_sink.is_some() || vmdk_sink.is_some() {
        let content = image.scan(|first, data, nonzero| {
            if let Some(s) = vhd_sink.as_mut() {
                s.write_batch(first, data, nonzero)?;
            }
            if let Some(s) = vmdk_sink.as_mut() {
                s.write_batch(first, data, nonzero)?;
            }
            Ok(())
        })?;
        if let Some(s) = vhd_sink {
            results.push((Format::VhdFixed, Written::Vhd(s.finish(&content)?)));
        }
        if let Some(s) = vmdk_sink {
            let info = s.finish(&content)?;
            if let Some((out, o)) = ova {
                results.push((Format::Ova, Written::Ova(ova::pack(out, o, &info)?)));
            }
            if find(Format::VmdkStreamOptimized).is_some() {
                results.push((Format::VmdkStreamOptimized, Written::Vmdk(info)));
            }
        }
    }
    drop(scratch);

    let mut ordered = Vec::with_capacity(targets.len());
    for t in targets {
        let pos = results
            .iter()
            .position(|(f, _)| *f == t.format)
            .ok_or_else(|| Error::InvalidOutput {
                path: t.path.clone(),
                reason: "was not produced".into(),
            })?;
        ordered.push(results.swap_remove(pos).1);
    }
    Ok(ordered)
}
