#!/usr/bin/env python3
"""Where the wasm client's bytes go (`make load` prints it; issue #16).

Usage: scripts/wasm_sizes.py CLIENT.wasm [TOP]

Reads the client as rustc wrote it, before wasm-bindgen and wasm-opt (the
shipped file has no function names left), with `wasm-objdump` from Debian's
wabt, and sums function body sizes by the crate a function belongs to: for
`<A as B>::f` the crate of A, for drop glue and other generic helpers the
crate of the type they were made for. Sizes are uncompressed and before
optimisation, so they show shares, not the bytes a phone downloads."""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
dump = subprocess.run(["wasm-objdump", "-x", path], check=True, capture_output=True, text=True).stdout

headers = subprocess.run(["wasm-objdump", "-h", path], check=True, capture_output=True, text=True).stdout
sections = {
    name: int(size, 16)
    for name, size in re.findall(r"^\s*(\w+)\s+start=0x[0-9a-f]+\s+end=0x[0-9a-f]+\s+\(size=0x([0-9a-f]+)\)", headers, re.M)
}


ESCAPES = {"$LT$": "<", "$GT$": ">", "$RF$": "&", "$BP$": "*", "$C$": ",", "$SP$": "@", "$u20$": " ",
           "$u27$": "'", "$u5b$": "[", "$u5d$": "]", "$u7b$": "{", "$u7d$": "}", "$u3b$": ";", "$u2b$": "+",
           "$u22$": '"', "$u7e$": "~", "$u21$": "!", "$u23$": "#"}


def demangle(name):
    """Rust's legacy mangling (`_ZN…E`) back to a path; for the v0 scheme
    (`_R…`) only the crate is recovered, which is all the sums need."""
    if name.startswith("_ZN"):
        rest, parts = name[3:], []
        while rest and rest[0].isdigit():
            digits = re.match(r"\d+", rest).group()
            rest = rest[len(digits):]
            parts.append(rest[: int(digits)])
            rest = rest[int(digits):]
        path = "::".join(parts)
        for escape, char in ESCAPES.items():
            path = path.replace(escape, char)
        return path.replace("..", "::").lstrip("_")
    if name.startswith("_R"):
        crate = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)_?", name)
        if not crate:
            return name
        start = crate.end()
        return f"{name[start:start + int(crate.group(1))]}::(v0 symbol)"
    return name


def crate_of(name):
    name = re.sub(r"::h[0-9a-f]{16}$", "", demangle(name))
    glue = "core::ptr::drop_in_place<"
    if name.startswith(glue) and "::" in name[len(glue):]:
        return crate_of(name[len(glue):])
    name = name.lstrip("<&*(").replace("dyn ", "").replace("mut ", "")
    # `<T as tachys::view::Render>::build`: a blanket impl, the trait's crate.
    name = re.sub(r"^(?:[A-Z]\w*|str|char|u8|\[[^]]*\]) as ", "", name)
    if "::" not in name:
        return "(no crate: runtime, wasm-bindgen glue)"
    return name.split("::")[0]


sizes = collections.Counter()
functions = []
for size, name in re.findall(r"^ - func\[\d+\] size=(\d+) <(.*)>$", dump, re.M):
    size = int(size)
    sizes[crate_of(name)] += size
    functions.append((size, name))
unnamed = sum(int(s) for s in re.findall(r"^ - func\[\d+\] size=(\d+)$", dump, re.M))
if unnamed:
    sizes["(unnamed)"] += unnamed
code = sum(sizes.values())
print(f"# {path}: code {code / 1024:.0f} KB in {len(functions)} functions, data {sections.get('Data', 0) / 1024:.0f} KB")
print("# code by crate (uncompressed, before wasm-opt)")
for crate, size in sizes.most_common(top):
    print(f"{size / 1024:8.1f} KB {100 * size / code:5.1f}%  {crate}")
print(f"\n# the {top} largest functions")
for size, name in sorted(functions, reverse=True)[:top]:
    print(f"{size / 1024:8.1f} KB  {demangle(name)[:150]}")
