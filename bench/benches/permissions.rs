//! The boundary checker on grants of 8 … 4,096 permissions against ceilings of the same size,
//! beside the honest floor: a `HashSet<&str>` of the grant's permission texts, probed with the
//! same texts (exact membership, no patterns, no rules). The `HashSet<Permission>` line is
//! kept for reference; it is slower than the text floor because hashing a `Permission` walks
//! its segments. Before measuring, it prints what the compiled sets cost in memory.
//!
//! `permissions/submission` is the path a partner's submission takes: a grant and a ceiling of
//! N permission texts each parsed from text into sets, then the first check (the grant
//! proposed unchanged). Its floor splits the same texts at `:`, builds a `HashSet<&str>` of the
//! ceiling's texts and probes it with each grant text. `permissions/parse` measures parsing
//! alone, per permission text.
#![allow(missing_docs)]

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kwanus_migration::permission::{check, BoundaryCheck, Catalog, Permission, PermissionSet};
use kwanus_migration::MigrationKind;

const VERBS: [&str; 6] = ["read", "list", "write", "create", "update", "delete"];
const REGIONS: [&str; 4] = ["eu", "us", "ap", "sa"];

/// `n` permissions of a realistic shape: `verb:tenant-K/orders/REGION/*`.
fn grant(n: usize) -> Vec<Permission> {
    (0..n)
        .map(|i| {
            let verb = VERBS[i % VERBS.len()];
            let tenant = i / (VERBS.len() * REGIONS.len());
            let region = REGIONS[(i / VERBS.len()) % REGIONS.len()];
            Permission::new(verb, &format!("tenant-{tenant}/orders/{region}/*")).unwrap()
        })
        .collect()
}

/// A ceiling of `n` distinct entries, each wider than a grant entry (`verb:tenant-K/*/REGION/*`).
fn ceiling(n: usize) -> Vec<Permission> {
    (0..n)
        .map(|i| {
            let verb = VERBS[i % VERBS.len()];
            let tenant = i / (VERBS.len() * REGIONS.len());
            let region = REGIONS[(i / VERBS.len()) % REGIONS.len()];
            Permission::new(verb, &format!("tenant-{tenant}/*/{region}/*")).unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::default();
    let mut g = c.benchmark_group("permissions/check");
    for n in [8usize, 64, 512, 4096] {
        let proposed = PermissionSet::from(grant(n));
        let current = proposed.clone();
        let ceil = PermissionSet::from(ceiling(n));
        let input = BoundaryCheck::migration(
            &current,
            &proposed,
            &ceil,
            MigrationKind::ApiVersion,
            &catalog,
        );
        assert!(check(&input).allowed(), "the bench grant must pass");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("checker", n), &input, |b, input| {
            b.iter(|| check(black_box(input)))
        });

        println!(
            "permissions/compiled/{n}: grant {:.1} B/permission, ceiling {:.1} B/permission \
             (trie, text, flat fingerprints and index, beside the permissions themselves)",
            proposed.compiled_bytes() as f64 / n as f64,
            ceil.compiled_bytes() as f64 / n as f64,
        );

        // the floor: the grant's texts in a HashSet<&str>, probed with separately made texts
        let texts: Vec<String> = grant(n).iter().map(ToString::to_string).collect();
        let floor: HashSet<&str> = texts.iter().map(String::as_str).collect();
        let probe: Vec<String> = grant(n).iter().map(ToString::to_string).collect();
        g.bench_with_input(
            BenchmarkId::new("hashset_text_floor", n),
            &(floor, probe),
            |b, (floor, probe)| {
                b.iter(|| black_box(probe).iter().all(|p| floor.contains(p.as_str())))
            },
        );

        let floor: HashSet<Permission> = grant(n).into_iter().collect();
        let probe = grant(n);
        g.bench_with_input(
            BenchmarkId::new("hashset_permission", n),
            &(floor, probe),
            |b, (floor, probe)| b.iter(|| black_box(probe).iter().all(|p| floor.contains(p))),
        );
    }
    g.finish();
}

/// The texts of `perms`, in the order given (a submission need not be sorted).
fn texts(perms: &[Permission]) -> Vec<String> {
    perms.iter().map(ToString::to_string).collect()
}

fn parse_set(texts: &[String]) -> PermissionSet {
    texts
        .iter()
        .map(|t| t.parse::<Permission>())
        .collect::<Result<PermissionSet, _>>()
        .expect("the bench texts parse")
}

fn submission(c: &mut Criterion) {
    let catalog = Catalog::default();
    let mut g = c.benchmark_group("permissions/submission");
    for n in [8usize, 64, 512, 4096] {
        let grant_texts = texts(&grant(n));
        let ceiling_texts = texts(&ceiling(n));
        let first_check = |grant_texts: &[String], ceiling_texts: &[String]| {
            let proposed = parse_set(grant_texts);
            let ceiling = parse_set(ceiling_texts);
            check(&BoundaryCheck::migration(
                &proposed,
                &proposed,
                &ceiling,
                MigrationKind::ApiVersion,
                &catalog,
            ))
            .allowed()
        };
        assert!(first_check(&grant_texts, &ceiling_texts));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(
            BenchmarkId::new("kwanus", n),
            &(&grant_texts, &ceiling_texts),
            |b, (grant_texts, ceiling_texts)| {
                b.iter(|| first_check(black_box(grant_texts), black_box(ceiling_texts)))
            },
        );
        g.bench_with_input(
            BenchmarkId::new("floor", n),
            &(&grant_texts, &ceiling_texts),
            |b, (grant_texts, ceiling_texts)| {
                b.iter(|| {
                    let ceiling: HashSet<&str> = black_box(ceiling_texts)
                        .iter()
                        .filter(|t| black_box(t.split_once(':')).is_some())
                        .map(String::as_str)
                        .collect();
                    black_box(grant_texts)
                        .iter()
                        .filter(|t| black_box(t.split_once(':')).is_some())
                        .filter(|t| ceiling.contains(t.as_str()))
                        .count()
                })
            },
        );
    }
    g.finish();
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("permissions/parse");
    for n in [64usize, 4096] {
        let all = texts(&grant(n));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("permission", n), &all, |b, all| {
            b.iter(|| {
                black_box(all)
                    .iter()
                    .map(|t| t.parse::<Permission>())
                    .collect::<Result<Vec<_>, _>>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench, submission, parse);
criterion_main!(benches);
