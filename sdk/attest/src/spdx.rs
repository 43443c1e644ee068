//! SPDX 2.3 JSON SBOM for an OS image.
//!
//! The document has one package for the image (`primaryPackagePurpose: OPERATING-SYSTEM`, with the
//! image's SHA-256/SHA-512) and one per installed package. Relationships:
//! `SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image` and `SPDXRef-Image CONTAINS <pkg>`.
//!
//! Determinism: packages are sorted (category, name, version), SPDX ids are derived from those
//! fields, `created` comes from the caller (normally `SOURCE_DATE_EPOCH`), and `documentNamespace`
//! is `<namespace_base>/<image name>-<sha256>` where the hash is over the canonical JSON of the
//! document with an empty namespace. No randomness, no clock.
//!
//! Licences: [`gentoo_license_to_spdx`] converts a Gentoo `LICENSE` value to an SPDX expression. Any
//! token without a known SPDX id makes the whole result `NOASSERTION` (never a guess).
//! `licenseDeclared` is that conversion; `licenseConcluded` is `NOASSERTION` unless the caller sets
//! it (nobody has reviewed the files).

use crate::digests::FileDigests;
use crate::error::{Error, Result};
use crate::json::{canonical_json, canonical_json_pretty};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// `NOASSERTION`.
pub const NOASSERTION: &str = "NOASSERTION";
/// Default base for `documentNamespace`.
pub const DEFAULT_NAMESPACE_BASE: &str = "https://spdx.org/spdxdocs/railyard";
/// SPDX id of the image package.
pub const IMAGE_SPDXID: &str = "SPDXRef-Image";

/// Gentoo licence token → SPDX licence id. Gentoo's `BSD` is the 3-clause text, `Artistic` is
/// Perl's Artistic 1.0, `openssl` the OpenSSL/SSLeay dual licence text.
pub const GENTOO_LICENSE_MAP: &[(&str, &str)] = &[
    ("0BSD", "0BSD"),
    ("AGPL-3", "AGPL-3.0-only"),
    ("AGPL-3+", "AGPL-3.0-or-later"),
    ("Apache-1.1", "Apache-1.1"),
    ("Apache-2.0", "Apache-2.0"),
    (
        "Apache-2.0-with-LLVM-exceptions",
        "Apache-2.0 WITH LLVM-exception",
    ),
    ("Artistic", "Artistic-1.0-Perl"),
    ("Artistic-2", "Artistic-2.0"),
    ("BSD", "BSD-3-Clause"),
    ("BSD-1", "BSD-1-Clause"),
    ("BSD-2", "BSD-2-Clause"),
    ("BSD-4", "BSD-4-Clause"),
    ("BSD-2-Clause", "BSD-2-Clause"),
    ("BSD-3-Clause", "BSD-3-Clause"),
    ("Boost-1.0", "BSL-1.0"),
    ("BZIP2", "bzip2-1.0.6"),
    ("CC0-1.0", "CC0-1.0"),
    ("CC-BY-3.0", "CC-BY-3.0"),
    ("CC-BY-4.0", "CC-BY-4.0"),
    ("CC-BY-SA-3.0", "CC-BY-SA-3.0"),
    ("CC-BY-SA-4.0", "CC-BY-SA-4.0"),
    ("curl", "curl"),
    ("FDL-1.1", "GFDL-1.1-only"),
    ("FDL-1.1+", "GFDL-1.1-or-later"),
    ("FDL-1.2", "GFDL-1.2-only"),
    ("FDL-1.2+", "GFDL-1.2-or-later"),
    ("FDL-1.3", "GFDL-1.3-only"),
    ("FDL-1.3+", "GFDL-1.3-or-later"),
    ("GPL-1", "GPL-1.0-only"),
    ("GPL-1+", "GPL-1.0-or-later"),
    ("GPL-2", "GPL-2.0-only"),
    ("GPL-2+", "GPL-2.0-or-later"),
    ("GPL-3", "GPL-3.0-only"),
    ("GPL-3+", "GPL-3.0-or-later"),
    ("HPND", "HPND"),
    ("ISC", "ISC"),
    ("LGPL-2", "LGPL-2.0-only"),
    ("LGPL-2+", "LGPL-2.0-or-later"),
    ("LGPL-2.1", "LGPL-2.1-only"),
    ("LGPL-2.1+", "LGPL-2.1-or-later"),
    ("LGPL-3", "LGPL-3.0-only"),
    ("LGPL-3+", "LGPL-3.0-or-later"),
    ("libpng", "Libpng"),
    ("libpng2", "libpng-2.0"),
    ("MIT", "MIT"),
    ("MPL-1.1", "MPL-1.1"),
    ("MPL-2.0", "MPL-2.0"),
    ("openssl", "OpenSSL"),
    ("PSF-2", "PSF-2.0"),
    ("Ruby", "Ruby"),
    ("Sleepycat", "Sleepycat"),
    ("UoI-NCSA", "NCSA"),
    ("Unicode-DFS-2016", "Unicode-DFS-2016"),
    ("Unlicense", "Unlicense"),
    ("vim", "Vim"),
    ("ZLIB", "Zlib"),
    ("ZPL", "ZPL-2.1"),
];

/// Map one Gentoo licence token to an SPDX id.
pub fn map_gentoo_token(token: &str) -> Option<&'static str> {
    GENTOO_LICENSE_MAP
        .iter()
        .find(|(g, _)| *g == token)
        .map(|(_, s)| *s)
}

#[derive(Debug)]
enum LicNode {
    Leaf(&'static str),
    All(Vec<LicNode>),
    Any(Vec<LicNode>),
}

/// Parse tokens up to the matching `)` (`nested`) or the end of input (top level). An unclosed
/// group, or a `)` at top level, is malformed (`None`).
fn parse_group<'a>(
    toks: &mut impl Iterator<Item = &'a str>,
    any: bool,
    nested: bool,
) -> Option<LicNode> {
    let mut items = Vec::new();
    let mut closed = false;
    while let Some(t) = toks.next() {
        match t {
            ")" if nested => {
                closed = true;
                break;
            }
            ")" => return None,
            "(" => items.push(parse_group(toks, false, true)?),
            "||" => {
                if toks.next()? != "(" {
                    return None;
                }
                items.push(parse_group(toks, true, true)?);
            }
            // USE-conditional `flag? ( ... )` / `!flag? ( ... )`: the licences may apply, so they are
            // included (AND) — an over-approximation, never an omission.
            t if t.ends_with('?') => {
                if toks.next()? != "(" {
                    return None;
                }
                items.push(parse_group(toks, false, true)?);
            }
            t => items.push(LicNode::Leaf(map_gentoo_token(t)?)),
        }
    }
    if nested && !closed {
        return None;
    }
    Some(if any {
        LicNode::Any(items)
    } else {
        LicNode::All(items)
    })
}

/// Precedence class of a rendered sub-expression (to decide where parentheses are needed).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prec {
    /// A single id or a `WITH` expression.
    Atom,
    /// `a AND b`.
    And,
    /// `a OR b`.
    Or,
}

fn render(node: &LicNode) -> Option<(String, Prec)> {
    match node {
        LicNode::Leaf(s) => Some(((*s).to_string(), Prec::Atom)),
        LicNode::All(v) | LicNode::Any(v) => {
            let is_and = matches!(node, LicNode::All(_));
            let mut parts: Vec<(String, Prec)> = Vec::new();
            for child in v {
                if let Some(r) = render(child) {
                    if !parts.contains(&r) {
                        parts.push(r);
                    }
                }
            }
            if parts.len() <= 1 {
                return parts.pop();
            }
            let strs: Vec<String> = parts
                .into_iter()
                .map(|(s, p)| {
                    // AND binds tighter than OR; WITH expressions are atoms but parenthesised for clarity.
                    let wrap = (is_and && p == Prec::Or) || (p == Prec::Atom && s.contains(' '));
                    if wrap {
                        format!("({s})")
                    } else {
                        s
                    }
                })
                .collect();
            Some(if is_and {
                (strs.join(" AND "), Prec::And)
            } else {
                (strs.join(" OR "), Prec::Or)
            })
        }
    }
}

/// Convert a Gentoo `LICENSE` value (tokens = AND, `|| ( a b )` = OR, `flag? ( ... )` included) to
/// an SPDX licence expression, or `NOASSERTION` if it is empty, malformed, or has an unknown token.
pub fn gentoo_license_to_spdx(license: &str) -> String {
    let spaced = license.replace('(', " ( ").replace(')', " ) ");
    let mut toks = spaced.split_whitespace();
    parse_group(&mut toks, false, false)
        .and_then(|t| render(&t))
        .map(|(s, _)| s)
        .unwrap_or_else(|| NOASSERTION.to_string())
}

/// Debian copyright-format licence short name → SPDX id (DEP-5 names, case-insensitive).
pub const DEBIAN_LICENSE_MAP: &[(&str, &str)] = &[
    ("Apache-2.0", "Apache-2.0"),
    ("Artistic", "Artistic-1.0-Perl"),
    ("BSD-2-clause", "BSD-2-Clause"),
    ("BSD-3-clause", "BSD-3-Clause"),
    ("BSD-4-clause", "BSD-4-Clause"),
    ("CC0", "CC0-1.0"),
    ("CC0-1.0", "CC0-1.0"),
    ("Expat", "MIT"),
    ("MIT", "MIT"),
    ("GPL-1", "GPL-1.0-only"),
    ("GPL-1+", "GPL-1.0-or-later"),
    ("GPL-2", "GPL-2.0-only"),
    ("GPL-2.0", "GPL-2.0-only"),
    ("GPL-2+", "GPL-2.0-or-later"),
    ("GPL-2.0+", "GPL-2.0-or-later"),
    ("GPL-3", "GPL-3.0-only"),
    ("GPL-3.0", "GPL-3.0-only"),
    ("GPL-3+", "GPL-3.0-or-later"),
    ("GPL-3.0+", "GPL-3.0-or-later"),
    ("ISC", "ISC"),
    ("LGPL-2", "LGPL-2.0-only"),
    ("LGPL-2+", "LGPL-2.0-or-later"),
    ("LGPL-2.1", "LGPL-2.1-only"),
    ("LGPL-2.1+", "LGPL-2.1-or-later"),
    ("LGPL-3", "LGPL-3.0-only"),
    ("LGPL-3+", "LGPL-3.0-or-later"),
    ("MPL-2.0", "MPL-2.0"),
    ("Zlib", "Zlib"),
];

/// Convert the `License:` short name of a Debian `copyright` file (DEP-5; `a or b`, `a and b`,
/// `a, b`) to an SPDX expression. Exceptions (`with ...`), unknown names and mixed and/or give
/// `NOASSERTION` (never a guess).
pub fn debian_license_to_spdx(license: &str) -> String {
    let l = license.trim();
    if l.is_empty() || l.to_ascii_lowercase().contains(" with ") {
        return NOASSERTION.to_string();
    }
    let lower = l.to_ascii_lowercase();
    let (parts, op): (Vec<&str>, &str) = if lower.contains(" or ") && !lower.contains(" and ") {
        (split_ci(l, " or "), " OR ")
    } else if lower.contains(" and ") && !lower.contains(" or ") {
        (split_ci(l, " and "), " AND ")
    } else if lower.contains(" or ") {
        return NOASSERTION.to_string();
    } else {
        (l.split(',').collect(), " AND ")
    };
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        let p = p.trim();
        match DEBIAN_LICENSE_MAP
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(p))
        {
            Some((_, s)) if !out.contains(s) => out.push(s),
            Some(_) => {}
            None => return NOASSERTION.to_string(),
        }
    }
    out.join(op)
}

fn split_ci<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = lower[start..].find(sep) {
        out.push(&s[start..start + i]);
        start += i + sep.len();
    }
    out.push(&s[start..]);
    out
}

/// Input: one installed package.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageInput {
    /// Gentoo category, e.g. `sys-apps` (used in the SPDX id and the purl).
    pub category: Option<String>,
    /// Package name, e.g. `systemd`.
    pub name: String,
    /// Version, e.g. `256.9-r1`.
    pub version: Option<String>,
    /// Gentoo `LICENSE` string (converted with [`gentoo_license_to_spdx`]).
    pub gentoo_license: Option<String>,
    /// Concluded licence (an SPDX expression), if someone reviewed it.
    pub license_concluded: Option<String>,
    /// Download location (source URI); `NOASSERTION` if unknown.
    pub download_location: Option<String>,
    /// Supplier, as `Organization: X` or `Person: X`.
    pub supplier: Option<String>,
    /// SHA-256 hex of the package (binpkg or source archive).
    pub sha256: Option<String>,
    /// Package URL; if unset and `category` is known: `pkg:ebuild/<category>/<name>@<version>`.
    pub purl: Option<String>,
    /// Declared licence as an SPDX expression (used instead of `gentoo_license` when set; e.g. from
    /// [`debian_license_to_spdx`]).
    pub license_declared: Option<String>,
    /// `primaryPackagePurpose` (`APPLICATION`, `LIBRARY`, `OPERATING-SYSTEM`, `ARCHIVE`, ...).
    pub purpose: Option<String>,
    /// Names of other packages of this SBOM that also contain this one (besides the image):
    /// `<that> CONTAINS <this>` relationships, e.g. packages whose files are in the initramfs.
    pub contained_in: Vec<String>,
    /// Free-text `comment`.
    pub comment: Option<String>,
}

/// Input: the image itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInput {
    /// Image name, e.g. `flatcar_production_image`.
    pub name: String,
    /// Image version.
    pub version: String,
    /// Supplier (`Organization: ...`).
    pub supplier: Option<String>,
    /// Digests of the image file (checksums SHA256 + SHA512).
    pub digests: Option<FileDigests>,
}

/// SBOM build options.
#[derive(Debug, Clone)]
pub struct SbomOptions {
    /// `creationInfo.created`, seconds since the epoch (use `SOURCE_DATE_EPOCH`).
    pub created_epoch: i64,
    /// Base URI for `documentNamespace` (no trailing slash needed).
    pub namespace_base: String,
    /// Tool version in `creators` (`Tool: railyard-<version>`).
    pub tool_version: String,
}

impl SbomOptions {
    /// Options with the default namespace base and this crate's version.
    pub fn new(created_epoch: i64) -> Self {
        SbomOptions {
            created_epoch,
            namespace_base: DEFAULT_NAMESPACE_BASE.to_string(),
            tool_version: crate::TOOL_VERSION.to_string(),
        }
    }
}

/// `creationInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreationInfo {
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub created: String,
    /// `Tool: railyard-<version>`.
    pub creators: Vec<String>,
}

/// `checksums[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checksum {
    /// `SHA256`, `SHA512`, ...
    pub algorithm: String,
    /// Lower-case hex.
    pub checksum_value: String,
}

/// `externalRefs[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalRef {
    /// `PACKAGE-MANAGER`, `SECURITY`, ...
    pub reference_category: String,
    /// `purl`, `cpe23Type`, ...
    pub reference_type: String,
    /// The reference.
    pub reference_locator: String,
}

/// `packages[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpdxPackage {
    /// `SPDXRef-...`.
    #[serde(rename = "SPDXID")]
    pub spdxid: String,
    /// Name.
    pub name: String,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_info: Option<String>,
    /// Supplier or `NOASSERTION`.
    pub supplier: String,
    /// URI or `NOASSERTION`.
    pub download_location: String,
    /// Always `false` (files are not listed).
    pub files_analyzed: bool,
    /// Checksums.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checksums: Vec<Checksum>,
    /// SPDX expression or `NOASSERTION`.
    pub license_concluded: String,
    /// SPDX expression or `NOASSERTION`.
    pub license_declared: String,
    /// `NOASSERTION`.
    pub copyright_text: String,
    /// `OPERATING-SYSTEM` for the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_package_purpose: Option<String>,
    /// purl and other references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_refs: Vec<ExternalRef>,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `relationships[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    /// Subject element.
    pub spdx_element_id: String,
    /// `DESCRIBES`, `CONTAINS`, ...
    pub relationship_type: String,
    /// Object element.
    pub related_spdx_element: String,
}

/// An SPDX 2.3 document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpdxDocument {
    /// `SPDX-2.3`.
    pub spdx_version: String,
    /// `CC0-1.0`.
    pub data_license: String,
    /// `SPDXRef-DOCUMENT`.
    #[serde(rename = "SPDXID")]
    pub spdxid: String,
    /// Document name.
    pub name: String,
    /// Unique URI, derived from the content hash.
    pub document_namespace: String,
    /// Creation info.
    pub creation_info: CreationInfo,
    /// Image package first, then installed packages in sorted order.
    pub packages: Vec<SpdxPackage>,
    /// Relationships.
    pub relationships: Vec<Relationship>,
}

impl SpdxDocument {
    /// Pretty canonical JSON (sorted keys, trailing newline), the on-disk form.
    pub fn to_json_pretty(&self) -> Result<Vec<u8>> {
        canonical_json_pretty(self)
    }
}

/// Make an SPDX id element: characters outside `[A-Za-z0-9.-]` become `-`.
pub fn sanitize_spdxid(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Percent-encodes a purl component (keeps `A-Za-z0-9._-~`).
pub fn purl_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"._-~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Build the SBOM. Errors on an empty image name, invalid `created` time, or a supplier not in
/// `Organization:`/`Person:` form.
pub fn build_sbom(
    image: &ImageInput,
    packages: &[PackageInput],
    opts: &SbomOptions,
) -> Result<SpdxDocument> {
    if image.name.trim().is_empty() {
        return Err(Error::Invalid("image name is empty".into()));
    }
    let supplier = |s: &Option<String>| -> Result<String> {
        match non_empty(s) {
            None => Ok(NOASSERTION.to_string()),
            Some(v)
                if v.starts_with("Organization: ")
                    || v.starts_with("Person: ")
                    || v == NOASSERTION =>
            {
                Ok(v.to_string())
            }
            Some(v) => Err(Error::Invalid(format!(
                "supplier {v:?} must start with 'Organization: ' or 'Person: '"
            ))),
        }
    };
    let mut image_checksums = Vec::new();
    if let Some(d) = &image.digests {
        image_checksums.push(Checksum {
            algorithm: "SHA256".into(),
            checksum_value: d.sha256_hex(),
        });
        image_checksums.push(Checksum {
            algorithm: "SHA512".into(),
            checksum_value: d.sha512_hex(),
        });
    }
    let mut out_pkgs = vec![SpdxPackage {
        spdxid: IMAGE_SPDXID.into(),
        name: image.name.clone(),
        version_info: Some(image.version.clone()).filter(|v| !v.is_empty()),
        supplier: supplier(&image.supplier)?,
        download_location: NOASSERTION.into(),
        files_analyzed: false,
        checksums: image_checksums,
        license_concluded: NOASSERTION.into(),
        license_declared: NOASSERTION.into(),
        copyright_text: NOASSERTION.into(),
        primary_package_purpose: Some("OPERATING-SYSTEM".into()),
        external_refs: vec![],
        comment: None,
    }];

    let mut sorted: Vec<&PackageInput> = packages.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.category, &a.name, &a.version).cmp(&(&b.category, &b.name, &b.version))
    });
    let mut used: BTreeSet<String> =
        BTreeSet::from([IMAGE_SPDXID.to_string(), "SPDXRef-DOCUMENT".to_string()]);
    let mut relationships = vec![Relationship {
        spdx_element_id: "SPDXRef-DOCUMENT".into(),
        relationship_type: "DESCRIBES".into(),
        related_spdx_element: IMAGE_SPDXID.into(),
    }];
    let mut ids_by_name: std::collections::BTreeMap<&str, String> = Default::default();
    let mut contained: Vec<(&str, String)> = Vec::new();
    for p in sorted {
        if p.name.trim().is_empty() {
            return Err(Error::Invalid("package with empty name".into()));
        }
        let mut base = String::from("SPDXRef-Package-");
        if let Some(c) = non_empty(&p.category) {
            base.push_str(&sanitize_spdxid(c));
            base.push('-');
        }
        base.push_str(&sanitize_spdxid(&p.name));
        if let Some(v) = non_empty(&p.version) {
            base.push('-');
            base.push_str(&sanitize_spdxid(v));
        }
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        let purl = match (non_empty(&p.purl), non_empty(&p.category)) {
            (Some(u), _) => Some(u.to_string()),
            (None, Some(cat)) => Some(format!(
                "pkg:ebuild/{}/{}{}",
                purl_escape(cat),
                purl_escape(&p.name),
                non_empty(&p.version)
                    .map(|v| format!("@{}", purl_escape(v)))
                    .unwrap_or_default()
            )),
            (None, None) => None,
        };
        let checksums = match non_empty(&p.sha256) {
            Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                vec![Checksum {
                    algorithm: "SHA256".into(),
                    checksum_value: h.to_ascii_lowercase(),
                }]
            }
            Some(h) => {
                return Err(Error::Invalid(format!(
                    "package {}: sha256 {h:?} is not 64 hex digits",
                    p.name
                )))
            }
            None => vec![],
        };
        out_pkgs.push(SpdxPackage {
            spdxid: id.clone(),
            name: p.name.clone(),
            version_info: non_empty(&p.version).map(str::to_string),
            supplier: supplier(&p.supplier)?,
            download_location: non_empty(&p.download_location)
                .unwrap_or(NOASSERTION)
                .to_string(),
            files_analyzed: false,
            checksums,
            license_concluded: non_empty(&p.license_concluded)
                .unwrap_or(NOASSERTION)
                .to_string(),
            license_declared: match non_empty(&p.license_declared) {
                Some(l) => l.to_string(),
                None => non_empty(&p.gentoo_license)
                    .map(gentoo_license_to_spdx)
                    .unwrap_or_else(|| NOASSERTION.to_string()),
            },
            copyright_text: NOASSERTION.into(),
            primary_package_purpose: non_empty(&p.purpose).map(str::to_string),
            external_refs: purl
                .map(|l| ExternalRef {
                    reference_category: "PACKAGE-MANAGER".into(),
                    reference_type: "purl".into(),
                    reference_locator: l,
                })
                .into_iter()
                .collect(),
            comment: non_empty(&p.comment).map(str::to_string),
        });
        relationships.push(Relationship {
            spdx_element_id: IMAGE_SPDXID.into(),
            relationship_type: "CONTAINS".into(),
            related_spdx_element: id.clone(),
        });
        ids_by_name
            .entry(p.name.as_str())
            .or_insert_with(|| id.clone());
        for c in &p.contained_in {
            contained.push((c.as_str(), id.clone()));
        }
    }
    for (container, id) in contained {
        let from = ids_by_name.get(container).ok_or_else(|| {
            Error::Invalid(format!(
                "package {id} is contained in {container:?}, which is not in the SBOM"
            ))
        })?;
        relationships.push(Relationship {
            spdx_element_id: from.clone(),
            relationship_type: "CONTAINS".into(),
            related_spdx_element: id,
        });
    }

    let mut doc = SpdxDocument {
        spdx_version: "SPDX-2.3".into(),
        data_license: "CC0-1.0".into(),
        spdxid: "SPDXRef-DOCUMENT".into(),
        name: match &image.version {
            v if v.is_empty() => image.name.clone(),
            v => format!("{}-{v}", image.name),
        },
        document_namespace: String::new(),
        creation_info: CreationInfo {
            created: crate::time::rfc3339_utc(opts.created_epoch)?,
            creators: vec![format!("Tool: railyard-{}", opts.tool_version)],
        },
        packages: out_pkgs,
        relationships,
    };
    let hash = hex::encode(Sha256::digest(canonical_json(&doc)?));
    doc.document_namespace = format!(
        "{}/{}-{hash}",
        opts.namespace_base.trim_end_matches('/'),
        purl_escape(&doc.name)
    );
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn license_mapping() {
        assert_eq!(gentoo_license_to_spdx("GPL-2"), "GPL-2.0-only");
        assert_eq!(
            gentoo_license_to_spdx("GPL-2+ LGPL-2.1+"),
            "GPL-2.0-or-later AND LGPL-2.1-or-later"
        );
        assert_eq!(
            gentoo_license_to_spdx("|| ( MIT Apache-2.0 )"),
            "MIT OR Apache-2.0"
        );
        assert_eq!(
            gentoo_license_to_spdx("BSD || ( MIT Apache-2.0 )"),
            "BSD-3-Clause AND (MIT OR Apache-2.0)"
        );
        assert_eq!(
            gentoo_license_to_spdx("ssl? ( openssl ) GPL-2"),
            "OpenSSL AND GPL-2.0-only"
        );
        assert_eq!(gentoo_license_to_spdx("MIT MIT"), "MIT");
        assert_eq!(
            gentoo_license_to_spdx("Apache-2.0-with-LLVM-exceptions MIT"),
            "(Apache-2.0 WITH LLVM-exception) AND MIT"
        );
        assert_eq!(gentoo_license_to_spdx("GPL-2 public-domain"), NOASSERTION);
        assert_eq!(gentoo_license_to_spdx("|| ( MIT"), NOASSERTION);
        assert_eq!(gentoo_license_to_spdx("MIT )"), NOASSERTION);
        assert_eq!(gentoo_license_to_spdx(""), NOASSERTION);
        assert_eq!(gentoo_license_to_spdx("|| MIT"), NOASSERTION);
    }

    #[test]
    fn debian_license_mapping() {
        assert_eq!(debian_license_to_spdx("GPL-2+"), "GPL-2.0-or-later");
        assert_eq!(
            debian_license_to_spdx("CC0 or Apache-2.0"),
            "CC0-1.0 OR Apache-2.0"
        );
        assert_eq!(debian_license_to_spdx("expat"), "MIT");
        assert_eq!(
            debian_license_to_spdx("GPL-2+ with OpenSSL exception"),
            NOASSERTION
        );
        assert_eq!(debian_license_to_spdx("public-domain"), NOASSERTION);
        assert_eq!(debian_license_to_spdx(""), NOASSERTION);
    }

    #[test]
    fn contained_in_relationships() {
        let doc = build_sbom(
            &ImageInput {
                name: "img".into(),
                version: "1".into(),
                supplier: None,
                digests: None,
            },
            &[
                PackageInput {
                    name: "initramfs".into(),
                    purpose: Some("ARCHIVE".into()),
                    ..Default::default()
                },
                PackageInput {
                    name: "busybox".into(),
                    contained_in: vec!["initramfs".into()],
                    ..Default::default()
                },
            ],
            &SbomOptions::new(0),
        )
        .unwrap();
        assert!(doc
            .relationships
            .iter()
            .any(|r| r.spdx_element_id == "SPDXRef-Package-initramfs"
                && r.relationship_type == "CONTAINS"
                && r.related_spdx_element == "SPDXRef-Package-busybox"));
        let bad = build_sbom(
            &ImageInput {
                name: "img".into(),
                version: "1".into(),
                supplier: None,
                digests: None,
            },
            &[PackageInput {
                name: "x".into(),
                contained_in: vec!["nope".into()],
                ..Default::default()
            }],
            &SbomOptions::new(0),
        );
        assert!(bad.is_err());
    }

    #[test]
    fn ids_are_sanitised_and_unique() {
        let pk = |n: &str| PackageInput {
            category: Some("dev-libs".into()),
            name: n.into(),
            version: Some("1.0_p1+x".into()),
            ..Default::default()
        };
        let doc = build_sbom(
            &ImageInput {
                name: "img".into(),
                version: "1".into(),
                supplier: None,
                digests: None,
            },
            &[pk("a b"), pk("a_b")],
            &SbomOptions::new(0),
        )
        .unwrap();
        let ids: Vec<&str> = doc.packages.iter().map(|p| p.spdxid.as_str()).collect();
        assert_eq!(
            ids,
            [
                "SPDXRef-Image",
                "SPDXRef-Package-dev-libs-a-b-1.0-p1-x",
                "SPDXRef-Package-dev-libs-a-b-1.0-p1-x-2"
            ]
        );
        assert_eq!(
            doc.packages[1].external_refs[0].reference_locator,
            "pkg:ebuild/dev-libs/a%20b@1.0_p1%2Bx"
        );
        assert!(doc
            .document_namespace
            .starts_with("https://spdx.org/spdxdocs/railyard/img-1-"));
    }
}
