//! Shared helpers for the integration tests: a seeded sparse test image and
//! checked invocations of stock tools (which must be installed: the tests
//! fail, never skip, without them).
#![allow(dead_code)]

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const MIB: u64 = 1024 * 1024;
/// 37 MiB + 5 sectors: not a multiple of 1 MiB nor of the 64 KiB grain,
/// and spanning two 32 MiB VMDK grain tables.
pub const IMAGE_SIZE: u64 = 37 * MIB + 5 * 512;
pub const EPOCH: u64 = 1_700_000_000;
pub const SEED: &str = "railyard-test/1.0";
pub const OVF_TEMPLATE: &str = include_str!("../fixtures/default.ovf.j2");

/// xorshift64* stream: "random" but fixed data.
pub fn seeded_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out.extend_from_slice(&x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The (offset, bytes) regions written into the test image.
pub fn image_regions() -> Vec<(u64, Vec<u8>)> {
    let text: Vec<u8> = b"Railyard builds reproducible disk images. "
        .iter()
        .copied()
        .cycle()
        .take(MIB as usize)
        .collect();
    vec![
        (0, seeded_bytes(1, 256 * 1024)),        // partition table area
        (3 * MIB, text),                         // compressible
        (10 * MIB, vec![0u8; 512 * 1024]),       // allocated but zero
        (20 * MIB + 700, seeded_bytes(2, 1000)), // unaligned, small
        (31 * MIB + MIB / 2, seeded_bytes(3, MIB as usize)), // crosses GT boundary
        (IMAGE_SIZE - 1536, seeded_bytes(4, 1536)), // partial last grain
    ]
}

/// Creates a sparse raw image at `dir/name` (or a fully allocated one when
/// `dense`, to exercise zero detection instead of hole seeking).
pub fn make_image(dir: &Path, name: &str, dense: bool) -> PathBuf {
    let path = dir.join(name);
    let f = File::create(&path).expect("create image");
    if dense {
        let mut all = vec![0u8; IMAGE_SIZE as usize];
        for (off, data) in image_regions() {
            all[off as usize..off as usize + data.len()].copy_from_slice(&data);
        }
        f.write_all_at(&all, 0).expect("write dense image");
    } else {
        f.set_len(IMAGE_SIZE).expect("size image");
        for (off, data) in image_regions() {
            f.write_all_at(&data, off).expect("write image region");
        }
    }
    path
}

/// Absolute path of a required stock tool, or a failing test with advice.
pub fn require_tool(tool: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("required tool `{tool}` not found in PATH; install the Debian package `{package}` (apt-get install {package})")
        })
}

/// Runs a tool and returns its output (any exit status).
pub fn run(tool: &str, package: &str, args: &[&str]) -> Output {
    let exe = require_tool(tool, package);
    Command::new(&exe)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running {tool} {args:?}: {e}"))
}

/// Runs a tool and asserts success; returns stdout.
pub fn run_ok(tool: &str, package: &str, args: &[&str]) -> String {
    let out = run(tool, package, args);
    assert!(
        out.status.success(),
        "{tool} {args:?} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn qemu_img(args: &[&str]) -> String {
    run_ok("qemu-img", "qemu-utils", args)
}

/// Asserts `qemu-img compare` reports identical content.
pub fn assert_same_content(raw: &Path, raw_fmt: &str, img: &Path, img_fmt: &str) {
    let out = qemu_img(&["compare", "-f", raw_fmt, "-F", img_fmt, s(raw), s(img)]);
    assert!(
        out.contains("Images are identical"),
        "qemu-img compare: {out}"
    );
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Names of the entries in `dir`.
pub fn dir_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Bytes in 64 KiB grains of the test image that hold a non-zero byte.
pub fn expected_populated() -> u64 {
    let mut grains = std::collections::BTreeSet::new();
    for (off, data) in image_regions() {
        for (i, b) in data.iter().enumerate() {
            if *b != 0 {
                grains.insert((off + i as u64) / 65536);
            }
        }
    }
    grains.len() as u64 * 65536
}

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn le64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Independent structural check of a streamOptimized VMDK against the raw
/// image bytes: walks every marker in stream order (grain LBAs strictly
/// increasing, ends with the EOS marker), follows footer → GD → GTs → grain
/// markers, checks each marker's LBA against its table slot and that each
/// inflated grain equals the input. Returns the number of stored grains.
pub fn verify_vmdk_stream(vmdk: &[u8], raw: &[u8]) -> usize {
    use std::io::Read;
    let n = vmdk.len();
    assert_eq!(n % 512, 0, "VMDK length is whole sectors");
    assert_eq!(&vmdk[0..4], b"KDMV");
    assert_eq!(le64(vmdk, 12), raw.len() as u64 / 512, "capacity");
    assert_eq!(le64(vmdk, 64), 128, "overhead");
    // Walk the stream.
    let mut pos = 128 * 512;
    let mut last_lba = None;
    let mut grains_in_stream = 0;
    loop {
        assert!(pos + 512 <= n, "stream runs past the end at {pos}");
        let (val, size, kind) = (le64(vmdk, pos), le32(vmdk, pos + 8), le32(vmdk, pos + 12));
        if size > 0 {
            assert!(
                last_lba.is_none_or(|l| val > l),
                "grain LBAs must increase: {val} after {last_lba:?}"
            );
            assert_eq!(val % 128, 0, "grain LBA is grain aligned");
            last_lba = Some(val);
            grains_in_stream += 1;
            pos += (12 + size as usize).div_ceil(512) * 512;
            continue;
        }
        match kind {
            0 => {
                assert_eq!(pos, n - 512, "EOS marker must be the last sector");
                break;
            }
            1 | 2 => pos += 512 + val as usize * 512,
            3 => {
                assert_eq!(val, 1);
                pos += 1024;
            }
            other => panic!("unknown marker type {other} at {pos}"),
        }
    }
    // Follow the tables.
    let footer = &vmdk[n - 1024..n - 512];
    assert_eq!(le32(vmdk, n - 1536 + 12), 3, "footer marker");
    let gd = le64(footer, 56) as usize;
    assert_eq!(le32(vmdk, gd * 512 - 512 + 12), 2, "GD marker");
    let grains = raw.len().div_ceil(65536);
    let gts = grains.div_ceil(512);
    let mut stored = 0;
    for gt_i in 0..gts {
        let gt = le32(vmdk, gd * 512 + gt_i * 4) as usize;
        if gt == 0 {
            continue;
        }
        assert_eq!(
            le32(vmdk, gt * 512 - 512 + 12),
            1,
            "GT marker before GT {gt_i}"
        );
        assert_eq!(le64(vmdk, gt * 512 - 512), 4, "GT is 4 sectors");
        for j in 0..512 {
            let sector = le32(vmdk, gt * 512 + j * 4) as usize;
            if sector == 0 {
                continue;
            }
            let g = gt_i * 512 + j;
            assert!(g < grains, "GTE beyond capacity");
            let at = sector * 512;
            assert_eq!(
                le64(vmdk, at),
                g as u64 * 128,
                "grain marker LBA of grain {g}"
            );
            let size = le32(vmdk, at + 8) as usize;
            let mut inflated = Vec::new();
            flate2::read::ZlibDecoder::new(&vmdk[at + 12..at + 12 + size])
                .read_to_end(&mut inflated)
                .expect("grain inflates as zlib");
            let mut want = vec![0u8; 65536];
            let from = g * 65536;
            let to = (from + 65536).min(raw.len());
            want[..to - from].copy_from_slice(&raw[from..to]);
            assert!(inflated == want, "grain {g} content differs");
            stored += 1;
        }
    }
    assert_eq!(stored, grains_in_stream, "every streamed grain is in a GT");
    stored
}
