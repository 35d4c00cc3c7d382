//! The version graph: every partner's journey across versions, built from lineages
//! (framework §5, "Lineage … is the story of transition").
//!
//! Nodes are versions; edges are migrations, aggregated over partners: **forward** (a
//! rollout from origin to target), **remediation** (a rollout again after a remediation)
//! and **fallback** (a return to the previous stable version). The graph answers the
//! questions a platform team asks of a fleet: where does a version fall back to, how does a
//! partner get from here to there without skipping a major version, who is still on a
//! version a deprecation retires, and is any history broken (a cycle that is not a
//! fallback).
//!
//! `petgraph` does the graph work inside; no petgraph type appears in the public API.

use core::fmt::Write as _;
use std::collections::HashMap;

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeFiltered;
use petgraph::visit::EdgeRef;
use semver::{Version, VersionReq};

use crate::flow::lineage::{Event, EventDetail};
use crate::flow::record::MigrationRecord;
use crate::flow::Migration;
use crate::flow::{AnyMigration, Stage, StageName};
use crate::partner::PartnerId;
use crate::policy::Policy;
use crate::rules::{Alignment, CompatibilityMatrix};

/// The kind of a migration edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum EdgeKind {
    /// A rollout from origin to target.
    Forward,
    /// A rollout again after a remediation.
    Remediation,
    /// A return to the previous stable version.
    Fallback,
}

/// One origin → target pair: how often partners rolled out forward, rolled out again after
/// a remediation, and fell back from target to origin. Keeping the three on one edge makes a
/// path query's cost a field read, not a lookup.
#[derive(Debug, Clone, Copy, Default)]
struct Edge {
    forward: u64,
    remediation: u64,
    fallback: u64,
}

impl Edge {
    fn rollouts(&self) -> u64 {
        self.forward + self.remediation
    }

    fn count(&self, kind: EdgeKind) -> u64 {
        match kind {
            EdgeKind::Forward => self.forward,
            EdgeKind::Remediation => self.remediation,
            EdgeKind::Fallback => self.fallback,
        }
    }

    /// 1 for the step, plus its observed fallback rate (1 when never rolled out).
    #[allow(clippy::cast_precision_loss)]
    fn risk(&self) -> f64 {
        let rate = if self.rollouts() == 0 {
            1.0
        } else {
            (self.fallback as f64 / self.rollouts() as f64).min(1.0)
        };
        1.0 + rate
    }
}

/// A path between two versions, with its risk.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub struct MigrationPath {
    /// The versions, from start to end.
    pub versions: Vec<Version>,
    /// The sum of the steps' risks: each step costs 1 plus its observed fallback rate
    /// (fallbacks over rollouts of that step), so a path of proven steps is preferred.
    pub risk: f64,
}

/// A path cost with a node: the risk (total order on `f64`), then the number of steps, then
/// the node.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost(f64, u32, usize);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .total_cmp(&other.0)
            .then(self.1.cmp(&other.1))
            .then(self.2.cmp(&other.2))
    }
}

/// Compares two (risk, steps) distances: lower risk first, then fewer steps.
fn compare(a: (f64, u32), b: (f64, u32)) -> Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// What a path must respect.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct PathRules<'a> {
    /// The policy: [`Policy::max_major_step`] bounds each step.
    pub policy: &'a Policy,
    /// When given, every version on the path must run on this OS version per the matrix.
    pub matrix: Option<(&'a CompatibilityMatrix, &'a Version)>,
}

/// Partners' versions and the migrations between them. See the [module docs](self).
///
/// ```
/// use chrono::{DateTime, Duration, Utc};
/// use kwanus_migration::*;
/// use semver::Version;
/// use kwanus_migration::graph::{EdgeKind, VersionGraph};
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
///     let doc = |kind| Document { kind, location: format!("docs/{kind}") };
///     let plan = Plan::new("switch runtimes", "1.4 stays served", "runtime tests", "switch back")
///         .documents(DocumentKind::required_for(MigrationKind::ExtensionRuntime).into_iter().map(doc));
///     // the platform's facts: partner 1.x runs on OS 8.x; this partner's ceilings
///     let matrix = rules::CompatibilityMatrix { rows: vec![rules::MatrixRow { partner: "^1".parse()?, os: "^8".parse()? }] };
///     let platform = Platform::new(matrix, Vec::new(), permission::Catalog::default(), Version::new(1, 9, 0), permission::PermissionSet::new());
///     let release = Release::builder(Version::new(1, 5, 0)).evidence(Evidence::builder(Version::new(8, 0, 0)).build()).build();
///     let m = Migration::open(notice, t0, &policy)?
///         .prepare(&plan, t0 + Duration::days(1))?
///         .transition(release, t0 + Duration::days(2), &policy, &platform)?;
///     let at = t0 + Duration::days(3);
///     let approval = Approval { body: GovernanceBody::Tsc, by: "tsc-duty".into(), at };
///     let fell = m.fall_back(FallbackReason::CompatibilityBroken, FallbackAuthority::Approved { approval }, at, &policy)?;
///     let mut graph = VersionGraph::new();
///     graph.add_migration(&fell);
///     let (v1, v2) = (Version::new(1, 4, 0), Version::new(1, 5, 0));
///     assert_eq!(graph.count(&v1, &v2, EdgeKind::Forward), 1);
///     assert_eq!(graph.count(&v2, &v1, EdgeKind::Fallback), 1);
///     assert_eq!(graph.fallback_target(&v2), Some(v1.clone()));
///     assert_eq!(graph.current_version(fell.partner()), Some(&v1));
///     println!("{}", graph.to_mermaid());
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Default)]
pub struct VersionGraph {
    graph: DiGraph<Version, Edge>,
    nodes: HashMap<Version, NodeIndex>,
    edges: HashMap<(NodeIndex, NodeIndex), petgraph::graph::EdgeIndex>,
    current: HashMap<PartnerId, NodeIndex>,
}

impl VersionGraph {
    /// An empty graph.
    #[must_use]
    pub fn new() -> VersionGraph {
        VersionGraph::default()
    }

    /// A graph of many records.
    #[must_use]
    pub fn from_records<'a>(
        records: impl IntoIterator<Item = &'a MigrationRecord>,
    ) -> VersionGraph {
        let mut g = VersionGraph::new();
        for r in records {
            g.add(r);
        }
        g
    }

    fn node(&mut self, v: &Version) -> NodeIndex {
        if let Some(n) = self.nodes.get(v) {
            return *n;
        }
        let n = self.graph.add_node(v.clone());
        self.nodes.insert(v.clone(), n);
        n
    }

    /// The edge origin → target, made on first use.
    fn edge(&mut self, origin: NodeIndex, target: NodeIndex) -> &mut Edge {
        let e = match self.edges.get(&(origin, target)) {
            Some(e) => *e,
            None => {
                let e = self.graph.add_edge(origin, target, Edge::default());
                self.edges.insert((origin, target), e);
                e
            }
        };
        &mut self.graph[e]
    }

    /// A graph of many verified migrations (typed handles, each already resumed or built by
    /// the flow), read in place.
    #[must_use]
    pub fn from_migrations<'a>(
        migrations: impl IntoIterator<Item = &'a AnyMigration>,
    ) -> VersionGraph {
        let mut g = VersionGraph::new();
        for m in migrations {
            g.add_any(m);
        }
        g
    }

    /// Adds one verified migration's lineage, read in place (no clone, no re-verification:
    /// a `Migration` only exists if its lineage holds).
    pub fn add_migration<S: Stage>(&mut self, m: &Migration<S>) {
        self.add_parts(
            m.partner(),
            m.stage(),
            m.origin(),
            m.target(),
            m.lineage().events(),
        );
    }

    /// Adds one verified migration of any stage, read in place.
    pub fn add_any(&mut self, m: &AnyMigration) {
        self.add_parts(
            m.partner(),
            m.stage(),
            m.origin(),
            m.target(),
            m.lineage().events(),
        );
    }

    /// Adds one record's lineage **as it is**: its digests and rules are not checked. Resume
    /// it first ([`AnyMigration::resume`]) and use [`VersionGraph::add_any`] if it comes from
    /// storage you do not trust.
    pub fn add(&mut self, record: &MigrationRecord) {
        self.add_parts(
            &record.partner,
            record.stage,
            &record.origin,
            &record.target,
            &record.events,
        );
    }

    fn add_parts(
        &mut self,
        partner: &PartnerId,
        stage: StageName,
        origin: &Version,
        target: &Version,
        events: &[Event],
    ) {
        let origin = self.node(origin);
        // the release in transition or rolled out: the target, or after a remediation the
        // fixed version above the failed one
        let mut release = self.node(target);
        let mut remediated = false;
        for e in events {
            match &e.detail {
                // every attempt counts, from its shielded transition on
                EventDetail::Transitioned { version, .. } => {
                    release = self.node(version);
                    let edge = self.edge(origin, release);
                    if remediated {
                        edge.remediation += 1;
                    } else {
                        edge.forward += 1;
                    }
                }
                EventDetail::FellBack { .. } => self.edge(origin, release).fallback += 1,
                EventDetail::Remediated { .. } => remediated = true,
                _ => {}
            }
        }
        // the partner runs the release once it rolled out, the origin before, after a
        // fallback and after a withdrawal
        let now = match stage {
            StageName::Validation
            | StageName::Stabilization
            | StageName::Throttled
            | StageName::Continuity => release,
            _ => origin,
        };
        self.current.insert(partner.clone(), now);
    }

    /// How many versions.
    #[must_use]
    pub fn version_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many distinct origin → target pairs.
    #[must_use]
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// How many times partners went from `from` to `to` this way (for a fallback, `from`
    /// is the version fallen back from).
    #[must_use]
    pub fn count(&self, from: &Version, to: &Version, kind: EdgeKind) -> u64 {
        let (from, to) = if kind == EdgeKind::Fallback {
            (to, from)
        } else {
            (from, to)
        };
        let (Some(a), Some(b)) = (self.nodes.get(from), self.nodes.get(to)) else {
            return 0;
        };
        self.edges
            .get(&(*a, *b))
            .map_or(0, |e| self.graph[*e].count(kind))
    }

    /// The version `partner` is on now, per its last lineage added.
    #[must_use]
    pub fn current_version(&self, partner: &PartnerId) -> Option<&Version> {
        self.current.get(partner).map(|n| &self.graph[*n])
    }

    /// The previous stable version to fall back to from `version`: the highest stable
    /// origin any partner migrated to `version` from.
    #[must_use]
    pub fn fallback_target(&self, version: &Version) -> Option<Version> {
        let n = *self.nodes.get(version)?;
        self.graph
            .edges_directed(n, petgraph::Direction::Incoming)
            .filter(|e| e.weight().rollouts() > 0)
            .map(|e| &self.graph[e.source()])
            .filter(|v| v.pre.is_empty() && *v < version)
            .max()
            .cloned()
    }

    /// The lowest-risk path from `from` to `to` along forward and remediation edges, never
    /// stepping over more than [`Policy::max_major_step`] majors at once and, with a
    /// matrix, only through versions that run on the given OS version. `None` if no such
    /// path exists.
    ///
    /// Among paths of equal risk, the one with the fewest steps; among those, the one whose
    /// versions are lower, compared from the target back. So the answer depends on the
    /// fleet's history only, never on the order its records were added.
    #[must_use]
    pub fn path(
        &self,
        from: &Version,
        to: &Version,
        rules: &PathRules<'_>,
    ) -> Option<MigrationPath> {
        let (a, b) = (*self.nodes.get(from)?, *self.nodes.get(to)?);
        let max_step = u64::from(rules.policy.max_major_step());
        let allowed = |n: NodeIndex| match rules.matrix {
            None => true,
            Some((m, os)) => m.alignment(&self.graph[n], os) == Alignment::Aligned,
        };
        if !allowed(a) || !allowed(b) {
            return None;
        }
        // Dijkstra over dense node indices: vectors, not hash maps, hold the distances.
        let n = self.graph.node_count();
        let mut dist = vec![(f64::INFINITY, u32::MAX); n];
        let mut prev = vec![u32::MAX; n];
        let mut heap = BinaryHeap::new();
        dist[a.index()] = (0.0, 0);
        heap.push(Reverse(Cost(0.0, 0, a.index())));
        while let Some(Reverse(Cost(risk, steps, u))) = heap.pop() {
            if u == b.index() {
                break;
            }
            if compare((risk, steps), dist[u]) == Ordering::Greater {
                continue;
            }
            let from = &self.graph[NodeIndex::new(u)];
            for e in self.graph.edges(NodeIndex::new(u)) {
                let w = e.weight();
                let t = e.target().index();
                if w.rollouts() == 0
                    || self.graph[e.target()].major.saturating_sub(from.major) > max_step
                    || !allowed(e.target())
                {
                    continue;
                }
                let nd = (risk + w.risk(), steps.saturating_add(1));
                let better = match compare(nd, dist[t]) {
                    Ordering::Less => true,
                    // equally good: the lower predecessor, whatever order the edges come in
                    Ordering::Equal => prev
                        .get(t)
                        .and_then(|&p| self.graph.node_weight(NodeIndex::new(p as usize)))
                        .is_none_or(|p| from < p),
                    Ordering::Greater => false,
                };
                if better {
                    dist[t] = nd;
                    prev[t] = u32::try_from(u).unwrap_or(u32::MAX);
                    heap.push(Reverse(Cost(nd.0, nd.1, t)));
                }
            }
        }
        let risk = dist[b.index()].0;
        if !risk.is_finite() {
            return None;
        }
        let mut nodes = vec![b.index()];
        let mut at = b.index();
        while at != a.index() {
            at = prev[at] as usize;
            nodes.push(at);
        }
        nodes.reverse();
        let nodes = nodes.into_iter().map(NodeIndex::new);
        Some(MigrationPath {
            versions: nodes.into_iter().map(|n| self.graph[n].clone()).collect(),
            risk,
        })
    }

    /// Every partner whose current version matches `retired` (the versions a deprecation
    /// retires), sorted.
    #[must_use]
    pub fn partners_on(&self, retired: &VersionReq) -> Vec<&PartnerId> {
        let mut out: Vec<&PartnerId> = self
            .current
            .iter()
            .filter(|(_, n)| retired.matches(&self.graph[**n]))
            .map(|(p, _)| p)
            .collect();
        out.sort();
        out
    }

    /// Cycles made of forward and remediation edges: a partner migrated "forward" into a
    /// version it had come from, which only a broken or forged history shows. Each cycle's
    /// versions are sorted.
    #[must_use]
    pub fn suspicious_cycles(&self) -> Vec<Vec<Version>> {
        let forward = EdgeFiltered::from_fn(&self.graph, |e| e.weight().rollouts() > 0);
        let mut out: Vec<Vec<Version>> = tarjan_scc(&forward)
            .into_iter()
            .filter(|scc| {
                scc.len() > 1 || scc.iter().any(|n| self.graph.find_edge(*n, *n).is_some())
            })
            .map(|scc| {
                let mut vs: Vec<Version> = scc.into_iter().map(|n| self.graph[n].clone()).collect();
                vs.sort();
                vs
            })
            .collect();
        out.sort();
        out
    }

    /// Every (from, to, kind, count) with a non-zero count; fallbacks point back.
    fn sorted_edges(&self) -> Vec<(&Version, &Version, EdgeKind, u64)> {
        let mut es: Vec<_> = Vec::new();
        for e in self.graph.edge_references() {
            let (o, t, w) = (&self.graph[e.source()], &self.graph[e.target()], e.weight());
            for (kind, n) in [
                (EdgeKind::Forward, w.forward),
                (EdgeKind::Remediation, w.remediation),
            ] {
                if n > 0 {
                    es.push((o, t, kind, n));
                }
            }
            if w.fallback > 0 {
                es.push((t, o, EdgeKind::Fallback, w.fallback));
            }
        }
        es.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        es
    }

    /// The graph as a Mermaid flowchart: solid arrows forward, thick for remediation,
    /// dotted for fallback, each labelled with its count.
    #[must_use]
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("graph LR\n");
        let id = |v: &Version| format!("v{}", v.to_string().replace(['.', '-', '+'], "_"));
        let mut versions: Vec<&Version> = self.graph.node_weights().collect();
        versions.sort();
        for v in versions {
            let _ = writeln!(out, "    {}[\"{v}\"]", id(v));
        }
        for (a, b, kind, n) in self.sorted_edges() {
            let arrow = match kind {
                EdgeKind::Forward => "-->",
                EdgeKind::Remediation => "==>",
                EdgeKind::Fallback => "-.->",
            };
            let _ = writeln!(out, "    {} {arrow}|{:?} ×{n}| {}", id(a), kind, id(b));
        }
        out
    }

    /// The graph as Graphviz DOT.
    #[must_use]
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph versions {\n    rankdir=LR;\n");
        let mut versions: Vec<&Version> = self.graph.node_weights().collect();
        versions.sort();
        for v in versions {
            let _ = writeln!(out, "    \"{v}\";");
        }
        for (a, b, kind, n) in self.sorted_edges() {
            let style = match kind {
                EdgeKind::Forward => "solid",
                EdgeKind::Remediation => "bold",
                EdgeKind::Fallback => "dashed",
            };
            let _ = writeln!(
                out,
                "    \"{a}\" -> \"{b}\" [label=\"{kind:?} ×{n}\", style={style}];"
            );
        }
        out.push_str("}\n");
        out
    }
}

impl<'a> PathRules<'a> {
    /// The rules of `policy` alone ([`Policy::max_major_step`](crate::Policy::max_major_step)
    /// bounds each step); add the matrix with [`PathRules::matrix`].
    #[must_use]
    pub const fn new(policy: &'a Policy) -> PathRules<'a> {
        PathRules {
            policy,
            matrix: None,
        }
    }

    /// The rules with every version on the path required to run on `os` per `matrix`.
    #[must_use]
    pub const fn matrix(
        mut self,
        matrix: &'a CompatibilityMatrix,
        os: &'a Version,
    ) -> PathRules<'a> {
        self.matrix = Some((matrix, os));
        self
    }
}
