//! Partner-facing contracts and the classified diff between two of them.

use core::fmt;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use semver::Version;

use crate::governance::GovernanceBody;
use crate::lint::{Bump, ChangeSeverity, Lint};
use crate::mode::Compatibility;
use crate::permission::PermissionSet;
use crate::policy::Policy;

/// A deprecation: from when, and the sunset after which the item may be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deprecation {
    /// When the deprecation was announced.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub since: DateTime<Utc>,
    /// The earliest moment the item may be removed.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::time_text::serialize",
            deserialize_with = "crate::time_text::deserialize"
        )
    )]
    pub sunset: DateTime<Utc>,
}

/// An API operation a partner offers or uses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Operation {
    /// Its signature (`"GET /invoices/{id} -> Invoice"`); any change is breaking by default.
    pub signature: String,
    /// Its deprecation, if deprecated.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub deprecated: Option<Deprecation>,
}

/// A workflow: what starts it and what runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Workflow {
    /// The trigger (`"invoice.created"`).
    pub trigger: String,
    /// The handler (`"billing.sync@2"`).
    pub handler: String,
    /// The body that governs it; `None` is an ungoverned workflow (playbook §8, forbidden).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub governed_by: Option<GovernanceBody>,
    /// Its deprecation, if deprecated.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::time_text::required")
    )]
    pub deprecated: Option<Deprecation>,
}

/// A runtime and its version (`"wasm-edge" 3.1.0`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuntimeRef {
    /// The runtime's name.
    pub name: String,
    /// Its version.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub version: Version,
}

/// A partner-facing contract at one version: operations, workflows, required permissions and
/// runtime. Keyed maps keep diffs deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Contract {
    /// The contract's version.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::version_text::serialize")
    )]
    pub version: Version,
    /// Operations by id.
    pub operations: BTreeMap<String, Operation>,
    /// Workflows by id.
    pub workflows: BTreeMap<String, Workflow>,
    /// Permissions the partner needs.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::permission::as_written::serialize",
            deserialize_with = "crate::permission::as_written::deserialize"
        )
    )]
    pub permissions: PermissionSet,
    /// The runtime.
    pub runtime: RuntimeRef,
}

/// One classified change between two contracts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Change {
    /// What kind of change.
    pub lint: Lint,
    /// Its severity under the policy (default or overridden).
    pub severity: ChangeSeverity,
    /// The bump it requires.
    pub bump: Bump,
    /// The item changed (`"operation get_invoice"`).
    pub item: String,
    /// What changed, for a person.
    pub detail: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} ({}, needs a {} bump): {}",
            self.lint, self.item, self.severity, self.bump, self.detail
        )
    }
}

/// The compatibility `changes` show: [`Compatibility::Breaking`] when any change is breaking
/// or possibly breaking (a possible break is not "backward compatible": fail closed),
/// [`Compatibility::BackwardCompatible`] otherwise.
///
/// ```
/// use kwanus_migration::rules::{compatibility_of, diff_contracts, Contract, RuntimeRef};
/// use kwanus_migration::{Compatibility, Policy};
/// use semver::Version;
///
/// fn main() {
///     let runtime = RuntimeRef { name: "wasm".into(), version: Version::new(2, 0, 0) };
///     let old = Contract::new(Version::new(1, 0, 0), Default::default(), Default::default(), Default::default(), runtime);
///     let mut new = old.clone();
///     new.runtime.version = Version::new(3, 0, 0); // a runtime major: breaking
///     let changes = diff_contracts(&old, &new, &Policy::default());
///     assert_eq!(compatibility_of(&changes), Compatibility::Breaking);
///     assert_eq!(compatibility_of(&[]), Compatibility::BackwardCompatible);
/// }
/// ```
#[must_use]
pub fn compatibility_of(changes: &[Change]) -> Compatibility {
    if changes.iter().any(|c| c.severity != ChangeSeverity::Info) {
        Compatibility::Breaking
    } else {
        Compatibility::BackwardCompatible
    }
}

/// The bump a change of `severity` requires: breaking → major, possibly breaking → minor,
/// informational → minor for additions and deprecations, patch for a released permission.
#[must_use]
pub fn required_bump(lint: Lint, severity: ChangeSeverity) -> Bump {
    match severity {
        ChangeSeverity::Breaking => Bump::Major,
        ChangeSeverity::PossiblyBreaking => Bump::Minor,
        ChangeSeverity::Info if lint == Lint::PermissionReleased => Bump::Patch,
        ChangeSeverity::Info => Bump::Minor,
    }
}

fn change(lint: Lint, item: String, detail: String, policy: &Policy) -> Change {
    let severity = policy.severity(lint).unwrap_or(ChangeSeverity::Breaking);
    Change {
        lint,
        severity,
        bump: required_bump(lint, severity),
        item,
        detail,
    }
}

/// Every change from `old` to `new`, classified under `policy`, in a stable order
/// (operations, workflows, permissions, runtime; by id within each).
///
/// ```
/// use std::collections::BTreeMap;
/// use kwanus_migration::rules::{diff_contracts, ChangeSeverity, Contract, Lint, Operation, RuntimeRef};
/// use kwanus_migration::Policy;
/// use semver::Version;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let operations = BTreeMap::from([("get_invoice".to_string(), Operation::new("GET /invoices/{id}"))]);
///     let runtime = RuntimeRef { name: "wasm".into(), version: Version::new(2, 0, 0) };
///     let old = Contract::new(Version::new(1, 0, 0), operations, BTreeMap::new(), "read:invoices/*".parse()?, runtime);
///     let mut new = old.clone();
///     new.operations.insert("get_invoice".into(), Operation::new("GET /v2/invoices/{id}"));
///     let changes = diff_contracts(&old, &new, &Policy::default());
///     assert_eq!(changes[0].lint, Lint::OperationChanged);
///     assert_eq!(changes[0].severity, ChangeSeverity::Breaking);
///     Ok(())
/// }
/// ```
#[must_use]
pub fn diff_contracts(old: &Contract, new: &Contract, policy: &Policy) -> Vec<Change> {
    let mut out = Vec::new();
    // an item's name is written only for a change (most items of a contract do not change)
    let operation = |id: &str| format!("operation {id}");
    let workflow = |id: &str| format!("workflow {id}");
    for (id, o) in &old.operations {
        match new.operations.get(id) {
            None => out.push(change(
                Lint::OperationRemoved,
                operation(id),
                "removed".into(),
                policy,
            )),
            Some(n) => {
                if n.signature != o.signature {
                    out.push(change(
                        Lint::OperationChanged,
                        operation(id),
                        format!("signature {:?} became {:?}", o.signature, n.signature),
                        policy,
                    ));
                }
                if let (None, Some(d)) = (o.deprecated, n.deprecated) {
                    out.push(change(
                        Lint::OperationDeprecated,
                        operation(id),
                        format!("deprecated, sunset {}", d.sunset.date_naive()),
                        policy,
                    ));
                }
            }
        }
    }
    for id in new
        .operations
        .keys()
        .filter(|id| !old.operations.contains_key(*id))
    {
        out.push(change(
            Lint::OperationAdded,
            operation(id),
            "added".into(),
            policy,
        ));
    }
    for (id, o) in &old.workflows {
        match new.workflows.get(id) {
            None => out.push(change(
                Lint::WorkflowRemoved,
                workflow(id),
                "removed".into(),
                policy,
            )),
            Some(n) => {
                if n.trigger != o.trigger {
                    out.push(change(
                        Lint::WorkflowTriggerChanged,
                        workflow(id),
                        format!("trigger {:?} became {:?}", o.trigger, n.trigger),
                        policy,
                    ));
                }
                if n.handler != o.handler {
                    out.push(change(
                        Lint::WorkflowHandlerChanged,
                        workflow(id),
                        format!("handler {:?} became {:?}", o.handler, n.handler),
                        policy,
                    ));
                }
                if let (None, Some(d)) = (o.deprecated, n.deprecated) {
                    out.push(change(
                        Lint::WorkflowDeprecated,
                        workflow(id),
                        format!("deprecated, sunset {}", d.sunset.date_naive()),
                        policy,
                    ));
                }
            }
        }
    }
    for id in new
        .workflows
        .keys()
        .filter(|id| !old.workflows.contains_key(*id))
    {
        out.push(change(
            Lint::WorkflowAdded,
            workflow(id),
            "added".into(),
            policy,
        ));
    }
    // equal sets reach the same permissions: no difference to compute
    if new.permissions != old.permissions {
        for p in new.permissions.difference(&old.permissions).iter() {
            out.push(change(
                Lint::PermissionRequired,
                format!("permission {p}"),
                "newly required".into(),
                policy,
            ));
        }
        for p in old.permissions.difference(&new.permissions).iter() {
            out.push(change(
                Lint::PermissionReleased,
                format!("permission {p}"),
                "no longer required".into(),
                policy,
            ));
        }
    }
    let (o, n) = (&old.runtime, &new.runtime);
    if o.name != n.name || o.version.major != n.version.major {
        out.push(change(
            Lint::RuntimeMajorChanged,
            format!("runtime {}", o.name),
            format!("{} {} became {} {}", o.name, o.version, n.name, n.version),
            policy,
        ));
    } else if o.version != n.version {
        out.push(change(
            Lint::RuntimeChanged,
            format!("runtime {}", o.name),
            format!("{} became {}", o.version, n.version),
            policy,
        ));
    }
    out
}

impl Contract {
    /// The contract at `version`: its operations and workflows by id, the permissions the
    /// partner needs and its runtime.
    #[must_use]
    pub const fn new(
        version: Version,
        operations: BTreeMap<String, Operation>,
        workflows: BTreeMap<String, Workflow>,
        permissions: PermissionSet,
        runtime: RuntimeRef,
    ) -> Contract {
        Contract {
            version,
            operations,
            workflows,
            permissions,
            runtime,
        }
    }
}

impl Operation {
    /// The operation of this `signature` (`"GET /invoices/{id} -> Invoice"`), not deprecated.
    #[must_use]
    pub fn new(signature: impl Into<String>) -> Operation {
        Operation {
            signature: signature.into(),
            deprecated: None,
        }
    }

    /// The operation, deprecated.
    #[must_use]
    pub const fn deprecated(mut self, deprecation: Deprecation) -> Operation {
        self.deprecated = Some(deprecation);
        self
    }
}

impl Workflow {
    /// The workflow started by `trigger` (`"invoice.created"`) and run by `handler`
    /// (`"billing.sync@2"`), not deprecated and governed by no body: an ungoverned
    /// workflow is forbidden (playbook §8), so name its body with [`Workflow::governed_by`].
    #[must_use]
    pub fn new(trigger: impl Into<String>, handler: impl Into<String>) -> Workflow {
        Workflow {
            trigger: trigger.into(),
            handler: handler.into(),
            governed_by: None,
            deprecated: None,
        }
    }

    /// The workflow, governed by `body`.
    #[must_use]
    pub const fn governed_by(mut self, body: GovernanceBody) -> Workflow {
        self.governed_by = Some(body);
        self
    }

    /// The workflow, deprecated.
    #[must_use]
    pub const fn deprecated(mut self, deprecation: Deprecation) -> Workflow {
        self.deprecated = Some(deprecation);
        self
    }
}
