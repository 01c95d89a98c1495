//! Export: threat_composer (being written).

use super::Context;
use crate::session::Session;

/// The session as threat_composer.
pub fn render(_session: &Session, _ctx: &Context) -> String {
    String::new()
}
