//! OVA packaging: an OVF 1.0 descriptor rendered from a caller-supplied
//! minijinja template, the streamOptimized VMDK and a SHA-256 manifest, in
//! one deterministic USTAR archive (`.ovf`, `.vmdk`, `.mf`, in that order).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::output::AtomicOutput;
use crate::source::{hex, RawImage};
use crate::vmdk::{VmdkInfo, VmdkOptions, VmdkSink};

/// OVF `ovf:format` URI of a streamOptimized VMDK.
pub const VMDK_STREAM_FORMAT_URI: &str =
    "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";

/// Values available to the OVF template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OvfContext {
    /// Virtual machine name (also the base name of the files in the OVA).
    pub name: String,
    /// File name of the disk inside the OVA (`<name>.vmdk`).
    pub disk_file: String,
    /// Size of the VMDK file in bytes (`References/File/@ovf:size`).
    pub disk_file_size: u64,
    /// Virtual disk capacity in bytes (`Disk/@ovf:capacity`).
    pub capacity_bytes: u64,
    /// Bytes of the disk holding data (`Disk/@ovf:populatedSize`).
    pub populated_size: u64,
    /// Number of virtual CPUs.
    pub cpus: u32,
    /// Memory in MiB.
    pub memory_mib: u64,
    /// Boot with UEFI firmware (`vmw:Config firmware=efi`).
    pub firmware_efi: bool,
    /// NIC model, e.g. `VmxNet3` or `E1000`.
    pub nic: String,
    /// VMware guest OS id, e.g. `other3xLinux64Guest`.
    pub os_type: String,
    /// `vssd:VirtualSystemType`, e.g. `vmx-13`.
    pub virtual_hw: String,
    /// SCSI controller subtype, e.g. `lsilogic` or `VirtualSCSI`.
    pub disk_controller: String,
}

/// Renders an OVF descriptor from `template` (minijinja syntax) and any
/// serializable context. Values are XML-escaped; using an undefined variable
/// is an error.
pub fn render_ovf<C: Serialize>(template: &str, ctx: &C) -> Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_keep_trailing_newline(true);
    env.add_template("descriptor.ovf", template)?;
    Ok(env.get_template("descriptor.ovf")?.render(ctx)?)
}

/// Virtual machine settings of an OVA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvaOptions {
    /// `SOURCE_DATE_EPOCH`: mtime of every archive member.
    pub source_date_epoch: u64,
    /// VM name and base name of the members (`<name>.ovf` ...).
    pub name: String,
    /// OVF template text (e.g. the contents of `image-formats/*.ovf.j2`).
    pub template: String,
    /// Virtual CPUs.
    pub cpus: u32,
    /// Memory in MiB.
    pub memory_mib: u64,
    /// UEFI firmware.
    pub firmware_efi: bool,
    /// NIC model (default `VmxNet3`).
    pub nic: String,
    /// Guest OS type (default `other3xLinux64Guest`).
    pub os_type: String,
    /// Virtual hardware family (default `vmx-13`).
    pub virtual_hw: String,
    /// SCSI controller subtype (default `lsilogic`).
    pub disk_controller: String,
}

impl OvaOptions {
    /// Defaults: 2 CPUs, 2048 MiB, UEFI, VmxNet3, other3xLinux64Guest, vmx-13.
    pub fn new(
        source_date_epoch: u64,
        name: impl Into<String>,
        template: impl Into<String>,
    ) -> Self {
        OvaOptions {
            source_date_epoch,
            name: name.into(),
            template: template.into(),
            cpus: 2,
            memory_mib: 2048,
            firmware_efi: true,
            nic: "VmxNet3".into(),
            os_type: "other3xLinux64Guest".into(),
            virtual_hw: "vmx-13".into(),
            disk_controller: "lsilogic".into(),
        }
    }

    /// Name of the disk member, `<name>.vmdk`.
    pub fn disk_file(&self) -> String {
        format!("{}.vmdk", self.name)
    }

    pub(crate) fn validate(&self, out: &Path) -> Result<()> {
        let n = &self.name;
        if n.is_empty()
            || n.len() > 90
            || n.starts_with('.')
            || n.chars().any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Err(Error::InvalidOutput {
                path: out.to_path_buf(),
                reason: format!("OVA name {n:?} must be 1-90 characters, no '/', '\\', control characters or leading '.'"),
            });
        }
        Ok(())
    }
}

/// What [`write_ova`] / [`pack`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvaInfo {
    /// Output path.
    pub path: PathBuf,
    /// The rendered descriptor.
    pub ovf: String,
    /// The VMDK that was packed.
    pub vmdk: VmdkInfo,
    /// The manifest text.
    pub manifest: String,
    /// Output file size.
    pub file_size: u64,
}

/// Converts `raw` to a streamOptimized VMDK (in a temporary directory next
/// to `out`) and packs it into the OVA `out`.
pub fn write_ova(
    raw: &Path,
    out: &Path,
    vmdk_opts: &VmdkOptions,
    ova: &OvaOptions,
) -> Result<OvaInfo> {
    ova.validate(out)?;
    let image = RawImage::open(raw)?;
    let (dir, vmdk_path) = scratch_vmdk_path(out, ova)?;
    let mut opts = vmdk_opts.clone();
    opts.extent_name = Some(ova.disk_file());
    let mut sink = VmdkSink::new(&vmdk_path, image.size, opts)?;
    let content = image.scan(|first, data, nonzero| sink.write_batch(first, data, nonzero))?;
    let info = sink.finish(&content)?;
    let packed = pack(out, ova, &info);
    drop(dir);
    packed
}

/// A private temporary directory next to `out` and the VMDK path in it.
pub(crate) fn scratch_vmdk_path(
    out: &Path,
    ova: &OvaOptions,
) -> Result<(tempfile::TempDir, PathBuf)> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = tempfile::Builder::new()
        .prefix(".railyard-ova.")
        .tempdir_in(parent)
        .map_err(|e| Error::io("creating temporary directory for", out, e))?;
    let path = dir.path().join(ova.disk_file());
    Ok((dir, path))
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| Error::io("opening", path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| Error::io("reading", path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn member_header(name: &str, size: u64, epoch: u64, out: &Path) -> Result<tar::Header> {
    let mut h = tar::Header::new_ustar();
    h.set_path(name)
        .map_err(|e| Error::io("naming archive member in", out, e))?;
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(epoch);
    h.set_username("root")
        .map_err(|e| Error::io("writing archive header in", out, e))?;
    h.set_groupname("root")
        .map_err(|e| Error::io("writing archive header in", out, e))?;
    h.set_cksum();
    Ok(h)
}

/// Packs an existing VMDK (described by `vmdk`, normally produced by
/// [`crate::vmdk::write_stream_optimized`]) into the OVA `out`, rendering the
/// descriptor from `ova.template`.
pub fn pack(out: &Path, ova: &OvaOptions, vmdk: &VmdkInfo) -> Result<OvaInfo> {
    ova.validate(out)?;
    let disk_file = ova.disk_file();
    let ovf_name = format!("{}.ovf", ova.name);
    let mf_name = format!("{}.mf", ova.name);
    let disk_file_size = std::fs::metadata(&vmdk.path)
        .map_err(|e| Error::io("reading metadata of", &vmdk.path, e))?
        .len();
    let ctx = OvfContext {
        name: ova.name.clone(),
        disk_file: disk_file.clone(),
        disk_file_size,
        capacity_bytes: vmdk.capacity,
        populated_size: vmdk.populated_size,
        cpus: ova.cpus,
        memory_mib: ova.memory_mib,
        firmware_efi: ova.firmware_efi,
        nic: ova.nic.clone(),
        os_type: ova.os_type.clone(),
        virtual_hw: ova.virtual_hw.clone(),
        disk_controller: ova.disk_controller.clone(),
    };
    let ovf = render_ovf(&ova.template, &ctx)?;
    let manifest = format!(
        "SHA256({ovf_name})= {}\nSHA256({disk_file})= {}\n",
        hex(&Sha256::digest(ovf.as_bytes())),
        sha256_file(&vmdk.path)?
    );

    let output = AtomicOutput::create(out)?;
    let file = output
        .file()
        .try_clone()
        .map_err(|e| Error::io("duplicating handle of", out, e))?;
    let mut builder = tar::Builder::new(BufWriter::with_capacity(1 << 20, file));
    let epoch = ova.source_date_epoch;
    let add_err = |e| Error::io("writing archive", out, e);
    builder
        .append(
            &member_header(&ovf_name, ovf.len() as u64, epoch, out)?,
            ovf.as_bytes(),
        )
        .map_err(add_err)?;
    let disk = File::open(&vmdk.path).map_err(|e| Error::io("opening", &vmdk.path, e))?;
    builder
        .append(
            &member_header(&disk_file, disk_file_size, epoch, out)?,
            disk,
        )
        .map_err(add_err)?;
    builder
        .append(
            &member_header(&mf_name, manifest.len() as u64, epoch, out)?,
            manifest.as_bytes(),
        )
        .map_err(add_err)?;
    let mut w = builder.into_inner().map_err(add_err)?;
    w.flush().map_err(add_err)?;
    drop(w);
    let file_size = std::fs::metadata(output.temp_path())
        .map_err(|e| Error::io("reading metadata of", out, e))?
        .len();
    output.commit()?;
    Ok(OvaInfo {
        path: out.to_path_buf(),
        ovf,
        vmdk: vmdk.clone(),
        manifest,
        file_size,
    })
}
