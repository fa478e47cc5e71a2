#!/usr/bin/env python3
"""One fuzzing session of scripts/fuzz: libFuzzer in process and the mutation driver over
the release binary, side by side for a fixed time, then each finding minimized and a
summary written (see fuzz/README.md).

    run.py --seconds S --jobs N --out DIR --repo ROOT --pbl BIN [--fuzzer BIN] [--engine both|libfuzzer|driver]
"""

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEPARATOR = b"\n#pbl-fuzz-roster\n"   # as in pbl-fuzz/Sources/pbl-fuzz-validate/FuzzValidate.swift

# YAML's own tokens; the format's keys come from the committed JSON Schema at run time.
YAML_TOKENS = ["pbl: 1", "<<: *a", "<<: [*a, *b]", "&a ", "*a", "&b ", "*b", "!override ", "!!str ", "!!int ",
               "!!binary ", "!!map ", "!!seq ", "!!null", "---", "...", "%YAML 1.2", "%TAG ! tag:x:", "? ", "- ",
               ": ", "{", "}", "[", "]", ", ", "|", ">-", "|+", "\"", "'", "#", "\\x00", "\\u202e", "\\U0010ffff",
               "\\ufffe", "\r\n", "\t", "\xef\xbb\xbf", "2024-02-29", "9999-12-31", "0001-01-01", "9223372036854775807",
               "1e309", ".inf", ".nan", "0x7f", "null", "~", "true", "yes", "no", "TODO:", "id,name,section,group",
               "extra_days", "choice:", "catalog: ", "Mon", "Tue", "Wed", "Thu", "Fri", "A", "B"]


def log(message):
    print("fuzz: " + message, file=sys.stderr, flush=True)


# MARK: libFuzzer

def seed_inputs(repo):
    """The examples as libFuzzer inputs: each YAML file, and once more followed by the
    roster beside it (the target writes that part to roster.csv)."""
    inputs = []
    paths = sorted(glob.glob(os.path.join(repo, "examples/**/*.yaml"), recursive=True)
                   + glob.glob(os.path.join(repo, "templates/projects/*.yaml")))
    for path in paths:
        data = open(path, "rb").read()
        inputs.append(data)
        for roster in sorted(glob.glob(os.path.join(os.path.dirname(path), "*.csv"))):
            inputs.append(data + SEPARATOR + open(roster, "rb").read())
    return inputs


def write_dictionary(repo, path):
    tokens = list(YAML_TOKENS)
    try:
        schema = json.load(open(os.path.join(repo, "schema/project.schema.json")))
    except (OSError, ValueError):
        schema = {}

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    tokens.extend(name + ": " for name in value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    with open(path, "w") as f:
        for token in dict.fromkeys(tokens):
            escaped = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else "\\x%02x" % b
                              for c in token for b in (c.encode("utf-8") if ord(c) >= 0x80 else [ord(c)]))
            f.write('"%s"\n' % escaped)


def fuzzer_env(work, repo):
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0:handle_abort=1:allocator_may_return_null=1"
    env["PBL_FUZZ_WORKDIR"] = work
    env["PBL_FUZZ_ROSTER"] = os.path.join(repo, "examples/mill-creek/roster.csv")
    env.pop("PBL_ROSTERS", None)
    return env


def run_libfuzzer(args, seconds, jobs, out):
    """Runs libFuzzer in fork mode (a crash or timeout does not end the session)."""
    folder = os.path.join(out, "libfuzzer")
    artifacts = os.path.join(folder, "artifacts")
    os.makedirs(artifacts, exist_ok=True)
    seeds = os.path.join(folder, "seeds")
    os.makedirs(seeds, exist_ok=True)
    for data in seed_inputs(args.repo):
        with open(os.path.join(seeds, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    corpus = os.path.join(os.path.dirname(out), "corpus")   # kept between sessions
    os.makedirs(corpus, exist_ok=True)
    dictionary = os.path.join(folder, "pbl.dict")
    write_dictionary(args.repo, dictionary)
    work = os.path.join(folder, "work")
    command = [args.fuzzer, "-fork=%d" % jobs, "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1",
               "-max_total_time=%d" % seconds, "-timeout=10", "-rss_limit_mb=2048", "-malloc_limit_mb=2048",
               "-max_len=131072", "-detect_leaks=0", "-dict=" + dictionary, "-artifact_prefix=" + artifacts + "/",
               corpus, seeds]
    log("libFuzzer: %d job(s) for %d s (log: %s)" % (jobs, seconds, os.path.join(folder, "log.txt")))
    started = time.monotonic()
    with open(os.path.join(folder, "log.txt"), "wb") as logfile:
        process = subprocess.Popen(command, stdout=logfile, stderr=subprocess.STDOUT, env=fuzzer_env(work, args.repo),
                                   cwd=folder)
    return process, started


def reproduce_artifact(args, path, folder):
    """One run of the fuzzer on one input: its signature (what failed and where)."""
    result = subprocess.run([args.fuzzer, "-runs=1", "-timeout=10", "-rss_limit_mb=2048", "-malloc_limit_mb=2048",
                             "-detect_leaks=0", path], capture_output=True, cwd=folder,
                            env=fuzzer_env(os.path.join(folder, "work"), args.repo), timeout=120)
    text = result.stderr.decode("utf-8", "replace")
    return result.returncode, text, artifact_signature(text)


def artifact_signature(text):
    invariant = re.search(r"pbl-fuzz: INVARIANT ([\w-]+)", text)
    if invariant:
        return "invariant-" + invariant.group(1), invariant.group(0) + text[invariant.end():invariant.end() + 300].split("\n")[0]
    fatal = re.search(r"(Fatal error|Swift runtime failure)[^\n]*", text)
    frame = first_pbl_frame(text)
    if fatal:
        message = re.sub(r"\d+", "N", fatal.group(0))[:160]
        return "crash", message + (" at " + frame if frame else "")
    asan = re.search(r"ERROR: AddressSanitizer: ([\w-]+)", text)
    if asan:
        return "asan-" + asan.group(1), asan.group(0) + (" at " + frame if frame else "")
    libfuzzer = re.search(r"ERROR: libFuzzer: ([\w-]+)", text)
    if libfuzzer:
        return libfuzzer.group(1), libfuzzer.group(0) + (" at " + frame if frame else "")
    deadly = re.search(r"==\d+== ERROR: libFuzzer: deadly signal", text)
    if deadly:
        return "deadly-signal", "deadly signal" + (" at " + frame if frame else "")
    return "unknown", text.strip().splitlines()[-1][:160] if text.strip() else "no output"


def first_pbl_frame(text):
    """The first stack frame in pbl's own sources (Sources/...:line), as file:function."""
    for match in re.finditer(r"#\d+ 0x[0-9a-f]+ in (\S+) (\S*/Sources/(?:YAMLTree|Planner)/[^\s:]+):\d+", text):
        symbol = match.group(1)
        demangled = symbol
        if shutil.which("swift-demangle"):
            try:
                demangled = subprocess.run(["swift-demangle", "-simplified", "-compact", symbol], capture_output=True,
                                           text=True, timeout=10).stdout.strip() or symbol
            except (OSError, subprocess.SubprocessError):
                pass
        return "%s (%s)" % (demangled[:120], match.group(2).split("/Sources/")[1])
    return ""


def collect_libfuzzer(args, out, seconds_budget):
    folder = os.path.join(out, "libfuzzer")
    artifacts = sorted(glob.glob(os.path.join(folder, "artifacts", "*")))
    findings = {}
    for path in artifacts:
        if os.path.basename(path).startswith("min-"):
            continue
        try:
            _, text, (kind, detail) = reproduce_artifact(args, path, folder)
        except subprocess.TimeoutExpired:
            kind, detail = "timeout", "over 120 s"
        if kind == "unknown" and os.path.basename(path).startswith(("timeout-", "slow-unit-")):
            kind, detail = "timeout", os.path.basename(path).split("-")[0]
        key = kind + "|" + detail
        entry = findings.setdefault(key, {"kind": kind, "detail": detail, "count": 0, "artifacts": []})
        entry["count"] += 1
        entry["artifacts"].append(path)
    results = []
    deadline = time.monotonic() + seconds_budget
    for key, entry in sorted(findings.items()):
        smallest = min(entry["artifacts"], key=os.path.getsize)
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        target = os.path.join(folder, "findings", "%s-%s" % (entry["kind"], digest))
        os.makedirs(target, exist_ok=True)
        shutil.copy(smallest, os.path.join(target, "input"))
        minimized = os.path.join(target, "min-input")
        budget = max(10, min(args.minimize_seconds, deadline - time.monotonic()))
        subprocess.run([args.fuzzer, "-minimize_crash=1", "-max_total_time=%d" % budget, "-timeout=10",
                        "-rss_limit_mb=2048", "-detect_leaks=0", "-exact_artifact_path=" + minimized, smallest],
                       capture_output=True, cwd=folder, env=fuzzer_env(os.path.join(folder, "work"), args.repo))
        if not os.path.exists(minimized):
            shutil.copy(smallest, minimized)
        # The minimized input must still fail the same way; else keep the original.
        try:
            _, text, signature = reproduce_artifact(args, minimized, folder)
        except subprocess.TimeoutExpired:
            signature = ("timeout", "")
        if signature[0] != entry["kind"]:
            shutil.copy(smallest, minimized)
            _, text, _ = reproduce_artifact(args, minimized, folder)
        with open(os.path.join(target, "report.txt"), "w") as f:
            f.write(text[-20000:])
        # As files for the CLI: project.yaml (and roster.csv), and whether `pbl validate` fails too.
        data = open(minimized, "rb").read()
        cli = os.path.join(target, "min")
        os.makedirs(cli, exist_ok=True)
        project, _, roster = data.partition(SEPARATOR)
        with open(os.path.join(cli, "project.yaml"), "wb") as f:
            f.write(project + (b"\n" if roster or SEPARATOR in data else b""))
        with open(os.path.join(cli, "roster.csv"), "wb") as f:
            f.write(roster if SEPARATOR in data else open(os.path.join(args.repo, "examples/mill-creek/roster.csv"), "rb").read())
        cli_result = "not run"
        if args.pbl:
            try:
                run = subprocess.run([args.pbl, "validate", "project.yaml"], cwd=cli, capture_output=True, timeout=30)
                cli_result = "exit %d" % run.returncode if run.returncode >= 0 else "signal %d" % -run.returncode
            except subprocess.TimeoutExpired:
                cli_result = "timeout"
        results.append({"signature": key, "kind": entry["kind"], "detail": entry["detail"], "count": entry["count"],
                        "folder": os.path.relpath(target, out), "min_bytes": os.path.getsize(minimized),
                        "cli_validate": cli_result})
    return results


def libfuzzer_stats(out):
    text = open(os.path.join(out, "libfuzzer", "log.txt"), "rb").read().decode("utf-8", "replace")
    runs = [int(m.group(1)) for m in re.finditer(r"^#(\d+):? ", text, re.M)]
    cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", text)
    return {"runs": max(runs) if runs else 0, "coverage": int(cov[-1][0]) if cov else 0,
            "features": int(cov[-1][1]) if cov else 0, "corpus": int(cov[-1][2]) if cov else 0}


# MARK: main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--pbl", required=True)
    parser.add_argument("--fuzzer")
    parser.add_argument("--engine", choices=["both", "libfuzzer", "driver"], default="both")
    parser.add_argument("--minimize-seconds", type=int, default=60)
    args = parser.parse_args()
    args.out, args.repo = os.path.abspath(args.out), os.path.abspath(args.repo)
    if args.engine != "driver" and not args.fuzzer:
        args.engine = "driver"
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()

    engines = ["libfuzzer", "driver"] if args.engine == "both" else [args.engine]
    if len(engines) == 2 and args.jobs >= 2:
        plan = [("together", args.seconds, {"libfuzzer": args.jobs // 2, "driver": args.jobs - args.jobs // 2})]
    else:
        share = args.seconds // len(engines)
        plan = [(engine, share, {engine: args.jobs}) for engine in engines]

    libfuzzer_seconds = driver_seconds = 0
    libfuzzer_jobs = 0
    for _, seconds, jobs in plan:
        process = None
        if "libfuzzer" in jobs:
            process, lf_started = run_libfuzzer(args, seconds, jobs["libfuzzer"], args.out)
            libfuzzer_jobs = jobs["libfuzzer"]
        if "driver" in jobs:
            log("driver: %d job(s) for %d s over %s" % (jobs["driver"], seconds, args.pbl))
            driver_started = time.monotonic()
            subprocess.run([sys.executable, os.path.join(HERE, "driver.py"), "--pbl", args.pbl, "--repo", args.repo,
                            "--out", os.path.join(args.out, "driver"), "--seconds", str(seconds), "--jobs",
                            str(jobs["driver"]), "--minimize-seconds", "0", "--no-minimize"], check=True)
            driver_seconds = time.monotonic() - driver_started
        if process:
            process.wait()
            libfuzzer_seconds = time.monotonic() - lf_started
    fuzz_seconds = time.monotonic() - started

    # Minimizing, after the fixed time.
    minimize_started = time.monotonic()
    summary = {"seconds": args.seconds, "fuzz_wall_seconds": round(fuzz_seconds, 1), "jobs": args.jobs, "engines": {}}
    if "driver" in engines:
        log("driver: minimizing findings")
        subprocess.run([sys.executable, os.path.join(HERE, "driver.py"), "--pbl", args.pbl, "--repo", args.repo,
                        "--out", os.path.join(args.out, "driver"), "--minimize-only",
                        "--minimize-seconds", str(args.minimize_seconds)], check=True)
        driver = json.load(open(os.path.join(args.out, "driver", "summary.json")))
        driver["seconds"] = round(driver_seconds, 1)
        summary["engines"]["driver"] = driver
    if "libfuzzer" in engines:
        log("libFuzzer: sorting and minimizing artifacts")
        stats = libfuzzer_stats(args.out)
        findings = collect_libfuzzer(args, args.out, max(60, args.seconds))
        by_kind = {}
        for finding in findings:
            by_kind[finding["kind"]] = by_kind.get(finding["kind"], 0) + 1
        summary["engines"]["libfuzzer"] = {
            "engine": "libfuzzer", "runs": stats["runs"], "seconds": round(libfuzzer_seconds, 1), "jobs": libfuzzer_jobs,
            "runs_per_second": round(stats["runs"] / libfuzzer_seconds, 1) if libfuzzer_seconds else 0,
            "coverage_edges": stats["coverage"], "features": stats["features"], "corpus": stats["corpus"],
            "distinct_findings": len(findings), "findings_by_kind": by_kind, "findings": findings}
    summary["minimize_seconds"] = round(time.monotonic() - minimize_started, 1)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    text = render_summary(summary)
    with open(os.path.join(args.out, "summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


def render_summary(summary):
    lines = ["pbl fuzz session: %d s asked, %.0f s fuzzing, %.0f s minimizing, %d job(s)"
             % (summary["seconds"], summary["fuzz_wall_seconds"], summary["minimize_seconds"], summary["jobs"])]
    total_runs = 0
    total_findings = 0
    for name, engine in summary["engines"].items():
        total_runs += engine["runs"]
        total_findings += engine["distinct_findings"]
        extra = ""
        if name == "libfuzzer":
            extra = ", %d coverage edges, corpus %d" % (engine["coverage_edges"], engine["corpus"])
        else:
            extra = ", %d cases" % engine["cases"]
        lines.append("%s: %d runs in %.0f s with %d job(s): %.1f runs/s%s; %d distinct findings %s"
                     % (name, engine["runs"], engine["seconds"], engine["jobs"], engine["runs_per_second"], extra,
                        engine["distinct_findings"], json.dumps(engine["findings_by_kind"], sort_keys=True)))
        for finding in engine["findings"]:
            size = finding.get("min_bytes")
            if isinstance(size, dict):
                size = "+".join("%s %d B" % (k, v) for k, v in size.items())
            else:
                size = "%s B" % size
            where = " ".join(finding["argv"]) if finding.get("argv") else "in process (pbl validate: %s)" % finding.get("cli_validate")
            lines.append("  [%s] x%d %s\n      %s\n      reproducer: %s (%s)"
                         % (finding["kind"] if "kind" in finding else finding["signature"].split("|")[0], finding["count"],
                            finding["signature"], finding["detail"][:300].replace("\n", " "), finding["folder"], size)
                         + ("\n      command: pbl " + where if finding.get("argv") else "\n      " + where))
    lines.append("total: %d runs, %d distinct findings" % (total_runs, total_findings))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
