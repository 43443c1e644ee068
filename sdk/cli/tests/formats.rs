//! `image_to_vm` (issue 5): every format from a freshly built amd64 base image, checked with
//! stock tools (qemu-img, tar, e2fsck, fsck.vfat, mtools), parsed independently (VHD footer,
//! OVA/OVF, AWS JSON), booted under TCG (qemu_uefi launcher, pxe), rebuilt byte for byte, and
//! fed bad inputs.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const ALL: &str = "qemu_uefi,vhd,ami,ova,pxe";

/// One run of all five formats from the shared amd64 build.
struct Run {
    base: Built,
    out: PathBuf,
}

fn run_all(out: &Path, base: &Built) {
    let o = image_to_vm(&[
        &format!("--from={}", base.dir().display()),
        &format!("--to={}", out.display()),
        &format!("--format={ALL}"),
    ]);
    assert!(o.status.success(), "image_to_vm failed:\n{}", text(&o));
}

fn shared() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let base = amd64();
        let out = scratch("formats");
        run_all(&out, &base);
        Run { base, out }
    })
}

fn image_to_vm(args: &[&str]) -> std::process::Output {
    railyard()
        .arg("image_to_vm")
        .arg("--board=amd64-usr")
        .args(args)
        .output()
        .unwrap()
}

fn file(r: &Run, name: &str) -> PathBuf {
    let p = r.out.join(name);
    assert!(p.is_file(), "{} was not written", p.display());
    p
}

fn qemu_img_ok(args: &[&str]) -> String {
    let o = tool("qemu-img", args);
    assert!(
        o.status.success(),
        "qemu-img {args:?} failed:\n{}",
        text(&o)
    );
    text(&o)
}

/// `json:` description of `len` bytes at `offset` of an image in `fmt`.
fn slice(path: &Path, fmt: &str, offset: u64, len: u64) -> String {
    let file = serde_json::json!({"driver": "file", "filename": path.to_str().unwrap()});
    let inner = if fmt == "raw" {
        file
    } else {
        serde_json::json!({"driver": fmt, "file": file})
    };
    format!(
        "json:{}",
        serde_json::json!({"driver": "raw", "offset": offset, "size": len, "file": inner})
    )
}

/// GPT entries of an image in any format qemu-img reads, via a raw conversion of the first
/// and last MiB — simpler: read the table from a raw file.
fn table(raw: &Path) -> railyard_disk::gpt::Table {
    railyard_disk::gpt::read(&mut std::fs::File::open(raw).unwrap()).unwrap()
}

/// `qemu-img compare` of every partition the layout variant leaves unchanged (BIOS-BOOT,
/// USR-A, USR-B, OEM-CONFIG) and of ROOT's first base-size bytes — ROOT's partition grows in
/// the `vm`/`azure` variants (the ext4 keeps its size; it is grown on first boot), so only its
/// base byte range can be compared. The ESP and OEM differ by design (kernel argument in the
/// loader entry, OEM files); they are checked by `esp_and_oem_follow_the_format`. `variant_raw`
/// is the format's disk as raw (for the partition offsets there).
fn compare_partitions(
    base: &Path,
    image: &Path,
    fmt: &str,
    variant_table: &railyard_disk::gpt::Table,
) {
    let bt = table(base);
    for label in ["BIOS-BOOT", "USR-A", "USR-B", "OEM-CONFIG", "ROOT"] {
        let b = bt
            .by_label(label)
            .unwrap_or_else(|| panic!("base has no {label}"));
        let v = variant_table
            .by_label(label)
            .unwrap_or_else(|| panic!("{} has no {label}", image.display()));
        assert!(v.size >= b.size, "{label} shrank");
        let out = qemu_img_ok(&[
            "compare",
            "-q",
            &slice(base, "raw", b.start, b.size),
            &slice(image, fmt, v.start, b.size),
        ]);
        assert!(out.trim().is_empty(), "{label}: {out}");
    }
}

fn ami_table(r: &Run) -> railyard_disk::gpt::Table {
    table(&file(r, "railyard_production_ami_image.bin"))
}

/// Converts an image to raw (for the GPT read-back of qcow2/vhd).
fn to_raw(image: &Path, fmt: &str, dst: &Path) -> railyard_disk::gpt::Table {
    qemu_img_ok(&[
        "convert",
        "-f",
        fmt,
        "-O",
        "raw",
        image.to_str().unwrap(),
        dst.to_str().unwrap(),
    ]);
    table(dst)
}

#[test]
fn qemu_img_accepts_and_content_matches_base() {
    let r = shared();
    let base = r.base.image();
    let work = scratch("formats-compare");
    // qcow2
    let qcow2 = file(r, "railyard_production_qemu_uefi_image.img");
    let info = qemu_img_ok(&["info", "--output=json", qcow2.to_str().unwrap()]);
    let info: Value = serde_json::from_str(&info).unwrap();
    assert_eq!(info["format"], "qcow2");
    qemu_img_ok(&["check", "-f", "qcow2", qcow2.to_str().unwrap()]);
    let t = to_raw(&qcow2, "qcow2", &work.join("qemu.raw"));
    assert_eq!(
        info["virtual-size"].as_u64().unwrap(),
        std::fs::metadata(work.join("qemu.raw")).unwrap().len()
    );
    compare_partitions(&base, &qcow2, "qcow2", &t);
    // the AMI's VMDK equals the AMI's raw disk as a whole, and the raw disk matches the base
    let vmdk = file(r, "railyard_production_ami_image.vmdk");
    let bin = file(r, "railyard_production_ami_image.bin");
    let info: Value = serde_json::from_str(&qemu_img_ok(&[
        "info",
        "--output=json",
        vmdk.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(info["format"], "vmdk");
    assert_eq!(
        info["format-specific"]["data"]["create-type"],
        "streamOptimized"
    );
    qemu_img_ok(&["check", "-f", "vmdk", vmdk.to_str().unwrap()]);
    let out = qemu_img_ok(&[
        "compare",
        "-f",
        "raw",
        "-F",
        "vmdk",
        bin.to_str().unwrap(),
        vmdk.to_str().unwrap(),
    ]);
    assert!(out.contains("Images are identical"), "{out}");
    compare_partitions(&base, &bin, "raw", &ami_table(r));
    compare_partitions(&base, &vmdk, "vmdk", &ami_table(r));
    // VHD (azure variant): qemu reads it as vpc
    let vhd = file(r, "railyard_production_vhd_image.vhd");
    let info: Value = serde_json::from_str(&qemu_img_ok(&[
        "info",
        "-f",
        "vpc",
        "--output=json",
        vhd.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(
        info["virtual-size"].as_u64().unwrap(),
        std::fs::metadata(&vhd).unwrap().len() - 512
    );
    let t = to_raw(&vhd, "vpc", &work.join("vhd.raw"));
    compare_partitions(&base, &vhd, "vpc", &t);
    // the VMDK inside the OVA
    let ova = file(r, "railyard_production_ova_image.ova");
    let o = tool(
        "tar",
        &["-xf", ova.to_str().unwrap(), "-C", work.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let inner = work.join("railyard_production_ova-0-1-0.vmdk");
    qemu_img_ok(&["check", "-f", "vmdk", inner.to_str().unwrap()]);
    let t = to_raw(&inner, "vmdk", &work.join("ova.raw"));
    compare_partitions(&base, &inner, "vmdk", &t);
    // ROOT grew as the variant says (vm: 2 GiB, azure: 4 GiB)
    assert_eq!(ami_table(r).by_label("ROOT").unwrap().size, 2 << 30);
    assert_eq!(
        table(&work.join("vhd.raw")).by_label("ROOT").unwrap().size,
        4 << 30
    );
    // identities kept from the base
    let bt = table(&base);
    for e in &bt.entries {
        let v = ami_table(r)
            .entries
            .into_iter()
            .find(|x| x.num == e.num)
            .unwrap();
        assert_eq!(
            (v.uuid, v.type_guid, v.attributes, &v.label),
            (e.uuid, e.type_guid, e.attributes, &e.label)
        );
    }
    let o = tool("sgdisk", &["-v", work.join("vhd.raw").to_str().unwrap()]);
    assert!(text(&o).contains("No problems found"), "{}", text(&o));
}

#[test]
fn esp_and_oem_follow_the_format() {
    let r = shared();
    let bin = file(r, "railyard_production_ami_image.bin");
    let t = ami_table(r);
    let esp = t.by_label("EFI-SYSTEM").unwrap();
    let oem = t.by_label("OEM").unwrap();
    let work = scratch("formats-esp");
    let esp_img = work.join("esp.img");
    extract(&bin, esp.start, esp.size, &esp_img);
    let o = tool("fsck.vfat", &["-n", esp_img.to_str().unwrap()]);
    assert!(o.status.success(), "fsck.vfat: {}", text(&o));
    // the format's kernel argument is on USR-A's unified kernel image (read by binutils)
    let uki = work.join("usr-a.efi");
    let o = Command::new("mcopy")
        .env("MTOOLS_SKIP_CHECK", "1")
        .args(["-n", "-i", &format!("{}@@{}", bin.display(), esp.start), "::/EFI/Linux/usr-a.efi"])
        .arg(&uki)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let dumped = work.join("cmdline");
    let o = tool("objcopy", &["--dump-section", &format!(".cmdline={}", dumped.display()), uki.to_str().unwrap(), work.join("x.efi").to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let options = std::fs::read_to_string(&dumped).unwrap();
    let base_cmdline = std::fs::read_to_string(
        r.base
            .dir()
            .join("railyard_production_image_kernel_cmdline.txt"),
    )
    .unwrap();
    assert_eq!(
        options,
        format!("{} railyard.oem.id=ami", base_cmdline.trim()),
        "verity hash and base arguments kept, OEM id added"
    );
    let img = format!("{}?offset={}", bin.display(), oem.start);
    let o = tool("e2fsck", &["-fn", &img]);
    assert!(o.status.success(), "{}", text(&o));
    let o = tool("debugfs", &["-R", "cat /oem-release", &img]);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("ID=ami\n")
            && s.contains("NAME=\"Amazon EC2\"")
            && s.contains("VERSION_ID=0.1.0"),
        "{s}"
    );
    let o = tool("debugfs", &["-R", "stat /oem-release", &img]);
    assert!(
        text(&o).contains("User:     0   Group:     0"),
        "{}",
        text(&o)
    );
}

/// CHS per appendix A of the VHD specification (written out here independently of the writer).
fn chs(size: u64) -> (u64, u64, u64) {
    let mut total = (size / 512).min(65535 * 16 * 255);
    let (mut spt, mut heads, mut cth);
    if total >= 65535 * 16 * 63 {
        spt = 255;
        heads = 16;
        cth = total / spt;
    } else {
        spt = 17;
        cth = total / spt;
        heads = cth.div_ceil(1024);
        if heads < 4 {
            heads = 4;
        }
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
    }
    total = cth / heads;
    (total, heads, spt)
}

#[test]
fn vhd_footer_is_a_fixed_azure_disk() {
    use std::os::unix::fs::FileExt;
    let r = shared();
    let vhd = file(r, "railyard_production_vhd_image.vhd");
    let len = std::fs::metadata(&vhd).unwrap().len();
    const MIB: u64 = 1 << 20;
    assert_eq!(len % MIB, 512, "file size must be N MiB + 512");
    let mut f = [0u8; 512];
    std::fs::File::open(&vhd)
        .unwrap()
        .read_exact_at(&mut f, len - 512)
        .unwrap();
    let be32 = |o: usize| u32::from_be_bytes(f[o..o + 4].try_into().unwrap());
    let be64 = |o: usize| u64::from_be_bytes(f[o..o + 8].try_into().unwrap());
    assert_eq!(&f[0..8], b"conectix");
    assert_eq!(be32(8), 2, "features");
    assert_eq!(be32(12), 0x0001_0000, "version");
    assert_eq!(be64(16), u64::MAX, "data offset of a fixed disk");
    let size = len - 512;
    assert_eq!(be64(40), size, "original size");
    assert_eq!(be64(48), size, "current size");
    assert_eq!(size % MIB, 0);
    let (c, h, s) = chs(size);
    assert_eq!((be32(56) >> 16) as u64, c, "cylinders");
    assert_eq!(f[58] as u64, h, "heads");
    assert_eq!(f[59] as u64, s, "sectors per track");
    assert_eq!(be32(60), 2, "disk type fixed");
    let mut sum: u32 = 0;
    for (i, b) in f.iter().enumerate() {
        if !(64..68).contains(&i) {
            sum = sum.wrapping_add(*b as u32);
        }
    }
    assert_eq!(be32(64), !sum, "checksum");
    // time stamp = SOURCE_DATE_EPOCH of the base build, in seconds since 2000-01-01
    let epoch = r.base.summary["source_date_epoch"].as_u64().unwrap();
    assert_eq!(
        be32(24) as u64,
        epoch - 946_684_800,
        "time stamp from the base's SOURCE_DATE_EPOCH"
    );
    assert_ne!(&f[68..84], &[0u8; 16], "unique id set");
    assert!(f[85..].iter().all(|&b| b == 0), "reserved bytes zero");
}

#[test]
fn ova_is_ordered_with_a_correct_manifest_and_ovf() {
    use sha2::Digest;
    let r = shared();
    let ova = file(r, "railyard_production_ova_image.ova");
    let mut a = tar::Archive::new(std::fs::File::open(&ova).unwrap());
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        assert!(e.header().as_ustar().is_some(), "USTAR headers");
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        members.push((name, data));
    }
    let names: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
    let n = "railyard_production_ova-0-1-0";
    // DSP0243: the descriptor first; the manifest directly after it or at the end (ours: at
    // the end, after the disk it lists)
    assert_eq!(
        names,
        [format!("{n}.ovf"), format!("{n}.vmdk"), format!("{n}.mf")],
        "the .ovf first, the disk, the manifest last"
    );
    let get = |s: &str| &members.iter().find(|m| m.0.ends_with(s)).unwrap().1;
    let mf = String::from_utf8(get(".mf").clone()).unwrap();
    let mut lines = BTreeMap::new();
    for l in mf.lines() {
        let (k, v) = l
            .split_once(")= ")
            .unwrap_or_else(|| panic!("manifest line {l:?}"));
        lines.insert(k.trim_start_matches("SHA256(").to_string(), v.to_string());
    }
    for suffix in [".ovf", ".vmdk"] {
        let (name, data) = members.iter().find(|m| m.0.ends_with(suffix)).unwrap();
        assert_eq!(
            lines[name],
            hex::encode(sha2::Sha256::digest(data)),
            "{name} digest"
        );
    }
    let ovf = String::from_utf8(get(".ovf").clone()).unwrap();
    let doc = roxmltree::Document::parse(&ovf).expect("the OVF is XML");
    const OVF: &str = "http://schemas.dmtf.org/ovf/envelope/1";
    let disk = doc
        .descendants()
        .find(|n| n.has_tag_name((OVF, "Disk")))
        .expect("a Disk");
    let capacity: u64 = disk.attribute((OVF, "capacity")).unwrap().parse().unwrap();
    assert_eq!(
        capacity,
        std::fs::metadata(file(r, "railyard_production_ami_image.bin"))
            .unwrap()
            .len()
    );
    assert_eq!(
        disk.attribute((OVF, "format")),
        Some("http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized")
    );
    let file_ref = doc
        .descendants()
        .find(|n| n.has_tag_name((OVF, "File")))
        .unwrap();
    assert_eq!(
        file_ref.attribute((OVF, "href")),
        Some(format!("{n}.vmdk").as_str())
    );
    assert_eq!(
        file_ref
            .attribute((OVF, "size"))
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        get(".vmdk").len()
    );
    assert!(ovf.contains(r#"vmw:key="firmware" vmw:value="efi""#));
    assert!(
        ovf.contains("<rasd:VirtualQuantity>2</rasd:VirtualQuantity>")
            && ovf.contains("<rasd:VirtualQuantity>2048</rasd:VirtualQuantity>")
    );
    assert!(ovf.contains("<rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>"));
}

#[test]
fn ami_has_register_image_parameters() {
    let r = shared();
    let reg: Value = serde_json::from_str(
        &std::fs::read_to_string(file(r, "railyard_production_ami_register_image.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(reg["Architecture"], "x86_64");
    assert_eq!(reg["BootMode"], "uefi");
    assert_eq!(reg["EnaSupport"], true);
    assert_eq!(reg["VirtualizationType"], "hvm");
    assert_eq!(
        reg["BlockDeviceMappings"][0]["DeviceName"],
        reg["RootDeviceName"]
    );
    let imp: Value = serde_json::from_str(
        &std::fs::read_to_string(file(r, "railyard_production_ami_import_snapshot.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(imp["DiskContainer"]["Format"], "VMDK");
    assert_eq!(
        imp["DiskContainer"]["UserBucket"]["S3Key"],
        "railyard_production_ami_image.vmdk"
    );
    // the raw disk, compressed for distribution (the format's default: zstd)
    let zst = file(r, "railyard_production_ami_image.bin.zst");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "zstd -dc '{}' | cmp - '{}'",
            zst.display(),
            file(r, "railyard_production_ami_image.bin").display()
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

/// Runs `cmd` in its own process group, watching stdout for the boot marker; the group is
/// terminated afterwards. Returns the console and whether the marker appeared.
fn watch(mut cmd: Command, limit: Duration) -> (bool, String) {
    use std::os::unix::process::CommandExt;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap();
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).split(b'\n').map_while(Result::ok) {
            let _ = tx.send(String::from_utf8_lossy(&l).into_owned());
        }
    });
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(format!("[stderr] {l}"));
        }
    });
    let start = Instant::now();
    let mut console = String::new();
    let mut ok = false;
    while start.elapsed() < limit {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(l) => {
                console.push_str(&l);
                console.push('\n');
                if l.contains("RAILYARD-BOOT-OK") {
                    ok = true;
                    break;
                }
                if l.contains("RAILYARD-BOOT-FAIL")
                    || l.contains("Kernel panic")
                    || l.contains("railyard-initrd: FATAL")
                {
                    break;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => break,
        }
    }
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{pid}")])
        .status();
    let _ = child.wait();
    (ok, console)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn qemu_uefi_launcher_boots_under_tcg() {
    let r = shared();
    let launcher = file(r, "railyard_production_qemu_uefi.sh");
    let vars_before = sha256(&file(r, "railyard_production_qemu_uefi_efi_vars.fd"));
    let o = tool("sh", &["-n", launcher.to_str().unwrap()]);
    assert!(o.status.success(), "launcher syntax: {}", text(&o));
    let help = Command::new(&launcher).arg("-h").output().unwrap();
    for opt in [
        "-i FILE",
        "-M MiB",
        "-c N",
        "-d FILE",
        "-p PORT",
        "-t SECONDS",
    ] {
        assert!(
            text(&help).contains(opt),
            "launcher help lacks {opt}: {}",
            text(&help)
        );
    }
    // numbers are numbers: nothing rides into QEMU's option strings
    let bad = Command::new(&launcher).args(["-p", "22,hostfwd=tcp::2222-:23"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "a port with a comma must be refused: {}", text(&bad));
    assert!(text(&bad).contains("-p must be a number"), "{}", text(&bad));
    // a first-boot config file through fw_cfg and an extra disk, as a user would pass them,
    // from a directory whose name holds a comma (QEMU's option syntax must not split it)
    let work = scratch("formats-launcher").join("a,snapshot=off");
    std::fs::create_dir_all(&work).unwrap();
    let cfg = work.join("config.json");
    // an Ignition v3 config (Ignition refuses `{}`: "invalid config version")
    std::fs::write(&cfg, "{\"ignition\":{\"version\":\"3.3.0\"}}\n").unwrap();
    let extra = work.join("extra.img");
    std::fs::File::create(&extra)
        .unwrap()
        .set_len(16 << 20)
        .unwrap();
    let mut cmd = Command::new(&launcher);
    // run from the output directory, software emulation, snapshot (the files stay as built)
    cmd.current_dir(&r.out)
        .args(["-s", "-S", "-t", "600", "-M", "1024", "-c", "1"]);
    cmd.arg("-p")
        .arg(free_port().to_string())
        .arg("-i")
        .arg(&cfg)
        .arg("-d")
        .arg(&extra);
    let (ok, console) = watch(cmd, Duration::from_secs(600));
    std::fs::write(work.join("console.log"), &console).unwrap();
    assert!(
        ok,
        "the launcher did not boot to RAILYARD-BOOT-OK:\n{}",
        console
            .lines()
            .rev()
            .take(30)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(console.contains("verity V"), "{console}");
    assert!(
        console.contains("railyard.oem.id=qemu"),
        "the kernel ran with the format's argument"
    );
    assert_eq!(
        sha256(&file(r, "railyard_production_qemu_uefi_efi_vars.fd")),
        vars_before,
        "-S leaves the variable store alone"
    );
}

#[test]
fn pxe_boots_from_ram_with_usr_from_the_squashfs() {
    let r = shared();
    let cmdline = std::fs::read_to_string(file(r, "railyard_production_pxe_cmdline.txt")).unwrap();
    assert!(
        !cmdline.contains("verity.usr") && !cmdline.contains("root="),
        "{cmdline}"
    );
    let mut cmd = Command::new("qemu-system-x86_64");
    cmd.args([
        "-accel",
        "tcg",
        "-M",
        "q35",
        "-m",
        "1024",
        "-smp",
        "1",
        "-nographic",
        "-no-reboot",
        "-net",
        "none",
    ])
    .arg("-kernel")
    .arg(file(r, "railyard_production_pxe.vmlinuz"))
    .arg("-initrd")
    .arg(file(r, "railyard_production_pxe_image.cpio.gz"))
    .arg("-append")
    .arg(cmdline.trim());
    let (ok, console) = watch(cmd, Duration::from_secs(600));
    assert!(ok, "PXE boot did not reach RAILYARD-BOOT-OK:\n{console}");
    assert!(
        console
            .lines()
            .any(|l| l.contains("/usr mount: /dev/loop") && l.contains(" /usr squashfs ro")),
        "/usr must be the squashfs on a loop device:\n{console}"
    );
    assert!(console.contains("/ mount: tmpfs / tmpfs"), "{console}");
    // the initramfs: base initrd + a second archive with usr.squashfs and the ROOT files
    let work = scratch("formats-pxe");
    let cpio = work.join("initrd.cpio");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "gzip -dc '{}' > '{}'",
            file(r, "railyard_production_pxe_image.cpio.gz").display(),
            cpio.display()
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let data = std::fs::read(&cpio).unwrap();
    let names = newc_names(&data);
    for n in [
        "init",
        "usr.squashfs",
        "pxe-root/etc/systemd/system/default.target",
        "pxe-root/etc/passwd",
    ] {
        assert!(
            names.iter().any(|x| x == n),
            "{n} missing from the PXE initramfs"
        );
    }
}

/// Names in a sequence of concatenated newc archives.
fn newc_names(data: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut p = 0;
    while p + 110 <= data.len() {
        if &data[p..p + 6] != b"070701" {
            p += 4; // padding between archives
            continue;
        }
        let field = |i: usize| {
            usize::from_str_radix(
                std::str::from_utf8(&data[p + 6 + i * 8..p + 14 + i * 8]).unwrap(),
                16,
            )
            .unwrap()
        };
        let (size, namesize) = (field(6), field(11));
        let name = String::from_utf8_lossy(&data[p + 110..p + 110 + namesize - 1]).into_owned();
        let data_start = (p + 110 + namesize).div_ceil(4) * 4;
        p = (data_start + size).div_ceil(4) * 4;
        if name != "TRAILER!!!" {
            out.push(name);
        }
    }
    out
}

#[test]
fn every_format_file_is_byte_identical_across_runs() {
    let r = shared();
    let again = scratch("formats-again");
    run_all(&again, &r.base);
    let list = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let (a, b) = (list(&r.out), list(&again));
    assert_eq!(a, b);
    assert!(a.len() >= 14, "{a:?}");
    for n in &a {
        assert_eq!(
            sha256(&r.out.join(n)),
            sha256(&again.join(n)),
            "{n} differs between two runs"
        );
    }
}

fn assert_empty(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.is_empty(),
        "files left behind in {}: {left:?}",
        dir.display()
    );
}

#[test]
fn bad_inputs_fail_clearly_and_leave_nothing() {
    let r = shared();
    let work = scratch("formats-bad");
    let to = work.join("out");
    std::fs::create_dir_all(&to).unwrap();
    let to_arg = format!("--to={}", to.display());

    // a missing base image
    let empty = work.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = image_to_vm(&[
        &format!("--from={}", empty.display()),
        &to_arg,
        "--format=qemu_uefi",
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("railyard_production_image.bin does not exist"),
        "{}",
        text(&o)
    );
    assert_empty(&to);

    // a base directory whose files are links (here to the real outputs; they could name any
    // host file): refused, naming the file
    let linked = work.join("linked");
    std::fs::create_dir_all(&linked).unwrap();
    for e in std::fs::read_dir(r.base.dir()).unwrap().flatten() {
        std::os::unix::fs::symlink(e.path(), linked.join(e.file_name())).unwrap();
    }
    let o = image_to_vm(&[&format!("--from={}", linked.display()), &to_arg, "--format=qemu_uefi"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("railyard_production_image.bin is a symbolic link"), "{}", text(&o));
    assert_empty(&to);

    // Secure Boot firmware for an image that is not signed: refused, naming the file and
    // the flags that sign it (next to a valid format: nothing is produced)
    let o = image_to_vm(&[&format!("--from={}", r.base.dir().display()), &to_arg, "--format=qemu_uefi,qemu_uefi_secure"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("is not signed for Secure Boot") && t.contains("railyard_production_image_secure_boot_db.pem") && t.contains("--secure_boot_key"), "{t}");
    assert_empty(&to);

    // an unknown format (next to a valid one: nothing is produced)
    let o = image_to_vm(&[
        &format!("--from={}", r.base.dir().display()),
        &to_arg,
        "--format=qemu_uefi,floppy",
    ]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("unknown format \"floppy\"") && t.contains("qemu_uefi") && t.contains("pxe"),
        "{t}"
    );
    assert_empty(&to);

    // a base image whose GPT is corrupt
    let bad = work.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    for e in std::fs::read_dir(r.base.dir()).unwrap() {
        let e = e.unwrap();
        sparse_copy(&e.path(), &bad.join(e.file_name()));
    }
    {
        use std::os::unix::fs::FileExt;
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(bad.join("railyard_production_image.bin"))
            .unwrap();
        f.write_all_at(b"XX", 512 + 40).unwrap(); // inside the primary header: CRC no longer matches
    }
    let o = image_to_vm(&[
        &format!("--from={}", bad.display()),
        &to_arg,
        &format!("--format={ALL}"),
    ]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("railyard_production_image.bin")
            && t.contains("GPT is corrupt")
            && t.contains("CRC"),
        "{t}"
    );
    assert_empty(&to);

    // a failure in the middle (an OVF template that does not render): no partial files
    let formats = work.join("formats");
    std::fs::create_dir_all(formats.join("templates")).unwrap();
    for f in ["qemu_uefi.toml", "ova.toml", "templates/qemu_uefi.sh.j2"] {
        std::fs::copy(repo().join("image-formats").join(f), formats.join(f)).unwrap();
    }
    std::fs::write(
        formats.join("templates/vmware.ovf.j2"),
        "<Envelope>{{ no_such_variable }}</Envelope>\n",
    )
    .unwrap();
    let o = image_to_vm(&[
        &format!("--from={}", r.base.dir().display()),
        &to_arg,
        &format!("--formats_dir={}", formats.display()),
        "--format=qemu_uefi,ova",
    ]);
    assert!(!o.status.success());
    assert!(text(&o).contains("ova"), "{}", text(&o));
    assert_empty(&to);
}
