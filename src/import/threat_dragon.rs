//! Import: threat_dragon (being written).

use super::{Imported, Options};
use crate::error::{Error, Result};

/// Reads a threat_dragon file.
pub fn read(file: &str, _text: &str, _options: &Options) -> Result<Imported> {
    Err(Error::Usage(format!(
        "{file}: importing threat_dragon is not written yet"
    )))
}
