#!/usr/bin/env python3
"""Diagnostics latency and memory of `pbl lsp` over a session of edits.

Writes a project of about 300 lines: the shipped example examples/mill-creek (its roster and
progress records with it) with four more cycles of the same class, checks it with
`pbl validate`, then starts `pbl lsp` on pipes, sends initialize and initialized, opens the
file (didOpen) and:

- checks that the server checks the buffer: a change that breaks the plan (a `day:` past its
  cycle) must publish a finding, and the next change (the plan whole again) none;
- latency: after --warmup untimed changes, times --edits changes sent back to back and
  --paced-edits changes each --pause-ms after the last publish (as someone typing: the
  server idles between changes), each from writing the didChange to reading the
  publishDiagnostics for the file;
- memory: sends --memory-edits more changes, reading the server's output all the time (at
  most --window changes in flight), and samples the server's VmRSS from /proc after 100,
  1,000 and 10,000 of them, each time once the publish for the last change has arrived.

Each change is the whole text (full sync), one small real edit, every text different from
every other: odd changes rename a milestone (`Sketch the poster, draft N`), even ones also
move another milestone's `day:` from 3 to 2, so the plan moves. Each message goes in one
write, when it is sent, as an editor sends it. Each publish says the version of the text it
is about; the server checks a change that has others waiting behind it together with them
(the last text), so a publish answers every change up to its version.

Prints one `key value` pair a line (times in milliseconds, memory in KiB):

    python3 bench/lsp.py --pbl .build/release/pbl -o bench/out/lsp

Only needs the Python standard library (and Linux's /proc for the memory).
"""

import argparse
import bisect
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "mill-creek")
PROJECT_NAME = "mill-creek.yaml"

# Inserted before the example's `groups:`: four more cycles of the same project, after the
# example's two, in the same style (the calendar has room for them before the exhibition).
EXTRA_CYCLES = """
  - id: model
    title: Model the watershed
    days: 5
    goal: Explain where the creek's water comes from and what it carries.
    milestones:
      - id: watershed-map
        title: Map of the watershed
        day: 1
        kind: inquiry
        after: [data-check]
        deliverable: A labelled map of the streets, farms and drains that feed the creek
        standards: [MS-ESS3-3]
      - id: expert-call
        title: Call with the county water engineer
        day: 1
        kind: event
        after: [need-to-know]
      - id: runoff-model
        title: Runoff model in a tray
        day: 2
        kind: work
        after: [watershed-map]
        choices:
          - id: rain
            title: Model a storm on the tray
          - id: drain
            title: Trace a storm drain on the map
        evidence: Photos of the model before and after the storm, with notes
        standards: [MS-ESS3-3]
      - id: model-critique
        title: Critique the models with the other group
        day: 3
        kind: critique
        after: [runoff-model]
      - id: model-check
        title: "Checkpoint: what the model shows"
        day: 4
        kind: checkpoint
        after: [model-critique]
        evidence: A paragraph linking the model to two of our sampling sites
        standards: [MS-ESS3-3, W.7.1]
    reflection:
      - prompt: What does the model explain about our data, and what does it leave out?

  - id: design
    title: Design the poster
    days: 5
    goal: Turn the argument into a poster families will stop and read.
    milestones:
      - id: poster-sketch
        title: Sketch the poster
        day: 1
        kind: work
        after: [revision]
        deliverable: Two sketches of the poster, each with its headline and one chart
        standards: [W.7.1]
      - id: chart-choice
        title: Choose the chart for the data
        day: 2
        kind: inquiry
        after: [poster-sketch]
        choices:
          - id: bars
            title: A bar chart by sampling site
          - id: timeline
            title: A timeline of the readings
      - id: poster-critique
        title: Gallery walk on the sketches
        day: 3
        kind: critique
        after: [chart-choice]
      - id: poster-revision
        title: Revise the poster
        day: 4
        kind: revision
        after: [poster-critique]
        standards: [W.7.1]
        rubric: argument
    reflection:
      - prompt: What did a reader from the other group miss on your first sketch?

  - id: present
    title: Tell the town
    days: 5
    goal: Present the report and the poster to the council and the families.
    milestones:
      - id: talk-outline
        title: Outline the council talk
        day: 1
        kind: work
        after: [rehearsal]
        deliverable: A one-page outline, each part with who speaks and for how long
        standards: [SL.7.4]
      - id: practice-round
        title: Practice round in front of another class
        day: 2
        kind: presentation
        after: [talk-outline]
        standards: [SL.7.4]
        rubric: presenting
      - id: questions-prep
        title: Prepare for the council's questions
        day: 3
        kind: work
        after: [practice-round]
        deliverable: Ten likely questions, each with the data that answers it
        standards: [W.7.1, SL.7.4]
      - id: final-check
        title: "Checkpoint: report, poster and talk ready"
        day: 4
        kind: checkpoint
        after: [questions-prep, poster-revision]
        evidence: The printed report, the poster and the talk's note cards
      - id: council-visit
        title: Present at the council meeting
        day: 5
        kind: presentation
        after: [final-check]
        standards: [SL.7.4]
        rubric: presenting
    reflection:
      - prompt: What did the council ask that our data could not answer yet?

  - id: next-steps
    title: Next steps for the creek
    days: 4
    goal: Decide with the town what to measure next year, and hand it on.
    milestones:
      - id: feedback-survey
        title: Survey the families at the exhibition
        day: 1
        kind: inquiry
        after: [council-visit]
        deliverable: A short survey and a tally of the answers
      - id: handover-letter
        title: Letter to next year's class
        day: 3
        kind: work
        after: [feedback-survey]
        deliverable: A letter saying what we measured, what we found and what is left to find out
        standards: [W.7.1]
      - id: data-archive
        title: Archive the data set for the town
        day: 3
        kind: work
        after: [feedback-survey]
        deliverable: The cleaned data table, with a note on how and where each sample was taken
        standards: [MS-ESS3-3]
    reflection:
      - prompt: What would you tell next year's class to do first?
"""

# The two places the edits change, each once in the project.
TITLE = "        title: Sketch the poster\n"
DAY = "        title: Letter to next year's class\n        day: 3\n"

SAMPLES = (100, 1_000, 10_000)


def die(message):
    print(f"bench/lsp.py: {message}", file=sys.stderr)
    sys.exit(2)


def write_project(out):
    """Copies the example to OUT/mill-creek and grows it; returns the project's path."""
    folder = os.path.join(out, "mill-creek")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(EXAMPLE, folder)
    path = os.path.join(folder, PROJECT_NAME)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    at = text.find("\ngroups:")
    if at < 0:
        die(f"no `groups:` in {EXAMPLE}/{PROJECT_NAME} to put the extra cycles before")
    text = text[:at] + EXTRA_CYCLES.rstrip("\n") + "\n" + text[at:]
    for anchor in (TITLE, DAY):
        if text.count(anchor) != 1:
            die(f"the edited line {anchor.strip()!r} is not once in the project")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path, text


def edited(text, n):
    """The buffer after change n (1, 2, ...): no two n give the same text."""
    # Odd n: the title carries n. Even n: the title of n - 1 and the day moved to 2.
    draft = n if n % 2 else n - 1
    text = text.replace(TITLE, TITLE[:-1] + f", draft {draft}\n")
    if n % 2 == 0:
        text = text.replace(DAY, DAY.replace("day: 3", "day: 2"))
    return text


def proc_status(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])  # kB
    return values


def cpu_ms(pid):
    """User plus system CPU time of the process so far, in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


class Server:
    """`pbl lsp` on pipes; a thread reads its output from the start to the end."""

    def __init__(self, pbl, uri, stderr):
        self.uri = uri
        self.process = subprocess.Popen([pbl, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
        self.lock = threading.Condition()
        self.publishes = 0          # publishDiagnostics for self.uri so far
        self.version = -1           # the latest version of the text they were about
        self.arrived_versions = []  # the version each of them was about (never decreasing)
        self.arrived = []           # perf_counter_ns of each of them
        self.findings = 0           # diagnostics in the last of them
        self.other_findings = 0     # diagnostics published for other files (the roster)
        self.responses = {}
        self.said = []              # the server's window/logMessage texts
        self.ended = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.stdin = self.process.stdin.fileno()
        self.next_id = 0

    def _read(self):
        fd = self.process.stdout.fileno()
        buffer = b""
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            buffer += chunk
            while True:
                head_end = buffer.find(b"\r\n\r\n")
                if head_end < 0:
                    break
                length = None
                for line in buffer[:head_end].split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is None:
                    raise RuntimeError("a message from the server without Content-Length")
                if len(buffer) < head_end + 4 + length:
                    break
                body = buffer[head_end + 4:head_end + 4 + length]
                buffer = buffer[head_end + 4 + length:]
                self._received(json.loads(body), time.perf_counter_ns())
        with self.lock:
            self.ended = True
            self.lock.notify_all()

    def _received(self, message, now):
        with self.lock:
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == self.uri:
                    self.publishes += 1
                    self.version = max(self.version, params.get("version", -1))
                    self.arrived_versions.append(params.get("version", -1))
                    self.arrived.append(now)
                    self.findings = len(params["diagnostics"])
                else:
                    self.other_findings += len(params["diagnostics"])
            elif message.get("method") in ("window/logMessage", "window/showMessage"):
                self.said.append(str(message.get("params", {}).get("message", "")))
            elif "id" in message and "method" not in message:
                self.responses[message["id"]] = message
            self.lock.notify_all()

    def _last_words(self):
        return f" (exit status {self.process.wait()}; it said: {self.said[-1]})" if self.said else ""

    def send(self, message):
        # One message, one write, when the editor sends it (not batched with the next ones).
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        data = memoryview(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        while data:
            data = data[os.write(self.stdin, data):]

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        with self.lock:
            if not self.lock.wait_for(lambda: self.next_id in self.responses or self.ended, timeout=60):
                die(f"no answer to {method} in 60 s")
            if self.ended and self.next_id not in self.responses:
                die(f"the server ended before answering {method}{self._last_words()}")
            return self.responses.pop(self.next_id)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_version(self, version):
        """When the first publish about `version` of the text or a later one arrived."""
        with self.lock:
            if not self.lock.wait_for(lambda: self.version >= version or self.ended, timeout=60):
                die(f"no publish for version {version} in 60 s (the latest was for {self.version})")
            if self.version < version:
                die(f"the server ended at version {self.version}, waiting for {version}{self._last_words()}")
            return self.arrived[bisect.bisect_left(self.arrived_versions, version)]

    def change(self, version, text):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": version},
            "contentChanges": [{"text": text}],
        })


def percentile(sorted_values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def summary(values):
    values = sorted(values)
    return {"median": percentile(values, 50), "p90": percentile(values, 90), "max": values[-1], "min": values[0]}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pbl", required=True, help="the pbl binary")
    parser.add_argument("-o", "--output", required=True, help="folder to write the project and the server's log to")
    parser.add_argument("--warmup", type=int, default=20, help="untimed changes first (default 20)")
    parser.add_argument("--edits", type=int, default=300, help="timed changes back to back (default 300)")
    parser.add_argument("--paced-edits", type=int, default=100, help="timed changes with a pause before each (default 100)")
    parser.add_argument("--pause-ms", type=float, default=50, help="the pause (default 50 ms)")
    parser.add_argument("--memory-edits", type=int, default=SAMPLES[-1], help="changes for the memory samples (default 10000)")
    parser.add_argument("--window", type=int, default=8, help="changes in flight in the memory run (default 8)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        die("needs Linux (/proc) for the server's memory")
    if args.edits < 1 or args.paced_edits < 1 or args.window < 1:
        die("--edits, --paced-edits and --window take a number over 0")

    os.makedirs(args.output, exist_ok=True)
    path, text = write_project(args.output)
    check = subprocess.run([args.pbl, "validate", path], capture_output=True, text=True)
    if check.returncode != 0 or "no problems" not in check.stdout:
        die(f"pbl validate found problems in {path}:\n{check.stdout}{check.stderr}")
    if any(c in path for c in " %?#") or not path.isascii():
        die(f"the output folder needs a plain path (nothing to percent-encode): {path}")
    uri = "file://" + urllib.parse.quote(os.path.abspath(path))

    started = time.perf_counter()
    log_path = os.path.join(args.output, "server.log")
    with open(log_path, "wb") as log:
        server = Server(args.pbl, uri, log)
        pid = server.process.pid
        server.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
        server.notify("initialized", {})
        rss_start = proc_status(pid)["VmRSS"]

        sent = time.perf_counter_ns()
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 0, "text": text}})
        open_ms = (server.wait_version(0) - sent) / 1e6
        if server.findings:
            die(f"the server found {server.findings} problems in the opened project, pbl validate none")
        rss_open = proc_status(pid)["VmRSS"]

        version = 0

        def change(body):
            """Sends the change and waits for its publish; returns the latency in ms."""
            nonlocal version
            version += 1
            sent = time.perf_counter_ns()
            server.change(version, body)
            return (server.wait_version(version) - sent) / 1e6

        # The buffer is what is checked: a broken plan is found, and then the fix.
        change(text.replace(DAY, DAY.replace("day: 3", "day: 9")))
        if server.findings < 1:
            die("a `day:` past its cycle's days published no finding: is the buffer checked?")
        change(edited(text, version + 1))
        if server.findings:
            die(f"the plan whole again still published {server.findings} findings")

        for _ in range(args.warmup):
            change(edited(text, version + 1))
        cpu_before = cpu_ms(pid)
        back_to_back = [change(edited(text, version + 1)) for _ in range(args.edits)]
        cpu_per_edit = (cpu_ms(pid) - cpu_before) / args.edits
        paced = []
        for _ in range(args.paced_edits):
            time.sleep(args.pause_ms / 1000)
            paced.append(change(edited(text, version + 1)))
        latency_findings = server.findings

        # Memory: many changes, the output read throughout, at most `window` in flight.
        samples = {}
        publishes_before = server.publishes
        memory_started = time.perf_counter()
        for n in range(1, args.memory_edits + 1):
            version += 1
            server.change(version, edited(text, version))
            if n in SAMPLES:
                server.wait_version(version)
                samples[n] = proc_status(pid)["VmRSS"]
            elif n > args.window:
                server.wait_version(version - args.window)
        server.wait_version(version)
        memory_s = time.perf_counter() - memory_started
        memory_checks = server.publishes - publishes_before
        status = proc_status(pid)

        answer = server.request("shutdown", None)
        if "error" in answer:
            die(f"shutdown failed: {answer['error']}")
        server.notify("exit", None)
        server.process.stdin.close()
        code = server.process.wait(timeout=30)
        server.reader.join(timeout=30)
    total_s = time.perf_counter() - started

    burst, typing = summary(back_to_back), summary(paced)
    out = [
        ("project", os.path.relpath(path, ROOT)),
        ("lines", text.count("\n")),
        ("bytes", len(text.encode("utf-8"))),
        ("open_ms", f"{open_ms:.3f}"),
        ("edits", len(paced)),
        ("pause_ms", f"{args.pause_ms:g}"),
    ]
    out += [(f"latency_{key}_ms", f"{typing[key]:.3f}") for key in ("median", "p90", "max", "min")]
    out += [("back_to_back_edits", len(back_to_back))]
    out += [(f"back_to_back_{key}_ms", f"{burst[key]:.3f}") for key in ("median", "p90", "max", "min")]
    out += [
        ("server_cpu_ms_per_edit", f"{cpu_per_edit:.3f}"),
        ("findings", latency_findings),
        ("memory_edits", args.memory_edits),
        ("memory_edits_per_s", f"{args.memory_edits / memory_s:.0f}"),
        # Changes that arrived with others waiting were checked together, as the last text.
        ("memory_checks", memory_checks),
        ("rss_kb_start", rss_start),
        ("rss_kb_open", rss_open),
    ]
    out += [(f"rss_kb_{n}", samples[n]) for n in SAMPLES if n in samples]
    out += [
        ("rss_kb_end", status["VmRSS"]),
        ("hwm_kb", status["VmHWM"]),
        ("findings_end", server.findings),
        ("findings_other_files", server.other_findings),
        ("changes", version),
        ("exit_code", code),
        ("seconds", f"{total_s:.1f}"),
    ]
    for key, value in out:
        print(key, value)
    if code != 0:
        die(f"pbl lsp exited with {code} after shutdown and exit (see {log_path})")


if __name__ == "__main__":
    main(sys.argv[1:])
