//! The dealt card, shown large in place of the step's prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{clean, theme};
use crate::app::App;
use crate::session::walk::Progress;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session.as_ref() else {
        return;
    };
    let deck = session
        .dealing
        .as_deref()
        .and_then(|id| app.library.get(id));
    let (Some(deck), Some(progress)) = (deck, app.progress()) else {
        let text = match &session.dealing {
            Some(id) => format!(
                "Deck \"{}\" is not available. Press d to choose decks.",
                clean(id)
            ),
            None => "No deck chosen for this session. Press d to choose one.".to_owned(),
        };
        Paragraph::new(Line::styled(text, theme::WARN))
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Cards "))
            .render(area, buf);
        return;
    };
    let title = match progress.current {
        Some(i) => format!(
            " {} · card {} of {} · {} left ",
            clean(&deck.title),
            i + 1,
            progress.cells.len(),
            progress.left()
        ),
        None => format!(" {} · {} cards ", clean(&deck.title), progress.cells.len()),
    };
    let mut block = Block::bordered().title(Line::styled(title, theme::TITLE));
    let phase = session.phase();
    if !deck.phases.contains(&phase) {
        let meant: Vec<String> = deck.phases.iter().map(u8::to_string).collect();
        block = block.title(Line::styled(
            format!(" meant for phase {} ", meant.join(", ")),
            theme::WARN,
        ));
    }
    let lines = match progress.current {
        Some(i) => card_lines(app, &progress, i),
        None if progress.cells.is_empty() && deck.per_element.is_some() => vec![
            Line::styled("The model has no elements yet.", theme::WARN),
            Line::raw(""),
            Line::raw(
                "This deck walks every element of the system model. Add them with e \
                 (processes, data stores, data flows, external entities), then deal.",
            ),
        ],
        None => vec![
            Line::styled("Deck done: every card is marked.", theme::OK),
            Line::raw(""),
            Line::raw(format!(
                "{} cards · {} found. This is the defined end of the walk: move on with n.",
                progress.cells.len(),
                match progress.threats() {
                    1 => "1 threat".to_owned(),
                    n => format!("{n} threats"),
                }
            )),
        ],
    };
    // Whole paragraphs only: a card is never cut mid-sentence; what does
    // not fit is announced.
    let inner = block.inner(area);
    block.render(area, buf);
    let (rows, _) = super::wrap::clip(
        &lines,
        usize::from(inner.width),
        usize::from(inner.height),
        true,
        "…more (a larger window shows the whole card)",
    );
    Paragraph::new(rows).render(inner, buf);
}

fn card_lines(app: &App, progress: &Progress, i: usize) -> Vec<Line<'static>> {
    let cell = &progress.cells[i];
    let state = progress.states[i];
    let Some(card) = app.library.card(&cell.card_deck, &cell.card) else {
        return vec![Line::styled(
            format!(
                "Card \"{}\" is missing from deck \"{}\".",
                clean(&cell.card),
                clean(&cell.card_deck)
            ),
            theme::WARN,
        )];
    };
    let mut lines = Vec::new();
    if let Some(element) = cell
        .element
        .and_then(|id| app.session.as_ref().and_then(|s| s.element(id)))
    {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", element.kind.label()), theme::DIM),
            Span::styled(clean(&element.name), theme::TITLE),
        ]));
    }
    let mut heading = vec![Span::styled(
        clean(&card.title).to_uppercase(),
        theme::ACCENT,
    )];
    if let Some(property) = &card.property {
        heading.push(Span::styled(
            format!(" — violates {}", clean(property)),
            theme::DIM,
        ));
    }
    lines.push(Line::from(heading));
    lines.push(Line::raw(""));
    lines.push(Line::styled(clean(&card.question), theme::QUESTION));
    lines.push(Line::raw(""));
    if state.threats > 0 || state.skipped {
        let mut said = Vec::new();
        if state.threats > 0 {
            said.push(format!(
                "{} threat(s) captured from this card",
                state.threats
            ));
        }
        if state.skipped {
            said.push("skipped once; dealt again".to_owned());
        }
        lines.push(Line::styled(said.join(" · "), theme::OK));
    }
    // What to ask next helps the room most; the explanation comes after.
    for hint in &card.hints {
        lines.push(Line::styled(format!("• {}", clean(hint)), theme::DIM));
    }
    for example in &card.examples {
        lines.push(Line::styled(format!("e.g. {}", clean(example)), theme::DIM));
    }
    if !card.detail.is_empty() {
        lines.push(Line::raw(clean(&card.detail)));
    }
    if !card.mitigations.is_empty() {
        let m: Vec<String> = card.mitigations.iter().map(|m| clean(m)).collect();
        lines.push(Line::styled(
            format!("Usual mitigations: {}", m.join(", ")),
            theme::DIM,
        ));
    }
    lines
}
