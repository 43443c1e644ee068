//! HTTPS for the agent: a TLS client over OpenSSL's libssl (sys-libs/openssl-bin), loaded at
//! run time like libcrypto in `crypto`. The server's certificate is verified against the
//! system's trust store (or `CA_FILE=` of update.conf) and the host name; nothing is sent on a
//! connection that failed either check. (What the agent installs is trusted by the manifest's
//! signature, not by TLS; TLS keeps the update server's contents private and unaltered.)

use std::ffi::{CStr, CString};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::sync::Mutex;

extern "C" {
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

type Ptr = *mut c_void;

struct Ssl {
    tls_client_method: unsafe extern "C" fn() -> Ptr,
    ctx_new: unsafe extern "C" fn(Ptr) -> Ptr,
    ctx_free: unsafe extern "C" fn(Ptr),
    ctx_default_paths: unsafe extern "C" fn(Ptr) -> c_int,
    ctx_load_verify: unsafe extern "C" fn(Ptr, *const c_char, *const c_char) -> c_int,
    ctx_set_verify: unsafe extern "C" fn(Ptr, c_int, Ptr),
    new: unsafe extern "C" fn(Ptr) -> Ptr,
    free: unsafe extern "C" fn(Ptr),
    set_fd: unsafe extern "C" fn(Ptr, c_int) -> c_int,
    ctrl: unsafe extern "C" fn(Ptr, c_int, c_long, Ptr) -> c_long,
    set1_host: unsafe extern "C" fn(Ptr, *const c_char) -> c_int,
    connect: unsafe extern "C" fn(Ptr) -> c_int,
    verify_result: unsafe extern "C" fn(Ptr) -> c_long,
    read: unsafe extern "C" fn(Ptr, *mut c_void, c_int) -> c_int,
    write: unsafe extern "C" fn(Ptr, *const c_void, c_int) -> c_int,
    get_error: unsafe extern "C" fn(Ptr, c_int) -> c_int,
    shutdown: unsafe extern "C" fn(Ptr) -> c_int,
    verify_string: unsafe extern "C" fn(c_long) -> *const c_char,
    err_get: unsafe extern "C" fn() -> c_ulong,
    err_string: unsafe extern "C" fn(c_ulong, *mut c_char, usize),
}

// SAFETY: function pointers into libraries that stay loaded.
unsafe impl Send for Ssl {}
unsafe impl Sync for Ssl {}

static SSL: Mutex<Option<Result<&'static Ssl, String>>> = Mutex::new(None);

fn open(name: &str) -> Result<Ptr, String> {
    let n = CString::new(name).expect("no NUL");
    // SAFETY: dlopen of a system library by name.
    let h = unsafe { dlopen(n.as_ptr(), 2) };
    if h.is_null() {
        Err(format!("https needs {name} (OpenSSL 3), which cannot be loaded"))
    } else {
        Ok(h)
    }
}

fn load() -> Result<Ssl, String> {
    let ssl = open("libssl.so.3")?;
    let crypto = open("libcrypto.so.3")?;
    macro_rules! sym {
        ($h:expr, $name:literal) => {{
            let n = CString::new($name).expect("no NUL");
            // SAFETY: a symbol of the handle opened above.
            let p = unsafe { dlsym($h, n.as_ptr()) };
            if p.is_null() {
                return Err(format!("OpenSSL lacks {}", $name));
            }
            // SAFETY: the OpenSSL 3 function of this name has the field's C signature.
            unsafe { std::mem::transmute::<*mut c_void, _>(p) }
        }};
    }
    Ok(Ssl {
        tls_client_method: sym!(ssl, "TLS_client_method"),
        ctx_new: sym!(ssl, "SSL_CTX_new"),
        ctx_free: sym!(ssl, "SSL_CTX_free"),
        ctx_default_paths: sym!(ssl, "SSL_CTX_set_default_verify_paths"),
        ctx_load_verify: sym!(ssl, "SSL_CTX_load_verify_locations"),
        ctx_set_verify: sym!(ssl, "SSL_CTX_set_verify"),
        new: sym!(ssl, "SSL_new"),
        free: sym!(ssl, "SSL_free"),
        set_fd: sym!(ssl, "SSL_set_fd"),
        ctrl: sym!(ssl, "SSL_ctrl"),
        set1_host: sym!(ssl, "SSL_set1_host"),
        connect: sym!(ssl, "SSL_connect"),
        verify_result: sym!(ssl, "SSL_get_verify_result"),
        read: sym!(ssl, "SSL_read"),
        write: sym!(ssl, "SSL_write"),
        get_error: sym!(ssl, "SSL_get_error"),
        shutdown: sym!(ssl, "SSL_shutdown"),
        verify_string: sym!(crypto, "X509_verify_cert_error_string"),
        err_get: sym!(crypto, "ERR_get_error"),
        err_string: sym!(crypto, "ERR_error_string_n"),
    })
}

fn lib() -> Result<&'static Ssl, String> {
    let mut g = SSL.lock().unwrap_or_else(|e| e.into_inner());
    g.get_or_insert_with(|| load().map(|l| &*Box::leak(Box::new(l)))).clone()
}

fn errors(l: &Ssl) -> String {
    let mut v = Vec::new();
    loop {
        // SAFETY: reading OpenSSL's thread-local error queue into a local buffer.
        let e = unsafe { (l.err_get)() };
        if e == 0 || v.len() > 4 {
            break;
        }
        let mut buf = [0 as c_char; 256];
        // SAFETY: buf is 256 bytes; the call NUL-terminates within it.
        unsafe { (l.err_string)(e, buf.as_mut_ptr(), buf.len()) };
        // SAFETY: NUL-terminated above.
        v.push(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned());
    }
    if v.is_empty() {
        "no detail from OpenSSL".into()
    } else {
        v.join("; ")
    }
}

/// A TLS connection over a TCP stream.
pub struct Tls {
    l: &'static Ssl,
    ctx: Ptr,
    ssl: Ptr,
    // keeps the socket open as long as the TLS session uses its descriptor
    _tcp: TcpStream,
}

impl Tls {
    /// Handshakes with `host` on `tcp`, verifying the certificate chain (against `ca_file`
    /// when given, else the system's trust store) and the host name.
    pub fn connect(tcp: TcpStream, host: &str, ca_file: Option<&Path>) -> Result<Tls, String> {
        let l = lib()?;
        let chost = CString::new(host).map_err(|_| "bad host name".to_string())?;
        // SAFETY: OpenSSL calls on objects created here and freed in Drop (or on error).
        unsafe {
            let ctx = (l.ctx_new)((l.tls_client_method)());
            if ctx.is_null() {
                return Err(format!("SSL_CTX_new: {}", errors(l)));
            }
            let mut t = Tls { l, ctx, ssl: std::ptr::null_mut(), _tcp: tcp };
            match ca_file {
                Some(f) => {
                    let cf = CString::new(f.as_os_str().to_string_lossy().as_bytes()).map_err(|_| "bad CA file name".to_string())?;
                    if (l.ctx_load_verify)(ctx, cf.as_ptr(), std::ptr::null()) != 1 {
                        return Err(format!("loading the CA certificates {}: {}", f.display(), errors(l)));
                    }
                }
                None => {
                    (l.ctx_default_paths)(ctx);
                }
            }
            (l.ctx_set_verify)(ctx, 1 /* SSL_VERIFY_PEER */, std::ptr::null_mut());
            t.ssl = (l.new)(ctx);
            if t.ssl.is_null() {
                return Err(format!("SSL_new: {}", errors(l)));
            }
            (l.set_fd)(t.ssl, t._tcp.as_raw_fd());
            // SNI (SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name) and the name check
            (l.ctrl)(t.ssl, 55, 0, chost.as_ptr() as Ptr);
            if (l.set1_host)(t.ssl, chost.as_ptr()) != 1 {
                return Err(format!("{host}: cannot check this host name: {}", errors(l)));
            }
            if (l.connect)(t.ssl) != 1 {
                let v = (l.verify_result)(t.ssl);
                if v != 0 {
                    let why = CStr::from_ptr((l.verify_string)(v)).to_string_lossy().into_owned();
                    return Err(format!("{host}: the server's certificate is not trusted: {why}"));
                }
                return Err(format!("{host}: TLS handshake failed: {}", errors(l)));
            }
            Ok(t)
        }
    }
}

impl Read for Tls {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(1 << 30) as c_int;
        // SAFETY: buf has n bytes of room.
        let r = unsafe { (self.l.read)(self.ssl, buf.as_mut_ptr().cast(), n) };
        if r > 0 {
            return Ok(r as usize);
        }
        // SAFETY: asks about the call just made.
        match unsafe { (self.l.get_error)(self.ssl, r) } {
            6 /* SSL_ERROR_ZERO_RETURN: clean close */ => Ok(0),
            e => Err(std::io::Error::new(std::io::ErrorKind::Other, format!("TLS read failed (SSL error {e}): {}", errors(self.l)))),
        }
    }
}

impl Write for Tls {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(1 << 30) as c_int;
        // SAFETY: buf holds n bytes.
        let r = unsafe { (self.l.write)(self.ssl, buf.as_ptr().cast(), n) };
        if r > 0 {
            Ok(r as usize)
        } else {
            Err(std::io::Error::new(std::io::ErrorKind::Other, format!("TLS write failed: {}", errors(self.l))))
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Tls {
    fn drop(&mut self) {
        // SAFETY: frees what connect created, once.
        unsafe {
            if !self.ssl.is_null() {
                (self.l.shutdown)(self.ssl);
                (self.l.free)(self.ssl);
            }
            (self.l.ctx_free)(self.ctx);
        }
    }
}
