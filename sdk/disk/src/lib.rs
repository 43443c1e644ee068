//! Disk-level building blocks of a Railyard image: the declarative disk layout,
//! a GPT writer that keeps partition numbers (gaps included), deterministic UUIDs,
//! and a dm-verity hash tree writer compatible with `veritysetup format`.
//!
//! Everything here works on plain files at byte offsets: no loop devices, no
//! mounts, no privileges.

pub mod gpt;
pub mod guid;
pub mod layout;
pub mod mapped;
pub mod sha256mb;
pub mod size;
pub mod verity;

pub use guid::Guid;
pub use layout::{Layout, PartitionPlan, PlannedDisk};
