//! Export: one Markdown file per essential mitigation (being written).

use super::Context;
use crate::session::Session;

/// (file name, text) for each live essential mitigation.
pub fn render(_session: &Session, _ctx: &Context) -> Vec<(String, String)> {
    Vec::new()
}
