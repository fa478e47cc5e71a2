#!/usr/bin/env python3
"""Mutation fuzzer over the pbl release binary (see fuzz/README.md).

Mutates the repository's example projects and rosters (bytes, lines, and YAML- and
CSV-aware edits), runs `pbl` subcommands on them under time and memory limits, and keeps
each distinct failure with its smallest reproducer:

    driver.py --pbl BIN --repo ROOT --out DIR --seconds S [--jobs N] [--rng SEED]

Only the Python standard library (icalendar and qpdf are used when present).
"""
import argparse
import glob
import hashlib
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import FILE_LIMIT, HARD_TIMEOUT, MEMORY_LIMIT, READ_CAP, SLOW, findings_for, signature  # noqa: E402
from mutations import CSV_GENTLE, CSV_MUTATIONS, YAML_GENTLE, YAML_MUTATIONS, weighted  # noqa: E402


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


def mutate_case(rng, base, seed_yaml, csvs, gentle):
    files = dict(base["files"])
    rounds = rng.choice([1, 1, 1, 2, 2, 3, 4])
    yaml_table, csv_table = (YAML_GENTLE, CSV_GENTLE) if gentle else (YAML_MUTATIONS, CSV_MUTATIONS)
    for _ in range(rounds):
        csv_names = [name for name in files if name.endswith(".csv")]
        if csv_names and rng.random() < 0.25:
            name = rng.choice(csv_names)
            files[name] = weighted(rng, csv_table)(rng, files[name], csvs)
        else:
            files["project.yaml"] = weighted(rng, yaml_table)(rng, files["project.yaml"], seed_yaml)
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

    def run(argv, info, files):
        result = run_pbl(args.pbl, argv, folder)
        stats["runs"] += 1
        key = info["kind"] + ":" + info["format"]
        stats["by_command"][key] = stats["by_command"].get(key, 0) + 1
        problems = findings_for(result, argv, info, folder, rng)
        if any(kind == "slow" for kind, _ in problems):
            again = run_pbl(args.pbl, argv, folder)  # the machine may just have been busy
            stats["runs"] += 1
            if again["seconds"] <= SLOW and not again["timed_out"]:
                problems = [p for p in problems if p[0] != "slow"]
        for kind, detail in problems:
            record(args.out, kind, detail, info, argv, files, result, stats)
        return result

    # The seeds that are clean projects start the pool of inputs that reach the renderers.
    for seed in seeds:
        write_case(folder, seed["files"])
        if run(["validate", "project.yaml"], {"kind": "validate", "format": "human", "output": None}, seed["files"])["code"] == 0:
            usable.append(seed)

    while time.monotonic() < deadline:
        from_usable = usable and rng.random() < 0.6
        base = rng.choice(usable if from_usable else corpus)
        files = mutate_case(rng, base, seed_yaml, csvs, gentle=from_usable and rng.random() < 0.7)
        if sum(len(data) for data in files.values()) > (17 << 20):
            continue
        stats["cases"] += 1
        write_case(folder, files)
        argv, info = choose_command(rng, files, usable=False)
        if info["kind"] != "validate":
            argv, info = ["validate", "project.yaml"], {"kind": "validate", "format": "human", "output": None}
        result = run(argv, info, files)
        rules = rules_in(result)
        if rules not in seen_rules and len(corpus) < 2000:
            seen_rules.add(rules)
            corpus.append({"name": "mutant", "files": files})
        clean = result["code"] == 0
        if clean and len(usable) < 1000:
            usable.append({"name": "usable", "files": files})
        # A clean input goes on to two printing commands; one with errors now and then to one.
        for _ in range(2 if clean else (1 if rng.random() < 0.1 else 0)):
            if time.monotonic() >= deadline:
                break
            argv, info = choose_command(rng, files, usable=True)
            while info["kind"] == "validate":
                argv, info = choose_command(rng, files, usable=True)
            write_case(folder, files)
            run(argv, info, files)
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
        # Options the failure does not need (never the format or the output, which the checks read).
        argv = finding["argv"]
        index = 2
        while index < len(argv) and time.monotonic() < deadline:
            if argv[index] in ("--format", "-o") or not argv[index].startswith("--"):
                index += 1
                continue
            width = 2 if index + 1 < len(argv) and not argv[index + 1].startswith("-") else 1
            finding["argv"] = argv[:index] + argv[index + width:]
            if test(files):
                argv = finding["argv"]
            else:
                index += width
        finding["argv"] = argv
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
        entry["argv"] = finding["argv"]
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
