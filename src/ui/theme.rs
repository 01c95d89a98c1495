//! Colours and emphasis. Every state a colour shows is also said in text or
//! marked with a symbol, so the screen still reads under NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const ACCENT: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// A card's question: the line the room reads.
pub const QUESTION: Style = Style::new().fg(Color::White).add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(Color::Gray);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const OK: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub const WARN: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const OVER: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const PAUSED: Style = Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD);
/// A running excursion: said in words ("EXCURSION 2:14"), shown in reverse.
pub const EXCURSION: Style = Style::new()
    .fg(Color::Magenta)
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::REVERSED);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Marks the chosen row; reverse video alone vanishes under NO_COLOR.
pub const MARK: &str = "▶ ";
pub const NO_MARK: &str = "  ";
