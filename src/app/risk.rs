//! Phase 3 and 4 forms: decisions, mitigations, the retro.

use chrono::{DateTime, NaiveDate, Utc};

use super::forms::Submitted;
use super::{App, Layer};
use crate::form::{Field, Form, Purpose};
use crate::session::{
    Change, Decision, DecisionKind, Effort, MitigationDraft, MitigationStatus, Reduces, RetroList,
};

const DECIDE_LABELS: [&str; 3] = ["Reason, to whom, or how", "Accepted by", "Decision"];

impl App {
    /// `d` in the walk (or on a selected threat): how the team decides it.
    pub(super) fn open_decide(&mut self) {
        let Some(id) = self.walk_or_selected_threat() else {
            return;
        };
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let kinds = DecisionKind::ALL
            .iter()
            .map(|k| k.label().to_owned())
            .collect();
        let mut people = vec!["(nobody)".to_owned()];
        people.extend(s.participants.iter().cloned());
        let form = Form::new(
            Purpose::Decide { threat: id },
            format!(" Decide T{id} "),
            vec![
                Field::choice(DECIDE_LABELS[2], kinds, 0),
                Field::line(DECIDE_LABELS[0], ""),
                Field::choice(DECIDE_LABELS[1], people, 0),
            ],
        )
        .with_help(
            "Accept needs a reason and who accepts it [3.1.4]; transfer, to whom; avoid, how; not a threat, why.",
        );
        self.layers.push(Layer::Form(Box::new(form)));
    }

    pub(super) fn submit_decide(
        &mut self,
        threat: u32,
        form: &Form,
        now: DateTime<Utc>,
    ) -> Submitted {
        let kind = DecisionKind::ALL
            .get(form.index(DECIDE_LABELS[2]))
            .copied()
            .unwrap_or(DecisionKind::Mitigate);
        let words = form.get(DECIDE_LABELS[0]);
        let by = match form.index(DECIDE_LABELS[1]) {
            0 => String::new(),
            _ => form.get(DECIDE_LABELS[1]),
        };
        let decision = match kind {
            DecisionKind::Mitigate => Decision::Mitigate,
            DecisionKind::Accept => Decision::Accept { reason: words, by },
            DecisionKind::Transfer => Decision::Transfer { to: words },
            DecisionKind::Avoid => Decision::Avoid { how: words },
            DecisionKind::NotAThreat => Decision::NotAThreat { reason: words },
        };
        let change = Change::Decide {
            threat,
            decision: Some(decision),
        };
        let effects = self
            .apply(change, now)
            .map_err(|why| (DECIDE_LABELS[0], why))?;
        self.layers.pop();
        Ok(effects)
    }

    /// The threat in the walk, or else the one selected in the list.
    pub(super) fn walk_or_selected_threat(&self) -> Option<u32> {
        if self.view == super::View::Walk {
            self.walk_threat()
        } else {
            self.selected_threat()
        }
    }

    /// A mitigation: new for `threat` (its card's mitigation families are
    /// offered as a start), or the one with `id`.
    pub(super) fn open_mitigation_form(&mut self, id: Option<u32>, threat: Option<u32>) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let draft = id
            .and_then(|id| s.mitigation(id))
            .map(MitigationDraft::of)
            .unwrap_or_else(|| MitigationDraft {
                essential: true,
                ..MitigationDraft::new("", &threat.into_iter().collect::<Vec<_>>())
            });
        let families = threat
            .and_then(|t| s.threat(t))
            .and_then(|t| t.card.as_ref())
            .and_then(|c| self.library.card(&c.deck, &c.card))
            .map(|card| card.mitigations.clone())
            .unwrap_or_default();
        // The title comes first, so typing goes into it at once; the card's
        // mitigation families follow as a way to fill it without typing.
        let mut fields = vec![Field::line("Title", &draft.title)];
        if !families.is_empty() && id.is_none() {
            let mut options = vec!["(my own words)".to_owned()];
            options.extend(families);
            fields.push(Field::choice("Start from", options, 0));
        }
        let threats = draft
            .threats
            .iter()
            .map(|t| format!("T{t}"))
            .collect::<Vec<_>>()
            .join(", ");
        let (status, reason) = match &draft.status {
            MitigationStatus::WontDo { reason } => (3, reason.clone()),
            MitigationStatus::Planned => (0, String::new()),
            MitigationStatus::InProgress => (1, String::new()),
            MitigationStatus::Done => (2, String::new()),
        };
        fields.extend([
            Field::text("Description", &draft.description),
            Field::toggle("Essential (not just an idea)", draft.essential),
            Field::choice(
                "Reduces",
                Reduces::ALL.iter().map(|r| r.label().to_owned()).collect(),
                Reduces::ALL
                    .iter()
                    .position(|r| *r == draft.reduces)
                    .unwrap_or(0),
            ),
            Field::line("Done when (acceptance criteria)", &draft.criteria),
            Field::choice(
                "Effort",
                Effort::ALL.iter().map(|e| e.label().to_owned()).collect(),
                Effort::ALL
                    .iter()
                    .position(|e| *e == draft.effort)
                    .unwrap_or(1),
            ),
            Field::line("Owner", &draft.owner),
            Field::line(
                "Due (YYYY-MM-DD)",
                &draft.due.map(|d| d.to_string()).unwrap_or_default(),
            ),
            Field::choice(
                "Status",
                ["planned", "in progress", "done", "won't do"]
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
                status,
            ),
            Field::line("Won't do because", &reason),
            Field::line("Tames threats", &threats),
        ]);
        let title = match id {
            Some(id) => format!(" Mitigation M{id} "),
            None => " New mitigation ".to_owned(),
        };
        self.layers.push(Layer::Form(Box::new(
            Form::new(Purpose::Mitigation { id }, title, fields).with_help(
                "Essential or idea [3.2.12]; how we will know it is done [3.2.11]. Ctrl-S saves.",
            ),
        )));
    }

    pub(super) fn submit_mitigation(
        &mut self,
        id: Option<u32>,
        form: &Form,
        now: DateTime<Utc>,
    ) -> Submitted {
        let mut title = form.get("Title");
        if title.trim().is_empty() && form.index("Start from") > 0 {
            title = form.get("Start from");
        }
        let due = match form.get("Due (YYYY-MM-DD)").trim() {
            "" => None,
            text => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                (
                    "Due (YYYY-MM-DD)",
                    format!("\"{text}\" is not a date like 2026-12-31"),
                )
            })?),
        };
        let threats =
            parse_threat_ids(&form.get("Tames threats")).map_err(|why| ("Tames threats", why))?;
        let status = match form.index("Status") {
            1 => MitigationStatus::InProgress,
            2 => MitigationStatus::Done,
            3 => MitigationStatus::WontDo {
                reason: form.get("Won't do because"),
            },
            _ => MitigationStatus::Planned,
        };
        let draft = MitigationDraft {
            title,
            description: form.get("Description"),
            essential: form.on("Essential (not just an idea)"),
            reduces: Reduces::ALL
                .get(form.index("Reduces"))
                .copied()
                .unwrap_or_default(),
            criteria: form.get("Done when (acceptance criteria)"),
            effort: Effort::ALL
                .get(form.index("Effort"))
                .copied()
                .unwrap_or_default(),
            owner: form.get("Owner"),
            due,
            status,
            threats,
        };
        let change = match id {
            Some(id) => Change::EditMitigation(id, draft),
            None => Change::AddMitigation(draft),
        };
        let effects = self.apply(change, now).map_err(|why| ("Title", why))?;
        self.layers.pop();
        Ok(effects)
    }

    /// `l` on the selected mitigation: a picker of the threats it does not
    /// tame yet.
    pub(super) fn open_link_picker(&mut self) {
        let (Some(super::Row::Mitigation(id)), Some(s)) =
            (self.selected_row(), self.session.as_ref())
        else {
            self.status = Some("Select a mitigation first (L lists them)".into());
            return;
        };
        let options: Vec<String> = s
            .threats
            .iter()
            .filter(|t| s.mitigation(id).is_some_and(|m| !m.tames(t.id)))
            .map(|t| format!("T{} {}", t.id, t.title))
            .collect();
        if options.is_empty() {
            self.status = Some("It tames every threat already".into());
            return;
        }
        self.layers.push(Layer::Form(Box::new(
            Form::new(
                Purpose::LinkMitigation { id },
                format!(" M{id} also tames "),
                vec![Field::choice("Threat", options, 0)],
            )
            .with_help("←/→ or a number picks the threat; Enter links it."),
        )));
    }

    pub(super) fn submit_link(&mut self, id: u32, form: &Form, now: DateTime<Utc>) -> Submitted {
        let threat = form
            .get("Threat")
            .strip_prefix('T')
            .and_then(|t| t.split(' ').next())
            .and_then(|t| t.parse().ok())
            .ok_or(("Threat", "Pick a threat".to_owned()))?;
        let change = Change::LinkMitigation {
            mitigation: id,
            threat,
        };
        let effects = self.apply(change, now).map_err(|why| ("Threat", why))?;
        self.layers.pop();
        Ok(effects)
    }

    /// `R`: a line for the retro [4.4.1].
    pub(super) fn open_retro(&mut self) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let lists = RetroList::ALL
            .iter()
            .map(|l| l.label().to_owned())
            .collect();
        let mut people = vec!["(nobody)".to_owned()];
        people.extend(s.participants.iter().cloned());
        self.layers.push(Layer::Form(Box::new(
            Form::new(
                Purpose::Retro,
                " Retro ",
                vec![
                    Field::line("Line", ""),
                    Field::choice("List", lists, 0),
                    Field::choice("Said by", people, 0),
                ],
            )
            .with_help("What went well, what to change next time, lessons learned [4.4.1]."),
        )));
    }

    pub(super) fn submit_retro(&mut self, form: &Form, now: DateTime<Utc>) -> Submitted {
        let list = RetroList::ALL
            .get(form.index("List"))
            .copied()
            .unwrap_or(RetroList::WentWell);
        let by = match form.index("Said by") {
            0 => None,
            _ => Some(form.get("Said by")),
        };
        let change = Change::AddRetro {
            list,
            text: form.get("Line"),
            by,
        };
        let effects = self.apply(change, now).map_err(|why| ("Line", why))?;
        self.layers.pop();
        Ok(effects)
    }
}

/// "T1, T3 4" → [1, 3, 4].
fn parse_threat_ids(text: &str) -> Result<Vec<u32>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_start_matches(['T', 't'])
                .parse::<u32>()
                .map_err(|_| format!("\"{w}\" is not a threat like T3"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_threat_ids;

    #[test]
    fn threat_ids_are_read_leniently_and_refused_clearly() {
        assert_eq!(parse_threat_ids("T1, t3 4"), Ok(vec![1, 3, 4]));
        assert_eq!(parse_threat_ids(""), Ok(vec![]));
        assert!(parse_threat_ids("T1, x").is_err_and(|e| e.contains("\"x\"")));
    }
}
