//! One call for any error's code: [`code_of`], and the one list of the crate's coded error
//! types (their [`Coded`] impls). Above every module: it names every error type.

use crate::code::Coded;

/// The one list of the coded error types: their [`Coded`] impls, and the downcasts
/// [`code_of`] tries.
macro_rules! coded {
    ($($(#[$cfg:meta])* $ty:ty),* $(,)?) => {
        $(
            $(#[$cfg])*
            impl Coded for $ty {
                fn code(&self) -> &'static str {
                    <$ty>::code(self)
                }
            }
        )*

        /// The code of `err` itself, if it is one of the crate's coded errors or a `Box` of
        /// one (a boxed field given as a source is the box: its `source()` skips the error in
        /// it).
        fn own_code(err: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
            $(
                $(#[$cfg])*
                let err = match err.downcast_ref::<$ty>() {
                    Some(found) => return Some(found.code()),
                    None => match err.downcast_ref::<Box<$ty>>() {
                        Some(found) => return Some(found.code()),
                        None => err,
                    },
                };
            )*
            crate::flow::refused_code(err)
        }
    };
}

coded!(
    crate::flow::OpenError,
    crate::flow::OpenRefusal,
    crate::flow::Refusal,
    crate::flow::record::ResumeError,
    crate::flow::state::ReplayError,
    crate::flow::WrongStage,
    crate::flow::digest::DigestParseError,
    crate::policy::PolicyError,
    crate::partner::PartnerIdError,
    crate::health::HealthError,
    crate::permission::ParseError,
    crate::rules::RemediationError,
    #[cfg(feature = "json")]
    crate::flow::LoadError,
    #[cfg(feature = "interface")]
    crate::interface::Error,
);

/// How deep [`code_of`] follows a `source()` chain: far deeper than any real wrapping, and a
/// bound on a chain that loops.
const MAX_DEPTH: usize = 64;

/// The stable code of any error: `err`'s own, if it is one of the crate's errors (any type
/// that implements [`Coded`], a [`Refused`](crate::flow::Refused) of any stage included) or a `Box`
/// of one, else the first found down its [`source`](std::error::Error::source) chain; `None`
/// when no error of the chain is the crate's.
///
/// A `Box<E>` counts as the `E` it holds because an error that keeps the crate's error in a
/// boxed field and gives it as its source (`#[source] reason: Box<Refusal>` with thiserror)
/// hands out the box, and the box's own `source()` skips the error inside.
///
/// One call for a service that boxes every error (`Box<dyn Error + Send + Sync>`, `anyhow`)
/// or wraps the crate's in its own: no downcast to each type, no match. The chain is followed
/// 64 errors deep at most, so a chain that loops ends.
///
/// A wrapper must give the crate's error as its `source()` for it to be found: thiserror's
/// `#[error(transparent)]` does not (its `source()` is the inner error's source, skipping
/// the error itself); `#[error("{0}")]` with `#[from]` or `#[source]` does.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
///
/// // the service's own error, holding the crate's as its source
/// #[derive(Debug)]
/// struct Stored(DigestParseError);
/// impl std::fmt::Display for Stored {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("a stored head does not parse")
///     }
/// }
/// impl std::error::Error for Stored {
///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
///         Some(&self.0)
///     }
/// }
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
///         .trigger(Trigger::RuntimeChange)
///         .compatibility(Compatibility::BackwardCompatible)
///         .window_days(t0, 90)
///         .build();
///     let m = Migration::open(notice, t0, &Policy::default())?;
///     // a refused step, boxed as a service boxes every error
///     let refused = m.prepare(&Plan::default(), t0).unwrap_err();
///     let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(refused);
///     assert_eq!(code_of(&*boxed), Some("flow.incomplete_plan"));
///
///     let err = Stored("zz".parse::<Digest>().unwrap_err());
///     assert_eq!(code_of(&err), Some("digest.malformed"));
///
///     // an error that is not the crate's has no code
///     assert_eq!(code_of(&std::fmt::Error), None);
///     Ok(())
/// }
/// ```
#[must_use]
pub fn code_of(err: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    std::iter::successors(Some(err), |e| e.source())
        .take(MAX_DEPTH)
        .find_map(own_code)
}

impl<S: crate::flow::Stage> Coded for crate::flow::Refused<S> {
    fn code(&self) -> &'static str {
        self.reason().code()
    }
}
