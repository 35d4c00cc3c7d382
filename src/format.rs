//! The record format, version 3: the JSON form of a [`MigrationRecord`], the bytes that
//! are hashed into its chain, and its seal.
//!
//! This page is the specification. It is complete enough to write a verifier in any
//! language without reading the crate's Rust: `scripts/verify_record.py` is one, written
//! from this page with Python's standard library only, and CI runs it over the test vectors
//! in `tests/vectors/` and over records the crate writes fresh. The vectors pin every digest
//! and seal: a change to anything below fails a test.
//!
//! Format 3 differs from format 2 in: the domain tags (`…/v3`); the policy recorded in
//! `opened`; the platform's facts recorded in `transitioned` and in the validation events;
//! `grants` without `ceiling`; an attestation's `body`; the append-only `corrected` event in
//! place of `amended`; the events `window_extended` and `withdrawn` and the stage
//! `withdrawn`; and the values the crate computes from the recorded policy
//! ([§7](#7-verifying-a-record)).
//!
//! # Contents
//!
//! 1. [Exact values](#1-exact-values)
//! 2. [The record](#2-the-record)
//! 3. [Events](#3-events)
//! 4. [Names](#4-names)
//! 5. [The hashed bytes](#5-the-hashed-bytes)
//! 6. [The chain, the head and the seal](#6-the-chain-the-head-and-the-seal)
//! 7. [Verifying a record](#7-verifying-a-record)
//! 8. [Test vectors](#8-test-vectors)
//!
//! # 1. Exact values
//!
//! Every value in a record is a string, an integer, a boolean, `null`, an array or an
//! object. There is no floating-point number anywhere: a health score is stored as an
//! integer number of hundredths of a point (`9234` is 92.34 points), and the policy's
//! weights and thresholds as decimal text (`"0.75"`). So a record the crate writes parses
//! and re-serializes byte for byte in `serde_json` (default features), Python's `json` and
//! JavaScript's `JSON.parse` (every integer in a record is below 2⁵³, except the version
//! numbers of a version string, which are strings in JSON). The digests are computed from
//! the values, never from the JSON text: whitespace and key order in the JSON do not matter.
//!
//! | value | JSON | example |
//! |---|---|---|
//! | time | a string of the grammar below ([times](#times)), written canonically: in UTC with `Z`; fractional seconds only when non-zero, with the fewest of 3, 6 or 9 digits that hold them; a year above 9999 is written `+` and its digits (`+10000-01-01T00:00:00Z`), a year before 0000 `-` and at least 4 digits (`-0005-01-01T00:00:00Z`), an extension of RFC 3339; a leap second is second `60` of 23:59 UTC. The instant lies from `-262143-01-01T00:00:00Z` to `+262142-12-31T23:59:59.999999999Z` (the range of the crate's `chrono`) | `"2026-01-05T00:00:00Z"`, `"2026-01-05T00:00:00.250Z"`, `"-0044-03-15T12:00:00Z"`, `"2016-12-31T23:59:60.250Z"` |
//! | version | a string, [SemVer 2.0](https://semver.org): `MAJOR.MINOR.PATCH`, optionally `-PRE` and `+BUILD` (no leading zeros: one text per version). A pre-release is allowed in every version except `origin`, `target` and `fallback_target` (§7: the notice refuses it there): an OS version (`os_version`), a contract's, a runtime's, a release's after a remediation | `"2.4.0"`, `"2.4.0-rc.1+b7"`, `"8.1.0-beta.2"` |
//! | requirement | a string: a version requirement as the Rust `semver` crate writes it (below) | `"^2"`, `">=2, <4"`, `"*"` |
//! | digest | a string of 64 lowercase hex digits (32 bytes) | `"5bdc…3843"` |
//! | name | a snake_case string from the lists in [§4](#4-names) | `"api_deprecation"` |
//! | partner | a string of 1–128 ASCII letters, digits, `-`, `_` and `.` | `"acme-billing"`, `"Acme_Billing.eu"` |
//! | text | any string of Unicode scalar values (UTF-8); a JSON escape of a lone surrogate (`"\ud800"` unpaired) is no text: the record is refused as malformed JSON (`load.malformed_json`; serde_json refuses it as it parses) | `"v2 dropped a field"`, `"docs/😀"` |
//! | text (not blank) | a text that is not *blank* (empty or only Unicode `White_Space` characters) | `"tsc-chair"` |
//! | decimal | a string: a number in the shortest decimal form that reads back as the same IEEE 754 double (below) | `"1"`, `"0.75"`, `"0.01"`, `"40"` |
//! | score | an integer, hundredths of a point, 0–10000 | `9234` |
//!
//! ## Times
//!
//! A reader reads exactly this grammar (ABNF, RFC 5234; the quoted strings of ABNF match
//! either case, so the letters are given as code points) and refuses every other spelling
//! with `load.invalid_field`:
//!
//! ```text
//! date-time = year "-" month "-" day %x54 hour ":" minute ":" second [ "." 1*9DIGIT ] zone
//!                                          ; %x54 is "T", uppercase only; no space for it
//! year      = 4DIGIT                       ; 0000 to 9999
//!           / "+" %x31-39 4*DIGIT          ; above 9999: "+", five digits or more, no leading zero
//!           / "-" ( 4DIGIT / %x31-39 4*DIGIT )
//!                                          ; before 0000: "-", four digits or more, no leading
//!                                          ; zero beyond four digits; not "-0000"
//! month     = 2DIGIT                       ; 01 to 12
//! day       = 2DIGIT                       ; 01 to the month's last day (proleptic Gregorian)
//! hour      = 2DIGIT                       ; 00 to 23
//! minute    = 2DIGIT                       ; 00 to 59
//! second    = 2DIGIT                       ; 00 to 59; 60 only for a leap second (below)
//! zone      = %x5A / ( "+" / "-" ) hour ":" minute
//!                                          ; %x5A is "Z", uppercase only; "-00:00" refused
//! DIGIT     = %x30-39                      ; ASCII digits only
//! ```
//!
//! and, beyond the grammar:
//!
//! - the year is from -262143 to +262142 and the instant (after the offset) lies in the
//!   range of the table above;
//! - 1 to 9 fraction digits: 10 or more are refused, never truncated (a time edited below
//!   the nanosecond would verify); trailing zeros are allowed when reading;
//! - `-00:00` (RFC 3339's "unknown local offset") is refused; `+00:00` is UTC; an offset
//!   has its colon (`+0000`, `+01` are refused);
//! - second `60` is a **leap second**, accepted only when the instant is 23:59:60 UTC (the
//!   time of day minus the offset is 23:59; `2016-12-31T18:59:60-05:00` is one,
//!   `2016-12-31T12:59:60Z` is not). The date is not checked against the table of leap
//!   seconds actually inserted. A leap second 23:59:60.f orders after 23:59:59.999999999 of
//!   its day and before 00:00:00 of the next ([§5](#5-the-hashed-bytes) encodes it so).
//!
//! | spelling | read |
//! |---|---|
//! | `2026-01-05T00:00:00Z`, `2026-01-05T00:00:00.250Z`, `2026-01-05T00:00:00.123456789Z` | accepted (canonical) |
//! | `2026-01-05T00:00:00.5Z`, `2026-01-05T00:00:00.000Z`, `2026-01-05T01:00:00+01:00`, `2026-01-05T00:00:00+00:00` | accepted (not canonical) |
//! | `+10000-01-01T00:00:00Z`, `-0005-01-01T00:00:00Z`, `-12345-06-15T12:00:00Z`, `0000-01-01T00:00:00Z` | accepted |
//! | `2016-12-31T23:59:60Z`, `2016-12-31T23:59:60.500Z`, `2016-12-31T18:59:60-05:00` | accepted (leap seconds) |
//! | `2026-01-05t00:00:00Z`, `2026-01-05T00:00:00z`, `2026-01-05 00:00:00Z` | refused (lowercase, space) |
//! | `2026-01-05T00:00:00+0000`, `2026-01-05T00:00:00-00:00`, `2026-01-05T00:00:00` | refused (offset form, unknown offset, no zone) |
//! | `2026-01-05T00:00:00.1234567890Z`, `2026-01-05T00:00:00.Z` | refused (10 digits, no digit) |
//! | `+2026-01-05T00:00:00Z`, `+09999-01-01T00:00:00Z`, `+010000-01-01T00:00:00Z`, `10000-01-01T00:00:00Z`, `-00005-01-01T00:00:00Z`, `-0000-01-01T00:00:00Z` | refused (year forms) |
//! | `+262143-01-01T00:00:00Z`, `2016-12-31T12:59:60Z`, `2016-12-31T23:59:60+01:00`, `2025-02-29T00:00:00Z` | refused (range, not a leap second, no such date) |
//!
//! `tests/spellings.json` holds this table and more (each row `{"text", "accepted",
//! "why"}`); both the crate's reader and `scripts/verify_record.py --spellings` are checked
//! against every row.
//!
//! A reader must treat a time as the instant it names (seconds since 1970-01-01T00:00:00Z
//! in the proleptic Gregorian calendar, and nanoseconds), not as text:
//! [§5](#5-the-hashed-bytes) encodes the instant, so two accepted spellings of one instant
//! verify alike. The crate always **writes** the canonical spelling (UTC with `Z`, a
//! fraction only when non-zero with the fewest of 3, 6 or 9 digits, the year forms above);
//! a strict verifier may also require it (`scripts/verify_record.py --canonical` does).
//!
//! **Dates derived from a leap second.** When the crate adds calendar months or whole days
//! to a leap second 23:59:60.f (a `fallback_until`, `recommended_until` or `next_review`;
//! a remediation deadline), it adds them to 23:59:59.f, the second before with the same
//! fraction: a rollout at `2016-12-31T23:59:60.250Z` gives a `fallback_until` six months
//! later of `2017-06-30T23:59:59.250Z`, and a minor notice at that time a
//! `remediation_deadline` of `2017-01-30T23:59:59.250Z` (so also for zero days). The crate
//! writes `:60` only where it was given a leap second, which the grammar above allows only
//! at 23:59 UTC.
//!
//! A **requirement** is hashed as its text, and the text must be the one the `semver` crate
//! writes: `*` for any version, else comparators joined by `", "` (a comma and one space).
//! A comparator is an operator (`=`, `>`, `>=`, `<`, `<=`, `~` or `^`) followed by `MAJOR`,
//! `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, the last optionally with `-PRE`; or a wildcard,
//! `MAJOR.*` or `MAJOR.MINOR.*`. Numbers have no leading zeros. The crate always writes this
//! form and refuses any other spelling `semver` would accept (`"1.2"` for `"^1.2"`,
//! `">= 2 , < 4"` for `">=2, <4"`) with `load.invalid_field`, as the Python verifier does.
//!
//! A **permission** is written `verb:pattern` with no space: the verb is `*` or one or more
//! of `a`–`z`, `0`–`9`, `-`, `_`, `.`; the pattern is segments joined by `/`, each `*` or
//! one or more ASCII letters, digits, `-`, `_`, `.` (so a permission is ASCII). A
//! **permission set** is an array of permissions **in the crate's order and without
//! repeats**; a reader refuses an array out of that order or with a repeated entry
//! (`load.invalid_field`), even though it names the same set: the set is hashed as written,
//! and there is one way to write it. The crate's order (`Permission`'s `Ord`) compares:
//!
//! 1. the verbs, as texts;
//! 2. then the patterns' segments one by one, where a trailing `*` is not a segment but a
//!    mark (below): a literal segment comes before a `*` segment, two literals compare as
//!    texts; when one pattern's segments are a prefix of the other's, the shorter comes
//!    first;
//! 3. then a pattern without a trailing `*` before the same segments with one.
//!
//! Texts compare as Rust compares `str`, byte by byte in UTF-8, which is the order of code
//! points (Python's comparison of `str`), and not the order of UTF-16 code units
//! (JavaScript's and Java's `<`, which put U+1F600 before U+FF21). For example, the crate
//! writes `["*:audit/*", "read:Orders", "read:orders", "read:orders/*", "read:orders/a",
//! "read:orders/*/items", "write:orders/*"]` (`vectors/corners.json`): `read:orders/a`
//! comes before `read:orders/*/items` (a literal before `*`), though `*` is before `a` in
//! ASCII.
//!
//! **Texts that may not be blank** are marked "not blank" in the tables of §3: a document's
//! `location`, an approval's and an attestation's `by`, an attestation's `check` and
//! `evidence`, `reviewed.by` and `.decision`, `remediated.root_cause` and `.fixes`,
//! `window_extended.reason`, `withdrawn.reason`, `corrected.value`, `.by` and `.reason`, a
//! fallback reason's `detail`, and the departures' reasons. Every other text may be blank.
//!
//! A **decimal** is written as Rust's `Display` writes an `f64`: the shortest digits that
//! read back as the same double, never with an exponent. It matches
//! `(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`: no sign, no leading zero, a fraction only when
//! non-zero and without trailing zeros (`"1"`, not `"1.0"`; `"100000"` for 1e5; `"0.0000001"`
//! for 1e-7), and it is exactly the shortest round-trip form of its value (`"0.1"`, never
//! `"0.10000000000000001"`). The crate refuses any other spelling of the number. A negative
//! zero is not a decimal of this page, and no policy holds one: the crate refuses `-0.0` for
//! every policy number (`policy.out_of_range`), so it never writes `"-0"`.
//!
//! Integers are JSON integers, never `-0`, never with a fraction or exponent. A JSON object
//! in a record never repeats a key. The numbers of a version fit in 64 bits.
//!
//! # 2. The record
//!
//! A record is a JSON object with exactly these keys (unknown keys are refused, here and in
//! every object below: events, details, fields, windows, policies, platforms and fallback
//! reasons). **Every key is present**: a key whose value is `null` is written out
//! (`"rite": null`, `"severity": null`, `"deprecated": null`, `"contracts": null`, …), and a
//! reader refuses an object with a key missing (`load.invalid_field`), as it refuses one
//! with an unknown key:
//!
//! | key | value | meaning |
//! |---|---|---|
//! | `format` | integer `3` | the record format; a reader refuses any other value |
//! | `stage` | name (stage) | the stage the events lead to |
//! | `partner` | partner | the partner; the same as in the `opened` event |
//! | `kind` | name (kind) | the same as in the `opened` event |
//! | `mode` | name (mode) | the mode chosen at the notice; the same as in the `opened` event |
//! | `origin` | version | the same as in the `opened` event |
//! | `target` | version | the same as in the `opened` event |
//! | `events` | array of events, oldest first, at least one | the lineage |
//! | `head` | digest | the digest of the last event |
//!
//! The header (`stage` to `target`) is not hashed: it repeats what the events say. A
//! reader checks `partner` … `target` against the `opened` event, and the crate checks
//! `stage` by replaying the events through the flow's rules; a verifier of the tamper
//! evidence alone (§7) cannot check `stage`, and needs not: it holds nothing the events do
//! not.
//!
//! A record is checked against an *anchor* held outside it: the head the service stored
//! when it saved the record, or the record's seal under the platform's key
//! ([§6](#6-the-chain-the-head-and-the-seal)). Without an anchor a verifier can detect an
//! edited history, but not one rewritten whole and re-chained.
//!
//! # 3. Events
//!
//! An event is a JSON object with exactly these keys:
//!
//! | key | value | meaning |
//! |---|---|---|
//! | `seq` | integer ≥ 0 | the event's position in `events`, from 0 |
//! | `at` | time | when it happened; never earlier than the event before |
//! | `rite` | name (rite) or `null` | the rite of the event's kind (table below) |
//! | `detail` | object with exactly one key, the event's kind, whose value is an object of the kind's fields | what happened |
//! | `digest` | digest | the event's digest ([§6](#6-the-chain-the-head-and-the-seal)) |
//!
//! For example `"detail": {"released": {}}` or
//! `"detail": {"stabilized": {"score_hundredths": 9234, "band": "stable"}}`.
//!
//! The kinds of event, their rite, and their fields **in encoding order** (every field is
//! present; the fields of an object in the JSON may come in any order). "Not blank" marks a
//! text the crate refuses when blank:
//!
//! | kind | rite | fields, in encoding order |
//! |---|---|---|
//! | `opened` | `detection` | `partner`: partner; `triggers`: array of names (trigger), sorted in the order of §4, distinct, at least one; `kind`: name (kind); `compatibility`: name (compatibility); `mode`: name (mode); `origin`: version; `target`: version; `fallback_target`: version, equal to `origin` (the fallback is active from the notice); `window`: object `{"opens": time, "closes": time}` (encoded `opens` then `closes`); `severity`: name (severity) or `null`; `remediation_deadline`: time or `null`; `contracts`: contracts or `null`; `policy`: policy |
//! | `prepared` | `preparation` | `documents`: array of documents; `approvals`: array of approvals |
//! | `transitioned` | `transition` | `version`: version; `canary_percent`: integer 0–100 (`u8`); `evidence`: evidence; `platform`: platform |
//! | `validation_passed` | `null` | `dimensions`: array of six outcomes; `platform`: platform |
//! | `rolled_out` | `null` | `fallback_until`: time; `recommended_until`: time |
//! | `validation_failed` | `null` | `dimensions`: array of six outcomes; `platform`: platform |
//! | `stabilized` | `stabilization` | `score_hundredths`: score; `band`: name (band) |
//! | `health_recorded` | `null` | `score_hundredths`: score; `band`: name (band) |
//! | `throttled` | `null` | `score_hundredths`: score; `band`: name (band); `collapse`: boolean |
//! | `reviewed` | `null` | `by`: text, not blank; `decision`: text, not blank |
//! | `fell_back` | `null` | `reason`: a fallback reason (below); `to`: version; `restricted`: boolean; `authority`: a fallback authority (below) |
//! | `remediated` | `preparation` | `root_cause`: text, not blank; `fixes`: text, not blank; `severity`: name (severity); `found_at`: time; `deadline`: time; `documents`: array of documents; `approvals`: array of approvals |
//! | `completed` | `continuity` | `below_recommended_window`: boolean; `current`: version; `retired`: version; `next_review`: time; `completion_band`: name (band) |
//! | `released` | `release` | none |
//! | `window_extended` | `null` | `closes`: time (the window's new close); `reason`: text, not blank; `approval`: approval |
//! | `withdrawn` | `null` | `by`: name (withdrawn by); `reason`: text, not blank; `approval`: approval; `version`: version (the version the partner is left on: the origin); `grants`: permission set or `null` (the grant the partner is left with) |
//! | `corrected` | `null` | `event`: integer (`u32`), the `seq` of the earlier event corrected; `field`: text, the path of the corrected field in that event's detail (below); `value`: text, not blank; `by`: text, not blank; `reason`: text, not blank; `approved_by`: name (body) |
//!
//! The objects inside events, each with exactly these keys, encoded in this order:
//!
//! | object | keys, in encoding order |
//! |---|---|
//! | document | `kind`: name (document); `location`: text, not blank |
//! | approval | `body`: name (body); `by`: text, not blank; `at`: time (not after the event) |
//! | contracts | `old`: contract; `new`: contract |
//! | contract | `version`: version; `operations`: object from operation id (text) to operation, encoded as a `list` of (`str` id, then the operation) in ascending byte order of the ids; `workflows`: object from workflow id to workflow, encoded the same way; `permissions`: permission set; `runtime`: object `{"name": text, "version": version}` |
//! | operation | `signature`: text; `deprecated`: deprecation or `null` |
//! | workflow | `trigger`: text; `handler`: text; `governed_by`: name (body) or `null`; `deprecated`: deprecation or `null` |
//! | deprecation | `since`: time; `sunset`: time |
//! | permission set | an array of permission texts (`verb:resource/pattern`), in the crate's order and without repeats ([§1](#1-exact-values)), encoded as a `list` of `str` in the array's order; an array out of order or with a repeat is refused |
//! | evidence | `contract`: contract or `null`; `grants`: grants; `runtimes`: array of runtime uses; `fallback_apis`: array of texts; `fallback_workflows`: array of texts; `os_version`: version |
//! | grants | `current`, `proposed`, `deny`, `fallback`: permission sets (the power ceiling is the platform's, not the partner's: `platform.power_ceiling`) |
//! | runtime use | `component`: text; `kind`: name (component); `runtime`: text; `version`: version |
//! | outcome | `dimension`: name (dimension); `verdict`: name (verdict); `computed`: boolean; `attestations`: array of attestations |
//! | attestation | `dimension`: name (dimension), the outcome's; `verdict`: name (verdict), `pass` or `fail`; `check`: text, not blank; `by`: text, not blank; `body`: name (body) or `null` (the governance body that attests, when one does); `at`: time (not after the validation event, not before the release: the latest `transitioned` event); `evidence`: text, not blank |
//! | platform | `matrix`: object `{"rows": array of matrix rows}` (encoded as the `list` of rows, no key); `supported_runtimes`: array of runtime supports; `catalog`: catalog; `version_ceiling`: version; `power_ceiling`: permission set |
//! | matrix row | `partner`: requirement (partner versions); `os`: requirement (the OS versions they run on) |
//! | runtime support | `runtime`: text; `versions`: requirement |
//! | catalog | `levels`: object from verb (text) to name (access), encoded as `u32` count, then for each verb in ascending byte order `str` verb and `str` access; `escalation`: array of verbs (texts), encoded as a `list` of `str` in the array's order (the order they were declared) |
//! | policy | the 29 keys of the policy table below |
//!
//! A validation event's `dimensions` holds one outcome per dimension, in the order of §4;
//! an outcome is `unverified` exactly when it is neither computed nor attested.
//! `validation_passed` has no outcome `fail` or `unverified`; `validation_failed` has at
//! least one. Its `platform` holds the platform's facts the verdicts were computed from.
//!
//! Lists of documents and approvals are written sorted and without repeats, and may be
//! empty. Documents are sorted by `kind` **in the order of §4's document list**
//! (`migration_guide`, `compatibility_notes`, `version_notes`, `workflow_changes`,
//! `permission_changes`, `developer_tutorial`, `partner_onboarding_guide`: not
//! alphabetical), then by `location` in UTF-8 byte order; approvals by `body` in the order
//! of §4's body list (`tsc`, `sco`, `erc`, `cgb`), then by the signer `by` in UTF-8 byte
//! order, then by `at` as instants. (The crate sorts them with the `Ord` its `Document` and
//! `Approval` derive.) A reader encodes both lists in the array's order; it does not re-sort
//! them. Byte order is the order of code points, not of UTF-16 code units:
//! `vectors/corners.json` has the locations `docs/Ａ` (U+FF21) before `docs/😀` (U+1F600).
//!
//! A **fallback reason** is an object whose key `reason` holds a name (fallback reason); the
//! reason `other` has a second key, `detail`, a text, not blank:
//! `{"reason": "partner_request"}`, `{"reason": "other", "detail": "vendor outage"}`.
//!
//! A **fallback authority** is an object whose key `authority` holds a name (fallback
//! authority); `approved` has a second key, `approval`, an approval object:
//! `{"authority": "sanctioned"}`,
//! `{"authority": "approved", "approval": {"body": "tsc", "by": "tsc-duty", "at": "…"}}`.
//! It encodes as `name(authority)`, followed, for `approved` only, by the approval.
//!
//! The **policy** (`opened.policy`) is every value of the policy the migration was opened
//! under; the crate holds every later event to it. Its keys, in encoding order:
//!
//! | key | JSON | encoded | the crate requires |
//! |---|---|---|---|
//! | `fallback_min_months` | integer | `u32` | at least 1 |
//! | `fallback_recommended_months` | integer | `u32` | at least `fallback_min_months` |
//! | `remediation_minor_days` | integer | `u32` | |
//! | `remediation_moderate_days` | integer | `u32` | at most `remediation_minor_days` |
//! | `remediation_severe_days` | integer | `u32` | at most `remediation_moderate_days` |
//! | `band_stable` | integer | `u8` | at most 100 |
//! | `band_reliable` | integer | `u8` | below `band_stable` |
//! | `band_vulnerable` | integer | `u8` | below `band_reliable` |
//! | `band_at_risk` | integer | `u8` | below `band_vulnerable`, at least 1 |
//! | `completion_band` | name (band) | `str` | `vulnerable`, `reliable` or `stable` |
//! | `governance_interval_months` | integer | `u32` | at least 1 |
//! | `weight_stability` | decimal | `str` | at least 0 |
//! | `weight_compatibility` | decimal | `str` | at least 0 |
//! | `weight_sustainability` | decimal | `str` | at least 0 |
//! | `weight_ecosystem` | decimal | `str` | at least 0; one of the four weights above 0 |
//! | `min_observed_weight` | decimal | `str` | above 0, at most 1 |
//! | `critical_floor` | decimal | `str` | at most 100 |
//! | `hard_gates` | boolean | `bool` | |
//! | `collapse_drop` | decimal | `str` | above 0, at most 100 |
//! | `collapse_short_window_hours` | integer | `u32` | at least 1 |
//! | `collapse_long_window_hours` | integer | `u32` | above `collapse_short_window_hours` |
//! | `api_error_budget` | decimal | `str` | above 0, at most 1 |
//! | `max_runtime_majors` | integer | `u32` | at least 1 |
//! | `max_major_step` | integer | `u32` | |
//! | `max_canary_percent` | integer | `u8` | at most 100 |
//! | `automatic_fallback` | boolean | `bool` | |
//! | `deprecation_before_removal` | boolean | `bool` | |
//! | `severity_overrides` | object from lint id to name (change severity) | `u32` count, then for each lint id in ascending byte order `str` id and `str` severity | each id a contract-change lint id (§4) |
//! | `departures` | object from name (seed floor) to text, not blank | `u32` count, then for each floor **in the order of §4's seed floors** (not byte order: `remediation_minor_days` comes before `band_at_risk`) `str` floor and `str` reason | exactly the floors the policy weakens (below) |
//!
//! The integers are JSON integers (`u32`: 0 to 4294967295; `u8`: 0 to 255). Seed floors: a
//! policy may be stricter than the seeds' numbers, and is weaker only under a named
//! departure. The seeds' numbers are `fallback_min_months` 6, `fallback_recommended_months`
//! 12, `band_stable` 90, `band_reliable` 75, `band_vulnerable` 60, `band_at_risk` 40 (a
//! smaller value is weaker), and `remediation_minor_days` 30, `remediation_moderate_days`
//! 14, `remediation_severe_days` 0, `governance_interval_months` 12, `max_canary_percent` 5
//! (a larger value is weaker). `departures` names every floor whose value is weaker than
//! its seed's number and no other. The default policy reads `{"fallback_min_months": 6, …,
//! "weight_stability": "1", …, "min_observed_weight": "0.75", "critical_floor": "40", …,
//! "collapse_drop": "20", …, "api_error_budget": "0.01", …, "severity_overrides": {},
//! "departures": {}}`.
//!
//! A **correction** (`corrected`) names a field of an earlier event by a path into its
//! detail: names joined by `.`, a list element written `name[i]` (`i` a decimal index from
//! 0 with no sign and no leading zero, inside the list). Only a field that decides nothing
//! may be corrected, and its path is one of:
//!
//! | kind of the corrected event | paths |
//! |---|---|
//! | `prepared` | `documents[i].location`, `approvals[i].by` |
//! | `remediated` | `documents[i].location`, `approvals[i].by`, `root_cause`, `fixes` |
//! | `reviewed` | `by`, `decision` |
//! | `fell_back` | `reason.detail` (reason `other` only), `authority.approval.by` (authority `approved` only) |
//! | `validation_passed`, `validation_failed` | `dimensions[i].attestations[j].check`, `…by`, `…evidence` |
//! | `corrected` | `reason` |
//!
//! Corrections are append-only: the corrected event keeps its bytes and its digest, and the
//! history as corrected ([`Lineage::corrected`](crate::Lineage::corrected)) is the events
//! with each correction's `value` put in place of the named field, in order.
//!
//! A step the flow takes as two events is recorded as two events in a row: a
//! `validation_passed` is always followed by a `rolled_out`, an unstable `health_recorded`
//! by a restricted `fell_back`, a `completed` by a `released`; a record never ends between
//! them.
//!
//! # 4. Names
//!
//! Every name is the snake_case string below, the same in the JSON and in the hashed
//! bytes. Lists that are sorted (triggers) and maps encoded in a fixed order (departures)
//! follow the order given here.
//!
//! | set | names |
//! |---|---|
//! | stage | `detection`, `preparation`, `transition`, `validation`, `stabilization`, `continuity`, `fallen_back`, `rejected`, `throttled`, `withdrawn` |
//! | trigger | `major_os_version_change`, `api_deprecation`, `workflow_deprecation`, `permission_change`, `runtime_change`, `tier_upgrade`, `tier_downgrade`, `capability_expansion`, `compliance_violation`, `security_violation`, `partner_instability`, `incompatibility`, `version_mismatch`, `sustainability_collapse` |
//! | kind | `os_version`, `api_version`, `workflow_version`, `tier_upgrade`, `tier_downgrade`, `extension_runtime`, `workflow_runtime`, `intelligence_runtime`, `permission_reduction`, `permission_expansion`, `permission_restructuring`, `workflow_trigger`, `workflow_handler`, `workflow_permission` |
//! | mode | `soft`, `guided`, `forced`, `fallback` |
//! | severity | `minor`, `moderate`, `severe` |
//! | rite | `detection`, `preparation`, `transition`, `stabilization`, `continuity`, `release` |
//! | document | `migration_guide`, `compatibility_notes`, `version_notes`, `workflow_changes`, `permission_changes`, `developer_tutorial`, `partner_onboarding_guide` |
//! | body | `tsc`, `sco`, `erc`, `cgb` |
//! | dimension | `version`, `structure`, `capability`, `permission`, `workflow`, `intelligence` |
//! | verdict | `pass`, `fail`, `not_applicable`, `unverified` |
//! | compatibility | `backward_compatible`, `breaking` |
//! | component | `extension`, `workflow`, `intelligence` |
//! | band | `unstable`, `at_risk`, `vulnerable`, `reliable`, `stable` |
//! | fallback reason | `validation_failed`, `compatibility_broken`, `health_at_risk`, `health_unstable`, `partner_request`, `other` |
//! | fallback authority | `approved`, `sanctioned` |
//! | access | `read`, `write`, `admin` |
//! | withdrawn by | `partner`, `platform` |
//! | seed floor | `fallback_min_months`, `fallback_recommended_months`, `remediation_minor_days`, `remediation_moderate_days`, `remediation_severe_days`, `band_stable`, `band_reliable`, `band_vulnerable`, `band_at_risk`, `governance_interval_months`, `max_canary_percent` |
//! | change severity | `info`, `possibly_breaking`, `breaking` |
//! | event kind | `opened`, `prepared`, `transitioned`, `validation_passed`, `rolled_out`, `validation_failed`, `stabilized`, `health_recorded`, `throttled`, `reviewed`, `fell_back`, `remediated`, `completed`, `released`, `window_extended`, `withdrawn`, `corrected` |
//!
//! In Rust each set is an enum whose `as_str()` gives these names (for example
//! [`Trigger::as_str`](crate::Trigger::as_str), [`EventDetail::name`](crate::EventDetail::name),
//! [`SeedFloor::as_str`](crate::SeedFloor::as_str)); a test checks that every name here is
//! the enum's JSON form. The seed floors are listed in the order of
//! [`SeedFloor::ALL`](crate::SeedFloor::ALL), the order of the policy's fields.
//!
//! A **lint id** in `severity_overrides` is one of the crate's lint ids (the table of
//! [`rules`](crate::rules#every-rule)) that classify contract changes: `contract.operation_added`,
//! `contract.operation_removed`, `contract.operation_changed`, `contract.operation_deprecated`,
//! `contract.workflow_added`, `contract.workflow_removed`, `contract.workflow_trigger_changed`,
//! `contract.workflow_handler_changed`, `contract.workflow_deprecated`,
//! `contract.permission_required`, `contract.permission_released`,
//! `contract.runtime_major_changed`, `contract.runtime_changed`.
//!
//! The **governing body** of a migration is the body of its kind's category; it approves
//! window extensions, withdrawals, corrections and approved fallbacks:
//!
//! | body | kinds |
//! |---|---|
//! | `tsc` | `os_version`, `api_version`, `extension_runtime` |
//! | `sco` | `permission_reduction`, `permission_expansion`, `permission_restructuring`, `workflow_permission` |
//! | `erc` | `workflow_version`, `workflow_runtime`, `workflow_trigger`, `workflow_handler` |
//! | `cgb` | `tier_upgrade`, `tier_downgrade`, `intelligence_runtime` |
//!
//! The **forced** triggers are `compliance_violation`, `security_violation`,
//! `partner_instability`, `incompatibility`, `version_mismatch` and
//! `sustainability_collapse`.
//!
//! # 5. The hashed bytes
//!
//! Each event is encoded to bytes with these primitives (all integers big-endian):
//!
//! | primitive | bytes |
//! |---|---|
//! | `u8`, `u16`, `u32`, `u64`, `i64` | 1, 2, 4, 8, 8 bytes, big-endian (`i64` in two's complement) |
//! | `bool` | one byte: `0x00` false, `0x01` true |
//! | `str(s)` | `u32` byte length of the UTF-8 of `s`, then those bytes |
//! | `name(n)` | `str` of the name |
//! | `time(t)` | `i64` whole seconds since 1970-01-01T00:00:00Z (negative before; floor division), then `u32` nanoseconds: 0–999,999,999, except for a leap second (second `60` in the text), where the seconds are those of second `59` of the same minute and the nanoseconds are 1,000,000,000 plus the fraction |
//! | `version(v)` | `u64` major, `u64` minor, `u64` patch, `str` pre-release (the text between the first `-` after the patch number and the first `+`, or empty), `str` build metadata (the text after the first `+`, or empty) |
//! | `digest(d)` | the 32 raw bytes |
//! | `list(xs)` | `u32` count, then each item |
//! | `option(x)` | `0x00` for `null`; `0x01` then the value |
//!
//! An event encodes as:
//!
//! ```text
//! u32 seq ‖ time(at) ‖ option(name(rite)) ‖ str(kind) ‖ fields
//! ```
//!
//! where `kind` is the event kind (the key inside `detail`) and `fields` are the kind's
//! fields in the encoding order of the tables in [§3](#3-events), each with its primitive:
//! a text, a partner, a name, a requirement or a decimal is `str` (of the text as written);
//! a time is `time`; a version is `version`; a digest is `digest`; a score is `u16`; a
//! boolean is `bool`; `canary_percent` is `u8`; `corrected.event` is `u32`; an array is
//! `list`; a value that may be `null` is `option`; an object is its keys' values in the
//! table's order, with no count and no key names (an object keyed by ids, verbs, lint ids
//! or floors is a count and pairs, as its row says; `matrix` is the `list` of its rows). A
//! fallback reason is `name(reason)`, followed, for the reason `other` only, by
//! `str(detail)`. The policy's integers have the widths of its table (`u32` or `u8`).
//!
//! So a `transitioned` event's fields are
//!
//! ```text
//! version(version) ‖ u8 canary_percent ‖ evidence ‖ platform
//! evidence = option(contract) ‖ list(current) ‖ list(proposed) ‖ list(deny) ‖ list(fallback)
//!            ‖ list(runtime uses) ‖ list(fallback_apis) ‖ list(fallback_workflows) ‖ version(os_version)
//! platform = list(rows: str partner ‖ str os) ‖ list(supported: str runtime ‖ str versions)
//!            ‖ u32 n ‖ n × (str verb ‖ str access) ‖ list(escalation: str)
//!            ‖ version(version_ceiling) ‖ list(power_ceiling: str)
//! ```
//!
//! and a `withdrawn` event's `by`, `reason`, approval, version and grants are
//! `str ‖ str ‖ (str body ‖ str by ‖ time at) ‖ version ‖ option(list(str))`.
//!
//! For example, the event `{"seq": 9, "at": "2026-09-01T00:00:00Z", "rite": "release",
//! "detail": {"released": {}}, …}` encodes as
//!
//! ```text
//! 00000009                          seq 9
//! 000000006a961580 00000000         at: 1788220800 s, 0 ns
//! 01 00000007 72656c65617365        rite: present, "release"
//! 00000008 72656c6561736564         kind: "released"
//!                                   (no fields)
//! ```
//!
//! and the event `{"seq": 4, "at": "2026-04-01T00:00:00Z", "rite": null, "detail":
//! {"window_extended": {"closes": "2026-06-01T00:00:00Z", "reason": "fix", "approval":
//! {"body": "tsc", "by": "tsc-chair", "at": "2026-03-31T00:00:00Z"}}}, …}` as
//!
//! ```text
//! 00000004                          seq 4
//! 0000000069cc6000 00000000         at: 1775001600 s, 0 ns
//! 00                                rite: null
//! 0000000f 77696e646f775f657874656e646564
//!                                   kind: "window_extended"
//! 000000006a1ccb80 00000000         closes: 1780272000 s, 0 ns
//! 00000003 666978                   reason: "fix"
//! 00000003 747363                   approval.body: "tsc"
//! 00000009 7473632d6368616972       approval.by: "tsc-chair"
//! 0000000069cb0e80 00000000         approval.at: 1774915200 s, 0 ns
//! ```
//!
//! # 6. The chain, the head and the seal
//!
//! ```text
//! digest(event 0) = SHA-256("kwanus-migration/lineage/v3" ‖ 32 zero bytes ‖ encode(event 0))
//! digest(event n) = SHA-256("kwanus-migration/lineage/v3" ‖ digest(event n-1) ‖ encode(event n))
//! head            = digest(last event)
//! seal            = HMAC-SHA-256(key, "kwanus-migration/seal/v3" ‖ head)
//! ```
//!
//! The domain tags are ASCII, with no length prefix and no terminator. Every `digest(…)`
//! and `head` in these inputs is the 32 raw bytes of the digest, never its 64 hex digits:
//! the seal's input is the 24 bytes of the tag followed by the 32 bytes of the head, 56
//! bytes in all. The seal key is the platform's 32-byte secret ([`SealKey`](crate::SealKey)),
//! used as the HMAC key as it is (RFC 2104; HMAC pads it with zeros to SHA-256's 64-byte
//! block). The seal is stored beside the record as a digest (64 hex digits); the record
//! does not hold it.
//!
//! A correction ([`MigrationRecord::amend`]) appends a `corrected` event and changes
//! nothing before it: the amended record is the old record plus that event, every earlier
//! digest as it was ([`MigrationRecord::extends`](crate::MigrationRecord::extends) checks
//! this against the old head). A record holding a `corrected` event is accepted only under
//! an anchor (stored after the correction).
//!
//! # 7. Verifying a record
//!
//! A verifier that checks the tamper evidence does this, and refuses the record at the
//! first failure:
//!
//! 1. the record's `format` is `3`, it has at least one event, and every object in it has
//!    exactly the keys of [§2](#2-the-record) and [§3](#3-events), every name is one of
//!    [§4](#4-names), and every value has its form ([§1](#1-exact-values), including the
//!    texts marked not blank, a requirement's and a decimal's written form, and the lint
//!    ids and seed floors of the policy's maps) — a verifier needs them to encode the
//!    events anyway;
//! 2. for each event in order: its `seq` is its position; its `rite` is the rite of its
//!    kind; its `at` is not earlier than the previous event's; its `digest` equals the
//!    digest computed from the previous digest (zeros before event 0) and its encoding;
//! 3. the record's `head` equals the last event's digest, and `partner`, `kind`, `mode`,
//!    `origin` and `target` equal those of the `opened` event (the first event, and the
//!    only one of its kind);
//! 4. with an anchor: the head equals the stored head, or the seal equals
//!    HMAC-SHA-256(key, `"kwanus-migration/seal/v3"` ‖ head), compared in constant time;
//!    without one, a record holding a `corrected` event is refused.
//!
//! The crate also refuses a record that breaks one of these rules, each checkable from the
//! record alone (`scripts/verify_record.py` checks them too):
//!
//! - **inside events**: an approval's and an attestation's `at` is not after its event; a
//!   validation event holds six outcomes in the order of §4's dimensions, each
//!   attestation of its outcome's dimension and dated no earlier than the latest
//!   `transitioned` event, an outcome `unverified` exactly when neither computed nor
//!   attested, `validation_passed` without and `validation_failed` with a `fail` or
//!   `unverified` outcome; the two-event steps of §3 are in a row;
//! - **`opened`**: the first event and the only one; `fallback_target` is `origin`;
//!   `origin` and `target` have no pre-release and `target` is above `origin`; the window
//!   does not close before it opens; the mode is `forced` when a trigger is forced, else
//!   `soft` for `backward_compatible` and `guided` for `breaking` (never `fallback`);
//!   `severity` and `remediation_deadline` are given exactly when the mode is `forced`, and
//!   the deadline is `at` plus the policy's days for the severity
//!   (`remediation_minor_days`, …; whole days of 86,400 seconds); a kind with a contract
//!   (`os_version`, `api_version`, `workflow_version`, `workflow_trigger`,
//!   `workflow_handler`) carries `contracts`, and given contracts have the origin's and the
//!   target's versions (build metadata aside);
//! - **the policy** meets its table's requirements and its seed floors (§3);
//! - **readings** (`stabilized`, `health_recorded`, `throttled`): the band is never above
//!   the band the score reaches under the policy's edges (`score_hundredths` ≥ 100 ×
//!   `band_stable` reaches `stable`, else ≥ 100 × `band_reliable` `reliable`, and so on,
//!   below 100 × `band_at_risk` `unstable`); a `stabilized` band is `vulnerable` or better; a
//!   `health_recorded` band is never `at_risk`; a `throttled` band is `at_risk`, or, for a
//!   collapse, anything but `unstable`;
//! - **`transitioned`**: `canary_percent` is at most the policy's `max_canary_percent`;
//! - **`validation_passed`**: its `at` lies inside the window (from `opens` to `closes`,
//!   both included, as extended by the `window_extended` events before it);
//! - **`rolled_out`**: `fallback_until` is its `at` plus `fallback_min_months` calendar
//!   months and `recommended_until` its `at` plus `fallback_recommended_months` (adding
//!   months keeps the time of day and moves to the last day of the month when the day does
//!   not exist: 31 August + 6 months is 28 or 29 February; months and days are added to
//!   a leap second 23:59:60.f as to 23:59:59.f, [§1](#times); a sum past the range of §1 is
//!   the latest time, `+262142-12-31T23:59:59.999999999Z`, here and for the days above);
//! - **`fell_back`**: `to` is the origin; `restricted` is true for `health_unstable`, either
//!   for `validation_failed`, false for the other reasons; an `approved` authority carries
//!   the governing body's approval; `sanctioned` only for `validation_failed`,
//!   `health_at_risk` and `health_unstable`;
//! - **`remediated`**: `deadline` is not before `found_at` and not after `found_at` plus
//!   the policy's days for its severity;
//! - **`completed`**: not before the `fallback_until` of the latest `rolled_out`;
//!   `below_recommended_window` exactly when before its `recommended_until`;
//!   `completion_band` is the policy's; `next_review` is `at` plus
//!   `governance_interval_months` calendar months; `current` is the version of the latest
//!   `transitioned` event and `retired` the origin;
//! - **`window_extended`**: the approval is the governing body's; `closes` is later than
//!   the window's close before it (the `opened` window's, or the latest extension's);
//! - **`withdrawn`**: the approval is the governing body's; `version` is the origin;
//!   `grants` is the `current` grant of the latest `transitioned` event's evidence, or
//!   `null` when there is none;
//! - **`corrected`**: `event` names an earlier event (below its own `seq`), `field` is one
//!   of the paths of §3 for that event's kind and exists in it, and `approved_by` is the
//!   governing body;
//! - **the ends**: after a `withdrawn` event, or a `completed` and its `released`, only
//!   `corrected` events follow.
//!
//! [`AnyMigration::resume`](crate::AnyMigration::resume) does all of this, then replays every
//! event through the flow's rules, which need the flow's state: which events may follow
//! which stage; a `remediated` event's `found_at` (when the problem was found: the forced
//! notice, the failed validation, the throttle or reading, or the fallback) and its
//! deadline, the earlier of the policy's window for its severity and the open remediation's,
//! never milder than the open problem; a completion only after a reading of the policy's
//! `completion_band` or better and the review a `vulnerable` reading needs; a release
//! (`transitioned`) at the target or, after a remediation, above the failed release (the
//! same version only with the same contract) with the bump its changes since the failed
//! one need; a release not above the `version_ceiling` of the event's `platform`, with
//! grants inside its `power_ceiling`, its catalog and the fallback rules, and the contract
//! of its version with the bump its changes from the origin need. And it
//! **recomputes every validation event's verdicts** (and which are computed) and refuses
//! a record whose outcomes differ: from the evidence of the latest `transitioned` event
//! (contract, grants, runtimes, fallback APIs and workflows, OS version), the platform's
//! facts the validation event records (matrix, supported runtimes, catalog, power
//! ceiling), the notice's kind, mode, triggers and contracts, the current plan's documents
//! and approvals (the latest `prepared` or `remediated` event), the release's version and
//! time, the validation's time, the recorded policy, and the attestations the event
//! records. A verifier in another language need not recompute verdicts; it can rely on the
//! digests for their integrity. Last, the crate checks that the header agrees with the
//! `opened` event and the stage with where the events lead.
//!
//! # 8. Test vectors
//!
//! `tests/vectors/*.json` (in the crate's repository) each hold a test vector:
//!
//! ```json
//! {
//!   "name": "…",
//!   "description": "…",
//!   "seal_key": "64 lowercase hex digits: the 32-byte key",
//!   "seal": "64 lowercase hex digits: the record's seal under that key",
//!   "record": { … the record … }
//! }
//! ```
//!
//! Together they hold every kind of event, every stage's end (`continuity`, `withdrawn`),
//! a policy with departures and severity overrides (`departures.json`), an attestation by a
//! governance body, the times where implementations disagree first (`edge_times.json`:
//! before 1970, 3- and 6-digit fractions, a leap second, a year above 9999), the corners
//! of this page (`corners.json`: times in the years `-0044` and `+10000`, a release at a
//! leap second, a pre-release OS version, a deprecated operation and workflow, a workflow
//! with `governed_by: null`, documents, signers and operation ids whose UTF-8 order
//! differs from their UTF-16 order, a permission set whose order is not the byte order of
//! its texts), and every optional `null` (`every_null.json`: a tier upgrade, a kind
//! without contracts, so `contracts` and the evidence's `contract` are `null`, with
//! `severity`, `remediation_deadline` and an attestation's `body`; `withdrawn_before_release.json`
//! has `grants: null`). Each event's `digest` and the `head` in the vector's record are the
//! expected values; `tests/vectors.rs` checks that the crate computes the same, and
//! `scripts/verify_record.py` checks them independently.
//!
//! `tests/refused_records.json` holds **refused vectors**, records the crate refuses, as an
//! array of
//!
//! ```json
//! {
//!   "name": "…",
//!   "description": "…",
//!   "expected_code": "the crate's error code: load.invalid_field, resume.digest_mismatch, …",
//!   "record": { … the record … } or "the record's exact JSON text"
//! }
//! ```
//!
//! `record` is a string where no JSON value can hold the record (a lone surrogate). Each
//! is one edit of a good record: an edited event (`resume.digest_mismatch`), a reordered
//! and a repeated permission set, keys with a `null` value missing, times respelled
//! against the grammar of §1 (the same instant, so the digests still match: only the
//! grammar refuses them), a second 60 outside 23:59 UTC, a respelled requirement, an
//! unknown key (`load.invalid_field`), and a lone surrogate (`load.malformed_json`). The
//! crate and `scripts/verify_record.py --expect-refused` refuse each with its code. Times
//! are checked against `tests/spellings.json` (above) by both readers.
//!
//! [`MigrationRecord`]: crate::MigrationRecord
//! [`MigrationRecord::amend`]: crate::MigrationRecord::amend
