//! The declarative disk layout (`disk_layout.toml`) and its placement on a disk.
//!
//! A layout lists partitions by GPT number (gaps allowed, as in Flatcar: ROOT is p9),
//! each with a GPT label, a type (a GUID written literally, or a symbolic name from
//! [`type_guid`]), a size and what goes in it. Named variants (`vm`, `azure`,
//! `discoverable`, ...) override single keys of single partitions. [`Layout::plan`]
//! turns a layout into absolute offsets, checking for overlaps and fit.

use crate::guid::Guid;
use crate::size::{align_up, ByteSize};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest disk or partition a layout may ask for (64 TiB): sizes beyond it are typos
/// (`9999999GiB`) that would otherwise make tools write or search for hours.
pub const MAX_DISK_BYTES: u64 = 64 << 40;

/// Errors found while reading or placing a layout. Every message names the layout file.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// The file could not be read.
    #[error("reading disk layout {path}: {source}")]
    Read {
        /// Layout file.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The TOML did not parse or has unknown keys.
    #[error("parsing disk layout {path}: {msg}")]
    Parse {
        /// Layout file.
        path: PathBuf,
        /// Parser message.
        msg: String,
    },
    /// The layout is well-formed but impossible (overlap, does not fit, bad value...).
    #[error("disk layout {path}: {msg}")]
    Invalid {
        /// Layout file.
        path: PathBuf,
        /// What is wrong.
        msg: String,
    },
}

/// `[metadata]` of a layout file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Logical sector size; only 512 is supported.
    #[serde(default = "default_sector")]
    pub sector_size: u64,
    /// Partition start alignment (Flatcar: 2 MiB).
    #[serde(default = "default_align")]
    pub alignment: ByteSize,
    /// The disk size is rounded up to this (1 MiB keeps VHD/Azure happy).
    #[serde(default = "default_disk_align")]
    pub disk_alignment: ByteSize,
    /// Fixed total disk size; if absent, the disk ends after the last partition.
    #[serde(default)]
    pub disk_size: Option<ByteSize>,
    /// Fixed disk GUID; if absent it is derived from the image identity.
    #[serde(default)]
    pub disk_guid: Option<String>,
}

fn default_sector() -> u64 {
    512
}
fn default_align() -> ByteSize {
    ByteSize(2 << 20)
}
fn default_disk_align() -> ByteSize {
    ByteSize(1 << 20)
}

/// What a partition holds; the image builder fills each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// EFI system partition (FAT32): bootloader, kernel, initramfs, loader entries.
    Esp,
    /// BIOS boot partition (left empty: Railyard boots via UEFI).
    BiosBoot,
    /// Active /usr: read-only filesystem image followed by its dm-verity tree.
    UsrA,
    /// Passive /usr slot for A/B updates (left empty).
    UsrB,
    /// OEM partition (ext4).
    Oem,
    /// Reserved for OEM configuration (left empty).
    OemConfig,
    /// The writable root filesystem (ext4).
    Root,
    /// Any other partition: created, not formatted.
    Reserved,
}

/// One `[[partition]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartitionSpec {
    /// GPT partition number (1-128); gaps are kept.
    pub num: u32,
    /// GPT partition name.
    pub label: String,
    /// Type GUID, or a symbolic name (see [`type_guid`]).
    #[serde(rename = "type")]
    pub type_: String,
    /// Fixed unique partition GUID (PARTUUID); derived when absent.
    #[serde(default)]
    pub uuid: Option<String>,
    /// Partition size.
    pub size: ByteSize,
    /// Fixed start offset; when absent the partition follows the previous one, aligned.
    #[serde(default)]
    pub start: Option<ByteSize>,
    /// What the image builder puts in it.
    #[serde(default = "default_role")]
    pub role: Role,
    /// Filesystem label, for formatted partitions.
    #[serde(default)]
    pub fs_label: Option<String>,
    /// Restrict the partition to these architectures (e.g. `["amd64"]`).
    #[serde(default)]
    pub arch: Option<Vec<String>>,
    /// A/B priority, GPT attribute bits 48-51.
    #[serde(default)]
    pub priority: u8,
    /// A/B tries left, bits 52-55.
    #[serde(default)]
    pub tries: u8,
    /// A/B successful flag, bit 56.
    #[serde(default)]
    pub successful: bool,
    /// Raw attribute bits OR-ed with the friendly keys above.
    #[serde(default)]
    pub flags: u64,
}

fn default_role() -> Role {
    Role::Reserved
}

/// Keys a variant may override for one partition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartitionOverride {
    /// New size.
    pub size: Option<ByteSize>,
    /// New type.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// New PARTUUID.
    pub uuid: Option<String>,
    /// New GPT name.
    pub label: Option<String>,
    /// New fixed start.
    pub start: Option<ByteSize>,
}

/// A whole `disk_layout.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Disk-wide settings.
    pub metadata: Metadata,
    /// The base layout's partitions.
    #[serde(rename = "partition")]
    pub partitions: Vec<PartitionSpec>,
    /// Named variants: variant → partition number (as a string key) → overrides.
    #[serde(default)]
    pub variants: BTreeMap<String, BTreeMap<String, PartitionOverride>>,
    #[serde(skip)]
    path: PathBuf,
}

/// One partition placed on the disk.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PartitionPlan {
    /// GPT number.
    pub num: u32,
    /// GPT name.
    pub label: String,
    /// Type GUID.
    #[serde(serialize_with = "ser_guid")]
    pub type_guid: Guid,
    /// Unique GUID (PARTUUID).
    #[serde(serialize_with = "ser_guid")]
    pub uuid: Guid,
    /// First byte.
    pub start: u64,
    /// Length in bytes.
    pub size: u64,
    /// Raw GPT attribute field.
    pub attributes: u64,
    /// Content role.
    pub role: Role,
    /// Filesystem label.
    pub fs_label: Option<String>,
}

fn ser_guid<S: serde::Serializer>(g: &Guid, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&g.to_string())
}

impl PartitionPlan {
    /// First LBA (512-byte sectors).
    pub fn first_lba(&self) -> u64 {
        self.start / 512
    }
    /// Last LBA, inclusive.
    pub fn last_lba(&self) -> u64 {
        (self.start + self.size) / 512 - 1
    }
}

/// A layout placed on a disk of a given size.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlannedDisk {
    /// Total size in bytes.
    pub size: u64,
    /// Disk GUID.
    #[serde(serialize_with = "ser_guid")]
    pub disk_guid: Guid,
    /// Partitions in number order.
    pub partitions: Vec<PartitionPlan>,
}

impl PlannedDisk {
    /// The partition holding `role`, if the layout has one.
    pub fn by_role(&self, role: Role) -> Option<&PartitionPlan> {
        self.partitions.iter().find(|p| p.role == role)
    }
}

/// GPT sectors reserved at each end of the disk: MBR + header + 32 entry sectors (start),
/// 32 entry sectors + header (end).
pub const GPT_RESERVED_START: u64 = 34 * 512;
/// See [`GPT_RESERVED_START`].
pub const GPT_RESERVED_END: u64 = 33 * 512;

/// Resolves a type given as a GUID or a symbolic name. Symbolic names follow cgpt/Flatcar
/// (`efi`, `bios`, `flatcar-usr`, `flatcar-resize`, `flatcar-reserved`, `linux-data`) and the
/// Discoverable Partitions Specification (`usr`, `usr-verity`, `root`, `root-verity`), the
/// latter depending on `arch`.
pub fn type_guid(name: &str, arch: &str) -> Result<Guid, String> {
    if let Ok(g) = Guid::parse(name) {
        return Ok(g);
    }
    let dps = |amd64: &str, arm64: &str| match arch {
        "amd64" => Ok(amd64.to_string()),
        "arm64" => Ok(arm64.to_string()),
        other => Err(format!("no Discoverable Partitions GUID for {name:?} on architecture {other:?}")),
    };
    let s: String = match name {
        "efi" | "esp" => "c12a7328-f81f-11d2-ba4b-00a0c93ec93b".into(),
        "bios" => "21686148-6449-6e6f-744e-656564454649".into(),
        "flatcar-usr" | "flatcar-rootfs" | "coreos-usr" => "5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6".into(),
        "flatcar-resize" | "coreos-resize" => "3884dd41-8582-4404-b9a8-e9b84f2df50e".into(),
        "flatcar-reserved" | "coreos-reserved" => "c95dc21a-df0e-4340-8d7b-26cbfa9a03e0".into(),
        "linux-data" | "data" | "linux-generic" => "0fc63daf-8483-4772-8e79-3d69d8477de4".into(),
        "usr" => dps("8484680c-9521-48c6-9c11-b0720656f69e", "b0e01050-ee5f-4390-949a-9101b17104e9")?,
        "usr-verity" => dps("77ff5f63-e7b6-4633-acf4-1565b864c0e6", "6e11a4e7-fbca-4ded-b9e9-e1a512bb664e")?,
        "root" => dps("4f68bce3-e8cd-4db1-96e7-fbcaf984b709", "b921b045-1df0-41c3-af44-4c6f280d3fae")?,
        "root-verity" => dps("2c7357ed-ebd2-46d9-aec1-23d437ec2bf5", "df3300ce-d69f-4c92-978c-9bfb0f38d820")?,
        other => return Err(format!("unknown partition type {other:?}: give a GUID or a known name")),
    };
    Guid::parse(&s)
}

impl Layout {
    /// Reads and parses a layout file.
    pub fn load(path: &Path) -> Result<Self, LayoutError> {
        let text = std::fs::read_to_string(path).map_err(|source| LayoutError::Read { path: path.into(), source })?;
        Self::parse(&text, path)
    }

    /// Parses layout text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, LayoutError> {
        let mut l: Layout =
            toml::from_str(text).map_err(|e| LayoutError::Parse { path: path.into(), msg: e.to_string() })?;
        l.path = path.to_path_buf();
        Ok(l)
    }

    /// The file this layout came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn invalid(&self, msg: impl Into<String>) -> LayoutError {
        LayoutError::Invalid { path: self.path.clone(), msg: msg.into() }
    }

    /// Places the partitions of `variant` (`"base"` or a declared variant) for `arch`.
    /// `seed` feeds the derivation of every GUID the layout does not fix.
    pub fn plan(&self, variant: &str, arch: &str, seed: &[u8]) -> Result<PlannedDisk, LayoutError> {
        let m = &self.metadata;
        if m.sector_size != 512 {
            return Err(self.invalid(format!("sector_size {} is not supported (only 512)", m.sector_size)));
        }
        let align = m.alignment.0;
        if align == 0 || align % 512 != 0 {
            return Err(self.invalid(format!("alignment {} must be a non-zero multiple of 512", m.alignment)));
        }
        let overrides = match variant {
            "base" => None,
            v => Some(self.variants.get(v).ok_or_else(|| {
                self.invalid(format!(
                    "unknown layout variant {v:?}; this layout has: base{}",
                    self.variants.keys().map(|k| format!(", {k}")).collect::<String>()
                ))
            })?),
        };
        if let Some(ov) = overrides {
            for k in ov.keys() {
                if !self.partitions.iter().any(|p| p.num.to_string() == *k) {
                    return Err(self.invalid(format!("variant {variant:?} overrides partition {k}, which does not exist")));
                }
            }
        }
        let mut specs: Vec<PartitionSpec> = self
            .partitions
            .iter()
            .filter(|p| p.arch.as_ref().is_none_or(|a| a.iter().any(|x| x == arch)))
            .cloned()
            .collect();
        specs.sort_by_key(|p| p.num);
        let mut seen_roles = BTreeMap::new();
        let mut out: Vec<PartitionPlan> = Vec::new();
        let mut cursor = align_up(GPT_RESERVED_START, align);
        for spec in &specs {
            let mut s = spec.clone();
            if let Some(o) = overrides.and_then(|ov| ov.get(&spec.num.to_string())) {
                if let Some(v) = o.size {
                    s.size = v;
                }
                if let Some(v) = &o.type_ {
                    s.type_ = v.clone();
                }
                if let Some(v) = &o.uuid {
                    s.uuid = Some(v.clone());
                }
                if let Some(v) = &o.label {
                    s.label = v.clone();
                }
                if let Some(v) = o.start {
                    s.start = Some(v);
                }
            }
            let who = format!("partition {} ({})", s.num, s.label);
            if s.num == 0 || s.num > 128 {
                return Err(self.invalid(format!("{who}: number must be 1-128")));
            }
            if out.iter().any(|p| p.num == s.num) {
                return Err(self.invalid(format!("{who}: partition number {} is used twice", s.num)));
            }
            if s.label.encode_utf16().count() > 36 {
                return Err(self.invalid(format!("{who}: GPT names hold at most 36 UTF-16 units")));
            }
            if let Some(c) = s.label.chars().find(|c| c.is_control()) {
                return Err(self.invalid(format!("partition {}: label {:?} contains the control character {c:?}", s.num, s.label)));
            }
            // on the kernel command line (root=LABEL=...), mkfs and debugfs arguments
            if let Some(l) = &s.fs_label {
                if l.is_empty() || l.chars().any(|c| !c.is_ascii_graphic() || "\"'\\".contains(c)) {
                    return Err(self.invalid(format!(
                        "{who}: fs_label {l:?} must be printable ASCII without spaces, quotes or backslashes (it goes on the kernel command line as root=LABEL=...)"
                    )));
                }
            }
            if s.size.0 == 0 || s.size.0 % 512 != 0 {
                return Err(self.invalid(format!("{who}: size {} must be a non-zero multiple of 512 bytes", s.size)));
            }
            if s.size.0 > MAX_DISK_BYTES {
                return Err(self.invalid(format!("{who}: size {} is larger than the limit of {}", s.size, ByteSize(MAX_DISK_BYTES))));
            }
            if s.priority > 15 || s.tries > 15 {
                return Err(self.invalid(format!("{who}: priority and tries are 4-bit values (0-15)")));
            }
            if s.role != Role::Reserved {
                if let Some(prev) = seen_roles.insert(s.role, s.num) {
                    return Err(self.invalid(format!("{who}: role {:?} already given to partition {prev}", s.role)));
                }
            }
            let type_guid = type_guid(&s.type_, arch).map_err(|e| self.invalid(format!("{who}: {e}")))?;
            let uuid = match &s.uuid {
                Some(u) => Guid::parse(u).map_err(|e| self.invalid(format!("{who}: {e}")))?,
                None => Guid::derive(&[seed, b"partition", s.num.to_string().as_bytes(), s.label.as_bytes()]),
            };
            let start = match s.start {
                Some(st) => {
                    if st.0 % 512 != 0 {
                        return Err(self.invalid(format!("{who}: start {} is not sector aligned", st)));
                    }
                    if st.0 < GPT_RESERVED_START {
                        return Err(self.invalid(format!("{who}: start {} overlaps the GPT header", st)));
                    }
                    st.0
                }
                None => align_up(cursor, align),
            };
            for p in &out {
                if start < p.start + p.size && p.start < start + s.size.0 {
                    return Err(self.invalid(format!(
                        "{who} at {}..{} overlaps partition {} ({}) at {}..{}",
                        start,
                        start + s.size.0,
                        p.num,
                        p.label,
                        p.start,
                        p.start + p.size
                    )));
                }
            }
            let attributes = s.flags
                | (u64::from(s.priority) << 48)
                | (u64::from(s.tries) << 52)
                | (u64::from(s.successful) << 56);
            cursor = cursor.max(start + s.size.0);
            out.push(PartitionPlan {
                num: s.num,
                label: s.label.clone(),
                type_guid,
                uuid,
                start,
                size: s.size.0,
                attributes,
                role: s.role,
                fs_label: s.fs_label.clone(),
            });
        }
        let end = out.iter().map(|p| p.start + p.size).max().unwrap_or(GPT_RESERVED_START);
        let needed = align_up(end + GPT_RESERVED_END, m.disk_alignment.0.max(512));
        let size = match m.disk_size {
            Some(ds) if ds.0 > MAX_DISK_BYTES => {
                return Err(self.invalid(format!("disk_size {ds} is larger than the limit of {}", ByteSize(MAX_DISK_BYTES))));
            }
            Some(ds) => {
                if ds.0 < end + GPT_RESERVED_END {
                    return Err(self.invalid(format!(
                        "the partitions do not fit: they end at {} but disk_size is {} (the backup GPT needs {} more bytes)",
                        ByteSize(end),
                        ds,
                        GPT_RESERVED_END
                    )));
                }
                ds.0
            }
            None => needed,
        };
        let disk_guid = match &m.disk_guid {
            Some(g) => Guid::parse(g).map_err(|e| self.invalid(format!("disk_guid: {e}")))?,
            None => Guid::derive(&[seed, b"disk"]),
        };
        out.sort_by_key(|p| p.num);
        Ok(PlannedDisk { size, disk_guid, partitions: out })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[metadata]
alignment = "2MiB"
[[partition]]
num = 1
label = "EFI-SYSTEM"
type = "efi"
size = "64MiB"
role = "esp"
[[partition]]
num = 2
label = "BIOS-BOOT"
type = "bios"
size = "2MiB"
arch = ["amd64"]
[[partition]]
num = 3
label = "USR-A"
type = "5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6"
uuid = "7130c94a-213a-4e5a-8e26-6cce9662f132"
size = "64MiB"
role = "usr-a"
priority = 1
successful = true
[[partition]]
num = 9
label = "ROOT"
type = "flatcar-resize"
size = "32MiB"
role = "root"
[variants.vm.9]
size = "128MiB"
[variants.discoverable.3]
type = "usr"
"#;

    fn layout(t: &str) -> Layout {
        Layout::parse(t, Path::new("test.toml")).unwrap()
    }

    #[test]
    fn absurd_sizes_are_refused() {
        let t = BASE.replacen("size = \"64MiB\"", "size = \"9999999GiB\"", 1);
        let e = layout(&t).plan("base", "amd64", b"s").unwrap_err().to_string();
        assert!(e.contains("test.toml") && e.contains("9999999GiB") && e.contains("larger than the limit of 65536GiB"), "{e}");
        let t = format!("{BASE}\n").replacen("[metadata]", "[metadata]\ndisk_size = \"100000TiB\"", 1);
        let e = layout(&t).plan("base", "amd64", b"s").unwrap_err().to_string();
        assert!(e.contains("disk_size") && e.contains("larger than the limit"), "{e}");
    }

    #[test]
    fn labels_without_control_characters() {
        let t = BASE.replacen("label = \"ROOT\"", "label = \"ROOT\\n\"", 1);
        let e = layout(&t).plan("base", "amd64", b"s").unwrap_err().to_string();
        assert!(e.contains("test.toml") && e.contains("partition 9") && e.contains("control character"), "{e}");
        for bad in ["RO OT", "ROOT\\n", "RO\\\"OT", ""] {
            let t = BASE.replacen("label = \"ROOT\"", &format!("label = \"ROOT\"\nfs_label = \"{bad}\""), 1);
            let e = layout(&t).plan("base", "amd64", b"s").unwrap_err().to_string();
            assert!(e.contains("test.toml") && e.contains("fs_label") && e.contains("kernel command line"), "{bad}: {e}");
        }
        let t = BASE.replacen("label = \"ROOT\"", "label = \"ROOT\"\nfs_label = \"ROOT-2\"", 1);
        assert_eq!(layout(&t).plan("base", "amd64", b"s").unwrap().partitions[3].fs_label.as_deref(), Some("ROOT-2"));
    }

    #[test]
    fn places_with_gaps_and_alignment() {
        let d = layout(BASE).plan("base", "amd64", b"s").unwrap();
        let nums: Vec<u32> = d.partitions.iter().map(|p| p.num).collect();
        assert_eq!(nums, [1, 2, 3, 9]);
        assert_eq!(d.partitions[0].start, 2 << 20);
        assert_eq!(d.partitions[1].start, 66 << 20);
        assert_eq!(d.partitions[2].start, 68 << 20);
        assert_eq!(d.partitions[2].attributes, 0x0101_0000_0000_0000);
        assert_eq!(d.partitions[2].uuid.to_string(), "7130c94a-213a-4e5a-8e26-6cce9662f132");
        assert_eq!(d.size, (132 + 32 + 1) << 20);
        let arm = layout(BASE).plan("base", "arm64", b"s").unwrap();
        assert_eq!(arm.partitions.iter().map(|p| p.num).collect::<Vec<_>>(), [1, 3, 9]);
    }

    #[test]
    fn variants_override_and_dps() {
        let l = layout(BASE);
        let vm = l.plan("vm", "amd64", b"s").unwrap();
        assert_eq!(vm.partitions.last().unwrap().size, 128 << 20);
        let dps = l.plan("discoverable", "arm64", b"s").unwrap();
        assert_eq!(dps.partitions[1].type_guid.to_string(), "b0e01050-ee5f-4390-949a-9101b17104e9");
        let e = l.plan("nope", "amd64", b"s").unwrap_err().to_string();
        assert!(e.contains("unknown layout variant \"nope\"") && e.contains("test.toml"), "{e}");
    }

    #[test]
    fn derived_guids_depend_on_seed() {
        let l = layout(BASE);
        let a = l.plan("base", "amd64", b"one").unwrap();
        let b = l.plan("base", "amd64", b"one").unwrap();
        let c = l.plan("base", "amd64", b"two").unwrap();
        assert_eq!(a.disk_guid, b.disk_guid);
        assert_ne!(a.disk_guid, c.disk_guid);
        assert_ne!(a.partitions[0].uuid, c.partitions[0].uuid);
    }

    #[test]
    fn rejects_overlap_and_misfit() {
        let overlap = BASE.replace("num = 9\n", "num = 9\nstart = \"70MiB\"\n");
        let e = layout(&overlap).plan("base", "amd64", b"s").unwrap_err().to_string();
        assert!(e.contains("overlaps partition 3 (USR-A)"), "{e}");
        let small = BASE.replace("alignment = \"2MiB\"", "alignment = \"2MiB\"\ndisk_size = \"100MiB\"");
        let e = layout(&small).plan("base", "amd64", b"s").unwrap_err().to_string();
        assert!(e.contains("do not fit"), "{e}");
        let e = Layout::parse("[metadata]\nbogus = 1\n", Path::new("x.toml")).unwrap_err().to_string();
        assert!(e.contains("x.toml") && e.contains("bogus"), "{e}");
    }
}
