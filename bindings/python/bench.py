"""A 64-permission check-permissions through the Python module, timed beside its JSON crossing
(bindings/README.md has the figures side by side with Rust and Node):

    python bindings/python/bench.py

The input is the one bindings/npm/examples/boundary_bench.rs and bindings/npm/bench.js build:
a grant of 64 permissions, 32 of them current, the others inside a ceiling of 64.
"""

import json
import platform
import time

import kwanus_migration as kwanus

VERBS = ["read", "list", "write", "create", "update", "delete"]
REGIONS = ["eu", "us", "ap", "sa"]


def perms(n, middle):
    out = []
    for i in range(n):
        verb = VERBS[i % len(VERBS)]
        tenant = i // (len(VERBS) * len(REGIONS))
        region = REGIONS[(i // len(VERBS)) % len(REGIONS)]
        out.append(f"{verb}:tenant-{tenant}/{middle}/{region}/*")
    return out


def timed(iters, f):
    """Nanoseconds per call: the median of 15 rounds of `iters` calls, after a warm-up."""
    for _ in range(iters):
        f()
    rounds = []
    for _ in range(15):
        start = time.perf_counter_ns()
        for _ in range(iters):
            f()
        rounds.append((time.perf_counter_ns() - start) / iters)
    return sorted(rounds)[7]


def main():
    grant = perms(64, "orders")
    data = {"current": grant[:32], "proposed": grant, "ceiling": perms(64, "*"),
            "kind": "api_version", "approvals": ["sco"]}
    text = json.dumps(data, separators=(",", ":"))
    expected = '{"ok":{"allowed":true,"violations":[]}}'
    assert kwanus.call("check-permissions", text) == expected, "the bench input must be allowed"

    iters = 2000
    call = timed(iters, lambda: kwanus.call("check-permissions", text))
    func = timed(iters, lambda: kwanus.check_permissions(data))
    dumps = timed(iters, lambda: json.dumps(data))
    loads = timed(iters, lambda: json.loads(expected))
    echo = timed(iters, lambda: kwanus.call("nope", text))
    us = lambda ns: f"{ns / 1e3:9.2f}"  # noqa: E731
    print(f"Python ({platform.python_implementation()} {platform.python_version()}), "
          f"a 64-permission check-permissions, {len(text)} bytes of JSON in:")
    print(f"  call('check-permissions', text) (str in and out)  {us(call)} µs")
    print(f"  check_permissions(dict) (dumps, call, loads)      {us(func)} µs")
    print(f"  JSON crossing: json.dumps(input)                   {us(dumps)} µs")
    print(f"  JSON crossing: json.loads(output)                  {us(loads)} µs")
    print(f"  the input copied in, a short answer out (no op)  {us(echo)} µs")


if __name__ == "__main__":
    main()
