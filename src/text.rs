//! Text from files and people is data: control characters (escape
//! sequences, carriage returns, tabs, bells) never reach the terminal, and
//! tamer never stores them from its own inputs.

/// `text` with every control character replaced by a space.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_escape_sequences() {
        assert_eq!(clean("a\x1b[2Jb\rc\td\u{9b}e"), "a [2Jb c d e");
    }
}
