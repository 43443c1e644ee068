//! railyard-selector: the UEFI boot selector of Railyard images.
//!
//! Installed as the ESP's default boot file (`\EFI\BOOT\BOOTX64.EFI` / `BOOTAA64.EFI`). It
//! reads the GPT of the disk it was started from, chooses the USR slot by the priority /
//! tries / successful attribute bits (Flatcar's gptprio semantics, crate `gptprio`), spends
//! one try and writes the table back (backup first) BEFORE starting anything, then starts the
//! slot's unified kernel image `\EFI\Linux\<label>.efi` (`usr-a.efi` for the partition
//! labelled USR-A). Each kernel image carries its slot's dm-verity root hash and PARTUUID on
//! its command line, so a slot always boots with its own /usr.
//!
//! No GRUB, no configuration: the GPT is the single source of truth. When no slot can boot
//! the selector says so on the console, waits, and returns to the firmware.

#![no_std]
#![no_main]

use core::ffi::c_void;
use core::fmt::Write;

type Handle = *mut c_void;
type Status = usize;
const SUCCESS: Status = 0;
const ERR: Status = 1 << (usize::BITS - 1);
const LOAD_ERROR: Status = ERR | 1;
const NOT_FOUND: Status = ERR | 14;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct Guid(u32, u16, u16, [u8; 8]);

const LOADED_IMAGE: Guid = Guid(0x5b1b31a1, 0x9562, 0x11d2, [0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b]);
const DEVICE_PATH: Guid = Guid(0x09576e91, 0x6d3f, 0x11d2, [0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b]);
const BLOCK_IO: Guid = Guid(0x964e5b21, 0x6459, 0x11d2, [0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b]);
const SIMPLE_FS: Guid = Guid(0x964e5b22, 0x6459, 0x11d2, [0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b]);

#[repr(C)]
pub struct TableHeader {
    signature: u64,
    revision: u32,
    header_size: u32,
    crc32: u32,
    reserved: u32,
}

#[repr(C)]
pub struct TextOutput {
    reset: usize,
    output_string: extern "C" fn(*mut TextOutput, *const u16) -> Status,
}

#[repr(C)]
pub struct SystemTable {
    hdr: TableHeader,
    firmware_vendor: *const u16,
    firmware_revision: u32,
    console_in_handle: Handle,
    con_in: *mut c_void,
    console_out_handle: Handle,
    con_out: *mut TextOutput,
    standard_error_handle: Handle,
    std_err: *mut TextOutput,
    runtime_services: *mut c_void,
    boot_services: *mut BootServices,
}

#[repr(C)]
pub struct BootServices {
    hdr: TableHeader,
    _tpl: [usize; 2],
    _pages: [usize; 3],
    allocate_pool: extern "C" fn(u32, usize, *mut *mut u8) -> Status,
    free_pool: extern "C" fn(*mut u8) -> Status,
    _events: [usize; 6],
    _protocol_interfaces: [usize; 3],
    handle_protocol: extern "C" fn(Handle, *const Guid, *mut *mut c_void) -> Status,
    _reserved: usize,
    _register_protocol_notify: usize,
    _locate_handle: usize,
    locate_device_path: extern "C" fn(*const Guid, *mut *const u8, *mut Handle) -> Status,
    _install_configuration_table: usize,
    load_image: extern "C" fn(u8, Handle, *const u8, *const u8, usize, *mut Handle) -> Status,
    start_image: extern "C" fn(Handle, *mut usize, *mut *mut u16) -> Status,
    _exit: usize,
    _unload_image: usize,
    _exit_boot_services: usize,
    _get_next_monotonic_count: usize,
    stall: extern "C" fn(usize) -> Status,
}

#[repr(C)]
pub struct LoadedImage {
    revision: u32,
    parent_handle: Handle,
    system_table: *mut SystemTable,
    device_handle: Handle,
    file_path: *const u8,
}

#[repr(C)]
pub struct BlockIoMedia {
    media_id: u32,
    removable_media: u8,
    media_present: u8,
    logical_partition: u8,
    read_only: u8,
    write_caching: u8,
    block_size: u32,
    io_align: u32,
    last_block: u64,
}

#[repr(C)]
pub struct BlockIo {
    revision: u64,
    media: *const BlockIoMedia,
    reset: usize,
    read_blocks: extern "C" fn(*mut BlockIo, u32, u64, usize, *mut u8) -> Status,
    write_blocks: extern "C" fn(*mut BlockIo, u32, u64, usize, *const u8) -> Status,
    flush_blocks: extern "C" fn(*mut BlockIo) -> Status,
}

#[repr(C)]
pub struct SimpleFs {
    revision: u64,
    open_volume: extern "C" fn(*mut SimpleFs, *mut *mut File) -> Status,
}

#[repr(C)]
pub struct File {
    revision: u64,
    open: extern "C" fn(*mut File, *mut *mut File, *const u16, u64, u64) -> Status,
    close: extern "C" fn(*mut File) -> Status,
    _delete: usize,
    read: extern "C" fn(*mut File, *mut usize, *mut u8) -> Status,
    _write: usize,
    get_position: extern "C" fn(*mut File, *mut u64) -> Status,
    set_position: extern "C" fn(*mut File, u64) -> Status,
}

/// The firmware, as far as the selector needs it.
struct Efi {
    image: Handle,
    st: *mut SystemTable,
}

/// Console output (UTF-16, `\n` as `\r\n`).
struct Console(*mut TextOutput);

impl Write for Console {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let mut buf = [0u16; 130];
        let mut n = 0;
        for c in s.chars() {
            if c == '\n' {
                buf[n] = b'\r' as u16;
                n += 1;
            }
            let mut two = [0u16; 2];
            for u in c.encode_utf16(&mut two) {
                buf[n] = *u;
                n += 1;
            }
            if n >= 126 {
                buf[n] = 0;
                // SAFETY: con_out is the firmware's text output protocol; buf is NUL-terminated.
                unsafe { ((*self.0).output_string)(self.0, buf.as_ptr()) };
                n = 0;
            }
        }
        buf[n] = 0;
        // SAFETY: as above.
        unsafe { ((*self.0).output_string)(self.0, buf.as_ptr()) };
        Ok(())
    }
}

impl Efi {
    fn bs(&self) -> &BootServices {
        // SAFETY: the system table and its boot services stay valid until ExitBootServices,
        // which only the started kernel calls.
        unsafe { &*(*self.st).boot_services }
    }
    fn console(&self) -> Console {
        // SAFETY: as above.
        Console(unsafe { (*self.st).con_out })
    }
    fn protocol<T>(&self, h: Handle, g: &Guid) -> Result<*mut T, Status> {
        let mut p: *mut c_void = core::ptr::null_mut();
        let s = (self.bs().handle_protocol)(h, g, &mut p);
        if s != SUCCESS || p.is_null() {
            return Err(if s == SUCCESS { NOT_FOUND } else { s });
        }
        Ok(p as *mut T)
    }
    /// Pool memory, 8-byte aligned (LoaderData).
    fn alloc(&self, size: usize) -> Result<&'static mut [u8], Status> {
        let mut p: *mut u8 = core::ptr::null_mut();
        let s = (self.bs().allocate_pool)(2, size, &mut p);
        if s != SUCCESS || p.is_null() {
            return Err(s);
        }
        // SAFETY: the firmware gave `size` bytes at p; they are never freed while in use.
        let b = unsafe { core::slice::from_raw_parts_mut(p, size) };
        b.fill(0);
        Ok(b)
    }
    fn stall_seconds(&self, s: usize) {
        for _ in 0..s {
            (self.bs().stall)(1_000_000);
        }
    }
}

/// The disk under the ESP, through the Block I/O protocol; a bounce buffer keeps the
/// firmware's alignment demand.
struct BlockDisk {
    bio: *mut BlockIo,
    bounce: &'static mut [u8],
    align: usize,
}

impl BlockDisk {
    fn media(&self) -> &BlockIoMedia {
        // SAFETY: the media structure belongs to the protocol instance, valid while it is.
        unsafe { &*(*self.bio).media }
    }
    fn window(&mut self, len: usize) -> Result<*mut u8, gptprio::Error> {
        let base = self.bounce.as_mut_ptr() as usize;
        let start = (base + self.align - 1) / self.align * self.align - base;
        if start + len > self.bounce.len() {
            return Err(gptprio::Error::BufferTooSmall);
        }
        Ok(self.bounce[start..start + len].as_mut_ptr())
    }
}

impl gptprio::Disk for BlockDisk {
    fn block_size(&self) -> usize {
        self.media().block_size as usize
    }
    fn blocks(&self) -> u64 {
        self.media().last_block + 1
    }
    fn read(&mut self, lba: u64, buf: &mut [u8]) -> Result<(), gptprio::Error> {
        let id = self.media().media_id;
        let w = self.window(buf.len())?;
        // SAFETY: w points at buf.len() bytes of the bounce buffer.
        let s = unsafe { ((*self.bio).read_blocks)(self.bio, id, lba, buf.len(), w) };
        if s != SUCCESS {
            return Err(gptprio::Error::Io);
        }
        // SAFETY: as above; the firmware wrote buf.len() bytes there.
        buf.copy_from_slice(unsafe { core::slice::from_raw_parts(w, buf.len()) });
        Ok(())
    }
    fn write(&mut self, lba: u64, buf: &[u8]) -> Result<(), gptprio::Error> {
        let id = self.media().media_id;
        let w = self.window(buf.len())?;
        // SAFETY: w points at buf.len() bytes of the bounce buffer.
        unsafe { core::slice::from_raw_parts_mut(w, buf.len()) }.copy_from_slice(buf);
        // SAFETY: as above.
        let s = unsafe { ((*self.bio).write_blocks)(self.bio, id, lba, buf.len(), w) };
        if s != SUCCESS {
            return Err(gptprio::Error::Io);
        }
        Ok(())
    }
    fn flush(&mut self) -> Result<(), gptprio::Error> {
        // SAFETY: the protocol instance is valid.
        let s = unsafe { ((*self.bio).flush_blocks)(self.bio) };
        if s != SUCCESS {
            return Err(gptprio::Error::Io);
        }
        Ok(())
    }
}

/// Length of a device path in bytes, End node included.
fn device_path_len(dp: *const u8) -> usize {
    let mut n = 0;
    loop {
        // SAFETY: a device path is a chain of nodes, each with its length at bytes 2-3,
        // ended by an End-Entire node (type 0x7f, subtype 0xff).
        let (t, st, len) = unsafe { (*dp.add(n), *dp.add(n + 1), u16::from_le_bytes([*dp.add(n + 2), *dp.add(n + 3)]) as usize) };
        if t == 0x7f && st == 0xff {
            return n + 4;
        }
        if len < 4 || n > 4096 {
            return n;
        }
        n += len;
    }
}

const END_NODE: [u8; 4] = [0x7f, 0xff, 4, 0];

/// `dp` without its last Media/HardDrive node onward, End-terminated: the whole disk.
fn disk_path(dp: &[u8], out: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    let mut cut = None;
    while n + 4 <= dp.len() {
        let (t, st, len) = (dp[n], dp[n + 1], u16::from_le_bytes([dp[n + 2], dp[n + 3]]) as usize);
        if t == 0x7f || len < 4 {
            break;
        }
        if t == 4 && st == 1 {
            cut = Some(n);
        }
        n += len;
    }
    let cut = cut?;
    if cut + 4 > out.len() {
        return None;
    }
    out[..cut].copy_from_slice(&dp[..cut]);
    out[cut..cut + 4].copy_from_slice(&END_NODE);
    Some(cut + 4)
}

/// Lower-case ASCII of a GPT partition name (UTF-16LE, bytes 56..128 of the entry).
fn label(entry_name: &[u8], out: &mut [u8; 36]) -> usize {
    let mut n = 0;
    for c in entry_name.chunks_exact(2) {
        let u = u16::from_le_bytes([c[0], c[1]]);
        if u == 0 || n == out.len() {
            break;
        }
        let b = if u < 0x80 { (u as u8).to_ascii_lowercase() } else { b'_' };
        out[n] = if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' { b } else { b'_' };
        n += 1;
    }
    n
}

fn run(efi: &Efi, out: &mut Console) -> Result<Status, Status> {
    let li: *mut LoadedImage = efi.protocol(efi.image, &LOADED_IMAGE)?;
    // SAFETY: the loaded-image protocol of our own image.
    let esp = unsafe { (*li).device_handle };
    let esp_dp: *mut u8 = efi.protocol(esp, &DEVICE_PATH)?;
    let esp_dp_len = device_path_len(esp_dp);
    // SAFETY: esp_dp_len bytes make up the device path.
    let esp_dp = unsafe { core::slice::from_raw_parts(esp_dp as *const u8, esp_dp_len) };
    let mut disk_dp = [0u8; 512];
    let n = disk_path(esp_dp, &mut disk_dp).ok_or_else(|| {
        let _ = writeln!(out, "railyard-selector: started from a device that is not a partition of a disk");
        LOAD_ERROR
    })?;
    let mut p = disk_dp[..n].as_ptr();
    let mut disk: Handle = core::ptr::null_mut();
    let s = (efi.bs().locate_device_path)(&BLOCK_IO, &mut p, &mut disk);
    if s != SUCCESS {
        let _ = writeln!(out, "railyard-selector: the disk holding the ESP has no Block I/O (status {s:#x})");
        return Err(s);
    }
    let bio: *mut BlockIo = efi.protocol(disk, &BLOCK_IO)?;
    // SAFETY: a valid protocol instance.
    let align = unsafe { (*(*bio).media).io_align }.max(1) as usize;
    let mut d = BlockDisk { bio, bounce: efi.alloc(gptprio::MAX_ENTRIES_BYTES + 2 * 4096 + align)?, align };
    let entries = efi.alloc(gptprio::MAX_ENTRIES_BYTES + 4096)?;
    // slots whose kernel image could not be started in this boot (missing, unreadable, refused
    // by Secure Boot): their try is spent and the next qualifying slot is taken
    let mut skip = [usize::MAX; 8];
    let mut skipped = 0;
    loop {
        let mut name = [0u8; 36];
        let mut name_len = 0;
        let chosen = gptprio::update(&mut d, entries, |e, size| {
            let r = gptprio::next_skipping(e, size, &gptprio::USR_TYPES, &skip[..skipped])?;
            name_len = label(&e[r.0 * size + 56..r.0 * size + 128], &mut name);
            Ok(r)
        });
        let (index, a) = match chosen {
            Ok(c) => c,
            Err(e) => {
                let _ = writeln!(out, "railyard-selector: {e}");
                if e == gptprio::Error::NoBootableSlot {
                    let _ = writeln!(out, "railyard-selector: repair: mark a slot good with `cgpt add -i 3 -S1 DISK` from a rescue system");
                }
                return Err(LOAD_ERROR);
            }
        };
        let label = core::str::from_utf8(&name[..name_len]).unwrap_or("?");
        // one line under 80 columns, from column 0 (the firmware's console wraps at 80)
        let _ = write!(
            out,
            "\nrailyard-selector: {} (partition {}) priority {}, tries {}, {}\n",
            label,
            index + 1,
            a.priority,
            a.tries,
            if a.successful { "successful" } else { "on trial" }
        );
        match start_slot(efi, out, esp, esp_dp, label) {
            Ok(s) => return Ok(s),
            Err(s) if skipped < skip.len() => {
                let _ = writeln!(out, "railyard-selector: skipping {label} (status {s:#x}); trying the next slot");
                skip[skipped] = index;
                skipped += 1;
            }
            Err(s) => return Err(s),
        }
    }
}

/// Reads `\EFI\Linux\<label>.efi` from the ESP and starts it.
fn start_slot(efi: &Efi, out: &mut Console, esp: Handle, esp_dp: &[u8], label: &str) -> Result<Status, Status> {
    let esp_dp_len = esp_dp.len();
    // \EFI\Linux\<label>.efi on the ESP
    let mut path16 = [0u16; 64];
    let mut k = 0;
    for c in "\\EFI\\Linux\\".bytes().chain(label.bytes()).chain(".efi".bytes()) {
        path16[k] = c as u16;
        k += 1;
    }
    let path16 = &path16[..=k];
    let fs: *mut SimpleFs = efi.protocol(esp, &SIMPLE_FS)?;
    let mut root: *mut File = core::ptr::null_mut();
    // SAFETY: valid protocol instances and out-pointers; every file opened is closed.
    let data = unsafe {
        let s = ((*fs).open_volume)(fs, &mut root);
        if s != SUCCESS {
            return Err(s);
        }
        let mut f: *mut File = core::ptr::null_mut();
        let s = ((*root).open)(root, &mut f, path16.as_ptr(), 1, 0);
        ((*root).close)(root);
        if s != SUCCESS {
            let _ = writeln!(out, "railyard-selector: no kernel image \\EFI\\Linux\\{label}.efi on the ESP (status {s:#x})");
            return Err(s);
        }
        let mut size = 0u64;
        ((*f).set_position)(f, u64::MAX);
        ((*f).get_position)(f, &mut size);
        ((*f).set_position)(f, 0);
        let buf = efi.alloc(size as usize)?;
        let mut got = 0usize;
        while got < buf.len() {
            let mut n = buf.len() - got;
            let s = ((*f).read)(f, &mut n, buf[got..].as_mut_ptr());
            if s != SUCCESS || n == 0 {
                break;
            }
            got += n;
        }
        ((*f).close)(f);
        if got != buf.len() {
            let _ = writeln!(out, "railyard-selector: reading \\EFI\\Linux\\{label}.efi failed");
            return Err(LOAD_ERROR);
        }
        buf
    };
    // the image's device path: the ESP's, then a file-path node
    let fp = efi.alloc(esp_dp_len + 4 + 2 * path16.len() + 4)?;
    let base = esp_dp_len - 4;
    fp[..base].copy_from_slice(&esp_dp[..base]);
    let node_len = 4 + 2 * path16.len();
    fp[base..base + 4].copy_from_slice(&[4, 4, (node_len & 0xff) as u8, (node_len >> 8) as u8]);
    for (i, u) in path16.iter().enumerate() {
        fp[base + 4 + 2 * i..base + 6 + 2 * i].copy_from_slice(&u.to_le_bytes());
    }
    fp[base + node_len..base + node_len + 4].copy_from_slice(&END_NODE);
    let mut child: Handle = core::ptr::null_mut();
    let s = (efi.bs().load_image)(0, efi.image, fp.as_ptr(), data.as_ptr(), data.len(), &mut child);
    if s != SUCCESS {
        // EFI_ACCESS_DENIED / EFI_SECURITY_VIOLATION: Secure Boot's verdict on the image
        if s == ERR | 15 || s == ERR | 26 {
            let _ = writeln!(out, "railyard-selector: Secure Boot refused \\EFI\\Linux\\{label}.efi ({s:#x}):");
            let _ = writeln!(out, "railyard-selector: not signed by a key in db, or changed after signing");
        } else {
            let _ = writeln!(out, "railyard-selector: the firmware refused \\EFI\\Linux\\{label}.efi (status {s:#x})");
        }
        return Err(s);
    }
    let s = (efi.bs().start_image)(child, core::ptr::null_mut(), core::ptr::null_mut());
    let _ = writeln!(out, "railyard-selector: \\EFI\\Linux\\{label}.efi returned (status {s:#x})");
    Ok(s)
}

/// The firmware's entry point.
#[no_mangle]
pub extern "C" fn efi_main(image: Handle, st: *mut SystemTable) -> Status {
    let efi = Efi { image, st };
    let mut out = efi.console();
    match run(&efi, &mut out) {
        Ok(s) => s,
        Err(s) => {
            let _ = writeln!(out, "railyard-selector: cannot boot; back to the firmware in 30 s");
            efi.stall_seconds(30);
            s
        }
    }
}

/// The stack probe AArch64 UEFI code calls for frames over 4 KiB (the Windows ABI; x15 holds
/// the size / 16 and must be kept). UEFI commits the whole stack up front, so there is
/// nothing to probe: an empty function that returns is a correct probe.
#[cfg(target_arch = "aarch64")]
#[no_mangle]
pub extern "C" fn __chkstk() {}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
