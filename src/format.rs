//! The record format, version 2: the JSON form of a [`MigrationRecord`], the bytes that
//! are hashed into its chain, and its seal.
//!
//! This page is the specification. It is complete enough to write a verifier in any
//! language without reading the crate's Rust: `scripts/verify_record.py` is one, written
//! from this page with Python's standard library only, and CI runs it over the test vectors
//! in `tests/vectors/` and over records the crate writes fresh. The vectors pin every digest
//! and seal: a change to anything below fails a test.
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
//! integer number of hundredths of a point (`9234` is 92.34 points). So a record the crate
//! writes parses and re-serializes byte for byte in `serde_json` (default features),
//! Python's `json` and JavaScript's `JSON.parse` (every integer in a record is below 2⁵³,
//! except the version numbers of a version string, which are strings in JSON). The digests
//! are computed from the values, never from the JSON text: whitespace and key order in the
//! JSON do not matter.
//!
//! | value | JSON | example |
//! |---|---|---|
//! | time | a string, RFC 3339 in UTC with `Z`; fractional seconds only when non-zero, with the fewest of 3, 6 or 9 digits that hold them; a year above 9999 is written `+` and its digits (`+10000-01-01T00:00:00Z`), a year before 0000 `-` and at least 4 digits (`-0005-01-01T00:00:00Z`), an extension of RFC 3339; a leap second is second `60` | `"2026-01-05T00:00:00Z"`, `"2026-01-05T00:00:00.250Z"` |
//! | version | a string, [SemVer 2.0](https://semver.org): `MAJOR.MINOR.PATCH`, optionally `-PRE` and `+BUILD` | `"2.4.0"`, `"2.4.0-rc.1+b7"` |
//! | digest | a string of 64 lowercase hex digits (32 bytes) | `"5bdc…3843"` |
//! | name | a snake_case string from the lists in [§4](#4-names) | `"api_deprecation"` |
//! | partner | a string of 1–128 ASCII letters, digits, `-`, `_` and `.` | `"acme-billing"`, `"Acme_Billing.eu"` |
//! | text | any string (UTF-8) | `"v2 dropped a field"` |
//! | score | an integer, hundredths of a point, 0–10000 | `9234` |
//!
//! A reader outside Rust must treat a time as the instant it names (seconds since
//! 1970-01-01T00:00:00Z in the proleptic Gregorian calendar, and nanoseconds), not as text:
//! [§5](#5-the-hashed-bytes) encodes the instant. The crate reads any RFC 3339 spelling of
//! an instant (a numeric offset, 1 to 9 fraction digits) and always writes the canonical one
//! above, so two spellings of one instant verify alike; a strict verifier may also require
//! the canonical spelling (`scripts/verify_record.py --canonical` does).
//!
//! Integers are JSON integers, never `-0`, never with a fraction or exponent. A JSON object
//! in a record never repeats a key. The numbers of a version fit in 64 bits.
//!
//! # 2. The record
//!
//! A record is a JSON object with exactly these keys (unknown keys are refused, here and in
//! every object below: events, details, fields, windows and fallback reasons):
//!
//! | key | value | meaning |
//! |---|---|---|
//! | `format` | integer `2` | the record format; a reader refuses any other value |
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
//! present; the fields of an object in the JSON may come in any order):
//!
//! | kind | rite | fields, in encoding order |
//! |---|---|---|
//! | `opened` | `detection` | `partner`: partner; `triggers`: array of names (trigger), sorted in the order of §4, distinct, at least one; `kind`: name (kind); `compatibility`: name (compatibility); `mode`: name (mode); `origin`: version; `target`: version; `fallback_target`: version, equal to `origin` (the fallback is active from the notice); `window`: object `{"opens": time, "closes": time}` (encoded `opens` then `closes`); `severity`: name (severity) or `null`; `remediation_deadline`: time or `null`; `contracts`: contracts or `null` |
//! | `prepared` | `preparation` | `documents`: array of documents; `approvals`: array of approvals |
//! | `transitioned` | `transition` | `version`: version; `canary_percent`: integer 0–100 (`u8`); `evidence`: evidence |
//! | `validation_passed` | `null` | `dimensions`: array of six outcomes |
//! | `rolled_out` | `null` | `fallback_until`: time; `recommended_until`: time |
//! | `validation_failed` | `null` | `dimensions`: array of six outcomes |
//! | `stabilized` | `stabilization` | `score_hundredths`: score; `band`: name (band) |
//! | `health_recorded` | `null` | `score_hundredths`: score; `band`: name (band) |
//! | `throttled` | `null` | `score_hundredths`: score; `band`: name (band); `collapse`: boolean |
//! | `reviewed` | `null` | `by`: text; `decision`: text |
//! | `fell_back` | `null` | `reason`: a fallback reason (below); `to`: version; `restricted`: boolean; `authority`: a fallback authority (below) |
//! | `remediated` | `preparation` | `root_cause`: text; `fixes`: text; `severity`: name (severity); `found_at`: time; `deadline`: time; `documents`: array of documents; `approvals`: array of approvals |
//! | `completed` | `continuity` | `below_recommended_window`: boolean; `current`: version; `retired`: version; `next_review`: time; `completion_band`: band |
//! | `released` | `release` | none |
//! | `amended` | `null` | `by`: text; `reason`: text; `approved_by`: name (body); `previous_head`: digest (the record's `head` before the amendment, for the audit trail; after an edit it is the digest of no event of the amended record, so a verifier does not check it) |
//!
//! The objects inside events, each with exactly these keys, encoded in this order:
//!
//! | object | keys, in encoding order |
//! |---|---|
//! | document | `kind`: name (document); `location`: text (not blank) |
//! | approval | `body`: name (body); `by`: text (not blank); `at`: time (not after the event) |
//! | contracts | `old`: contract; `new`: contract |
//! | contract | `version`: version; `operations`: object from operation id (text) to operation, encoded as a `list` of (`str` id, then the operation) in ascending byte order of the ids; `workflows`: object from workflow id to workflow, encoded the same way; `permissions`: permission set; `runtime`: object `{"name": text, "version": version}` |
//! | operation | `signature`: text; `deprecated`: deprecation or `null` |
//! | workflow | `trigger`: text; `handler`: text; `governed_by`: name (body) or `null`; `deprecated`: deprecation or `null` |
//! | deprecation | `since`: time; `sunset`: time |
//! | permission set | an array of permission texts (`verb:resource/pattern`), sorted and distinct as the crate writes them, encoded as a `list` of `str` in the array's order (the crate reads a set in any order and re-sorts it; verify records as they were written) |
//! | evidence | `contract`: contract or `null`; `grants`: grants; `runtimes`: array of runtime uses; `fallback_apis`: array of texts; `fallback_workflows`: array of texts; `os_version`: version |
//! | grants | `current`, `proposed`, `ceiling`, `deny`, `fallback`: permission sets |
//! | runtime use | `component`: text; `kind`: name (component); `runtime`: text; `version`: version |
//! | outcome | `dimension`: name (dimension); `verdict`: name (verdict); `computed`: boolean; `attestations`: array of attestations |
//! | attestation | `dimension`: name (dimension); `verdict`: name (verdict), `pass` or `fail`; `check`: text; `by`: text; `body`: name (body) or `null`; `at`: time; `evidence`: text (none of the texts blank; `at` not after the event) |
//!
//! A validation event's `dimensions` holds one outcome per dimension, in the order of §4;
//! an outcome is `unverified` exactly when it is neither computed nor attested.
//! `validation_passed` has no outcome `fail` or `unverified`; `validation_failed` has at
//! least one.
//!
//! Lists of documents and approvals are written sorted (by kind, then location; by body, then
//! signer, then time) and without repeats, and may be empty.
//!
//! A **fallback reason** is an object whose key `reason` holds a name (fallback reason); the
//! reason `other` has a second key, `detail`, a non-blank text (*blank*: empty or only
//! Unicode `White_Space` characters):
//! `{"reason": "partner_request"}`, `{"reason": "other", "detail": "vendor outage"}`.
//!
//! A **fallback authority** is an object whose key `authority` holds a name (fallback
//! authority); `approved` has a second key, `approval`, an approval object:
//! `{"authority": "sanctioned"}`,
//! `{"authority": "approved", "approval": {"body": "tsc", "by": "tsc-duty", "at": "…"}}`.
//! It encodes as `name(authority)`, followed, for `approved` only, by the approval.
//!
//! A step the flow takes as two events is recorded as two events in a row: a
//! `validation_passed` is always followed by a `rolled_out`, an unstable `health_recorded`
//! by a restricted `fell_back`, a `completed` by a `released`; a record never ends between
//! them.
//!
//! # 4. Names
//!
//! Every name is the snake_case string below, the same in the JSON and in the hashed
//! bytes. Lists that are sorted (triggers) follow the order given here.
//!
//! | set | names |
//! |---|---|
//! | stage | `detection`, `preparation`, `transition`, `validation`, `stabilization`, `continuity`, `fallen_back`, `rejected`, `throttled` |
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
//! | event kind | `opened`, `prepared`, `transitioned`, `validation_passed`, `rolled_out`, `validation_failed`, `stabilized`, `health_recorded`, `throttled`, `reviewed`, `fell_back`, `remediated`, `completed`, `released`, `amended` |
//!
//! In Rust each set is an enum whose `as_str()` gives these names (for example
//! [`Trigger::as_str`](crate::Trigger::as_str), [`EventDetail::name`](crate::EventDetail::name));
//! a test checks that every name here is the enum's JSON form.
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
//! a text, a partner or a name is `str`; a time is `time`; a version is `version`; a
//! digest is `digest`; a score is `u16`; a boolean is `bool`; an array is `list`; a value
//! that may be `null` is `option`; an object is its keys' values in the table's order,
//! with no count and no key names (a map of a contract is a `list` of id and value, as its
//! row says). A fallback reason is `name(reason)`, followed, for the
//! reason `other` only, by `str(detail)`.
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
//! # 6. The chain, the head and the seal
//!
//! ```text
//! digest(event 0) = SHA-256("kwanus-migration/lineage/v3" ‖ 32 zero bytes ‖ encode(event 0))
//! digest(event n) = SHA-256("kwanus-migration/lineage/v3" ‖ digest(event n-1) ‖ encode(event n))
//! head            = digest(last event)
//! seal            = HMAC-SHA-256(key, "kwanus-migration/seal/v3" ‖ head)
//! ```
//!
//! The domain tags are ASCII, with no length prefix and no terminator. The seal key is the
//! platform's 32-byte secret ([`SealKey`](crate::SealKey)), used as the HMAC key as it is
//! (RFC 2104; HMAC pads it with zeros to SHA-256's 64-byte block). The seal is stored
//! beside the record as a digest (64 hex digits); the record does not hold it.
//!
//! An amendment ([`MigrationRecord::amend`]) recomputes every digest over the events as
//! they are, then appends an `amended` event whose `previous_head` is the head before the
//! amendment. A record holding an `amended` event is accepted only under an anchor.
//!
//! # 7. Verifying a record
//!
//! A verifier that checks the tamper evidence (not the flow's rules) does this, and refuses
//! the record at the first failure:
//!
//! 1. the record's `format` is `2`, it has at least one event, and every object in it has
//!    exactly the keys of [§2](#2-the-record) and [§3](#3-events), every name is one of
//!    [§4](#4-names), and every value has its form ([§1](#1-exact-values)) — a verifier needs
//!    them to encode the events anyway;
//! 2. for each event in order: its `seq` is its position; its `rite` is the rite of its
//!    kind; its `at` is not earlier than the previous event's; its `digest` equals the
//!    digest computed from the previous digest (zeros before event 0) and its encoding;
//! 3. the record's `head` equals the last event's digest, and `partner`, `kind`, `mode`,
//!    `origin` and `target` equal those of the `opened` event (the first event, and the
//!    only one of its kind);
//! 4. with an anchor: the head equals the stored head, or the seal equals
//!    HMAC-SHA-256(key, `"kwanus-migration/seal/v3"` ‖ head), compared in constant time;
//!    without one, a record holding an `amended` event is refused.
//!
//! [`AnyMigration::resume`](crate::AnyMigration::resume) does all of this, then replays every
//! event through the flow's rules (which events may follow which stage, the fallback
//! window, the bands, …) and checks that the header agrees with the `opened` event and the
//! stage with where the events lead.
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
//! Together they hold every kind of event, and the times where implementations disagree
//! first (`edge_times.json`: before 1970, 3- and 6-digit fractions, a leap second, a year
//! above 9999). Each event's `digest` and the `head` in the
//! vector's record are the expected values; `tests/vectors.rs` checks that the crate
//! computes the same, and `scripts/verify_record.py` checks them independently.
//!
//! [`MigrationRecord`]: crate::MigrationRecord
//! [`MigrationRecord::amend`]: crate::MigrationRecord::amend
