#!/usr/bin/env python3
"""Writes the types of the npm and Python packages from the interface's JSON Schemas.

    python3 bindings/gen_types.py           # writes bindings/npm/index.d.ts and
                                            # bindings/python/kwanus_migration.pyi
    python3 bindings/gen_types.py --check   # exits 1 when either is not up to date

The schemas (`schema/interface/<operation>.{input,output}.json`, draft 2020-12, written by
the crate's `schema` feature) are the one source: the types are never written by hand.
Standard library only. It handles the schema features the interface's schemas use (`$ref`
to `$defs`, `type` (one or a list), `enum`, `const`, `properties`, `required`,
`additionalProperties`, `propertyNames`, `items`, `anyOf`, `oneOf`) and refuses any other
structural keyword, so a schema that grows a feature fails here instead of being typed wrong.
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schema" / "interface"
TS_OUT = ROOT / "bindings" / "npm" / "index.d.ts"
PY_OUT = ROOT / "bindings" / "python" / "kwanus_migration.pyi"

# keywords that only annotate or constrain values of a type already given
ANNOTATIONS = {
    "$schema", "title", "description", "default", "format", "pattern", "minimum", "maximum",
    "minItems", "maxItems", "uniqueItems", "examples",
}
STRUCTURE = {
    "$ref", "$defs", "type", "enum", "const", "properties", "required",
    "additionalProperties", "propertyNames", "items", "anyOf", "oneOf",
}


def camel(name):
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[-_]", name))


def operations():
    ops = sorted(p.name[: -len(".input.json")] for p in SCHEMAS.glob("*.input.json"))
    if not ops:
        sys.exit(f"gen_types: no schemas under {SCHEMAS}")
    return ops


def load():
    """The schemas, and every definition by one name: a name whose schema differs between
    an input and an output keeps its name for the input and takes `Output` for the output."""
    files = {}
    defs = {}  # name -> {canonical schema text: (schema, set of directions)}
    for op in operations():
        for direction in ("input", "output"):
            schema = json.loads((SCHEMAS / f"{op}.{direction}.json").read_text("utf-8"))
            files[(op, direction)] = schema
            for name, d in schema.get("$defs", {}).items():
                key = json.dumps(d, sort_keys=True)
                defs.setdefault(name, {}).setdefault(key, (d, set()))[1].add(direction)
    names = {}  # (name, canonical text) -> emitted name
    table = {}  # emitted name -> schema
    for name, variants in defs.items():
        if len(variants) == 1:
            ((key, (d, _)),) = variants.items()
            names[(name, key)] = name
            table[name] = d
            continue
        dirs = [frozenset(ds) for _, ds in variants.values()]
        if len(variants) != 2 or set(dirs) != {frozenset({"input"}), frozenset({"output"})}:
            sys.exit(f"gen_types: {name} has {len(variants)} different schemas; teach the generator")
        for key, (d, ds) in variants.items():
            emitted = name if ds == {"input"} else name + "Output"
            names[(name, key)] = emitted
            table[emitted] = d
    return files, names, table


def check_keywords(schema, where):
    unknown = set(schema) - ANNOTATIONS - STRUCTURE
    if unknown:
        sys.exit(f"gen_types: {where}: keywords {sorted(unknown)} are not handled; teach the generator")


class Gen:
    """Turns schemas into type expressions of one language."""

    def __init__(self, files, names, lang):
        self.files, self.names, self.lang = files, names, lang
        self.hoisted = []  # Python: (name, schema, defs) of inline objects given a name

    def ref(self, schema, defs):
        name = schema["$ref"].rsplit("/", 1)[-1]
        return self.names[(name, json.dumps(defs[name], sort_keys=True))]

    def union(self, parts):
        out = []
        for p in parts:
            if p not in out:
                out.append(p)
        return " | ".join(out) if out else ("never" if self.lang == "ts" else "NoReturn")

    def literal(self, v):
        text = json.dumps(v)
        if self.lang == "py":
            return {"true": "True", "false": "False", "null": "None"}.get(text, text)
        return text

    def expr(self, s, defs, hint, where):
        """The type of schema `s`; `hint` names an inline object Python must hoist."""
        if s is True or s == {}:
            return "unknown" if self.lang == "ts" else "Any"
        check_keywords(s, where)
        if "$ref" in s:
            return self.ref(s, defs)
        if "const" in s:
            return self.lit_type([s["const"]])
        if "enum" in s:
            return self.lit_type(s["enum"])
        for key in ("anyOf", "oneOf"):
            if key in s:
                return self.union(
                    [self.expr(p, defs, f"{hint}{i}", f"{where}/{key}/{i}") for i, p in enumerate(s[key])]
                )
        t = s.get("type")
        if isinstance(t, list):
            return self.union([self.expr({**s, "type": x}, defs, hint, where) for x in t])
        ts = self.lang == "ts"
        if t == "string":
            return "string" if ts else "str"
        if t in ("integer",):
            return "number" if ts else "int"
        if t == "number":
            return "number" if ts else "float"
        if t == "boolean":
            return "boolean" if ts else "bool"
        if t == "null":
            return "null" if ts else "None"
        if t == "array":
            item = self.expr(s.get("items", {}), defs, f"{hint}Item", f"{where}/items")
            return f"Array<{item}>" if ts else f"list[{item}]"
        if t == "object":
            return self.obj(s, defs, hint, where)
        sys.exit(f"gen_types: {where}: no type")

    def lit_type(self, values):
        if self.lang == "ts":
            return self.union([self.literal(v) for v in values])
        return f"Literal[{', '.join(self.literal(v) for v in values)}]"

    def map_type(self, s, defs, hint, where):
        extra = s.get("additionalProperties", True)
        if extra is False:  # an empty object
            return "Record<string, never>" if self.lang == "ts" else "dict[str, NoReturn]"
        value = self.expr(extra, defs, f"{hint}Value", f"{where}/additionalProperties")
        key = "string" if self.lang == "ts" else "str"
        if "propertyNames" in s:
            key = self.expr(s["propertyNames"], defs, f"{hint}Key", f"{where}/propertyNames")
        if self.lang == "ts":
            return f"{{ [key: string]: {value} }}" if key == "string" else f"Partial<Record<{key}, {value}>>"
        return f"dict[{key}, {value}]"

    def obj(self, s, defs, hint, where):
        props = s.get("properties")
        if not props:
            return self.map_type(s, defs, hint, where)
        if s.get("additionalProperties", False) is not False:
            sys.exit(f"gen_types: {where}: properties and additionalProperties; teach the generator")
        if self.lang == "py":
            self.hoisted.append((hint, s, defs, where))
            return hint
        req = set(s.get("required", []))
        lines = []
        for k, p in props.items():
            doc = describe(p)
            if doc:
                lines.append(f"  /** {doc} */")
            key = k if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", k) else json.dumps(k)
            opt = "" if k in req else "?"
            t = self.expr(p, defs, hint + camel(k), f"{where}/{k}").replace("\n", "\n  ")
            lines.append(f"  {key}{opt}: {t};")
        return "{\n" + "\n".join(lines) + "\n}"

    def typeddict(self, name, s, defs, where):
        req = set(s.get("required", []))
        fields = []
        for k, p in s["properties"].items():
            t = self.expr(p, defs, name + camel(k), f"{where}/{k}")
            fields.append(f"    {json.dumps(k)}: {t if k in req else f'NotRequired[{t}]'},")
        return f'{name} = TypedDict("{name}", {{\n' + "\n".join(fields) + "\n})"


def describe(s):
    if not isinstance(s, dict):
        return ""
    bits = [s.get("description", "").strip()]
    if "pattern" in s:
        bits.append(f"Pattern: `{s['pattern']}`.")
    if "format" in s and isinstance(s["format"], str):
        bits.append(f"Format: {s['format']}.")
    if "minimum" in s or "maximum" in s:
        bits.append(f"Range: {s.get('minimum', '')}..={s.get('maximum', '')}.")
    return " ".join(b for b in bits if b).replace("*/", "*\\/").replace("\n", " ")


def ts_doc(text, indent=""):
    if not text:
        return ""
    return f"{indent}/** {text} */\n"


def generate_ts(files, names, table):
    g = Gen(files, names, "ts")
    out = [
        "// Generated by bindings/gen_types.py from schema/interface/*.json: do not edit.",
        "// `python3 bindings/gen_types.py` rewrites it; CI checks that it is up to date.",
        "",
    ]
    # every definition, with the `$defs` of a file that holds it
    where_defs = {}
    for (op, direction), schema in files.items():
        for name, d in schema.get("$defs", {}).items():
            where_defs.setdefault(names[(name, json.dumps(d, sort_keys=True))], schema["$defs"])
    for name in sorted(table):
        s = table[name]
        out.append(ts_doc(describe(s)) + f"export type {name} = {g.expr(s, where_defs[name], name, name)};")
        out.append("")
    funcs = []
    for op in operations():
        c = camel(op)
        c = c[:1].lower() + c[1:]
        inp = files[(op, "input")]
        outp = files[(op, "output")]
        title = camel(op)
        out.append(ts_doc(inp.get("description", "")) + f"export type {title}Input = {g.expr({k: v for k, v in inp.items() if k != '$defs'}, inp.get('$defs', {}), title + 'Input', op + '.input')};")
        out.append("")
        out.append(ts_doc(outp.get("description", "")) + f"export type {title}Output = {g.expr({k: v for k, v in outp.items() if k != '$defs'}, outp.get('$defs', {}), title + 'Output', op + '.output')};")
        out.append("")
        funcs.append((op, c, title))
    out.append("/** The operations: each JavaScript name and the interface's. */")
    out.append("export declare const OPERATIONS: {")
    for op, c, _ in funcs:
        out.append(f"  readonly {c}: {json.dumps(op)};")
    out.append("};")
    out.append("")
    out.append("/** The version of kwanus-migration inside the package. */")
    out.append("export declare const version: string;")
    out.append("")
    out.append("/**")
    out.append(" * The interface itself: runs `operation` on `input` (JSON text) and returns the envelope as")
    out.append(" * JSON text. Never throws: an argument that is not a string is `interface.invalid_input`.")
    out.append(" */")
    out.append("export declare function call(operation: string, input: string): string;")
    out.append("")
    for op, c, title in funcs:
        out.append(f"/** `{op}`: the input as an object (written with JSON.stringify) or as JSON text; the")
        out.append(" * envelope as an object. Never throws. */")
        out.append(f"export declare function {c}(input: {title}Input | string): {title}Output;")
        out.append("")
    out.append("/** The same functions, JSON text in and JSON text out (no JSON.stringify or JSON.parse). */")
    out.append("export declare const raw: {")
    out.append("  readonly call: (operation: string, input: string) => string;")
    for op, c, title in funcs:
        out.append(f"  readonly {c}: (input: string) => string;")
    out.append("};")
    return "\n".join(out) + "\n"


def generate_py(files, names, table):
    g = Gen(files, names, "py")
    where_defs = {}
    for (op, direction), schema in files.items():
        for name, d in schema.get("$defs", {}).items():
            where_defs.setdefault(names[(name, json.dumps(d, sort_keys=True))], schema["$defs"])
    body = []

    def flush():
        while g.hoisted:
            name, s, defs, where = g.hoisted.pop(0)
            body.append(g.typeddict(name, s, defs, where))
            body.append("")

    for name in sorted(table):
        s = table[name]
        expr = g.expr(s, where_defs[name], name, name)
        if expr != name:  # a hoisted object is its own definition
            body.append(f"{name}: TypeAlias = {expr}")
            body.append("")
        flush()
    funcs = []
    for op in operations():
        title = camel(op)
        inp = files[(op, "input")]
        outp = files[(op, "output")]
        expr = g.expr({k: v for k, v in inp.items() if k != "$defs"}, inp.get("$defs", {}), title + "Input", op + ".input")
        if expr != title + "Input":
            body.append(f"{title}Input: TypeAlias = {expr}")
            body.append("")
        flush()
        ok = outp["oneOf"][0]["properties"]["ok"]
        result = g.expr(ok, outp.get("$defs", {}), title + "Result", op + ".output")
        if result != title + "Result":
            body.append(f"{title}Result: TypeAlias = {result}")
            body.append("")
        flush()
        funcs.append((op, op.replace("-", "_"), title, inp.get("description", "")))
    head = [
        "# Generated by bindings/gen_types.py from schema/interface/*.json: do not edit.",
        "# `python3 bindings/gen_types.py` rewrites it; CI checks that it is up to date.",
        '"""kwanus-migration\'s checks for Python: one function per operation, and `call`."""',
        "",
        "from typing import Any, Literal, NoReturn",
        "",
        "from typing_extensions import NotRequired, TypeAlias, TypedDict",
        "",
        "__version__: str",
        "OPERATIONS: list[str]",
        "",
        "class KwanusError(Exception):",
        '    """An error envelope of the interface, raised by the functions of the operations."""',
        "",
        "    code: str",
        '    """The crate\'s stable code (`interface.malformed_json`, `permission.missing_colon`, ...)."""',
        "    message: str",
        '    """For a person; it may change."""',
        "",
        "def call(operation: str, input: str) -> str:",
        '    """The interface itself: JSON text in, the envelope as JSON text out; never raises."""',
        "",
    ]
    for op, fn, title, _ in funcs:
        head.append(f"def {fn}(input: {title}Input | str) -> {title}Result:")
        head.append(f'    """`{op}`: the `ok` value; raises `KwanusError` on an error envelope."""')
        head.append("")
    return "\n".join(head + body).rstrip() + "\n"


def main():
    files, names, table = load()
    outputs = {TS_OUT: generate_ts(files, names, table), PY_OUT: generate_py(files, names, table)}
    if sys.argv[1:] == ["--check"]:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
        for p in stale:
            print(f"{p.relative_to(ROOT)} is not up to date: run python3 bindings/gen_types.py")
        sys.exit(1 if stale else 0)
    if sys.argv[1:]:
        sys.exit(__doc__)
    for p, text in outputs.items():
        p.write_text(text, "utf-8")
        print(f"wrote {p.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
