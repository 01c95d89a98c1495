//! Detectors: people.

use crate::radar::{Ctx, Flag};

/// [X.1.1] (not written yet)
pub fn one_voice(_ctx: &Ctx) -> Option<Flag> {
    None
}
