//! Step 2, Preparation: the plan checked, the release checked, the shielded transition.

use chrono::{DateTime, Utc};

use super::artifacts::Platform;
use super::artifacts::Release;
use super::checks;
use super::detection::breaking;
use super::lineage::EventDetail;
use super::{Migration, Preparation, Refusal, Refused, Step, Transition};
use crate::mode::{Compatibility, Mode};
use crate::policy::Policy;
use crate::rules::{self, bump_between, compatibility_of, Bump};

impl Migration<Preparation> {
    /// Places the versioned release in a shielded transition runtime (framework §3 step 3,
    /// "the migration occurs", protected by §9 "Migration Shielding: isolation of transition
    /// runtimes"; Rite of Transition). It is not rolled out: at most a canary share of the
    /// partner's users ([`Policy::max_canary_percent`]) sees it until validation passes.
    ///
    /// The release must be a new version (build metadata aside), the target, inside the
    /// platform's version ceiling and the migration window, with the major bump any breaking
    /// change in its contract needs; soft mode refuses a breaking change. The proposed grant
    /// is checked against the platform's power ceiling and the fallback grant against the
    /// fallback rules by [`permission::check`](crate::permission::check), with the plan's
    /// approvals and the platform's verb catalog. The ceilings come from `platform` (the
    /// service's facts for this partner), never from the release, and the event records
    /// the facts used, so the replay checks the release again from the record alone.
    ///
    /// # Errors
    ///
    /// [`Refused`], holding the migration, naming the first rule broken.
    ///
    /// ```
    /// use chrono::{DateTime, Duration, Utc};
    /// use kwanus_migration::*;
    /// use semver::Version;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let policy = Policy::default();
    ///     let t0: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
    ///     // a runtime change the partner declares backward compatible: soft mode
    ///     let notice = Notice::builder(PartnerId::new("acme-billing")?, MigrationKind::ExtensionRuntime, Version::new(1, 4, 0), Version::new(1, 5, 0))
    ///         .trigger(Trigger::RuntimeChange)
    ///         .compatibility(Compatibility::BackwardCompatible)
    ///         .window_days(t0, 90)
    ///         .build();
    ///     let m = Migration::open(notice, t0, &policy)?;
    ///     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
    ///     let plan = Plan::new("switch runtimes", "1.4 stays served", "runtime tests", "switch back")
    ///         .documents(DocumentKind::required_for(MigrationKind::ExtensionRuntime).into_iter().map(doc));
    ///     let m = m.prepare(&plan, t0 + Duration::days(1))?;
    ///     // the platform's facts: partner 1.x runs on OS 8.x; this partner's ceilings
    ///     let platform = Platform::new(
    ///         rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] },
    ///         Vec::new(),
    ///         permission::Catalog::default(),
    ///         Version::new(1, 9, 0),
    ///         permission::PermissionSet::new(),
    ///     );
    ///     let evidence = Evidence::builder(Version::new(8, 0, 0)).build();
    ///     let release = Release::builder(Version::new(1, 5, 0)).evidence(evidence).build();
    ///     let m = m.transition(release, t0 + Duration::days(2), &policy, &platform)?;
    ///     assert_eq!(m.rollout_at(), None, "not rolled out before validation");
    ///     Ok(())
    /// }
    /// ```
    pub fn transition(
        self,
        release: Release,
        at: DateTime<Utc>,
        policy: &Policy,
        platform: &Platform,
    ) -> Result<Migration<Transition>, Refused<Preparation>> {
        self.transition_step(release, at, policy, platform)
            .map_err(|r| r.during(Step::Transition))
    }

    fn transition_step(
        self,
        release: Release,
        at: DateTime<Utc>,
        policy: &Policy,
        platform: &Platform,
    ) -> Result<Migration<Transition>, Refused<Preparation>> {
        if let Err(r) = self
            .check_time(at)
            .and_then(|()| self.check_policy(policy))
            .and_then(|()| self.admit_release(&release, at, policy, platform))
        {
            return Err(self.refuse(r));
        }
        let platform = self.core.lineage.share(platform);
        let evidence = self.core.lineage.share_evidence(release.evidence);
        self.advance(
            at,
            EventDetail::Transitioned {
                version: release.version,
                canary_percent: release.canary_percent,
                evidence,
                platform,
            },
        )
    }

    /// The release against the migration: its version, canary share, evidence, contract and
    /// grant (the flow's own rules; [`rules::check_release`](crate::rules::check_release)
    /// is the contract-only check a partner SDK runs).
    fn admit_release(
        &self,
        release: &Release,
        at: DateTime<Utc>,
        policy: &Policy,
        platform: &Platform,
    ) -> Result<(), Refusal> {
        let core = &self.core;
        if checks::same_version(&release.version, &core.origin) {
            return Err(Refusal::UnversionedChange(release.version.clone()));
        }
        match core.failed_release() {
            // the first release is the target
            None if release.version != core.target => {
                return Err(Refusal::VersionMismatch {
                    released: release.version.clone(),
                    target: core.target.clone(),
                });
            }
            None => {}
            // after a remediation, the fixed release is versioned above the failed one
            // (playbook §5: no unversioned changes): the same version only for the very
            // same contract, never below, with the bump its changes since the failed
            // release need
            Some((failed, failed_contract)) => {
                if checks::same_version(&release.version, failed) {
                    if release.evidence.contract.as_ref() != failed_contract {
                        return Err(Refusal::UnversionedChange(release.version.clone()));
                    }
                } else if release.version < *failed {
                    return Err(Refusal::VersionMismatch {
                        released: release.version.clone(),
                        target: failed.clone(),
                    });
                }
                if let (Some(old), Some(new)) = (failed_contract, &release.evidence.contract) {
                    let changes = rules::diff_contracts(old, new, policy);
                    let needed = changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None);
                    let bump = bump_between(failed, &release.version);
                    if bump < needed {
                        return Err(Refusal::SilentBreakingChange {
                            from: failed.clone(),
                            to: release.version.clone(),
                            bump,
                            changes: changes.into_iter().filter(|c| c.bump > bump).collect(),
                        });
                    }
                }
            }
        }
        // build metadata is no version change (SemVer 2.0 §10): precedence decides
        if release.version.cmp_precedence(&platform.version_ceiling) == core::cmp::Ordering::Greater
        {
            return Err(Refusal::AboveVersionCeiling {
                version: release.version.clone(),
                ceiling: platform.version_ceiling.clone(),
            });
        }
        if !core.window.contains(at) {
            return Err(Refusal::OutsideWindow {
                at,
                opens: core.window.opens,
                closes: core.window.closes,
            });
        }
        if release.canary_percent > policy.max_canary_percent() {
            return Err(Refusal::CanaryTooLarge {
                percent: release.canary_percent,
                max: policy.max_canary_percent(),
            });
        }
        self.check_compatibility(release, policy)?;
        let reports = crate::rules::Checks::default().grants(
            &release.evidence.grants,
            core.kind,
            core.approvals(),
            at,
            &platform.catalog,
            &platform.power_ceiling,
        );
        if !reports.migration.allowed() {
            return Err(Refusal::PermissionBoundary(reports.migration));
        }
        if !reports.fallback.allowed() {
            return Err(Refusal::FallbackGrant(reports.fallback));
        }
        Ok(())
    }

    /// The release's compatibility, from its contract when the migration has contracts:
    /// a declaration the contract contradicts is refused, a breaking change never runs as
    /// soft, and a breaking change needs a major bump (playbook §5: no silent breaking
    /// changes).
    fn check_compatibility(&self, release: &Release, policy: &Policy) -> Result<(), Refusal> {
        let core = &self.core;
        let changes = match (core.contracts(), &release.evidence.contract) {
            (None, None) => Vec::new(),
            (Some(contracts), Some(built)) if built.version == release.version => {
                breaking(rules::diff_contracts(&contracts.old, built, policy))
            }
            _ => return Err(Refusal::MissingContract(release.version.clone())),
        };
        let computed = if core.contracts().is_some() {
            compatibility_of(&changes)
        } else {
            core.compatibility
        };
        if release.compatibility == Some(Compatibility::BackwardCompatible)
            && computed == Compatibility::Breaking
            && core.contracts().is_some()
        {
            return Err(Refusal::CompatibilityContradicted(changes));
        }
        let breaks = computed == Compatibility::Breaking
            || release.compatibility == Some(Compatibility::Breaking);
        let bump = bump_between(&core.origin, &release.version);
        // a break needs a major bump whether the contracts show it or it is declared (a
        // semantic break no contract shows): anything else is a silent breaking change.
        // (`changes` holds only what breaks or may break, and a change that needs a major
        // bump is breaking, so `breaks` already covers every such change.)
        if breaks && bump != Bump::Major {
            return Err(Refusal::SilentBreakingChange {
                from: core.origin.clone(),
                to: release.version.clone(),
                bump,
                changes: changes
                    .into_iter()
                    .filter(|c| c.bump == Bump::Major)
                    .collect(),
            });
        }
        if breaks && core.mode == Mode::Soft {
            return Err(Refusal::SoftBreakingChange(changes));
        }
        Ok(())
    }
}
