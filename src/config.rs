//! `config.ron`: the team's settings, in the config directory beside
//! `decks/` and `schemes/`. Pure text in, settings out; `store` reads the
//! file. Every field may be left out (it then has its default); unknown
//! fields are refused with `file:line:col`, like decks. A broken config is
//! reported and the defaults are used.
//!
//! ```ron
//! (
//!     radar: (
//!         excursion_minutes: 10,
//!         disabled: ["2.1.11b"],
//!     ),
//! )
//! ```

use serde::{Deserialize, Serialize};

use crate::deck::outline::{self, Node, Pos};
use crate::error::{Diagnostic, Diagnostics};
use crate::radar::Thresholds;

/// The name of the file in the config directory.
pub const FILE: &str = "config.ron";

/// How the screen is coloured: `--theme` on the command line, or `theme:`
/// in `config.ron` (`--theme` wins, then `config.ron`, then `NO_COLOR`;
/// `main` resolves [`Theme::Auto`] before the app sees it).
///
/// Every theme says each state in words or symbols too; the themes differ
/// in how colour and emphasis carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum Theme {
    /// Mono when NO_COLOR is set (and not empty), else the default.
    #[default]
    Auto,
    /// Colours on the terminal's own background.
    Default,
    /// For a screen shared over a video call: one dark background, bright
    /// bold text, no dim text, no two states told apart by a near colour.
    HighContrast,
    /// No colour at all, only bold, reverse and underline (what `NO_COLOR`
    /// asks for).
    Mono,
}

impl Theme {
    /// What [`Theme::Auto`] means given whether `NO_COLOR` is set and not
    /// empty (<https://no-color.org>); any other theme stays as chosen.
    pub fn resolve(self, no_color: bool) -> Theme {
        match self {
            Theme::Auto if no_color => Theme::Mono,
            Theme::Auto => Theme::Default,
            chosen => chosen,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The radar's thresholds.
    pub radar: Thresholds,
    /// How the screen is coloured.
    pub theme: Theme,
    /// The bell and the flash at WRAP UP and at the end of a box.
    pub alerts: Alerts,
}

/// What happens when a step's clock reaches WRAP UP and when it runs out;
/// both are off unless `config.ron` asks (the words WRAP UP and OVERTIME
/// and the colours always change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Alerts {
    /// Ring the terminal's bell (everyone on a call hears it).
    pub bell: bool,
    /// Show the clock reversed, with "!", for two seconds.
    pub flash: bool,
}

/// Reads `config.ron` text: every problem, each at its `file:line:col`.
pub fn parse(file: &str, text: &str) -> Result<Config, Diagnostics> {
    let config: Config = ron::Options::default()
        .from_str(text)
        .map_err(|e| Diagnostics(vec![Diagnostic::from_ron(file, &e)]))?;
    let problems = check(&config.radar);
    if problems.is_empty() {
        return Ok(config);
    }
    let tree = outline::outline(text);
    let radar = tree.as_ref().and_then(|t| t.field("radar"));
    let pos_of = |field: &str, item: Option<usize>| -> Pos {
        let Some(radar) = radar else {
            return tree.as_ref().map(Node::pos).unwrap_or_default();
        };
        let f = radar.value.unwrap_some().field(field);
        match (f, item) {
            (Some(f), Some(i)) => f.value.items().get(i).map_or(f.pos, Node::pos),
            (Some(f), None) => f.pos,
            (None, _) => radar.pos,
        }
    };
    Err(Diagnostics(
        problems
            .into_iter()
            .map(|(field, item, message)| {
                let pos = pos_of(field, item);
                Diagnostic {
                    file: file.to_owned(),
                    line: pos.line.max(1),
                    col: pos.col.max(1),
                    message: format!("radar.{field}: {message}"),
                }
            })
            .collect(),
    ))
}

/// Problems with thresholds that parse: (field, item of a list, what is wrong).
fn check(t: &Thresholds) -> Vec<(&'static str, Option<usize>, String)> {
    let mut out = Vec::new();
    let percents = [
        ("big_picture_rated_percent", t.big_picture_rated_percent),
        ("all_acceptable_percent", t.all_acceptable_percent),
        ("all_critical_percent", t.all_critical_percent),
        ("override_percent", t.override_percent),
        ("one_voice_percent", t.one_voice_percent),
    ];
    for (field, value) in percents {
        if value > 100 {
            out.push((
                field,
                None,
                format!("{value} is not a percentage; expected 0 to 100"),
            ));
        }
    }
    let at_least_one = [
        ("irrelevant_streak", t.irrelevant_streak),
        ("focus_window", t.focus_window),
        ("focus_off", t.focus_off),
        ("recategorised", t.recategorised),
        ("bias_min_rated", t.bias_min_rated),
        ("override_min_rated", t.override_min_rated),
        ("voices_min_participants", t.voices_min_participants),
        ("voices_min_items", t.voices_min_items),
        ("snooze_minutes", t.snooze_minutes),
    ];
    for (field, value) in at_least_one {
        if value == 0 {
            out.push((field, None, "expected 1 or more".into()));
        }
    }
    let minutes = [
        ("pace_after_minutes", t.pace_after_minutes),
        ("excursion_minutes", t.excursion_minutes),
        ("discussion_minutes", t.discussion_minutes),
        ("minutes_per_rating", t.minutes_per_rating),
        ("break_minutes", t.break_minutes),
        ("snooze_minutes", t.snooze_minutes),
    ];
    for (field, value) in minutes {
        if value > 24 * 60 {
            out.push((
                field,
                None,
                format!("{value} minutes is more than a day; expected at most 1440"),
            ));
        }
    }
    if t.focus_off > t.focus_window {
        out.push((
            "focus_off",
            None,
            format!(
                "{} of the last {} threats can never happen; expected at most focus_window ({})",
                t.focus_off, t.focus_window, t.focus_window
            ),
        ));
    }
    if t.min_elements > t.max_elements {
        out.push((
            "min_elements",
            None,
            format!(
                "more than max_elements ({}); no model could pass both",
                t.max_elements
            ),
        ));
    }
    let known: Vec<&str> = crate::radar::CATALOGUE.iter().map(|(id, _)| *id).collect();
    for (i, id) in t.disabled.iter().enumerate() {
        if !known.contains(&id.as_str()) {
            out.push((
                "disabled",
                Some(i),
                crate::deck::unknown("radar ID", id, &known),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_config_is_the_defaults_and_a_partial_one_keeps_the_rest() {
        assert_eq!(parse("c.ron", "()").ok(), Some(Config::default()));
        let c = parse(
            "c.ron",
            "(radar: (excursion_minutes: 10, disabled: [\"2.1.11b\"]))",
        )
        .expect("parses");
        assert_eq!(c.radar.excursion_minutes, 10);
        assert_eq!(c.radar.disabled, ["2.1.11b"]);
        assert_eq!(
            c.radar.discussion_minutes,
            Thresholds::default().discussion_minutes
        );
    }

    #[test]
    fn unknown_fields_and_bad_values_are_placed_at_their_line_and_column() {
        let err = parse("c.ron", "(\n  radar: (\n    excurson_minutes: 10,\n  ),\n)")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.ron:3:"), "{err}");
        assert!(err.contains("excurson_minutes"), "{err}");

        let text = "(\n  radar: (\n    one_voice_percent: 160,\n    disabled: [\"2.1.4\", \"2.1.44\"],\n  ),\n)";
        let err = parse("c.ron", text).unwrap_err().to_string();
        assert!(
            err.contains("c.ron:3:5: radar.one_voice_percent: 160 is not a percentage"),
            "{err}"
        );
        assert!(
            err.contains(
                "c.ron:4:25: radar.disabled: unknown radar ID \"2.1.44\"; did you mean \"2.1.4\"?"
            ),
            "{err}"
        );
    }

    #[test]
    fn impossible_combinations_are_refused() {
        let err = parse(
            "c.ron",
            "(radar: (focus_window: 2, focus_off: 3, snooze_minutes: 0))",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("radar.focus_off: 3 of the last 2"), "{err}");
        assert!(
            err.contains("radar.snooze_minutes: expected 1 or more"),
            "{err}"
        );
    }

    #[test]
    fn the_theme_and_the_alerts_are_read_and_a_typo_is_placed() {
        let c = parse("c.ron", "(theme: HighContrast, alerts: (bell: true))").expect("parses");
        assert_eq!(c.theme, Theme::HighContrast);
        assert_eq!(
            c.alerts,
            Alerts {
                bell: true,
                flash: false
            }
        );
        assert_eq!(Config::default().theme, Theme::Auto);
        assert!(!Config::default().alerts.bell);
        let err = parse("c.ron", "(\n  theme: HighContrst,\n)")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.ron:2:"), "{err}");
        let err = parse("c.ron", "(alerts: (bel: true))")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bel"), "{err}");
    }

    #[test]
    fn auto_is_mono_under_no_color_and_a_chosen_theme_stays() {
        assert_eq!(Theme::Auto.resolve(true), Theme::Mono);
        assert_eq!(Theme::Auto.resolve(false), Theme::Default);
        assert_eq!(Theme::HighContrast.resolve(true), Theme::HighContrast);
        assert_eq!(Theme::Default.resolve(true), Theme::Default);
    }

    #[test]
    fn the_defaults_pass_their_own_check() {
        assert!(check(&Thresholds::default()).is_empty());
    }
}
