//! Integration tests for railyard-attest (one test binary).
//!
//! * `determinism` — same inputs give byte-identical artefacts.
//! * `interop_python` — independent verification with Python securesystemslib/cryptography,
//!   in-toto-attestation and spdx-tools (see `tests/requirements.txt`; missing packages fail the
//!   tests with install instructions, they are never skipped).
//! * `verify` — the offline verifier names every kind of tampering.

mod common;
mod determinism;
mod interop_python;
mod verify;
