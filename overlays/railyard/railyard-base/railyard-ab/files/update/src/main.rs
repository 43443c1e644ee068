//! railyard-update: the A/B side of a running Railyard machine.
//!
//! `status` shows which USR slot booted and every slot's GPT fields; `mark-good` marks the
//! running slot good (`successful=1, tries=0`, priority kept) once the system reached its
//! good point (run by `railyard-update-mark-good.timer`, 45 s after boot as Flatcar's
//! update_engine waits). The running slot is the partition whose PARTUUID the kernel command
//! line names in `verity.usr=PARTUUID=…` (each slot's kernel image carries its own). The table
//! is written with the same code the boot selector uses (crate `gptprio`): backup copy first.
//! (`check` and `apply` — fetching and installing a signed payload — come next.)

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: railyard-update status | mark-good";

/// A block device through positioned reads and writes.
struct Dev {
    f: File,
    bs: usize,
    blocks: u64,
}

impl gptprio::Disk for Dev {
    fn block_size(&self) -> usize {
        self.bs
    }
    fn blocks(&self) -> u64 {
        self.blocks
    }
    fn read(&mut self, lba: u64, buf: &mut [u8]) -> Result<(), gptprio::Error> {
        self.f.read_exact_at(buf, lba * self.bs as u64).map_err(|_| gptprio::Error::Io)
    }
    fn write(&mut self, lba: u64, buf: &[u8]) -> Result<(), gptprio::Error> {
        self.f.write_all_at(buf, lba * self.bs as u64).map_err(|_| gptprio::Error::Io)
    }
    fn flush(&mut self) -> Result<(), gptprio::Error> {
        self.f.sync_all().map_err(|_| gptprio::Error::Io)
    }
}

fn read_trim(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map(|s| s.trim().to_string()).map_err(|e| format!("reading {}: {e}", p.display()))
}

/// The PARTUUID of the running /usr, from the kernel command line.
fn running_partuuid() -> Result<String, String> {
    let cmdline = read_trim(Path::new("/proc/cmdline"))?;
    cmdline
        .split_whitespace()
        .find_map(|a| a.strip_prefix("verity.usr=PARTUUID=").or_else(|| a.strip_prefix("mount.usr=PARTUUID=")))
        .map(|u| u.to_ascii_lowercase())
        .ok_or_else(|| "the kernel command line names no verity.usr=PARTUUID=: not booted from a USR slot".into())
}

/// The whole disk holding the partition with `partuuid` (/dev/vda for /dev/vda4), and the
/// partition number.
fn disk_of(partuuid: &str) -> Result<(PathBuf, u32), String> {
    let link = Path::new("/dev/disk/by-partuuid").join(partuuid);
    let part = std::fs::canonicalize(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    let name = part.file_name().and_then(|n| n.to_str()).ok_or("bad device name")?.to_string();
    let sys = Path::new("/sys/class/block").join(&name);
    let number: u32 = read_trim(&sys.join("partition"))?.parse().map_err(|_| format!("{}: not a partition", part.display()))?;
    let parent = std::fs::canonicalize(&sys).map_err(|e| format!("{}: {e}", sys.display()))?;
    let disk = parent.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).ok_or("no parent disk")?.to_string();
    Ok((Path::new("/dev").join(disk), number))
}

fn open_disk(disk: &Path, write: bool) -> Result<Dev, String> {
    let f = OpenOptions::new().read(true).write(write).open(disk).map_err(|e| format!("opening {}: {e}", disk.display()))?;
    let name = disk.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let q = Path::new("/sys/class/block").join(name);
    let bs: usize = read_trim(&q.join("queue/logical_block_size"))?.parse().map_err(|_| "bad logical_block_size")?;
    let sectors: u64 = read_trim(&q.join("size"))?.parse().map_err(|_| "bad size")?;
    Ok(Dev { f, bs, blocks: sectors * 512 / bs as u64 })
}

fn label_of(e: &[u8]) -> String {
    let u: Vec<u16> = e[56..128].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&c| c != 0).collect();
    String::from_utf16_lossy(&u)
}

fn partuuid_of(e: &[u8]) -> String {
    let g = &e[16..32];
    format!(
        "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]
    )
}

fn run(cmd: &str) -> Result<(), String> {
    let uuid = running_partuuid()?;
    let (disk, number) = disk_of(&uuid)?;
    let mut buf = vec![0u8; gptprio::MAX_ENTRIES_BYTES + 4096];
    match cmd {
        "status" => {
            let mut d = open_disk(&disk, false)?;
            let mut lines = Vec::new();
            // a read-only pass: `update` writes nothing when nothing changes
            gptprio::update(&mut d, &mut buf, |e, size| {
                for (i, a) in gptprio::slots(e, size, &gptprio::USR_TYPES) {
                    let ent = &e[i * size..(i + 1) * size];
                    lines.push(format!(
                        "{} partition {} {}: priority {}, tries {}, successful {}{}",
                        if i as u32 + 1 == number { "*" } else { " " },
                        i + 1,
                        label_of(ent),
                        a.priority,
                        a.tries,
                        a.successful as u8,
                        if i as u32 + 1 == number { " (running)" } else { "" }
                    ));
                }
                Ok(())
            })
            .map_err(|e| format!("{}: {e}", disk.display()))?;
            println!("disk {} (running /usr: PARTUUID {uuid})", disk.display());
            for l in lines {
                println!("{l}");
            }
            Ok(())
        }
        "mark-good" => {
            let mut d = open_disk(&disk, true)?;
            let (label, before) = gptprio::update(&mut d, &mut buf, |e, size| {
                let i = number as usize - 1;
                let ent = e.get(i * size..(i + 1) * size).ok_or(gptprio::Error::NotASlot)?;
                if partuuid_of(ent) != uuid {
                    return Err(gptprio::Error::NotASlot);
                }
                let label = label_of(ent);
                let a = gptprio::slots(e, size, &gptprio::USR_TYPES).find(|(k, _)| *k == i).map(|(_, a)| a).ok_or(gptprio::Error::NotASlot)?;
                gptprio::set(e, size, &gptprio::USR_TYPES, i, gptprio::Attrs { successful: true, tries: 0, ..a })?;
                Ok((label, a))
            })
            .map_err(|e| format!("{}: partition {number}: {e}", disk.display()))?;
            if before.successful && before.tries == 0 {
                println!("railyard-update: {label} (partition {number}) was already good");
            } else {
                println!("railyard-update: {label} (partition {number}) marked good (priority {})", before.priority);
            }
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match args.as_slice() {
        [c] => c.as_str(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(cmd) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("railyard-update: {e}");
            ExitCode::FAILURE
        }
    }
}
