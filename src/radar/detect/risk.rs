//! Detectors: risk.

use crate::radar::{Ctx, Flag};

/// [3.1.1] (not written yet)
pub fn no_risk_assessment(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.1.4] (not written yet)
pub fn bad_accept(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.1.5] (not written yet)
pub fn all_acceptable(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.1.7] (not written yet)
pub fn all_critical(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.1.8] (not written yet)
pub fn untrusted_scheme(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [3.1.10] (not written yet)
pub fn never_ending_rating(_ctx: &Ctx) -> Option<Flag> {
    None
}
