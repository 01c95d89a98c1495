//! Text from files and people is data: control characters (escape
//! sequences, carriage returns, tabs, bells) never reach the terminal, and
//! tamer never stores them from its own inputs. Neither do the invisible
//! marks that turn the direction of text around (a right-to-left override
//! can make a title read as something it is not).

/// `text` with every control character, and every bidirectional override,
/// embedding or isolate, replaced by a space.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A duration as `12:34` or `1:02:03`, with `negative` in front of a
/// negative one (the screen says overtime with "+", the notes with "-").
pub fn hms(secs: i64, negative: &str) -> String {
    let sign = if secs < 0 { negative } else { "" };
    let s = secs.unsigned_abs();
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        format!("{sign}{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_escape_sequences() {
        assert_eq!(clean("a\x1b[2Jb\rc\td\u{9b}e"), "a [2Jb c d e");
    }

    #[test]
    fn clean_strips_direction_overrides() {
        assert_eq!(clean("invoice\u{202E}fdp.exe"), "invoice fdp.exe");
        assert_eq!(clean("a\u{2066}b\u{2069}c"), "a b c");
        assert_eq!(clean("عربي and ünï"), "عربي and ünï", "letters stay");
    }
}
