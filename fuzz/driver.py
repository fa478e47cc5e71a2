#!/usr/bin/env python3
"""Mutation fuzzer over the pbl release binary (see fuzz/README.md).

Mutates the repository's example projects and rosters (bytes, lines, and YAML- and
CSV-aware edits), runs `pbl` subcommands on them under time and memory limits, and keeps
each distinct failure with its smallest reproducer:

    driver.py --pbl BIN --repo ROOT --out DIR --seconds S [--jobs N] [--rng SEED]

Only the Python standard library (icalendar and qpdf are used when present).
"""

import argparse
import csv
import glob
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# MARK: limits and what counts as a finding

HARD_TIMEOUT = 15.0         # seconds: a run is killed here
SLOW = 5.0                  # seconds: a run this long is a finding (confirmed by a second run)
MEMORY_LIMIT = 4 << 30      # RLIMIT_AS: a hard stop, well above what is flagged
MEMORY_FLAG = 300 << 20     # peak RSS over this is a finding
FILE_LIMIT = 256 << 20      # RLIMIT_FSIZE: no runaway output fills the disk
OUTPUT_FLAG = 20 << 20      # bytes written (stdout, or files) over this is a finding
READ_CAP = 4 << 20          # bytes of an output read back for checks
EXIT_CODES = {0, 1, 2, 3}
MARKER = "<b id=pblfuzz>"   # inserted by mutations; must never reach HTML unescaped

# MARK: hostile values

NUMBERS = ["0", "-1", "-0", "1", "7", "366", "1000", "100000", "1000000", "2147483647", "2147483648",
           "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
           "-9223372036854775809", "99999999999999999999999999", "1e308", "1e309", "-1e309", "1e-400",
           ".inf", "-.inf", ".nan", "0x7fffffffffffffff", "0o777", "1_000", "3.5", "-2.5", "1e3",
           "+12", "0b101", "00012", "1,000"]
DATES = ["2024-02-29", "2023-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
         "0000-01-01", "0001-01-01", "1582-10-10", "1900-02-29", "1969-12-31", "1970-01-01", "2038-01-19",
         "2100-02-29", "9999-12-31", "10000-01-01", "99999-01-01", "-2024-01-01", "2024-1-1", "2024-01-01T00:00:00Z",
         "2024-01-01 25:00", "20240101", "2024/01/01", "Jan 1 2024", "2024-W01-1", "2024-001", "'2024-09-03'",
         "2024-09-03 # comment", "2024-09-0३", "2024-09-03\u00a0"]
WORDS = ["null", "~", "", "''", '""', "[]", "{}", "[[]]", "{a: 1}", "true", "false", "yes", "no", "on", "off",
         "-", "?", "|", ">-", "|+", "!!null", "!!binary aGVsbG8=", "!!str 1", "!!int x", "!!map {}", "!override []",
         "!override", "!unknown x", "*nowhere", "&a", "&a x", "<<", "'", '"', "\\", "#", "% x", "@x", "`x`",
         "[1, 2", "{a", "a: b: c", "- x", "x\\ny", "TODO:", "TODO: fill in"]
TEXTS = [
    "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\x07\x08\x0b\x0c", "a\x00b", "a\x7fb", "a\x85b", "a\x9bb",
    "\u202eevil\u202c", "\u2066iso\u2069", "a\u2028b", "a\u2029b", "\u200b\u200d\ufeff", "e\u0301" * 200,
    "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\U0001fffe", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "مرحبا بالعالم", "שלום", "Nguyễn Thị Minh Khai", "张伟", "김민준", "Ωμέγα", "Жанна", "ǅemal",
    "\uff1dcmd", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", " =1",
    "\ufeff=HYPERLINK(\"http://x\")", "<script>alert(1)</script>", MARKER, "\"><img src=x onerror=alert(1)>",
    "{{title}}", "{{{name}}}", "{{#students}}x{{/students}}", "{{> partial}}", "&amp;&lt;", "]]>", "<!--",
    "line\nBEGIN:VEVENT\nEND:VCALENDAR", "a;b,c\\d", "x" * 80 + ";" + "y" * 80,
    "\n::error::injected", "%0A::add-mask::x", "::warning file=x::y", "a\r\n::error::crlf",
    "\\u0000", "%s%s%n", "../../../etc/passwd", "/dev/zero", "C:\\x", "~/x", "$HOME", "`id`", "$(id)",
]
LENGTHS = [200, 1000, 4096, 65536, 300000, (1 << 20) + 1]
INVALID_UTF8 = [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82", b"\xfe\xff"]


def hostile_scalar(rng, key=""):
    """A value for a key, chosen with a bias by what the key holds."""
    key = key.lower()
    roll = rng.random()
    if any(word in key for word in ("day", "days", "week", "blank", "count", "length", "grade", "every", "cycle_len")) and roll < 0.6:
        return rng.choice(NUMBERS)
    if any(word in key for word in ("date", "start", "end", "exhibition", "from", "until", "anchor")) and roll < 0.6:
        return rng.choice(DATES)
    if key in ("id", "after", "roster", "extends", "meets_on", "section", "group", "only") and roll < 0.5:
        choice = rng.random()
        if choice < 0.3:
            return rng.choice(["a" * rng.choice(LENGTHS[:4]), "x-" * 5000, "id with spaces", "ID", "-x", "x-", "1",
                               "é", "a/b", "../x", "roster.csv", "/etc/passwd", "."])
    choice = rng.random()
    if choice < 0.2:
        return rng.choice(NUMBERS)
    if choice < 0.35:
        return rng.choice(DATES)
    if choice < 0.5:
        return rng.choice(WORDS)
    if choice < 0.85:
        return quoted(rng, rng.choice(TEXTS))
    return rng.choice(["x", "é", "字", "\U0001f600"]) * rng.choice(LENGTHS)


def quoted(rng, text):
    """Text as a YAML double-quoted scalar (escapes for controls) or, when safe, plain."""
    if rng.random() < 0.3 and not any(c in text for c in "\n\r:#{}[],&*!|>'\"%@`") and text.strip() == text and text:
        return text
    out = []
    for c in text:
        code = ord(c)
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F:
            out.append("\\x%02x" % code)
        elif code in (0xFEFF, 0x2028, 0x2029) or 0xFFFE <= code <= 0xFFFF or (code & 0xFFFE) == 0xFFFE:
            out.append("\\u%04x" % code if code <= 0xFFFF else "\\U%08x" % code)
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


# MARK: mutations (bytes in, bytes out)

KEY_LINE = re.compile(rb"^(\s*(?:- )?)([A-Za-z_][\w-]*)(:[ \t]*)(.*)$")
FLOW_PAIR = re.compile(rb"([A-Za-z_][\w-]*): ([^,}\]\n]*)")


def lines_of(data):
    return data.split(b"\n")


def pick_line(rng, lines, pattern=KEY_LINE):
    candidates = [i for i, line in enumerate(lines) if pattern.match(line)]
    return rng.choice(candidates) if candidates else None


def m_replace_value(rng, data, seeds):
    lines = lines_of(data)
    index = pick_line(rng, lines)
    if index is None:
        return data
    match = KEY_LINE.match(lines[index])
    key = match.group(2).decode("utf-8", "replace")
    value = hostile_scalar(rng, key).encode("utf-8", "surrogatepass")
    lines[index] = match.group(1) + match.group(2) + b": " + value
    return b"\n".join(lines)


def m_replace_flow_value(rng, data, seeds):
    pairs = list(FLOW_PAIR.finditer(data))
    if not pairs:
        return m_replace_value(rng, data, seeds)
    match = rng.choice(pairs)
    key = match.group(1).decode("utf-8", "replace")
    value = hostile_scalar(rng, key)
    if any(c in value for c in ",{}[]") and not value.startswith('"'):
        value = quoted(rng, value) if rng.random() < 0.7 else value
    return data[:match.start(2)] + value.encode("utf-8", "surrogatepass") + data[match.end(2):]


def m_insert_text(rng, data, seeds):
    """Hostile text inside an existing value (keeps the line's shape)."""
    lines = lines_of(data)
    index = pick_line(rng, lines)
    if index is None:
        return data
    match = KEY_LINE.match(lines[index])
    value = match.group(4)
    text = rng.choice(TEXTS)
    if value.startswith(b'"'):
        piece = quoted(rng, text)[1:-1].encode("utf-8", "surrogatepass")
        cut = rng.randint(1, max(1, len(value) - 1))
    else:
        piece = text.encode("utf-8", "surrogatepass") if rng.random() < 0.5 else quoted(rng, text).encode("utf-8", "surrogatepass")
        cut = rng.randint(0, len(value))
    lines[index] = match.group(1) + match.group(2) + match.group(3) + value[:cut] + piece + value[cut:]
    return b"\n".join(lines)


def m_raw_bytes(rng, data, seeds):
    """Raw control characters, NUL, noncharacters or invalid UTF-8 anywhere."""
    pieces = [b"\x00", b"\r", b"\t", b"\x1b", b"\x7f", b"\x0b", b"\x0c", "\u2028".encode(), "\ufffe".encode(),
              "\uffff".encode(), "\U0010ffff".encode(), "\ufeff".encode(), "\u0085".encode()] + INVALID_UTF8
    position = rng.randint(0, len(data))
    return data[:position] + rng.choice(pieces) + data[position:]


def m_line_endings(rng, data, seeds):
    roll = rng.random()
    if roll < 0.4:
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if roll < 0.6:
        return data.replace(b"\n", b"\r")
    if roll < 0.8:
        lines = lines_of(data)
        index = rng.randrange(len(lines))
        lines[index] = lines[index] + b"\r"
        return b"\n".join(lines)
    return data.rstrip(b"\n") if rng.random() < 0.5 else data + b"\n" * rng.choice([1, 100, 10000])


def m_prefix(rng, data, seeds):
    return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%YAML 1.1\n---\n", b"%YAML 1.3\n---\n",
                       b"%TAG ! tag:x,2024:\n---\n", b"---\n", b"--- !!map\n", b"\x00", b"# \x1b[2J\n", b"\t"]) + data


def m_documents(rng, data, seeds):
    roll = rng.random()
    if roll < 0.4:
        return data + b"\n---\n" + rng.choice(seeds)
    if roll < 0.7:
        return data + rng.choice([b"\n...\n", b"\n---\n", b"\n--- x\n", b"\n---\n---\n"])
    return data + b"\n...\n" + data


def m_deep_nesting(rng, data, seeds):
    depth = rng.choice([100, 255, 256, 257, 1000, 20000])
    roll = rng.random()
    if roll < 0.4:
        value = b"[" * depth + b"]" * depth
    elif roll < 0.6:
        value = b"{a: " * depth + b"x" + b"}" * depth
    elif roll < 0.8:
        value = b"[" * depth  # never closed
    else:
        block = b"".join(b"  " * i + b"a:\n" for i in range(min(depth, 2000)))
        return data.rstrip(b"\n") + b"\nzz:\n" + b"\n".join(b"  " + line for line in block.split(b"\n")) + b"\n"
    lines = lines_of(data)
    index = pick_line(rng, lines)
    if index is None:
        return data + b"\nzz: " + value + b"\n"
    match = KEY_LINE.match(lines[index])
    lines[index] = match.group(1) + match.group(2) + b": " + value
    return b"\n".join(lines)


def m_anchors(rng, data, seeds):
    """Anchors, aliases and merge keys between existing nodes (and a billion laughs)."""
    lines = lines_of(data)
    keyed = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
    if len(keyed) < 2:
        return data
    roll = rng.random()
    source = rng.choice(keyed)
    match = KEY_LINE.match(lines[source])
    lines[source] = match.group(1) + match.group(2) + b": &fz " + match.group(4)
    if roll < 0.85:
        target = rng.choice(keyed)
        if target == source:
            return b"\n".join(lines)
        t = KEY_LINE.match(lines[target])
        if roll < 0.35:
            lines[target] = t.group(1) + t.group(2) + b": *fz"
        else:
            indent = re.match(rb"^\s*", lines[target]).group(0)
            if t.group(1).endswith(b"- "):
                indent = indent + b"  "
            merge = rng.choice([b"<<: *fz", b"<<: [*fz, *fz]", b"<<: *nowhere", b"<<: 1", b"<<: [1, *fz]", b"<<: {}",
                                b"<<: {id: merged, title: merged}", b"<<: &fz2 *fz", b"<<: [*fz, {a: *fz}]"])
            lines.insert(target + 1, indent + merge)
    else:
        levels = rng.choice([5, 9, 12])
        width = rng.choice([5, 10])
        bomb = [b"zz0: &l0 [x, x]"]
        for level in range(1, levels):
            bomb.append(b"zz%d: &l%d [" % (level, level) + b", ".join(b"*l%d" % (level - 1) for _ in range(width)) + b"]")
        lines += bomb
    return b"\n".join(lines)


def block_at(lines, index):
    """The list item starting at `index` (a `- ` line) and its indented continuation."""
    indent = len(lines[index]) - len(lines[index].lstrip(b" "))
    end = index + 1
    while end < len(lines):
        line = lines[end]
        stripped = line.lstrip(b" ")
        if stripped and (len(line) - len(stripped)) <= indent:
            break
        end += 1
    return end


def m_repeat_item(rng, data, seeds):
    lines = lines_of(data)
    items = [i for i, line in enumerate(lines) if line.lstrip(b" ").startswith(b"- ")]
    if not items:
        return data
    index = rng.choice(items)
    end = block_at(lines, index)
    count = rng.choice([1, 2, 10, 100, 1000, 5000])
    block = lines[index:end]
    copies = []
    for n in range(count):
        if rng.random() < 0.5:  # fresh ids, so the copies are not just duplicates
            copies += [re.sub(rb"(\bid: *)([\w-]+)", lambda m: m.group(1) + m.group(2) + b"-%d" % n, line) for line in block]
        else:
            copies += block
    lines[end:end] = copies
    return b"\n".join(lines)


def m_lines(rng, data, seeds):
    lines = lines_of(data)
    if len(lines) < 2:
        return data
    op = rng.randrange(6)
    a = rng.randrange(len(lines))
    b = rng.randrange(len(lines))
    if op == 0:
        del lines[a]
    elif op == 1:
        lines.insert(b, lines[a])
    elif op == 2:
        lines[a], lines[b] = lines[b], lines[a]
    elif op == 3:
        lines[a] = rng.choice([b" ", b"  ", b"\t", b"   "]) + lines[a]
    elif op == 4:
        lines[a] = lines[a][rng.choice([1, 2]):]
    else:
        lo, hi = sorted((a, b))
        del lines[lo:hi + 1]
    return b"\n".join(lines)


def m_bytes(rng, data, seeds):
    if not data:
        return bytes([rng.randrange(256)])
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4, 8])):
        op = rng.randrange(5)
        position = rng.randrange(len(data)) if data else 0
        if op == 0 and data:
            data[position] ^= 1 << rng.randrange(8)
        elif op == 1 and data:
            data[position] = rng.choice([0, 0x0A, 0x0D, 0x22, 0x27, 0x3A, 0x2D, 0x5B, 0x7B, 0x26, 0x2A, 0x21, 0x7C, 0x3E,
                                         0x23, 0x25, 0x40, 0x60, 0x09, 0x20, 0x80, 0xFF, rng.randrange(256)])
        elif op == 2:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3 and data:
            del data[position:position + rng.randint(1, 32)]
        else:
            length = rng.randint(1, 64)
            data[position:position] = data[position:position + length] * rng.choice([1, 2, 16])
    return bytes(data)


def m_splice(rng, data, seeds):
    other = rng.choice(seeds)
    if not data or not other:
        return data + other
    lines, others = lines_of(data), lines_of(other)
    a, b = sorted((rng.randrange(len(others)), rng.randrange(len(others))))
    position = rng.randrange(len(lines))
    lines[position:position] = others[a:b + 1]
    return b"\n".join(lines)


def m_truncate(rng, data, seeds):
    return data[:rng.randrange(len(data) + 1)]


YAML_MUTATIONS = [
    (m_replace_value, 12), (m_replace_flow_value, 10), (m_insert_text, 10), (m_raw_bytes, 4), (m_line_endings, 3),
    (m_prefix, 2), (m_documents, 2), (m_deep_nesting, 2), (m_anchors, 6), (m_repeat_item, 4), (m_lines, 6),
    (m_bytes, 6), (m_splice, 3), (m_truncate, 1),
]


# MARK: roster CSV mutations

def csv_rows(data):
    return data.replace(b"\r\n", b"\n").split(b"\n")


def c_cell(rng, data, seeds):
    rows = csv_rows(data)
    if not rows:
        return data
    index = rng.randrange(len(rows))
    cells = rows[index].split(b",")
    column = rng.randrange(len(cells))
    header = csv_rows(data)[0].split(b",")
    key = header[column].decode("utf-8", "replace") if column < len(header) else ""
    roll = rng.random()
    if "extra" in key and roll < 0.6:
        value = rng.choice(NUMBERS)
    elif roll < 0.6:
        value = rng.choice(TEXTS)
    elif roll < 0.75:
        value = rng.choice(["x", "é"]) * rng.choice(LENGTHS[:5])
    else:
        value = rng.choice(NUMBERS + DATES + WORDS)
    if rng.random() < 0.5 or any(c in value for c in ',"\n\r'):
        value = '"' + value.replace('"', '""') + '"'
    cells[column] = value.encode("utf-8", "surrogatepass")
    rows[index] = b",".join(cells)
    return b"\n".join(rows)


def c_shape(rng, data, seeds):
    rows = csv_rows(data)
    index = rng.randrange(len(rows))
    op = rng.randrange(7)
    if op == 0:
        rows[index] += b",extra"
    elif op == 1:
        rows[index] = b",".join(rows[index].split(b",")[:-1])
    elif op == 2:
        rows[0] += rng.choice([b",unknown", b",choice:nowhere", b",id", b",choice:", b",name", b", id "])
    elif op == 3:
        rows[index] = rows[index].replace(b",", b',"', 1)  # a quote never closed
    elif op == 4:
        rows[index] = b'"a\nb",' + rows[index]
    elif op == 5:
        rows = rows[:1]
    else:
        rows[index] = b""
    return b"\n".join(rows)


def c_many(rng, data, seeds):
    rows = csv_rows(data)
    body = [row for row in rows[1:] if row.strip()]
    if not body:
        return data
    row = rng.choice(body)
    count = rng.choice([10, 1000, 20000])
    if rng.random() < 0.5:
        extra = [re.sub(rb"^[^,]*", b"z%d" % n, row) for n in range(count)]
    else:
        extra = [row] * count
    return b"\n".join(rows + extra)


CSV_MUTATIONS = [(c_cell, 10), (c_shape, 5), (c_many, 2), (m_raw_bytes, 3), (m_line_endings, 3), (m_prefix, 1),
                 (m_bytes, 4), (m_truncate, 1), (m_lines, 2)]


def weighted(rng, table):
    total = sum(weight for _, weight in table)
    roll = rng.uniform(0, total)
    for function, weight in table:
        roll -= weight
        if roll <= 0:
            return function
    return table[-1][0]


# MARK: seeds

def load_seeds(repo):
    """Seed cases: each YAML file with the CSV files of its folder (copied, never edited)."""
    patterns = ["examples/**/*.yaml", "templates/projects/*.yaml"]
    cases = []
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(repo, pattern), recursive=True)):
            folder = os.path.dirname(path)
            files = {"project.yaml": open(path, "rb").read()}
            for csv_path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
                files[os.path.basename(csv_path)] = open(csv_path, "rb").read()
            cases.append({"name": os.path.relpath(path, repo), "files": files})
    csvs = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(repo, "examples/**/*.csv"), recursive=True))]
    return cases, csvs


# MARK: running pbl

def limit_child():
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_pbl(binary, argv, cwd, timeout=HARD_TIMEOUT):
    """Runs pbl; returns exit code (negative: signal), seconds, peak RSS bytes, stdout, stderr."""
    out_path, err_path = os.path.join(cwd, ".stdout"), os.path.join(cwd, ".stderr")
    env = {"PATH": "/usr/bin:/bin", "HOME": cwd, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1700000000"}
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        process = subprocess.Popen([binary] + argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=env, preexec_fn=limit_child)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002 if time.monotonic() - start < 0.2 else 0.02)
        process.returncode = 0  # reaped by wait4
        elapsed = time.monotonic() - start
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    stdout_size = os.path.getsize(out_path)
    with open(out_path, "rb") as f:
        stdout = f.read(READ_CAP)
    with open(err_path, "rb") as f:
        stderr = f.read(READ_CAP)
    os.unlink(out_path)
    os.unlink(err_path)
    return {"code": code, "seconds": elapsed, "rss": usage.ru_maxrss * 1024, "stdout": stdout, "stdout_size": stdout_size,
            "stderr": stderr, "timed_out": timed_out}


def ids_in(files):
    found = set()
    for data in files.values():
        for match in re.finditer(rb"\bid: *([\w-]{1,40})", data):
            found.add(match.group(1).decode())
    return sorted(found)


def choose_command(rng, files, usable):
    """A command line (relative paths, run in the case folder) and what its output is."""
    roll = rng.random()
    if roll < 0.35 or not usable and roll < 0.8:
        fmt = rng.choice(["human", "human", "json", "github", "sarif"])
        argv = ["validate", "project.yaml"] + (["--format", fmt] if fmt != "human" else [])
        if rng.random() < 0.2:
            argv.append("--strict")
        return argv, {"kind": "validate", "format": fmt, "output": None}
    roll = rng.random()
    ids = ids_in(files)
    if roll < 0.35:
        fmt = rng.choice(["text", "md", "html", "csv", "ics", "json"])
        argv = ["schedule", "project.yaml", "--format", fmt]
        output = None
        if rng.random() < 0.3:
            output = "out/schedule." + fmt
            argv += ["-o", output]
        if ids and rng.random() < 0.2:
            argv += [rng.choice(["--student", "--section"]), rng.choice(ids)]
        return argv, {"kind": "schedule", "format": fmt, "output": output}
    if roll < 0.75:
        fmt = rng.choice(["html", "md", "text", "pdf"])
        argv = ["checklists", "project.yaml", "--format", fmt]
        if rng.random() < 0.3:
            argv.append("--teacher")
        if rng.random() < 0.15:
            argv += ["--paper", "a4"]
        if rng.random() < 0.1:
            argv += ["--blank", rng.choice(["0", "1", "3", "40"])]
        if ids and rng.random() < 0.15:
            argv += [rng.choice(["--student", "--section"]), rng.choice(ids)]
        output = None
        if rng.random() < 0.3:
            output = rng.choice(["out/", "out/checklists." + fmt])
            argv += ["-o", output]
        return argv, {"kind": "checklists", "format": fmt, "output": output}
    if roll < 0.9:
        return ["render", "project.yaml", "-o", "out/site"], {"kind": "render", "format": "folder", "output": "out/site"}
    return ["calendar", "project.yaml"], {"kind": "calendar", "format": "text", "output": None}


# MARK: checks

TERMINAL_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
DOCUMENT_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ufffe\uffff\ufdd0-\ufdef]")


def scalar_name(char):
    return "U+%04X" % ord(char)


def check_text(kind, data, pattern, context):
    text = data.decode("utf-8", "replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        return [(kind + "-invalid-utf8", "output is not UTF-8")]
    bad = pattern.search(text)
    if bad:
        start = max(0, bad.start() - 40)
        return [(kind, scalar_name(bad.group(0)) + " in " + context + ": " + repr(text[start:bad.end() + 40]))]
    return []


def check_csv(data):
    problems = check_text("csv-control", data, DOCUMENT_BAD, "csv")
    text = data.decode("utf-8", "replace")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        return problems + [("csv-invalid", str(error))]
    widths = {len(row) for row in rows if row}
    if len(widths) > 1:
        problems.append(("csv-ragged", "row widths %s" % sorted(widths)))
    for row in rows:
        for cell in row:
            stripped = cell.lstrip(" \t\r\n\u00a0\ufeff\u200b\u200c\u200d\u2060\u3000")
            if stripped[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"):
                problems.append(("csv-formula", repr(cell[:80])))
                return problems
    return problems


def check_ics(data):
    problems = []
    if data and not data.endswith(b"\r\n"):
        problems.append(("ics-line-ending", "does not end with CRLF"))
    body = data[:-2] if data.endswith(b"\r\n") else data
    for line in body.split(b"\r\n"):
        if len(line) > 75:
            problems.append(("ics-long-line", "%d octets: %r" % (len(line), line[:60])))
            break
        if b"\n" in line or b"\r" in line:
            problems.append(("ics-bare-newline", repr(line[:80])))
            break
    text = data.decode("utf-8", "replace")
    bad = re.search("[\x00-\x08\x0a-\x1f\x7f]", text.replace("\r\n", ""))
    if bad and not problems:
        problems.append(("ics-control", scalar_name(bad.group(0))))
    if text.count("BEGIN:VCALENDAR") != 1 or text.count("END:VCALENDAR") != 1:
        problems.append(("ics-structure", "%d calendars" % text.count("BEGIN:VCALENDAR")))
    if text.count("BEGIN:VEVENT") != text.count("END:VEVENT"):
        problems.append(("ics-structure", "unbalanced VEVENT"))
    try:
        import icalendar  # noqa: PLC0415 (optional peer)
        try:
            icalendar.Calendar.from_ical(data)
        except Exception as error:  # noqa: BLE001
            problems.append(("ics-unparsable", type(error).__name__ + ": " + str(error)[:120]))
    except ImportError:
        pass
    return problems


def check_json(kind, data):
    try:
        json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return [(kind + "-invalid", str(error)[:120])]
    return []


def check_html(data):
    problems = check_text("html-control", data, DOCUMENT_BAD, "html")
    if MARKER.encode() in data:
        problems.append(("html-injection", "raw %s in HTML" % MARKER))
    return problems


def check_pdf(data, path, rng):
    problems = []
    if not data.startswith(b"%PDF-"):
        return [("pdf-invalid", "no %PDF header")]
    if rng.random() < 0.1 and path and shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", path], capture_output=True, timeout=60)
        if result.returncode not in (0, 3):
            problems.append(("pdf-qpdf", result.stdout.decode("utf-8", "replace").strip().splitlines()[-1][:120]))
    return problems


def check_document(fmt, data, path, rng):
    if fmt in ("text",):
        return check_text("control-in-text", data, TERMINAL_BAD, "text output")
    if fmt == "md":
        return check_text("control-in-md", data, DOCUMENT_BAD, "markdown")
    if fmt == "html":
        return check_html(data)
    if fmt == "csv":
        return check_csv(data)
    if fmt == "ics":
        return check_ics(data)
    if fmt == "json":
        return check_json("json", data)
    if fmt == "pdf":
        return check_pdf(data, path, rng)
    return []


def check_github(data):
    for line in data.decode("utf-8", "replace").split("\n")[:-1]:
        if not (line.startswith("::error") or line.startswith("::warning") or line.startswith("::notice")):
            return [("github-line", repr(line[:120]))]
    if b"\r" in data:
        return [("github-cr", "raw CR in workflow commands")]
    return []


def crash_message(stderr):
    text = stderr.decode("utf-8", "replace")
    for line in text.splitlines():
        if re.search(r"Fatal error|Swift runtime failure|Assertion failed|Precondition failed|fatalError|"
                     r"Illegal instruction|Segmentation|Stack overflow|double free|malloc|Abort", line):
            return line.strip()[:200]
    return ""


def findings_for(binary_result, argv, info, folder, rng):
    """Every problem with one run; an empty list is a clean run."""
    result = binary_result
    problems = []
    code = result["code"]
    if result["timed_out"]:
        problems.append(("timeout", "killed after %.0f s" % result["seconds"]))
    elif code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        problems.append(("crash", name + " " + crash_message(result["stderr"])))
    elif code not in EXIT_CODES:
        problems.append(("exit-code", "exit %d %s" % (code, crash_message(result["stderr"]) or result["stderr"][:120])))
    elif result["seconds"] > SLOW:
        problems.append(("slow", "%.1f s" % result["seconds"]))
    if result["rss"] > MEMORY_FLAG:
        problems.append(("memory", "%d MB peak" % (result["rss"] >> 20)))
    problems += check_text("control-in-stderr", result["stderr"], TERMINAL_BAD, "stderr")

    written = result["stdout_size"]
    output = info["output"]
    if output:
        target = os.path.join(folder, output)
        files = []
        if os.path.isdir(target):
            for base, _, names in os.walk(target):
                files += [os.path.join(base, name) for name in names]
        elif os.path.exists(target):
            files = [target]
        written += sum(os.path.getsize(f) for f in files)
        if code == 0:
            for path in files:
                extension = os.path.splitext(path)[1][1:]
                fmt = {"txt": "text", "htm": "html"}.get(extension, extension)
                with open(path, "rb") as f:
                    problems += check_document(fmt, f.read(READ_CAP), path, rng)
    if written > OUTPUT_FLAG:
        problems.append(("output-size", "%d MB written" % (written >> 20)))
    for leftover in glob.glob(os.path.join(folder, "**", ".*.pbl-*.tmp"), recursive=True):
        problems.append(("temp-file-left", os.path.relpath(leftover, folder)))
        break

    if code == 0 and not output and info["kind"] != "validate":
        if result["stdout_size"] == 0:
            problems.append(("empty-output", "exit 0 and nothing on stdout"))
        stdout_path = None
        if info["format"] == "pdf":
            stdout_path = os.path.join(folder, ".stdout.pdf")
            with open(stdout_path, "wb") as f:
                f.write(result["stdout"])
        problems += check_document(info["format"], result["stdout"], stdout_path, rng)
    if info["kind"] == "validate":
        fmt = info["format"]
        if fmt == "human":
            problems += check_text("control-in-stdout", result["stdout"], TERMINAL_BAD, "validate output")
        elif fmt == "github":
            problems += check_github(result["stdout"])
        elif fmt in ("json", "sarif"):
            problems += check_json(fmt, result["stdout"])
    return problems


def signature(kind, detail, info):
    """What makes two findings the same: the kind, the command and format, the message with
    numbers and quoted text taken out."""
    command = info["kind"] + ":" + info["format"]
    if kind in ("crash", "exit-code"):
        message = re.sub(r"\d+", "N", detail)
        message = re.sub(r"/[^\s:]+", "PATH", message)
        return "%s|%s|%s" % (kind, command, message[:120])
    if kind.startswith("control-in") or kind.endswith("-control"):
        return "%s|%s|%s" % (kind, command, detail.split(" ")[0])
    if kind in ("csv-formula", "github-line", "ics-long-line", "ics-unparsable", "json-invalid", "sarif-invalid"):
        return "%s|%s" % (kind, command)
    return "%s|%s" % (kind, command)


# MARK: a case on disk

def write_case(folder, files):
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, "out"))
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def rules_in(result):
    text = (result["stdout"][:200000] + result["stderr"][:200000]).decode("utf-8", "replace")
    return frozenset(re.findall(r"\[([a-z][a-z-]+)\]\n", text) + re.findall(r'"rule" ?: ?"([a-z-]+)"', text)
                     + re.findall(r"title=pbl ([a-z-]+)", text))


def mutate_case(rng, base, seed_yaml, csvs):
    files = dict(base["files"])
    rounds = rng.choice([1, 1, 1, 2, 2, 3, 4])
    for _ in range(rounds):
        csv_names = [name for name in files if name.endswith(".csv")]
        if csv_names and rng.random() < 0.25:
            name = rng.choice(csv_names)
            files[name] = weighted(rng, CSV_MUTATIONS)(rng, files[name], csvs)
        else:
            files["project.yaml"] = weighted(rng, YAML_MUTATIONS)(rng, files["project.yaml"], seed_yaml)
    return files


# MARK: the worker

def worker(number, args, deadline, queue):
    rng = random.Random((args.rng or int(time.time())) * 1000 + number)
    seeds, csvs = load_seeds(args.repo)
    seed_yaml = [case["files"]["project.yaml"] for case in seeds]
    corpus = list(seeds)           # grows with inputs that find new combinations of rules
    usable = []                    # inputs that validate clean: they reach the renderers
    seen_rules = set()
    folder = os.path.join(args.work, "w%d" % number)
    stats = {"runs": 0, "cases": 0, "by_command": {}, "findings": {}, "seconds": 0.0}
    started = time.monotonic()
    while time.monotonic() < deadline:
        pool = usable if usable and rng.random() < 0.4 else corpus
        base = rng.choice(pool)
        files = mutate_case(rng, base, seed_yaml, csvs)
        if sum(len(data) for data in files.values()) > (17 << 20):
            continue
        stats["cases"] += 1
        validated = None
        for step in range(2):
            if time.monotonic() >= deadline:
                break
            write_case(folder, files)
            if step == 0:
                argv, info = choose_command(rng, files, usable=False)
                if info["kind"] != "validate":
                    argv, info = ["validate", "project.yaml"], {"kind": "validate", "format": "human", "output": None}
            else:
                if validated != 0 and rng.random() > 0.15:
                    break
                argv, info = choose_command(rng, files, usable=True)
                if info["kind"] == "validate":
                    break
            result = run_pbl(args.pbl, argv, folder)
            stats["runs"] += 1
            key = info["kind"] + ":" + info["format"]
            stats["by_command"][key] = stats["by_command"].get(key, 0) + 1
            problems = findings_for(result, argv, info, folder, rng)
            if problems and any(kind == "slow" for kind, _ in problems):
                again = run_pbl(args.pbl, argv, folder)  # the machine may just have been busy
                stats["runs"] += 1
                if again["seconds"] <= SLOW and not again["timed_out"]:
                    problems = [p for p in problems if p[0] != "slow"]
            for kind, detail in problems:
                record(args.out, kind, detail, info, argv, files, result, stats)
            if step == 0:
                validated = result["code"]
                rules = rules_in(result)
                if rules not in seen_rules and len(corpus) < 2000:
                    seen_rules.add(rules)
                    corpus.append({"name": "mutant", "files": files})
                if result["code"] == 0 and len(usable) < 500:
                    usable.append({"name": "usable", "files": files})
    stats["seconds"] = time.monotonic() - started
    shutil.rmtree(folder, ignore_errors=True)
    queue.put(stats)


def record(out, kind, detail, info, argv, files, result, stats):
    sig = signature(kind, detail, info)
    digest = hashlib.sha1(sig.encode()).hexdigest()[:10]
    stats["findings"][sig] = stats["findings"].get(sig, 0) + 1
    folder = os.path.join(out, "findings", "%s-%s" % (kind, digest))
    try:
        os.makedirs(folder)
    except FileExistsError:
        return
    case = os.path.join(folder, "case")
    os.makedirs(case)
    for name, data in files.items():
        with open(os.path.join(case, name), "wb") as f:
            f.write(data)
    with open(os.path.join(folder, "finding.json"), "w") as f:
        json.dump({"signature": sig, "kind": kind, "detail": detail, "info": info, "argv": argv,
                   "exit": result["code"], "seconds": round(result["seconds"], 3), "rss_mb": result["rss"] >> 20,
                   "stderr": result["stderr"][:2000].decode("utf-8", "replace")}, f, indent=2)


# MARK: minimizing

def reproduces(args, finding, files, scratch):
    write_case(scratch, files)
    info = finding["info"]
    result = run_pbl(args.pbl, finding["argv"], scratch,
                     timeout=HARD_TIMEOUT if finding["kind"] in ("timeout", "slow") else 8.0)
    rng = random.Random(0)
    for kind, detail in findings_for(result, finding["argv"], info, scratch, rng):
        if kind == "slow" or kind == "timeout":
            if finding["kind"] in ("slow", "timeout"):
                return True
            continue
        if signature(kind, detail, info) == finding["signature"]:
            return True
    return False


def ddmin(units, test, deadline):
    """Delta debugging: the smallest list of units (lines or bytes) that still fails."""
    granularity = 2
    while len(units) >= 2 and time.monotonic() < deadline:
        size = max(1, len(units) // granularity)
        reduced = False
        start = 0
        while start < len(units) and time.monotonic() < deadline:
            candidate = units[:start] + units[start + size:]
            if candidate and test(candidate):
                units = candidate
                granularity = max(granularity - 1, 2)
                reduced = True
            else:
                start += size
        if not reduced:
            if size == 1:
                break
            granularity = min(granularity * 2, len(units))
    return units


def minimize(args, folder, budget):
    with open(os.path.join(folder, "finding.json")) as f:
        finding = json.load(f)
    case = os.path.join(folder, "case")
    files = {name: open(os.path.join(case, name), "rb").read() for name in sorted(os.listdir(case))}
    scratch = tempfile.mkdtemp(prefix="pbl-fuzz-min-", dir=args.work)
    deadline = time.monotonic() + (budget * 3 if finding["kind"] in ("slow", "timeout") else budget)
    tests = [0]

    def test(candidate_files):
        tests[0] += 1
        return reproduces(args, finding, candidate_files, scratch)

    if not test(files):
        finding["minimized"] = "did not reproduce"
    else:
        # Files the command does not need go first, then lines, then bytes of what is left.
        for name in [n for n in files if n != "project.yaml"]:
            without = {k: v for k, v in files.items() if k != name}
            if test(without):
                files = without
        for name in list(files):
            for split in ("lines", "bytes"):
                if split == "lines":
                    units = files[name].split(b"\n")
                    join = b"\n".join
                else:
                    if len(files[name]) > 4096:
                        continue
                    units = [bytes([b]) for b in files[name]]
                    join = b"".join

                def keeps(candidate, name=name, join=join):
                    return test({**files, name: join(candidate)})

                files[name] = join(ddmin(units, keeps, deadline))
        finding["minimized"] = "%d tests" % tests[0]
    minimal = os.path.join(folder, "min")
    if os.path.exists(minimal):
        shutil.rmtree(minimal)
    os.makedirs(minimal)
    for name, data in files.items():
        with open(os.path.join(minimal, name), "wb") as f:
            f.write(data)
    finding["min_bytes"] = {name: len(data) for name, data in files.items()}
    with open(os.path.join(folder, "finding.json"), "w") as f:
        json.dump(finding, f, indent=2)
    with open(os.path.join(folder, "repro.sh"), "w") as f:
        f.write("#!/bin/sh\n# %s\n# %s\ncd \"$(dirname \"$0\")/min\" && mkdir -p out && exec \"${PBL:-pbl}\" %s\n"
                % (finding["signature"], finding["detail"][:200].replace("\n", " "),
                   " ".join("'%s'" % a.replace("'", "'\\''") for a in finding["argv"])))
    os.chmod(os.path.join(folder, "repro.sh"), 0o755)
    shutil.rmtree(scratch, ignore_errors=True)
    return finding


# MARK: main

def minimize_all(args, summary):
    """Minimizes every finding of `summary` not minimized yet, and notes the sizes."""
    started = time.monotonic()
    args.work = tempfile.mkdtemp(prefix="pbl-fuzz-")
    for entry in summary["findings"]:
        folder = os.path.join(args.out, entry["folder"])
        with open(os.path.join(folder, "finding.json")) as f:
            finding = json.load(f)
        if "minimized" not in finding:
            log("minimizing %s" % entry["signature"])
            finding = minimize(args, folder, args.minimize_seconds)
        entry["min_bytes"] = finding.get("min_bytes")
        entry["minimized"] = finding.get("minimized")
    shutil.rmtree(args.work, ignore_errors=True)
    summary["minimize_seconds"] = round(time.monotonic() - started, 1)


def log(message):
    print("driver: " + message, file=sys.stderr, flush=True)


def fuzz(args):
    os.makedirs(os.path.join(args.out, "findings"), exist_ok=True)
    args.work = tempfile.mkdtemp(prefix="pbl-fuzz-")
    started = time.monotonic()
    deadline = started + args.seconds
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=worker, args=(n, args, deadline, queue)) for n in range(args.jobs)]
    for process in workers:
        process.start()
    results = [queue.get() for _ in workers]
    for process in workers:
        process.join()
    fuzz_seconds = time.monotonic() - started
    shutil.rmtree(args.work, ignore_errors=True)

    runs = sum(r["runs"] for r in results)
    cases = sum(r["cases"] for r in results)
    by_command, counts = {}, {}
    for r in results:
        for key, value in r["by_command"].items():
            by_command[key] = by_command.get(key, 0) + value
        for key, value in r["findings"].items():
            counts[key] = counts.get(key, 0) + value
    findings = []
    for folder in sorted(glob.glob(os.path.join(args.out, "findings", "*"))):
        with open(os.path.join(folder, "finding.json")) as f:
            finding = json.load(f)
        if finding["signature"] in counts:
            findings.append({"kind": finding["kind"], "signature": finding["signature"], "detail": finding["detail"],
                             "argv": finding["argv"], "count": counts[finding["signature"]],
                             "folder": os.path.relpath(folder, args.out)})
    by_kind = {}
    for finding in findings:
        by_kind[finding["kind"]] = by_kind.get(finding["kind"], 0) + 1
    return {"engine": "driver", "runs": runs, "cases": cases, "seconds": round(fuzz_seconds, 1),
            "runs_per_second": round(runs / fuzz_seconds, 1) if fuzz_seconds else 0, "jobs": args.jobs,
            "by_command": dict(sorted(by_command.items())), "distinct_findings": len(findings),
            "findings_by_kind": by_kind, "findings": findings}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pbl", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--rng", type=int, default=0)
    parser.add_argument("--minimize-seconds", type=float, default=60, help="per finding")
    parser.add_argument("--no-minimize", action="store_true", help="fuzz only")
    parser.add_argument("--minimize-only", action="store_true", help="minimize the findings of the last summary.json")
    args = parser.parse_args()
    args.pbl = os.path.abspath(args.pbl)
    args.out = os.path.abspath(args.out)
    summary_path = os.path.join(args.out, "summary.json")
    if args.minimize_only:
        summary = json.load(open(summary_path))
    else:
        summary = fuzz(args)
        print("driver: %d runs (%d cases) in %.0f s, %.1f runs/s, %d distinct findings"
              % (summary["runs"], summary["cases"], summary["seconds"], summary["runs_per_second"],
                 summary["distinct_findings"]), file=sys.stderr)
    if not args.no_minimize:
        minimize_all(args, summary)
    with open(summary_path, "w") as f:
        json.dump(summary, f, indent=2)
    for finding in summary["findings"]:
        print("  %s  x%d  %s" % (finding["signature"], finding["count"], finding["folder"]), file=sys.stderr)


if __name__ == "__main__":
    main()
