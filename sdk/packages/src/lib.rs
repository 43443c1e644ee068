//! `build_packages`: Gentoo-style overlays in, content-addressed binary packages out.
//!
//! Portage executes the ebuilds (one `ebuild … package` per package, in its own
//! temporary root and namespace); Railyard owns everything around it: reading the
//! repositories and their metadata cache, the plan and every package's input hash,
//! the scheduler, logs and progress, the binary-package store, and installing
//! binary packages into roots with a Portage-compatible package database.

pub mod atom;
pub mod binhost;
pub mod depend;
pub mod version;
pub mod gpkg;
pub mod install;
pub mod engine;
pub mod fetch;
pub mod plan;
pub mod portage;
pub mod profile;
pub mod repo;
pub mod store;
pub mod report;
pub mod slurm;
pub mod sysroot;
