//! Changes to the retro [4.4.1].

use chrono::{DateTime, Utc};

use super::{clean_line, participant};
use crate::session::undo::Tx;
use crate::session::{EventKind, RetroLine, RetroList};

pub(crate) fn add(
    tx: &mut Tx<'_>,
    list: RetroList,
    text: &str,
    by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let text = clean_line(text);
    if text.is_empty() {
        return Err("A retro line needs some text".into());
    }
    let by = participant(tx.s, by)?;
    let mut retro = tx.s.retro.clone();
    retro.list_mut(list).push(RetroLine { text, by });
    tx.set_retro(retro);
    tx.log(now, EventKind::RetroAdded { list });
    Ok(format!("add a line to \"{}\"", list.label()))
}

pub(crate) fn delete(
    tx: &mut Tx<'_>,
    list: RetroList,
    index: usize,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let mut retro = tx.s.retro.clone();
    let lines = retro.list_mut(list);
    if index >= lines.len() {
        return Err(format!(
            "\"{}\" has no line {}",
            list.label(),
            index.saturating_add(1)
        ));
    }
    lines.remove(index);
    tx.set_retro(retro);
    tx.log(now, EventKind::RetroDeleted { list });
    Ok(format!("delete a line of \"{}\"", list.label()))
}
