//! The test server: a small HTTP/1.1 server on 127.0.0.1 (the guest reaches it as 10.0.2.2
//! through QEMU's user network). For the `cl.update.*` tests it serves the payload given
//! with `--update_payload` as it is under `/good/`, and under `/bad/` with one byte of its
//! usr blob changed while it is sent (the signed manifest unchanged), so nothing is copied;
//! for the `cl.sysext.*` tests the extensions (as built, and tampered the same way) and
//! the container image Ignition fetches.

use anyhow::{bail, Context, Result};
use railyard_update_format::{Envelope, Manifest, MANIFEST_SUFFIX};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What the `cl.update.*` tests install, and where the guest finds it.
#[derive(Debug, Clone)]
pub struct Update {
    /// The manifest (DSSE envelope) file.
    pub manifest_file: PathBuf,
    /// The payload file next to it.
    pub payload_file: PathBuf,
    /// The manifest, read without checking its signature (the agent in the guest checks it).
    pub manifest: Manifest,
    /// Byte of the payload changed under `/bad/`: inside the usr blob's data.
    pub flip_at: u64,
}

impl Update {
    /// Reads `--update_payload`: a build directory holding `*_update.manifest` and
    /// `*_update.bin`, or the manifest file itself (the payload next to it, `.bin`).
    pub fn load(path: &Path) -> Result<Update> {
        let manifest_file = if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("reading {}", path.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(MANIFEST_SUFFIX)))
                .collect();
            found.sort();
            match found.len() {
                1 => found.remove(0),
                0 => bail!("--update_payload={}: no *_update.manifest in that directory (a ./build_image output directory has one)", path.display()),
                _ => bail!("--update_payload={}: several manifests: {found:?}; name one", path.display()),
            }
        } else {
            path.to_path_buf()
        };
        let name = manifest_file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(stem) = name.strip_suffix(".manifest") else {
            bail!("--update_payload={}: the manifest's name must end in .manifest", manifest_file.display());
        };
        let payload_file = manifest_file.with_file_name(format!("{stem}.bin"));
        let data = std::fs::read(&manifest_file).with_context(|| format!("reading the update manifest {}", manifest_file.display()))?;
        let env = Envelope::from_json(&data).with_context(|| format!("{}: not an update manifest envelope", manifest_file.display()))?;
        use base64::Engine as _;
        let body = base64::engine::general_purpose::STANDARD.decode(env.payload.trim()).with_context(|| format!("{}: its payload is not base64", manifest_file.display()))?;
        let manifest = Manifest::from_json(&body).with_context(|| format!("{}: not an update manifest", manifest_file.display()))?;
        let size = std::fs::metadata(&payload_file).with_context(|| format!("the update payload {} (next to its manifest)", payload_file.display()))?.len();
        if size != manifest.payload_size() {
            bail!("{}: {size} bytes, its manifest {} says {}", payload_file.display(), manifest_file.display(), manifest.payload_size());
        }
        let usr = manifest.blob("usr").with_context(|| format!("{}: the manifest lists no usr blob", manifest_file.display()))?;
        // a byte half-way through the file system's data (before the verity tree): covered by
        // the blob's signed sha256 and by the verity root hash
        let flip_at = usr.offset + (usr.size / 2).min(manifest.usr.hash_offset / 2);
        Ok(Update { manifest_file, payload_file, manifest, flip_at })
    }

    /// PARTUUID of the slot `label` in the manifest.
    pub fn partuuid(&self, label: &str) -> Option<&str> {
        self.manifest.slot(label).map(|s| s.partuuid.as_str())
    }
}

/// One file the server serves: its URL path (without the leading `/`), the file, and
/// optionally a byte changed while it is sent.
#[derive(Debug, Clone)]
pub struct Route {
    /// `dir/name`, as the guest asks for it.
    pub path: String,
    /// The file sent.
    pub file: PathBuf,
    /// Byte whose value is changed (xor 0x5a) on the way out.
    pub flip: Option<u64>,
}

impl Update {
    /// The manifest and payload under `good/`, and under `bad/` with the payload's usr blob
    /// changed at [`Update::flip_at`].
    pub fn routes(&self) -> Vec<Route> {
        let name = |p: &Path| p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let mut v = Vec::new();
        for which in ["good", "bad"] {
            v.push(Route { path: format!("{which}/{}", name(&self.manifest_file)), file: self.manifest_file.clone(), flip: None });
            v.push(Route { path: format!("{which}/{}", name(&self.payload_file)), file: self.payload_file.clone(), flip: (which == "bad").then_some(self.flip_at) });
        }
        v
    }

    /// The manifest's path on the server: `good` or `bad`.
    pub fn path(&self, which: &str) -> String {
        format!("{which}/{}", self.manifest_file.file_name().and_then(|n| n.to_str()).unwrap_or(""))
    }
}

/// A running server; stops when dropped.
pub struct Server {
    /// Its port on 127.0.0.1.
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Serves `routes` on 127.0.0.1 (a free port) until dropped; any other path is 404.
    pub fn start(routes: Vec<Route>) -> Result<Server> {
        let l = TcpListener::bind("127.0.0.1:0").context("binding the test server to 127.0.0.1")?;
        let port = l.local_addr()?.port();
        l.set_nonblocking(true)?;
        let stop = Arc::new(AtomicBool::new(false));
        let s2 = stop.clone();
        let routes = Arc::new(routes);
        std::thread::spawn(move || {
            while !s2.load(Ordering::Relaxed) {
                match l.accept() {
                    Ok((c, _)) => {
                        let routes = routes.clone();
                        std::thread::spawn(move || {
                            let _ = serve(c, &routes);
                        });
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(std::time::Duration::from_millis(50)),
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(200)),
                }
            }
        });
        Ok(Server { port, stop })
    }

    /// The URL of `path` as the guest sees it.
    pub fn url(&self, path: &str) -> String {
        format!("http://10.0.2.2:{}/{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(c: TcpStream, routes: &[Route]) -> std::io::Result<()> {
    c.set_nonblocking(false)?;
    c.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
    let mut r = BufReader::new(c.try_clone()?);
    let mut first = String::new();
    (&mut r).take(8192).read_line(&mut first)?;
    loop {
        let mut l = String::new();
        if (&mut r).take(8192).read_line(&mut l)? == 0 || l.trim().is_empty() {
            break;
        }
    }
    let mut w = std::io::BufWriter::with_capacity(1 << 20, c);
    let path = first.split_whitespace().nth(1).unwrap_or("").trim_start_matches('/');
    let Some(route) = routes.iter().find(|r| r.path == path) else {
        w.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        return w.flush();
    };
    let mut f = std::fs::File::open(&route.file)?;
    let len = f.metadata()?.len();
    write!(w, "HTTP/1.1 200 OK\r\nContent-Length: {len}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")?;
    copy_flipped(&mut f, &mut w, route.flip)?;
    w.flush()
}

/// Copies `f` to `w`, changing the byte at `flip` (xor 0x5a).
pub fn copy_flipped(f: &mut impl Read, w: &mut impl Write, flip: Option<u64>) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if let Some(at) = flip {
            if at >= pos && at < pos + n as u64 {
                buf[(at - pos) as usize] ^= 0x5a;
            }
        }
        w.write_all(&buf[..n])?;
        pos += n as u64;
    }
    Ok(pos)
}
