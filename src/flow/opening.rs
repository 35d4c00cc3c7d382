//! The first event: [`start`] reads a migration's opening notice and checks its invariants.

use super::chain;
use super::checks::*;
use super::digest::Digest;
use super::lineage::{Event, EventDetail, Opening};
use super::state::*;
use super::StageName;
use crate::mode::{Compatibility, Mode};
use crate::rules::{self, RemediationWindow};
use crate::trigger::TriggerClass;

/// Starts a migration from its opening event, checking the event's invariants.
pub(crate) fn start(event: &Event, scratch: &mut chain::Scratch) -> Result<State, ReplayError> {
    let seq = event.seq;
    if chain::digest(&Digest::GENESIS, event, scratch) != event.digest {
        return Err(ReplayError::DigestMismatch { seq });
    }
    let bad = |why: &'static str| illegal(event, why);
    if event.rite != event.detail.rite() {
        return Err(bad("its rite is not the rite of its event"));
    }
    if !times_writable(event) {
        return Err(bad(LEAP_RULE));
    }
    {
        let EventDetail::Opened(opened) = &event.detail else {
            return Err(bad("a lineage must begin with the opening notice"));
        };
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
        if seq != 0 {
            return Err(ReplayError::Sequence { seq, expected: 0 });
        }
        if triggers.is_empty() || triggers.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("triggers must be non-empty, sorted and distinct"));
        }
        if target.cmp_precedence(origin) != core::cmp::Ordering::Greater
            || !is_stable(target)
            || !is_stable(origin)
        {
            return Err(bad(
                "the target must be a stable version above the stable origin",
            ));
        }
        if contracts.as_ref().is_some_and(|c| {
            !same_version(&c.old.version, origin) || !same_version(&c.new.version, target)
        }) || (kind.has_contract() && contracts.is_none())
        {
            return Err(bad(
                "a kind with a contract carries the contracts of its origin and target",
            ));
        }
        if fallback_target != origin {
            return Err(bad("the fallback target is the origin"));
        }
        if window.closes < window.opens {
            return Err(bad("the migration window closes before it opens"));
        }
        if matches!(mode, Mode::Fallback) {
            return Err(bad("a migration never opens in fallback mode"));
        }
        if TriggerClass::of(triggers).map(|class| Mode::for_change(class, *compatibility))
            != Some(*mode)
        {
            return Err(bad(
                "the mode does not follow from the triggers and compatibility",
            ));
        }
        let forced = triggers.iter().any(|t| t.class() == TriggerClass::Forced);
        if forced != (*mode == Mode::Forced)
            || forced != severity.is_some()
            || severity.is_some() != remediation_deadline.is_some()
        {
            return Err(bad(
                "forced mode, severity and deadline must come together with a forced trigger",
            ));
        }
        if *remediation_deadline != severity.map(|s| policy.remediation_deadline(s, event.at)) {
            return Err(bad(
                "the remediation deadline is the policy's window for the severity, from the notice",
            ));
        }
        if let Some(c) = contracts {
            // the compatibility the contracts show under the policy; a declared break the
            // contracts do not show stands (a semantic break no contract shows)
            let changes = rules::diff_contracts(&c.old, &c.new, policy);
            let bump = rules::bump_between(origin, target);
            if bump != rules::Bump::Major && changes.iter().any(|c| c.bump == rules::Bump::Major) {
                return Err(bad("a breaking change in the contracts needs a major bump"));
            }
            let computed = rules::compatibility_of(&changes);
            if *compatibility != computed && *compatibility != Compatibility::Breaking {
                return Err(bad(
                    "the compatibility is not the one the contracts show under the policy",
                ));
            }
        }
        let state = State {
            stage: StageName::Detection,
            partner: partner.clone(),
            triggers: triggers.clone(),
            kind: *kind,
            compatibility: *compatibility,
            mode: *mode,
            origin: origin.clone(),
            target: target.clone(),
            window: *window,
            severity: *severity,
            // a forced migration is a remediation from its notice: found then, restricted
            // until re-validation passes
            remediation: severity
                .zip(*remediation_deadline)
                .map(|(severity, deadline)| RemediationWindow {
                    severity,
                    found_at: event.at,
                    deadline,
                    revalidated_at: None,
                }),
            problem_found: severity.map(|_| event.at),
            throttled_at: None,
            plan_event: None,
            release_event: None,
            failed_release: None,
            rollout_at: None,
            fallback_until: None,
            recommended_until: None,
            last_band: None,
            restricted: severity.is_some(),
            review_pending: false,
            pending: None,
            amended: false,
            policy: (**policy).clone(),
        };
        Ok(state)
    }
}
