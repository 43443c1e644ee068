//! The context of one run: board, base image, staging and work directories, the requested
//! compression, and the names derived from them.

use super::base::Base;
use super::spec::{Compression, FormatSpec};
use railyard_core::Board;
use std::path::PathBuf;

/// Inputs of the Secure Boot formats (`[qemu] secure_boot = true`) beyond the base image.
#[derive(Debug, Clone, Default)]
pub struct SecureBootInputs {
    /// PK certificate (PEM or DER); None: the image's db certificate (test/dev only).
    pub pk: Option<PathBuf>,
    /// KEK certificate (PEM or DER); None: the image's db certificate (test/dev only).
    pub kek: Option<PathBuf>,
}

pub(super) struct Ctx<'a> {
    pub(super) board: &'a Board,
    pub(super) base: &'a Base,
    pub(super) staging: PathBuf,
    pub(super) work: PathBuf,
    pub(super) compression: Option<Vec<Compression>>,
    pub(super) secure_boot: SecureBootInputs,
}

impl Ctx<'_> {
    /// `<os>_production_<format>`: the stem of a format's files.
    pub(super) fn prefix(&self, f: &FormatSpec) -> String {
        format!("{}_production_{}", self.board.os.id, f.name)
    }
    /// The VM name in launchers, OVF and AMI names.
    pub(super) fn vm_name(&self, f: &FormatSpec) -> String {
        format!("{}-{}", self.prefix(f), self.base.version).replace(['.', '+'], "-")
    }
    /// Seed of the writers' ids.
    pub(super) fn seed(&self, f: &FormatSpec) -> String {
        format!("{}:{}:{}", self.board.board.name, self.base.version, f.name)
    }
}
