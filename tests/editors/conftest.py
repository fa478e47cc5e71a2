"""Shared helpers for the editor tests: where pbl is, copies of the shipped examples, what
`pbl validate --format json` says about a file (as LSP positions), and text edits.

LSP positions are 0-based and count UTF-16 code units (unless UTF-32 was negotiated); pbl's
lines and columns are 1-based and count code points. Everything here converts between them.
"""

from __future__ import annotations

import importlib
import json
import re
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCHEMA = ROOT / "schema" / "project.schema.json"


def _binary() -> Path:
    """pbl as `scripts/test-editors` chose it (PBL_BINARY), else the debug build's."""
    if os.environ.get("PBL_BINARY"):
        return Path(os.environ["PBL_BINARY"]).resolve()
    try:
        bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True,
                                  text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        bin_path = ""
    return Path(bin_path or ROOT / ".build" / "debug") / "pbl"


PBL = _binary()


def missing(what: str, how: str):
    """A tool the tests need is not installed: a failure under CI, a visible skip elsewhere."""
    message = f"{what} is not installed ({how}; scripts/bootstrap installs it)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


def need_module(name: str, package: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"the Python module `{name}`", f"python3 -m pip install {package}")


def pytest_configure(config):
    # Every `async def` test runs on asyncio (pytest-asyncio), without a mark on each.
    if hasattr(config.option, "asyncio_mode"):
        config.option.asyncio_mode = "auto"
    # A skipped test says why, even under -q: a missing tool must never pass unnoticed.
    if "s" not in config.option.reportchars and "a" not in config.option.reportchars:
        config.option.reportchars += "s"
    if not PBL.is_file():
        raise pytest.UsageError(f"no pbl binary at {PBL}: build it, or set PBL_BINARY")


# ---------------------------------------------------------------------------------------------
# Files


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Each test runs in its own folder, and so does the server it starts (the test's fixtures
    start it after this): the folder of the project, as an editor starts it in the project's
    root. pbl's messages name paths relative to where it runs, and `templates/` there is a
    template root."""
    monkeypatch.chdir(tmp_path)


def copy_example(tmp_path: Path, name: str) -> Path:
    """A copy of examples/NAME (a folder) as tmp_path itself, so that the repository is never
    edited. The copy is made a git repository, as a department's projects are: pbl finds the
    repository's own `templates/` and asks git what it ignores (roster-ignored) up to its top."""
    shutil.copytree(EXAMPLES / name, tmp_path, dirs_exist_ok=True)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=30)
    return tmp_path


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def uri(path: Path) -> str:
    return Path(path).resolve().as_uri()


# ---------------------------------------------------------------------------------------------
# Positions


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def lsp_character(line: str, codepoints: int, encoding: str = "utf-16") -> int:
    """A column counted in code points (from the line's start) as LSP counts it."""
    return codepoints if encoding == "utf-32" else utf16_units(line[:codepoints])


def codepoints_from_utf16(line: str, units: int) -> int:
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def find(text: str, needle: str, nth: int = 0, offset: int = 0, after: str | None = None) -> dict:
    """The LSP position (UTF-16) of the nth occurrence of needle, plus offset code points; with
    `after`, the first occurrence of needle past the first occurrence of `after`."""
    start = text.index(after) if after is not None else 0
    index = text.index(needle, start)
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return position(text, index + offset)


def position(text: str, index: int) -> dict:
    """The LSP position (UTF-16) of text[index]."""
    line_start = text.rfind("\n", 0, index) + 1
    return {"line": text.count("\n", 0, index), "character": utf16_units(text[line_start:index])}


def span(text: str, needle: str, nth: int = 0, after: str | None = None) -> dict:
    """The LSP range of the nth occurrence of needle (on one line)."""
    start = find(text, needle, nth, after=after)
    return {"start": start, "end": {"line": start["line"], "character": start["character"] + utf16_units(needle)}}


def apply_edits(text: str, edits: list[dict]) -> str:
    """Applies LSP TextEdits (UTF-16 positions) to text, as an editor does: all against the
    original text, so from the last to the first."""
    lines = text.split("\n")

    def offset(position: dict) -> int:
        line = position["line"]
        before = sum(len(l) + 1 for l in lines[:line])
        return before + codepoints_from_utf16(lines[line] if line < len(lines) else "", position["character"])

    ordered = sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True)
    for edit in ordered:
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


# ---------------------------------------------------------------------------------------------
# pbl itself, the oracle


def pbl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(PBL), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def pbl_json(*args: str) -> object:
    result = pbl(*args)
    assert result.returncode == 0, f"pbl {' '.join(args)} failed: {result.stderr}"
    return json.loads(result.stdout)


SEVERITY = {"error": 1, "warning": 2, "note": 3}


def validate(path: Path) -> list[dict]:
    """`pbl validate --format json PATH`'s findings (0 clean, 1 errors; anything else fails)."""
    # From the directory the server runs in (this process's): messages name paths relative to it.
    result = pbl("validate", "--format", "json", str(path.resolve()))
    assert result.returncode in (0, 1), f"pbl validate {path}: exit {result.returncode}: {result.stderr}"
    findings = json.loads(result.stdout)
    for finding in findings:
        finding["file"] = str(Path(finding["file"]).resolve()) if finding.get("file") else str(path.resolve())
    return findings


def expected_diagnostics(path: Path, encoding: str = "utf-16") -> dict[str, list[tuple]]:
    """What the server should publish for the file at path, per URI, from `pbl validate`:
    (start line, start character, end line, end character, code, severity, message) each, sorted.
    The file opened in the editor always gets its (maybe empty) list."""
    by_uri: dict[str, list[tuple]] = {uri(path): []}
    texts: dict[str, list[str]] = {}
    for finding in validate(path):
        if "<built-in>/" in finding["file"]:
            by_uri[uri(path)].append(built_in_finding(path, finding, encoding))
            continue
        file = finding["file"]
        if file not in texts:  # (a built-in template's "file" is not on disk: its columns stay as they are)
            texts[file] = Path(file).read_text(encoding="utf-8", errors="replace").split("\n") \
                if Path(file).is_file() else []
        lines = texts[file]

        def char(line: int, column: int) -> int:
            if not 0 < line <= len(lines):
                return column - 1
            return lsp_character(lines[line - 1], column - 1, encoding)

        message = finding["message"] + (f"\nhelp: {finding['help']}" if finding.get("help") else "")
        by_uri.setdefault(uri(Path(file)), []).append((
            finding["line"] - 1, char(finding["line"], finding["column"]),
            finding["end_line"] - 1, char(finding["end_line"], finding["end_column"]),
            finding["rule"], SEVERITY[finding["severity"]], message,
        ))
    return {key: sorted(value) for key, value in by_uri.items()}


def built_in_finding(project: Path, finding: dict, encoding: str) -> tuple:
    """A finding in a template built into pbl is in no file an editor can open: the server shows
    it at the project's `extends:` value, saying where in the template it is."""
    lines = read(project).split("\n")
    for number, line in enumerate(lines):
        match = re.match(r"extends:\s*(\S+)", line)
        if match:
            start, end = lsp_character(line, match.start(1), encoding), lsp_character(line, match.end(1), encoding)
            break
    else:
        number, start, end = 0, 0, 0
    template = finding["file"].split("<built-in>/", 1)[1]
    message = f"in the built-in template ({template}:{finding['line']}): " + finding["message"] \
        + (f"\nhelp: {finding['help']}" if finding.get("help") else "")
    return (number, start, number, end, finding["rule"], SEVERITY[finding["severity"]], message)


def as_tuple(diagnostic: dict) -> tuple:
    """A published diagnostic (as JSON) in the shape of expected_diagnostics'."""
    r = diagnostic["range"]
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"],
            diagnostic.get("code"), diagnostic.get("severity"), diagnostic["message"])


def schema_object(name: str) -> dict:
    """One object of the project format's JSON Schema (schema/project.schema.json)."""
    return json.loads(SCHEMA.read_text())["$defs"][name]
