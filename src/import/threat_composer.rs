//! Import: threat_composer (being written).

use super::{Imported, Options};
use crate::error::{Error, Result};

/// Reads a threat_composer file.
pub fn read(file: &str, _text: &str, _options: &Options) -> Result<Imported> {
    Err(Error::Usage(format!(
        "{file}: importing threat_composer is not written yet"
    )))
}
