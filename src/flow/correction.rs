//! Corrections: which fields of a recorded event may be corrected, and the history as
//! corrected. A correction never touches the hashed event; it is an event of its own
//! ([`EventDetail::Corrected`]) naming the event and the field.
//!
//! A field may be corrected only when it decides nothing: no rule of the flow reads it
//! beyond "not blank". That is a document's location, a signer's name, and free text (a
//! review's decision, a remediation's root cause and fixes, a fallback's described reason,
//! an attestation's check and evidence, a correction's own reason). A stage, a verdict, a
//! time, a version, a grant, a piece of evidence, a body, a kind, a score: never.

use super::artifacts::{FallbackAuthority, FallbackReason};
use super::lineage::{Event, EventDetail, Lineage};

/// One segment of a field path: a name and, for a list, an index (`approvals[2]`).
fn segments(path: &str) -> Option<Vec<(&str, Option<usize>)>> {
    path.split('.')
        .map(|seg| match seg.split_once('[') {
            None => (!seg.is_empty()).then_some((seg, None)),
            Some((name, rest)) => {
                let digits = rest.strip_suffix(']')?;
                // a canonical index: digits only, no sign, no leading zero
                let canonical = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits == "0" || !digits.starts_with('0'));
                if !canonical || name.is_empty() {
                    return None;
                }
                Some((name, Some(digits.parse().ok()?)))
            }
        })
        .collect()
}

/// The text a correction of `field` would replace in `detail`, if `field` names a field
/// that decides nothing; `None` for any other path (a deciding field, a field the event does
/// not have, an index out of range, a malformed path).
pub(crate) fn slot<'a>(detail: &'a mut EventDetail, field: &str) -> Option<&'a mut String> {
    let path = segments(field)?;
    match (detail, path.as_slice()) {
        (
            EventDetail::Prepared { documents, .. } | EventDetail::Remediated { documents, .. },
            [("documents", Some(i)), ("location", None)],
        ) => documents.get_mut(*i).map(|d| &mut d.location),
        (
            EventDetail::Prepared { approvals, .. } | EventDetail::Remediated { approvals, .. },
            [("approvals", Some(i)), ("by", None)],
        ) => approvals.get_mut(*i).map(|a| &mut a.by),
        (EventDetail::Remediated { root_cause, .. }, [("root_cause", None)]) => Some(root_cause),
        (EventDetail::Remediated { fixes, .. }, [("fixes", None)]) => Some(fixes),
        (EventDetail::Reviewed { by, .. }, [("by", None)]) => Some(by),
        (EventDetail::Reviewed { decision, .. }, [("decision", None)]) => Some(decision),
        (
            EventDetail::FellBack {
                reason: FallbackReason::Other { detail },
                ..
            },
            [("reason", None), ("detail", None)],
        ) => Some(detail),
        (
            EventDetail::FellBack {
                authority: FallbackAuthority::Approved { approval },
                ..
            },
            [("authority", None), ("approval", None), ("by", None)],
        ) => Some(&mut approval.by),
        (
            EventDetail::ValidationPassed { dimensions, .. }
            | EventDetail::ValidationFailed { dimensions, .. },
            [("dimensions", Some(i)), ("attestations", Some(j)), (leaf, None)],
        ) => {
            let a = dimensions.get_mut(*i)?.attestations.get_mut(*j)?;
            match *leaf {
                "check" => Some(&mut a.check),
                "by" => Some(&mut a.by),
                "evidence" => Some(&mut a.evidence),
                _ => None,
            }
        }
        (EventDetail::Corrected { reason, .. }, [("reason", None)]) => Some(reason),
        _ => None,
    }
}

impl EventDetail {
    /// Every field of this event a correction may touch ([`MigrationRecord::amend`](crate::MigrationRecord::amend)),
    /// as the paths a [`Correction`](crate::Correction) names: the fields that decide
    /// nothing (a document's location, a signer's name, free text). Every other field of
    /// every event is refused as a correction with `resume.decisive_correction`.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::{Document, DocumentKind, EventDetail};
    ///
    /// fn main() {
    ///     let prepared = EventDetail::Prepared {
    ///         documents: vec![Document { kind: DocumentKind::MigrationGuide, location: "docs/guide".into() }],
    ///         approvals: Vec::new(),
    ///     };
    ///     assert_eq!(prepared.correctable_fields(), ["documents[0].location"]);
    ///     // the fallback window's ends decide when the migration may complete: nothing is correctable
    ///     let end = DateTime::<Utc>::UNIX_EPOCH;
    ///     let rolled_out = EventDetail::RolledOut { fallback_until: end, recommended_until: end };
    ///     assert!(rolled_out.correctable_fields().is_empty());
    /// }
    /// ```
    #[must_use]
    pub fn correctable_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            EventDetail::Prepared {
                documents,
                approvals,
            }
            | EventDetail::Remediated {
                documents,
                approvals,
                ..
            } => {
                out.extend((0..documents.len()).map(|i| format!("documents[{i}].location")));
                out.extend((0..approvals.len()).map(|i| format!("approvals[{i}].by")));
                if matches!(self, EventDetail::Remediated { .. }) {
                    out.extend(["root_cause".to_owned(), "fixes".to_owned()]);
                }
            }
            EventDetail::Reviewed { .. } => out.extend(["by".to_owned(), "decision".to_owned()]),
            EventDetail::FellBack {
                reason, authority, ..
            } => {
                if matches!(reason, FallbackReason::Other { .. }) {
                    out.push("reason.detail".to_owned());
                }
                if matches!(authority, FallbackAuthority::Approved { .. }) {
                    out.push("authority.approval.by".to_owned());
                }
            }
            EventDetail::ValidationPassed { dimensions, .. }
            | EventDetail::ValidationFailed { dimensions, .. } => {
                for (i, d) in dimensions.iter().enumerate() {
                    for j in 0..d.attestations.len() {
                        for leaf in ["check", "by", "evidence"] {
                            out.push(format!("dimensions[{i}].attestations[{j}].{leaf}"));
                        }
                    }
                }
            }
            EventDetail::Corrected { .. } => out.push("reason".to_owned()),
            _ => {}
        }
        out
    }
}

impl Lineage {
    /// The events as corrected: each [`EventDetail::Corrected`] applied, in order, to a copy
    /// of the event it names. The recorded events (and their digests) are untouched; this
    /// is the history to show a person.
    ///
    /// The example of [`MigrationRecord::amend`](crate::MigrationRecord::amend) reads a corrected
    /// document location through it.
    #[must_use]
    pub fn corrected(&self) -> Vec<Event> {
        let mut out = self.events.clone();
        for e in &self.events {
            if let EventDetail::Corrected {
                event,
                field,
                value,
                ..
            } = &e.detail
            {
                let target = usize::try_from(*event)
                    .ok()
                    .and_then(|i| out.get_mut(i))
                    .and_then(|t| slot(&mut t.detail, field));
                if let Some(text) = target {
                    text.clone_from(value);
                }
            }
        }
        out
    }
}
