//! Detectors: discovery.

use crate::radar::{Ctx, Flag};

/// [2.1.4] (not written yet)
pub fn stuck_in_discovery(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.5] (not written yet)
pub fn never_ending_discovery(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.6] (not written yet)
pub fn irrelevant_threats(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.7] (not written yet)
pub fn loss_of_big_picture(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.8] (not written yet)
pub fn lack_of_focus(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.9] (not written yet)
pub fn long_excursion(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.10] (not written yet)
pub fn rewind(_ctx: &Ctx) -> Option<Flag> {
    None
}

/// [2.1.11b] (not written yet)
pub fn categorization_quibbles(_ctx: &Ctx) -> Option<Flag> {
    None
}
