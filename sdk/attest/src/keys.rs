//! ed25519 signing keys: generation, storage and loading.
//!
//! # Railyard key file format (text, one line that matters)
//!
//! ```text
//! # railyard ed25519 private key — keep secret
//! # keyid: <hex sha256 of raw public key>
//! railyard-ed25519-private <64 hex digits: the 32-byte ed25519 seed>
//! ```
//! ```text
//! # railyard ed25519 public key
//! # keyid: <hex sha256 of raw public key>
//! railyard-ed25519-public <64 hex digits: the 32-byte raw public key>
//! ```
//! Lines starting with `#` and blank lines are ignored. The keyid comment is informational.
//!
//! For interoperability [`write_keypair`] also writes `<stem>.pub.pem`, an RFC 8410
//! SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`) that Python `cryptography`
//! (`load_pem_public_key`), `securesystemslib` and `openssl pkey -pubin` read.
//!
//! # Loading
//! [`parse_signing_key`] accepts: the Railyard private format, PKCS#8 v1 PEM
//! (`-----BEGIN PRIVATE KEY-----`, as written by `openssl genpkey -algorithm ed25519`), or a bare
//! 32-byte seed as 64 hex digits or base64. The same forms (public variants) are accepted by
//! [`parse_verifying_key`]. Keys are loaded from an explicit file path ([`load_signing_key_file`])
//! or from the *value* of an environment variable ([`load_signing_key_env`], default
//! [`DEFAULT_KEY_ENV`]); there is no default key location. Key files must not be readable by group
//! or others and must not live inside a git work tree (keys never belong in the repository).

use crate::dsse::keyid;
use crate::error::{Error, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{SigningKey, VerifyingKey};
use std::path::{Path, PathBuf};

/// Default environment variable holding a private key value.
pub const DEFAULT_KEY_ENV: &str = "RAILYARD_SIGNING_KEY";
const PRIV_TAG: &str = "railyard-ed25519-private";
const PUB_TAG: &str = "railyard-ed25519-public";
/// DER prefix of an ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
/// DER prefix of an ed25519 PKCS#8 v1 PrivateKeyInfo (RFC 8410); the 32 seed bytes follow.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

fn kerr(origin: &str, msg: impl Into<String>) -> Error {
    Error::Key {
        origin: origin.to_string(),
        msg: msg.into(),
    }
}

/// Generate a new key from the operating system's CSPRNG.
pub fn generate() -> Result<SigningKey> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| kerr("getrandom", e.to_string()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Private key in the Railyard text format.
pub fn private_key_text(key: &SigningKey) -> String {
    format!(
        "# railyard ed25519 private key - keep secret\n# keyid: {}\n{PRIV_TAG} {}\n",
        keyid(&key.verifying_key()),
        hex::encode(key.to_bytes())
    )
}

/// Public key in the Railyard text format.
pub fn public_key_text(key: &VerifyingKey) -> String {
    format!(
        "# railyard ed25519 public key\n# keyid: {}\n{PUB_TAG} {}\n",
        keyid(key),
        hex::encode(key.as_bytes())
    )
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

/// SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`) of `key`.
pub fn public_key_pem(key: &VerifyingKey) -> String {
    let mut der = SPKI_PREFIX.to_vec();
    der.extend_from_slice(key.as_bytes());
    pem("PUBLIC KEY", &der)
}

/// PKCS#8 v1 PEM (`BEGIN PRIVATE KEY`) of `key`.
pub fn private_key_pem(key: &SigningKey) -> String {
    let mut der = PKCS8_PREFIX.to_vec();
    der.extend_from_slice(&key.to_bytes());
    pem("PRIVATE KEY", &der)
}

/// Paths written by [`write_keypair`].
#[derive(Debug, Clone)]
pub struct KeyPaths {
    /// `<stem>.key`, mode 0600.
    pub private: PathBuf,
    /// `<stem>.pub` (Railyard text format).
    pub public: PathBuf,
    /// `<stem>.pub.pem` (SubjectPublicKeyInfo PEM).
    pub public_pem: PathBuf,
}

fn create_file(path: &Path, contents: &str, mode: u32) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = opts.open(path).map_err(|e| Error::io("create", path, e))?;
    f.write_all(contents.as_bytes())
        .map_err(|e| Error::io("write", path, e))?;
    f.sync_all().map_err(|e| Error::io("sync", path, e))
}

/// Write `<dir>/<stem>.key` (0600), `<stem>.pub` and `<stem>.pub.pem`. Existing files are never
/// overwritten (error instead).
pub fn write_keypair(key: &SigningKey, dir: &Path, stem: &str) -> Result<KeyPaths> {
    let paths = KeyPaths {
        private: dir.join(format!("{stem}.key")),
        public: dir.join(format!("{stem}.pub")),
        public_pem: dir.join(format!("{stem}.pub.pem")),
    };
    let vk = key.verifying_key();
    create_file(&paths.private, &private_key_text(key), 0o600)?;
    create_file(&paths.public, &public_key_text(&vk), 0o644)?;
    create_file(&paths.public_pem, &public_key_pem(&vk), 0o644)?;
    Ok(paths)
}

fn pem_body(text: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = text[start..].find(&end)? + start;
    let b64: String = text[start..stop].split_whitespace().collect();
    STANDARD.decode(b64).ok()
}

fn bare_32(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    let bytes = if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(s).ok()?
    } else {
        STANDARD.decode(s).ok()?
    };
    bytes.try_into().ok()
}

fn tagged_32(text: &str, tag: &str, origin: &str) -> Result<Option<[u8; 32]>> {
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some(rest) = line.strip_prefix(tag) {
            let v = bare_32(rest)
                .ok_or_else(|| kerr(origin, format!("{tag}: expected 64 hex digits")))?;
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// Parse a private key from text (see module docs for accepted forms). `origin` names the source
/// in errors; the key material itself is never included in error messages.
pub fn parse_signing_key(text: &str, origin: &str) -> Result<SigningKey> {
    if text.contains(PUB_TAG) || text.contains("BEGIN PUBLIC KEY") {
        return Err(kerr(
            origin,
            "this is a public key, a private key is needed",
        ));
    }
    if let Some(seed) = tagged_32(text, PRIV_TAG, origin)? {
        return Ok(SigningKey::from_bytes(&seed));
    }
    if text.contains("-----BEGIN PRIVATE KEY-----") {
        let der = pem_body(text, "PRIVATE KEY").ok_or_else(|| kerr(origin, "malformed PEM"))?;
        let seed = der
            .strip_prefix(&PKCS8_PREFIX[..])
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
            .ok_or_else(|| kerr(origin, "PEM is not an ed25519 PKCS#8 v1 private key"))?;
        return Ok(SigningKey::from_bytes(&seed));
    }
    bare_32(text)
        .map(|seed| SigningKey::from_bytes(&seed))
        .ok_or_else(|| {
            kerr(
                origin,
                "not a railyard key, PKCS#8 PEM, or 32-byte seed in hex/base64",
            )
        })
}

/// Parse a public key from text: Railyard public format, SubjectPublicKeyInfo PEM, or 32 raw bytes
/// as hex/base64.
pub fn parse_verifying_key(text: &str, origin: &str) -> Result<VerifyingKey> {
    let raw = if let Some(k) = tagged_32(text, PUB_TAG, origin)? {
        k
    } else if text.contains("-----BEGIN PUBLIC KEY-----") {
        let der = pem_body(text, "PUBLIC KEY").ok_or_else(|| kerr(origin, "malformed PEM"))?;
        der.strip_prefix(&SPKI_PREFIX[..])
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
            .ok_or_else(|| kerr(origin, "PEM is not an ed25519 SubjectPublicKeyInfo"))?
    } else if text.contains(PRIV_TAG) || text.contains("PRIVATE KEY") {
        return Err(kerr(origin, "this is a private key; pass the public key"));
    } else {
        bare_32(text).ok_or_else(|| {
            kerr(
                origin,
                "not a railyard public key, SPKI PEM, or 32 bytes hex/base64",
            )
        })?
    };
    VerifyingKey::from_bytes(&raw)
        .map_err(|e| kerr(origin, format!("invalid ed25519 public key: {e}")))
}

fn inside_git_worktree(path: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(path).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Load a private key from a file. Refuses files readable or writable by group/others (Unix) and
/// files inside a git work tree.
pub fn load_signing_key_file(path: &Path) -> Result<SigningKey> {
    let origin = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io("stat", path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(kerr(
                &origin,
                format!("permissions {mode:o} are too open; run chmod 600"),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    if let Some(repo) = inside_git_worktree(path) {
        return Err(kerr(
            &origin,
            format!(
                "private key is inside the git work tree {}; keep keys outside the repository",
                repo.display()
            ),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    parse_signing_key(&text, &origin)
}

/// Load a private key from the value of environment variable `var` (hex/base64 seed, Railyard
/// format or PKCS#8 PEM).
pub fn load_signing_key_env(var: &str) -> Result<SigningKey> {
    let origin = format!("${var}");
    let v = std::env::var(var).map_err(|e| kerr(&origin, e.to_string()))?;
    parse_signing_key(&v, &origin)
}

/// Load a public key file (any form accepted by [`parse_verifying_key`]).
pub fn load_verifying_key_file(path: &Path) -> Result<VerifyingKey> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    parse_verifying_key(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_roundtrip() {
        let k = generate().unwrap();
        let vk = k.verifying_key();
        assert_ne!(k.to_bytes(), generate().unwrap().to_bytes());
        assert_eq!(
            parse_signing_key(&private_key_text(&k), "t")
                .unwrap()
                .to_bytes(),
            k.to_bytes()
        );
        assert_eq!(
            parse_signing_key(&private_key_pem(&k), "t")
                .unwrap()
                .to_bytes(),
            k.to_bytes()
        );
        assert_eq!(
            parse_signing_key(&hex::encode(k.to_bytes()), "t")
                .unwrap()
                .to_bytes(),
            k.to_bytes()
        );
        assert_eq!(
            parse_signing_key(&STANDARD.encode(k.to_bytes()), "t")
                .unwrap()
                .to_bytes(),
            k.to_bytes()
        );
        assert_eq!(parse_verifying_key(&public_key_text(&vk), "t").unwrap(), vk);
        assert_eq!(parse_verifying_key(&public_key_pem(&vk), "t").unwrap(), vk);
        assert!(parse_signing_key(&public_key_text(&vk), "t").is_err());
        assert!(parse_verifying_key(&private_key_text(&k), "t").is_err());
        let e = parse_signing_key("garbage", "$X").unwrap_err().to_string();
        assert!(e.contains("$X"), "{e}");
    }

    #[test]
    fn load_from_environment_value() {
        let k = generate().unwrap();
        let var = "RAILYARD_ATTEST_TEST_KEY_7F3A";
        std::env::set_var(var, hex::encode(k.to_bytes()));
        assert_eq!(load_signing_key_env(var).unwrap().to_bytes(), k.to_bytes());
        std::env::set_var(var, STANDARD.encode(k.to_bytes()));
        assert_eq!(load_signing_key_env(var).unwrap().to_bytes(), k.to_bytes());
        std::env::set_var(var, "not a key");
        let e = load_signing_key_env(var).unwrap_err().to_string();
        assert!(e.contains(var) && !e.contains("not a key"), "{e}");
        std::env::remove_var(var);
        assert!(load_signing_key_env(var)
            .unwrap_err()
            .to_string()
            .contains(var));
    }

    #[test]
    fn rfc8410_pem_vector() {
        // RFC 8410 §10.1 example public key.
        let pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
        let vk = parse_verifying_key(pem, "rfc").unwrap();
        assert_eq!(public_key_pem(&vk), pem);
    }

    #[cfg(unix)]
    #[test]
    fn write_and_load_with_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let k = generate().unwrap();
        let p = write_keypair(&k, dir.path(), "release").unwrap();
        assert_eq!(
            std::fs::metadata(&p.private).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            load_signing_key_file(&p.private).unwrap().to_bytes(),
            k.to_bytes()
        );
        assert_eq!(
            load_verifying_key_file(&p.public_pem).unwrap(),
            k.verifying_key()
        );
        assert!(
            write_keypair(&k, dir.path(), "release").is_err(),
            "must not overwrite"
        );
        std::fs::set_permissions(&p.private, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = load_signing_key_file(&p.private).unwrap_err().to_string();
        assert!(e.contains("too open") && e.contains("release.key"), "{e}");
        // Inside a git work tree: refused.
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let p2 = write_keypair(&k, &dir.path().join("sub"), "k").unwrap();
        let e = load_signing_key_file(&p2.private).unwrap_err().to_string();
        assert!(e.contains("git work tree"), "{e}");
    }
}
