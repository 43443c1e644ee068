//! The tests, named like kola's where kola has one. Each is a small function over an ssh
//! session (or over the console, for a boot that must fail); `TESTS` is the registry.

use crate::machine::{Machine, Run};
use anyhow::{bail, ensure, Context, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Which machine a test runs on. Tests of one machine share its boot (run in registry
/// order; `destructive` ones last, after the journal is saved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MachineKind {
    /// Provisioned with everything the ignition tests check; ROOT grows into a 20 GiB disk.
    Main,
    /// A second machine from the same image (core's key and one file), its config written
    /// into its OEM-CONFIG partition: host keys, machine-id, the OEM-CONFIG source.
    Peer,
    /// Its Ignition config is invalid: the first boot must stop with Ignition's error.
    Broken,
    /// Installs the `--update_payload` update A/B and reboots (QEMU keeps running across
    /// guest reboots); its tests run in registry order, each from the state the previous
    /// one left.
    Update,
}

/// How a test gets its evidence.
pub enum Kind {
    /// Over ssh on a running machine.
    Ssh(fn(&mut Session) -> Result<()>),
    /// Over ssh, after every other test of the machine and after its journal is saved (it
    /// may bring the machine down).
    Destructive(fn(&mut Session) -> Result<()>),
    /// From the console of a boot that must fail, and QEMU's exit (None: still running at
    /// the timeout).
    BootFails(fn(&str, Option<i32>) -> Result<()>),
    /// From what two machines reported.
    Pair(MachineKind, MachineKind, fn(&Facts, &Facts) -> Result<()>),
}

/// One test.
pub struct TestDef {
    /// kola-style name.
    pub name: &'static str,
    /// The machine it needs (for a pair test: the first of the two).
    pub machine: MachineKind,
    /// What it does.
    pub kind: Kind,
}

/// What a machine reported once it was up.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facts {
    /// Its ssh host keys (the known_hosts lines ssh recorded).
    pub host_keys: Vec<String>,
    /// /etc/machine-id.
    pub machine_id: String,
    /// Seconds from QEMU's start to the first ssh login.
    pub boot_to_ssh_seconds: f64,
}

/// An ssh session on a machine under test.
pub struct Session<'a> {
    /// The machine.
    pub m: &'a mut Machine,
    /// core's (and root's) private key.
    pub key: PathBuf,
    /// alice's private key.
    pub alice_key: PathBuf,
    /// The OS ID the image must report.
    pub os_id: String,
    /// What was run and what it printed.
    pub transcript: String,
    /// Longest wait for an ssh login after a reboot.
    pub boot_timeout: Duration,
    /// The update the `cl.update.*` tests install (only on the update machine).
    pub update: Option<UpdateTarget>,
    /// The system extensions placed in /etc/extensions (main: as built; peer: tampered).
    pub sysexts: Vec<crate::sysext::Ext>,
    /// The container image placed at [`CONTAINER_ARCHIVE`] on the main machine.
    pub container: Option<crate::container::Archive>,
}

/// Where the main machine's Ignition config puts the test container image.
pub const CONTAINER_ARCHIVE: &str = "/var/lib/railyard-test/busybox.oci.tar";

/// Where the update machine finds its update.
#[derive(Debug, Clone)]
pub struct UpdateTarget {
    /// The manifest's URL as the guest sees it.
    pub good_url: String,
    /// The same manifest, its payload served with one byte of the usr blob changed.
    pub bad_url: String,
    /// The update's version.
    pub version: String,
    /// PARTUUIDs of USR-A and USR-B (from the manifest's slots).
    pub usr_a: String,
    /// See `usr_a`.
    pub usr_b: String,
}

impl Session<'_> {
    /// Runs `cmd` as `user` (alice logs in with her own key).
    pub fn run(&mut self, user: &str, cmd: &str) -> Result<Run> {
        let key = if user == "alice" { self.alice_key.clone() } else { self.key.clone() };
        self.m.ssh(user, &key, cmd, Duration::from_secs(300), &mut self.transcript)
    }
    /// Runs `cmd` as `user`; it must succeed; its trimmed output.
    pub fn ok(&mut self, user: &str, cmd: &str) -> Result<String> {
        let r = self.run(user, cmd)?;
        if r.status != 0 {
            bail!("`{cmd}` as {user} failed (exit {}): {}{}", r.status, r.stdout.trim(), r.stderr.trim());
        }
        Ok(r.stdout.trim().to_string())
    }

    /// Reboots the machine (`systemctl reboot` as root) and waits until root logs in to a
    /// new boot (another boot id); the console's length before the reboot (where this
    /// boot's console starts).
    pub fn reboot(&mut self) -> Result<usize> {
        let before = self.ok("root", "cat /proc/sys/kernel/random/boot_id")?;
        let mark = self.m.console_text().len();
        let _ = self.m.ssh("root", &self.key.clone(), "systemctl reboot", Duration::from_secs(30), &mut self.transcript);
        let end = Instant::now() + self.boot_timeout;
        loop {
            if let Some(code) = self.m.exited() {
                bail!("QEMU ended (status {code}) during the reboot");
            }
            if Instant::now() > end {
                bail!("no ssh login within {} s of the reboot", self.boot_timeout.as_secs());
            }
            std::thread::sleep(Duration::from_secs(3));
            let r = self.m.ssh("root", &self.key.clone(), "cat /proc/sys/kernel/random/boot_id", Duration::from_secs(20), &mut self.transcript)?;
            let id = r.stdout.trim();
            if r.status == 0 && !id.is_empty() && id != before {
                return Ok(mark);
            }
        }
    }
}

/// The registry.
pub const TESTS: &[TestDef] = &[
    TestDef { name: "cl.basic", machine: MachineKind::Main, kind: Kind::Ssh(basic) },
    TestDef { name: "cl.ignition.users", machine: MachineKind::Main, kind: Kind::Ssh(ignition_users) },
    TestDef { name: "cl.ignition.files", machine: MachineKind::Main, kind: Kind::Ssh(ignition_files) },
    TestDef { name: "cl.ignition.units", machine: MachineKind::Main, kind: Kind::Ssh(ignition_units) },
    TestDef { name: "cl.ignition.once", machine: MachineKind::Main, kind: Kind::Ssh(ignition_once) },
    TestDef { name: "cl.ignition.oem", machine: MachineKind::Peer, kind: Kind::Ssh(ignition_oem) },
    TestDef { name: "cl.ignition.broken", machine: MachineKind::Broken, kind: Kind::BootFails(ignition_broken) },
    TestDef { name: "cl.network.dhcp", machine: MachineKind::Main, kind: Kind::Ssh(network_dhcp) },
    TestDef { name: "cl.network.dns", machine: MachineKind::Main, kind: Kind::Ssh(network_dns) },
    TestDef { name: "cl.network.timesync", machine: MachineKind::Main, kind: Kind::Ssh(network_timesync) },
    TestDef { name: "cl.root.grow", machine: MachineKind::Main, kind: Kind::Ssh(root_grow) },
    TestDef { name: "cl.ssh.hostkeys", machine: MachineKind::Main, kind: Kind::Pair(MachineKind::Main, MachineKind::Peer, ssh_hostkeys) },
    TestDef { name: "cl.verity", machine: MachineKind::Main, kind: Kind::Destructive(verity) },
    TestDef { name: "cl.sysext.merge", machine: MachineKind::Main, kind: Kind::Ssh(sysext_merge) },
    TestDef { name: "cl.sysext.containerd", machine: MachineKind::Main, kind: Kind::Ssh(sysext_containerd) },
    TestDef { name: "cl.sysext.tampered", machine: MachineKind::Peer, kind: Kind::Ssh(sysext_tampered) },
    TestDef { name: "cl.update.badverity", machine: MachineKind::Update, kind: Kind::Ssh(update_badverity) },
    TestDef { name: "cl.update.rollback", machine: MachineKind::Update, kind: Kind::Ssh(update_rollback) },
    TestDef { name: "cl.update.payload", machine: MachineKind::Update, kind: Kind::Ssh(update_payload) },
];

/// The Ignition config of a machine kind. `core` is core's (and root's) public key,
/// `alice` alice's; `extra` (run_local_tests --config-append) is merged in by Ignition.
pub fn config(kind: MachineKind, core: &str, alice: &str, extra: Option<&serde_json::Value>) -> serde_json::Value {
    use serde_json::json;
    let mut c = match kind {
        MachineKind::Main => json!({
            "ignition": {"version": "3.3.0"},
            "passwd": {"users": [
                {"name": "core", "sshAuthorizedKeys": [core]},
                {"name": "root", "sshAuthorizedKeys": [core]},
                {"name": "alice", "groups": ["core"], "sshAuthorizedKeys": [alice]}
            ]},
            "storage": {
                "files": [{"path": "/etc/railyard-test/hello.txt", "mode": 420,
                           "contents": {"source": "data:,hello%20from%20ignition%0A"}}],
                "directories": [{"path": "/var/lib/railyard-test", "mode": 488}],
                "links": [{"path": "/etc/railyard-test/hello.link", "target": "/etc/railyard-test/hello.txt"}]
            },
            "systemd": {"units": [{
                "name": "railyard-test-hello.service", "enabled": true,
                "contents": "[Unit]\nDescription=A unit from the Ignition config\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c 'echo ran > /run/railyard-test-hello'\n[Install]\nWantedBy=multi-user.target\n"
            }]}
        }),
        MachineKind::Update => json!({
            "ignition": {"version": "3.3.0"},
            "passwd": {"users": [
                {"name": "core", "sshAuthorizedKeys": [core]},
                {"name": "root", "sshAuthorizedKeys": [core]}
            ]}
        }),
        MachineKind::Peer => json!({
            "ignition": {"version": "3.3.0"},
            "passwd": {"users": [
                {"name": "core", "sshAuthorizedKeys": [core]},
                {"name": "root", "sshAuthorizedKeys": [core]}
            ]},
            "storage": {"files": [{"path": "/etc/railyard-test/oem.txt", "mode": 420,
                                   "contents": {"source": "data:,from%20OEM-CONFIG%0A"}}]}
        }),
        // valid JSON, invalid config: Ignition's validation refuses it before touching ROOT
        MachineKind::Broken => json!({
            "ignition": {"version": "3.3.0"},
            "storage": {"files": [{"path": "etc/not-absolute", "contents": {"source": "data:,x"}}]}
        }),
    };
    if let (Some(extra), MachineKind::Main | MachineKind::Peer) = (extra, kind) {
        use base64::Engine as _;
        let data = format!("data:;base64,{}", base64::engine::general_purpose::STANDARD.encode(serde_json::to_string(extra).unwrap_or_default()));
        c["ignition"]["config"] = json!({"merge": [{"source": data}]});
    }
    c
}

fn basic(s: &mut Session) -> Result<()> {
    let r = s.run("root", "systemctl is-system-running --wait")?;
    let state = r.stdout.trim().to_string();
    if state != "running" {
        let failed = s.ok("root", "systemctl --failed --plain --no-legend --no-pager | awk '{print $1}'").unwrap_or_default();
        let units: Vec<&str> = failed.split_whitespace().collect();
        if units.is_empty() {
            bail!("the system is {state:?}, not running (no failed units listed; ssh said {:?})", r.stderr.trim());
        }
        let mut why = String::new();
        for u in &units {
            let st = s.ok("root", &format!("systemctl status --no-pager --lines=5 {u} 2>&1 | tail -n 8")).unwrap_or_default();
            why.push_str(&format!("\n--- {u}\n{st}"));
        }
        bail!("the system is {state:?}: failed units: {}{why}", units.join(", "));
    }
    let usr = s.ok("root", "awk '$2 == \"/usr\" {print $1, $4}' /proc/mounts")?;
    let mut it = usr.split_whitespace();
    let (src, opts) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
    ensure!(src == "/dev/mapper/usr", "/usr is mounted from {src:?}, not /dev/mapper/usr ({usr:?})");
    ensure!(opts.split(',').any(|o| o == "ro"), "/usr is not mounted read-only: {opts}");
    let st = s.ok("root", "dmsetup status usr")?;
    ensure!(st.split_whitespace().nth(3) == Some("V"), "dm-verity status of usr is not V (verified): {st:?}");
    let id = s.ok("core", ". /etc/os-release && echo \"$ID\"")?;
    ensure!(id == s.os_id, "os-release ID is {id:?}, expected {:?}", s.os_id);
    Ok(())
}

fn ignition_users(s: &mut Session) -> Result<()> {
    let core = s.ok("core", "id -un; id -u")?;
    ensure!(core == "core\n500", "core is {core:?}, expected core with uid 500");
    let a = s.ok("alice", "id -un; id -Gn; stat -c '%U %a' \"$HOME/.ssh/authorized_keys\"")?;
    let lines: Vec<&str> = a.lines().collect();
    ensure!(lines.first() == Some(&"alice"), "logging in as alice gave {a:?}");
    ensure!(lines.get(1).is_some_and(|g| g.split_whitespace().any(|g| g == "core")), "alice is not in the group core: {a:?}");
    ensure!(lines.get(2) == Some(&"alice 600"), "alice's authorized_keys is not hers with mode 600: {a:?}");
    Ok(())
}

fn ignition_files(s: &mut Session) -> Result<()> {
    let t = s.ok("core", "cat /etc/railyard-test/hello.link; readlink /etc/railyard-test/hello.link; stat -c '%a %U' /var/lib/railyard-test")?;
    ensure!(t == "hello from ignition\n/etc/railyard-test/hello.txt\n750 root", "files, links or directories from the config are not as written: {t:?}");
    Ok(())
}

fn ignition_units(s: &mut Session) -> Result<()> {
    let t = s.ok("root", "systemctl is-enabled railyard-test-hello.service; cat /run/railyard-test-hello")?;
    ensure!(t == "enabled\nran", "the unit from the config is not enabled and run: {t:?}");
    Ok(())
}

fn ignition_once(s: &mut Session) -> Result<()> {
    // Ignition's own record, the stage logs, and the first-boot flag gone from the ESP
    s.ok("root", "test -s /etc/.ignition-result.json && test -s /var/log/ignition/files.log")
        .context("no /etc/.ignition-result.json or /var/log/ignition/files.log")?;
    let t = s.ok(
        "root",
        "d=$(blkid -o device -t LABEL=EFI-SYSTEM | head -n 1); mkdir -p /run/railyard-test-esp && mount -t vfat -o ro \"$d\" /run/railyard-test-esp && { if [ -e /run/railyard-test-esp/railyard/first_boot ]; then echo present; else echo gone; fi; umount /run/railyard-test-esp; }",
    )?;
    ensure!(t == "gone", "the first-boot flag is still on the EFI system partition after provisioning: {t:?}");
    Ok(())
}

fn ignition_oem(s: &mut Session) -> Result<()> {
    let c = s.m.console_text();
    ensure!(c.contains("Ignition config from OEM-CONFIG"), "the initramfs did not take the config from OEM-CONFIG (no such line on the console)");
    let t = s.ok("core", "cat /etc/railyard-test/oem.txt")?;
    ensure!(t == "from OEM-CONFIG", "the file from the OEM-CONFIG config is not there: {t:?}");
    Ok(())
}

fn ignition_broken(console: &str, exit: Option<i32>) -> Result<()> {
    ensure!(exit.is_some(), "the machine did not stop after the failed provisioning (QEMU still running at the timeout)");
    ensure!(!console.contains("RAILYARD-BOOT-OK"), "the machine booted although its Ignition config is invalid");
    ensure!(console.contains("RAILYARD-IGNITION-FAIL"), "no RAILYARD-IGNITION-FAIL on the console");
    let critical = console.lines().find(|l| l.contains("CRITICAL")).map(str::trim).unwrap_or("");
    ensure!(critical.contains("path not absolute"), "Ignition's own error (CRITICAL ... path not absolute) is not on the console; its CRITICAL line: {critical:?}");
    Ok(())
}

fn network_dhcp(s: &mut Session) -> Result<()> {
    let a = s.ok("root", "ip -4 -o addr show scope global")?;
    ensure!(a.contains("10.0.2.15/"), "no DHCP address from QEMU's network (10.0.2.15): {a:?}");
    let l = s.ok("root", "cat /run/systemd/netif/leases/*")?;
    ensure!(l.contains("ADDRESS=10.0.2.15"), "systemd-networkd holds no DHCP lease for 10.0.2.15: {l:?}");
    Ok(())
}

fn network_dns(s: &mut Session) -> Result<()> {
    let t = s.ok("core", "readlink /etc/resolv.conf; grep '^nameserver' /etc/resolv.conf; grep '^nameserver' /run/systemd/resolve/resolv.conf")?;
    ensure!(t.contains("stub-resolv.conf") && t.contains("nameserver 127.0.0.53"), "/etc/resolv.conf does not point at systemd-resolved's stub: {t:?}");
    ensure!(t.contains("nameserver 10.0.2.3"), "systemd-resolved did not learn the DHCP DNS server 10.0.2.3: {t:?}");
    // a name looked up by a program through glibc -> 127.0.0.53: the stub answers `_gateway`
    // with the DHCP router (wget then finds nothing listening on port 9)
    let r = s.run("core", "wget -q -T 5 -O /dev/null http://_gateway:9/")?;
    let out = format!("{}{}", r.stdout, r.stderr);
    ensure!(out.contains("10.0.2.2"), "the name _gateway did not resolve to the router 10.0.2.2 through the stub resolver: {out:?}");
    Ok(())
}

fn network_timesync(s: &mut Session) -> Result<()> {
    // QEMU's user network has no NTP server: the client must run and be trying
    let t = s.ok("root", "systemctl is-active systemd-timesyncd.service; systemctl show -p StatusText --value systemd-timesyncd.service")?;
    ensure!(t.starts_with("active"), "systemd-timesyncd is not running: {t:?}");
    Ok(())
}

fn root_grow(s: &mut Session) -> Result<()> {
    let t = s.ok(
        "root",
        "p=$(blkid -o device -t PARTLABEL=ROOT | head -n 1); n=${p##*/}; d=$(basename \"$(readlink -f /sys/class/block/$n/..)\"); echo $(cat /sys/class/block/$d/size) $(cat /sys/class/block/$n/start) $(cat /sys/class/block/$n/size) $(df -k / | awk 'NR==2{print $2}')",
    )?;
    let v: Vec<u64> = t.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    ensure!(v.len() == 4, "could not read the disk and ROOT sizes: {t:?}");
    let (disk, start, size, fs_kib) = (v[0], v[1], v[2], v[3]);
    let gib = |sectors: u64| sectors as f64 * 512.0 / f64::from(1u32 << 30);
    // the backup GPT takes the last 33 sectors; partitions end on a 1 MiB boundary at most
    ensure!(start + size + 33 + 2048 >= disk, "ROOT ends at sector {} of {disk}: not grown to the end of the disk ({:.2} of {:.2} GiB)", start + size, gib(size), gib(disk));
    ensure!(fs_kib * 2 >= size * 9 / 10, "the ROOT file system ({:.2} GiB) was not grown to its partition ({:.2} GiB)", fs_kib as f64 / f64::from(1u32 << 20), gib(size));
    Ok(())
}

fn ssh_hostkeys(a: &Facts, b: &Facts) -> Result<()> {
    ensure!(!a.host_keys.is_empty() && !b.host_keys.is_empty(), "a machine reported no ssh host key");
    let key = |l: &String| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" ");
    for x in &a.host_keys {
        ensure!(!b.host_keys.iter().any(|y| key(x) == key(y)), "two machines from one image share the ssh host key {}", key(x));
    }
    ensure!(a.machine_id.len() == 32 && b.machine_id.len() == 32, "machine-ids are not set: {:?} {:?}", a.machine_id, b.machine_id);
    ensure!(a.machine_id != b.machine_id, "two machines from one image have the same machine-id {}", a.machine_id);
    Ok(())
}

fn verity(s: &mut Session) -> Result<()> {
    let r = s.run("root", "touch /usr/.railyard-write-test")?;
    ensure!(r.status != 0 && r.stderr.contains("Read-only file system"), "a write to /usr did not fail as read-only: exit {} {:?}", r.status, r.stderr);
    // flip one byte of a data block of the partition under the running /usr, drop the
    // caches and read that block through dm-verity
    let flip = "set -e; mm=$(dmsetup table usr | awk '{print $5}'); dev=/dev/$(awk -F= '$1 == \"DEVNAME\" {print $2}' /sys/dev/block/$mm/uevent); off=$((4096 * 300)); \
        b=$(dd if=$dev bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' '); \
        printf \"$(printf '\\\\%03o' $((255 - b)))\" | dd of=$dev bs=1 seek=$off count=1 conv=notrunc 2>/dev/null; \
        sync; echo 3 > /proc/sys/vm/drop_caches; echo flipped $dev; dd if=/dev/mapper/usr of=/dev/null bs=4096 skip=300 count=1";
    // (a short wait: with --panic-on-corruption the kernel stops at once, and on a machine
    // that may reboot the session then hangs instead of dropping)
    let mark = s.m.console_text().len();
    let key = s.key.clone();
    let r = s.m.ssh("root", &key, flip, Duration::from_secs(45), &mut s.transcript)?;
    if r.stdout.contains("flipped") && r.status != 0 && r.stderr.contains("Input/output error") {
        return Ok(());
    }
    for _ in 0..60 {
        let c = s.m.console_text();
        let since = String::from_utf8_lossy(&c.as_bytes()[mark.min(c.len())..]).into_owned();
        if since.contains("verity") && since.contains("corrupted") {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    ensure!(r.stdout.contains("flipped"), "could not change a block under /usr: {} {}", r.stdout, r.stderr);
    bail!("reading a changed /usr block did not fail (exit {}, {:?}) and the console shows no dm-verity corruption", r.status, r.stderr.trim())
}

fn target(s: &Session) -> Result<UpdateTarget> {
    s.update.clone().context("no update to install: give run_local_tests --update_payload=DIR (a newer build signed with a key this image trusts)")
}

/// The running slot's PARTUUID (the kernel command line's verity.usr=) and os-release's
/// VERSION_ID.
fn running(s: &mut Session) -> Result<(String, String)> {
    let t = s.ok("core", "tr ' ' '\\n' < /proc/cmdline | sed -n 's/^verity.usr=PARTUUID=//p'; . /etc/os-release; echo \"$VERSION_ID\"")?;
    let mut l = t.lines();
    Ok((l.next().unwrap_or("").trim().to_ascii_lowercase(), l.next().unwrap_or("").trim().to_string()))
}

/// Requires the machine on `partuuid` (`what` names the slot in the message).
fn on_slot(s: &mut Session, partuuid: &str, what: &str, when: &str) -> Result<String> {
    let (run, version) = running(s)?;
    if run != partuuid.to_ascii_lowercase() {
        let status = s.ok("root", "railyard-update status").unwrap_or_default();
        bail!("{when} the machine runs /usr from PARTUUID {run:?} ({version}), not {what} ({partuuid}); railyard-update status:\n{status}");
    }
    Ok(version)
}

fn apply(s: &mut Session, url: &str, version: &str) -> Result<()> {
    let out = s.ok("root", &format!("railyard-update apply {url}")).context("railyard-update apply")?;
    ensure!(out.contains(&format!("installed {version} into USR-B")), "railyard-update apply did not install {version} into USR-B: {out}");
    Ok(())
}

/// sha256 of USR-B's first MiB.
const USR_B_HEAD: &str = "dd if=$(blkid -o device -t PARTLABEL=USR-B | head -n 1) bs=1M count=1 2>/dev/null | sha256sum";

/// A payload whose usr blob does not match its signed hashes (one byte changed in transit,
/// the signed manifest as it was) is refused before anything is written: USR-B's first MiB
/// is unchanged and nothing is set to boot.
fn update_badverity(s: &mut Session) -> Result<()> {
    let u = target(s)?;
    on_slot(s, &u.usr_a, "USR-A", "before the update")?;
    let before = s.ok("root", USR_B_HEAD)?;
    let r = s.run("root", &format!("railyard-update apply {}", u.bad_url))?;
    let out = format!("{}{}", r.stdout, r.stderr);
    ensure!(r.status != 0, "a payload with a changed byte was accepted: {out}");
    ensure!(out.contains("REFUSED") && out.contains("sha256"), "the changed payload was not refused for its hash: {out}");
    ensure!(s.ok("root", USR_B_HEAD)? == before, "USR-B was written although the payload was refused");
    let st = s.ok("root", "railyard-update status")?;
    ensure!(!st.contains("boots next"), "a refused payload is set to boot next:\n{st}");
    Ok(())
}

/// Automatic roll-back: an update installed and then changed under its verity tree (one byte
/// of USR-B's erofs superblock) fails its boot — the selector tries USR-B, dm-verity stops
/// that boot with a panic, the machine resets itself — and comes back on USR-A with no input;
/// `railyard-update status` reports the failed update.
fn update_rollback(s: &mut Session) -> Result<()> {
    let u = target(s)?;
    let v1 = on_slot(s, &u.usr_a, "USR-A", "before the update")?;
    apply(s, &u.good_url, &u.version)?;
    s.ok("root", "set -e; d=$(blkid -o device -t PARTLABEL=USR-B | head -n 1); b=$(dd if=$d bs=1 skip=1088 count=1 2>/dev/null | od -An -tu1 | tr -d ' '); printf \"$(printf '\\\\%03o' $((b ^ 90)))\" | dd of=$d bs=1 seek=1088 count=1 conv=notrunc,fsync 2>/dev/null")?;
    let mark = s.reboot()?;
    let back = on_slot(s, &u.usr_a, "USR-A", "after USR-B's /usr failed verity")?;
    ensure!(back == v1, "USR-A runs {back}, not {v1}");
    let c = s.m.console_text();
    let after = c.get(mark..).unwrap_or("");
    ensure!(after.contains("usr-b (partition 4)") && after.contains("on trial"), "the selector did not try USR-B after the reboot (no 'usr-b (partition 4) … on trial' on the console since)");
    ensure!(after.contains("Kernel panic") || after.contains("corrupted"), "USR-B's boot did not stop on dm-verity (no corruption or panic on the console since the reboot)");
    let st = s.ok("root", "railyard-update status")?;
    ensure!(st.contains("in USR-B: FAILED") && st.contains("rolled back to USR-A"), "railyard-update status does not report the rolled-back update:\n{st}");
    Ok(())
}

/// The update installed from the server: after the reboot the machine runs it from USR-B with
/// its /usr verified, the agent marks it good at the good point, and a check finds it up to
/// date.
fn update_payload(s: &mut Session) -> Result<()> {
    let u = target(s)?;
    let v1 = on_slot(s, &u.usr_a, "USR-A", "before the update")?;
    ensure!(v1 != u.version, "the update's version {} is the running one: give a newer build", u.version);
    apply(s, &u.good_url, &u.version)?;
    let st = s.ok("root", "railyard-update status")?;
    ensure!(st.contains(&format!("update {} in USR-B: installed, boots next", u.version)), "the installed update is not set to boot next:\n{st}");
    s.reboot()?;
    let v = on_slot(s, &u.usr_b, "USR-B", "after the update's reboot")?;
    ensure!(v == u.version, "USR-B runs {v}, not the update's {}", u.version);
    let st = s.ok("root", "dmsetup status usr")?;
    ensure!(st.split_whitespace().nth(3) == Some("V"), "dm-verity status of the updated /usr is not V: {st:?}");
    // the good point: 45 s after boot
    let end = Instant::now() + Duration::from_secs(240);
    let good = loop {
        let st = s.ok("root", "railyard-update status")?;
        if st.contains("good (running, marked successful)") {
            break st;
        }
        if Instant::now() > end {
            bail!("the update was not marked good within 240 s:\n{st}");
        }
        std::thread::sleep(Duration::from_secs(5));
    };
    let line = good.lines().find(|l| l.contains("USR-B:")).unwrap_or("");
    ensure!(line.contains("tries 0, successful 1 (running)"), "USR-B's GPT attributes are not tries 0, successful 1 while it runs:\n{good}");
    let c = s.ok("root", &format!("railyard-update check {}", u.good_url))?;
    ensure!(c.contains(&format!("up to date ({})", u.version)), "railyard-update check after the update: {c}");
    Ok(())
}

fn sysexts(s: &Session) -> Result<Vec<crate::sysext::Ext>> {
    ensure!(!s.sysexts.is_empty(), "no system extension to test: give run_local_tests --sysext=NAME.raw");
    Ok(s.sysexts.clone())
}

/// The extensions from /etc/extensions are merged over /usr at boot (systemd-sysext.service),
/// each through dm-verity with its root hash; the base /usr stays verified underneath.
fn sysext_merge(s: &mut Session) -> Result<()> {
    let exts = sysexts(s)?;
    let active = s.ok("root", "systemctl is-active systemd-sysext.service; journalctl -b -u systemd-sysext.service --no-pager -o cat | tail -n 5")?;
    ensure!(active.starts_with("active"), "systemd-sysext.service is not active: {active}");
    let status = s.ok("root", "systemd-sysext status")?;
    let mounts = s.ok("root", "grep ' /usr ' /proc/mounts")?;
    ensure!(mounts.lines().any(|l| l.starts_with("sysext /usr overlay")), "/usr is not the merged overlay: {mounts}");
    let table = s.ok("root", "dmsetup table")?;
    for e in &exts {
        ensure!(status.split_whitespace().any(|w| w.split(',').any(|x| x == e.name)), "systemd-sysext status does not list {}:\n{status}", e.name);
        s.ok("core", &format!("test -f /usr/lib/extension-release.d/extension-release.{}", e.name))
            .with_context(|| format!("{}'s extension-release is not in the merged /usr", e.name))?;
        ensure!(
            table.lines().any(|l| l.starts_with(&format!("{}-verity:", e.root_hash)) && l.contains(" verity ")),
            "no dm-verity device with {}'s root hash {}:\n{table}",
            e.name,
            e.root_hash
        );
    }
    let st = s.ok("root", "dmsetup status usr")?;
    ensure!(st.split_whitespace().nth(3) == Some("V"), "the base /usr is not verified under the extensions: {st:?}");
    Ok(())
}

/// A copy of each extension with one byte of its file system changed is not merged: its
/// extension-release is not in /usr, systemd-sysext lists it nowhere, the base /usr is
/// untouched and verified.
fn sysext_tampered(s: &mut Session) -> Result<()> {
    let exts = sysexts(s)?;
    s.ok("root", "ls /etc/extensions").context("the tampered extensions were not placed")?;
    let status = s.ok("root", "systemd-sysext status")?;
    let journal = s.ok("root", "journalctl -b -u systemd-sysext.service --no-pager -o cat | tail -n 20; dmesg | grep -i -E 'verity|erofs' | tail -n 5")?;
    for e in &exts {
        ensure!(!status.split_whitespace().any(|w| w.split(',').any(|x| x == e.name)), "the tampered {} was merged:\n{status}\n{journal}", e.name);
        let r = s.run("core", &format!("test -e /usr/lib/extension-release.d/extension-release.{}", e.name))?;
        ensure!(r.status != 0, "the tampered {}'s extension-release is in /usr\n{journal}", e.name);
    }
    let mounts = s.ok("root", "grep ' /usr ' /proc/mounts")?;
    ensure!(!mounts.contains("overlay"), "/usr is an overlay although every extension was refused: {mounts}");
    let st = s.ok("root", "dmsetup status usr")?;
    ensure!(st.split_whitespace().nth(3) == Some("V"), "the base /usr is not verified: {st:?}");
    ensure!(journal.to_ascii_lowercase().contains("verity") || journal.contains("Failed") || journal.contains("failed"), "nothing in systemd-sysext's journal says why the extension was refused:\n{journal}");
    Ok(())
}

/// containerd from its extension: the unit the extension enables is running, `ctr` imports
/// the SDK-built busybox image and runs it (a marker printed from inside the container,
/// whose root is the image's), and after a reboot the same container runs again.
fn sysext_containerd(s: &mut Session) -> Result<()> {
    let c = s.container.clone().context("no container image was made for this run")?;
    let image = format!("{}:{}", crate::container::BASE_NAME, crate::container::TAG);
    let ctr_run = |s: &mut Session, name: &str| -> Result<()> {
        let marker = format!("RAILYARD-CONTAINER-{name}");
        // /etc/os-release is the base image's on the host; the busybox image has none
        let out = s.ok("root", &format!("ctr -n railyard run --rm {image} {name} /bin/busybox sh -c 'echo {marker}; test ! -e /etc/os-release && echo no-host-os-release; echo pid $$'"))?;
        ensure!(out.lines().any(|l| l.trim() == marker), "the container did not print {marker}: {out:?}");
        ensure!(out.contains("no-host-os-release"), "the container sees the host's /etc/os-release (not the image's root): {out:?}");
        ensure!(out.lines().any(|l| l.trim() == "pid 1"), "the container's shell is not PID 1 of its own PID namespace: {out:?}");
        Ok(())
    };
    let wait_active = |s: &mut Session, when: &str| -> Result<()> {
        let end = Instant::now() + Duration::from_secs(120);
        loop {
            let r = s.run("root", "systemctl is-active containerd.service")?;
            if r.stdout.trim() == "active" {
                return Ok(());
            }
            if Instant::now() > end {
                let j = s.run("root", "systemctl status containerd.service --no-pager -l | tail -n 15; journalctl -b -u railyard-sysext-reload.service -u containerd.service --no-pager -o cat | tail -n 15")?;
                bail!("containerd.service is not active {when} ({}):\n{}{}", r.stdout.trim(), j.stdout, j.stderr);
            }
            std::thread::sleep(Duration::from_secs(3));
        }
    };
    let status = s.ok("root", "systemd-sysext status")?;
    ensure!(status.split_whitespace().any(|w| w.split(',').any(|x| x == "containerd")), "systemd-sysext status does not list containerd:\n{status}");
    let bins = s.ok("core", "for p in containerd ctr runc containerd-shim-runc-v2; do command -v $p; done")?;
    ensure!(bins.lines().all(|l| l.starts_with("/usr/")) && bins.lines().count() == 4, "containerd's programs are not all on /usr: {bins:?}");
    wait_active(s, "after the first boot")?;
    let v = s.ok("root", "ctr version")?;
    ensure!(v.contains("Server:"), "ctr does not reach the daemon: {v}");
    let imp = s.ok("root", &format!("ctr -n railyard image import --base-name {} {CONTAINER_ARCHIVE}", crate::container::BASE_NAME))?;
    let ls = s.ok("root", "ctr -n railyard image ls")?;
    ensure!(ls.lines().any(|l| l.starts_with(&image) && l.contains(&c.digest)), "the imported image is not listed as {image} with digest {}:\n{imp}\n{ls}", c.digest);
    ctr_run(s, "first")?;
    s.reboot()?;
    let status = s.ok("root", "systemd-sysext status")?;
    ensure!(status.split_whitespace().any(|w| w.split(',').any(|x| x == "containerd")), "containerd is not merged after the reboot:\n{status}");
    wait_active(s, "after the reboot")?;
    ctr_run(s, "after-reboot")?;
    Ok(())
}
