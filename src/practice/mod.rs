//! Solo practice: scenarios (a small system with a brief, its model and the
//! threats a reviewer would expect) that a learner threat-models alone, and
//! the practice session built from one. Pure: `store` reads user scenario
//! files.

pub mod debrief;
pub mod hints;
pub mod scenario;

pub use scenario::{
    ReferenceThreat, Scenario, ScenarioBoundary, ScenarioElement, ScenarioFlow, builtin,
};
