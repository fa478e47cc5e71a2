"""Mutations of project files and roster CSVs for the driver (fuzz/driver.py): hostile
values, byte, line, YAML- and CSV-aware edits. Every mutation takes (rng, bytes, seeds)
and returns bytes."""

import re

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


TEXT_KEYS = {b"title", b"name", b"prompt", b"deliverable", b"evidence", b"audience", b"reason", b"driving_question",
             b"goal", b"goals", b"entry_event", b"support", b"product"}


def m_text_value(rng, data, seeds):
    """Hostile text in a value that is only text (a title, a name, a prompt), written as a
    double-quoted scalar, so the project stays clean and the text reaches every output."""
    places = []
    for match in FLOW_PAIR.finditer(data):
        if match.group(1) in TEXT_KEYS:
            places.append((match.start(2), match.end(2), match.group(2)))
    offset = 0
    for line in data.split(b"\n"):
        match = KEY_LINE.match(line)
        if match and match.group(2) in TEXT_KEYS and match.group(4) and match.group(4)[:1] not in (b"{", b"[", b"|", b">"):
            start = offset + match.start(4)
            places.append((start, offset + len(line), match.group(4)))
        offset += len(line) + 1
    if not places:
        return m_insert_text(rng, data, seeds)
    start, end, value = rng.choice(places)
    text = value.decode("utf-8", "replace").strip().strip("'\"")
    hostile = rng.choice(TEXTS) if rng.random() < 0.9 else rng.choice(["x", "é", "字"]) * rng.choice(LENGTHS[:4])
    cut = rng.randint(0, len(text))
    new = quoted(rng, text[:cut] + hostile + text[cut:])
    if not new.startswith('"'):
        new = '"' + new + '"'
    return data[:start] + new.encode("utf-8", "surrogatepass") + data[end:]


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
    (m_bytes, 6), (m_splice, 3), (m_truncate, 1), (m_text_value, 6),
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

# Edits that mostly leave a clean project clean, so that hostile text reaches the renderers.
YAML_GENTLE = [(m_text_value, 20), (m_insert_text, 2), (m_replace_flow_value, 2), (m_replace_value, 2), (m_repeat_item, 1),
               (m_anchors, 1), (m_line_endings, 1)]
CSV_GENTLE = [(c_cell, 10), (c_many, 1), (m_line_endings, 1)]


def weighted(rng, table):
    total = sum(weight for _, weight in table)
    roll = rng.uniform(0, total)
    for function, weight in table:
        roll -= weight
        if roll <= 0:
            return function
    return table[-1][0]


