//! Detectors: mitigation.

use crate::radar::{Ctx, Flag};

/// [3.2.2] (not written yet)
pub fn overkill(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.2.3] (not written yet)
pub fn underkill(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.2.10b] (not written yet)
pub fn no_harm_reduction(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.2.11] (not written yet)
pub fn vague_mitigation(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.2.12] (not written yet)
pub fn essentials_and_ideas(_ctx: &Ctx) -> Option<Flag> {
    None
}
