//! The lineage: every event of a migration (framework §5).

use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use semver::Version;

use super::artifacts::{
    Approval, Contracts, DimensionOutcome, Document, Evidence, FallbackAuthority, FallbackReason,
    Window,
};
use super::artifacts::{Platform, WithdrawnBy};
use super::digest::Digest;
use crate::band::Band;
use crate::dimension::Dimension;
use crate::governance::GovernanceBody;
use crate::kind::MigrationKind;
use crate::mode::{Compatibility, Mode};
use crate::partner::PartnerId;
use crate::permission::PermissionSet;
use crate::policy::Policy;
use crate::report::Verdict;
use crate::rite::Rite;
use crate::severity::Severity;
use crate::trigger::Trigger;

/// The opening notice as the lineage records it: the payload of [`EventDetail::Opened`],
/// kept behind a box so that every other event stays small. In JSON it is the object under
/// `"opened"`, as before.
///
/// Exhaustive on purpose: the [`format`](crate::format) page fixes its fields, and a new
/// field is a new record format.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Opening {
    /// The partner.
    pub partner: PartnerId,
    /// The triggers, sorted.
    #[cfg_attr(
        feature = "schema",
        schemars(length(min = 1), extend("uniqueItems" = true))
    )]
    pub triggers: Vec<Trigger>,
    /// The kind.
    pub kind: MigrationKind,
    /// The compatibility the mode follows from: computed from `contracts` when they are
    /// given, else the caller's declaration.
    pub compatibility: Compatibility,
    /// The mode chosen.
    pub mode: Mode,
    /// The origin version.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub origin: Version,
    /// The target version.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub target: Version,
    /// The version a fallback returns to (the origin), active from the notice on
    /// (playbook §4 step 1, "fallback behavior activated").
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub fallback_target: Version,
    /// The migration window.
    pub window: Window,
    /// Severity, for forced migrations.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub severity: Option<Severity>,
    /// Remediation deadline, for forced migrations.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::option::serialize",
            deserialize_with = "crate::time_text::option::deserialize"
        )
    )]
    pub remediation_deadline: Option<DateTime<Utc>>,
    /// The contracts at origin and target, the evidence compatibility was computed from.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub contracts: Option<Box<Contracts>>,
    /// The policy in force at the notice, every value of it (in JSON the weights and
    /// thresholds as decimal text): the replay holds every later event to it, and a step
    /// under another policy is refused ([`Refusal::PolicyChanged`](crate::Refusal::PolicyChanged)).
    #[cfg_attr(feature = "serde", serde(with = "super::policy_record::as_recorded"))]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "super::policy_record::RecordedPolicy")
    )]
    pub policy: Box<Policy>,
}

/// What happened at one event of the lineage.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EventDetail {
    /// The notice: the migration opened (Rite of Detection).
    Opened(Box<Opening>),
    /// The plan was accepted (Rite of Preparation).
    Prepared {
        /// The documents submitted, with their locations.
        documents: Vec<Document>,
        /// The approvals: body, signer and time.
        approvals: Vec<Approval>,
    },
    /// The versioned release was placed in a shielded transition runtime, isolated from
    /// general exposure (Rite of Transition; framework §9, "Migration Shielding").
    Transitioned {
        /// The released version.
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::version_text::serialize")
        )]
        version: Version,
        /// The share of the partner's users exposed as a canary, in percent (at most the
        /// policy's `max_canary_percent`).
        #[cfg_attr(feature = "schema", schemars(range(max = 100)))]
        canary_percent: u8,
        /// The evidence the release brought, for validation to compute from (shared with
        /// the failed release's when a retry brings the same, as platform facts are).
        evidence: Arc<Evidence>,
        /// The platform's facts the release was admitted under (the ceilings, the verb
        /// catalog): the replay checks the release against them again.
        platform: Arc<Platform>,
    },
    /// Validation passed on all six dimensions; full access is restored. Always followed by
    /// the rollout.
    ValidationPassed {
        /// Each dimension's outcome, computed or attested.
        #[cfg_attr(feature = "schema", schemars(length(equal = 6)))]
        dimensions: Vec<DimensionOutcome>,
        /// The platform's facts the verdicts were computed from: the replay computes them
        /// again and refuses a record whose verdicts differ.
        platform: Arc<Platform>,
    },
    /// The validated release rolled out to all the partner's users (playbook §4 step 5,
    /// "versioned release"); the fallback window counts from here.
    RolledOut {
        /// The earliest moment the fallback may be removed (the policy's minimum window).
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::time_text::serialize",
                deserialize_with = "crate::time_text::deserialize"
            )
        )]
        fallback_until: DateTime<Utc>,
        /// The end of the policy's recommended fallback window; completing earlier is allowed
        /// and carries a warning.
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::time_text::serialize",
                deserialize_with = "crate::time_text::deserialize"
            )
        )]
        recommended_until: DateTime<Utc>,
    },
    /// Validation failed: the migration is rejected, and can only fall back or be
    /// restricted ("Failure triggers fallback or restriction").
    ValidationFailed {
        /// Each dimension's outcome, computed or attested; at least one did not pass.
        #[cfg_attr(feature = "schema", schemars(length(equal = 6)))]
        dimensions: Vec<DimensionOutcome>,
        /// The platform's facts the verdicts were computed from: the replay computes them
        /// again and refuses a record whose verdicts differ.
        platform: Arc<Platform>,
    },
    /// Health let the migration stabilize (Rite of Stabilization).
    Stabilized {
        /// The health score in hundredths of a point, 0 to 10,000 (9,234 is 92.34): an
        /// integer, so the record is exact in every language's JSON.
        #[cfg_attr(feature = "schema", schemars(range(max = 10_000)))]
        score_hundredths: u16,
        /// The band.
        band: Band,
    },
    /// A health reading: steady, a recovery from throttling, or an Unstable reading (then
    /// followed by the forced restriction).
    HealthRecorded {
        /// The health score in hundredths of a point, 0 to 10,000 (9,234 is 92.34).
        #[cfg_attr(feature = "schema", schemars(range(max = 10_000)))]
        score_hundredths: u16,
        /// The band.
        band: Band,
    },
    /// The partner is throttled: an At Risk reading ("Fallback / Throttling"), or a metrics
    /// collapse whose response is throttling (framework §7).
    Throttled {
        /// The reading's score (for a collapse, the recent median) in hundredths of a point.
        #[cfg_attr(feature = "schema", schemars(range(max = 10_000)))]
        score_hundredths: u16,
        /// Its band.
        band: Band,
        /// Whether a collapse caused it (else an At Risk reading).
        collapse: bool,
    },
    /// A review of a Vulnerable reading ("Review Required"): who, and the decision.
    Reviewed {
        /// Who reviewed; must not be blank.
        by: String,
        /// What they decided; must not be blank.
        decision: String,
    },
    /// The migration returned to its previous stable version.
    FellBack {
        /// Why.
        reason: FallbackReason,
        /// The version returned to (the origin).
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::version_text::serialize")
        )]
        to: Version,
        /// Whether access is restricted until re-validation passes (forced restriction).
        restricted: bool,
        /// What authorized it: a governance approval, or a reason the flow itself sanctions.
        authority: FallbackAuthority,
    },
    /// The migration was remediated and prepared again (Rite of Preparation).
    Remediated {
        /// Root cause found.
        root_cause: String,
        /// Fixes made.
        fixes: String,
        /// Severity of the problem.
        severity: Severity,
        /// When the problem was found (the failed check, the unstable reading), from which
        /// the remediation window counts.
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::time_text::serialize",
                deserialize_with = "crate::time_text::deserialize"
            )
        )]
        found_at: DateTime<Utc>,
        /// When re-validation is due.
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::time_text::serialize",
                deserialize_with = "crate::time_text::deserialize"
            )
        )]
        deadline: DateTime<Utc>,
        /// The documents of the new plan, with their locations.
        documents: Vec<Document>,
        /// The approvals of the new plan: body, signer and time.
        approvals: Vec<Approval>,
    },
    /// The migration completed (Rite of Continuity).
    Completed {
        /// Whether it completed after the minimum fallback window but before the
        /// recommended one (playbook §6: "minimum 6 months, recommended 12 months"): allowed,
        /// with this warning.
        below_recommended_window: bool,
        /// The lifecycle update (playbook §4 step 7): the version now current.
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::version_text::serialize")
        )]
        current: Version,
        /// The version retired (the origin).
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::version_text::serialize")
        )]
        retired: Version,
        /// When the lifecycle is next reviewed (the annual governance interval).
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::time_text::serialize",
                deserialize_with = "crate::time_text::deserialize"
            )
        )]
        next_review: DateTime<Utc>,
        /// The band the last reading had to reach ([`Policy::completion_band`](crate::Policy::completion_band)
        /// when it completed): the replay holds the completion to it.
        completion_band: Band,
    },
    /// The fallback was removed (Rite of Release).
    Released {},
    /// The governing body extended the migration window (see
    /// [`Migration::extend_window`](crate::Migration::extend_window)). It does not move the
    /// migration, and moves no deadline.
    WindowExtended {
        /// The window's new close, later than the one before.
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::time_text::serialize",
                deserialize_with = "crate::time_text::deserialize"
            )
        )]
        closes: DateTime<Utc>,
        /// Why; must not be blank.
        reason: String,
        /// The approval of the body governing the migration's category, signed no later than
        /// this event.
        approval: Approval,
    },
    /// The migration was withdrawn before continuity (see
    /// [`Migration::withdraw`](crate::Migration::withdraw)): the partner stays on its previous
    /// stable version with its pre-migration grants. Terminal.
    Withdrawn {
        /// Who asked.
        by: WithdrawnBy,
        /// Why; must not be blank.
        reason: String,
        /// The approval of the body governing the migration's category, signed no later than
        /// this event.
        approval: Approval,
        /// The version the partner is left on: the origin.
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::version_text::serialize")
        )]
        version: Version,
        /// The grants the partner is left with: its grant before the migration, as the
        /// release's evidence stated it (`None` when no release was made: nothing changed).
        #[cfg_attr(
            feature = "serde",
            serde(
                serialize_with = "crate::permission::as_written::option::serialize",
                deserialize_with = "crate::permission::as_written::option::deserialize"
            )
        )]
        grants: Option<PermissionSet>,
    },
    /// An approved correction of one earlier event (see
    /// [`MigrationRecord::amend`](crate::MigrationRecord::amend)): the history is never
    /// rewritten; this event names the event and the field it corrects and the corrected
    /// text. Only a field that decides nothing may be corrected (a document's location, a
    /// signer's name, free text: [`EventDetail::correctable_fields`]); the corrected event
    /// keeps its bytes and its digest, and [`Lineage::corrected`] shows the history as
    /// corrected. Possible in any stage; it does not move the migration. A record holding a
    /// correction resumes only under an [`Anchor`](crate::Anchor) that covers it.
    Corrected {
        /// The position (`seq`) of the event corrected, an earlier one.
        event: u32,
        /// The field corrected, as a path into that event's detail
        /// (`documents[1].location`, `approvals[0].by`, `root_cause`).
        field: String,
        /// The corrected text; must not be blank.
        value: String,
        /// Who corrected; must not be blank.
        by: String,
        /// Why: the approved correction; must not be blank.
        reason: String,
        /// The governance body that approved it: the body governing the migration's
        /// category.
        approved_by: GovernanceBody,
    },
}

impl EventDetail {
    /// The dimensions that did not pass, for a validation event; empty otherwise.
    #[must_use]
    pub fn failed_dimensions(&self) -> Vec<Dimension> {
        match self {
            EventDetail::ValidationPassed { dimensions, .. }
            | EventDetail::ValidationFailed { dimensions, .. } => dimensions
                .iter()
                .filter(|d| matches!(d.verdict, Verdict::Fail | Verdict::Unverified))
                .map(|d| d.dimension)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The rite proclaimed with this event, if the framework gives it one.
    #[must_use]
    pub const fn rite(&self) -> Option<Rite> {
        match self {
            EventDetail::Opened(_) => Some(Rite::Detection),
            EventDetail::Prepared { .. } | EventDetail::Remediated { .. } => {
                Some(Rite::Preparation)
            }
            EventDetail::Transitioned { .. } => Some(Rite::Transition),
            EventDetail::Stabilized { .. } => Some(Rite::Stabilization),
            EventDetail::Completed { .. } => Some(Rite::Continuity),
            EventDetail::Released {} => Some(Rite::Release),
            EventDetail::ValidationPassed { .. }
            | EventDetail::RolledOut { .. }
            | EventDetail::ValidationFailed { .. }
            | EventDetail::HealthRecorded { .. }
            | EventDetail::Throttled { .. }
            | EventDetail::Reviewed { .. }
            | EventDetail::FellBack { .. }
            | EventDetail::WindowExtended { .. }
            | EventDetail::Withdrawn { .. }
            | EventDetail::Corrected { .. } => None,
        }
    }

    /// A short stable name (`"opened"`, `"fell_back"`), the same as the JSON key of the
    /// detail and the name the record format hashes.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            EventDetail::Opened(_) => "opened",
            EventDetail::Prepared { .. } => "prepared",
            EventDetail::Transitioned { .. } => "transitioned",
            EventDetail::ValidationPassed { .. } => "validation_passed",
            EventDetail::RolledOut { .. } => "rolled_out",
            EventDetail::Throttled { .. } => "throttled",
            EventDetail::Reviewed { .. } => "reviewed",
            EventDetail::ValidationFailed { .. } => "validation_failed",
            EventDetail::Stabilized { .. } => "stabilized",
            EventDetail::HealthRecorded { .. } => "health_recorded",
            EventDetail::FellBack { .. } => "fell_back",
            EventDetail::Remediated { .. } => "remediated",
            EventDetail::Completed { .. } => "completed",
            EventDetail::Released {} => "released",
            EventDetail::WindowExtended { .. } => "window_extended",
            EventDetail::Withdrawn { .. } => "withdrawn",
            EventDetail::Corrected { .. } => "corrected",
        }
    }
}

/// One event of the lineage: its position, time, rite and detail.
///
/// Exhaustive on purpose: the [`format`](crate::format) page fixes its fields, and a new
/// field is a new record format.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    /// Position in the lineage, from 0.
    pub seq: u32,
    /// When it happened.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub at: DateTime<Utc>,
    /// The rite proclaimed, if any; always [`EventDetail::rite`] of the detail.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub rite: Option<Rite>,
    /// What happened: in JSON an object with one key, the event's
    /// [name](EventDetail::name), holding its fields.
    pub detail: EventDetail,
    /// SHA-256 of this event chained to the one before it (see [`Digest`]).
    pub digest: Digest,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "#{} {} {}",
            self.seq,
            self.at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.detail.name()
        )?;
        if let Some(r) = self.rite {
            write!(f, " — {r}")?;
        }
        Ok(())
    }
}

/// The story of a migration (framework §5): "the origin version, destination version,
/// migration type, and all validation/fallback events". Append-only; only the flow writes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lineage {
    pub(crate) events: Vec<Event>,
}

/// The platform facts an event records, if it records any.
pub(crate) fn platform_of(detail: &EventDetail) -> Option<&Arc<Platform>> {
    match detail {
        EventDetail::Transitioned { platform, .. }
        | EventDetail::ValidationPassed { platform, .. }
        | EventDetail::ValidationFailed { platform, .. } => Some(platform),
        _ => None,
    }
}

/// Makes events that record equal platform facts hold one shared copy of them, and a release
/// that brings the evidence of the release before it hold that one: a record keeps the facts
/// of its platform once, not once per release and validation, and a retried release's
/// evidence once. Only memory changes (and speed: the chain encodes shared values once).
#[cfg(feature = "serde")] // its only caller reads records, with serde
pub(crate) fn share_platforms(events: &mut [Event]) {
    let mut last: Option<Arc<Platform>> = None;
    let mut release: Option<Arc<Evidence>> = None;
    for event in events {
        if let EventDetail::Transitioned { evidence, .. } = &mut event.detail {
            match &release {
                Some(known) if **known == **evidence => *evidence = Arc::clone(known),
                _ => release = Some(Arc::clone(evidence)),
            }
        }
        let slot = match &mut event.detail {
            EventDetail::Transitioned { platform, .. }
            | EventDetail::ValidationPassed { platform, .. }
            | EventDetail::ValidationFailed { platform, .. } => platform,
            _ => continue,
        };
        match &last {
            Some(known) if Arc::ptr_eq(known, slot) => {}
            Some(known) if **known == **slot => *slot = Arc::clone(known),
            _ => last = Some(Arc::clone(slot)),
        }
    }
}

impl Lineage {
    /// The platform facts for a new event: the last ones recorded, shared, when they are
    /// the same.
    pub(crate) fn share(&self, platform: &Platform) -> Arc<Platform> {
        match self
            .events
            .iter()
            .rev()
            .find_map(|e| platform_of(&e.detail))
        {
            Some(known) if **known == *platform => Arc::clone(known),
            _ => Arc::new(platform.clone()),
        }
    }

    /// The evidence for a new release: the last release's, shared, when it is the same.
    pub(crate) fn share_evidence(&self, evidence: Evidence) -> Arc<Evidence> {
        let last = self.events.iter().rev().find_map(|e| match &e.detail {
            EventDetail::Transitioned { evidence, .. } => Some(evidence),
            _ => None,
        });
        match last {
            Some(known) if **known == evidence => Arc::clone(known),
            _ => Arc::new(evidence),
        }
    }

    /// The events, oldest first.
    #[must_use]
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// How many events.
    #[must_use]
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether there is no event (never true for a lineage of a migration).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The last event.
    #[must_use]
    pub fn last(&self) -> Option<&Event> {
        self.events.last()
    }

    /// The digest of the last event: what a service stores beside a record to detect a
    /// truncated or replaced history.
    #[must_use]
    pub fn head(&self) -> Digest {
        self.events.last().map_or(Digest::GENESIS, |e| e.digest)
    }

    /// The events, oldest first.
    pub fn iter(&self) -> core::slice::Iter<'_, Event> {
        self.events.iter()
    }

    fn label(e: &Event) -> String {
        match &e.detail {
            EventDetail::Opened(o) => format!("opened {} → {}", o.origin, o.target),
            EventDetail::Transitioned { version, .. } => {
                format!("transitioned to {version}, shielded")
            }
            EventDetail::Throttled { band, .. } => format!("throttled ({band})"),
            EventDetail::Stabilized { band, .. } => format!("stabilized ({band})"),
            EventDetail::HealthRecorded { band, .. } => format!("health {band}"),
            EventDetail::FellBack { reason, to, .. } => format!("fell back to {to}: {reason}"),
            EventDetail::Corrected {
                event,
                field,
                approved_by,
                ..
            } => format!("corrected #{event} {field}, approved by {approved_by}"),
            EventDetail::ValidationFailed { dimensions, .. } => format!(
                "validation failed: {}",
                dimensions
                    .iter()
                    .filter(|d| matches!(d.verdict, Verdict::Fail | Verdict::Unverified))
                    .map(|d| d.dimension.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            EventDetail::Completed {
                below_recommended_window: true,
                ..
            } => "completed before the recommended fallback window".to_owned(),
            other => other.name().replace('_', " "),
        }
        .replace('"', "'")
    }

    /// The lineage as Graphviz DOT, one node per event.
    #[must_use]
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph lineage {\n");
        for e in &self.events {
            out.push_str(&format!(
                "    e{} [label=\"{} {}\"];\n",
                e.seq,
                e.at.format("%Y-%m-%d"),
                Self::label(e)
            ));
            if e.seq > 0 {
                out.push_str(&format!("    e{} -> e{};\n", e.seq - 1, e.seq));
            }
        }
        out.push_str("}\n");
        out
    }

    /// The lineage as a Mermaid flowchart, one node per event, as the seeds draw their flows.
    #[must_use]
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("graph TD\n");
        for e in &self.events {
            out.push_str(&format!(
                "    E{}[\"{} {}\"]\n",
                e.seq,
                e.at.format("%Y-%m-%d"),
                Self::label(e)
            ));
            if e.seq > 0 {
                out.push_str(&format!("    E{} --> E{}\n", e.seq - 1, e.seq));
            }
        }
        out
    }
}

impl<'a> IntoIterator for &'a Lineage {
    type Item = &'a Event;
    type IntoIter = core::slice::Iter<'a, Event>;
    fn into_iter(self) -> Self::IntoIter {
        self.events.iter()
    }
}
