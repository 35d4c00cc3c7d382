"""The conformance corpus (conformance/<operation>/*.json) through the Python package.

Every case's output equal, as parsed JSON, to the case's, exactly as tests/conformance.rs
compares it (an `expected` output whole; an `expected_error` by its code, the error holding
a string message and nothing else). Each case runs through `call` (JSON text) and through
the operation's function (Python data in, the `ok` value out, `KwanusError` raised), which
must agree.
"""

import json
import pathlib

import pytest

import kwanus_migration as kwanus

ROOT = pathlib.Path(__file__).resolve().parents[3] / "conformance"
CASES = sorted(p for p in ROOT.glob("*/*.json"))


def input_of(case):
    if "input" in case and "input_text" not in case:
        return json.dumps(case["input"], separators=(",", ":"), ensure_ascii=False)
    if "input_text" in case and "input" not in case and isinstance(case["input_text"], str):
        return case["input_text"]
    raise AssertionError("a case has `input` or `input_text`")


def test_the_corpus_is_there_and_covers_every_operation():
    assert len(CASES) >= 40
    ops = {json.loads(p.read_text("utf-8"))["operation"] for p in CASES}
    assert set(kwanus.OPERATIONS) <= ops


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(path):
    case = json.loads(path.read_text("utf-8"))
    text = input_of(case)
    out = json.loads(kwanus.call(case["operation"], text))
    assert len(out) == 1, out
    if "expected" in case:
        assert "expected_error" not in case
        assert out == case["expected"]
    else:
        error = out["error"]
        assert error["code"] == case["expected_error"]
        assert isinstance(error["message"], str)
        assert sorted(error) == ["code", "message"]
    if case["status"] == "bad_input":
        assert "error" in out
    if case["status"] == "accepted":
        assert "ok" in out

    fn = getattr(kwanus, case["operation"].replace("-", "_"), None)
    if fn is None:  # an unknown operation: only `call` can be asked
        return
    data = case["input"] if "input" in case else text
    if "ok" in out:
        assert fn(data) == out["ok"]
        assert fn(text) == out["ok"]
    else:
        with pytest.raises(kwanus.KwanusError) as raised:
            fn(data)
        assert raised.value.code == out["error"]["code"]
        assert raised.value.message == out["error"]["message"]
