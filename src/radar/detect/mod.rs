//! Every detector, one small pure function each, grouped by phase.
//!
//! [`DETECTORS`] lists them in catalogue order; that is the order flags of
//! one severity are shown in.

mod close;
mod discovery;
mod mitigation;
mod model;
mod people;
mod risk;
mod time;
mod words;

#[cfg(test)]
pub(crate) mod testkit;

use super::Detector;

/// Every detector, in catalogue order.
pub const DETECTORS: &[Detector] = &[
    model::too_abstract,                // [1.3.1]
    model::too_detailed,                // [1.3.2]
    model::representation_miss,         // [1.3.3]
    discovery::stuck_in_discovery,      // [2.1.4]
    discovery::never_ending_discovery,  // [2.1.5]
    discovery::irrelevant_threats,      // [2.1.6]
    discovery::loss_of_big_picture,     // [2.1.7]
    discovery::lack_of_focus,           // [2.1.8]
    discovery::long_excursion,          // [2.1.9]
    discovery::rewind,                  // [2.1.10]
    discovery::categorization_quibbles, // [2.1.11b]
    risk::no_risk_assessment,           // [3.1.1]
    risk::bad_accept,                   // [3.1.4]
    risk::all_acceptable,               // [3.1.5]
    risk::all_critical,                 // [3.1.7]
    risk::untrusted_scheme,             // [3.1.8]
    risk::never_ending_rating,          // [3.1.10]
    mitigation::overkill,               // [3.2.2]
    mitigation::underkill,              // [3.2.3]
    mitigation::no_harm_reduction,      // [3.2.10b]
    mitigation::vague_mitigation,       // [3.2.11]
    mitigation::essentials_and_ideas,   // [3.2.12]
    close::split_brain,                 // [3.3.1]
    close::not_reflecting,              // [4.4.1]
    people::one_voice,                  // [X.1.1]
    time::overrun,                      // [T.1]
    time::long_break,                   // [T.2]
];
