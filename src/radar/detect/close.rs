//! Detectors: close.

use crate::radar::{Ctx, Flag};

/// [3.3.1] (not written yet)
pub fn split_brain(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [4.4.1] (not written yet)
pub fn not_reflecting(_ctx: &Ctx) -> Option<Flag> {
    None
}
