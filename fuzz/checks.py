"""What counts as a finding in one run of pbl, for the driver (fuzz/driver.py): exit codes,
signals, time, memory, output size, leftover temporary files, and each output format's
own rules (terminal text, GitHub workflow commands, JSON, CSV, iCalendar, HTML, PDF)."""

import csv
import glob
import io
import json
import os
import re
import shutil
import signal
import subprocess

from mutations import MARKER

# MARK: limits and what counts as a finding

HARD_TIMEOUT = 15.0         # seconds: a run is killed here
SLOW = 5.0                  # seconds: a run this long is a finding (confirmed by a second run)
MEMORY_LIMIT = 4 << 30      # RLIMIT_AS: a hard stop, well above what is flagged
MEMORY_FLAG = 300 << 20     # peak RSS over this is a finding
FILE_LIMIT = 256 << 20      # RLIMIT_FSIZE: no runaway output fills the disk
OUTPUT_FLAG = 20 << 20      # bytes written (stdout, or files) over this is a finding
READ_CAP = OUTPUT_FLAG + 1  # bytes of an output read back: a longer one is a finding already,
                            # and its format is not checked (it was not read whole)
EXIT_CODES = {0, 1, 2, 3}

# MARK: checks

TERMINAL_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
DOCUMENT_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ufffe\uffff\ufdd0-\ufdef]")


def scalar_class(name):
    """U+XXXX as the class a finding is counted by: one fix covers a class."""
    try:
        value = int(name[2:], 16)
    except ValueError:
        return name
    if value < 0x20 or value == 0x7F:
        return "C0-control"
    if 0x80 <= value <= 0x9F:
        return "C1-control"
    if value in (0x2028, 0x2029):
        return "line-separator"
    if 0x202A <= value <= 0x202E or 0x2066 <= value <= 0x2069:
        return "bidi-control"
    if 0xFDD0 <= value <= 0xFDEF or (value & 0xFFFE) == 0xFFFE:
        return "noncharacter"
    return name


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
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")  # unfolded
    calendars = (lines.count("BEGIN:VCALENDAR"), lines.count("END:VCALENDAR"))
    if calendars != (1, 1):
        problems.append(("ics-structure", "%d BEGIN:VCALENDAR, %d END:VCALENDAR lines" % calendars))
    if lines.count("BEGIN:VEVENT") != lines.count("END:VEVENT"):
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
    elif code == -signal.SIGXFSZ:  # our RLIMIT_FSIZE: output, not a crash
        problems.append(("output-size", "a file reached RLIMIT_FSIZE (%d MB)" % (FILE_LIMIT >> 20)))
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
                if os.path.getsize(path) < READ_CAP:
                    with open(path, "rb") as f:
                        problems += check_document(fmt, f.read(), path, rng)
    if written > OUTPUT_FLAG and code != -signal.SIGXFSZ:
        problems.append(("output-size", "%d MB written" % (written >> 20)))
    leftovers = [] if result["timed_out"] else glob.glob(os.path.join(folder, "**", ".*.pbl-*.tmp"), recursive=True)
    for leftover in leftovers:
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
        if result["stdout_size"] < READ_CAP:
            problems += check_document(info["format"], result["stdout"], stdout_path, rng)
    if info["kind"] == "validate":
        fmt = info["format"]
        if fmt == "human":
            problems += check_text("control-in-stdout", result["stdout"], TERMINAL_BAD, "validate output")
        elif fmt == "github":
            problems += check_github(result["stdout"])
        elif fmt in ("json", "sarif") and result["stdout_size"] < READ_CAP:
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
        return "%s|%s|%s" % (kind, command, scalar_class(detail.split(" ")[0]))
    if kind in ("csv-formula", "github-line", "ics-long-line", "ics-unparsable", "json-invalid", "sarif-invalid"):
        return "%s|%s" % (kind, command)
    return "%s|%s" % (kind, command)


