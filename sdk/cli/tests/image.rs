//! The image spine, checked from outside with stock tools and real QEMU boots.

mod common;
use common::*;
use std::path::Path;

const USR_TYPE: &str = "5DFBF5F4-2848-4BAC-AA5E-0D9A20B745A6";

fn sfdisk_json(image: &Path) -> serde_json::Value {
    let o = tool("sfdisk", &["--json", image.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn check_layout(image: &Path, amd64: bool) {
    let j = sfdisk_json(image);
    let t = &j["partitiontable"];
    assert_eq!(t["label"], "gpt");
    let parts = t["partitions"].as_array().unwrap();
    let num = |p: &serde_json::Value| -> u32 {
        let node = p["node"].as_str().unwrap();
        node.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    let nums: Vec<u32> = parts.iter().map(num).collect();
    let expect: Vec<u32> = if amd64 { vec![1, 2, 3, 4, 6, 7, 9] } else { vec![1, 3, 4, 6, 7, 9] };
    assert_eq!(nums, expect, "partition numbers keep Flatcar's gaps");
    let by = |n: u32| parts.iter().find(|p| num(p) == n).unwrap();
    let rows = [
        (1, "EFI-SYSTEM", "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"),
        (3, "USR-A", USR_TYPE),
        (4, "USR-B", USR_TYPE),
        (6, "OEM", "0FC63DAF-8483-4772-8E79-3D69D8477DE4"),
        (7, "OEM-CONFIG", "C95DC21A-DF0E-4340-8D7B-26CBFA9A03E0"),
        (9, "ROOT", "3884DD41-8582-4404-B9A8-E9B84F2DF50E"),
    ];
    for (n, name, ty) in rows {
        assert_eq!(by(n)["name"], name, "p{n} name");
        assert_eq!(by(n)["type"], ty, "p{n} type");
        assert_eq!(by(n)["start"].as_u64().unwrap() % 4096, 0, "p{n} is 2 MiB aligned");
    }
    if amd64 {
        assert_eq!(by(2)["name"], "BIOS-BOOT");
        assert_eq!(by(2)["type"], "21686148-6449-6E6F-744E-656564454649");
    }
    assert_eq!(by(3)["uuid"], "7130C94A-213A-4E5A-8E26-6CCE9662F132");
    assert_eq!(by(4)["uuid"], "E03DD35C-7C2D-4A47-B3FE-27F15780A57C");
    assert_eq!(by(3)["attrs"], "GUID:48,56", "USR-A: priority 1, successful 1");
    assert!(by(4).get("attrs").is_none(), "USR-B has no attribute bits: {}", by(4));
    let v = tool("sgdisk", &["-v", image.to_str().unwrap()]);
    assert!(text(&v).contains("No problems found"), "sgdisk -v: {}", text(&v));
    let i = tool("sgdisk", &["-i", "3", image.to_str().unwrap()]);
    assert!(text(&i).contains("Attribute flags: 0101000000000000"), "{}", text(&i));
}

#[test]
fn gpt_layout_is_flatcars() {
    let b = amd64();
    check_layout(&b.image(), true);
    // the derived GUIDs are stable functions of the inputs, not random
    let j = sfdisk_json(&b.image());
    assert_eq!(j["partitiontable"]["id"].as_str().unwrap().to_lowercase(), b.summary["disk"]["disk_guid"].as_str().unwrap());
    // A/B bits as Flatcar's image has them, read by Debian's cgpt: USR-A P=1 T=0 S=1, USR-B zero
    for (part, want) in [("3", ["1", "0", "1"]), ("4", ["0", "0", "0"])] {
        for (flag, w) in ["-P", "-T", "-S"].into_iter().zip(want) {
            let o = tool("cgpt", &["show", "-i", part, flag, b.image().to_str().unwrap()]);
            assert!(o.status.success(), "cgpt (./setup_host --tests installs it): {}", text(&o));
            assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), w, "cgpt show -i {part} {flag}");
        }
    }
}

#[test]
fn verity_tree_matches_veritysetup() {
    let b = amd64();
    let dir = scratch("verity");
    let (start, size) = b.part("USR-A");
    let usr = dir.join("usr-a.img");
    extract(&b.image(), start, size, &usr);
    let v = &b.summary["verity"];
    let off = v["hash_offset"].as_u64().unwrap().to_string();
    let root = b.root_hash();
    let u = usr.to_str().unwrap();
    let o = tool("veritysetup", &["verify", &format!("--hash-offset={off}"), u, u, &root]);
    assert!(o.status.success(), "veritysetup verify rejected our tree: {}", text(&o));
    // a wrong root hash must be rejected (the check can fail)
    let bad = format!("{}0", &root[..63]);
    let bad = if bad == root { format!("{}1", &root[..63]) } else { bad };
    assert!(!tool("veritysetup", &["verify", &format!("--hash-offset={off}"), u, u, &bad]).status.success());
    // veritysetup format over the same data, salt and UUID writes the same bytes
    let theirs = dir.join("theirs.img");
    extract(&usr, 0, size, &theirs);
    let data_blocks = v["data_blocks"].as_u64().unwrap();
    {
        use std::os::unix::fs::FileExt;
        let f = std::fs::OpenOptions::new().write(true).open(&theirs).unwrap();
        let zeros = vec![0u8; (size - data_blocks * 4096) as usize];
        f.write_all_at(&zeros, data_blocks * 4096).unwrap();
    }
    let t = theirs.to_str().unwrap();
    let o = tool(
        "veritysetup",
        &[
            "format",
            "--hash=sha256",
            "--data-block-size=4096",
            "--hash-block-size=4096",
            &format!("--data-blocks={data_blocks}"),
            &format!("--hash-offset={off}"),
            &format!("--salt={}", v["salt"].as_str().unwrap()),
            &format!("--uuid={}", v["uuid"].as_str().unwrap()),
            t,
            t,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&format!("Root hash:      \t{root}")) || text(&o).contains(&root), "root hash differs: {}", text(&o));
    assert_eq!(sha256(&usr), sha256(&theirs), "our USR-A (data + superblock + tree) differs from veritysetup's");
}

#[test]
fn filesystems_are_clean() {
    let b = amd64();
    let dir = scratch("fsck");
    let (start, size) = b.part("EFI-SYSTEM");
    let esp = dir.join("esp.img");
    extract(&b.image(), start, size, &esp);
    let o = tool("fsck.vfat", &["-n", esp.to_str().unwrap()]);
    assert!(o.status.success(), "fsck.vfat: {}", text(&o));
    let o = tool("mdir", &["-i", esp.to_str().unwrap(), "-b", "-/", "::/"]);
    let listing = text(&o);
    for f in ["::/EFI/BOOT/BOOTX64.EFI", "::/EFI/Linux/usr-a.efi"] {
        assert!(listing.contains(f), "ESP lacks {f}: {listing}");
    }
    // USR-A's unified kernel image, read by binutils: its command line carries the slot's
    // PARTUUID and root hash, its kernel is the image's; USR-B's (an output) names USR-B
    let uki = dir.join("usr-a.efi");
    let o = tool("mcopy", &["-n", "-i", esp.to_str().unwrap(), "::/EFI/Linux/usr-a.efi", uki.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(sha256(&uki), sha256(&b.dir().join("railyard_production_image_usr-a.efi")), "the ESP's image is the output");
    let section = |f: &Path, name: &str| {
        let out = dir.join(format!("section{name}"));
        let o = tool("objcopy", &["--dump-section", &format!("{name}={}", out.display()), f.to_str().unwrap(), dir.join("scratch.efi").to_str().unwrap()]);
        assert!(o.status.success(), "objcopy {name}: {}", text(&o));
        std::fs::read(&out).unwrap()
    };
    let a = String::from_utf8(section(&uki, ".cmdline")).unwrap();
    assert!(a.contains(&format!("verity.usrhash={}", b.root_hash())) && a.contains("verity.usr=PARTUUID=7130c94a-213a-4e5a-8e26-6cce9662f132"), "{a}");
    assert_eq!(section(&uki, ".linux"), std::fs::read(b.dir().join("railyard_production_image.vmlinuz")).unwrap());
    assert!(String::from_utf8(section(&uki, ".osrel")).unwrap().contains("ID=railyard\n"));
    let bside = String::from_utf8(section(&b.dir().join("railyard_production_image_usr-b.efi"), ".cmdline")).unwrap();
    assert_eq!(bside, a.replace("7130c94a-213a-4e5a-8e26-6cce9662f132", "e03dd35c-7c2d-4a47-b3fe-27f15780a57c"), "USR-B's image differs only in the PARTUUID");
    for label in ["ROOT", "OEM"] {
        let (start, _) = b.part(label);
        let spec = format!("{}?offset={start}", b.image().display());
        let o = tool("e2fsck", &["-fn", &spec]);
        assert!(o.status.success(), "e2fsck {label}: {}", text(&o));
        let o = tool("dumpe2fs", &["-h", &spec]);
        assert!(text(&o).contains(&format!("Filesystem volume name:   {label}")), "{}", text(&o));
        let o = tool("debugfs", &["-R", "stat /", &spec]);
        assert!(text(&o).contains("User:     0   Group:     0"), "root-owned: {}", text(&o));
    }
    let (start, _) = b.part("ROOT");
    let spec = format!("{}?offset={start}", b.image().display());
    let o = tool("debugfs", &["-R", "stat /sbin", &spec]);
    assert!(text(&o).contains("Fast link dest: \"usr/sbin\""), "ROOT links sbin to usr/sbin: {}", text(&o));
    let o = tool("debugfs", &["-R", "stat /etc/systemd/system/default.target", &spec]);
    assert!(text(&o).contains("/usr/lib/systemd/system/multi-user.target"), "systemd boots multi-user.target: {}", text(&o));
    // No account can log in without a password: every shadow entry has a password field,
    // and root's and core's are locked.
    let o = tool("debugfs", &["-R", "cat /etc/shadow", &spec]);
    let shadow = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(shadow.lines().count() >= 10, "/etc/shadow on ROOT: {shadow}{}", text(&o));
    for l in shadow.lines() {
        let f: Vec<&str> = l.split(':').collect();
        assert!(f.len() == 9 && !f[1].is_empty(), "shadow entry with an empty password field: {l:?}");
        assert!(f[1].starts_with('*') || f[1].starts_with('!'), "shadow entry with a usable password: {l:?}");
    }
    for user in ["root", "core"] {
        assert!(shadow.lines().any(|l| l.starts_with(&format!("{user}:*:"))), "{user} not locked: {shadow}");
    }
    // a production build never asks for autologin
    let cmdline = std::fs::read_to_string(b.dir().join("railyard_production_image_kernel_cmdline.txt")).unwrap();
    assert!(!cmdline.contains("autologin"), "{cmdline}");
}

/// A shell prompt on the console: our PS1 (`user@host:dir$ `) or busybox's default (`/ # `).
fn shell_prompts(console: &str) -> Vec<&str> {
    console
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| l.contains("@railyard:") || l.ends_with("# ") || l.ends_with("$ "))
        .collect()
}

fn boot_ok_fs(board: &str, b: &Built, fs: &str) {
    let log = b.dir().join("boot-test.log");
    let o = boot(board, &b.image(), &log);
    boot_checks(board, &o, fs);
}

fn boot_checks(board: &str, o: &railyard_boot::Outcome, fs: &str) {
    assert!(o.success, "{board} boot failed: {:?}\n{}", o.failure, o.tail(40));
    let c = &o.console;
    assert!(c.contains(&format!("/dev/mapper/usr /usr {fs} ro")), "/usr not mounted read-only from dm-verity:\n{}", o.tail(20));
    assert!(c.contains("dm-verity usr: 0 ") && c.contains(" verity V"), "verity not active:\n{}", o.tail(20));
    assert!(c.contains("init is /usr/lib/systemd/systemd (pid 1)"), "systemd not running from /usr as PID 1:\n{}", o.tail(20));
}

/// The default image: verified /usr, then a `login:` prompt on the serial console where root
/// is refused; the whole boot shows no shell prompt.
#[test]
fn boots_amd64_with_verified_usr_to_a_login_prompt() {
    let b = amd64();
    let dialog = [Step::new("railyard login: ", "root\r"), Step::new("Password: ", "\r"), Step::new("Login incorrect", "")];
    let o = boot_with("amd64-usr", &b.image(), &b.dir().join("boot-test.log"), &dialog);
    boot_checks("amd64-usr", &o, "erofs");
    let prompts = shell_prompts(&o.console);
    assert!(prompts.is_empty(), "shell prompt on the console of a default image: {prompts:?}\n{}", o.tail(30));
}

/// arm64, built with `--autologin` (development image): verified /usr, the serial console
/// (ttyAMA0) logs `core` in without a password, and the network is up: networkd got QEMU's
/// DHCP lease, resolved holds the DHCP DNS server behind the stub /etc/resolv.conf names.
/// (Typed commands never contain the text the test waits for: the console echoes them.
/// `core` has no D-Bus to ask systemctl with; the daemons are found with ps.)
#[test]
fn boots_arm64_with_verified_usr_and_autologin() {
    let b = shared_build("arm64", &["--board=arm64-usr", "--autologin"]);
    check_layout(&b.image(), false);
    let cmdline = std::fs::read_to_string(b.dir().join("railyard_production_image_kernel_cmdline.txt")).unwrap();
    assert!(cmdline.trim_end().ends_with(" railyard.autologin"), "{cmdline}");
    let net = "for i in $(seq 90); do ip -4 -o addr | grep -q 10.0.2 && grep -q ^nameserver /run/systemd/resolve/resolv.conf && break; sleep 1; done; \
               ip -4 -o addr; cat /run/systemd/resolve/resolv.conf; echo resolv-link=$(readlink /etc/resolv.conf); \
               echo daemons: $(ps -o comm | grep -c -e ^systemd-network -e ^systemd-resolve)\r";
    let dialog = [
        Step::new("core@railyard:~$ ", "id; echo HOME=$HOME\r"),
        Step::new("HOME=/home/core", ""),
        Step::new("core@railyard:~$ ", net),
        Step::new("daemons: 2", ""),
    ];
    let o = boot_with("arm64-usr", &b.image(), &b.dir().join("boot-test.log"), &dialog);
    boot_checks("arm64-usr", &o, "erofs");
    assert!(o.console.contains("uid=500(core) gid=500(core)"), "core shell: {}", o.tail(20));
    assert!(!o.console.contains("root@railyard"), "{}", o.tail(20));
    let c = &o.console;
    assert!(c.contains("inet 10.0.2.15/24"), "no DHCP address from QEMU's user network:\n{}", o.tail(20));
    assert!(c.contains("nameserver 10.0.2.3"), "resolved did not get the DHCP DNS server:\n{}", o.tail(20));
    assert!(c.contains("resolv-link=../run/systemd/resolve/stub-resolv.conf"), "{}", o.tail(20));
}

/// A copy of the default amd64 image set up as an update leaves it: USR-A's bytes copied
/// into USR-B, USR-B's unified
/// kernel image next to A's on the ESP, and B given one try above A with Debian's cgpt.
/// Returns the scratch directory and the disk.
fn ab_disk(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    ab_disk_of(&amd64(), name)
}

fn ab_disk_of(b: &Built, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::FileExt;
    let dir = scratch(name);
    let img = dir.join("ab.bin");
    std::fs::copy(b.image(), &img).unwrap();
    let (a_start, a_size) = b.part("USR-A");
    let (b_start, b_size) = b.part("USR-B");
    assert_eq!(a_size, b_size);
    let f = std::fs::OpenOptions::new().read(true).write(true).open(&img).unwrap();
    let mut buf = vec![0u8; 4 << 20];
    let mut off = 0;
    while off < a_size {
        let n = buf.len().min((a_size - off) as usize);
        f.read_exact_at(&mut buf[..n], a_start + off).unwrap();
        f.write_all_at(&buf[..n], b_start + off).unwrap();
        off += n as u64;
    }
    drop(f);
    let (esp, _) = b.part("EFI-SYSTEM");
    let uki_b = b.dir().join("railyard_production_image_usr-b.efi");
    let o = tool("mcopy", &["-i", &format!("{}@@{esp}", img.display()), uki_b.to_str().unwrap(), "::/EFI/Linux/usr-b.efi"]);
    assert!(o.status.success(), "{}", text(&o));
    cgpt_on(&img, &["add", "-i", "4", "-P", "2", "-T", "1", "-S", "0"]);
    (dir, img)
}

fn cgpt_on(img: &Path, args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.push(img.to_str().unwrap());
    let o = tool("cgpt", &a);
    assert!(o.status.success(), "cgpt {args:?}: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// (priority, tries, successful) of partition `i` as cgpt reads them.
fn cgpt_pts(img: &Path, i: &str) -> [String; 3] {
    [cgpt_on(img, &["show", "-i", i, "-P"]), cgpt_on(img, &["show", "-i", i, "-T"]), cgpt_on(img, &["show", "-i", i, "-S"])]
}

/// A boot that may reboot and writes to the disk (the selector's GPT updates stay).
fn ab_spec(img: &Path, log: &Path) -> railyard_image::qemu::BootSpec {
    ab_spec_of("amd64-usr", img, log)
}

fn ab_spec_of(board: &str, img: &Path, log: &Path) -> railyard_image::qemu::BootSpec {
    let board = railyard_core::Board::load(&repo(), board).unwrap();
    let mut spec = railyard_image::qemu::BootSpec::new(board.qemu.clone(), img, log);
    spec.timeout = std::time::Duration::from_secs(600);
    spec.allow_reboot = true;
    spec.snapshot = false;
    spec
}

/// Boots `spec` and requires success; returns the console without line breaks (the
/// firmware's console may wrap a long line) and its last lines for failure messages.
fn ab_boot(spec: &railyard_image::qemu::BootSpec) -> (String, String) {
    let o = railyard_image::qemu::boot(spec).unwrap();
    assert!(o.success, "{:?}\n{}", o.failure, o.tail(40));
    (o.console.replace("\r\n", ""), o.tail(60))
}

/// `needle`'s position in `c` after `from`, or a failure showing the console's end.
fn console_at(c: &str, needle: &str, from: usize, tail: &str) -> usize {
    c[from..].find(needle).map(|p| p + from).unwrap_or_else(|| panic!("console lacks {needle:?} after byte {from}:\n{tail}"))
}

/// A/B through the boot selector, as Flatcar's cl.update.reboot test does it: the selector
/// boots B — B's PARTUUID on the command line, its /usr verified — and spends the try; 45 s
/// after boot `railyard-update-mark-good.timer` marks B good (successful, no tries left);
/// the machine is then reset and comes back on B, now a good slot. cgpt reads B
/// `P=2 T=0 S=1`, A unchanged, and sgdisk finds both GPT copies sound. (One VM, two boots.)
#[test]
fn ab_slot_on_trial_boots_is_marked_good_and_stays() {
    let (dir, img) = ab_disk("ab");
    let mut spec = ab_spec(&img, &dir.join("ab-boot.log"));
    // once B is marked good: reset the machine from QEMU's monitor (Ctrl-A c)
    spec.dialog = vec![
        Step::new("USR-B (partition 4) marked good (priority 2)", "\x01csystem_reset\n"),
        Step::new("usr-b (partition 4)", "\x01c"),
        Step::new("RAILYARD-BOOT-OK", ""),
    ];
    let (c, tail) = ab_boot(&spec);
    let at = |needle: &str, from: usize| console_at(&c, needle, from, &tail);
    let b_sel = at("railyard-selector: usr-b (partition 4) priority 2, tries 0, on trial", 0);
    let b_cmd = at("verity.usr=PARTUUID=e03dd35c-7c2d-4a47-b3fe-27f15780a57c", b_sel);
    let b_usr = at("railyard-initrd: opening /dev/vda4", b_cmd);
    let b_ok = at("RAILYARD-BOOT-OK", b_usr);
    let good = at("railyard-update: USR-B (partition 4) marked good (priority 2)", b_ok);
    let again = at("railyard-selector: usr-b (partition 4) priority 2, tries 0, successful", good);
    at("railyard-initrd: opening /dev/vda4", again);
    assert!(!c.contains("Kernel panic") && !c.contains("usr-a (partition 3)"), "{tail}");
    // the disk after the machine stopped, read by cgpt
    assert_eq!(cgpt_pts(&img, "4"), ["2", "0", "1"], "USR-B: good");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "USR-A unchanged");
    let v = tool("sgdisk", &["-v", img.to_str().unwrap()]);
    let vt = text(&v);
    assert!(vt.contains("No problems found") && !vt.contains("CRC"), "{vt}");
}

/// The same on arm64 (AAVMF, TCG): the aarch64 selector boots USR-B on trial with B's
/// PARTUUID and verified /usr, and the agent marks it good; cgpt reads USR-B `P=2 T=0 S=1`.
#[test]
fn ab_arm64_slot_on_trial_boots_and_is_marked_good() {
    let b = shared_build("arm64", &["--board=arm64-usr", "--autologin"]);
    let (dir, img) = ab_disk_of(&b, "ab-arm64");
    let mut spec = ab_spec_of("arm64-usr", &img, &dir.join("ab-arm64-boot.log"));
    spec.dialog = vec![Step::new("USR-B (partition 4) marked good (priority 2)", "")];
    let (c, tail) = ab_boot(&spec);
    let at = |needle: &str, from: usize| console_at(&c, needle, from, &tail);
    let sel = at("railyard-selector: usr-b (partition 4) priority 2, tries 0, on trial", 0);
    at("verity.usr=PARTUUID=e03dd35c-7c2d-4a47-b3fe-27f15780a57c", sel);
    let ok = at("RAILYARD-BOOT-OK", sel);
    at("railyard-update: USR-B (partition 4) marked good (priority 2)", ok);
    assert_eq!(cgpt_pts(&img, "4"), ["2", "0", "1"], "USR-B: good");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "USR-A unchanged");
}

/// A slot whose kernel image cannot be started (here: missing from the ESP, as after an
/// update cut short; Secure Boot refusing it is handled the same way) spends its try and the
/// selector boots the other slot in the same boot, with no input; cgpt reads USR-B
/// `P=2 T=0 S=0` afterwards, USR-A unchanged.
#[test]
fn a_slot_without_its_kernel_image_falls_back_to_the_other_at_once() {
    let (dir, img) = ab_disk("ab-nouki");
    let (esp, _) = amd64().part("EFI-SYSTEM");
    let o = tool("mdel", &["-i", &format!("{}@@{esp}", img.display()), "::/EFI/Linux/usr-b.efi"]);
    assert!(o.status.success(), "{}", text(&o));
    let mut spec = ab_spec(&img, &dir.join("ab-nouki-boot.log"));
    spec.fail_on = vec!["railyard-selector: cannot boot".into()];
    let (c, tail) = ab_boot(&spec);
    let at = |needle: &str, from: usize| console_at(&c, needle, from, &tail);
    let b_sel = at("railyard-selector: usr-b (partition 4) priority 2, tries 0, on trial", 0);
    let skip = at("railyard-selector: skipping usr-b", b_sel);
    let a_sel = at("railyard-selector: usr-a (partition 3) priority 1, tries 0, successful", skip);
    at("RAILYARD-BOOT-OK", at("railyard-initrd: opening /dev/vda3", a_sel));
    assert!(!c.contains("Kernel panic"), "{tail}");
    assert_eq!(cgpt_pts(&img, "4"), ["2", "0", "0"], "USR-B's try spent");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "USR-A unchanged");
}

#[test]
fn tampered_usr_is_refused() {
    use std::os::unix::fs::FileExt;
    let b = amd64();
    let dir = scratch("tamper");
    let img = dir.join("tampered.bin");
    sparse_copy(&b.image(), &img);
    let (start, size) = b.part("USR-A");
    // byte 256 of USR-A: padding before the erofs superblock that no filesystem check reads,
    // but verity covers it.
    let f = std::fs::OpenOptions::new().read(true).write(true).open(&img).unwrap();
    let mut byte = [0u8; 1];
    f.read_exact_at(&mut byte, start + 256).unwrap();
    f.write_all_at(&[byte[0] ^ 1], start + 256).unwrap();
    drop(f);
    let usr = dir.join("usr.img");
    extract(&img, start, size, &usr);
    let u = usr.to_str().unwrap();
    let off = format!("--hash-offset={}", b.summary["verity"]["hash_offset"]);
    assert!(!tool("veritysetup", &["verify", &off, u, u, &b.root_hash()]).status.success(), "host verify must fail");
    let o = boot("amd64-usr", &img, &dir.join("boot.log"));
    assert!(!o.success, "a tampered /usr booted:\n{}", o.tail(30));
    assert!(
        o.console.contains("dm-verity") || o.console.contains("verity: ") || o.console.contains("railyard-initrd: FATAL"),
        "the failure does not come from verity:\n{}",
        o.tail(30)
    );
    assert!(!o.console.contains("RAILYARD-BOOT-OK"));
}

#[test]
fn rebuild_is_byte_identical() {
    let a = amd64();
    let out = scratch("repro");
    // different directory, later time, other umask, time zone and locale
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let o = std::process::Command::new("sh")
        .args(["-c", "umask 077; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_railyard"))
        .env("RAILYARD_ROOT", repo())
        .env("TZ", "Pacific/Auckland")
        .env("LC_ALL", "C")
        .args(["build_image", "--json", "--board=amd64-usr"])
        .arg(format!("--output_root={}", out.join("umask").display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let other = Path::new(b["output_dir"].as_str().unwrap()).to_path_buf();
    for f in std::fs::read_dir(a.dir()).unwrap() {
        let f = f.unwrap().path();
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".log") {
            continue;
        }
        if name.ends_with(".intoto.jsonl") {
            // the provenance may differ only in runDetails.metadata (invocationId, startedOn, finishedOn)
            assert_eq!(statements_without_metadata(&f), statements_without_metadata(&other.join(&name)), "{name}: statements differ between builds");
            continue;
        }
        assert_eq!(sha256(&f), sha256(&other.join(&name)), "{name} differs between builds");
    }
    assert!(a.dir().join("railyard_production_image.intoto.jsonl").is_file(), "the build writes its provenance");
    for f in ["railyard_production_update.bin", "railyard_production_update.manifest"] {
        assert!(a.dir().join(f).is_file() && other.join(f).is_file(), "the build writes its update payload ({f})");
    }
    assert_eq!(a.summary["image_sha256"], b["image_sha256"]);
}

#[test]
fn bad_inputs_fail_clearly_and_leave_nothing() {
    let dir = scratch("bad");
    let layout = std::fs::read_to_string(repo().join("board-configs/common/disk_layout.toml")).unwrap();
    let no_output = |root: &Path| {
        let board_dir = root.join("amd64-usr");
        let left: Vec<String> = std::fs::read_dir(&board_dir)
            .map(|r| r.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        assert!(!left.iter().any(|n| n == "0.1.0" || n.ends_with(".partial") || n == "latest"), "left behind: {left:?}");
    };
    let case = |name: &str, text: String, args: &[&str], expect: &[&str]| {
        let f = dir.join(format!("{name}.toml"));
        std::fs::write(&f, text).unwrap();
        let out = dir.join(name);
        let mut a = vec![format!("--layout_file={}", f.display())];
        a.extend(args.iter().map(|s| s.to_string()));
        let a: Vec<&str> = a.iter().map(|s| s.as_str()).collect();
        let e = build(&out, &a).expect_err("the build must fail");
        for x in expect {
            assert!(e.contains(x), "{name}: error lacks {x:?}:\n{e}");
        }
        assert!(e.contains(f.to_str().unwrap()) || name == "usr-too-big" && e.contains("USR-A"), "{name}: error does not name the file:\n{e}");
        no_output(&out);
    };
    case("overlap", layout.replace("num = 9\n", "num = 9\nstart = \"140MiB\"\n"), &[], &["overlaps partition"]);
    case("misfit", layout.replace("disk_alignment = \"1MiB\"", "disk_alignment = \"1MiB\"\ndisk_size = \"512MiB\""), &[], &["do not fit"]);
    case(
        "usr-too-big",
        layout.replacen("size = \"256MiB\"\nrole = \"usr-a\"", "size = \"4MiB\"\nrole = \"usr-a\"", 1),
        &[],
        &["does not fit in USR-A", "enlarge it in"],
    );
    // an absurd size: refused at once (no hang in the verity sizing)
    case(
        "absurd-size",
        layout.replacen("size = \"256MiB\"\nrole = \"usr-a\"", "size = \"9999999GiB\"\nrole = \"usr-a\"", 1),
        &[],
        &["9999999GiB", "larger than the limit"],
    );
    // an image root without a kernel
    let root = dir.join("no-kernel-root");
    std::fs::create_dir_all(root.join("boot")).unwrap();
    let out = dir.join("no-kernel");
    let e = build(&out, &["--image_root", root.to_str().unwrap()]).expect_err("must fail");
    assert!(e.contains("no kernel in the image root") && e.contains("vmlinuz"), "{e}");
    no_output(&out);
    // unknown board and variant
    let e = build(&dir.join("x"), &["--board=riscv-usr"]).expect_err("must fail");
    assert!(e.contains("unknown board \"riscv-usr\"") && e.contains("amd64-usr, arm64-usr"), "{e}");
    let e = build(&dir.join("y"), &["--disk_layout=nope"]).expect_err("must fail");
    assert!(e.contains("unknown layout variant \"nope\"") && e.contains("discoverable"), "{e}");
    board_config_strings_case(&dir);
}

/// A board config whose kernel command line holds a newline (it would add a line to the
/// systemd-boot loader entry), or whose ESP file name or version is not a plain file name:
/// refused when the board is loaded, naming the file and the field, before any tool runs
/// and before anything is written (no packages needed: the board is a copy in a scratch
/// checkout).
fn board_config_strings_case(dir: &Path) {
    let real = std::fs::read_to_string(repo().join("board-configs/amd64-usr/board.toml")).unwrap();
    let cases = [
        ("cmdline-newline", "\"panic=5\"", "\"panic=5\\ninitrd /evil.img\"", "[kernel] cmdline[1]"),
        ("cmdline-cr", "\"panic=5\"", "\"panic=5\\r\"", "[kernel] cmdline[1]"),
        ("esp-name", "efi_boot_file = \"BOOTX64.EFI\"", "efi_boot_file = \"../../BOOTX64.EFI\"", "[board] efi_boot_file"),
        ("version", "version = \"0.1.0\"", "version = \"0.1.0\\nx\"", "[os] version"),
        ("os-name", "name = \"Railyard Linux\"", "name = \"Railyard\\nLinux\"", "[os] name"),
    ];
    for (name, from, to, field) in cases {
        assert!(real.contains(from), "{name}: {from}");
        let fake = dir.join(format!("checkout-{name}"));
        let board_dir = fake.join("board-configs/amd64-usr");
        std::fs::create_dir_all(&board_dir).unwrap();
        std::fs::create_dir_all(fake.join("board-configs/common")).unwrap();
        std::fs::copy(repo().join("board-configs/common/disk_layout.toml"), fake.join("board-configs/common/disk_layout.toml")).unwrap();
        let file = board_dir.join("board.toml");
        std::fs::write(&file, real.replacen(from, to, 1)).unwrap();
        let out = dir.join(format!("out-{name}"));
        let o = railyard()
            .env("RAILYARD_ROOT", &fake)
            .current_dir(&fake)
            .args(["build_image", "--json", "--board=amd64-usr"])
            .arg(format!("--output_root={}", out.display()))
            .arg(format!("--image_root={}", dir.join("no-such-root").display()))
            .output()
            .unwrap();
        let e = text(&o);
        assert!(!o.status.success(), "{name}: the build must fail:\n{e}");
        assert!(e.contains(file.to_str().unwrap()) && e.contains(field), "{name}: the error names neither the file nor {field}:\n{e}");
        assert!(!out.exists(), "{name}: nothing written, no lock taken: {}", out.display());
        assert!(!fake.join("__build__").exists(), "{name}: no cache or work directory");
    }
}

#[test]
fn bad_inputs_board_config_strings() {
    board_config_strings_case(&scratch("bad-board"));
}

#[test]
fn squashfs_and_discoverable_variants() {
    let b = shared_build("squashfs-dps", &["--board=amd64-usr", "--usr_fs=squashfs", "--disk_layout=discoverable", "--version=0.1.0-sq"]);
    let j = sfdisk_json(&b.image());
    let parts = j["partitiontable"]["partitions"].as_array().unwrap();
    let usr = parts.iter().find(|p| p["name"] == "USR-A").unwrap();
    assert_eq!(usr["type"], "8484680C-9521-48C6-9C11-B0720656F69E", "DPS usr x86-64 type");
    let root = parts.iter().find(|p| p["name"] == "ROOT").unwrap();
    assert_eq!(root["type"], "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "DPS root x86-64 type");
    let dir = scratch("squashfs");
    let (start, _) = b.part("USR-A");
    let fsimg = dir.join("usr.sqfs");
    extract(&b.image(), start, b.summary["usr_fs_bytes"].as_u64().unwrap(), &fsimg);
    let o = tool("unsquashfs", &["-lls", fsimg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let l = text(&o);
    assert!(l.contains("squashfs-root/sbin/veritysetup") && l.contains("root/root"), "{l}");
    assert!(b.summary["kernel_cmdline"].as_str().unwrap().contains("mount.usrfstype=squashfs"));
    boot_ok_fs("amd64-usr", &b, "squashfs");
}

#[test]
fn unprivileged_build_is_identical() {
    // Proves the assembly needs no privileges: as root, rebuild as `nobody` (uid 65534)
    // from the same binary packages (the store is only read) and compare the disk byte for
    // byte.
    if current_uid() != 0 {
        eprintln!("SKIP unprivileged_build_is_identical: already running unprivileged, every build here is rootless");
        return;
    }
    let a = amd64();
    let out = scratch("nobody");
    let o = tool("chmod", &["0777", out.to_str().unwrap()]);
    assert!(o.status.success());
    let o = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_railyard"))
        .env("RAILYARD_ROOT", repo())
        .env("HOME", &out)
        .env("SOURCE_DATE_EPOCH", a.summary["source_date_epoch"].to_string())
        .args(["build_image", "--json", "--board=amd64-usr"])
        .arg(format!("--output_root={}", out.display()))
        .arg(format!("--cache_dir={}", out.join("cache").display()))
        .output()
        .expect("setpriv (util-linux) is required");
    assert!(o.status.success(), "unprivileged build failed: {}", text(&o));
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(b["image_sha256"], a.summary["image_sha256"], "the unprivileged build differs from the root build");
}

#[test]
fn second_run_is_locked_out_and_ctrl_c_leaves_nothing() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    ensure_packages("amd64-usr");
    let out = scratch("lock");
    let board_dir = out.join("amd64-usr");
    // Leftovers of runs that died: reclaimed by the next run.
    // (a root whose lock nobody holds)
    let roots = repo().join("__build__/cache/image-root");
    let dead_root = roots.join(format!("amd64-usr.dead{}", std::process::id()));
    std::fs::create_dir_all(dead_root.join("usr")).unwrap();
    std::fs::write(roots.join(format!("amd64-usr.dead{}.lock", std::process::id())), "").unwrap();
    std::fs::create_dir_all(board_dir.join(".0.0.9.partial/x")).unwrap();
    std::fs::create_dir_all(board_dir.join(".0.0.9.work")).unwrap();

    let mut a = railyard()
        .args(["build_image", "--json", "--board=amd64-usr"])
        .arg(format!("--output_root={}", out.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = a.id();
    let wait_for = |what: &str, cond: &dyn Fn() -> bool, a: &mut std::process::Child| {
        let t = Instant::now();
        while !cond() {
            assert!(a.try_wait().unwrap().is_none(), "build A ended before {what}");
            assert!(t.elapsed() < Duration::from_secs(600), "no {what} after 10 minutes");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let lock = board_dir.join(".build.lock");
    wait_for("the lock", &|| std::fs::read_to_string(&lock).is_ok_and(|s| s.trim() == pid.to_string()), &mut a);

    // A second run into the same output root fails at once, naming the first.
    let b = railyard()
        .args(["build_image", "--json", "--board=amd64-usr"])
        .arg(format!("--output_root={}", out.display()))
        .output()
        .unwrap();
    assert!(!b.status.success(), "second run: {}", text(&b));
    assert!(text(&b).contains(&format!("another build_image (pid {pid}) is writing into {}", board_dir.display())), "{}", text(&b));
    assert!(!String::from_utf8_lossy(&b.stderr).contains("built "), "{}", text(&b));

    // Ctrl-C while the first one assembles the image: its image root, work and staging
    // directories go, and so do the dead runs' leftovers.
    wait_for("the image's work directory", &|| board_dir.join(".0.1.0.work").is_dir(), &mut a);
    // A's image root: the directory beside the lock file A holds open
    let held: Vec<std::path::PathBuf> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.unwrap().path()).ok())
        .filter(|t| t.starts_with(&roots) && t.extension().is_some_and(|x| x == "lock"))
        .collect();
    assert_eq!(held.len(), 1, "build A holds one image-root lock: {held:?}");
    let image_root = held[0].with_extension("");
    assert!(image_root.is_dir(), "{} is A's image root", image_root.display());
    assert!(!dead_root.exists(), "dead run's image root reclaimed");
    let st = std::process::Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
    assert!(st.success());
    let o = a.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!image_root.exists() && !held[0].exists(), "{} left behind", image_root.display());
    let left: Vec<String> =
        std::fs::read_dir(&board_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, [".build.lock"], "left in {}", board_dir.display());
}
