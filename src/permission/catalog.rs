//! Verb access levels, and the catalog that declares them.

use super::text::same_text;
use std::collections::BTreeMap;

/// An access level. Ordered: `Read < Write < Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Access {
    /// Reads only.
    Read,
    /// Changes data.
    Write,
    /// Changes configuration or access; the highest level.
    Admin,
}

impl Access {
    /// The stable snake_case name (`"read"`, `"write"`, `"admin"`): its JSON form and the
    /// name the record format hashes.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::Admin => "admin",
        }
    }
}

/// The declared access level of each verb, and which verbs can escalate.
///
/// A verb not declared counts as [`Access::Admin`] (fail closed). `Catalog::default()`
/// declares the common verbs:
///
/// | level | verbs |
/// |---|---|
/// | read | `read`, `list`, `get`, `view`, `describe` |
/// | write | `write`, `create`, `update`, `delete`, `invoke`, `execute` |
/// | admin | `admin`, `manage`, and the escalation-capable `grant`, `bind`, `set-policy`, `edit-boundary`, `remove-boundary` |
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Catalog {
    levels: BTreeMap<String, Access>,
    escalation: Vec<String>,
}

impl Default for Catalog {
    fn default() -> Self {
        let mut c = Catalog::empty();
        for v in ["read", "list", "get", "view", "describe"] {
            c = c.declare(v, Access::Read);
        }
        for v in ["write", "create", "update", "delete", "invoke", "execute"] {
            c = c.declare(v, Access::Write);
        }
        for v in ["admin", "manage"] {
            c = c.declare(v, Access::Admin);
        }
        for v in [
            "grant",
            "bind",
            "set-policy",
            "edit-boundary",
            "remove-boundary",
        ] {
            c = c.declare_escalation(v);
        }
        c
    }
}

impl Catalog {
    /// A catalog declaring nothing: every verb counts as admin.
    #[must_use]
    pub fn empty() -> Catalog {
        Catalog {
            levels: BTreeMap::new(),
            escalation: Vec::new(),
        }
    }

    /// Declares `verb` at `level`.
    #[must_use]
    pub fn declare(mut self, verb: &str, level: Access) -> Catalog {
        self.levels.insert(verb.to_owned(), level);
        self
    }

    /// Declares `verb` as escalation-capable (and admin-level).
    #[must_use]
    pub fn declare_escalation(mut self, verb: &str) -> Catalog {
        self.levels.insert(verb.to_owned(), Access::Admin);
        if !self.escalation.iter().any(|v| v == verb) {
            self.escalation.push(verb.to_owned());
        }
        self
    }

    /// The declared verbs and their levels, in ascending byte order of the verbs.
    #[must_use]
    pub fn levels(&self) -> &std::collections::BTreeMap<String, Access> {
        &self.levels
    }

    /// The escalation-capable verbs, in the order they were declared.
    #[must_use]
    pub fn escalation_verbs(&self) -> &[String] {
        &self.escalation
    }

    /// The level of `verb`; undeclared verbs and `*` are [`Access::Admin`].
    #[must_use]
    pub fn level(&self, verb: &str) -> Access {
        if verb == "*" {
            // every verb, escalation included: whatever a catalog says
            return Access::Admin;
        }
        self.levels.get(verb).copied().unwrap_or(Access::Admin)
    }

    /// Whether `verb` can grant or change permissions; `*` always can.
    #[must_use]
    pub fn is_escalation(&self, verb: &str) -> bool {
        self.is_escalation_bytes(verb.as_bytes())
    }

    /// [`Catalog::is_escalation`] of a verb's bytes (as a permission holds them).
    #[inline]
    pub(super) fn is_escalation_bytes(&self, verb: &[u8]) -> bool {
        verb == b"*"
            || self
                .escalation
                .iter()
                .any(|v| same_text(v.as_bytes(), verb))
    }
}
