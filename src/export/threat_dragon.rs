//! Export: threat_dragon (being written).

use super::Context;
use crate::session::Session;

/// The session as threat_dragon.
pub fn render(_session: &Session, _ctx: &Context) -> String {
    String::new()
}
