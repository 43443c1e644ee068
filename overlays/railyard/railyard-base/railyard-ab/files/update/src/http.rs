//! A minimal HTTP/1.1 GET client (std only; TLS from libssl, see `tls`): status line,
//! headers, a body by Content-Length, chunked encoding or until the server closes, read as a
//! stream. The server is untrusted: header sizes are bounded,
//! the body never yields more than announced, and a short body is an error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// CA certificates for https (`CA_FILE=` of update.conf); the system's trust store if unset.
static CA_FILE: Mutex<Option<PathBuf>> = Mutex::new(None);

pub fn set_ca_file(f: Option<PathBuf>) {
    *CA_FILE.lock().unwrap_or_else(|e| e.into_inner()) = f;
}

const MAX_HEADER_BYTES: usize = 64 * 1024;
const TIMEOUT: Duration = Duration::from_secs(60);

/// `http(s)://host[:port]/path` split up.
#[derive(Debug, Clone, PartialEq)]
pub struct Url {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Url {
    pub fn parse(u: &str) -> Result<Url, String> {
        let (tls, rest) = match (u.strip_prefix("https://"), u.strip_prefix("http://")) {
            (Some(r), _) => (true, r),
            (_, Some(r)) => (false, r),
            _ => return Err(format!("{u}: not an http:// or https:// URL")),
        };
        if rest.bytes().any(|c| c <= b' ' || c == 0x7f) {
            return Err(format!("{u:?}: spaces or control characters in the URL"));
        }
        let (hostport, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if hostport.contains('@') {
            return Err(format!("{u}: user names in URLs are not supported"));
        }
        let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
            let (h, p) = h.split_once(']').ok_or_else(|| format!("{u}: bad IPv6 host"))?;
            (h.to_string(), p.strip_prefix(':').unwrap_or(""))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), p),
                None => (hostport.to_string(), ""),
            }
        };
        if host.is_empty() {
            return Err(format!("{u}: no host"));
        }
        let port = if port.is_empty() {
            if tls {
                443
            } else {
                80
            }
        } else {
            port.parse().map_err(|_| format!("{u}: bad port {port:?}"))?
        };
        Ok(Url { tls, host, port, path: path.to_string() })
    }

    /// This URL's directory joined with `name` (`http://h/a/b.manifest` + `c` → `http://h/a/c`).
    pub fn sibling(&self, name: &str) -> Url {
        let dir = match self.path.rfind('/') {
            Some(i) => &self.path[..=i],
            None => "/",
        };
        Url { path: format!("{dir}{name}"), ..self.clone() }
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.tls { "https" } else { "http" };
        if self.host.contains(':') {
            write!(f, "{scheme}://[{}]:{}{}", self.host, self.port, self.path)
        } else {
            write!(f, "{scheme}://{}:{}{}", self.host, self.port, self.path)
        }
    }
}

enum Framing {
    Length(u64),
    UntilClose,
    Chunked { left_in_chunk: u64, done: bool },
}

/// A response body being read.
pub struct Body {
    r: BufReader<Box<dyn Read>>,
    framing: Framing,
    /// Bytes announced by Content-Length, if any.
    pub length: Option<u64>,
    url: String,
}

/// GET `url`; an error unless the status is 200.
pub fn get(url: &Url) -> Result<Body, String> {
    let addrs: Vec<_> = (url.host.as_str(), url.port).to_socket_addrs().map_err(|e| format!("{url}: resolving {}: {e}", url.host))?.collect();
    let mut last = String::from("no address");
    let mut stream = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, Duration::from_secs(20)) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = format!("{a}: {e}"),
        }
    }
    let s = stream.ok_or_else(|| format!("{url}: cannot connect: {last}"))?;
    s.set_read_timeout(Some(TIMEOUT)).ok();
    s.set_write_timeout(Some(TIMEOUT)).ok();
    let mut s: Box<dyn ReadWrite> = if url.tls {
        let ca = CA_FILE.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Box::new(crate::tls::Tls::connect(s, &url.host, ca.as_deref()).map_err(|e| format!("{url}: {e}"))?)
    } else {
        Box::new(s)
    };
    let host = if url.host.contains(':') { format!("[{}]", url.host) } else { url.host.clone() };
    let req = format!(
        "GET {} HTTP/1.1\r\nHost: {host}:{}\r\nUser-Agent: railyard-update\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
        url.path, url.port
    );
    s.write_all(req.as_bytes()).map_err(|e| format!("{url}: sending the request: {e}"))?;
    s.flush().map_err(|e| format!("{url}: sending the request: {e}"))?;
    let mut r: BufReader<Box<dyn Read>> = BufReader::with_capacity(1 << 20, Box::new(ReadHalf(s)));
    let mut head = Vec::new();
    let mut lines = Vec::new();
    loop {
        head.clear();
        let n = (&mut r).take((MAX_HEADER_BYTES + 1) as u64).read_until(b'\n', &mut head).map_err(|e| format!("{url}: reading the response: {e}"))?;
        if n == 0 {
            return Err(format!("{url}: the server closed the connection before the headers ended"));
        }
        let line = String::from_utf8_lossy(&head).trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            break;
        }
        lines.push(line);
        if lines.iter().map(|l| l.len()).sum::<usize>() > MAX_HEADER_BYTES || lines.len() > 200 {
            return Err(format!("{url}: response headers too large"));
        }
    }
    let status = lines.first().ok_or_else(|| format!("{url}: empty response"))?;
    let code: u16 = status
        .strip_prefix("HTTP/1.")
        .and_then(|s| s.get(2..5))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("{url}: not an HTTP response: {status:?}"))?;
    let header = |name: &str| {
        lines[1..].iter().filter_map(|l| l.split_once(':')).find(|(k, _)| k.trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_string())
    };
    if code != 200 {
        let loc = header("location").map(|l| format!(" (Location: {l})")).unwrap_or_default();
        return Err(format!("{url}: HTTP {code}{loc}"));
    }
    let chunked = header("transfer-encoding").map_or(false, |t| t.to_ascii_lowercase().contains("chunked"));
    let length = match header("content-length") {
        Some(l) if !chunked => Some(l.parse::<u64>().map_err(|_| format!("{url}: bad Content-Length {l:?}"))?),
        _ => None,
    };
    let framing = match (chunked, length) {
        (true, _) => Framing::Chunked { left_in_chunk: 0, done: false },
        (false, Some(n)) => Framing::Length(n),
        // HTTP/1.0 style: the body ends when the server closes (sizes are checked by the caller)
        (false, None) => Framing::UntilClose,
    };
    Ok(Body { r, framing, length, url: url.to_string() })
}

impl Body {
    /// The whole body, refused when larger than `max`.
    pub fn read_all(mut self, max: u64) -> Result<Vec<u8>, String> {
        if let Some(n) = self.length {
            if n > max {
                return Err(format!("{}: {n} bytes, more than the {max} accepted", self.url));
            }
        }
        let mut v = Vec::new();
        (&mut self).take(max + 1).read_to_end(&mut v).map_err(|e| format!("{}: {e}", self.url))?;
        if v.len() as u64 > max {
            return Err(format!("{}: more than the {max} bytes accepted", self.url));
        }
        Ok(v)
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

struct ReadHalf(Box<dyn ReadWrite>);

impl Read for ReadHalf {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

fn bad(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.framing {
            Framing::Length(left) => {
                if *left == 0 || buf.is_empty() {
                    return Ok(0);
                }
                let want = buf.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                let n = self.r.read(&mut buf[..want])?;
                if n == 0 {
                    return Err(bad(format!("{}: the body ended {left} bytes short", self.url)));
                }
                *left -= n as u64;
                Ok(n)
            }
            Framing::UntilClose => self.r.read(buf),
            Framing::Chunked { left_in_chunk, done } => {
                if *done || buf.is_empty() {
                    return Ok(0);
                }
                if *left_in_chunk == 0 {
                    let mut line = Vec::new();
                    (&mut self.r).take(1024).read_until(b'\n', &mut line)?;
                    let l = String::from_utf8_lossy(&line);
                    let size = l.trim().split(';').next().unwrap_or("");
                    let n = u64::from_str_radix(size, 16).map_err(|_| bad(format!("{}: bad chunk size {size:?}", self.url)))?;
                    if n == 0 {
                        *done = true;
                        return Ok(0);
                    }
                    *left_in_chunk = n;
                }
                let want = buf.len().min(usize::try_from(*left_in_chunk).unwrap_or(usize::MAX));
                let n = self.r.read(&mut buf[..want])?;
                if n == 0 {
                    return Err(bad(format!("{}: the body ended inside a chunk", self.url)));
                }
                *left_in_chunk -= n as u64;
                if *left_in_chunk == 0 {
                    let mut crlf = [0u8; 2];
                    self.r.read_exact(&mut crlf)?;
                    if &crlf != b"\r\n" {
                        return Err(bad(format!("{}: bad chunk end", self.url)));
                    }
                }
                Ok(n)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("http://10.0.2.2:8080/updates/railyard_production_update.manifest").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("10.0.2.2", 8080, "/updates/railyard_production_update.manifest"));
        assert_eq!(u.sibling("x.bin").to_string(), "http://10.0.2.2:8080/updates/x.bin");
        assert_eq!(Url::parse("http://h").unwrap().path, "/");
        assert_eq!(Url::parse("http://[::1]:81/a").unwrap().host, "::1");
        for bad in ["ftp://h/", "http://", "http://u@h/", "http://h:x/", "http://h/a b"] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
        let s = Url::parse("https://updates.example.invalid/x/").unwrap();
        assert!(s.tls && s.port == 443);
        assert_eq!(s.sibling("m").to_string(), "https://updates.example.invalid:443/x/m");
    }
}
