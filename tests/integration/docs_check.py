#!/usr/bin/python3
"""docs_check.py: keeps the user documentation self-contained and its links working.

usage: docs_check.py [REPO_ROOT]      (default: two folders above this script)

Checks every Markdown file of the repository (README.md, docs/*.md, the folders'
README.md files; hidden folders, build*/ and what runs write under results/ are skipped):

  - every relative link [text](target) or reference definition [x]: target resolves to a
    file or folder inside the repository;
  - a link with an anchor (file.md#section, #section) names a heading of that Markdown file
    (GitHub's anchor rules: lower case, punctuation dropped, spaces become hyphens, repeated
    headings get -1, -2, ...) or an explicit <a id="..."> / <a name="...">;
  - no document mentions ../shared or points into a specs/ folder: the repository's
    documentation stands alone and states its facts in its own words.

Links inside code (fenced blocks, `code spans`) are not links and are not checked; the
mentions check reads the whole text. Prints one line per problem ("docs_check: FAIL
file:line: ...") and exits 1, or prints "docs_check: OK ..." and exits 0.
Python 3 standard library only.
"""
import os
import re
import sys

SKIP_TOP = ("build",)           # build*/ folders at the top level
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")   # http:, https:, mailto:, ...
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^()\s]+(?:\([^()\s]*\))?)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"<a\s+[^>]*(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I)
FORBIDDEN = [
    (re.compile(r"\.\./shared"), "mentions ../shared (not part of the repository)"),
    (re.compile(r"(?<![\w.-])specs/"), "points into a specs/ folder (not part of the repository)"),
]


def markdown_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if rel == "." and d.startswith(SKIP_TOP):
                continue
            if rel == "results" or rel.startswith("results" + os.sep):
                continue          # what runs write; results/README.md itself is checked
            keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            if f.lower().endswith(".md"):
                yield os.path.join(dirpath, f)


def strip_code(lines):
    """Yields (line number, text without code) for the lines outside fenced code blocks."""
    fence = None
    for n, line in enumerate(lines, 1):
        m = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        yield n, re.sub(r"(`+)(?:(?!\1).)+?\1", "", line)


def slug(text):
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)   # links: keep their text
    text = re.sub(r"<[^>]+>", "", text)                        # inline HTML
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


_anchor_cache = {}


def anchors(path):
    if path not in _anchor_cache:
        found, seen = set(), {}
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        fence = None
        for line in lines:
            m = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
            if fence:
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                    fence = None
                continue
            if m:
                fence = m.group(1)
                continue
            found.update(a for a in HTML_ANCHOR.findall(line))
            h = HEADING.match(line)
            if h:
                s = slug(h.group(2))
                k = seen.get(s, 0)
                seen[s] = k + 1
                found.add(s if k == 0 else f"{s}-{k}")
        _anchor_cache[path] = found
    return _anchor_cache[path]


def check_file(root, path, problems):
    rel = os.path.relpath(path, root)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        for rx, what in FORBIDDEN:
            if rx.search(line):
                problems.append(f"{rel}:{n}: {what}: {line.strip()}")
    links = 0
    for n, line in strip_code(lines):
        targets = [m.group(1) for m in INLINE_LINK.finditer(line)]
        m = REF_DEF.match(line)
        if m:
            targets.append(m.group(1))
        for target in targets:
            target = target.strip("<>")
            if not target or SCHEME.match(target):
                continue
            links += 1
            where, _, anchor = target.partition("#")
            if where:
                base = root if where.startswith("/") else os.path.dirname(path)
                dest = os.path.normpath(os.path.join(base, where.lstrip("/")))
                inside = os.path.realpath(dest) == os.path.realpath(root) or \
                    os.path.realpath(dest).startswith(os.path.realpath(root) + os.sep)
                if not inside:
                    problems.append(f"{rel}:{n}: link '{target}' leaves the repository")
                    continue
                if not os.path.exists(dest):
                    problems.append(f"{rel}:{n}: link '{target}': {os.path.relpath(dest, root)} does not exist")
                    continue
            else:
                dest = path
            if anchor and os.path.isfile(dest) and dest.lower().endswith(".md"):
                if anchor not in anchors(dest):
                    problems.append(f"{rel}:{n}: link '{target}': no section '#{anchor}' in "
                                    f"{os.path.relpath(dest, root)}")
    return links


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    if not os.path.isfile(os.path.join(root, "README.md")):
        print(f"docs_check: FAIL {root}: no README.md (not the repository root?)")
        return 1
    problems = []
    files = list(markdown_files(root))
    links = sum(check_file(root, p, problems) for p in files)
    for p in problems:
        print(f"docs_check: FAIL {p}")
    if problems:
        print(f"docs_check: {len(problems)} problem(s) in {len(files)} Markdown files")
        return 1
    print(f"docs_check: OK ({len(files)} Markdown files, {links} relative links)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
