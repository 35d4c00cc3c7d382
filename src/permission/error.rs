//! Why a permission or pattern could not be parsed.

/// Why a permission or pattern could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// No `:` between verb and resource.
    #[error("permission {input:?} has no ':' between verb and resource")]
    MissingColon {
        /// The text given.
        input: String,
    },
    /// The verb is empty or holds a character outside `[a-z0-9_.-]` (or is not `*`).
    #[error("verb {verb:?} must be '*' or lowercase ascii letters, digits, '-', '_' and '.'")]
    InvalidVerb {
        /// The verb given.
        verb: String,
    },
    /// The pattern is empty.
    #[error("resource pattern is empty")]
    EmptyPattern,
    /// A segment is empty (leading, trailing or doubled `/`).
    #[error("resource pattern {pattern:?} has an empty segment at position {position}")]
    EmptySegment {
        /// The pattern given.
        pattern: String,
        /// The 0-based segment position.
        position: usize,
    },
    /// A segment mixes `*` with other characters, or holds a forbidden character.
    #[error("resource pattern {pattern:?} has an invalid segment {segment:?}; a segment is '*' or ascii letters, digits, '-', '_' and '.'")]
    InvalidSegment {
        /// The pattern given.
        pattern: String,
        /// The segment at fault.
        segment: String,
    },
}

impl ParseError {
    /// A stable machine-readable code for partner SDKs.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            ParseError::MissingColon { .. } => "permission.missing_colon",
            ParseError::InvalidVerb { .. } => "permission.invalid_verb",
            ParseError::EmptyPattern => "permission.empty_pattern",
            ParseError::EmptySegment { .. } => "permission.empty_segment",
            ParseError::InvalidSegment { .. } => "permission.invalid_segment",
        }
    }
}
