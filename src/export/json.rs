//! Export: json (being written).

use super::Context;
use crate::session::Session;

/// The session as json.
pub fn render(_session: &Session, _ctx: &Context) -> String {
    String::new()
}
