//! One call to produce all release artefacts for a directory of image files:
//! digests → optional SPDX SBOM → `<file>.DIGESTS` for every file → SLSA v1 statement → DSSE
//! signature → `<name>.intoto.jsonl`.

use crate::digests::{self, FileDigests};
use crate::dsse::Envelope;
use crate::error::{Error, Result};
use crate::slsa::{write_intoto_jsonl, Provenance, ResourceDescriptor, Statement};
use crate::spdx::{build_sbom, ImageInput, PackageInput, SbomOptions, SpdxDocument};
use ed25519_dalek::SigningKey;
use std::path::{Path, PathBuf};

/// SBOM request for [`attest_release`].
#[derive(Debug, Clone)]
pub struct SbomSpec {
    /// Output file name in the release directory (e.g. `flatcar_production_image_sbom.json`).
    pub file_name: String,
    /// The image file (one of the release files) whose digests go into the image package.
    pub image_file: String,
    /// Image description (its `digests` field is filled in from `image_file`).
    pub image: ImageInput,
    /// Installed packages.
    pub packages: Vec<PackageInput>,
    /// SBOM options (`created` from `SOURCE_DATE_EPOCH`).
    pub options: SbomOptions,
}

/// Input for [`attest_release`].
#[derive(Debug, Clone)]
pub struct ReleaseSpec {
    /// Release directory.
    pub dir: PathBuf,
    /// File names (relative to `dir`) to attest; empty = every regular file in `dir` except
    /// `*.DIGESTS`, `*.intoto.jsonl`, `*.sig`, `*.asc`.
    pub files: Vec<String>,
    /// Base name of the provenance file: `<name>.intoto.jsonl`.
    pub name: String,
    /// The provenance predicate.
    pub provenance: Provenance,
    /// Optional SBOM to build, write, digest and include as a subject.
    pub sbom: Option<SbomSpec>,
    /// Hashing threads (0 = default).
    pub threads: usize,
}

/// What [`attest_release`] wrote.
#[derive(Debug, Clone)]
pub struct ReleaseOutputs {
    /// Digests of every subject file (including the SBOM), sorted by name.
    pub digests: Vec<(String, FileDigests)>,
    /// DIGESTS files written.
    pub digests_files: Vec<PathBuf>,
    /// The SBOM path and document, if requested.
    pub sbom: Option<(PathBuf, SpdxDocument)>,
    /// The statement that was signed.
    pub statement: Statement,
    /// The signed envelope.
    pub envelope: Envelope,
    /// `<dir>/<name>.intoto.jsonl`.
    pub envelope_path: PathBuf,
}

fn is_artefact_name(n: &str) -> bool {
    ![digests::DIGESTS_SUFFIX, ".intoto.jsonl", ".sig", ".asc"]
        .iter()
        .any(|s| n.ends_with(s))
}

/// List candidate release files in `dir` (see [`ReleaseSpec::files`]), sorted.
pub fn list_release_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| Error::io("list", dir, e))? {
        let e = e.map_err(|e| Error::io("list", dir, e))?;
        let ft = e
            .file_type()
            .map_err(|err| Error::io("stat", e.path(), err))?;
        if let (true, Some(n)) = (ft.is_file(), e.file_name().to_str()) {
            if is_artefact_name(n) {
                out.push(n.to_string());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A DSSE envelope carrying `statement` with no signatures.
pub fn unsigned_envelope(statement: &Statement) -> Result<Envelope> {
    use base64::Engine;
    Ok(Envelope {
        payload: base64::engine::general_purpose::STANDARD.encode(statement.to_json()?),
        payload_type: crate::dsse::IN_TOTO_PAYLOAD_TYPE.to_string(),
        signatures: vec![],
    })
}

/// Produce digests, DIGESTS files, the optional SBOM and the signed provenance for `spec.dir`.
pub fn attest_release(spec: &ReleaseSpec, key: &SigningKey) -> Result<ReleaseOutputs> {
    attest_release_opt(spec, Some(key))
}

/// [`attest_release`], or with `key == None` an **unsigned** envelope (DSSE envelope with an empty
/// `signatures` list) so the statement is still written; verifiers reject it until it is signed.
/// Every file is written atomically (temporary name, then rename).
pub fn attest_release_opt(spec: &ReleaseSpec, key: Option<&SigningKey>) -> Result<ReleaseOutputs> {
    let mut names = if spec.files.is_empty() {
        list_release_files(&spec.dir)?
    } else {
        spec.files.clone()
    };
    if let Some(s) = &spec.sbom {
        names.retain(|n| n != &s.file_name);
    }
    if let Some(bad) = names.iter().find(|n| !digests::is_safe_relative_name(n)) {
        return Err(Error::Invalid(format!(
            "release file name {bad:?} is not a relative path inside the directory"
        )));
    }
    let paths: Vec<PathBuf> = names.iter().map(|n| spec.dir.join(n)).collect();
    let mut all: Vec<(String, FileDigests)> = names
        .into_iter()
        .zip(digests::digest_files(&paths, spec.threads)?)
        .collect();

    let mut sbom_out = None;
    if let Some(s) = &spec.sbom {
        let image_fd = all
            .iter()
            .find(|(n, _)| n == &s.image_file)
            .map(|(_, fd)| fd.clone())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "SBOM image file {:?} is not among the release files",
                    s.image_file
                ))
            })?;
        let mut image = s.image.clone();
        image.digests = Some(image_fd);
        let doc = build_sbom(&image, &s.packages, &s.options)?;
        let p = spec.dir.join(&s.file_name);
        crate::write_atomic(&p, &doc.to_json_pretty()?)?;
        all.push((s.file_name.clone(), digests::digest_file(&p)?));
        sbom_out = Some((p, doc));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));

    let mut digests_files = Vec::with_capacity(all.len());
    for (_, fd) in &all {
        digests_files.push(digests::write_digests_file(fd)?);
    }
    let subjects = all
        .iter()
        .map(|(n, fd)| ResourceDescriptor::subject(n.clone(), fd))
        .collect();
    let statement = Statement::provenance(subjects, spec.provenance.clone())?;
    let envelope = match key {
        Some(k) => statement.sign(k)?,
        None => unsigned_envelope(&statement)?,
    };
    let envelope_path = spec.dir.join(format!("{}.intoto.jsonl", spec.name));
    write_intoto_jsonl(&envelope_path, std::slice::from_ref(&envelope))?;
    Ok(ReleaseOutputs {
        digests: all,
        digests_files,
        sbom: sbom_out,
        statement,
        envelope,
        envelope_path,
    })
}
