//! Partner identifiers.

use core::fmt;

/// The identifier of a partner (a third-party extension or integration).
///
/// A non-empty string of at most 128 ASCII letters, digits, `-`, `_` and `.`, so it is safe
/// in logs, file names and URLs. Deserializing goes through the same check.
///
/// ```
/// use kwanus_migration::PartnerId;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let id: PartnerId = "acme-billing".parse()?;
///     assert_eq!(id.as_str(), "acme-billing");
///     assert!("".parse::<PartnerId>().is_err());
///     assert!("acme billing".parse::<PartnerId>().is_err());
///     Ok(())
/// }
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "String", into = "String")
)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = partner_id_schema)
)]
pub struct PartnerId(String);

/// The JSON Schema of a [`PartnerId`]: a string of the form the format page gives.
#[cfg(feature = "schema")]
fn partner_id_schema(schema: &mut schemars::Schema) {
    schema.insert("pattern".into(), PARTNER_PATTERN.into());
}

/// The form of a partner id, as a regular expression (the JSON Schemas' `pattern`).
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub const PARTNER_PATTERN: &str = "^[A-Za-z0-9._-]{1,128}$";

/// Why a string is not a [`PartnerId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartnerIdError {
    /// The id is empty.
    #[error("partner id is empty")]
    Empty,
    /// The id is longer than 128 bytes.
    #[error("partner id is {len} bytes long, more than the 128 allowed")]
    TooLong {
        /// The length found.
        len: usize,
    },
    /// The id holds a character outside `[A-Za-z0-9._-]`.
    #[error("partner id holds {found:?} at byte {at}; only ascii letters, digits, '-', '_' and '.' are allowed")]
    InvalidChar {
        /// The offending character.
        found: char,
        /// Its byte offset.
        at: usize,
    },
}

impl PartnerIdError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            PartnerIdError::Empty => "partner_id.empty",
            PartnerIdError::TooLong { .. } => "partner_id.too_long",
            PartnerIdError::InvalidChar { .. } => "partner_id.invalid_char",
        }
    }
}

impl PartnerId {
    /// Checks and wraps `id`.
    ///
    /// # Errors
    ///
    /// [`PartnerIdError`] when `id` is empty, too long or holds a forbidden character.
    pub fn new(id: impl Into<String>) -> Result<PartnerId, PartnerIdError> {
        let id = id.into();
        if id.is_empty() {
            return Err(PartnerIdError::Empty);
        }
        if id.len() > 128 {
            return Err(PartnerIdError::TooLong { len: id.len() });
        }
        if let Some((at, found)) = id
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(PartnerIdError::InvalidChar { found, at });
        }
        Ok(PartnerId(id))
    }

    /// The id as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartnerId({:?})", self.0)
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::str::FromStr for PartnerId {
    type Err = PartnerIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PartnerId::new(s)
    }
}

impl TryFrom<String> for PartnerId {
    type Error = PartnerIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PartnerId::new(s)
    }
}

impl From<PartnerId> for String {
    fn from(id: PartnerId) -> String {
        id.0
    }
}
