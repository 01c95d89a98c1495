//! Detectors: model.

use crate::radar::{Ctx, Flag};

/// [1.3.1] (not written yet)
pub fn too_abstract(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [1.3.2] (not written yet)
pub fn too_detailed(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [1.3.3] (not written yet)
pub fn representation_miss(_ctx: &Ctx) -> Option<Flag> {
    None
}
