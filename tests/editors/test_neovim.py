"""`pbl lsp` in a real editor: headless Neovim with its built-in LSP client (nvim/init.lua)
opens a copy of an example with a planted mistake, waits for the diagnostics, writes what
`vim.diagnostic.get` holds as JSON and quits; the test compares that with `pbl validate
--format json`. With PBL_NVIM_FIX set, Neovim also asks for the first diagnostic's code
actions, applies the preferred one with its own `apply_workspace_edit`, and records what the
server says of the edited buffer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PBL, SEVERITY, copy_example, missing, read, validate

INIT = Path(__file__).parent / "nvim" / "init.lua"
NVIM = shutil.which("nvim")
if NVIM is None:
    missing("Neovim (nvim)", "apt-get install neovim")

_version = re.search(r"NVIM v(\d+)\.(\d+)\.(\d+)", subprocess.run([NVIM, "--version"], capture_output=True,
                                                                 text=True, timeout=30).stdout)
NVIM_VERSION = tuple(int(n) for n in _version.groups()) if _version else (0, 0, 0)
# vim.diagnostic and the LSP client's start_client/buf_attach_client are there from 0.7 (Debian
# 12 ships 0.7.2); init.lua uses vim.lsp.start where there is one (0.8 and later).
if NVIM_VERSION < (0, 7, 0):
    missing(f"Neovim 0.7 or later (this is {'.'.join(map(str, NVIM_VERSION))})", "apt-get install neovim")


@pytest.fixture
def scratch(tmp_path_factory) -> Path:
    """Where Neovim's report, log and state go: beside the project, not in it."""
    return tmp_path_factory.mktemp("nvim")


def run_nvim(folder: Path, file: str, scratch: Path, *, fix: bool = False, binary: Path = PBL,
             timeout_ms: int = 10_000):
    """Runs headless Neovim on folder/file (in folder, as an editor opened there, and as the
    tests run `pbl validate`); returns its exit status and the report init.lua wrote."""
    out = scratch / "report.json"
    state = scratch / "state"
    env = {**os.environ, "PBL_BINARY": str(binary), "PBL_NVIM_OUT": str(out), "PBL_NVIM_TIMEOUT_MS": str(timeout_ms),
           # Neovim's LSP log and state go here, not to the user's home.
           "XDG_CACHE_HOME": str(state), "XDG_STATE_HOME": str(state), "XDG_DATA_HOME": str(state)}
    env.pop("PBL_NVIM_FIX", None)
    if fix:
        env["PBL_NVIM_FIX"] = "1"
    result = subprocess.run([NVIM, "--headless", "--clean", "-n", "-i", "NONE", "-u", str(INIT), file],
                            cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=timeout_ms / 1000 + 30)
    assert out.exists(), f"nvim wrote no report (exit {result.returncode}): {result.stdout}{result.stderr}"
    return result.returncode, json.loads(out.read_text())


def codepoints(line: str, byte_col: int) -> int:
    """Neovim counts columns in bytes of the line; pbl in code points."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8"))


def as_pbl(diagnostics: list[dict], text: str) -> list[tuple]:
    """Neovim's diagnostics (0-based, byte columns) as pbl's (1-based, code points)."""
    lines = text.split("\n")
    return sorted((d["lnum"] + 1, codepoints(lines[d["lnum"]], d["col"]) + 1,
                   d["end_lnum"] + 1, codepoints(lines[d["end_lnum"]], d["end_col"]) + 1,
                   d["code"], d["severity"], d["message"]) for d in diagnostics)


def from_validate(path: Path) -> list[tuple]:
    """`pbl validate --format json`'s findings in that file, in the same shape."""
    return sorted((f["line"], f["column"], f["end_line"], f["end_column"], f["rule"], SEVERITY[f["severity"]],
                   f["message"] + (f"\nhelp: {f['help']}" if f.get("help") else ""))
                  for f in validate(path) if Path(f["file"]) == path.resolve())


def plant(path: Path, old: str, new: str):
    text = read(path)
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mill_creek_with_a_dangling_after_shows_what_validate_says(tmp_path, scratch):
    folder = copy_example(tmp_path, "mill-creek")
    project = folder / "mill-creek.yaml"
    plant(project, "after: [need-to-know]", "after: [need-to-knw]")
    status, report = run_nvim(folder, project.name, scratch)
    assert status == 0 and report["status"] == "ok", report
    got = as_pbl(report["diagnostics"], read(project))
    assert got == from_validate(project)
    line = read(project).split("\n").index("        after: [need-to-knw]") + 1
    assert got == [(line, 17, line, 28, "dangling-reference", 1,
                    "no milestone has the id `need-to-knw`\nhelp: did you mean `need-to-know`?")]
    assert all(d["source"] == "pbl" for d in report["diagnostics"])


def test_columns_agree_after_accents_and_an_emoji(tmp_path, scratch):
    """Neovim counts bytes, the protocol UTF-16 units, pbl code points: `é` is 2, 1, 1 and
    `🧪` 4, 2, 1 of them. The mistake sits after both on its line."""
    folder = copy_example(tmp_path, "broken/dangling-reference")
    project = folder / "project.yaml"
    plant(project, "title: Sampling plan,", "title: Échantillonnage 🧪,")
    status, report = run_nvim(folder, project.name, scratch)
    assert status == 0 and report["status"] == "ok", report
    assert report["offset_encoding"] == "utf-16"
    got = as_pbl(report["diagnostics"], read(project))
    assert got == from_validate(project)
    [(line, column, *_)] = got
    assert column == read(project).split("\n")[line - 1].index("question]") + 1


@pytest.mark.parametrize("rule", ["unknown-key", "unknown-standard", "dangling-reference", "yaml-tab-indentation",
                                  "missing-reflection"])
def test_neovim_applies_the_quick_fix_and_the_diagnostic_goes(tmp_path, scratch, rule):
    folder = copy_example(tmp_path, f"broken/{rule}")
    project = folder / "project.yaml"
    status, report = run_nvim(folder, project.name, scratch, fix=True)
    assert status == 0 and report["status"] == "ok", report
    before = as_pbl(report["diagnostics"], read(project))
    assert before == from_validate(project)
    assert report["actions"], f"Neovim got no code action for {rule}"

    # The buffer as Neovim edited it (the file on disk is untouched), then checked as saved.
    edited = "\n".join(report["lines_after_fix"]) + "\n"
    assert edited != read(project)
    project.write_text(edited, encoding="utf-8")
    after = as_pbl(report["diagnostics_after_fix"], edited)
    assert after == from_validate(project)
    assert len([d for d in after if d[4] == rule]) == len([d for d in before if d[4] == rule]) - 1


def test_a_server_that_never_answers_times_out_instead_of_hanging(tmp_path, scratch):
    """The harness fails, and quickly, when the server says nothing."""
    folder = copy_example(tmp_path, "mill-creek")
    silent = scratch / "silent-server"
    silent.write_text("#!/bin/sh\nexec cat >/dev/null\n")
    silent.chmod(0o755)
    started = time.monotonic()
    status, report = run_nvim(folder, "mill-creek.yaml", scratch, binary=silent, timeout_ms=1500)
    assert status != 0
    assert report["status"].startswith("timeout"), report
    assert time.monotonic() - started < 20
