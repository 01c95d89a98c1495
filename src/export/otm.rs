//! Export: otm (being written).

use super::Context;
use crate::session::Session;

/// The session as otm.
pub fn render(_session: &Session, _ctx: &Context) -> String {
    String::new()
}
