//! Where a validation puts its findings: kept whole for a report, or only tallied when the
//! verdicts are all that is asked (a replay compares a recorded validation's verdicts with
//! the ones its evidence gives, and a verdict rests only on whether a dimension found
//! anything and whether any of it is an error).

use crate::dimension::Dimension;
use crate::lint::{FindingLevel, Lint};
use crate::permission::BoundaryReport;
use crate::report::Finding;

/// What a dimension's findings decide: whether there are any, and whether one is an error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Something was found.
    pub(crate) any: bool,
    /// An error was found.
    pub(crate) error: bool,
}

/// Where a validation puts its findings, each in the dimension its lint declares
/// ([`Lint::dimension`]).
pub(crate) trait Sink {
    /// A finding of `lint` at `level`, built by `build` only if this sink keeps findings.
    fn add(&mut self, lint: Lint, level: FindingLevel, build: impl FnOnce() -> Finding);

    /// Findings already built (most checks find nothing: an empty list is not walked).
    fn extend(&mut self, findings: Vec<Finding>) {
        if findings.is_empty() {
            return;
        }
        for f in findings {
            let (lint, level) = (f.lint, f.level);
            self.add(lint, level, || f);
        }
    }

    /// A finding already built, if there is one.
    fn put(&mut self, finding: Option<Finding>) {
        if let Some(f) = finding {
            let (lint, level) = (f.lint, f.level);
            self.add(lint, level, || f);
        }
    }

    /// The violations of a boundary check, each item named after `prefix` (see
    /// [`Finding::of_violation`]), built only if this sink keeps findings.
    fn boundary(&mut self, report: &BoundaryReport, prefix: &str) {
        for v in report.violations() {
            let lint = Lint::from(v.kind);
            self.add(lint, lint.level(), || Finding::of_violation(v, prefix));
        }
    }

    /// What was found in `dimension`.
    fn seen(&self, dimension: Dimension) -> Seen;

    /// This sink as a tally, if it is one (a tally can take another's flags, and is all a
    /// replay asks for).
    fn as_tally(&mut self) -> Option<&mut Tally> {
        None
    }
}

/// The dimension a finding of `lint` lands in: every lint validation raises declares one (a
/// test holds it to that).
fn dimension_of(lint: Lint) -> Dimension {
    lint.dimension().unwrap_or(Dimension::Structure)
}

/// The findings of each dimension, in the order they were found.
#[derive(Debug, Default)]
pub(crate) struct Kept(pub(crate) [Vec<Finding>; 6]);

impl Sink for Kept {
    fn add(&mut self, lint: Lint, _: FindingLevel, build: impl FnOnce() -> Finding) {
        self.0[dimension_of(lint).index()].push(build());
    }

    fn seen(&self, dimension: Dimension) -> Seen {
        let found = &self.0[dimension.index()];
        Seen {
            any: !found.is_empty(),
            error: found.iter().any(|f| f.level == FindingLevel::Error),
        }
    }
}

/// What each dimension found, without the findings: nothing is built or allocated.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally([Seen; 6]);

impl Tally {
    /// Adds what `other` found to what this one found.
    pub(crate) fn merge(&mut self, other: &Tally) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            mine.any |= theirs.any;
            mine.error |= theirs.error;
        }
    }
}

impl Sink for Tally {
    fn add(&mut self, lint: Lint, level: FindingLevel, _: impl FnOnce() -> Finding) {
        let seen = &mut self.0[dimension_of(lint).index()];
        seen.any = true;
        seen.error |= level == FindingLevel::Error;
    }

    fn seen(&self, dimension: Dimension) -> Seen {
        self.0[dimension.index()]
    }

    fn as_tally(&mut self) -> Option<&mut Tally> {
        Some(self)
    }
}
