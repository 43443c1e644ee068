//! End-to-end checks of every writer against the stock tools.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;
use railyard_vm::{
    ova, qcow2, vhd, vmdk, write_many, Format, Options, OvaOptions, Target, VhdOptions,
    VmdkOptions, Written,
};

fn virtual_size(info_json: &str) -> u64 {
    let key = "\"virtual-size\":";
    let at = info_json.find(key).expect("virtual-size in qemu-img info") + key.len();
    info_json[at..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .expect("numeric virtual-size")
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn be64(b: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// CHS per appendix A of the VHD specification, written out independently.
fn spec_chs(size: u64) -> (u64, u64, u64) {
    let total = (size / 512).min(65535 * 16 * 255);
    if total >= 65535 * 16 * 63 {
        let cth = total / 255;
        return (cth / 16, 16, 255);
    }
    let mut spt = 17;
    let mut cth = total / spt;
    let mut heads = cth.div_ceil(1024).max(4);
    if cth >= heads * 1024 || heads > 16 {
        spt = 31;
        heads = 16;
        cth = total / spt;
    }
    if cth >= heads * 1024 {
        spt = 63;
        heads = 16;
        cth = total / spt;
    }
    (cth / heads, heads, spt)
}

#[test]
fn vmdk_is_valid_stream_optimized_and_equals_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = make_image(dir.path(), "disk.raw", false);
    let out = dir.path().join("disk.vmdk");
    let info = vmdk::write_stream_optimized(&raw, &out, &VmdkOptions::new(EPOCH)).expect("vmdk");
    assert_eq!(info.capacity, IMAGE_SIZE);
    assert_eq!(info.populated_size, expected_populated());
    assert_eq!(info.file_size, fs::metadata(&out).expect("stat").len());
    // Holes and zero grains are skipped: ~2.3 MiB random + 1 MiB text.
    assert!(
        info.file_size < 4 * MIB,
        "vmdk too large: {}",
        info.file_size
    );

    let json = qemu_img(&["info", "--output=json", "-f", "vmdk", s(&out)]);
    assert_eq!(virtual_size(&json), IMAGE_SIZE, "{json}");
    assert!(
        json.contains("\"create-type\": \"streamOptimized\""),
        "{json}"
    );
    assert!(json.contains("\"compressed\": true"), "{json}");
    let check = qemu_img(&["check", "-f", "vmdk", s(&out)]);
    assert!(check.contains("No errors were found"), "{check}");
    assert_same_content(&raw, "raw", &out, "vmdk");

    // Header and descriptor essentials.
    let bytes = fs::read(&out).expect("read vmdk");
    assert_eq!(&bytes[0..4], b"KDMV");
    assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().expect("4")), 3);
    assert_eq!(
        u32::from_le_bytes(bytes[8..12].try_into().expect("4")),
        0x30001
    );
    assert_eq!(&bytes[56..64], &[0xff; 8], "first header has GD_AT_END");
    let desc = String::from_utf8_lossy(&bytes[512..512 * 21]);
    assert!(desc.contains("createType=\"streamOptimized\""), "{desc}");
    assert!(desc.contains("parentCID=ffffffff"), "{desc}");
    assert!(desc.contains(&format!("CID={:08x}\n", info.cid)), "{desc}");
    assert!(
        desc.contains(&format!("RW {} SPARSE \"disk.vmdk\"", IMAGE_SIZE / 512)),
        "{desc}"
    );
    assert!(desc.contains("ddb.adapterType = \"lsilogic\""), "{desc}");
    // Ends with footer marker, footer (real gdOffset) and EOS marker.
    let n = bytes.len();
    assert_eq!(n % 512, 0);
    assert_eq!(&bytes[n - 512..], &[0u8; 512][..], "EOS marker");
    let footer = &bytes[n - 1024..n - 512];
    assert_eq!(&footer[0..4], b"KDMV");
    let gd = u64::from_le_bytes(footer[56..64].try_into().expect("8"));
    assert!(gd > 128 && gd * 512 < n as u64, "footer gdOffset {gd}");
    assert_eq!(
        u32::from_le_bytes(bytes[n - 1536 + 12..n - 1536 + 16].try_into().expect("4")),
        3,
        "footer marker"
    );
    let raw_bytes = fs::read(&raw).expect("read raw");
    let stored = verify_vmdk_stream(&bytes, &raw_bytes);
    assert_eq!(stored as u64 * 65536, expected_populated());
}

#[test]
fn qcow2_is_valid_and_equals_input() {
    require_tool("qemu-img", "qemu-utils");
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = make_image(dir.path(), "disk.raw", false);
    let out = dir.path().join("disk.qcow2");
    let info = qcow2::convert(&raw, &out).expect("qcow2");
    assert_eq!(info.file_size, fs::metadata(&out).expect("stat").len());
    let json = qemu_img(&["info", "--output=json", "-f", "qcow2", s(&out)]);
    assert_eq!(virtual_size(&json), IMAGE_SIZE, "{json}");
    let check = qemu_img(&["check", "-f", "qcow2", s(&out)]);
    assert!(check.contains("No errors were found"), "{check}");
    assert_same_content(&raw, "raw", &out, "qcow2");
    assert_eq!(fs::metadata(&out).expect("stat").mode() & 0o777, 0o644);
}

#[test]
fn vhd_footer_geometry_and_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = make_image(dir.path(), "disk.raw", false);
    let out = dir.path().join("disk.vhd");
    let mut opts = VhdOptions::new(EPOCH);
    opts.seed = SEED.into();
    let info = vhd::write_fixed(&raw, &out, &opts).expect("vhd");

    let rounded = IMAGE_SIZE.div_ceil(MIB) * MIB;
    assert_eq!(rounded, 38 * MIB);
    let meta = fs::metadata(&out).expect("stat");
    assert_eq!(meta.len(), rounded + 512);
    assert_eq!(meta.len() % MIB, 512, "file size must be N MiB + 512");
    assert_eq!(info.virtual_size, rounded);
    // Sparse: only the data regions (~3.3 MiB) plus the footer are allocated.
    assert!(
        meta.blocks() * 512 < 8 * MIB,
        "VHD not sparse: {} bytes allocated",
        meta.blocks() * 512
    );

    let bytes = fs::read(&out).expect("read vhd");
    let f = &bytes[bytes.len() - 512..];
    assert_eq!(&f[0..8], b"conectix");
    assert_eq!(be32(f, 8), 2, "features");
    assert_eq!(be32(f, 12), 0x0001_0000, "version");
    assert_eq!(be64(f, 16), u64::MAX, "data offset");
    assert_eq!(u64::from(be32(f, 24)), EPOCH - 946_684_800, "timestamp");
    assert_eq!(&f[28..32], b"qem2");
    assert_eq!(&f[36..40], b"Wi2k");
    assert_eq!(be64(f, 40), rounded, "original size");
    assert_eq!(be64(f, 48), rounded, "current size");
    let (c, h, spt) = spec_chs(rounded);
    assert_eq!(
        (
            u64::from(u16::from_be_bytes([f[56], f[57]])),
            u64::from(f[58]),
            u64::from(f[59])
        ),
        (c, h, spt),
        "CHS"
    );
    assert_eq!(be32(f, 60), 2, "disk type fixed");
    let sum: u32 = f
        .iter()
        .enumerate()
        .filter(|(i, _)| !(64..68).contains(i))
        .map(|(_, &b)| u32::from(b))
        .sum();
    assert_eq!(be32(f, 64), !sum, "checksum");
    assert_eq!(&f[68..84], &info.unique_id);
    assert_ne!(info.unique_id, [0u8; 16]);
    assert_eq!(f[84], 0, "saved state");
    assert!(f[85..].iter().all(|&b| b == 0), "reserved area zero");

    let json = qemu_img(&["info", "--output=json", "-f", "vpc", s(&out)]);
    assert_eq!(virtual_size(&json), rounded, "{json}");
    let padded = dir.path().join("padded.raw");
    fs::copy(&raw, &padded).expect("copy");
    fs::OpenOptions::new()
        .write(true)
        .open(&padded)
        .and_then(|f| f.set_len(rounded))
        .expect("pad");
    assert_same_content(&padded, "raw", &out, "vpc");

    // Seed and epoch feed the footer.
    let other = dir.path().join("other.vhd");
    let mut opts2 = opts.clone();
    opts2.seed = "another".into();
    opts2.source_date_epoch = EPOCH + 1;
    let info2 = vhd::write_fixed(&raw, &other, &opts2).expect("vhd 2");
    assert_ne!(info2.unique_id, info.unique_id);
}

fn ova_options() -> OvaOptions {
    let mut o = OvaOptions::new(EPOCH, "flatcar-test", OVF_TEMPLATE);
    o.cpus = 4;
    o.memory_mib = 4096;
    o
}

#[test]
fn ova_layout_manifest_and_descriptor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = make_image(dir.path(), "disk.raw", false);
    let out = dir.path().join("flatcar-test.ova");
    let info = ova::write_ova(&raw, &out, &VmdkOptions::new(EPOCH), &ova_options()).expect("ova");
    assert_eq!(
        dir_entries(dir.path()),
        vec!["disk.raw".to_string(), "flatcar-test.ova".to_string()],
        "no scratch files left"
    );

    let listing = run_ok("tar", "tar", &["-tf", s(&out)]);
    assert_eq!(
        listing.lines().collect::<Vec<_>>(),
        vec!["flatcar-test.ovf", "flatcar-test.vmdk", "flatcar-test.mf"]
    );

    // Deterministic headers.
    let mut archive = tar::Archive::new(fs::File::open(&out).expect("open ova"));
    for entry in archive.entries().expect("entries") {
        let entry = entry.expect("entry");
        let h = entry.header();
        assert!(h.as_ustar().is_some(), "USTAR header");
        assert_eq!(h.mtime().expect("mtime"), EPOCH);
        assert_eq!((h.uid().expect("uid"), h.gid().expect("gid")), (0, 0));
        assert_eq!(h.mode().expect("mode"), 0o644);
    }

    let x = dir.path().join("x");
    fs::create_dir(&x).expect("mkdir");
    run_ok("tar", "tar", &["-xf", s(&out), "-C", s(&x)]);
    let ovf = fs::read(x.join("flatcar-test.ovf")).expect("ovf");
    let disk = fs::read(x.join("flatcar-test.vmdk")).expect("vmdk");
    let mf = fs::read_to_string(x.join("flatcar-test.mf")).expect("mf");
    assert_eq!(
        mf,
        format!(
            "SHA256(flatcar-test.ovf)= {}\nSHA256(flatcar-test.vmdk)= {}\n",
            sha256_hex(&ovf),
            sha256_hex(&disk)
        )
    );
    assert_eq!(mf, info.manifest);

    let text = String::from_utf8(ovf).expect("utf-8 ovf");
    let doc = roxmltree::Document::parse(&text).expect("OVF is well-formed XML");
    const OVF: &str = "http://schemas.dmtf.org/ovf/envelope/1";
    assert_eq!(doc.root_element().tag_name().name(), "Envelope");
    assert_eq!(doc.root_element().tag_name().namespace(), Some(OVF));
    let file = doc
        .descendants()
        .find(|n| n.has_tag_name((OVF, "File")))
        .expect("References/File");
    assert_eq!(file.attribute((OVF, "href")), Some("flatcar-test.vmdk"));
    assert_eq!(
        file.attribute((OVF, "size")),
        Some(disk.len().to_string().as_str())
    );
    let d = doc
        .descendants()
        .find(|n| n.has_tag_name((OVF, "Disk")))
        .expect("DiskSection/Disk");
    assert_eq!(
        d.attribute((OVF, "capacity")),
        Some(IMAGE_SIZE.to_string().as_str())
    );
    assert_eq!(d.attribute((OVF, "capacityAllocationUnits")), Some("byte"));
    assert_eq!(d.attribute((OVF, "fileRef")), Some("file1"));
    assert_eq!(
        d.attribute((OVF, "format")),
        Some(ova::VMDK_STREAM_FORMAT_URI)
    );
    assert_eq!(
        ova::VMDK_STREAM_FORMAT_URI,
        "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"
    );
    let populated: u64 = d
        .attribute((OVF, "populatedSize"))
        .and_then(|v| v.parse().ok())
        .expect("populatedSize");
    assert_eq!(populated, expected_populated(), "populatedSize");
    assert_eq!(populated, info.vmdk.populated_size);
    let rasd =
        "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    let quantity = |rt: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name((OVF, "Item")))
            .find(|i| {
                i.children()
                    .any(|c| c.has_tag_name((rasd, "ResourceType")) && c.text() == Some(rt))
            })
            .and_then(|i| {
                i.children()
                    .find(|c| c.has_tag_name((rasd, "VirtualQuantity")))
            })
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(quantity("3").as_deref(), Some("4"), "CPUs");
    assert_eq!(quantity("4").as_deref(), Some("4096"), "memory");
    assert!(text.contains("vmw:value=\"efi\""));
    assert!(text.contains("vmw:osType=\"other3xLinux64Guest\""));

    // The packed disk is a valid VMDK with the input's content.
    let disk_path = x.join("flatcar-test.vmdk");
    qemu_img(&["check", "-f", "vmdk", s(&disk_path)]);
    assert_same_content(&raw, "raw", &disk_path, "vmdk");
    assert!(String::from_utf8_lossy(&disk[512..10752]).contains("SPARSE \"flatcar-test.vmdk\""));
}

#[test]
fn ovf_rendering_escapes_and_rejects_unknown_variables() {
    let ctx = ova::OvfContext {
        name: "a&b <c> \"d\"".into(),
        disk_file: "a.vmdk".into(),
        disk_file_size: 1,
        capacity_bytes: 2,
        populated_size: 3,
        cpus: 1,
        memory_mib: 512,
        firmware_efi: false,
        nic: "E1000".into(),
        os_type: "otherLinux64Guest".into(),
        virtual_hw: "vmx-13".into(),
        disk_controller: "lsilogic".into(),
    };
    let text = ova::render_ovf(OVF_TEMPLATE, &ctx).expect("render");
    let doc = roxmltree::Document::parse(&text).expect("escaped OVF parses");
    let name = doc
        .descendants()
        .find(|n| n.has_tag_name("Name"))
        .and_then(|n| n.text());
    assert_eq!(name, Some("a&b <c> \"d\""));
    assert!(
        !text.contains("vmw:key=\"firmware\""),
        "BIOS: no firmware=efi"
    );
    let err = ova::render_ovf("<x>{{ no_such_field }}</x>", &ctx).expect_err("strict undefined");
    assert!(err.to_string().contains("OVF template"), "{err}");
}

fn all_targets(dir: &Path) -> Vec<Target> {
    vec![
        Target::new(Format::VhdFixed, dir.join("img.vhd")),
        Target::new(Format::VmdkStreamOptimized, dir.join("flatcar-test.vmdk")),
        Target::new(Format::Qcow2, dir.join("img.qcow2")),
        Target::new(Format::Ova, dir.join("flatcar-test.ova")),
    ]
}

fn all_options() -> Options {
    let mut o = Options::new(EPOCH, SEED);
    o.ova = Some(ova_options());
    o
}

#[test]
fn outputs_are_byte_identical_across_runs_and_paths() {
    require_tool("qemu-img", "qemu-utils");
    let a = tempfile::tempdir().expect("tempdir a");
    let b = tempfile::tempdir().expect("tempdir b");
    // Run 1 reads a sparse image (hole seeking), run 2 a fully allocated
    // one (zero detection): both must give the same bytes.
    let raw_a = make_image(a.path(), "disk.raw", false);
    let raw_b = make_image(b.path(), "other-name.raw", true);
    let opts = all_options();
    let wa = write_many(&raw_a, &all_targets(a.path()), &opts).expect("run a");
    let wb = write_many(&raw_b, &all_targets(b.path()), &opts).expect("run b");
    assert_eq!(wa.len(), 4);
    assert!(matches!(wa[0], Written::Vhd(_)) && matches!(wa[3], Written::Ova(_)));
    for (x, y) in wa.iter().zip(&wb) {
        let (bx, by) = (
            fs::read(x.path()).expect("read a"),
            fs::read(y.path()).expect("read b"),
        );
        assert!(
            bx == by,
            "{} and {} differ",
            x.path().display(),
            y.path().display()
        );
    }
    // Single-format entry points give the same bytes as the one-pass path.
    let c = tempfile::tempdir().expect("tempdir c");
    let vhd_c = c.path().join("img.vhd");
    vhd::write_fixed(&raw_a, &vhd_c, &opts.vhd).expect("vhd alone");
    assert!(
        fs::read(&vhd_c).expect("c") == fs::read(wa[0].path()).expect("a"),
        "vhd differs"
    );
    let vmdk_c = c.path().join("flatcar-test.vmdk");
    let mut vo = opts.vmdk.clone();
    vo.threads = 1; // thread count must not matter
    vmdk::write_stream_optimized(&raw_a, &vmdk_c, &vo).expect("vmdk alone");
    assert!(
        fs::read(&vmdk_c).expect("c") == fs::read(wa[1].path()).expect("a"),
        "vmdk differs"
    );
    let ova_c = c.path().join("flatcar-test.ova");
    ova::write_ova(
        &raw_a,
        &ova_c,
        &opts.vmdk,
        opts.ova.as_ref().expect("ova opts"),
    )
    .expect("ova alone");
    assert!(
        fs::read(&ova_c).expect("c") == fs::read(wa[3].path()).expect("a"),
        "ova differs"
    );
    // The one-pass outputs are also valid.
    assert_same_content(&raw_a, "raw", wa[1].path(), "vmdk");
    assert_same_content(&raw_a, "raw", wa[2].path(), "qcow2");
}

#[test]
fn missing_input_is_reported_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = dir.path().join("does-not-exist.raw");
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).expect("mkdir");
    for t in all_targets(&out_dir) {
        let err =
            railyard_vm::write(t.format, &raw, &t.path, &all_options()).expect_err("must fail");
        let msg = err.to_string();
        assert!(msg.contains("does-not-exist.raw"), "{}: {msg}", t.format);
        assert!(msg.contains("No such file"), "{}: {msg}", t.format);
    }
    assert!(
        dir_entries(&out_dir).is_empty(),
        "left behind: {:?}",
        dir_entries(&out_dir)
    );
}

#[test]
fn unaligned_or_empty_input_is_rejected_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let odd = dir.path().join("odd-size.raw");
    fs::write(&odd, vec![0xAAu8; 1000]).expect("write");
    let empty = dir.path().join("empty.raw");
    fs::write(&empty, b"").expect("write");
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).expect("mkdir");
    for t in all_targets(&out_dir) {
        let msg = railyard_vm::write(t.format, &odd, &t.path, &all_options())
            .expect_err("odd size must fail")
            .to_string();
        assert!(
            msg.contains("odd-size.raw") && msg.contains("multiple of 512"),
            "{}: {msg}",
            t.format
        );
        let msg = railyard_vm::write(t.format, &empty, &t.path, &all_options())
            .expect_err("empty must fail")
            .to_string();
        assert!(
            msg.contains("empty.raw") && msg.contains("empty"),
            "{}: {msg}",
            t.format
        );
    }
    let msg = write_many(&odd, &all_targets(&out_dir), &all_options())
        .expect_err("write_many")
        .to_string();
    assert!(msg.contains("odd-size.raw"), "{msg}");
    assert!(
        dir_entries(&out_dir).is_empty(),
        "left behind: {:?}",
        dir_entries(&out_dir)
    );
}

#[test]
fn failed_tool_run_leaves_no_output() {
    require_tool("qemu-img", "qemu-utils");
    // A valid image but a destination directory that does not exist.
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = make_image(dir.path(), "disk.raw", false);
    let err =
        qcow2::convert(&raw, &dir.path().join("no-such-dir/out.qcow2")).expect_err("must fail");
    assert!(err.to_string().contains("out.qcow2"), "{err}");
    let err = vhd::write_fixed(
        &raw,
        &dir.path().join("no-such-dir/out.vhd"),
        &VhdOptions::new(EPOCH),
    )
    .expect_err("must fail");
    assert!(err.to_string().contains("out.vhd"), "{err}");
}

#[test]
fn option_errors_are_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = make_image(dir.path(), "disk.raw", false);
    let out = dir.path().join("x.ova");
    let err = railyard_vm::write(Format::Ova, &raw, &out, &Options::new(EPOCH, SEED))
        .expect_err("no ova opts");
    assert!(
        err.to_string().contains("x.ova") && err.to_string().contains("OVA options"),
        "{err}"
    );
    let mut bad = ova_options();
    bad.name = "../evil".into();
    let err = ova::write_ova(&raw, &out, &VmdkOptions::new(EPOCH), &bad).expect_err("bad name");
    assert!(err.to_string().contains("OVA name"), "{err}");
    let dup = vec![
        Target::new(Format::VhdFixed, dir.path().join("a.vhd")),
        Target::new(Format::VhdFixed, dir.path().join("b.vhd")),
    ];
    assert!(write_many(&raw, &dup, &Options::new(EPOCH, SEED)).is_err());
    assert_eq!(dir_entries(dir.path()), vec!["disk.raw".to_string()]);
    assert_eq!("VMDK".parse::<Format>(), Ok(Format::VmdkStreamOptimized));
    assert!("vdi".parse::<Format>().is_err());
}

#[test]
fn all_hole_image_gives_valid_empty_outputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = dir.path().join("zero.raw");
    fs::File::create(&raw)
        .and_then(|f| f.set_len(3 * MIB + 512))
        .expect("create zero image");
    let out_vmdk = dir.path().join("zero.vmdk");
    let info =
        vmdk::write_stream_optimized(&raw, &out_vmdk, &VmdkOptions::new(EPOCH)).expect("vmdk");
    assert_eq!(info.populated_size, 0);
    // Header/descriptor area, GD marker + GD, footer marker + footer, EOS.
    assert_eq!(info.file_size, 65536 + 5 * 512);
    let check = qemu_img(&["check", "-f", "vmdk", s(&out_vmdk)]);
    assert!(check.contains("No errors were found"), "{check}");
    assert_same_content(&raw, "raw", &out_vmdk, "vmdk");
    let zeros = vec![0u8; (3 * MIB + 512) as usize];
    assert_eq!(
        verify_vmdk_stream(&fs::read(&out_vmdk).expect("read"), &zeros),
        0
    );
    let out_vhd = dir.path().join("zero.vhd");
    let info = vhd::write_fixed(&raw, &out_vhd, &VhdOptions::new(EPOCH)).expect("vhd");
    assert_eq!(info.virtual_size, 4 * MIB);
    let meta = fs::metadata(&out_vhd).expect("stat");
    assert!(
        meta.blocks() * 512 <= 64 * 1024,
        "only the footer block is allocated"
    );
    assert_same_content(&raw, "raw", &out_vhd, "vpc");
}
