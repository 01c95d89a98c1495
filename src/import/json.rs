//! Import: json (being written).

use super::{Imported, Options};
use crate::error::{Error, Result};

/// Reads a json file.
pub fn read(file: &str, _text: &str, _options: &Options) -> Result<Imported> {
    Err(Error::Usage(format!(
        "{file}: importing json is not written yet"
    )))
}
