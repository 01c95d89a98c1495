//! Opening forms and carrying out a submitted one.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use super::{App, Confirm, Layer, Row, Screen, parse_minutes, parse_participants};
use crate::action::{Action, Effect};
use crate::deck::ElementKind;
use crate::form::{Field, Form, Outcome, Purpose};
use crate::session::{
    Approach, BoundaryDraft, Change, ElementDraft, ExcursionTarget, FlowEnds, ParkDraft, Session,
    ThreatDraft,
};

/// The kinds offered when adding an element, in the order of the choice;
/// data flows have their own form (they need their ends).
pub const ELEMENT_CHOICES: [(ElementKind, bool, &str); 4] = [
    (ElementKind::Process, false, "Process"),
    (ElementKind::DataStore, false, "Data store"),
    (ElementKind::DataStore, true, "Data store that holds logs"),
    (ElementKind::ExternalEntity, false, "External entity"),
];

const NONE: &str = "(none)";
const NOBODY: &str = "(nobody)";

/// A choice of "(none)" and `options`, with `current` chosen.
fn choice_of(
    label: &'static str,
    none: &str,
    options: Vec<String>,
    current: Option<&str>,
) -> Field {
    let index = current
        .and_then(|c| options.iter().position(|o| o == c))
        .map_or(0, |i| i + 1);
    let mut all = vec![none.to_owned()];
    all.extend(options);
    Field::choice(label, all, index)
}

/// The chosen option of a "(none)" choice, if not "(none)".
fn chosen(form: &Form, label: &str) -> Option<String> {
    match form.index(label) {
        0 => None,
        _ => Some(form.get(label)),
    }
}

/// Elements as "P2 Payment API", with their ids, flows left out or not.
fn element_options(s: &Session, flows: bool) -> (Vec<String>, Vec<u32>) {
    s.model
        .iter()
        .filter(|e| flows || !e.is_flow())
        .map(|e| (format!("{} {}", e.tag(), e.name), e.id))
        .unzip()
}

/// The categories a threat can have: the cards of the session's decks
/// (for a walk, its category deck), by id.
fn categories(app: &App) -> Vec<String> {
    let Some(s) = app.session.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for id in &s.decks {
        let Some(deck) = app.library.get(id) else {
            continue;
        };
        let deck = deck
            .per_element
            .as_deref()
            .and_then(|c| app.library.get(c))
            .unwrap_or(deck);
        for card in &deck.cards {
            if !out.contains(&card.id) {
                out.push(card.id.clone());
            }
        }
    }
    out
}

impl App {
    /// Opens the new-session form with the budget and participants filled in.
    pub fn open_form_with(&mut self, minutes: u32, participants: &[String]) {
        self.open_new_session_form(minutes, participants);
    }

    pub(super) fn open_new_session_form(&mut self, minutes: u32, participants: &[String]) {
        let form = Form::new(
            Purpose::NewSession,
            " New session ",
            vec![
                Field::line("Title", ""),
                Field::line("Minutes", &minutes.to_string()),
                Field::line("Participants (comma-separated)", &participants.join(", ")),
            ],
        )
        .with_help(
            "Time boxes are scaled to the minutes you give; the record is saved after every change.",
        );
        self.layers.push(Layer::Form(Box::new(form)));
    }

    pub(super) fn push_form(&mut self, form: Form) {
        self.layers.push(Layer::Form(Box::new(form)));
    }

    /// `/`: a filter for the list with the focus.
    pub(super) fn open_filter(&mut self) {
        let current = self.cursor(self.focus()).filter.clone();
        self.push_form(
            Form::new(
                Purpose::Filter,
                " Filter ",
                vec![Field::line("Show rows with", &current)],
            )
            .with_help("Enter filters; an empty filter shows every row."),
        );
    }

    /// Enter on a list: the selected item, whole, in its form.
    pub(super) fn open_selected(&mut self) {
        match self.selected_row() {
            Some(Row::Threat(id)) => self.open_threat_form(Some(id), ""),
            Some(Row::Element(id)) => {
                let is_flow = self
                    .session
                    .as_ref()
                    .and_then(|s| s.element(id))
                    .is_some_and(|e| e.is_flow());
                if is_flow {
                    self.open_flow_form(Some(id));
                } else {
                    self.open_element_edit(id);
                }
            }
            Some(Row::Boundary(id)) => self.open_boundary_form(Some(id)),
            Some(Row::Parked(id)) => self.open_park_form(Some(id)),
            Some(Row::Mitigation(id)) => self.open_mitigation_form(Some(id), None),
            None => {}
        }
    }

    /// The full threat form: a new one (title carried over from the quick
    /// capture) or, with `id`, an existing one.
    pub(super) fn open_threat_form(&mut self, id: Option<u32>, title: &str) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let draft = id
            .and_then(|id| s.threat(id))
            .map(ThreatDraft::of)
            .unwrap_or_else(|| ThreatDraft {
                title: title.to_owned(),
                raised_by: s.approach.facilitator.clone(),
                ..ThreatDraft::default()
            });
        let cell = self.capture_cell.clone();
        let card_category = cell.as_ref().map(|c| c.card.clone());
        let card_element = cell.as_ref().and_then(|c| c.element);
        let (labels, ids) = element_options(s, true);
        let element = draft
            .element
            .or(card_element)
            .and_then(|e| ids.iter().position(|i| *i == e))
            .and_then(|i| labels.get(i).cloned());
        let mut cats = categories(self);
        let category = draft.category.clone().or(card_category);
        if let Some(c) = &category
            && !cats.contains(c)
        {
            cats.push(c.clone());
        }
        let title = match id {
            Some(id) => format!(" Threat T{id} "),
            None => " New threat ".to_owned(),
        };
        let form = Form::new(
            Purpose::Threat { id },
            title,
            vec![
                Field::line("Title", &draft.title),
                Field::text("Description", &draft.description),
                choice_of("Category", NONE, cats, category.as_deref()),
                choice_of("Element or flow", NONE, labels, element.as_deref()),
                choice_of(
                    "Raised by",
                    NOBODY,
                    s.participants.clone(),
                    draft.raised_by.as_deref(),
                ),
            ],
        )
        .with_help("Ctrl-S saves. In a choice, ←/→ or a number picks.");
        self.push_form(form);
    }

    fn open_element_edit(&mut self, id: u32) {
        let Some(e) = self.session.as_ref().and_then(|s| s.element(id)).cloned() else {
            return;
        };
        let choice = ELEMENT_CHOICES
            .iter()
            .position(|(k, logs, _)| *k == e.kind && *logs == e.holds_logs)
            .unwrap_or(0);
        self.open_element_form_with(Some(id), choice, &e.name, &e.description, e.boundary);
    }

    /// A data flow: source → destination, what it carries, its channel.
    pub(super) fn open_flow_form(&mut self, id: Option<u32>) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let (labels, ids) = element_options(s, false);
        if labels.len() < 2 {
            self.status =
                Some("A data flow needs two elements to run between: add them first (e)".into());
            return;
        }
        let e = id.and_then(|id| s.element(id)).cloned();
        let ends = e.as_ref().and_then(|e| e.flow.clone());
        let pick = |end: Option<u32>, default: usize| {
            end.and_then(|x| ids.iter().position(|i| *i == x))
                .unwrap_or(default)
        };
        let from = pick(ends.as_ref().map(|f| f.from), 0);
        let to = pick(ends.as_ref().map(|f| f.to), 1);
        let form = Form::new(
            Purpose::Flow { id },
            match id {
                Some(_) => " Data flow ",
                None => " Add a data flow ",
            },
            vec![
                Field::line("Name", e.as_ref().map_or("", |e| e.name.as_str())),
                Field::choice("From", labels.clone(), from),
                Field::choice("To", labels, to),
                Field::line("Carries", ends.as_ref().map_or("", |f| f.carries.as_str())),
                Field::line(
                    "Protocol",
                    ends.as_ref().map_or("", |f| f.protocol.as_str()),
                ),
                Field::toggle(
                    "Authenticated",
                    ends.as_ref().is_some_and(|f| f.authenticated),
                ),
                Field::toggle("Encrypted", ends.as_ref().is_some_and(|f| f.encrypted)),
            ],
        );
        self.push_form(form);
    }

    pub(super) fn open_boundary_form(&mut self, id: Option<u32>) {
        let b = id
            .and_then(|id| self.session.as_ref()?.boundary(id))
            .map(BoundaryDraft::of)
            .unwrap_or_default();
        let form = Form::new(
            Purpose::Boundary { id },
            " Trust boundary ",
            vec![
                Field::line("Name", &b.name),
                Field::text("Description", &b.description),
            ],
        )
        .with_help("A named zone: internet, DMZ, internal network, a cloud account…");
        self.push_form(form);
    }

    /// `p`: something for the parking lot [2.1.8].
    pub(super) fn open_park_form(&mut self, id: Option<u32>) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let draft = id
            .and_then(|id| s.parked(id))
            .map(ParkDraft::of)
            .unwrap_or_else(|| ParkDraft {
                text: String::new(),
                raised_by: s.approach.facilitator.clone(),
            });
        let form = Form::new(
            Purpose::Park { id },
            " Parking lot ",
            vec![
                Field::line("Park", &draft.text),
                choice_of(
                    "Raised by",
                    NOBODY,
                    s.participants.clone(),
                    draft.raised_by.as_deref(),
                ),
            ],
        )
        .with_help("Something to come back to, so discovery keeps its focus [2.1.8].")
        .enter_saves();
        self.push_form(form);
    }

    pub(super) fn open_drop_parked(&mut self, id: u32) {
        self.push_form(
            Form::new(
                Purpose::DropParked { id },
                " Drop from the parking lot ",
                vec![Field::line("Why", "")],
            )
            .enter_saves(),
        );
    }

    /// `X` while an excursion runs: what came of it, and where it goes.
    pub(super) fn open_end_excursion(&mut self) {
        let mut targets = vec!["the parking lot".to_owned(), "nowhere".to_owned()];
        if let Some(id) = self.selected_threat() {
            targets.insert(0, format!("threat T{id}"));
        }
        self.push_form(
            Form::new(
                Purpose::EndExcursion,
                " End the excursion ",
                vec![
                    Field::line("Outcome", ""),
                    Field::choice("Goes to", targets, 0),
                ],
            )
            .with_help("One line: what did the excursion find? [2.1.9]"),
        );
    }

    /// `o`: the approach of phase 0.
    pub(super) fn open_approach_form(&mut self) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let a = s.approach.clone();
        let people = s.participants.clone();
        let schemes: Vec<String> = self
            .schemes
            .iter()
            .map(|sc| format!("{} v{} · {}", sc.id, sc.version, sc.title))
            .collect();
        let current = self
            .schemes
            .iter()
            .position(|sc| sc.id == s.scheme.id && sc.version == s.scheme.version)
            .unwrap_or(0);
        self.push_form(Form::new(
            Purpose::Approach,
            " How we threat-model today ",
            vec![
                Field::text("Scope", &a.scope),
                Field::text("Out of scope", &a.out_of_scope),
                Field::line("Desired level of security", &a.security_level),
                choice_of(
                    "Facilitator",
                    NOBODY,
                    people.clone(),
                    a.facilitator.as_deref(),
                ),
                choice_of("Note keeper", NOBODY, people, a.note_keeper.as_deref()),
                Field::choice("Rating scheme", schemes, current),
            ],
        ));
    }

    /// `W`: who takes part.
    pub(super) fn open_participants_form(&mut self) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let people = s.participants.join(", ");
        self.push_form(
            Form::new(
                Purpose::Participants,
                " Participants ",
                vec![Field::line("Participants (comma-separated)", &people)],
            )
            .with_help("Add or remove names; a name removed is unset wherever it was used."),
        );
    }

    /// The one-line capture: Enter saves the threat at once.
    pub(super) fn open_quick_threat(&mut self) {
        let title = if self.capture_cell.is_some() {
            " Threat found with this card "
        } else {
            " New threat "
        };
        let form = Form::new(Purpose::QuickThreat, title, vec![Field::line("Threat", "")]);
        self.layers.push(Layer::Form(Box::new(form)));
    }

    /// The element form for a new element, with the kind at `choice` of
    /// [`ELEMENT_CHOICES`].
    pub(super) fn open_element_form(&mut self, choice: usize) {
        self.open_element_form_with(None, choice, "", "", None);
    }

    fn open_element_form_with(
        &mut self,
        id: Option<u32>,
        choice: usize,
        name: &str,
        description: &str,
        boundary: Option<u32>,
    ) {
        let kinds = ELEMENT_CHOICES
            .iter()
            .map(|(_, _, label)| (*label).to_owned())
            .collect();
        let (names, current) = match self.session.as_ref() {
            Some(s) => (
                s.boundaries.iter().map(|b| b.name.clone()).collect(),
                boundary.and_then(|b| s.boundary(b)).map(|b| b.name.clone()),
            ),
            None => (Vec::new(), None),
        };
        let mut form = Form::new(
            Purpose::Element { id },
            match id {
                Some(_) => " Element ",
                None => " Add an element ",
            },
            vec![
                Field::choice("Kind", kinds, choice),
                Field::line("Name", name),
                Field::text("Description", description),
                choice_of("Trust boundary", NONE, names, current.as_deref()),
            ],
        );
        if id.is_none() {
            form = form
                .with_help("Enter adds it and keeps the form open for the next one; Esc when done.")
                .enter_saves();
        }
        form.focus = 1;
        self.push_form(form);
    }

    pub(super) fn update_form(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let Action::Key(key) = action else {
            return Vec::new();
        };
        let Some(Layer::Form(form)) = self.layers.last_mut() else {
            return Vec::new();
        };
        // Tab on the quick capture opens the full form with what was typed.
        if form.purpose == Purpose::QuickThreat && key.code == KeyCode::Tab {
            let title = form.get("Threat");
            self.layers.pop();
            self.open_threat_form(None, &title);
            return Vec::new();
        }
        match form.key(key) {
            Outcome::Stay | Outcome::Other => Vec::new(),
            Outcome::Submit => self.submit(now),
            Outcome::Cancel => {
                if form.touched && form.has_text() {
                    self.layers.push(Layer::Confirm(Confirm::DiscardForm));
                } else {
                    self.layers.pop();
                    if key.code == KeyCode::Esc && self.screen == Screen::Launcher {
                        self.selected = 0;
                    }
                }
                Vec::new()
            }
        }
    }

    /// Carries out the form on top; a refused one stays open with why.
    fn submit(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(Layer::Form(form)) = self.layers.last() else {
            return Vec::new();
        };
        let form = (**form).clone();
        let result = match &form.purpose {
            Purpose::NewSession => self.submit_new_session(&form, now),
            Purpose::QuickThreat => self.submit_quick_threat(&form, now),
            Purpose::Element { id } => self.submit_element(*id, &form, now),
            Purpose::Threat { id } => self.submit_threat(*id, &form, now),
            Purpose::Flow { id } => self.submit_flow(*id, &form, now),
            Purpose::Boundary { id } => {
                let draft = BoundaryDraft {
                    name: form.get("Name"),
                    description: form.get("Description"),
                };
                let change = match id {
                    Some(id) => Change::EditBoundary(*id, draft),
                    None => Change::AddBoundary(draft),
                };
                self.apply_form(change, "Name", now)
            }
            Purpose::Park { id } => {
                let draft = ParkDraft {
                    text: form.get("Park"),
                    raised_by: chosen(&form, "Raised by"),
                };
                let change = match id {
                    Some(id) => Change::EditParked(*id, draft),
                    None => Change::Park(draft),
                };
                self.apply_form(change, "Park", now)
            }
            Purpose::DropParked { id } => {
                self.apply_form(Change::DropParked(*id, form.get("Why")), "Why", now)
            }
            Purpose::EndExcursion => {
                let goes = form.get("Goes to");
                let target = if let Some(t) = goes.strip_prefix("threat T") {
                    t.parse()
                        .map_or(ExcursionTarget::Nothing, ExcursionTarget::Threat)
                } else if goes == "the parking lot" {
                    ExcursionTarget::Parking
                } else {
                    ExcursionTarget::Nothing
                };
                let change = Change::EndExcursion {
                    outcome: form.get("Outcome"),
                    target,
                };
                self.apply_form(change, "Outcome", now)
            }
            Purpose::Approach => {
                let approach = Approach {
                    scope: form.get("Scope"),
                    out_of_scope: form.get("Out of scope"),
                    security_level: form.get("Desired level of security"),
                    facilitator: chosen(&form, "Facilitator"),
                    note_keeper: chosen(&form, "Note keeper"),
                };
                let scheme = self
                    .schemes
                    .get(form.index("Rating scheme"))
                    .map(|s| s.reference());
                let changed =
                    scheme.filter(|r| self.session.as_ref().is_some_and(|s| s.scheme != *r));
                // Chosen in phase 0 [3.1.3]; every rating records it.
                match changed.map(|r| self.apply(Change::SetScheme(r), now)) {
                    Some(Err(why)) => Err(("Rating scheme", why)),
                    _ => self.apply_form(Change::SetApproach(approach), "Scope", now),
                }
            }
            Purpose::Participants => {
                let label = "Participants (comma-separated)";
                let people = parse_participants(&form.get(label));
                self.apply_form(Change::SetParticipants(people), label, now)
            }
            Purpose::Override => self.submit_override(&form, now),
            Purpose::ReviewNote => self.submit_review_note(&form, now),
            Purpose::Decide { threat } => self.submit_decide(*threat, &form, now),
            Purpose::Mitigation { id } => self.submit_mitigation(*id, &form, now),
            Purpose::Retro => self.submit_retro(&form, now),
            Purpose::LinkMitigation { id } => self.submit_link(*id, &form, now),
            Purpose::Export => self.submit_export(&form),
            Purpose::Filter => {
                self.layers.pop();
                self.set_filter(&form.get("Show rows with"));
                Ok(Vec::new())
            }
        };
        match result {
            Ok(effects) => effects,
            Err((label, why)) => {
                if let Some(Layer::Form(form)) = self.layers.last_mut() {
                    form.refuse(label, why);
                }
                Vec::new()
            }
        }
    }

    /// Applies `change` and closes the form; a refusal names `label`.
    fn apply_form(&mut self, change: Change, label: &'static str, now: DateTime<Utc>) -> Submitted {
        let effects = self.apply(change, now).map_err(|why| (label, why))?;
        self.layers.pop();
        Ok(effects)
    }

    fn submit_threat(&mut self, id: Option<u32>, form: &Form, now: DateTime<Utc>) -> Submitted {
        let element = match form.index("Element or flow") {
            0 => None,
            i => self
                .session
                .as_ref()
                .and_then(|s| element_options(s, true).1.get(i - 1).copied()),
        };
        let draft = ThreatDraft {
            title: form.get("Title"),
            description: form.get("Description"),
            category: chosen(form, "Category"),
            element,
            raised_by: chosen(form, "Raised by"),
        };
        let change = match (id, self.capture_cell.take()) {
            (Some(id), _) => Change::EditThreat(id, draft),
            (None, Some(cell)) => Change::CaptureFromCard { draft, cell },
            (None, None) => Change::AddThreat(draft),
        };
        self.apply_form(change, "Title", now)
    }

    fn submit_flow(&mut self, id: Option<u32>, form: &Form, now: DateTime<Utc>) -> Submitted {
        let ids = self
            .session
            .as_ref()
            .map(|s| element_options(s, false).1)
            .unwrap_or_default();
        let end = |label| ids.get(form.index(label)).copied().unwrap_or(0);
        let mut draft = ElementDraft::new(ElementKind::DataFlow, &form.get("Name"));
        draft.flow = Some(FlowEnds {
            from: end("From"),
            to: end("To"),
            carries: form.get("Carries"),
            protocol: form.get("Protocol"),
            authenticated: form.on("Authenticated"),
            encrypted: form.on("Encrypted"),
        });
        let change = match id {
            Some(id) => Change::EditElement(id, draft),
            None => Change::AddElement(draft),
        };
        self.apply_form(change, "Name", now)
    }

    fn submit_new_session(&mut self, form: &Form, now: DateTime<Utc>) -> Submitted {
        let title = form.get("Title");
        let title = match title.trim() {
            "" => "Untitled session",
            t => t,
        };
        let minutes = parse_minutes(&form.get("Minutes")).map_err(|e| ("Minutes", e))?;
        self.script
            .check_budget(minutes)
            .map_err(|e| ("Minutes", e))?;
        let people = parse_participants(&form.get("Participants (comma-separated)"));
        self.session = Some(Session::new(title, minutes, people, &self.script, now));
        self.radar = crate::radar::Radar::default();
        self.screen = Screen::Session;
        self.layers.clear();
        Ok(vec![Effect::Save])
    }

    /// Enter saves the threat at once: category and element from the card
    /// on the table, raised by the facilitator.
    fn submit_quick_threat(&mut self, form: &Form, now: DateTime<Utc>) -> Submitted {
        let text = form.get("Threat");
        if text.trim().is_empty() {
            self.layers.pop();
            self.capture_cell = None;
            return Ok(Vec::new());
        }
        let draft = ThreatDraft {
            title: text,
            raised_by: self
                .session
                .as_ref()
                .and_then(|s| s.approach.facilitator.clone()),
            ..ThreatDraft::default()
        };
        let change = match self.capture_cell.take() {
            Some(cell) => Change::CaptureFromCard { draft, cell },
            None => Change::AddThreat(draft),
        };
        self.apply_form(change, "Threat", now)
    }

    /// Adds the element and keeps the form open, with the same kind, for
    /// the next one; or saves the one being edited.
    fn submit_element(&mut self, id: Option<u32>, form: &Form, now: DateTime<Utc>) -> Submitted {
        let choice = form.index("Kind").min(ELEMENT_CHOICES.len() - 1);
        let (kind, logs, _) = ELEMENT_CHOICES[choice];
        let boundary = match form.index("Trust boundary") {
            0 => None,
            i => self
                .session
                .as_ref()
                .and_then(|s| s.boundaries.get(i - 1))
                .map(|b| b.id),
        };
        let mut draft = ElementDraft::new(kind, &form.get("Name"));
        draft.holds_logs = logs;
        draft.description = form.get("Description");
        draft.boundary = boundary;
        let change = match id {
            Some(id) => Change::EditElement(id, draft),
            None => Change::AddElement(draft),
        };
        let effects = self.apply_form(change, "Name", now)?;
        if id.is_none() {
            self.open_element_form_with(None, choice, "", "", boundary);
        }
        Ok(effects)
    }

    /// Text typed in an open form when the facilitator quits is kept as the
    /// session's draft, so Ctrl-C never loses it.
    pub(super) fn keep_draft(&mut self, now: DateTime<Utc>) {
        let Some(form) = self.any_form() else {
            return;
        };
        if !form.has_text() || form.purpose == Purpose::NewSession {
            return;
        }
        let text = form
            .fields
            .iter()
            .map(Field::text_value)
            .filter(|t| !t.trim().is_empty() && t != NONE && t != NOBODY)
            .collect::<Vec<_>>()
            .join("\n");
        let what = form.title.trim().to_owned();
        if let Some(session) = self.session.as_mut() {
            session.set_draft(&what, &text, now);
        }
    }

    /// On resume, a kept draft comes back in the capture line.
    pub(super) fn restore_draft(&mut self, now: DateTime<Utc>) {
        let Some(draft) = self.session.as_mut().and_then(|s| s.draft.take()) else {
            return;
        };
        if let Some(s) = self.session.as_mut() {
            s.clear_draft(now);
        }
        self.status = Some(format!(
            "Your unsaved text from \"{}\" is back: Enter saves it as a threat, Esc drops it",
            draft.what
        ));
        self.open_quick_threat();
        if let Some(Layer::Form(form)) = self.layers.last_mut() {
            form.paste(&draft.text);
        }
    }
}

/// What a submitted form asks of the loop, or which field to fix and why.
pub(super) type Submitted = Result<Vec<Effect>, (&'static str, String)>;
