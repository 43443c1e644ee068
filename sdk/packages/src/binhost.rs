//! The binary-package cache in an OCI registry (`build_packages --binhost=REGISTRY/REPO`).
//!
//! Every stored package is a pure function of its input hash, so a registry can hold them
//! for every checkout, CI job and developer. One package is one OCI image manifest, tagged
//! with the package's input hash (64 hex digits, a valid tag):
//!
//! * `config`: the store record (`<hash>.json`, the exact bytes of the local store) with
//!   media type [`RECORD_MEDIA_TYPE`]; it names the cpv, the inputs, and the gpkg's SHA-256
//!   and size;
//! * `layers[0]`: the canonical gpkg, media type [`GPKG_MEDIA_TYPE`];
//! * `layers[1]`: a DSSE envelope (ed25519, the release key) over the record bytes, media
//!   type [`SIGNATURE_MEDIA_TYPE`], payload type [`RECORD_MEDIA_TYPE`].
//!
//! A pull trusts nothing the registry says: the record must name the planned package, its
//! input hash and the same inputs; with a trusted key (`--binhost-key`) the envelope must
//! verify with that key over exactly the record bytes; the gpkg is streamed to a temporary
//! file of the store, capped at the record's size and checked against the record's SHA-256
//! while it streams, then committed under the entry's lock. Anything else is refused with the package's name and
//! the digest, and the package is built locally instead.
//!
//! Registries on a loopback address are spoken to over plain HTTP (as docker and podman do);
//! all others over HTTPS. Credentials come from the usual auth files (podman's
//! `auth.json`, docker's `config.json`).

use crate::store::{Entry, Record, Store};
use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
use oci_client::client::{ClientConfig, ClientProtocol};
use oci_client::errors::{OciDistributionError, OciErrorCode};
use oci_client::manifest::OciDescriptor;
use oci_client::secrets::RegistryAuth;
use oci_client::{Client, Reference, RegistryOperation};
use railyard_attest::dsse;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

/// The manifest's `artifactType`.
pub const ARTIFACT_TYPE: &str = "application/vnd.railyard.binpkg.v1";
/// The record (config blob); also the DSSE payload type.
pub const RECORD_MEDIA_TYPE: &str = "application/vnd.railyard.binpkg.record.v1+json";
/// The gpkg layer.
pub const GPKG_MEDIA_TYPE: &str = "application/vnd.railyard.gpkg.v1.tar";
/// The signature layer (a DSSE envelope).
pub const SIGNATURE_MEDIA_TYPE: &str = "application/vnd.railyard.binpkg.signature.v1+json";
const MANIFEST_MEDIA_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
/// Largest record or envelope accepted from a registry.
const SMALL_BLOB_MAX: u64 = 4 << 20;
/// Lookups and pushes in flight at once.
const CONCURRENCY: usize = 8;

/// `$RAILYARD_BINHOST`: the binhost when `--binhost` is not given.
pub const BINHOST_ENV: &str = "RAILYARD_BINHOST";
/// `$RAILYARD_BINHOST_KEY`: the trusted public key when `--binhost-key` is not given.
pub const BINHOST_KEY_ENV: &str = "RAILYARD_BINHOST_KEY";

/// A binhost: a repository in an OCI registry.
pub struct Binhost {
    /// `REGISTRY/REPO` as given.
    pub name: String,
    registry: String,
    repository: String,
    client: Client,
    auth: RegistryAuth,
    rt: tokio::runtime::Runtime,
    trust: Option<VerifyingKey>,
}

/// A package found in the registry (its manifest parsed, nothing else trusted yet).
#[derive(Debug, Clone)]
pub struct Hit {
    /// The manifest's digest.
    pub manifest_digest: String,
    record: Desc,
    gpkg: Desc,
    signature: Option<Desc>,
}

/// The answer of a lookup.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// The registry holds a manifest for the input hash.
    Hit(Hit),
    /// It does not.
    Miss,
    /// The registry could not be asked (unreachable, garbage, refused); the text says why.
    Error(String),
}

#[derive(Debug, Clone, Deserialize)]
struct Desc {
    #[serde(rename = "mediaType")]
    media_type: String,
    digest: String,
    size: u64,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    #[serde(rename = "schemaVersion")]
    schema_version: u32,
    config: Desc,
    layers: Vec<Desc>,
}

/// Checks `REGISTRY/REPO` (host[:port], then a lower-case repository path) and splits it.
pub fn parse_name(s: &str) -> Result<(String, String)> {
    let bad = |why: &str| anyhow!("--binhost={s:?}: {why} (expected REGISTRY/REPOSITORY, e.g. registry.example.com:5000/railyard/amd64-usr)");
    let (reg, repo) = s.split_once('/').ok_or_else(|| bad("no repository after the registry"))?;
    if reg.is_empty() || !reg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)) {
        return Err(bad("the registry is not a host name with an optional port"));
    }
    let comp_ok = |c: &str| {
        !c.is_empty()
            && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && c.as_bytes()[0].is_ascii_alphanumeric()
            && c.as_bytes()[c.len() - 1].is_ascii_alphanumeric()
    };
    if !repo.split('/').all(comp_ok) {
        return Err(bad("the repository must be lower-case letters, digits and . _ - separated by /"));
    }
    Ok((reg.to_string(), repo.to_string()))
}

fn is_loopback(registry: &str) -> bool {
    let host = if let Some(r) = registry.strip_prefix('[') { r.split(']').next().unwrap_or("") } else { registry.rsplit_once(':').map(|(h, _)| h).unwrap_or(registry) };
    host == "localhost" || host.parse::<std::net::IpAddr>().map(|a| a.is_loopback()).unwrap_or(false)
}

/// The auth files docker and podman write, in the order they are read.
fn auth_files() -> Vec<PathBuf> {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut v = Vec::new();
    if let Some(p) = env("REGISTRY_AUTH_FILE") {
        v.push(p);
    }
    if let Some(d) = env("XDG_RUNTIME_DIR") {
        v.push(d.join("containers/auth.json"));
    }
    if let Some(d) = env("XDG_CONFIG_HOME").or_else(|| env("HOME").map(|h| h.join(".config"))) {
        v.push(d.join("containers/auth.json"));
    }
    if let Some(d) = env("DOCKER_CONFIG") {
        v.push(d.join("config.json"));
    }
    if let Some(h) = env("HOME") {
        v.push(h.join(".docker/config.json"));
    }
    v
}

/// Credentials for `registry`/`repository` from an auth file's JSON (`auths` keyed by
/// registry, `registry/repository` prefix or URL; `auth` is base64 of `user:password`).
fn auth_from(json: &[u8], registry: &str, repository: &str) -> Option<RegistryAuth> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        auths: BTreeMap<String, AuthEntry>,
    }
    #[derive(Deserialize)]
    struct AuthEntry {
        #[serde(default)]
        auth: String,
    }
    let f: File = serde_json::from_slice(json).ok()?;
    let full = format!("{registry}/{repository}");
    let mut best: Option<(usize, RegistryAuth)> = None;
    for (k, e) in f.auths {
        let key = k.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/').trim_end_matches("/v1").trim_end_matches("/v2");
        let matches = key == registry || full == key || full.starts_with(&format!("{key}/"));
        if !matches || e.auth.is_empty() {
            continue;
        }
        let raw = base64::engine::general_purpose::STANDARD.decode(e.auth.trim()).ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (u, p) = text.split_once(':')?;
        if best.as_ref().is_none_or(|(n, _)| key.len() > *n) {
            best = Some((key.len(), RegistryAuth::Basic(u.to_string(), p.to_string())));
        }
    }
    best.map(|(_, a)| a)
}

fn find_auth(registry: &str, repository: &str) -> RegistryAuth {
    for f in auth_files() {
        if let Ok(b) = std::fs::read(&f) {
            if let Some(a) = auth_from(&b, registry, repository) {
                return a;
            }
        }
    }
    RegistryAuth::Anonymous
}

fn is_not_found(e: &OciDistributionError) -> bool {
    match e {
        OciDistributionError::ImageManifestNotFoundError(_) => true,
        OciDistributionError::RegistryError { envelope, .. } => {
            envelope.errors.iter().any(|x| matches!(x.code, OciErrorCode::ManifestUnknown | OciErrorCode::NameUnknown))
        }
        OciDistributionError::ServerError { code, .. } => *code == 404,
        _ => false,
    }
}

/// An `AsyncWrite` that fails once more than `cap` bytes were written (a registry sending
/// more than it announced is cut off instead of filling the disk or the memory).
struct Capped<W> {
    inner: W,
    cap: u64,
    written: u64,
}

impl<W: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for Capped<W> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        if self.written + buf.len() as u64 > self.cap {
            return Poll::Ready(Err(std::io::Error::other(format!("the registry sent more than the {} bytes announced", self.cap))));
        }
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &r {
            self.written += *n as u64;
        }
        r
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

fn descriptor(d: &Desc) -> OciDescriptor {
    OciDescriptor { media_type: d.media_type.clone(), digest: d.digest.clone(), size: d.size as i64, ..Default::default() }
}

fn sha256_digest(b: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(b)))
}

impl Binhost {
    /// Opens `REGISTRY/REPO` (nothing is contacted yet); `trust` is the public key every
    /// pulled entry must be signed with.
    pub fn new(name: &str, trust: Option<VerifyingKey>) -> Result<Self> {
        let (registry, repository) = parse_name(name)?;
        let protocol = if is_loopback(&registry) { ClientProtocol::HttpsExcept(vec![registry.clone()]) } else { ClientProtocol::Https };
        let client = Client::new(ClientConfig {
            protocol,
            use_monolithic_push: true,
            connect_timeout: Some(Duration::from_secs(10)),
            read_timeout: Some(Duration::from_secs(120)),
            user_agent: "railyard-build-packages",
            ..Default::default()
        });
        let auth = find_auth(&registry, &repository);
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        Ok(Self { name: name.to_string(), registry, repository, client, auth, rt, trust })
    }

    /// Whether pulls require a signature by a trusted key.
    pub fn trusted_key(&self) -> Option<&VerifyingKey> {
        self.trust.as_ref()
    }

    fn reference(&self, hash: &str) -> Reference {
        Reference::with_tag(self.registry.clone(), self.repository.clone(), hash.to_string())
    }

    fn blob_ref(&self, digest: &str) -> Reference {
        Reference::with_digest(self.registry.clone(), self.repository.clone(), digest.to_string())
    }

    async fn lookup_async(client: Client, auth: RegistryAuth, r: Reference) -> Lookup {
        let (body, digest) = match client.pull_manifest_raw(&r, &auth, &[MANIFEST_MEDIA_TYPE]).await {
            Ok(x) => x,
            Err(e) if is_not_found(&e) => return Lookup::Miss,
            Err(e) => return Lookup::Error(format!("{e}")),
        };
        let m: Manifest = match serde_json::from_slice(&body) {
            Ok(m) => m,
            Err(e) => return Lookup::Error(format!("manifest {digest} is not an OCI image manifest: {e}")),
        };
        if m.schema_version != 2 || m.config.media_type != RECORD_MEDIA_TYPE {
            return Lookup::Error(format!("manifest {digest} is not a Railyard binary package (config media type {:?})", m.config.media_type));
        }
        let gpkg = m.layers.iter().find(|l| l.media_type == GPKG_MEDIA_TYPE).cloned();
        let signature = m.layers.iter().find(|l| l.media_type == SIGNATURE_MEDIA_TYPE).cloned();
        match gpkg {
            Some(gpkg) => Lookup::Hit(Hit { manifest_digest: digest, record: m.config, gpkg, signature }),
            None => Lookup::Error(format!("manifest {digest} has no {GPKG_MEDIA_TYPE} layer")),
        }
    }

    /// Looks up every input hash (several at a time); the answers in the same order.
    pub fn lookup_many(&self, hashes: &[String]) -> Vec<Lookup> {
        let refs: Vec<Reference> = hashes.iter().map(|h| self.reference(h)).collect();
        let (client, auth) = (self.client.clone(), self.auth.clone());
        self.rt.block_on(async move {
            let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
            let mut set = tokio::task::JoinSet::new();
            for (i, r) in refs.into_iter().enumerate() {
                let (c, a, s) = (client.clone(), auth.clone(), sem.clone());
                set.spawn(async move {
                    let _permit = s.acquire_owned().await;
                    (i, Self::lookup_async(c, a, r).await)
                });
            }
            let mut out: Vec<Option<Lookup>> = vec![None; set.len()];
            while let Some(r) = set.join_next().await {
                if let Ok((i, l)) = r {
                    out[i] = Some(l);
                }
            }
            out.into_iter().map(|l| l.unwrap_or_else(|| Lookup::Error("the lookup task failed".into()))).collect()
        })
    }

    async fn small_blob(&self, d: &Desc, what: &str) -> Result<Vec<u8>> {
        if d.size > SMALL_BLOB_MAX {
            bail!("its {what} is {} bytes (more than {SMALL_BLOB_MAX} accepted)", d.size);
        }
        let mut buf = Vec::new();
        let w = Capped { inner: &mut buf, cap: d.size, written: 0 };
        self.client.pull_blob(&self.blob_ref(&d.digest), &descriptor(d), w).await.with_context(|| format!("pulling its {what} {}", d.digest))?;
        if sha256_digest(&buf) != d.digest {
            bail!("its {what} does not match its digest {}", d.digest);
        }
        Ok(buf)
    }

    /// Pulls a hit into the store after checking it (see the module docs); returns the
    /// record. `cpv` and `inputs` are what the plan expects under `hash`.
    pub fn pull(&self, store: &Store, hit: &Hit, hash: &str, cpv: &str, inputs: &BTreeMap<String, serde_json::Value>) -> Result<Record> {
        let refuse = |why: String| anyhow!("refused {cpv} from {} (manifest {}): {why}", self.name, hit.manifest_digest);
        self.rt.block_on(async {
            let rec_bytes = self.small_blob(&hit.record, "record").await.map_err(|e| refuse(format!("{e:#}")))?;
            if let Some(key) = &self.trust {
                let Some(sd) = &hit.signature else {
                    return Err(refuse(format!("the entry is not signed, and --binhost-key requires a signature by {}", dsse::keyid(key))));
                };
                let env_bytes = self.small_blob(sd, "signature").await.map_err(|e| refuse(format!("{e:#}")))?;
                let env = dsse::Envelope::from_json(&env_bytes).map_err(|e| refuse(format!("its signature {} is not a DSSE envelope: {e}", sd.digest)))?;
                let payload = env.verify(key, RECORD_MEDIA_TYPE).map_err(|e| refuse(format!("its signature {} does not verify with the trusted key {}: {e}", sd.digest, dsse::keyid(key))))?;
                if payload != rec_bytes {
                    return Err(refuse(format!("its signature {} covers another record", sd.digest)));
                }
            }
            let rec: Record = serde_json::from_slice(&rec_bytes).map_err(|e| refuse(format!("its record {} is not a store record: {e}", hit.record.digest)))?;
            if rec.hash != hash || rec.cpv != cpv {
                return Err(refuse(format!("its record names {} with input hash {}, the plan wants {cpv} with {hash}", rec.cpv, rec.hash)));
            }
            if &rec.inputs != inputs {
                return Err(refuse("its record's inputs differ from the plan's".into()));
            }
            if hit.gpkg.digest != format!("sha256:{}", rec.sha256) || hit.gpkg.size != rec.size {
                return Err(refuse(format!("its package layer {} ({} bytes) is not the package its record names (sha256:{}, {} bytes)", hit.gpkg.digest, hit.gpkg.size, rec.sha256, rec.size)));
            }
            // the entry's lock: another run may be building or pulling it right now
            let Ok(_lock) = store.try_lock(hash)? else {
                bail!("{cpv} is being built by another run");
            };
            if let Entry::Good(r) = store.check(hash) {
                return Ok(r);
            }
            store.remove(hash)?;
            let tmp = store.temp(hash)?;
            let res: Result<Record> = async {
                let f = tokio::fs::File::create(&tmp).await.with_context(|| format!("creating {}", tmp.display()))?;
                let w = Capped { inner: f, cap: rec.size, written: 0 };
                // pull_blob checks the stream against the layer's digest, which is the record's
                // sha256 (checked above); commit hashes the file once more for the store's record
                self.client.pull_blob(&self.blob_ref(&hit.gpkg.digest), &descriptor(&hit.gpkg), w).await.map_err(|e| refuse(format!("pulling its package {}: {e}", hit.gpkg.digest)))?;
                let stored = store.commit(&tmp, rec.clone())?;
                if stored.sha256 != rec.sha256 || stored.size != rec.size {
                    store.remove(hash)?;
                    return Err(refuse(format!("its package has sha256:{} ({} bytes), not sha256:{} ({} bytes)", stored.sha256, stored.size, rec.sha256, rec.size)));
                }
                Ok(stored)
            }
            .await;
            if res.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            res
        })
    }

    /// Pushes the stored package `hash` (record, gpkg streamed from the store, and a DSSE
    /// signature by `key` over the record) and tags its manifest with the input hash.
    pub fn push(&self, store: &Store, hash: &str, key: &SigningKey) -> Result<()> {
        let rec = match store.check(hash) {
            Entry::Good(r) => r,
            Entry::Missing => bail!("{hash} is not in the store"),
            Entry::Bad(why) => bail!("not pushing a bad store entry: {why}"),
        };
        let rec_bytes = std::fs::read(store.record_path(hash))?;
        let sig = dsse::sign(RECORD_MEDIA_TYPE, &rec_bytes, key).to_json().map_err(|e| anyhow!("{e}"))?;
        let gpkg_digest = format!("sha256:{}", rec.sha256);
        let r = self.reference(hash);
        let path = store.path(hash);
        self.rt.block_on(async {
            self.client.auth(&r, &self.auth, RegistryOperation::Push).await.with_context(|| format!("authenticating to {} for pushing", self.registry))?;
            for (bytes, digest) in [(&rec_bytes, sha256_digest(&rec_bytes)), (&sig, sha256_digest(&sig))] {
                if !self.client.blob_exists(&r, &digest).await.unwrap_or(false) {
                    self.client.push_blob(&r, bytes.clone(), &digest).await.with_context(|| format!("pushing blob {digest}"))?;
                }
            }
            if !self.client.blob_exists(&r, &gpkg_digest).await.unwrap_or(false) {
                let f = tokio::fs::File::open(&path).await.with_context(|| format!("opening {}", path.display()))?;
                use futures_util::TryStreamExt;
                let stream = tokio_util::io::ReaderStream::with_capacity(f, 1 << 20).map_err(OciDistributionError::from);
                self.client.push_blob_stream(&r, stream, &gpkg_digest, Some(rec.size)).await.with_context(|| format!("pushing {} ({gpkg_digest})", path.display()))?;
            }
            let desc = |mt: &str, b: &[u8]| serde_json::json!({"mediaType": mt, "digest": sha256_digest(b), "size": b.len()});
            let pf = rec.cpv.rsplit('/').next().unwrap_or(&rec.cpv);
            let manifest = serde_json::json!({
                "schemaVersion": 2,
                "mediaType": MANIFEST_MEDIA_TYPE,
                "artifactType": ARTIFACT_TYPE,
                "config": desc(RECORD_MEDIA_TYPE, &rec_bytes),
                "layers": [
                    {"mediaType": GPKG_MEDIA_TYPE, "digest": gpkg_digest, "size": rec.size,
                     "annotations": {"org.opencontainers.image.title": format!("{pf}.gpkg.tar")}},
                    desc(SIGNATURE_MEDIA_TYPE, &sig),
                ],
                "annotations": {"dev.railyard.cpv": rec.cpv, "dev.railyard.input-hash": hash, "dev.railyard.repository": rec.repo},
            });
            let body = serde_json::to_vec(&manifest)?;
            self.client
                .push_manifest_raw(&r, body, http::HeaderValue::from_static(MANIFEST_MEDIA_TYPE))
                .await
                .with_context(|| format!("pushing the manifest of {} to {}", rec.cpv, self.name))?;
            Ok(())
        })
    }
}

/// The trusted key for pulls: `--binhost-key`, else `$RAILYARD_BINHOST_KEY`.
pub fn trusted_key(flag: Option<&Path>) -> Result<Option<VerifyingKey>> {
    let p = flag.map(Path::to_path_buf).or_else(|| std::env::var_os(BINHOST_KEY_ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
    match p {
        Some(p) => Ok(Some(railyard_attest::keys::load_verifying_key_file(&p).map_err(|e| anyhow!("--binhost-key={}: {e}", p.display()))?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(parse_name("127.0.0.1:5000/railyard/amd64-usr").unwrap(), ("127.0.0.1:5000".into(), "railyard/amd64-usr".into()));
        for bad in ["registry", "reg/", "reg/Upper", "reg/a//b", "reg/-a", "reg istry/x", "reg/a b"] {
            assert!(parse_name(bad).is_err(), "{bad}");
        }
        assert!(is_loopback("127.0.0.1:5000") && is_loopback("localhost") && is_loopback("[::1]:80"));
        assert!(!is_loopback("registry.example.com:5000") && !is_loopback("10.0.0.1"));
    }

    #[test]
    fn credentials_come_from_the_most_specific_auth_entry() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let json = format!(
            r#"{{"auths": {{"https://reg.example:5000": {{"auth": "{}"}}, "reg.example:5000/team": {{"auth": "{}"}}, "other": {{"auth": "{}"}}}}}}"#,
            b64("u1:p1"),
            b64("u2:p:2"),
            b64("u3:p3")
        );
        match auth_from(json.as_bytes(), "reg.example:5000", "team/amd64") {
            Some(RegistryAuth::Basic(u, p)) => assert_eq!((u.as_str(), p.as_str()), ("u2", "p:2")),
            a => panic!("{a:?}"),
        }
        match auth_from(json.as_bytes(), "reg.example:5000", "else/amd64") {
            Some(RegistryAuth::Basic(u, _)) => assert_eq!(u, "u1"),
            a => panic!("{a:?}"),
        }
        assert!(auth_from(json.as_bytes(), "nowhere", "x").is_none());
    }
}
