//! Tamper evidence: every lineage event is chained to the one before it by SHA-256, and a
//! record can be sealed with HMAC-SHA-256 under the platform's key.
//!
//! `digest(event) = SHA-256("kwanus-migration/lineage/v3" ‖ digest(previous) ‖ encode(event))`
//! with the all-zero digest before the first event. The byte encoding is specified on the
//! [`format`](mod@crate::format) page (independent of serde and of Rust's `Debug` text), pinned
//! by the test vectors in `tests/vectors/`, and checked by a second implementation in
//! `scripts/verify_record.py`.
//!
//! Why dependencies: SHA-256 is the digest every auditor can recompute with standard tools;
//! `sha2` is the RustCrypto implementation, pure Rust, `no_std`, maintained for years and the
//! one most of the ecosystem already builds. The seal uses RustCrypto's `hmac`, whose
//! `verify_slice` compares in constant time, so the security-critical part is the code every
//! reviewer already trusts.

use core::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac as _};
use semver::Version;
use sha2::{Digest as _, Sha256};

use super::artifacts::Platform;
use super::artifacts::{
    Approval, Attestation, Contracts, DimensionOutcome, Document, Evidence, FallbackAuthority,
    FallbackReason,
};
use super::digest::Digest;
use super::lineage::{Event, EventDetail, Opening};
use super::policy_record::{severity_name, RecordedPolicy};
use crate::permission::PermissionSet;
use crate::rules::{Contract, Deprecation, RuntimeUse};

/// The domain tag that starts every event's hashed bytes (see the [`format`](mod@crate::format)
/// page).
pub(crate) const LINEAGE_DOMAIN: &[u8] = b"kwanus-migration/lineage/v3";

/// The domain tag that starts the sealed bytes.
pub(crate) const SEAL_DOMAIN: &[u8] = b"kwanus-migration/seal/v3";

/// The encoder of the [`format`](mod@crate::format) page: big-endian integers, length-prefixed
/// UTF-8, names as their snake_case text. No value is formatted: names are `&'static str`,
/// numbers are written as bytes. The second field, when there is one, remembers shared
/// values last encoded and their bytes (see [`Scratch`]).
struct Enc<'a>(&'a mut Vec<u8>, Option<&'a mut Known>);

/// Shared values the chain encoded last, each with its bytes.
#[derive(Debug, Default)]
struct Known {
    /// The platform facts last encoded.
    platform: Option<(Arc<Platform>, Vec<u8>)>,
    /// The release evidence last encoded.
    evidence: Option<(Arc<Evidence>, Vec<u8>)>,
}

/// What the chain reuses from one event to the next while it digests a lineage: the buffer
/// the hashed bytes are written into, and the platform facts and release evidence last
/// encoded with their bytes. A migration's events record the same platform facts again and
/// again (every release and every validation), and a retried release brings the evidence of
/// the one before; equal ones are shared ([`Lineage`](super::Lineage) and the record's
/// reader share them), recognised by address and not encoded again. Only speed depends on
/// it: the bytes are the same either way.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    buf: Vec<u8>,
    /// The second buffer of [`digest_two`].
    second: Vec<u8>,
    known: Known,
    /// The boundary checks the replay made and the timeless checks of the last release it
    /// validated, remembered by identity where a lent value holds their inputs and by value
    /// otherwise (see [`crate::rules::Checks`]).
    pub(crate) checks: crate::rules::Checks,
    /// The contract changes of the last release the replay placed in transition (the
    /// position of its event in the lineage, and the changes from the notice's old contract
    /// to the release's, under the migration's policy): its validation diffs the same two
    /// contracts under the same policy.
    pub(crate) release_diff: Option<(usize, Vec<crate::rules::Change>)>,
}

impl Enc<'_> {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    /// A length (of a text or a list). Lengths past `u32::MAX` cannot occur in a record
    /// (a `Vec` that long does not fit in memory as JSON); they saturate rather than panic.
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        // most texts of a version (its pre-release and build) are empty: no copy to call
        if !s.is_empty() {
            self.0.extend_from_slice(s.as_bytes());
        }
    }
    fn time(&mut self, t: DateTime<Utc>) {
        self.i64(t.timestamp());
        self.u32(t.timestamp_subsec_nanos());
    }
    fn version(&mut self, v: &Version) {
        self.u64(v.major);
        self.u64(v.minor);
        self.u64(v.patch);
        self.str(v.pre.as_str());
        self.str(v.build.as_str());
    }
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.len(items.len());
        for i in items {
            each(self, i);
        }
    }
    fn opt<T>(&mut self, v: Option<T>, each: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                each(self, v);
            }
        }
    }
    fn document(&mut self, d: &Document) {
        self.str(d.kind.as_str());
        self.str(&d.location);
    }
    fn approval(&mut self, a: &Approval) {
        self.str(a.body.as_str());
        self.str(&a.by);
        self.time(a.at);
    }
    fn permissions(&mut self, set: &PermissionSet) {
        self.len(set.len());
        for p in set.iter() {
            // the text `Display` writes, as `str` encodes it, with no allocation
            self.len(p.text_len());
            p.write_text(self.0);
        }
    }
    fn deprecation(&mut self, d: &Deprecation) {
        self.time(d.since);
        self.time(d.sunset);
    }
    fn contract(&mut self, c: &Contract) {
        self.version(&c.version);
        self.len(c.operations.len());
        for (id, op) in &c.operations {
            self.str(id);
            self.str(&op.signature);
            self.opt(op.deprecated.as_ref(), Enc::deprecation);
        }
        self.len(c.workflows.len());
        for (id, w) in &c.workflows {
            self.str(id);
            self.str(&w.trigger);
            self.str(&w.handler);
            self.opt(w.governed_by, |e, b| e.str(b.as_str()));
            self.opt(w.deprecated.as_ref(), Enc::deprecation);
        }
        self.permissions(&c.permissions);
        self.str(&c.runtime.name);
        self.version(&c.runtime.version);
    }
    fn contracts(&mut self, c: &Contracts) {
        self.contract(&c.old);
        self.contract(&c.new);
    }
    fn runtime_use(&mut self, u: &RuntimeUse) {
        self.str(&u.component);
        self.str(u.kind.as_str());
        self.str(&u.runtime);
        self.version(&u.version);
    }
    fn evidence(&mut self, ev: &Evidence) {
        self.opt(ev.contract.as_ref(), Enc::contract);
        let g = &ev.grants;
        for set in [&g.current, &g.proposed, &g.deny, &g.fallback] {
            self.permissions(set);
        }
        self.list(&ev.runtimes, Enc::runtime_use);
        self.list(&ev.fallback_apis, |e, s| e.str(s));
        self.list(&ev.fallback_workflows, |e, s| e.str(s));
        self.version(&ev.os_version);
    }
    /// A release's evidence: the bytes last encoded when it is the very evidence they
    /// encode (shared), else encoded and kept.
    fn shared_evidence(&mut self, ev: &Arc<Evidence>) {
        if let Some(Known {
            evidence: Some((known, bytes)),
            ..
        }) = self.1.as_deref()
        {
            if Arc::ptr_eq(known, ev) {
                self.0.extend_from_slice(bytes);
                return;
            }
        }
        let start = self.0.len();
        self.evidence(ev);
        if let Some(known) = self.1.as_deref_mut() {
            known.evidence = Some((Arc::clone(ev), self.0[start..].to_vec()));
        }
    }
    fn platform(&mut self, p: &Arc<Platform>) {
        if let Some(Known {
            platform: Some((known, bytes)),
            ..
        }) = self.1.as_deref()
        {
            // shared facts (the flow and the loader share equal ones) compare by address
            if Arc::ptr_eq(known, p) || **known == **p {
                self.0.extend_from_slice(bytes);
                return;
            }
        }
        let start = self.0.len();
        self.platform_bytes(p);
        if let Some(known) = self.1.as_deref_mut() {
            known.platform = Some((Arc::clone(p), self.0[start..].to_vec()));
        }
    }
    fn platform_bytes(&mut self, p: &Platform) {
        self.list(&p.matrix.rows, |e, row| {
            e.req(&row.partner);
            e.req(&row.os);
        });
        self.list(&p.supported_runtimes, |e, r| {
            e.str(&r.runtime);
            e.req(&r.versions);
        });
        let levels = p.catalog.levels();
        self.len(levels.len());
        for (verb, level) in levels {
            self.str(verb);
            self.str(level.as_str());
        }
        self.list(p.catalog.escalation_verbs(), |e, v| e.str(v));
        self.version(&p.version_ceiling);
        self.permissions(&p.power_ceiling);
    }
    /// A version requirement as its text: semver's own written form (its `Display`, as the
    /// JSON holds it), written here without the formatting machinery.
    fn req(&mut self, r: &semver::VersionReq) {
        let at = self.0.len();
        self.u32(0);
        crate::version_text::write_req(self.0, r);
        let n = u32::try_from(self.0.len() - at - 4).unwrap_or(u32::MAX);
        self.0[at..at + 4].copy_from_slice(&n.to_be_bytes());
    }
    /// The policy in its recorded form, field by field in the order of the format page.
    fn policy(&mut self, p: &crate::policy::Policy) {
        let r = RecordedPolicy::of(p);
        for months in [r.fallback_min_months, r.fallback_recommended_months] {
            self.u32(months);
        }
        for days in [
            r.remediation_minor_days,
            r.remediation_moderate_days,
            r.remediation_severe_days,
        ] {
            self.u32(days);
        }
        for edge in [
            r.band_stable,
            r.band_reliable,
            r.band_vulnerable,
            r.band_at_risk,
        ] {
            self.u8(edge);
        }
        self.str(r.completion_band.as_str());
        self.u32(r.governance_interval_months);
        for w in [
            &r.weight_stability,
            &r.weight_compatibility,
            &r.weight_sustainability,
            &r.weight_ecosystem,
            &r.min_observed_weight,
            &r.critical_floor,
        ] {
            self.str(w);
        }
        self.bool(r.hard_gates);
        self.str(&r.collapse_drop);
        self.u32(r.collapse_short_window_hours);
        self.u32(r.collapse_long_window_hours);
        self.str(&r.api_error_budget);
        self.u32(r.max_runtime_majors);
        self.u32(r.max_major_step);
        self.u8(r.max_canary_percent);
        self.bool(r.automatic_fallback);
        self.bool(r.deprecation_before_removal);
        self.len(r.severity_overrides.len());
        for (id, severity) in &r.severity_overrides {
            self.str(id);
            self.str(severity_name(*severity));
        }
        self.len(r.departures.len());
        for (floor, reason) in &r.departures {
            self.str(floor.as_str());
            self.str(reason);
        }
    }
    fn attestation(&mut self, a: &Attestation) {
        self.str(a.dimension.as_str());
        self.str(a.verdict.as_str());
        self.str(&a.check);
        self.str(&a.by);
        self.opt(a.body, |e, b| e.str(b.as_str()));
        self.time(a.at);
        self.str(&a.evidence);
    }
    fn outcome(&mut self, o: &DimensionOutcome) {
        self.str(o.dimension.as_str());
        self.str(o.verdict.as_str());
        self.bool(o.computed);
        self.list(&o.attestations, Enc::attestation);
    }
}

/// Writes the canonical bytes of `event` (everything but its digest), as the
/// [`format`](mod@crate::format) page specifies.
pub(crate) fn encode(event: &Event, out: &mut Vec<u8>) {
    encode_with(event, Enc(out, None));
}

/// [`encode`] with the encoder given.
fn encode_with(event: &Event, mut e: Enc<'_>) {
    e.u32(event.seq);
    e.time(event.at);
    e.opt(event.rite, |e, r| e.str(r.as_str()));
    e.str(event.detail.name());
    match &event.detail {
        EventDetail::Opened(opened) => {
            let Opening {
                partner,
                triggers,
                kind,
                compatibility,
                mode,
                origin,
                target,
                fallback_target,
                window,
                severity,
                remediation_deadline,
                contracts,
                policy,
            } = &**opened;
            e.str(partner.as_str());
            e.list(triggers, |e, t| e.str(t.as_str()));
            e.str(kind.as_str());
            e.str(compatibility.as_str());
            e.str(mode.as_str());
            e.version(origin);
            e.version(target);
            e.version(fallback_target);
            e.time(window.opens);
            e.time(window.closes);
            e.opt(*severity, |e, s| e.str(s.as_str()));
            e.opt(*remediation_deadline, Enc::time);
            e.opt(contracts.as_deref(), Enc::contracts);
            e.policy(policy);
        }
        EventDetail::Prepared {
            documents,
            approvals,
        } => {
            e.list(documents, Enc::document);
            e.list(approvals, Enc::approval);
        }
        EventDetail::Transitioned {
            version,
            canary_percent,
            evidence,
            platform,
        } => {
            e.version(version);
            e.u8(*canary_percent);
            e.shared_evidence(evidence);
            e.platform(platform);
        }
        EventDetail::ValidationPassed {
            dimensions,
            platform,
        }
        | EventDetail::ValidationFailed {
            dimensions,
            platform,
        } => {
            e.list(dimensions, Enc::outcome);
            e.platform(platform);
        }
        EventDetail::RolledOut {
            fallback_until,
            recommended_until,
        } => {
            e.time(*fallback_until);
            e.time(*recommended_until);
        }
        EventDetail::Throttled {
            score_hundredths,
            band,
            collapse,
        } => {
            e.u16(*score_hundredths);
            e.str(band.as_str());
            e.bool(*collapse);
        }
        EventDetail::Reviewed { by, decision } => {
            e.str(by);
            e.str(decision);
        }
        EventDetail::Completed {
            below_recommended_window,
            current,
            retired,
            next_review,
            completion_band,
        } => {
            e.bool(*below_recommended_window);
            e.version(current);
            e.version(retired);
            e.time(*next_review);
            e.str(completion_band.as_str());
        }
        EventDetail::Released {} => {}
        EventDetail::Stabilized {
            score_hundredths,
            band,
        }
        | EventDetail::HealthRecorded {
            score_hundredths,
            band,
        } => {
            e.u16(*score_hundredths);
            e.str(band.as_str());
        }
        EventDetail::FellBack {
            reason,
            to,
            restricted,
            authority,
        } => {
            e.str(reason.as_str());
            if let FallbackReason::Other { detail } = reason {
                e.str(detail);
            }
            e.version(to);
            e.bool(*restricted);
            e.str(authority.as_str());
            if let FallbackAuthority::Approved { approval } = authority {
                e.approval(approval);
            }
        }
        EventDetail::Remediated {
            root_cause,
            fixes,
            severity,
            found_at,
            deadline,
            documents,
            approvals,
        } => {
            e.str(root_cause);
            e.str(fixes);
            e.str(severity.as_str());
            e.time(*found_at);
            e.time(*deadline);
            e.list(documents, Enc::document);
            e.list(approvals, Enc::approval);
        }
        EventDetail::WindowExtended {
            closes,
            reason,
            approval,
        } => {
            e.time(*closes);
            e.str(reason);
            e.approval(approval);
        }
        EventDetail::Withdrawn {
            by,
            reason,
            approval,
            version,
            grants,
        } => {
            e.str(by.as_str());
            e.str(reason);
            e.approval(approval);
            e.version(version);
            e.opt(grants.as_ref(), Enc::permissions);
        }
        EventDetail::Corrected {
            event,
            field,
            value,
            by,
            reason,
            approved_by,
        } => {
            e.u32(*event);
            e.str(field);
            e.str(value);
            e.str(by);
            e.str(reason);
            e.str(approved_by.as_str());
        }
    }
}

impl Event {
    /// The exact bytes whose SHA-256 is this event's digest when it follows `previous`: the
    /// domain tag, `previous`, and the event's encoding (see the [`format`](mod@crate::format)
    /// page). For implementers of a verifier in another language to compare against.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    /// use sha2::{Digest as _, Sha256};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     let first = &m.lineage().events()[0];
    ///     let bytes = first.hashed_bytes(&Digest::GENESIS);
    ///     assert!(bytes.starts_with(b"kwanus-migration/lineage/v3"));
    ///     assert_eq!(&Sha256::digest(&bytes)[..], first.digest.as_bytes());
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn hashed_bytes(&self, previous: &Digest) -> Vec<u8> {
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(LINEAGE_DOMAIN);
        out.extend_from_slice(&previous.0);
        encode(self, &mut out);
        out
    }

    /// The digest this event has when it follows `previous`: SHA-256 of
    /// [`Event::hashed_bytes`]. Anyone can compute it (the chain detects edits, not
    /// rewrites: an [`Anchor`](crate::Anchor) does that).
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &Policy::default())?;
    ///     // the first event follows the genesis digest
    ///     let first = &m.lineage().events()[0];
    ///     assert_eq!(first.chained_digest(&Digest::GENESIS), first.digest);
    ///     // after any other digest it would have another
    ///     assert_ne!(first.chained_digest(&first.digest), first.digest);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn chained_digest(&self, previous: &Digest) -> Digest {
        digest(previous, self, &mut Scratch::default())
    }
}

/// The digest of `event` chained after `previous`. `scratch` is reused between calls.
pub(crate) fn digest(previous: &Digest, event: &Event, scratch: &mut Scratch) -> Digest {
    let Scratch { buf, known, .. } = scratch;
    hashed_into(buf, previous, event, known);
    Digest(Sha256::digest(&buf[..]).into())
}

/// The digests of two events, each after its own predecessor (`a` after `previous_a`, `b`
/// after `previous_b`): both encoded first, then hashed one right after the other. Neither
/// hash waits on the other, so the processor overlaps them, as it does the hashes of a list
/// of messages; between hashes of one event at a time the replay's checks of the event keep
/// them apart.
pub(crate) fn digest_two(
    (previous_a, a): (&Digest, &Event),
    (previous_b, b): (&Digest, &Event),
    scratch: &mut Scratch,
) -> (Digest, Digest) {
    let Scratch {
        buf, second, known, ..
    } = scratch;
    hashed_into(buf, previous_a, a, known);
    hashed_into(second, previous_b, b, known);
    (
        Digest(Sha256::digest(&buf[..]).into()),
        Digest(Sha256::digest(&second[..]).into()),
    )
}

/// Writes the bytes `event` is hashed as after `previous` into `buf` (see
/// [`Event::hashed_bytes`]), reusing what `known` holds.
fn hashed_into(buf: &mut Vec<u8>, previous: &Digest, event: &Event, known: &mut Known) {
    // the domain tag stays in place from one event to the next
    if buf.len() < LINEAGE_DOMAIN.len() + 32 || !buf.starts_with(LINEAGE_DOMAIN) {
        buf.clear();
        buf.extend_from_slice(LINEAGE_DOMAIN);
        buf.extend_from_slice(&previous.0);
    } else {
        buf.truncate(LINEAGE_DOMAIN.len() + 32);
        buf[LINEAGE_DOMAIN.len()..].copy_from_slice(&previous.0);
    }
    encode_with(event, Enc(buf, Some(known)));
}

/// A secret key for sealing records (HMAC-SHA-256). The crate never makes one: the
/// platform brings its own 32 bytes (the crate reads no randomness and no files).
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey([u8; 32]);

impl SealKey {
    /// Wraps 32 secret bytes.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> SealKey {
        SealKey(bytes)
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC pads a key shorter than SHA-256's 64-byte block with zeros; padding it here
        // gives the block-sized key `KeyInit::new` takes, with no fallible call
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.0);
        <Hmac<Sha256> as KeyInit>::new(&block.into())
    }
}

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey(..)")
    }
}

/// The seal of `head` under `key`: HMAC-SHA-256 over the seal domain tag and the head.
pub(crate) fn seal(key: &SealKey, head: &Digest) -> Digest {
    let mut mac = key.mac();
    mac.update(SEAL_DOMAIN);
    mac.update(&head.0);
    Digest(mac.finalize().into_bytes().into())
}

/// Whether `claimed` is the seal of `head` under `key`, compared in constant time by the
/// `hmac` crate.
pub(crate) fn seal_matches(key: &SealKey, head: &Digest, claimed: &Digest) -> bool {
    let mut mac = key.mac();
    mac.update(SEAL_DOMAIN);
    mac.update(&head.0);
    mac.verify_slice(&claimed.0).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, test case 2: HMAC-SHA-256 of "what do ya want for nothing?" under "Jefe".
    #[test]
    fn hmac_matches_rfc_4231() {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let out: [u8; 32] = mac.finalize().into_bytes().into();
        assert_eq!(
            Digest(out).to_string(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // a 32-byte SealKey is the same key zero-padded: HMAC pads short keys with zeros
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mut mac = SealKey::from_bytes(key).mac();
        mac.update(b"what do ya want for nothing?");
        let padded: [u8; 32] = mac.finalize().into_bytes().into();
        assert_eq!(padded, out);
    }

    #[test]
    fn digests_parse_and_compare() {
        let d: Digest = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            .parse()
            .unwrap();
        let key = SealKey::from_bytes([3; 32]);
        assert!(seal_matches(&key, &d, &seal(&key, &d)));
        assert!(!seal_matches(&key, &d, &d));
        let upper = "5BDCC146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            .parse::<Digest>()
            .unwrap_err();
        assert_eq!(upper.input(), "5BDCC146bf60754e…");
        assert_eq!(upper.code(), "digest.malformed");
        assert_eq!(
            upper.to_string(),
            "\"5BDCC146bf60754e…\" is not a digest: a digest is 64 lowercase hex digits"
        );
        assert_eq!("00".parse::<Digest>().unwrap_err().input(), "00");
        assert_eq!(format!("{:?}", SealKey::from_bytes([1; 32])), "SealKey(..)");
    }
}
