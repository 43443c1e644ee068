//! Benchmarks of Railyard against the stock tools (`./bench`), and the synthetic Portage
//! repository generator they and the planner tests use. A support crate: the product
//! (`railyard`) does not link it.
//!
//! Imports only go down: `stock` (verity, build_image and the dispatcher) → `packages` →
//! `synthrepo`, `measure`.

pub mod binhost;
pub mod cluster;
pub mod image_to_vm;
pub mod measure;
pub mod packages;
pub mod plan;
pub mod secureboot;
pub mod stock;
pub mod synthrepo;
pub mod sysext;
pub mod update;

pub use stock::{run, BenchArgs};
pub mod tests;
