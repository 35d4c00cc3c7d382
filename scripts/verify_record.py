#!/usr/bin/env python3
"""Independent verifier for kwanus-migration records, format version 3.

Written from the specification alone: the doc page `src/format.rs` (rendered as the
crate's `format` docs page), not from the crate's Rust. Standard library only;
Python 3.9+.

    verify_record.py FILE...                      verify vectors (§8) and bare records (§2)
    verify_record.py --head HEX FILE              bare record anchored by its stored head (§6)
    verify_record.py --seal HEX --key HEX FILE    bare record anchored by its seal (§6)
    verify_record.py --flip-selftest FILE...      every one-bit flip of every event is refused
    verify_record.py --canonical ...              also require the exact written time form of §1
    verify_record.py --expect-refused FILE...     every refused vector (§8) is refused, with its code
    verify_record.py --spellings TABLE            the time reader agrees with every row of TABLE

A FILE holds a test vector, a bare record, or a JSON array of them. For each record it
checks §7 steps 1-4: the format, the exact key sets (record, event, `detail`, each kind's
fields, every object of §3's table of objects, `window`, fallback reason, fallback
authority, policy, platform: every key present, `null` written out), names (§4), value
forms (§1: times of §1's grammar in chrono's range, without --canonical too, permissions,
no lone surrogate,
requirements in semver's written form, decimals in their shortest form, texts marked
not blank), seq = position, rite = the kind's rite, times never going backwards, each
digest recomputed from the encoding (§5; a contract's maps and a catalog's levels in
ascending byte order of their ids, severity overrides in byte order of the lint ids,
departures in §4's order of the seed floors, permission sets as written, refused unless
in the crate's order without repeats) and the chain (§6), head = last digest, and the anchor if any (a vector's seal; without an
anchor a record holding a `corrected` event is refused). It also checks that the header
agrees with the `opened` event (§2), and the rules of §7 a verifier can check from the
record alone: inside events (an approval's or attestation's `at` not after its event, a
validation event's six outcomes in dimension order with attestations of their dimension
dated from the release on, `unverified` exactly when neither computed nor attested,
attestations `pass` or `fail`, `validation_passed` without and `validation_failed` with
a `fail` or `unverified` outcome), the two-event steps, the notice, the policy's ranges
and seed floors, the readings' bands under the policy's edges, the canary share, the
rollout inside the (extended) window, the times the policy computes (remediation
deadlines, fallback windows, the next review), fallbacks, completions, window
extensions, withdrawals, corrections (an earlier event, a correctable field, the
governing body) and the ends (only corrections after a withdrawal or a release).

Exit status: 0 all verified, 1 a record (or a flipped copy) failed, 2 usage error.
"""

import argparse
import decimal
import hashlib
import hmac
import json
import math
import re
import sys

LINEAGE_TAG = b"kwanus-migration/lineage/v3"
SEAL_TAG = b"kwanus-migration/seal/v3"
ZERO_DIGEST = bytes(32)

# §4. Names, in the order given there (the order matters for `triggers`).
NAMES = {
    "stage": ["detection", "preparation", "transition", "validation", "stabilization",
              "continuity", "fallen_back", "rejected", "throttled", "withdrawn"],
    "trigger": ["major_os_version_change", "api_deprecation", "workflow_deprecation",
                "permission_change", "runtime_change", "tier_upgrade", "tier_downgrade",
                "capability_expansion", "compliance_violation", "security_violation",
                "partner_instability", "incompatibility", "version_mismatch",
                "sustainability_collapse"],
    "kind": ["os_version", "api_version", "workflow_version", "tier_upgrade",
             "tier_downgrade", "extension_runtime", "workflow_runtime",
             "intelligence_runtime", "permission_reduction", "permission_expansion",
             "permission_restructuring", "workflow_trigger", "workflow_handler",
             "workflow_permission"],
    "mode": ["soft", "guided", "forced", "fallback"],
    "severity": ["minor", "moderate", "severe"],
    "rite": ["detection", "preparation", "transition", "stabilization", "continuity",
             "release"],
    "document": ["migration_guide", "compatibility_notes", "version_notes",
                 "workflow_changes", "permission_changes", "developer_tutorial",
                 "partner_onboarding_guide"],
    "body": ["tsc", "sco", "erc", "cgb"],
    "dimension": ["version", "structure", "capability", "permission", "workflow",
                  "intelligence"],
    "verdict": ["pass", "fail", "not_applicable", "unverified"],
    "compatibility": ["backward_compatible", "breaking"],
    "component": ["extension", "workflow", "intelligence"],
    "band": ["unstable", "at_risk", "vulnerable", "reliable", "stable"],
    "fallback reason": ["validation_failed", "compatibility_broken", "health_at_risk",
                        "health_unstable", "partner_request", "other"],
    "fallback authority": ["approved", "sanctioned"],
    "access": ["read", "write", "admin"],
    "withdrawn by": ["partner", "platform"],
    "seed floor": ["fallback_min_months", "fallback_recommended_months",
                   "remediation_minor_days", "remediation_moderate_days",
                   "remediation_severe_days", "band_stable", "band_reliable",
                   "band_vulnerable", "band_at_risk", "governance_interval_months",
                   "max_canary_percent"],
    "change severity": ["info", "possibly_breaking", "breaking"],
    # §4: the crate's contract-change lint ids, the keys of `severity_overrides`
    "lint id": ["contract.operation_added", "contract.operation_removed",
                "contract.operation_changed", "contract.operation_deprecated",
                "contract.workflow_added", "contract.workflow_removed",
                "contract.workflow_trigger_changed", "contract.workflow_handler_changed",
                "contract.workflow_deprecated", "contract.permission_required",
                "contract.permission_released", "contract.runtime_major_changed",
                "contract.runtime_changed"],
}

# §4: the body governing a migration of each kind (its category's body).
GOVERNING_BODY = {
    "os_version": "tsc", "api_version": "tsc", "extension_runtime": "tsc",
    "permission_reduction": "sco", "permission_expansion": "sco",
    "permission_restructuring": "sco", "workflow_permission": "sco",
    "workflow_version": "erc", "workflow_runtime": "erc", "workflow_trigger": "erc",
    "workflow_handler": "erc",
    "tier_upgrade": "cgb", "tier_downgrade": "cgb", "intelligence_runtime": "cgb",
}

# §4: the forced triggers.
FORCED_TRIGGERS = frozenset([
    "compliance_violation", "security_violation", "partner_instability",
    "incompatibility", "version_mismatch", "sustainability_collapse"])

# §3: the seed floors: field -> (seed's number, weaker when "below" or "above" it).
SEED_FLOORS = {
    "fallback_min_months": (6, "below"), "fallback_recommended_months": (12, "below"),
    "remediation_minor_days": (30, "above"), "remediation_moderate_days": (14, "above"),
    "remediation_severe_days": (0, "above"), "band_stable": (90, "below"),
    "band_reliable": (75, "below"), "band_vulnerable": (60, "below"),
    "band_at_risk": (40, "below"), "governance_interval_months": (12, "above"),
    "max_canary_percent": (5, "above"),
}

# §3. Field types. A type is one of these strings or tuples:
#   "text"            any string            "text!"      a string that is not blank
#   "partner", "version", "time", "digest", "score", "bool"
#   "time<=event"     a time not after the event's `at`
#   "reason"          a fallback reason      "authority"  a fallback authority
#   "percent"         an integer 0-100, encoded u8
#   "u32", "u8"       an integer of that width
#   "req"             a version requirement in semver's written form, encoded str
#   "decimal"         a decimal in its shortest form, encoded str
#   "overrides"       severity overrides: lint id -> change severity, byte order
#   "departures"      departures: seed floor -> text (not blank), §4's order
#   "permissions"     a permission set: list of str as written, in the crate's order, no repeats
#   ("name", SET)     a name of §4          ("sorted1", SET) names, distinct, §4 order, >= 1
#   ("opt", TYPE)     option: null or TYPE  ("list", TYPE)  an array, encoded as a list
#   ("obj", OBJECT)   an object of OBJECTS below, its keys' values in order, no count
#   ("map", TYPE)     an object from id (text) to TYPE: a list of (str id, value) in
#                     ascending byte order of the ids' UTF-8
def NAME(name_set):
    return ("name", name_set)


def OPT(spec):
    return ("opt", spec)


def LIST(spec):
    return ("list", spec)


def OBJ(name):
    return ("obj", name)


# §3, the objects inside events: object -> [(key, type)] in encoding order.
OBJECTS = {
    "window": [("opens", "time"), ("closes", "time")],
    "document": [("kind", NAME("document")), ("location", "text!")],
    "approval": [("body", NAME("body")), ("by", "text!"), ("at", "time<=event")],
    "contracts": [("old", OBJ("contract")), ("new", OBJ("contract"))],
    "contract": [
        ("version", "version"), ("operations", ("map", OBJ("operation"))),
        ("workflows", ("map", OBJ("workflow"))), ("permissions", "permissions"),
        ("runtime", OBJ("runtime"))],
    "runtime": [("name", "text"), ("version", "version")],
    "operation": [("signature", "text"), ("deprecated", OPT(OBJ("deprecation")))],
    "workflow": [
        ("trigger", "text"), ("handler", "text"), ("governed_by", OPT(NAME("body"))),
        ("deprecated", OPT(OBJ("deprecation")))],
    "deprecation": [("since", "time"), ("sunset", "time")],
    "evidence": [
        ("contract", OPT(OBJ("contract"))), ("grants", OBJ("grants")),
        ("runtimes", LIST(OBJ("runtime use"))), ("fallback_apis", LIST("text")),
        ("fallback_workflows", LIST("text")), ("os_version", "version")],
    "grants": [(k, "permissions") for k in ("current", "proposed", "deny", "fallback")],
    "runtime use": [
        ("component", "text"), ("kind", NAME("component")), ("runtime", "text"),
        ("version", "version")],
    "outcome": [
        ("dimension", NAME("dimension")), ("verdict", NAME("verdict")),
        ("computed", "bool"), ("attestations", LIST(OBJ("attestation")))],
    "attestation": [
        ("dimension", NAME("dimension")), ("verdict", NAME("verdict")),
        ("check", "text!"), ("by", "text!"), ("body", OPT(NAME("body"))),
        ("at", "time<=event"), ("evidence", "text!")],
    "platform": [
        ("matrix", OBJ("matrix")), ("supported_runtimes", LIST(OBJ("runtime support"))),
        ("catalog", OBJ("catalog")), ("version_ceiling", "version"),
        ("power_ceiling", "permissions")],
    "matrix": [("rows", LIST(OBJ("matrix row")))],
    "matrix row": [("partner", "req"), ("os", "req")],
    "runtime support": [("runtime", "text"), ("versions", "req")],
    "catalog": [("levels", ("map", NAME("access"))), ("escalation", LIST("text"))],
    "policy": [
        ("fallback_min_months", "u32"), ("fallback_recommended_months", "u32"),
        ("remediation_minor_days", "u32"), ("remediation_moderate_days", "u32"),
        ("remediation_severe_days", "u32"), ("band_stable", "u8"),
        ("band_reliable", "u8"), ("band_vulnerable", "u8"), ("band_at_risk", "u8"),
        ("completion_band", NAME("band")), ("governance_interval_months", "u32"),
        ("weight_stability", "decimal"), ("weight_compatibility", "decimal"),
        ("weight_sustainability", "decimal"), ("weight_ecosystem", "decimal"),
        ("min_observed_weight", "decimal"), ("critical_floor", "decimal"),
        ("hard_gates", "bool"), ("collapse_drop", "decimal"),
        ("collapse_short_window_hours", "u32"), ("collapse_long_window_hours", "u32"),
        ("api_error_budget", "decimal"), ("max_runtime_majors", "u32"),
        ("max_major_step", "u32"), ("max_canary_percent", "u8"),
        ("automatic_fallback", "bool"), ("deprecation_before_removal", "bool"),
        ("severity_overrides", "overrides"),
        ("departures", "departures")],
}

# §3. Event kind -> (rite or None, [(field, type)]) with fields in encoding order.
KINDS = {
    "opened": ("detection", [
        ("partner", "partner"), ("triggers", ("sorted1", "trigger")),
        ("kind", NAME("kind")), ("compatibility", NAME("compatibility")),
        ("mode", NAME("mode")), ("origin", "version"), ("target", "version"),
        ("fallback_target", "version"), ("window", OBJ("window")), ("severity", OPT(NAME("severity"))),
        ("remediation_deadline", OPT("time")), ("contracts", OPT(OBJ("contracts"))),
        ("policy", OBJ("policy"))]),
    "prepared": ("preparation", [
        ("documents", LIST(OBJ("document"))), ("approvals", LIST(OBJ("approval")))]),
    "transitioned": ("transition", [
        ("version", "version"), ("canary_percent", "percent"),
        ("evidence", OBJ("evidence")), ("platform", OBJ("platform"))]),
    "validation_passed": (None, [
        ("dimensions", LIST(OBJ("outcome"))), ("platform", OBJ("platform"))]),
    "rolled_out": (None, [("fallback_until", "time"), ("recommended_until", "time")]),
    "validation_failed": (None, [
        ("dimensions", LIST(OBJ("outcome"))), ("platform", OBJ("platform"))]),
    "stabilized": ("stabilization", [
        ("score_hundredths", "score"), ("band", NAME("band"))]),
    "health_recorded": (None, [("score_hundredths", "score"), ("band", NAME("band"))]),
    "throttled": (None, [
        ("score_hundredths", "score"), ("band", NAME("band")), ("collapse", "bool")]),
    "reviewed": (None, [("by", "text!"), ("decision", "text!")]),
    "fell_back": (None, [
        ("reason", "reason"), ("to", "version"), ("restricted", "bool"),
        ("authority", "authority")]),
    "remediated": ("preparation", [
        ("root_cause", "text!"), ("fixes", "text!"), ("severity", NAME("severity")),
        ("found_at", "time"), ("deadline", "time"), ("documents", LIST(OBJ("document"))),
        ("approvals", LIST(OBJ("approval")))]),
    "completed": ("continuity", [
        ("below_recommended_window", "bool"), ("current", "version"),
        ("retired", "version"), ("next_review", "time"),
        ("completion_band", NAME("band"))]),
    "released": ("release", []),
    "window_extended": (None, [
        ("closes", "time"), ("reason", "text!"), ("approval", OBJ("approval"))]),
    "withdrawn": (None, [
        ("by", NAME("withdrawn by")), ("reason", "text!"), ("approval", OBJ("approval")),
        ("version", "version"), ("grants", OPT("permissions"))]),
    "corrected": (None, [
        ("event", "u32"), ("field", "text"), ("value", "text!"), ("by", "text!"),
        ("reason", "text!"), ("approved_by", NAME("body"))]),
}

RECORD_KEYS = {"format", "stage", "partner", "kind", "mode", "origin", "target",
               "events", "head"}
EVENT_KEYS = {"seq", "at", "rite", "detail", "digest"}
VECTOR_KEYS = {"name", "description", "seal_key", "seal", "record"}
HEADER_FIELDS = ("partner", "kind", "mode", "origin", "target")

DIGEST_RE = re.compile(r"[0-9a-f]{64}", re.ASCII)
HEX64_RE = re.compile(r"[0-9a-fA-F]{64}", re.ASCII)
PARTNER_RE = re.compile(r"[A-Za-z0-9._-]{1,128}", re.ASCII)
_NUM = r"(?:0|[1-9][0-9]*)"
_PRE_ID = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD_ID = r"[0-9A-Za-z-]+"
VERSION_RE = re.compile(
    rf"({_NUM})\.({_NUM})\.({_NUM})"
    rf"(?:-({_PRE_ID}(?:\.{_PRE_ID})*))?"
    rf"(?:\+({_BUILD_ID}(?:\.{_BUILD_ID})*))?", re.ASCII)
# §1: a requirement as semver writes it: `*`, or comparators joined by ", ".
_REQ_PRE = rf"{_PRE_ID}(?:\.{_PRE_ID})*"
COMPARATOR_RE = re.compile(
    rf"(?:(?P<op>=|>=|>|<=|<|~|\^)(?P<major>{_NUM})"
    rf"(?:\.(?P<minor>{_NUM})(?:\.(?P<patch>{_NUM})(?:-{_REQ_PRE})?)?)?"
    rf"|(?P<wmajor>{_NUM})(?:\.(?P<wminor>{_NUM}))?\.\*)", re.ASCII)
MAX_COMPARATORS = 32  # semver refuses more
# §1: a decimal: no sign, no leading zero, a fraction without trailing zeros, no exponent.
DECIMAL_RE = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?", re.ASCII)
# §1's time grammar (the ABNF of the page): year 4DIGIT, or "+" and 5+ digits (above 9999,
# no leading zero beyond 5 digits), or "-" and 4+ digits (before 0000, no leading zero
# beyond 4 digits); uppercase T and Z; 1-9 fraction digits; an offset with a colon.
TIME_RE = re.compile(
    r"(?P<year>[0-9]{4}|\+[1-9][0-9]{4,}|-(?:[0-9]{4}|[1-9][0-9]{4,}))"
    r"-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<frac>[0-9]{1,9}))?"
    r"(?P<zone>Z|(?P<osign>[+-])(?P<ohour>[0-9]{2}):(?P<ominute>[0-9]{2}))", re.ASCII)
# §1: a permission as the crate writes it: `verb:pattern`, no space.
PERMISSION_RE = re.compile(
    r"(?P<verb>\*|[a-z0-9._-]+):(?P<pattern>(?:\*|[A-Za-z0-9._-]+)(?:/(?:\*|[A-Za-z0-9._-]+))*)",
    re.ASCII)

# Unicode White_Space: what "non-blank" (fallback reason `other`) is measured against.
WHITE_SPACE = frozenset(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000")

I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1


class Refused(Exception):
    """A record (or vector) is refused; the message says where and why.

    `code` is the crate's error code for the refusal where this verifier knows it
    (`load.invalid_field` for a value or key of the wrong form, `resume.digest_mismatch`,
    …), or None for a rule of §7 (the crate's code depends on where its replay meets it)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class UsageError(Exception):
    """Bad command line."""


# ---------------------------------------------------------------- strict JSON

def _reject_float(text):
    raise ValueError(f"floating-point number {text!r} (the format has none)")


def _reject_constant(text):
    raise ValueError(f"non-JSON constant {text!r}")


def _parse_int(text):
    if text == "-0":
        raise ValueError("negative zero (not an integer in every reader)")
    return int(text)


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def loads_strict(data):
    """Parse UTF-8 JSON bytes: no floats, no NaN/Infinity, no duplicate keys."""
    text = data.decode("utf-8")  # strict: invalid UTF-8 raises
    if text.startswith("\ufeff"):
        raise ValueError("byte order mark")
    value = json.loads(text, parse_float=_reject_float, parse_constant=_reject_constant,
                       parse_int=_parse_int, object_pairs_hook=_no_duplicates)
    _no_lone_surrogates(value)
    return value


def _no_lone_surrogates(value):
    """§1: a string escaping a lone surrogate (`"\\ud800"`) is not JSON text of the
    format (serde_json refuses it as it parses): refused as malformed JSON."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings = (item,)
        elif isinstance(item, dict):
            strings = item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            strings = ()
            stack.extend(item)
        else:
            continue
        for s in strings:
            try:
                s.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("lone surrogate in a string") from None


# ---------------------------------------------------------------- §5 primitives

def uint(value, bits):
    """Big-endian unsigned integer of `bits` bits."""
    if not 0 <= value < (1 << bits):
        raise Refused(f"{value} out of range for u{bits}")
    return value.to_bytes(bits // 8, "big")


def i64(value):
    if not I64_MIN <= value <= I64_MAX:
        raise Refused(f"{value} out of range for i64")
    return value.to_bytes(8, "big", signed=True)


def utf8(s):
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("string is not valid Unicode (lone surrogate)") from None


def enc_str(s):
    raw = utf8(s)
    return uint(len(raw), 32) + raw


def enc_list(items):
    return uint(len(items), 32) + b"".join(items)


# ---------------------------------------------------------------- §1 value forms

def days_from_civil(year, month, day):
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


# §1: the range of a time, chrono's: -262143-01-01T00:00:00Z to +262142-12-31T23:59:59.999999999Z.
TIME_MIN = (days_from_civil(-262143, 1, 1) * 86400, 0)
TIME_MAX = (days_from_civil(262142, 12, 31) * 86400 + 86399, 999_999_999)


def days_in_month(year, month):
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def check_canonical_time(m, year):
    """§1's written form: UTC `Z`, fraction only when non-zero with 3/6/9 digits,
    a signed year of at least 5 digits exactly when outside 0000-9999."""
    if m["zone"] != "Z":
        raise Refused("time not written in UTC with Z")
    frac = m["frac"]
    if frac is not None and (len(frac) not in (3, 6, 9) or int(frac) == 0):
        raise Refused("time fraction not 3, 6 or 9 digits, or zero")
    signed = m["year"][0] in "+-"
    if signed == (0 <= year <= 9999):
        raise Refused("time year written in the wrong form")


def located(what, parse, *args):
    """Call parse(*args), naming `what` in a refusal."""
    try:
        return parse(*args)
    except Refused as e:
        raise Refused(f"{what}: {e}", e.code) from None


def parse_time(text, canonical=False):
    """RFC 3339 text -> (seconds since the epoch, nanoseconds) as §5 encodes it."""
    if not isinstance(text, str):
        raise Refused(f"time is not a string: {text!r}")
    m = TIME_RE.fullmatch(text)
    if not m:
        raise Refused(f"not an RFC 3339 time: {text!r}")
    if len(m["year"]) > 20:  # far beyond i64 seconds; also keeps int() cheap
        raise Refused(f"time out of range: {text!r}")
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    hour, minute, second = int(m["hour"]), int(m["minute"]), int(m["second"])
    frac = m["frac"] or ""
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
        raise Refused(f"no such date: {text!r}")
    if hour > 23 or minute > 59 or second > 60:
        raise Refused(f"no such time of day: {text!r}")
    if not -262143 <= year <= 262142:
        raise Refused(f"year out of range (-262143 to +262142): {text!r}")
    if m["year"] == "-0000":
        raise Refused(f"year -0000 (year zero is 0000): {text!r}")
    if canonical:
        check_canonical_time(m, year)
    nanos = int(frac.ljust(9, "0")) if frac else 0
    if second == 60:  # a leap second: the seconds of second 59, nanos + 1e9
        second, nanos = 59, nanos + 1_000_000_000
    offset = 0
    if m["osign"]:
        oh, om = int(m["ohour"]), int(m["ominute"])
        if oh > 23 or om > 59:
            raise Refused(f"no such UTC offset: {text!r}")
        if m["zone"] == "-00:00":
            raise Refused(f"the unknown offset -00:00 (RFC 3339): {text!r}")
        offset = (oh * 3600 + om * 60) * (1 if m["osign"] == "+" else -1)
    if nanos >= 1_000_000_000 and (hour * 3600 + minute * 60 - offset) % 86400 != 86340:
        raise Refused(f"second 60 outside 23:59 UTC (not a leap second): {text!r}")
    secs = (days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60
            + second - offset)
    if not TIME_MIN <= (secs, nanos) <= TIME_MAX:
        raise Refused(f"time out of range: {text!r}")
    return secs, nanos


def enc_time(instant):
    secs, nanos = instant
    return i64(secs) + uint(nanos, 32)


def parse_version(text):
    """SemVer 2.0 -> (major, minor, patch, pre-release, build)."""
    if not isinstance(text, str):
        raise Refused(f"version is not a string: {text!r}")
    m = VERSION_RE.fullmatch(text)
    if not m:
        raise Refused(f"not a SemVer 2.0 version: {text!r}")
    if any(len(g) > 20 or int(g) >= 1 << 64 for g in m.group(1, 2, 3)):
        raise Refused(f"version number out of range for u64: {text!r}")
    major, minor, patch = (int(g) for g in m.group(1, 2, 3))
    return major, minor, patch, m.group(4) or "", m.group(5) or ""


def enc_version(text):
    major, minor, patch, pre, build = parse_version(text)
    return uint(major, 64) + uint(minor, 64) + uint(patch, 64) + enc_str(pre) + enc_str(build)


def need_int(value, what):
    if type(value) is not int:  # bool is a subclass of int: refused here
        raise Refused(f"{what} is not an integer: {value!r}")
    return value


def need_str(value, what):
    if not isinstance(value, str):
        raise Refused(f"{what} is not a string: {value!r}")
    try:
        utf8(value)
    except Refused as e:
        raise Refused(f"{what}: {e}") from None
    return value


def need_digest(value, what):
    if not isinstance(value, str) or not DIGEST_RE.fullmatch(value):
        raise Refused(f"{what} is not 64 lowercase hex digits: {value!r}")
    return bytes.fromhex(value)


def need_name(value, name_set, what):
    if not isinstance(value, str) or value not in NAMES[name_set]:
        raise Refused(f"{what} is not a name ({name_set}): {value!r}")
    return value


def need_partner(value, what):
    if not isinstance(value, str) or not PARTNER_RE.fullmatch(value):
        raise Refused(f"{what} is not a partner: {value!r}")
    return value


def need_object(value, keys, what):
    if not isinstance(value, dict):
        raise Refused(f"{what} is not an object")
    if set(value) != set(keys):
        extra = sorted(set(value) - set(keys))
        missing = sorted(set(keys) - set(value))
        raise Refused(f"{what} keys: unknown {extra}, missing {missing}")
    return value


def is_blank(text):
    return all(ch in WHITE_SPACE for ch in text)


# ---------------------------------------------------------------- §5 field encoding

class Ctx:
    """What a field's check needs beyond its value: the time form, the event's instant."""
    __slots__ = ("canonical", "instant")

    def __init__(self, canonical, instant):
        self.canonical, self.instant = canonical, instant


def need_array(value, what):
    if not isinstance(value, list):
        raise Refused(f"{what} is not an array")
    return value


def enc_sorted_names(value, name_set, what):
    """triggers: names of one set, at least one, distinct, in the order of §4."""
    need_array(value, what)
    for i, item in enumerate(value):
        need_name(item, name_set, f"{what}[{i}]")
    if not value:
        raise Refused(f"{what} is empty")
    order = [NAMES[name_set].index(n) for n in value]
    if any(a >= b for a, b in zip(order, order[1:])):
        raise Refused(f"{what} not distinct and in the order of §4: {value!r}")
    return enc_list([enc_str(n) for n in value])


def enc_reason(value, what):
    """A fallback reason: name(reason), then str(detail) for `other` only."""
    if not isinstance(value, dict) or "reason" not in value:
        raise Refused(f"{what} is not a fallback reason object")
    reason = need_name(value["reason"], "fallback reason", f"{what}.reason")
    if reason != "other":
        need_object(value, ["reason"], what)
        return enc_str(reason)
    need_object(value, ["reason", "detail"], what)
    detail = need_str(value["detail"], f"{what}.detail")
    if is_blank(detail):
        raise Refused(f"{what}.detail is blank")
    return enc_str(reason) + enc_str(detail)


def enc_authority(value, what, ctx):
    """A fallback authority: name(authority), then the approval for `approved` only."""
    if not isinstance(value, dict) or "authority" not in value:
        raise Refused(f"{what} is not a fallback authority object")
    authority = need_name(value["authority"], "fallback authority", f"{what}.authority")
    if authority != "approved":
        need_object(value, ["authority"], what)
        return enc_str(authority)
    need_object(value, ["authority", "approval"], what)
    return enc_str(authority) + enc_object(value["approval"], "approval",
                                           f"{what}.approval", ctx)


def enc_percent(value, what):
    percent = need_int(value, what)
    if not 0 <= percent <= 100:
        raise Refused(f"{what} out of range 0-100: {percent}")
    return uint(percent, 8)


def enc_score(value, what):
    score = need_int(value, what)
    if not 0 <= score <= 10000:
        raise Refused(f"{what} out of range 0-10000: {score}")
    return uint(score, 16)


def enc_uint(value, bits, what):
    number = need_int(value, what)
    if not 0 <= number < (1 << bits):
        raise Refused(f"{what} out of range for u{bits}: {number}")
    return uint(number, bits)


def check_requirement(text, what):
    """§1: a version requirement exactly as semver writes it."""
    need_str(text, what)
    if text == "*":
        return text
    comparators = text.split(", ")
    if len(comparators) > MAX_COMPARATORS:
        raise Refused(f"{what}: more than {MAX_COMPARATORS} comparators: {text!r}")
    for comparator in comparators:
        m = COMPARATOR_RE.fullmatch(comparator)
        if not m:
            raise Refused(f"{what} is not a requirement in semver's written form: {text!r}")
        numbers = [g for g in m.group("major", "minor", "patch", "wmajor", "wminor") if g]
        if any(len(g) > 20 or int(g) >= 1 << 64 for g in numbers):
            raise Refused(f"{what}: a number out of range for u64: {text!r}")
    return text


def shortest_decimal(number):
    """The shortest decimal text that reads back as `number`, without exponent, as §1
    writes it (Python's repr gives the shortest round-trip digits)."""
    text = format(decimal.Decimal(repr(number)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_decimal(text, what):
    """§1: a decimal text -> its float; refused unless in its shortest form."""
    need_str(text, what)
    if not DECIMAL_RE.fullmatch(text):
        raise Refused(f"{what} is not a decimal (digits, a fraction without trailing "
                      f"zeros, no sign, no exponent): {text!r}")
    number = float(text)
    if not math.isfinite(number):
        raise Refused(f"{what} is not a finite number: {text!r}")
    if shortest_decimal(number) != text:
        raise Refused(f"{what} {text!r} is not the shortest form of its number "
                      f"({shortest_decimal(number)!r})")
    return number


def enc_overrides(value, what):
    """Severity overrides: u32 count, then (str lint id, str severity) in byte order."""
    if not isinstance(value, dict):
        raise Refused(f"{what} is not an object")
    items = []
    for key, severity in value.items():
        need_name(key, "lint id", f"{what}: key")
        need_name(severity, "change severity", f"{what}[{key!r}]")
        items.append((utf8(key), key, severity))
    items.sort(key=lambda t: t[0])
    return enc_list([enc_str(key) + enc_str(severity) for _, key, severity in items])


def enc_departures(value, what):
    """Departures: u32 count, then (str floor, str reason) in §4's order of the floors."""
    if not isinstance(value, dict):
        raise Refused(f"{what} is not an object")
    order = NAMES["seed floor"]
    for key, reason in value.items():
        need_name(key, "seed floor", f"{what}: key")
        if is_blank(need_str(reason, f"{what}[{key!r}]")):
            raise Refused(f"{what}[{key!r}] is blank")
    return enc_list([enc_str(key) + enc_str(value[key]) for key in order if key in value])


def permission_key(text, what):
    """§1: a permission's place in the crate's order (`Permission`'s `Ord`): its verb, then
    its pattern's segments before the last `*` one by one (a literal before a `*`, literals
    by their text), a pattern that is a prefix of another first, then without a trailing
    `*` before with one. Texts compare as Rust compares `str`: by UTF-8 bytes, which is
    Python's comparison of `str` by code points (not UTF-16 code units)."""
    m = PERMISSION_RE.fullmatch(text)
    if not m:
        raise Refused(f"{what} is not a permission (`verb:pattern`): {text!r}")
    parts = m["pattern"].split("/")
    tail = parts[-1] == "*"
    if tail:
        parts.pop()
    return (m["verb"], [(1, "") if p == "*" else (0, p) for p in parts], tail)


def enc_permissions(value, what):
    """§1: a permission set as written: permissions in the crate's order, no repeats."""
    need_array(value, what)
    keys = [permission_key(need_str(item, f"{what}[{i}]"), f"{what}[{i}]")
            for i, item in enumerate(value)]
    for i in range(1, len(keys)):
        if not keys[i - 1] < keys[i]:
            raise Refused(f"{what}: {value[i]!r} at {i} is "
                          f"{'a repeat' if keys[i - 1] == keys[i] else 'out of order'} "
                          f"(a set is written in the crate's order, without repeats)")
    return enc_list([enc_str(item) for item in value])


def enc_object(value, name, what, ctx):
    """An object of OBJECTS: exact keys, then its keys' values in order, no count."""
    layout = OBJECTS[name]
    need_object(value, [key for key, _ in layout], f"{what} ({name})")
    return b"".join(enc_field(value[key], spec, f"{what}.{key}", ctx)
                    for key, spec in layout)


def enc_map(value, spec, what, ctx):
    """A contract's map: a list of (str id, value) in ascending byte order of the ids."""
    if not isinstance(value, dict):
        raise Refused(f"{what} is not an object")
    items = []
    for key, item in value.items():
        raw = located(f"{what}: id {key!r}", utf8, key)
        items.append((raw, key, item))
    items.sort(key=lambda t: t[0])  # distinct keys: the order is total
    return enc_list([uint(len(raw), 32) + raw + enc_field(item, spec, f"{what}[{key!r}]", ctx)
                     for raw, key, item in items])


def enc_field(value, spec, what, ctx):
    """Check one value against its type and return its §5 bytes."""
    if isinstance(spec, tuple):
        form, arg = spec
        if form == "opt":
            if value is None:
                return b"\x00"
            return b"\x01" + enc_field(value, arg, what, ctx)
        if form == "name":
            return enc_str(need_name(value, arg, what))
        if form == "list":
            need_array(value, what)
            return enc_list([enc_field(item, arg, f"{what}[{i}]", ctx)
                             for i, item in enumerate(value)])
        if form == "obj":
            return enc_object(value, arg, what, ctx)
        if form == "map":
            return enc_map(value, arg, what, ctx)
        if form == "sorted1":
            return enc_sorted_names(value, arg, what)
        raise AssertionError(f"unknown field type {spec}")
    if spec == "text":
        return enc_str(need_str(value, what))
    if spec == "text!":
        if is_blank(need_str(value, what)):
            raise Refused(f"{what} is blank")
        return enc_str(value)
    if spec == "partner":
        return enc_str(need_partner(value, what))
    if spec == "version":
        return located(what, enc_version, value)
    if spec == "time":
        return enc_time(located(what, parse_time, value, ctx.canonical))
    if spec == "time<=event":
        instant = located(what, parse_time, value, ctx.canonical)
        if instant > ctx.instant:
            raise Refused(f"{what} {value!r} is after the event")
        return enc_time(instant)
    if spec == "digest":
        return need_digest(value, what)
    if spec == "score":
        return enc_score(value, what)
    if spec == "bool":
        if type(value) is not bool:
            raise Refused(f"{what} is not a boolean: {value!r}")
        return b"\x01" if value else b"\x00"
    if spec == "reason":
        return enc_reason(value, what)
    if spec == "authority":
        return enc_authority(value, what, ctx)
    if spec == "percent":
        return enc_percent(value, what)
    if spec == "u32":
        return enc_uint(value, 32, what)
    if spec == "u8":
        return enc_uint(value, 8, what)
    if spec == "req":
        return enc_str(check_requirement(value, what))
    if spec == "decimal":
        parse_decimal(value, what)
        return enc_str(value)
    if spec == "overrides":
        return enc_overrides(value, what)
    if spec == "departures":
        return enc_departures(value, what)
    if spec == "permissions":
        return enc_permissions(value, what)
    raise AssertionError(f"unknown field type {spec}")


def check_validation(kind, fields, what):
    """§3's rules for a validation event, after its values have their forms."""
    outcomes = fields["dimensions"]
    dims = NAMES["dimension"]
    if [o["dimension"] for o in outcomes] != dims:
        raise Refused(f"{what}: dimensions are not one outcome per dimension in the "
                      f"order of §4: {[o['dimension'] for o in outcomes]!r}")
    for o in outcomes:
        where = f"{what}: outcome {o['dimension']}"
        for i, a in enumerate(o["attestations"]):
            if a["dimension"] != o["dimension"]:
                raise Refused(f"{where}: attestation {i} is of the {a['dimension']} "
                              f"dimension")
        unattested = not o["computed"] and not o["attestations"]
        if (o["verdict"] == "unverified") != unattested:
            raise Refused(f"{where}: verdict {o['verdict']!r} but computed "
                          f"{json.dumps(o['computed'])} with {len(o['attestations'])} "
                          f"attestations (unverified exactly when neither)")
        for i, a in enumerate(o["attestations"]):
            if a["verdict"] not in ("pass", "fail"):
                raise Refused(f"{where}: attestation {i} verdict {a['verdict']!r} is "
                              f"not pass or fail")
    failing = [o["dimension"] for o in outcomes if o["verdict"] in ("fail", "unverified")]
    if kind == "validation_passed" and failing:
        raise Refused(f"{what}: validation_passed with fail or unverified outcomes "
                      f"{failing!r}")
    if kind == "validation_failed" and not failing:
        raise Refused(f"{what}: validation_failed without a fail or unverified outcome")


def event_kind(event, what):
    detail = event["detail"]
    if not isinstance(detail, dict) or len(detail) != 1:
        raise Refused(f"{what}: detail is not an object with exactly one key")
    (kind, fields), = detail.items()
    if kind not in KINDS:
        raise Refused(f"{what}: unknown event kind {kind!r}")
    return kind, fields


def encode_event(event, what, canonical=False):
    """Check an event's values and return (kind, instant, encoding) per §5.

    Does not check seq against the position or the digest; the caller does."""
    need_object(event, EVENT_KEYS, what)
    seq = need_int(event["seq"], f"{what}: seq")
    instant = located(f"{what}: at", parse_time, event["at"], canonical)
    kind, fields = event_kind(event, what)
    rite, layout = KINDS[kind]
    if event["rite"] != rite:
        raise Refused(f"{what}: rite {json.dumps(event['rite'])} is not the rite of "
                      f"{kind} ({json.dumps(rite)})")
    need_object(fields, [name for name, _ in layout], f"{what}: {kind} fields")
    ctx = Ctx(canonical, instant)
    out = uint(seq, 32) + enc_time(instant)
    out += b"\x00" if rite is None else b"\x01" + enc_str(rite)
    out += enc_str(kind)
    for name, spec in layout:
        out += enc_field(fields[name], spec, f"{what}: {kind}.{name}", ctx)
    if kind in ("validation_passed", "validation_failed"):
        check_validation(kind, fields, what)
    return kind, instant, out


def chain_digest(previous, encoding):
    return hashlib.sha256(LINEAGE_TAG + previous + encoding).digest()


def seal_of(key, head):
    return hmac.new(key, SEAL_TAG + head, hashlib.sha256).digest()


# ---------------------------------------------------------------- §7 verification

def check_header(record):
    """§1 of §7: format, record keys, at least one event; header value forms."""
    need_object(record, RECORD_KEYS, "record")
    if type(record["format"]) is not int or record["format"] != 3:
        raise Refused(f"record: format is {record['format']!r}, not 3")
    if not isinstance(record["events"], list) or not record["events"]:
        raise Refused("record: events is not a non-empty array")
    need_name(record["stage"], "stage", "record: stage")
    need_partner(record["partner"], "record: partner")
    need_name(record["kind"], "kind", "record: kind")
    need_name(record["mode"], "mode", "record: mode")
    located("record: origin", parse_version, record["origin"])
    located("record: target", parse_version, record["target"])
    need_digest(record["head"], "record: head")


def second_of_pair(event):
    """§3: the event that must follow `event` as the second of a two-event step, or None.

    Returns (kind, required restricted flag or None, description)."""
    kind, fields = next(iter(event["detail"].items()))
    if kind == "validation_passed":
        return "rolled_out", None, "a validation_passed is always followed by a rolled_out"
    if kind == "health_recorded" and fields["band"] == "unstable":
        return ("fell_back", True,
                "an unstable health_recorded is always followed by a restricted fell_back")
    if kind == "completed":
        return "released", None, "a completed is always followed by a released"
    return None


def check_pairs(events):
    """§3: a step taken as two events is two events in a row; a record never ends between."""
    for position, event in enumerate(events):
        pair = second_of_pair(event)
        if pair is None:
            continue
        kind, restricted, rule = pair
        if position + 1 == len(events):
            raise Refused(f"event seq {position}: the record ends after it ({rule})")
        following, fields = next(iter(events[position + 1]["detail"].items()))
        if following != kind or (restricted is not None
                                 and fields["restricted"] is not restricted):
            raise Refused(f"event seq {position + 1}: a {following} ({rule})")


class EncodingCache:
    """Encodings of events already checked, by the identity of the event object.

    The flip self-test verifies thousands of copies of a record that share every event
    object but one; re-checking and re-encoding the shared ones is its whole cost. An
    entry keeps its event alive, so an id is never reused while it is cached; the events
    of a verified record are never mutated. Only successful encodings are cached, and
    only until `frozen` is set: then the cache holds the events of the unmodified record,
    and every modified event is checked and encoded afresh."""

    def __init__(self):
        self.entries = {}
        self.frozen = False

    def encode(self, event, what, canonical):
        hit = self.entries.get((id(event), canonical))
        if hit is not None and hit[0] is event:
            return hit[1]
        result = encode_event(event, what, canonical)
        if not self.frozen:
            self.entries[(id(event), canonical)] = (event, result)
        return result


def check_events(events, canonical, cache=None):
    """§7 step 2: seq, rite, time order, digest chain. Returns (last digest, kinds).

    As the crate does, every event's keys and values are checked (and encoded) first, and
    only then the sequence, the times and the chain."""
    encoded = []
    try:
        for position, event in enumerate(events):
            what = f"event seq {position}"
            need_object(event, EVENT_KEYS, what)
            need_int(event["seq"], f"{what}: seq")
            need_digest(event["digest"], f"{what}: digest")
            if cache is None:
                encoded.append(encode_event(event, what, canonical))
            else:
                encoded.append(cache.encode(event, what, canonical))
    except Refused as e:
        raise Refused(str(e), e.code or "load.invalid_field") from None
    previous, last_instant, kinds = ZERO_DIGEST, None, []
    for position, (event, (kind, instant, encoding)) in enumerate(zip(events, encoded)):
        what = f"event seq {position}"
        if event["seq"] != position:
            raise Refused(f"{what}: seq {event['seq']} is not its position {position}",
                          "resume.sequence")
        if last_instant is not None and instant < last_instant:
            raise Refused(f"{what}: at {event['at']!r} is earlier than the event before",
                          "resume.time_went_backwards")
        stored = bytes.fromhex(event["digest"])
        computed = chain_digest(previous, encoding)
        if stored != computed:
            raise Refused(f"{what}: digest {event['digest']} does not match the "
                          f"recomputed {computed.hex()}", "resume.digest_mismatch")
        previous, last_instant = computed, instant
        kinds.append(kind)
    check_pairs(events)
    return previous, kinds


def check_opened_agrees(record):
    """§2: the header's partner, kind, mode, origin and target are the opened event's."""
    opened = [e["detail"]["opened"] for e in record["events"] if "opened" in e["detail"]]
    if len(opened) != 1:
        raise Refused(f"record: {len(opened)} opened events, the header needs exactly one")
    if "opened" not in record["events"][0]["detail"]:
        raise Refused("record: the first event is not the opened event")
    for key in HEADER_FIELDS:
        if record[key] != opened[0][key]:
            raise Refused(f"record: {key} {record[key]!r} is not the opened event's "
                          f"{opened[0][key]!r}")


def check_anchor(head, anchor, kinds):
    """§7 step 4, and §6: a record holding a `corrected` event needs an anchor."""
    if anchor is None:
        if "corrected" in kinds:
            raise Refused("record holds a corrected event but no anchor was given",
                          "resume.amendment_needs_anchor")
        return
    if anchor[0] == "head":
        if not hmac.compare_digest(head, anchor[1]):
            raise Refused(f"head {head.hex()} is not the stored head {anchor[1].hex()}")
        return
    _, key, seal = anchor
    if not hmac.compare_digest(seal_of(key, head), seal):
        raise Refused("seal does not match HMAC-SHA-256(key, tag || head)", "resume.bad_seal")


def verify_record(record, anchor=None, canonical=False, cache=None):
    """Verify one record (§7). Returns (number of events, head bytes); raises Refused."""
    if not isinstance(record, dict):
        raise Refused("record is not an object", "load.malformed_json")
    try:
        check_header(record)
    except Refused as e:
        raise Refused(str(e), e.code or "load.invalid_field") from None
    head, kinds = check_events(record["events"], canonical, cache)
    if need_digest(record["head"], "record: head") != head:
        raise Refused(f"record: head {record['head']} is not the last event's digest "
                      f"{head.hex()}", "resume.head_mismatch")
    check_opened_agrees(record)
    check_rules(record, canonical)
    check_anchor(head, anchor, kinds)
    return len(record["events"]), head


# ---------------------------------------------------------------- §7 rules from the record

def add_days(instant, days):
    """`instant` plus whole days of 86,400 s; the latest time when past the range."""
    secs, nanos = instant
    if nanos >= 1_000_000_000:  # §1: from a leap second 23:59:60.f, from 23:59:59.f
        nanos -= 1_000_000_000
    result = (secs + days * 86400, nanos)
    return result if result <= TIME_MAX else TIME_MAX


def civil_from_days(days):
    """The (year, month, day) of a day count since 1970-01-01 (any year)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def add_months(instant, months):
    """`instant` plus calendar months: the same time of day, the day clamped to the
    month's last; the latest time when past the range (§7, `rolled_out`)."""
    secs, nanos = instant
    if nanos >= 1_000_000_000:  # §7: from a leap second 23:59:60.f, from 23:59:59.f
        nanos -= 1_000_000_000
    days, second_of_day = divmod(secs, 86400)
    year, month, day = civil_from_days(days)
    index = year * 12 + (month - 1) + months
    year, month = index // 12, index % 12 + 1
    if year > 262142:
        return TIME_MAX
    day = min(day, days_in_month(year, month))
    return days_from_civil(year, month, day) * 86400 + second_of_day, nanos


def version_key(text):
    """(major, minor, patch) of a version without pre-release, for ordering."""
    major, minor, patch, _, _ = parse_version(text)
    return major, minor, patch


def check_policy(policy, what):
    """§3: the policy's ranges and order, and its seed floors with their departures."""
    p = dict(policy)
    for key, spec in OBJECTS["policy"]:
        if spec == "decimal":
            p[key] = parse_decimal(policy[key], f"{what}.{key}")

    def need(ok, message):
        if not ok:
            raise Refused(f"{what}: {message}")

    need(p["fallback_min_months"] >= 1, "fallback_min_months is 0")
    need(p["max_canary_percent"] <= 100, "max_canary_percent above 100")
    need(p["fallback_recommended_months"] >= p["fallback_min_months"],
         "fallback_recommended_months below fallback_min_months")
    need(p["remediation_moderate_days"] <= p["remediation_minor_days"],
         "remediation_moderate_days above remediation_minor_days")
    need(p["remediation_severe_days"] <= p["remediation_moderate_days"],
         "remediation_severe_days above remediation_moderate_days")
    need(p["band_stable"] <= 100, "band_stable above 100")
    need(p["band_stable"] > p["band_reliable"] > p["band_vulnerable"] > p["band_at_risk"],
         "band edges not strictly descending")
    need(p["band_at_risk"] >= 1, "band_at_risk is 0")
    need(p["completion_band"] in ("vulnerable", "reliable", "stable"),
         "completion_band below vulnerable")
    need(p["governance_interval_months"] >= 1, "governance_interval_months is 0")
    weights = [p[k] for k in ("weight_stability", "weight_compatibility",
                              "weight_sustainability", "weight_ecosystem")]
    need(sum(weights) > 0, "the four health weights are all 0")
    need(0 < p["min_observed_weight"] <= 1, "min_observed_weight not in (0, 1]")
    need(p["critical_floor"] <= 100, "critical_floor above 100")
    need(0 < p["collapse_drop"] <= 100, "collapse_drop not in (0, 100]")
    need(p["collapse_short_window_hours"] >= 1, "collapse_short_window_hours is 0")
    need(p["collapse_long_window_hours"] > p["collapse_short_window_hours"],
         "collapse_long_window_hours not above collapse_short_window_hours")
    need(0 < p["api_error_budget"] <= 1, "api_error_budget not in (0, 1]")
    need(p["max_runtime_majors"] >= 1, "max_runtime_majors is 0")
    for floor, (seed, direction) in SEED_FLOORS.items():
        value = p[floor]
        weaker = value < seed if direction == "below" else value > seed
        if weaker and floor not in p["departures"]:
            raise Refused(f"{what}: {floor} {value} is weaker than the seed's {seed} "
                          f"without a departure")
        if not weaker and floor in p["departures"]:
            raise Refused(f"{what}: a departure for {floor}, which is not weaker than "
                          f"the seed's {seed}")
    return p


def band_reached(score, policy):
    """§7: the band a score in hundredths reaches under the policy's edges."""
    for band, edge in (("stable", "band_stable"), ("reliable", "band_reliable"),
                       ("vulnerable", "band_vulnerable"), ("at_risk", "band_at_risk")):
        if score >= 100 * policy[edge]:
            return band
    return "unstable"


def path_segments(path):
    """§3: a correction's path -> [(name, index or None)], or None when malformed."""
    out = []
    for segment in path.split("."):
        if "[" not in segment:
            if not segment:
                return None
            out.append((segment, None))
            continue
        name, rest = segment.split("[", 1)
        if not rest.endswith("]"):
            return None
        digits = rest[:-1]
        canonical = (digits != "" and all(c in "0123456789" for c in digits)
                     and (digits == "0" or not digits.startswith("0")))
        if not canonical or not name:
            return None
        out.append((name, int(digits)))
    return out


def correctable(kind, fields, path):
    """§3: whether `path` names a field of an event (`kind`, `fields`) a correction may
    touch, and the event has it."""
    segments = path_segments(path)
    if segments is None:
        return False

    def has(items, i):
        return i is not None and i < len(items)

    if kind in ("prepared", "remediated") and len(segments) == 2:
        (name, i), (leaf, j) = segments
        if j is None and (name, leaf) in (("documents", "location"), ("approvals", "by")):
            return has(fields[name], i)
    if kind == "remediated" and segments in ([("root_cause", None)], [("fixes", None)]):
        return True
    if kind == "reviewed" and segments in ([("by", None)], [("decision", None)]):
        return True
    if kind == "fell_back":
        if segments == [("reason", None), ("detail", None)]:
            return fields["reason"]["reason"] == "other"
        if segments == [("authority", None), ("approval", None), ("by", None)]:
            return fields["authority"]["authority"] == "approved"
    if kind in ("validation_passed", "validation_failed") and len(segments) == 3:
        (dims, i), (atts, j), (leaf, k) = segments
        if (dims, atts) == ("dimensions", "attestations") and k is None \
                and leaf in ("check", "by", "evidence") and has(fields["dimensions"], i):
            return has(fields["dimensions"][i]["attestations"], j)
    if kind == "corrected" and segments == [("reason", None)]:
        return True
    return False


def check_rules(record, canonical):
    """§7: the rules a verifier can check from the record alone, event by event."""
    events = record["events"]
    t = lambda text: parse_time(text, canonical)  # noqa: E731 (values already checked)
    opened_at = t(events[0]["at"])
    opened = events[0]["detail"]["opened"]
    what = "event seq 0: opened"
    policy = check_policy(opened["policy"], f"{what}.policy")
    origin, body = opened["origin"], GOVERNING_BODY[opened["kind"]]

    def need(ok, where, message):
        if not ok:
            raise Refused(f"{where}: {message}")

    # the notice
    need(opened["fallback_target"] == origin, what, "fallback_target is not the origin")
    need(not parse_version(origin)[3] and not parse_version(opened["target"])[3], what,
         "the origin or the target is a pre-release")
    need(version_key(opened["target"]) > version_key(origin), what,
         "the target is not above the origin")
    window_opens, window_closes = t(opened["window"]["opens"]), t(opened["window"]["closes"])
    need(window_closes >= window_opens, what, "the window closes before it opens")
    forced = any(trigger in FORCED_TRIGGERS for trigger in opened["triggers"])
    mode = "forced" if forced else (
        "soft" if opened["compatibility"] == "backward_compatible" else "guided")
    need(opened["mode"] == mode, what,
         f"mode {opened['mode']!r} does not follow from the triggers and compatibility "
         f"({mode!r})")
    need((opened["severity"] is not None) == forced
         and (opened["remediation_deadline"] is not None) == forced, what,
         "severity and remediation_deadline are given exactly for a forced migration")
    if forced:
        due = add_days(opened_at, policy[f"remediation_{opened['severity']}_days"])
        need(t(opened["remediation_deadline"]) == due, what,
             "remediation_deadline is not the policy's window for the severity from the "
             "notice")
    contracts = opened["contracts"]
    if contracts is not None:
        for side, version in (("old", origin), ("new", opened["target"])):
            need(parse_version(contracts[side]["version"])[:4] == parse_version(version)[:4],
                 what, f"the {side} contract is not at the {side} version")
    need(contracts is not None or opened["kind"] not in (
        "os_version", "api_version", "workflow_version", "workflow_trigger",
        "workflow_handler"), what, "a kind with a contract carries the contracts")

    release = None       # the latest transitioned event: (version, grants.current, at)
    rollout = None       # the latest rolled_out: (fallback_until, recommended_until)
    ended = False        # after a withdrawal or a release of the fallback
    for seq, event in enumerate(events[1:], start=1):
        (kind, fields), = event["detail"].items()
        what, at = f"event seq {seq}: {kind}", t(event["at"])
        need(not ended or kind == "corrected", what,
             "the migration has ended: only corrections follow")
        if kind in ("stabilized", "health_recorded", "throttled"):
            band, score = fields["band"], fields["score_hundredths"]
            rank = NAMES["band"].index
            need(rank(band) <= rank(band_reached(score, policy)), what,
                 f"band {band} is above the band its score reaches under the policy")
            if kind == "stabilized":
                need(band in ("vulnerable", "reliable", "stable"), what,
                     "only vulnerable or better stabilizes")
            elif kind == "health_recorded":
                need(band != "at_risk", what, "an at-risk reading throttles")
            else:
                need(band != "unstable" and (band == "at_risk" or fields["collapse"]), what,
                     "a throttle follows an at-risk reading or a collapse above unstable")
        elif kind == "transitioned":
            need(fields["canary_percent"] <= policy["max_canary_percent"], what,
                 "canary_percent above the policy's max_canary_percent")
            release = (fields["version"], fields["evidence"]["grants"]["current"], at)
        elif kind in ("validation_passed", "validation_failed"):
            for outcome in fields["dimensions"]:
                for i, a in enumerate(outcome["attestations"]):
                    need(release is None or t(a["at"]) >= release[2], what,
                         f"attestation {i} of {outcome['dimension']} is dated before "
                         f"the release")
            if kind == "validation_passed":
                need(window_opens <= at <= window_closes, what,
                     "the rollout is outside the migration window (as extended)")
        elif kind == "rolled_out":
            until = t(fields["fallback_until"]), t(fields["recommended_until"])
            need(until == (add_months(at, policy["fallback_min_months"]),
                           add_months(at, policy["fallback_recommended_months"])), what,
                 "the fallback windows are not the policy's, counted from the rollout")
            rollout = until
        elif kind == "fell_back":
            reason = fields["reason"]["reason"]
            need(fields["to"] == origin, what, "a fallback returns to the origin")
            restricted = fields["restricted"]
            need(restricted if reason == "health_unstable"
                 else reason == "validation_failed" or not restricted, what,
                 "a restriction comes from an unstable reading or a failed validation")
            authority = fields["authority"]
            if authority["authority"] == "approved":
                need(authority["approval"]["body"] == body, what,
                     f"the fallback is not approved by the governing body ({body})")
            else:
                need(reason in ("validation_failed", "health_at_risk", "health_unstable"),
                     what, f"the reason {reason} does not sanction a fallback")
        elif kind == "remediated":
            found, deadline = t(fields["found_at"]), t(fields["deadline"])
            latest = add_days(found, policy[f"remediation_{fields['severity']}_days"])
            need(found <= deadline <= latest, what,
                 "the deadline is before found_at or after the policy's window")
        elif kind == "completed":
            need(rollout is not None and at >= rollout[0], what,
                 "completed before the fallback window ran")
            need(fields["below_recommended_window"] == (at < rollout[1]), what,
                 "below_recommended_window is not whether it comes before the "
                 "recommended window")
            need(fields["completion_band"] == policy["completion_band"], what,
                 "completion_band is not the policy's")
            need(t(fields["next_review"]) == add_months(
                at, policy["governance_interval_months"]), what,
                 "next_review is not one governance interval after the completion")
            need(release is not None and fields["current"] == release[0]
                 and fields["retired"] == origin, what,
                 "current is not the release's version or retired not the origin")
        elif kind == "released":
            ended = True
        elif kind == "window_extended":
            need(fields["approval"]["body"] == body, what,
                 f"the extension is not approved by the governing body ({body})")
            closes = t(fields["closes"])
            need(closes > window_closes, what, "the window does not close later")
            window_closes = closes
        elif kind == "withdrawn":
            need(fields["approval"]["body"] == body, what,
                 f"the withdrawal is not approved by the governing body ({body})")
            need(fields["version"] == origin, what, "the version is not the origin")
            need(fields["grants"] == (None if release is None else release[1]), what,
                 "grants are not the latest release's current grant (or null without one)")
            ended = True
        elif kind == "corrected":
            target = fields["event"]
            need(target < seq, what, f"event {target} is not an earlier event")
            (target_kind, target_fields), = events[target]["detail"].items()
            need(correctable(target_kind, target_fields, fields["field"]), what,
                 f"{fields['field']!r} is not a field a correction may touch in event "
                 f"{target} ({target_kind})")
            need(fields["approved_by"] == body, what,
                 f"the correction is not approved by the governing body ({body})")


# ---------------------------------------------------------------- files and entries

def hex_bytes(value, what, lowercase):
    pattern = DIGEST_RE if lowercase else HEX64_RE
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise Refused(f"{what} is not 64 hex digits: {value!r}")
    return bytes.fromhex(value)


def unpack_entry(obj, cli_anchor):
    """A vector or a bare record -> (label, record, anchor)."""
    if isinstance(obj, dict) and "record" in obj:
        if cli_anchor is not None:
            raise Refused("--head/--seal anchor bare records; a vector carries its seal")
        need_object(obj, VECTOR_KEYS, "vector")
        need_str(obj["name"], "vector: name")
        need_str(obj["description"], "vector: description")
        key = hex_bytes(obj["seal_key"], "vector: seal_key", lowercase=False)
        seal = hex_bytes(obj["seal"], "vector: seal", lowercase=True)
        return obj["name"], obj["record"], ("seal", key, seal)
    label = obj.get("partner") if isinstance(obj, dict) else None
    return str(label), obj, cli_anchor


def load_entries(path):
    """-> list of (display name, JSON value); raises Refused for an unreadable file."""
    try:
        with open(path, "rb") as f:
            data = loads_strict(f.read())
    except OSError as e:
        raise Refused(f"cannot read: {e.strerror}") from None
    except ValueError as e:  # includes UnicodeDecodeError and JSONDecodeError
        raise Refused(f"not strict JSON: {e}") from None
    if isinstance(data, list):
        return [(f"{path}#{i}", item) for i, item in enumerate(data)]
    return [(path, data)]


def verify_entry(display, obj, cli_anchor, canonical):
    """Verify one entry and print its line. Returns True when it verified."""
    try:
        label, record, anchor = unpack_entry(obj, cli_anchor)
        count, head = verify_record(record, anchor, canonical)
    except Refused as e:
        print(f"FAIL {display}: {e}")
        return False
    print(f"ok {display} {label} ({count} events, head {head.hex()[:12]})")
    return True


def run_verify(paths, cli_anchor, canonical):
    ok = True
    for path in paths:
        try:
            entries = load_entries(path)
        except Refused as e:
            print(f"FAIL {path}: {e}")
            ok = False
            continue
        for display, obj in entries:
            ok &= verify_entry(display, obj, cli_anchor, canonical)
    return ok


# ---------------------------------------------------------------- flip self-test

def flipped_copies(event):
    """Yield (position, original byte, parsed event or None) for every one-bit flip."""
    text = json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    for pos in range(len(text)):
        data = bytearray(text)
        data[pos] ^= 0x01
        try:
            yield pos, text[pos], loads_strict(bytes(data))
        except ValueError:
            yield pos, text[pos], None


def flip_record(display, record, anchor, canonical):
    """-> (copies, unparsable, list of offending descriptions)."""
    copies, unparsable, offenders = 0, 0, []
    cache = EncodingCache()
    verify_record(record, anchor, canonical, cache)  # fills the cache: all events verify
    cache.frozen = True
    for index, event in enumerate(record["events"]):
        for pos, byte, modified in flipped_copies(event):
            copies += 1
            if modified is None:
                unparsable += 1
                continue
            events = list(record["events"])
            events[index] = modified
            try:
                verify_record(dict(record, events=events), anchor, canonical, cache)
            except Refused:
                continue
            offenders.append(f"{display}: event seq {index} byte {pos} "
                             f"(0x{byte:02x} -> 0x{byte ^ 1:02x}) still verifies")
    return copies, unparsable, offenders


def run_flip_selftest(paths, cli_anchor, canonical):
    ok = True
    for path in paths:
        copies = unparsable = 0
        offenders = []
        try:
            entries = load_entries(path)
        except Refused as e:
            print(f"FAIL {path}: {e}")
            ok = False
            continue
        for display, obj in entries:
            if not verify_entry(display, obj, cli_anchor, canonical):
                offenders.append(f"{display}: does not verify unmodified")
                continue
            _, record, anchor = unpack_entry(obj, cli_anchor)
            c, u, off = flip_record(display, record, anchor, canonical)
            copies, unparsable, offenders = copies + c, unparsable + u, offenders + off
        for line in offenders:
            print(f"FAIL {line}")
        verdict = "all refused" if not offenders else f"{len(offenders)} problems"
        print(f"flip-selftest {path}: {copies} copies, {verdict} "
              f"({unparsable} not JSON, {copies - unparsable} refused by the verifier)")
        ok &= not offenders
    return ok


# ---------------------------------------------------------------- refused records, spellings

REFUSED_KEYS = {"name", "description", "expected_code", "record"}


def run_expect_refused(paths, canonical):
    """Every entry of each FILE (an array of refused vectors, §8) must be refused, with its
    expected code where this verifier knows the code of its refusal."""
    ok = True
    for path in paths:
        try:
            entries = load_entries(path)
        except Refused as e:
            print(f"FAIL {path}: {e}")
            ok = False
            continue
        for display, obj in entries:
            if not isinstance(obj, dict) or not REFUSED_KEYS <= set(obj) <= REFUSED_KEYS | {"since"}:
                print(f"FAIL {display}: not a refused vector (keys {sorted(REFUSED_KEYS)}, "
                      f"optionally since)")
                ok = False
                continue
            name, expected, record = obj["name"], obj["expected_code"], obj["record"]
            code, message = None, None
            try:
                if isinstance(record, str):  # the record's exact JSON text
                    record = loads_strict(record.encode("utf-8"))
                verify_record(record, None, canonical)
            except ValueError as e:
                code, message = "load.malformed_json", f"not strict JSON: {e}"
            except Refused as e:
                code, message = e.code, str(e)
            if message is None:
                print(f"FAIL {display} {name}: accepted, expected {expected}")
                ok = False
            elif code != expected:
                print(f"FAIL {display} {name}: refused as {code or 'a rule of §7'}, "
                      f"expected {expected}: {message}")
                ok = False
            else:
                print(f"ok refused {display} {name} ({code}): {message}")
    return ok


def run_spellings(path):
    """Each row {"text", "accepted", "why"} of a spellings table: the time reader of §1
    (without --canonical) accepts exactly the rows marked accepted."""
    with open(path, "rb") as f:
        rows = loads_strict(f.read())
    ok = True
    for i, row in enumerate(rows):
        try:
            parse_time(row["text"])
            accepted = True
        except Refused:
            accepted = False
        if accepted != row["accepted"]:
            print(f"FAIL {path}#{i} {row['text']!r}: "
                  f"{'accepted' if accepted else 'refused'}, the table says "
                  f"{'accepted' if row['accepted'] else 'refused'} ({row['why']})")
            ok = False
    print(f"spellings {path}: {len(rows)} rows, "
          f"{'all agree' if ok else 'disagreements above'}")
    return ok


# ---------------------------------------------------------------- command line

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--expect-refused", action="store_true",
                   help="each FILE holds refused vectors (§8): each must be refused, with "
                        "its expected_code")
    p.add_argument("--spellings", metavar="TABLE",
                   help="check the time reader against a table of spellings "
                        "(tests/spellings.json)")
    p.add_argument("--head", metavar="HEX", help="stored head of a bare record (§6)")
    p.add_argument("--seal", metavar="HEX", help="seal of a bare record (§6)")
    p.add_argument("--key", metavar="HEX", help="32-byte seal key, as 64 hex digits")
    p.add_argument("--flip-selftest", action="store_true",
                   help="check that every one-bit flip of every event is refused")
    p.add_argument("--canonical", action="store_true",
                   help="also require the written time form of §1 (UTC Z, 3/6/9 digits)")
    return p.parse_args(argv)


def cli_anchor_of(args):
    """The anchor given with --head or --seal/--key, or None; raises UsageError."""
    if args.head is None and args.seal is None and args.key is None:
        return None
    if len(args.files) != 1:
        raise UsageError("--head/--seal/--key anchor a bare record in a single FILE")
    try:
        if args.head is not None:
            if args.seal is not None or args.key is not None:
                raise UsageError("give --head or --seal with --key, not both")
            return ("head", hex_bytes(args.head.lower(), "--head", True))
        if args.seal is None or args.key is None:
            raise UsageError("--seal and --key go together")
        return ("seal", hex_bytes(args.key, "--key", False),
                hex_bytes(args.seal.lower(), "--seal", True))
    except Refused as e:
        raise UsageError(str(e)) from None


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        anchor = cli_anchor_of(args)
    except UsageError as e:
        print(f"verify_record.py: error: {e}", file=sys.stderr)
        return 2
    if args.spellings is not None:
        ok = run_spellings(args.spellings)
        if args.files:
            ok &= run_verify(args.files, anchor, args.canonical)
        return 0 if ok else 1
    if not args.files:
        print("verify_record.py: error: no FILE given", file=sys.stderr)
        return 2
    if args.expect_refused:
        return 0 if run_expect_refused(args.files, args.canonical) else 1
    run = run_flip_selftest if args.flip_selftest else run_verify
    return 0 if run(args.files, anchor, args.canonical) else 1


if __name__ == "__main__":
    sys.exit(main())
