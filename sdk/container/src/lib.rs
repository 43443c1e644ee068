//! The SDK container: a reproducible OCI image built from Debian packages with mmdebstrap,
//! written as an OCI archive by our own code (so its digest is ours to keep stable), and a
//! runner for podman or docker that needs no `--privileged` and no `/dev`.

pub mod engine;
pub mod oci;
pub mod sdkimage;
pub mod session;
