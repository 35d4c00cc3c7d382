#!/usr/bin/env python3
"""The public API of kwanus-migration, one item a line, sorted: `public-api.txt`.

Reads the rustdoc JSON of the library (nightly's `--output-format json`), walks the public
module tree from the crate root through every `pub use`, and prints each item a user can
name with its kind: modules, types, their public fields and variants, inherent methods and
associated constants with their signatures, traits with their items, the trait impls written
in the crate (not the compiler's auto-trait or blanket impls), functions, constants and
macros. Hidden fixtures (`__doc_support`) are not API and are left out.

    cargo +nightly rustdoc -p kwanus-migration --lib --all-features -- \\
        -Z unstable-options --output-format json
    python3 scripts/public_api.py "$CARGO_TARGET_DIR/doc/kwanus_migration.json" > public-api.txt

`.ci/run` regenerates the file and fails with a diff when it differs from the committed one:
a change to the public surface shows in review. Python standard library only.
"""

import json
import sys


def main(path):
    doc = json.load(open(path, encoding="utf-8"))
    index = doc["index"]
    lines = set()

    def item(i):
        return index.get(str(i))

    # -- types, rendered as Rust spells them (enough to see a signature change) ----------
    def args(a):
        if not a:
            return ""
        if "angle_bracketed" in a:
            ab = a["angle_bracketed"]
            parts = []
            for g in ab.get("args", []):
                if "type" in g:
                    parts.append(ty(g["type"]))
                elif "lifetime" in g:
                    parts.append(g["lifetime"])
                elif "const" in g:
                    parts.append(g["const"].get("expr", "_"))
                else:
                    parts.append("_")
            for c in ab.get("constraints", []):
                b = c.get("binding", {})
                if "equality" in b:
                    e = b["equality"]
                    parts.append(f'{c["name"]} = {ty(e["type"]) if "type" in e else "_"}')
                else:
                    parts.append(f'{c["name"]}: {bounds(b.get("constraint", []))}')
            return f"<{', '.join(parts)}>" if parts else ""
        if "parenthesized" in a:
            p = a["parenthesized"]
            out = f"({', '.join(ty(t) for t in p['inputs'])})"
            return out + (f" -> {ty(p['output'])}" if p.get("output") else "")
        return ""

    paths = doc["paths"]

    def short(p):
        # one spelling per type, whatever the source wrote: the crate's own types and the
        # standard library's by name (`Migration`, `Option`), other crates' as
        # `crate::Name` (`semver::Version`)
        known = paths.get(str(p.get("id")))
        if not known:
            return p["path"]
        name = known["path"][-1]
        krate = known["path"][0]
        if known["crate_id"] == 0 or krate in ("std", "core", "alloc"):
            return name
        return f"{krate}::{name}"

    def bounds(bs):
        out = []
        for b in bs:
            if "trait_bound" in b:
                t = b["trait_bound"]["trait"]
                m = "?" if b["trait_bound"].get("modifier") == "maybe" else ""
                out.append(m + short(t) + args(t.get("args")))
            elif "outlives" in b:
                out.append(b["outlives"])
            else:
                out.append("_")
        return " + ".join(out)

    def ty(t):
        if t is None:
            return "()"
        if "resolved_path" in t:
            p = t["resolved_path"]
            return short(p) + args(p.get("args"))
        if "generic" in t:
            return t["generic"]
        if "primitive" in t:
            return t["primitive"]
        if "borrowed_ref" in t:
            r = t["borrowed_ref"]
            lt = f'{r["lifetime"]} ' if r.get("lifetime") else ""
            return f'&{lt}{"mut " if r["is_mutable"] else ""}{ty(r["type"])}'
        if "tuple" in t:
            inner = ", ".join(ty(x) for x in t["tuple"])
            return f"({inner}{',' if len(t['tuple']) == 1 else ''})"
        if "slice" in t:
            return f"[{ty(t['slice'])}]"
        if "array" in t:
            return f"[{ty(t['array']['type'])}; {t['array']['len']}]"
        if "impl_trait" in t:
            return "impl " + bounds(t["impl_trait"])
        if "dyn_trait" in t:
            d = t["dyn_trait"]
            parts = [short(x["trait"]) + args(x["trait"].get("args")) for x in d["traits"]]
            if d.get("lifetime"):
                parts.append(d["lifetime"])
            return "dyn " + " + ".join(parts)
        if "raw_pointer" in t:
            r = t["raw_pointer"]
            return f'*{"mut" if r["is_mutable"] else "const"} {ty(r["type"])}'
        if "qualified_path" in t:
            q = t["qualified_path"]
            tr = q.get("trait")
            if tr:
                return f"<{ty(q['self_type'])} as {short(tr)}>::{q['name']}"
            return f"{ty(q['self_type'])}::{q['name']}"
        if "function_pointer" in t:
            f = t["function_pointer"]["sig"]
            return f"fn({', '.join(ty(x[1]) for x in f['inputs'])}) -> {ty(f.get('output'))}"
        return "_"

    def generics(g):
        ps = []
        for p in g.get("params", []):
            k = p["kind"]
            if "lifetime" in k:
                ps.append(p["name"])
            elif "type" in k:
                if k["type"].get("is_synthetic"):
                    continue  # an `impl Trait` argument, shown in place
                b = bounds(k["type"].get("bounds", []))
                ps.append(p["name"] + (f": {b}" if b else ""))
            elif "const" in k:
                ps.append(f"const {p['name']}: {ty(k['const']['type'])}")
        return f"<{', '.join(ps)}>" if ps else ""

    def signature(name, f):
        sig = f["sig"]
        ins = []
        for n, t in sig["inputs"]:
            if n == "self":
                ins.append({"&Self": "&self", "&mut Self": "&mut self", "Self": "self"}.get(ty(t), f"self: {ty(t)}"))
            else:
                ins.append(f"{n}: {ty(t)}")
        h = f["header"]
        pre = ("const " if h["is_const"] else "") + ("unsafe " if h["is_unsafe"] else "")
        out = f" -> {ty(sig['output'])}" if sig.get("output") else ""
        return f"{pre}fn {name}{generics(f['generics'])}({', '.join(ins)}){out}"

    # -- the walk --------------------------------------------------------------------------
    def impls_of(path, ids, self_id):
        for i in ids:
            im = item(i)
            if not im or "impl" not in im["inner"]:
                continue
            imp = im["inner"]["impl"]
            if imp["is_synthetic"] or imp["blanket_impl"] is not None:
                continue
            # `Migration<Preparation>::transition`: which instance of a generic type
            for_ = imp["for"].get("resolved_path")
            if for_ is None or for_.get("id") != self_id:
                continue  # an impl for another type that names this one: listed there
            owner = path + args(for_.get("args"))
            if imp["trait"] is not None:
                t = imp["trait"]
                neg = "!" if imp["is_negative"] else ""
                if t["path"] != "StructuralPartialEq":  # the compiler's, with a derive
                    lines.add(f"impl {neg}{short(t)}{args(t.get('args'))} for {owner}")
                continue
            for j in imp["items"]:
                it = item(j)
                if not it or it["visibility"] != "public" or it["name"] is None:
                    continue
                inner = it["inner"]
                if "function" in inner:
                    lines.add(f"pub {signature(owner + '::' + it['name'], inner['function'])}")
                elif "assoc_const" in inner:
                    lines.add(f"pub const {owner}::{it['name']}: {ty(inner['assoc_const']['type'])}")
                elif "assoc_type" in inner:
                    lines.add(f"pub type {owner}::{it['name']}")

    def fields(path, ids):
        for f in ids:
            it = item(f)
            if it and it["visibility"] == "public":
                lines.add(f"pub field {path}.{it['name']}: {ty(it['inner']['struct_field'])}")

    seen = set()

    def non_exhaustive(it):
        # a type that may grow: literals and exhaustive matches outside the crate do not compile
        return " #[non_exhaustive]" if "non_exhaustive" in (it.get("attrs") or []) else ""

    def walk(path, i, name=None):
        it = item(i)
        if it is None:
            return
        inner = it["inner"]
        if "use" in inner:
            u = inner["use"]
            if u["name"].startswith("__"):
                return
            if u["is_glob"]:
                target = item(u["id"]) if u["id"] is not None else None
                if target and "module" in target["inner"]:
                    for c in target["inner"]["module"]["items"]:
                        walk(path, c)
                else:
                    lines.add(f"pub use {path}::* = {u['source']}::*")
            elif u["id"] is None or item(u["id"]) is None:
                lines.add(f"pub use {path}::{u['name']} = {u['source']}")  # from another crate
            else:
                walk(path, u["id"], u["name"])
            return
        name = name or it["name"]
        if name is None or name.startswith("__"):
            return
        full = f"{path}::{name}" if path else name
        if (full, i) in seen:
            return
        seen.add((full, i))
        if "module" in inner:
            lines.add(f"pub mod {full}")
            for c in inner["module"]["items"]:
                walk(full, c)
        elif "struct" in inner:
            s = inner["struct"]
            lines.add(f"pub struct {full}{generics(s['generics'])}{non_exhaustive(it)}")
            k = s["kind"]
            if "plain" in k:
                fields(full, k["plain"]["fields"])
            elif "tuple" in k:
                for n, f in enumerate(k["tuple"]):
                    fi = item(f) if f is not None else None
                    if fi and fi["visibility"] == "public":
                        lines.add(f"pub field {full}.{n}: {ty(fi['inner']['struct_field'])}")
            impls_of(full, s["impls"], i)
        elif "enum" in inner:
            e = inner["enum"]
            lines.add(f"pub enum {full}{generics(e['generics'])}{non_exhaustive(it)}")
            for v in e["variants"]:
                vi = item(v)
                if not vi:
                    continue
                vk = vi["inner"]["variant"]["kind"]
                vpath = f"{full}::{vi['name']}"
                if vk == "plain":
                    lines.add(f"pub variant {vpath}")
                elif "tuple" in vk:
                    tys = [ty(item(f)["inner"]["struct_field"]) for f in vk["tuple"] if f is not None and item(f)]
                    lines.add(f"pub variant {vpath}({', '.join(tys)})")
                elif "struct" in vk:
                    lines.add(f"pub variant {vpath} {{ .. }}")
                    for f in vk["struct"]["fields"]:
                        fi = item(f)
                        if fi:
                            lines.add(f"pub field {vpath}.{fi['name']}: {ty(fi['inner']['struct_field'])}")
            impls_of(full, e["impls"], i)
        elif "trait" in inner:
            t = inner["trait"]
            b = bounds(t["bounds"])
            lines.add(f"pub trait {full}{generics(t['generics'])}" + (f": {b}" if b else ""))
            for j in t["items"]:
                ti = item(j)
                if not ti:
                    continue
                if "function" in ti["inner"]:
                    lines.add(f"pub {signature(full + '::' + ti['name'], ti['inner']['function'])}")
                elif "assoc_type" in ti["inner"]:
                    lines.add(f"pub type {full}::{ti['name']}")
                elif "assoc_const" in ti["inner"]:
                    lines.add(f"pub const {full}::{ti['name']}: {ty(ti['inner']['assoc_const']['type'])}")
        elif "function" in inner:
            lines.add(f"pub {signature(full, inner['function'])}")
        elif "constant" in inner:
            lines.add(f"pub const {full}: {ty(inner['constant']['type'])}")
        elif "static" in inner:
            lines.add(f"pub static {full}: {ty(inner['static']['type'])}")
        elif "type_alias" in inner:
            lines.add(f"pub type {full} = {ty(inner['type_alias']['type'])}")
        elif "macro" in inner:
            lines.add(f"pub macro {full}!")
        else:
            lines.add(f"pub {list(inner)[0]} {full}")

    walk("", doc["root"])
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: public_api.py <target>/doc/kwanus_migration.json")
    main(sys.argv[1])
