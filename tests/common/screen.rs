//! A small model of a terminal screen: enough of VT100/xterm to follow what
//! ratatui and crossterm write (cursor moves, clears, the alternate screen,
//! colours ignored), so tests can look for text where a person would see it
//! rather than in the raw byte stream, where ratatui's diffing splits words.

/// The characters on screen, row by row.
#[derive(Debug, Clone)]
pub struct Screen {
    width: usize,
    height: usize,
    cells: Vec<Vec<char>>,
    row: usize,
    col: usize,
}

impl Screen {
    pub fn new(width: usize, height: usize) -> Self {
        Self {
            width,
            height,
            cells: vec![vec![' '; width]; height],
            row: 0,
            col: 0,
        }
    }

    /// The screen after `bytes` were written to a blank terminal.
    pub fn of(bytes: &[u8], width: usize, height: usize) -> Self {
        let mut screen = Self::new(width, height);
        screen.feed(bytes);
        screen
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\x1b' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        for c in chars.by_ref() {
                            if ('\x40'..='\x7e').contains(&c) {
                                self.csi(&params, c);
                                break;
                            }
                            params.push(c);
                        }
                    }
                    // Operating system command: up to BEL or ESC \.
                    Some(']') => {
                        while let Some(c) = chars.next() {
                            if c == '\x07' {
                                break;
                            }
                            if c == '\x1b' {
                                chars.next();
                                break;
                            }
                        }
                    }
                    // Character set selection takes one more character.
                    Some('(' | ')' | '*' | '+' | '#') => {
                        chars.next();
                    }
                    _ => {}
                },
                '\r' => self.col = 0,
                '\n' => self.line_feed(),
                '\x08' => self.col = self.col.saturating_sub(1),
                '\t' => self.col = ((self.col / 8 + 1) * 8).min(self.width - 1),
                c if c.is_control() => {}
                c => self.put(c),
            }
        }
    }

    fn csi(&mut self, params: &str, last: char) {
        let private = params.starts_with(['?', '>', '<', '=']);
        let numbers: Vec<usize> = params
            .trim_start_matches(['?', '>', '<', '='])
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n = |i: usize| numbers.get(i).copied().filter(|&v| v != 0).unwrap_or(1);
        let first = numbers.first().copied().unwrap_or(0);
        let (bottom, right) = (self.height - 1, self.width - 1);
        if private {
            // Entering or leaving the alternate screen shows a blank one here:
            // what was on the main screen before is not modelled.
            if matches!(last, 'h' | 'l') && numbers.contains(&1049) {
                self.clear(0, self.height);
                self.row = 0;
                self.col = 0;
            }
            return;
        }
        match last {
            'H' | 'f' => {
                self.row = (n(0) - 1).min(bottom);
                self.col = (n(1) - 1).min(right);
            }
            'A' => self.row = self.row.saturating_sub(n(0)),
            'B' => self.row = (self.row + n(0)).min(bottom),
            'C' => self.col = (self.col + n(0)).min(right),
            'D' => self.col = self.col.saturating_sub(n(0)),
            'G' => self.col = (n(0) - 1).min(right),
            'd' => self.row = (n(0) - 1).min(bottom),
            'J' => match first {
                0 => {
                    self.clear_line(self.row, self.col, self.width);
                    self.clear(self.row + 1, self.height);
                }
                1 => {
                    self.clear(0, self.row);
                    self.clear_line(self.row, 0, self.col + 1);
                }
                _ => self.clear(0, self.height),
            },
            'K' => match first {
                0 => self.clear_line(self.row, self.col, self.width),
                1 => self.clear_line(self.row, 0, self.col + 1),
                _ => self.clear_line(self.row, 0, self.width),
            },
            _ => {}
        }
    }

    fn put(&mut self, c: char) {
        if self.col >= self.width {
            self.col = 0;
            self.line_feed();
        }
        self.cells[self.row][self.col] = c;
        self.col += 1;
    }

    fn line_feed(&mut self) {
        if self.row + 1 < self.height {
            self.row += 1;
        } else {
            self.cells.remove(0);
            self.cells.push(vec![' '; self.width]);
        }
    }

    fn clear(&mut self, from_row: usize, to_row: usize) {
        for row in from_row..to_row.min(self.height) {
            self.clear_line(row, 0, self.width);
        }
    }

    fn clear_line(&mut self, row: usize, from: usize, to: usize) {
        for cell in &mut self.cells[row][from.min(self.width)..to.min(self.width)] {
            *cell = ' ';
        }
    }

    /// The rows as text, trailing blanks removed.
    pub fn rows(&self) -> Vec<String> {
        self.cells
            .iter()
            .map(|r| r.iter().collect::<String>().trim_end().to_owned())
            .collect()
    }

    /// Whether `needle` is on one row of the screen.
    pub fn contains(&self, needle: &str) -> bool {
        self.rows().iter().any(|r| r.contains(needle))
    }

    pub fn text(&self) -> String {
        self.rows().join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_moves_clears_and_styles() {
        let s = Screen::of(
            b"\x1b[?1049h\x1b[2J\x1b[1;1HPeople\x1b[1;8Hand\x1b[38;5;2m roles\x1b[0m\x1b[3;5Hx\x1b[3;5H\x1b[K",
            20,
            4,
        );
        assert!(s.contains("People and roles"), "{}", s.text());
        assert_eq!(s.rows()[2], "");
    }
}
