//! The release stage of `build_sysext`: the extension's DIGESTS, its SPDX SBOM (the
//! packages it holds) and its signed SLSA v1 provenance, written next to `NAME.raw` so
//! `./verify DIR` checks them like an image's.

use crate::provenance::{invocation_id, sha256_file, tree_dep, which, BUILDER_CI, BUILDER_LOCAL};
use anyhow::Result;
use railyard_attest::release::{ReleaseOutputs, ReleaseSpec, SbomSpec};
use railyard_attest::slsa::{BuildDefinition, BuildMetadata, Builder, Provenance, ResourceDescriptor, RunDetails};
use railyard_attest::spdx::{ImageInput, PackageInput, SbomOptions};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// `buildDefinition.buildType` of `build_sysext`.
pub const BUILD_TYPE: &str = "https://railyard.invalid/buildtypes/build_sysext/v1";

/// Attests the outputs of `s` (built at `started` from the checkout `root`), signed with `key`
/// when given.
pub fn attest(root: &Path, s: &railyard_sysext::Summary, flags: &[String], key: Option<&ed25519_dalek::SigningKey>, started: std::time::SystemTime) -> Result<ReleaseOutputs> {
    let board = railyard_core::Board::load(root, &s.board)?;
    let supplier = Some(format!("Organization: {}", board.os.name));
    let packages = s
        .binpkgs
        .iter()
        .map(|b| {
            let (cat, pf) = b.cpv.split_once('/').unwrap_or(("", &b.cpv));
            let (pn, ver) = railyard_packages::atom::split_pv(pf).map(|(n, v)| (n, v.to_string())).unwrap_or((pf.to_string(), String::new()));
            PackageInput {
                category: Some(cat.to_string()),
                name: pn,
                version: Some(ver),
                gentoo_license: Some(b.license.clone()),
                supplier: supplier.clone(),
                sha256: Some(b.sha256.clone()),
                purpose: Some("APPLICATION".into()),
                comment: Some(format!("ebuild repository {}; binary package input hash {}; {}", b.repo, b.input_hash, b.description)),
                ..Default::default()
            }
        })
        .collect();
    let image_file = format!("{}.raw", s.name);
    let sbom = SbomSpec {
        file_name: format!("{}_sbom.json", s.name),
        image_file: image_file.clone(),
        image: ImageInput { name: s.name.clone(), version: s.version_id.clone(), supplier, digests: None },
        packages,
        options: SbomOptions::new(s.source_date_epoch as i64),
    };
    let mut ext = BTreeMap::new();
    ext.insert("board".into(), Value::from(s.board.clone()));
    ext.insert("name".into(), Value::from(s.name.clone()));
    ext.insert("packages".into(), json!(s.packages));
    ext.insert("base_version_id".into(), Value::from(s.version_id.clone()));
    ext.insert("in_base".into(), json!(s.in_base));
    ext.insert("moved".into(), json!(s.moved));
    ext.insert("dropped".into(), json!(s.dropped));
    ext.insert("flags".into(), json!(flags));
    let mut int = BTreeMap::new();
    int.insert("source_date_epoch".into(), Value::from(s.source_date_epoch));
    int.insert("os_id".into(), Value::from(board.os.id.clone()));
    int.insert("architecture".into(), Value::from(s.architecture.clone()));
    int.insert("root_hash".into(), Value::from(s.root_hash.clone()));
    int.insert("railyard_version".into(), Value::from(env!("CARGO_PKG_VERSION")));
    let mut deps = Vec::new();
    if let Some(commit) = railyard_core::repo::head_commit(root) {
        let mut d = ResourceDescriptor { name: Some("railyard-repository".into()), ..Default::default() };
        d.digest.insert("gitCommit".into(), commit);
        deps.push(d);
    }
    deps.push(tree_dep(root, "board-configs"));
    for b in &s.binpkgs {
        let mut d = ResourceDescriptor { name: Some(format!("binpkg:{}", b.cpv)), ..Default::default() };
        d.digest.insert("sha256".into(), b.sha256.clone());
        d.annotations.insert("inputHash".into(), Value::from(b.input_hash.clone()));
        d.annotations.insert("repository".into(), Value::from(b.repo.clone()));
        deps.push(d);
    }
    let mut tools = Vec::new();
    if let Some(p) = which("mkfs.erofs") {
        if let Some(h) = sha256_file(&p) {
            let mut d = ResourceDescriptor { name: Some("mkfs.erofs".into()), uri: Some(format!("file://{}", p.display())), ..Default::default() };
            d.digest.insert("sha256".into(), h);
            tools.push(d);
        }
    }
    let builder_id = std::env::var("RAILYARD_BUILDER_ID")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| if std::env::var_os("CI").is_some() { BUILDER_CI } else { BUILDER_LOCAL }.to_string());
    let prov = Provenance {
        build_definition: BuildDefinition { build_type: BUILD_TYPE.into(), external_parameters: ext, internal_parameters: int, resolved_dependencies: deps },
        run_details: RunDetails {
            builder: Builder {
                id: builder_id,
                version: BTreeMap::from([("railyard".to_string(), env!("CARGO_PKG_VERSION").to_string())]),
                builder_dependencies: tools,
            },
            metadata: Some(BuildMetadata::from_epochs(Some(invocation_id()), Some(crate::epoch_secs(started)), Some(crate::epoch_secs(std::time::SystemTime::now())))?),
            byproducts: vec![],
        },
    };
    let files = s.outputs.iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
    let spec = ReleaseSpec { dir: s.build_dir.clone(), files, name: s.name.clone(), provenance: prov, sbom: Some(sbom), threads: 0 };
    Ok(railyard_attest::release::attest_release_opt(&spec, key)?)
}
