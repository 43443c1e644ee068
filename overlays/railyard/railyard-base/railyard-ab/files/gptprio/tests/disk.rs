//! The slot choice on a real GPT in a file, written by sgdisk, with Debian's cgpt as the
//! outside check of the attribute bits and `sgdisk -v` of the CRCs and the backup table.

use gptprio::{boot_next, update, Attrs, Disk, Error, USR_TYPES};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

struct FileDisk {
    f: File,
    blocks: u64,
    /// Writes allowed before every further write fails (a power cut), if set.
    writes_left: Option<usize>,
}

impl FileDisk {
    fn open(p: &Path) -> FileDisk {
        let f = OpenOptions::new().read(true).write(true).open(p).unwrap();
        let blocks = f.metadata().unwrap().len() / 512;
        FileDisk {
            f,
            blocks,
            writes_left: None,
        }
    }
}

impl Disk for FileDisk {
    fn block_size(&self) -> usize {
        512
    }
    fn blocks(&self) -> u64 {
        self.blocks
    }
    fn read(&mut self, lba: u64, buf: &mut [u8]) -> Result<(), Error> {
        self.f
            .seek(SeekFrom::Start(lba * 512))
            .map_err(|_| Error::Io)?;
        self.f.read_exact(buf).map_err(|_| Error::Io)
    }
    fn write(&mut self, lba: u64, buf: &[u8]) -> Result<(), Error> {
        if let Some(n) = &mut self.writes_left {
            if *n == 0 {
                return Err(Error::Io);
            }
            *n -= 1;
        }
        self.f
            .seek(SeekFrom::Start(lba * 512))
            .map_err(|_| Error::Io)?;
        self.f.write_all(buf).map_err(|_| Error::Io)
    }
    fn flush(&mut self) -> Result<(), Error> {
        self.f.sync_data().map_err(|_| Error::Io)
    }
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (run ./setup_host --tests): {e}"));
    assert!(
        o.status.success(),
        "{cmd} {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A 64 MiB disk with Flatcar's numbering: ESP p1, USR-A p3, USR-B p4, ROOT p9.
fn disk(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gptprio-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("disk.img");
    File::create(&p).unwrap().set_len(64 << 20).unwrap();
    let usr = "5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6";
    run(
        "sgdisk",
        &[
            "-n",
            "1:2048:+8M",
            "-t",
            "1:ef00",
            "-c",
            "1:EFI-SYSTEM",
            "-n",
            "3:0:+8M",
            "-t",
            &format!("3:{usr}"),
            "-c",
            "3:USR-A",
            "-n",
            "4:0:+8M",
            "-t",
            &format!("4:{usr}"),
            "-c",
            "4:USR-B",
            "-n",
            "9:0:+8M",
            "-t",
            "9:8300",
            "-c",
            "9:ROOT",
            p.to_str().unwrap(),
        ],
    );
    p
}

fn cgpt_set(p: &Path, part: u32, a: Attrs) {
    run(
        "cgpt",
        &[
            "add",
            "-i",
            &part.to_string(),
            "-P",
            &a.priority.to_string(),
            "-T",
            &a.tries.to_string(),
            "-S",
            &(a.successful as u8).to_string(),
            p.to_str().unwrap(),
        ],
    );
}

/// (priority, tries, successful) of a partition, as cgpt reads them.
fn cgpt_get(p: &Path, part: u32) -> (u8, u8, bool) {
    let f = |flag: &str| {
        run(
            "cgpt",
            &["show", "-i", &part.to_string(), flag, p.to_str().unwrap()],
        )
        .trim()
        .parse::<u8>()
        .unwrap()
    };
    (f("-P"), f("-T"), f("-S") == 1)
}

/// `sgdisk -v`, standard output and error together.
fn sgdisk_verify(p: &Path) -> String {
    let o = Command::new("sgdisk").arg("-v").arg(p).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sgdisk_ok(p: &Path) {
    let v = sgdisk_verify(p);
    assert!(
        v.contains("No problems found")
            && !v.contains("ERROR")
            && !v.contains("corrupt")
            && !v.contains("CRC"),
        "sgdisk -v: {v}"
    );
}

fn at(priority: u8, tries: u8, successful: bool) -> Attrs {
    Attrs {
        priority,
        tries,
        successful,
    }
}

#[test]
fn boot_step_on_a_real_table_reads_and_writes_what_cgpt_does() {
    let p = disk("rows");
    let mut buf = vec![0u8; 16 * 1024];
    // the image as built: A good; B empty
    cgpt_set(&p, 3, at(1, 0, true));
    cgpt_set(&p, 4, at(0, 0, false));
    let before = std::fs::read(&p).unwrap();
    assert_eq!(
        boot_next(&mut FileDisk::open(&p), &mut buf),
        Ok((2, at(1, 0, true)))
    );
    assert_eq!(
        std::fs::read(&p).unwrap(),
        before,
        "no try spent: the disk is not written"
    );

    // an update installed into B: one try, above A
    cgpt_set(&p, 4, at(2, 1, false));
    assert_eq!(
        boot_next(&mut FileDisk::open(&p), &mut buf),
        Ok((3, at(2, 0, false)))
    );
    assert_eq!(
        cgpt_get(&p, 4),
        (2, 0, false),
        "the try is spent on the disk"
    );
    assert_eq!(cgpt_get(&p, 3), (1, 0, true), "USR-A untouched");
    sgdisk_ok(&p);

    // B never reached its good point: the next boot is A again, by itself
    assert_eq!(
        boot_next(&mut FileDisk::open(&p), &mut buf),
        Ok((2, at(1, 0, true)))
    );
    assert_eq!(cgpt_get(&p, 4), (2, 0, false));

    // B good (what mark-good writes): B from now on
    update(&mut FileDisk::open(&p), &mut buf, |e, size| {
        gptprio::set(e, size, &USR_TYPES, 3, at(2, 0, true))
    })
    .unwrap();
    assert_eq!(cgpt_get(&p, 4), (2, 0, true));
    sgdisk_ok(&p);
    assert_eq!(
        boot_next(&mut FileDisk::open(&p), &mut buf),
        Ok((3, at(2, 0, true)))
    );

    // neither can boot: a clear error, nothing written
    cgpt_set(&p, 3, at(1, 0, false));
    cgpt_set(&p, 4, at(2, 0, false));
    let before = std::fs::read(&p).unwrap();
    let e = boot_next(&mut FileDisk::open(&p), &mut buf).unwrap_err();
    assert_eq!(e, Error::NoBootableSlot);
    assert!(e.to_string().contains("no USR slot can boot"), "{e}");
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

fn smash(p: &Path, offset: u64) {
    let mut f = OpenOptions::new().write(true).open(p).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(b"garbage!").unwrap();
}

#[test]
fn a_damaged_copy_is_rebuilt_from_the_other() {
    let mut buf = vec![0u8; 16 * 1024];
    let len = 64u64 << 20;
    for (case, offset) in [
        ("primary-header", 512 + 16),
        ("primary-entries", 1024 + 2 * 128 + 60),
        ("backup-header", len - 512 + 16),
        ("backup-entries", len - 512 - 32 * 512 + 3 * 128 + 60),
    ] {
        let p = disk(case);
        cgpt_set(&p, 3, at(1, 0, true));
        cgpt_set(&p, 4, at(2, 1, false));
        smash(&p, offset);
        let v = sgdisk_verify(&p);
        assert!(
            v.contains("ERROR") || v.contains("CRC"),
            "{case}: the damage shows: {v}"
        );
        assert_eq!(
            boot_next(&mut FileDisk::open(&p), &mut buf),
            Ok((3, at(2, 0, false))),
            "{case}"
        );
        sgdisk_ok(&p);
        assert_eq!(cgpt_get(&p, 4), (2, 0, false), "{case}");
        assert_eq!(cgpt_get(&p, 3), (1, 0, true), "{case}");
    }
}

#[test]
fn a_power_cut_between_the_copies_leaves_a_valid_table() {
    let mut buf = vec![0u8; 16 * 1024];
    // writes: backup entries, backup header, primary entries, primary header
    for cut_after in 0..4 {
        let p = disk(&format!("cut{cut_after}"));
        cgpt_set(&p, 3, at(1, 0, true));
        cgpt_set(&p, 4, at(2, 1, false));
        let mut d = FileDisk::open(&p);
        d.writes_left = Some(cut_after);
        assert_eq!(boot_next(&mut d, &mut buf), Err(Error::Io));
        // the next boot reads a valid table (old or new) and chooses consistently with it
        let got = boot_next(&mut FileDisk::open(&p), &mut buf).unwrap();
        assert!(
            got == (3, at(2, 0, false)) || got == (2, at(1, 0, true)),
            "cut after {cut_after}: {got:?}"
        );
        sgdisk_ok(&p);
    }
}
