//! Detectors: time.

use crate::radar::{Ctx, Flag};

/// [T.1] (not written yet)
pub fn overrun(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [T.2] (not written yet)
pub fn long_break(_ctx: &Ctx) -> Option<Flag> {
    None
}
