//! `E`: exporting the session on screen. The form picks a format and a
//! path; the loop writes the file through `store` and answers with
//! [`Action::Exported`], which notes the export in the timeline (the
//! radar's [3.3.1] reads it) and keeps the path in the status bar.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::App;
use super::forms::Submitted;
use crate::action::Effect;
use crate::export::Format;
use crate::form::{Field, Form, Purpose};

/// `payments-api` from "Payments API!": a file name from a title (the
/// issues export's rule), `session` when nothing is left.
fn slug(title: &str) -> String {
    match crate::export::issues::slug(title) {
        s if s.is_empty() => "session".into(),
        s => s,
    }
}

/// Where an export of `title` in `format` goes by default: the current
/// folder, named after the session.
pub fn default_path(title: &str, format: Format) -> String {
    match format {
        Format::Issues => format!("{}-issues", slug(title)),
        f => format!("{}.{}", slug(title), f.extension()),
    }
}

impl App {
    pub(super) fn open_export(&mut self) {
        let Some(title) = self.session.as_ref().map(|s| s.title.clone()) else {
            return;
        };
        let options = Format::ALL
            .iter()
            .map(|f| format!("{} — {}", f.name(), f.about()))
            .collect();
        self.push_form(
            Form::new(
                Purpose::Export,
                " Export the session ",
                vec![
                    Field::choice("Format", options, 0),
                    Field::line("Write to (blank: named after the session)", ""),
                ],
            )
            .with_help(format!(
                "A path relative to where tamer was started; for issues, a folder. Blank: {}",
                default_path(&title, Format::Md)
            )),
        );
    }

    pub(super) fn submit_export(&mut self, form: &Form) -> Submitted {
        let format = Format::ALL
            .get(form.index("Format"))
            .copied()
            .unwrap_or(Format::Md);
        let typed = form.get("Write to (blank: named after the session)");
        let path = match typed.trim() {
            "" => default_path(
                self.session
                    .as_ref()
                    .map_or("session", |s| s.title.as_str()),
                format,
            ),
            t => t.to_owned(),
        };
        self.layers.pop();
        self.status = Some(format!("Exporting {} to {path}…", format.name()));
        Ok(vec![Effect::Export {
            format,
            path: PathBuf::from(path),
        }])
    }

    /// The export is written: noted in the timeline (with the mitigations
    /// it carried), and its path kept in the status bar.
    pub(super) fn exported(
        &mut self,
        format: Format,
        path: &Path,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        self.status = Some(format!("Exported {} to {}", format.name(), path.display()));
        let writable = self.read_only.is_none();
        match self.session.as_mut() {
            Some(session) if writable => {
                let carried = crate::export::carried(session, format);
                session.exported(format.name(), carried, now);
                vec![Effect::Save]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_paths_are_named_after_the_session() {
        assert_eq!(default_path("Payments API!", Format::Md), "payments-api.md");
        assert_eq!(default_path("../../etc", Format::Issues), "etc-issues");
        assert_eq!(default_path("€", Format::ThreatDragon), "session.td.json");
    }
}
