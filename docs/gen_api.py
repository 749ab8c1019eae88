#!/usr/bin/env python3
"""Generate docs/API.md, the API reference, from include/fastla.h.

The header is the single source: each declaration's /** ... */ comment is
its documentation, /**< ... */ documents an enum value or struct field, and
the banner comments between rulers are the sections. Run it after changing
the header:

    python3 docs/gen_api.py            # rewrites docs/API.md

The test (tests/docs) runs it with --check: docs/API.md must be what the
header generates, every function and type in the header must carry a doc
comment, every symbol libfastla.so exports must be documented, and every
symbol libfastla_cblas.so exports must be named in docs/CBLAS.md.
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "include", "fastla.h")
OUTPUT = os.path.join(ROOT, "docs", "API.md")
RULER = re.compile(r"^/\* -{20,} \*/$")


class Item:
    """One documented declaration: a function, a type or a macro group."""

    def __init__(self, section, doc, decl):
        self.section, self.doc, self.decl = section, doc, decl
        self.kind, self.names, self.members = classify(decl)


def comment_text(lines):
    """The text of a comment's lines, without /** * */ decoration."""
    out = []
    for line in lines:
        line = re.sub(r"^\s*/\*\*<?\s?", "", line)
        line = re.sub(r"\s*\*/\s*$", "", line)
        line = re.sub(r"^\s*\*(?!/) ?", "", line)
        out.append(line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def classify(decl):
    """(kind, names, members) of a declaration's text."""
    text = " ".join(decl)
    if text.startswith("#define"):
        return "macro", re.findall(r"#define\s+(\w+)", text), []
    m = re.match(r"typedef\s+(enum|struct)\s+\w*\s*\{(.*)\}\s*(\w+)\s*;",
                 "\n".join(decl), re.S)
    if m:
        members = []
        for line in m.group(2).splitlines():
            doc = re.search(r"/\*\*<\s*(.*?)\s*\*/", line)
            code = re.sub(r"/\*.*?\*/", "", line).strip().rstrip(",;")
            if code:
                members.append((code, doc.group(1) if doc else ""))
        return m.group(1), [m.group(3)], members
    m = re.match(r"typedef\s+.*?(\w+)\s*;", text)
    if m:
        return "typedef", [m.group(1)], []
    m = re.match(r"FASTLA_API\s+.*?\b(fastla_\w+)\s*\(", text)
    if m:
        return "function", [m.group(1)], []
    sys.exit("gen_api.py: cannot classify declaration: %s" % text)


def parse(path):
    """(intro lines, [Item]) from the header."""
    with open(path) as f:
        lines = f.read().splitlines()
    intro, items, section = [], [], None
    i = 0
    # The file comment: everything up to the first " */".
    if lines[0].startswith("/*"):
        while not lines[i].rstrip().endswith("*/"):
            i += 1
        intro = comment_text(lines[1:i])
        intro = intro[1:] if intro and " - " in intro[0] else intro
        i += 1
    while i < len(lines):
        line = lines[i]
        if RULER.match(line) and i + 2 < len(lines) and RULER.match(
                lines[i + 2]):
            section = re.sub(r"^/\*\s*|\s*\*/$", "", lines[i + 1]).strip()
            i += 3
            continue
        if line.lstrip().startswith("/**"):
            start = i
            while "*/" not in lines[i]:
                i += 1
            doc = comment_text(lines[start:i + 1])
            i += 1
            decl = []
            if lines[i].startswith("#define"):
                # A macro group: consecutive #defines, with continuations.
                while i < len(lines) and (lines[i].startswith("#define") or
                                          (decl and decl[-1].endswith("\\"))):
                    decl.append(lines[i])
                    i += 1
            else:
                depth = 0
                while True:
                    decl.append(lines[i])
                    depth += lines[i].count("{") - lines[i].count("}")
                    if depth == 0 and lines[i].rstrip().endswith(";"):
                        break
                    i += 1
                i += 1
            items.append(Item(section, doc, decl))
            continue
        i += 1
    return intro, items


def paragraphs(doc):
    """Markdown for a doc comment: prose joined into paragraphs, lines
    indented by two or more blanks kept as a code block."""
    out, prose, code = [], [], []

    def flush():
        if prose:
            out.append(" ".join(prose))
            prose.clear()
        if code:
            out.append("```\n" + "\n".join(code) + "\n```")
            code.clear()

    for line in doc:
        if line.startswith("  ") and line.strip():
            if prose:
                flush()
            code.append(line.strip())
        elif not line.strip():
            flush()
        else:
            if code:
                flush()
            prose.append(line.strip())
    flush()
    return "\n\n".join(out)


def declaration(item):
    """The declaration as it reads in C, without the export macro and the
    member comments, re-indented."""
    text = "\n".join(item.decl)
    text = re.sub(r"\s*/\*\*<.*?\*/", "", text)
    text = text.replace("FASTLA_API ", "")
    if item.kind == "function":  # one clean line per parameter list
        text = re.sub(r"\s+", " ", text)
        text = text.replace("( ", "(").replace(" )", ")")
    return text


def anchor(name):
    return name.lower()


def render(intro, items):
    out = ["# libfastla API reference", "",
           "<!-- Generated by docs/gen_api.py from include/fastla.h; do not "
           "edit. -->", "",
           "Everything here is declared in `#include <fastla.h>` and "
           "exported by `libfastla.so` / `libfastla.a` "
           "(link with `-lfastla`, `pkg-config fastla` or "
           "`find_package(fastla)` and `fastla::fastla`).", ""]
    out += [paragraphs(intro), ""]
    sections = []
    for it in items:
        if it.section not in sections:
            sections.append(it.section)
    out.append("## Contents")
    out.append("")
    for s in sections:
        names = [it.names[0] for it in items if it.section == s]
        title = s or "Types and constants"
        out.append("- **%s**: %s" % (title, ", ".join(
            "[`%s`](#%s)" % (n, anchor(n)) for n in names)))
    out.append("")
    for s in sections:
        out += ["## " + (s or "Types and constants"), ""]
        for it in (it for it in items if it.section == s):
            out += ["### `%s`" % it.names[0], ""]
            out += ["```c", declaration(it), "```", ""]
            out += [paragraphs(it.doc), ""]
            if any(doc for _, doc in it.members):
                what = "value" if it.kind == "enum" else "field"
                out += ["| %s | meaning |" % what, "|---|---|"]
                out += ["| `%s` | %s |" % (code, doc.replace("|", "\\|"))
                        for code, doc in it.members]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def exported(library):
    """Names of the functions a shared library exports."""
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         capture_output=True, text=True, check=True).stdout
    return sorted({line.split()[-1] for line in out.splitlines()
                   if line.split() and line.split()[-2] in "TW"})


def check(intro, items, text, library):
    problems = []
    with open(OUTPUT) as f:
        if f.read() != text:
            problems.append("docs/API.md is out of date with include/fastla.h:"
                            " run python3 docs/gen_api.py")
    for it in items:
        if not any(l.strip() for l in it.doc):
            problems.append("%s has an empty doc comment" % it.names[0])
    # Declarations in the header without any doc comment.
    with open(HEADER) as f:
        header = f.read()
    documented = {n for it in items for n in it.names}
    for name in re.findall(r"FASTLA_API\s+[^;(]*?\b(fastla_\w+)\s*\(", header):
        if name not in documented:
            problems.append("%s is declared without a doc comment" % name)
    if library:
        for sym in exported(library):
            if sym not in documented:
                problems.append("exported %s is not documented" % sym)
            elif "### `%s`" % sym not in text:
                problems.append("exported %s has no entry in API.md" % sym)
        print("%d exported symbols of %s, each documented in docs/API.md"
              % (len(exported(library)), os.path.basename(library)))
    return problems


def check_cblas(library):
    """Every symbol the shim exports is named in docs/CBLAS.md."""
    with open(os.path.join(ROOT, "docs", "CBLAS.md")) as f:
        doc = f.read()
    names = exported(library)
    problems = ["exported %s is not documented in docs/CBLAS.md" % n
                for n in names if "`%s`" % n not in doc]
    print("%d exported symbols of %s, each documented in docs/CBLAS.md"
          % (len(names), os.path.basename(library)))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="check docs/API.md instead of writing it")
    ap.add_argument("--library", help="libfastla.so whose exports must all "
                    "be documented (with --check)")
    ap.add_argument("--cblas-library", help="libfastla_cblas.so whose "
                    "exports docs/CBLAS.md must name (with --check)")
    args = ap.parse_args()
    intro, items = parse(HEADER)
    text = render(intro, items)
    if not args.check:
        with open(OUTPUT, "w") as f:
            f.write(text)
        print("wrote %s: %d entries" % (OUTPUT, len(items)))
        return 0
    problems = check(intro, items, text, args.library)
    if args.cblas_library:
        problems += check_cblas(args.cblas_library)
    if problems:
        print("FAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print("docs/API.md matches include/fastla.h (%d entries)" % len(items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
