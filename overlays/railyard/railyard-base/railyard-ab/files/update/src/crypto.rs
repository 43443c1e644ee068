//! SHA-256 and Ed25519 verification from the OS's own libcrypto (OpenSSL 3, package
//! sys-libs/openssl-bin), loaded at run time: the agent links no crypto code of its own and
//! needs no OpenSSL headers or link-time library to build.

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::sync::Mutex;

extern "C" {
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}
const RTLD_NOW: c_int = 2;
/// `EVP_PKEY_ED25519` (NID_ED25519).
const EVP_PKEY_ED25519: c_int = 1087;

type Ptr = *mut c_void;

struct Lib {
    md_ctx_new: unsafe extern "C" fn() -> Ptr,
    md_ctx_free: unsafe extern "C" fn(Ptr),
    sha256: unsafe extern "C" fn() -> Ptr,
    digest_init_ex: unsafe extern "C" fn(Ptr, Ptr, Ptr) -> c_int,
    digest_update: unsafe extern "C" fn(Ptr, *const c_void, usize) -> c_int,
    digest_final_ex: unsafe extern "C" fn(Ptr, *mut u8, *mut c_uint) -> c_int,
    new_raw_public_key: unsafe extern "C" fn(c_int, Ptr, *const u8, usize) -> Ptr,
    pkey_free: unsafe extern "C" fn(Ptr),
    digest_verify_init: unsafe extern "C" fn(Ptr, *mut Ptr, Ptr, Ptr, Ptr) -> c_int,
    digest_verify: unsafe extern "C" fn(Ptr, *const u8, usize, *const u8, usize) -> c_int,
}

// SAFETY: the table holds only function pointers into a library that stays loaded.
unsafe impl Send for Lib {}
unsafe impl Sync for Lib {}

// (a Mutex, not OnceLock: the toolchain that builds the agent for the image is Rust 1.63)
static LIB: Mutex<Option<Result<&'static Lib, String>>> = Mutex::new(None);

fn last_dl_error() -> String {
    // SAFETY: dlerror returns NULL or a NUL-terminated string owned by libc.
    unsafe {
        let e = dlerror();
        if e.is_null() {
            "unknown error".into()
        } else {
            CStr::from_ptr(e).to_string_lossy().into_owned()
        }
    }
}

fn load() -> Result<Lib, String> {
    let name = CString::new("libcrypto.so.3").expect("no NUL");
    // SAFETY: a plain dlopen of a system library by name.
    let h = unsafe { dlopen(name.as_ptr(), RTLD_NOW) };
    if h.is_null() {
        return Err(format!("cannot load libcrypto.so.3 (OpenSSL 3): {}", last_dl_error()));
    }
    macro_rules! sym {
        ($name:literal) => {{
            let n = CString::new($name).expect("no NUL");
            // SAFETY: looking a symbol up in the handle opened above.
            let p = unsafe { dlsym(h, n.as_ptr()) };
            if p.is_null() {
                return Err(format!("libcrypto.so.3 lacks {}", $name));
            }
            // SAFETY: the symbol is the OpenSSL 3 function of this name, whose C signature
            // the field's type spells out.
            unsafe { std::mem::transmute::<*mut c_void, _>(p) }
        }};
    }
    Ok(Lib {
        md_ctx_new: sym!("EVP_MD_CTX_new"),
        md_ctx_free: sym!("EVP_MD_CTX_free"),
        sha256: sym!("EVP_sha256"),
        digest_init_ex: sym!("EVP_DigestInit_ex"),
        digest_update: sym!("EVP_DigestUpdate"),
        digest_final_ex: sym!("EVP_DigestFinal_ex"),
        new_raw_public_key: sym!("EVP_PKEY_new_raw_public_key"),
        pkey_free: sym!("EVP_PKEY_free"),
        digest_verify_init: sym!("EVP_DigestVerifyInit"),
        digest_verify: sym!("EVP_DigestVerify"),
    })
}

fn lib() -> Result<&'static Lib, String> {
    let mut g = LIB.lock().unwrap_or_else(|e| e.into_inner());
    g.get_or_insert_with(|| load().map(|l| &*Box::leak(Box::new(l)))).clone()
}

/// A running SHA-256.
pub struct Sha256 {
    ctx: Ptr,
    lib: &'static Lib,
}

impl Sha256 {
    pub fn new() -> Result<Sha256, String> {
        let lib = lib()?;
        // SAFETY: OpenSSL calls with a context allocated here and freed in Drop.
        unsafe {
            let ctx = (lib.md_ctx_new)();
            if ctx.is_null() {
                return Err("EVP_MD_CTX_new failed".into());
            }
            if (lib.digest_init_ex)(ctx, (lib.sha256)(), std::ptr::null_mut()) != 1 {
                (lib.md_ctx_free)(ctx);
                return Err("EVP_DigestInit_ex(sha256) failed".into());
            }
            Ok(Sha256 { ctx, lib })
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        // SAFETY: `data` is a valid slice; the context is initialised.
        let r = unsafe { (self.lib.digest_update)(self.ctx, data.as_ptr().cast(), data.len()) };
        assert_eq!(r, 1, "EVP_DigestUpdate failed");
    }

    /// Lower-case hex of the digest.
    pub fn finish_hex(self) -> String {
        hex(&self.finish())
    }

    pub fn finish(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        let mut n: c_uint = 0;
        // SAFETY: out has room for a SHA-256 digest.
        let r = unsafe { (self.lib.digest_final_ex)(self.ctx, out.as_mut_ptr(), &mut n) };
        assert!(r == 1 && n == 32, "EVP_DigestFinal_ex failed");
        out
    }
}

impl Drop for Sha256 {
    fn drop(&mut self) {
        // SAFETY: the context was allocated by EVP_MD_CTX_new and is freed once.
        unsafe { (self.lib.md_ctx_free)(self.ctx) }
    }
}

pub fn sha256(data: &[u8]) -> Result<[u8; 32], String> {
    let mut h = Sha256::new()?;
    h.update(data);
    Ok(h.finish())
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

/// Is `sig` a valid Ed25519 signature of `msg` by the 32-byte public key `key`?
pub fn ed25519_verify(key: &[u8; 32], msg: &[u8], sig: &[u8]) -> Result<bool, String> {
    if sig.len() != 64 {
        return Ok(false);
    }
    let lib = lib()?;
    // SAFETY: OpenSSL calls on objects allocated and freed here; slices are valid.
    unsafe {
        let pkey = (lib.new_raw_public_key)(EVP_PKEY_ED25519, std::ptr::null_mut(), key.as_ptr(), key.len());
        if pkey.is_null() {
            return Ok(false);
        }
        let ctx = (lib.md_ctx_new)();
        if ctx.is_null() {
            (lib.pkey_free)(pkey);
            return Err("EVP_MD_CTX_new failed".into());
        }
        let ok = (lib.digest_verify_init)(ctx, std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut(), pkey) == 1
            && (lib.digest_verify)(ctx, sig.as_ptr(), sig.len(), msg.as_ptr(), msg.len()) == 1;
        (lib.md_ctx_free)(ctx);
        (lib.pkey_free)(pkey);
        Ok(ok)
    }
}

/// Standard or URL-safe base64, padding optional; None on any other byte.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let s = s.trim_end_matches('=');
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(hex(&sha256(b"abc").unwrap()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn ed25519_rfc8032_test_1() {
        // RFC 8032 section 7.1, TEST 1 (empty message)
        let key: [u8; 32] = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a").unwrap().try_into().unwrap();
        let sig = unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b").unwrap();
        assert!(ed25519_verify(&key, b"", &sig).unwrap());
        let mut bad = sig.clone();
        bad[10] ^= 1;
        assert!(!ed25519_verify(&key, b"", &bad).unwrap());
        assert!(!ed25519_verify(&key, b"x", &sig).unwrap());
    }

    #[test]
    fn base64_both_alphabets() {
        assert_eq!(base64_decode("aGVsbG8/Pz4+").unwrap(), b"hello??>>");
        assert_eq!(base64_decode("aGVsbG8_Pz4-").unwrap(), b"hello??>>");
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert!(base64_decode("a!").is_none());
    }
}
