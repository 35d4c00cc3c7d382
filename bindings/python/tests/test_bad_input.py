"""Bad input through every function ends in a coded error: `call` answers an error envelope
and never raises; the operations' functions raise `KwanusError` with the code. Never a crash
of the interpreter: the hostile battery also runs in a child interpreter, whose exit is
checked, so a crash would fail this test instead of ending the run."""

import json
import math
import subprocess
import sys

import pytest

import kwanus_migration as kwanus

FUNCS = [getattr(kwanus, op.replace("-", "_")) for op in kwanus.OPERATIONS]


def code(text):
    out = json.loads(text)
    assert isinstance(out["error"]["message"], str)
    return out["error"]["code"]


def still_works():
    assert kwanus.diff_grants({"old": ["read:a/*"], "new": ["read:a/b/*"]}) == {
        "changes": [{"change": "narrowed", "from": "read:a/*", "to": "read:a/b/*"}]
    }


@pytest.mark.parametrize("text", ["{", "", "  ", "{} {}", "[1,]", "nul", "\x00", '{"current": [}'])
def test_malformed_json(text):
    for op in kwanus.OPERATIONS:
        assert code(kwanus.call(op, text)) == "interface.malformed_json"
    for fn in FUNCS:
        with pytest.raises(kwanus.KwanusError) as e:
            fn(text)
        assert e.value.code == "interface.malformed_json"
        assert str(e.value).startswith("[interface.malformed_json] ")
    still_works()


@pytest.mark.parametrize("value", [None, 42, 1.5, True, b"{}", bytearray(b"{}"), object(), [1], {"a": 1}])
def test_call_takes_text_only_and_never_raises(value):
    assert code(kwanus.call("validate", value)) == "interface.invalid_input"
    assert code(kwanus.call(value, "{}")) == "interface.invalid_input"


@pytest.mark.parametrize("value", [None, 42, [], {}, {"current": "read:a/*"}, {1: 2}, math.nan, math.inf])
def test_data_of_the_wrong_shape(value):
    with pytest.raises(kwanus.KwanusError) as e:
        kwanus.check_permissions(value)
    assert e.value.code in ("interface.invalid_input", "interface.malformed_json")


@pytest.mark.parametrize("value", [object(), {"a": object()}, b"{}", {1.5j: 1}, {"n": {1, 2}}])
def test_data_json_cannot_write_is_invalid_input(value):
    for fn in FUNCS:
        with pytest.raises(kwanus.KwanusError) as e:
            fn(value)
        assert e.value.code == "interface.invalid_input"


def test_values_the_crate_refuses_keep_its_code():
    with pytest.raises(kwanus.KwanusError) as e:
        kwanus.score_health({"inputs": {"stability": 200}})
    assert e.value.code == "health.out_of_range"
    with pytest.raises(kwanus.KwanusError) as e:
        kwanus.check_permissions({"current": ["orders/*"], "proposed": [], "ceiling": [], "kind": "api_version"})
    assert e.value.code == "permission.missing_colon"
    assert isinstance(e.value, Exception)


def test_unknown_operation():
    for op in ["", "nope", "check_permissions", "x" * 100_000]:
        assert code(kwanus.call(op, "{}")) == "interface.unknown_operation"


def test_lone_surrogates():
    assert code(kwanus.call("diff-grants", '{"old": ["read:a/\ud800"], "new": []}')) == "interface.invalid_input"
    assert code(kwanus.call("\ud800", "{}")) == "interface.invalid_input"
    with pytest.raises(kwanus.KwanusError) as e:
        kwanus.diff_grants('{"old": ["read:a/\ud800"], "new": []}')
    assert e.value.code == "interface.invalid_input"
    # escaped in the JSON text, the surrogate is the parser's to refuse
    assert code(kwanus.call("diff-grants", '{"old": ["read:a/\\ud800"], "new": []}')).startswith(("interface.", "permission."))
    still_works()


def test_huge_input():
    assert code(kwanus.call("validate", "x" * (8 << 20))) == "interface.malformed_json"
    assert code(kwanus.call("check-permissions", "[" * (1 << 20))) == "interface.malformed_json"
    grant = [f"read:orders/p{i}" for i in range(100_000)]
    assert kwanus.diff_grants({"old": grant, "new": grant[1:]}) == {
        "changes": [{"change": "removed", "permission": "read:orders/p0"}]
    }
    still_works()


HOSTILE = r"""
import kwanus_migration as k
for op in list(k.OPERATIONS) + ["", "nope"]:
    for text in ["{", "[" * 200000, "\x00" * 1000, '{"a":' * 5000, "1e999", '"\\ud800"', "x" * (1 << 20)]:
        k.call(op, text)
for f in [getattr(k, op.replace("-", "_")) for op in k.OPERATIONS]:
    for v in [None, 1, [], {}, "{", object(), {"x": [1] * 1000}]:
        try:
            f(v)
        except k.KwanusError:
            pass
print("survived")
"""


def test_a_child_interpreter_survives_the_hostile_battery():
    done = subprocess.run([sys.executable, "-c", HOSTILE], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "survived\n"
