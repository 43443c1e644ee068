//! Shared pieces of Railyard: where the repository is, board configuration, the external
//! command runner, SOURCE_DATE_EPOCH, and stage timing.

pub mod beneath;
pub mod board;
pub mod cleanup;
pub mod cmd;
pub mod repo;
pub mod rundir;
pub mod stage;
pub mod progress;
pub mod time;
pub mod tools;

pub use board::Board;
pub use cmd::Cmd;
