"""`pbl lsp` driven by a real LSP client (pytest-lsp, on pygls) over stdio, on copies of the
shipped examples. Expected values come from pbl's own commands where they can (`pbl validate
--format json`, `pbl schedule --format json`, `pbl standards list --format json`) and from the
JSON Schema of the format, so that the editor shows exactly what the command line says.
"""

from __future__ import annotations

import asyncio
import datetime
import re
from urllib.parse import unquote
from pathlib import Path

import pytest

from conftest import (EXAMPLES, PBL, apply_edits, as_tuple, copy_example, expected_diagnostics, find, need_module,
                      pbl, pbl_json, position, read, schema_object, span, uri, validate)

pytest_lsp = need_module("pytest_lsp", "pytest-lsp")
from lsprotocol import types  # noqa: E402  (pytest-lsp brings lsprotocol and pygls)
from lsprotocol.converters import get_converter  # noqa: E402
from pygls.exceptions import JsonRpcException  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

TIMEOUT = 10  # seconds for any one answer: a server that hangs fails the test, never the suite
CONVERTER = get_converter()


def js(value):
    """An lsprotocol object as the JSON the server sent (camelCase keys, no None fields)."""
    return CONVERTER.unstructure(value)


def capabilities(*encodings: str) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings] or None),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
            rename=types.RenameClientCapabilities(prepare_support=True),
            code_action=types.CodeActionClientCapabilities(is_preferred_support=True),
        ),
    )


SERVER = ClientServerConfig(server_command=[str(PBL), "lsp"])


async def start(client: LanguageClient, *encodings: str) -> types.InitializeResult:
    return await asyncio.wait_for(client.initialize_session(types.InitializeParams(
        capabilities=capabilities(*encodings), root_uri=None, process_id=None)), TIMEOUT)


async def stop(client: LanguageClient):
    # A test that shut the server down itself has nothing left to stop.
    if client._server is not None and client._server.returncode is None:
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    """A server initialized as a client that offers only UTF-16 (the protocol's default)."""
    lsp_client.initialize_result = await start(lsp_client, "utf-16")
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=SERVER)
async def client32(lsp_client: LanguageClient):
    """A server initialized as a client that prefers UTF-32 positions (code points)."""
    lsp_client.initialize_result = await start(lsp_client, "utf-32", "utf-16")
    yield
    await stop(lsp_client)


class Editor:
    """What an editor does with the client: keeps each open document's text and version,
    sends it whole on a change (the server syncs full text), and waits for its diagnostics."""

    def __init__(self, client: LanguageClient):
        self.client = client
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    async def request(self, coroutine):
        return await asyncio.wait_for(coroutine, TIMEOUT)

    async def _checked(self, path: Path) -> dict[str, list[dict]]:
        """Waits for the diagnostics of path, then makes one round trip so that the ones the
        same check published for other files (roster, template) are in too."""
        async def published():
            while uri(path) not in self.client.diagnostics:
                await asyncio.sleep(0.01)
        await asyncio.wait_for(published(), TIMEOUT)
        await self.symbols(path)
        return {key: [js(d) for d in value] for key, value in self.client.diagnostics.items()}

    async def open(self, path: Path, text: str | None = None, language: str = "yaml") -> dict[str, list[dict]]:
        """Opens path (its text on disk unless given); returns the diagnostics published for it,
        per URI. A project file always gets its list; a roster only when it has findings."""
        text = read(path) if text is None else text
        self.texts[uri(path)], self.versions[uri(path)] = text, 1
        self.client.diagnostics.clear()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=uri(path), language_id=language, version=1, text=text)))
        if language != "yaml":
            await self.symbols(path)
            return {key: [js(d) for d in value] for key, value in self.client.diagnostics.items()}
        return await self._checked(path)

    async def change(self, path: Path, text: str) -> dict[str, list[dict]]:
        self.versions[uri(path)] += 1
        self.texts[uri(path)] = text
        self.client.diagnostics.clear()
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=self.versions[uri(path)]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return await self._checked(path)

    def text(self, path: Path) -> str:
        return self.texts[uri(path)]

    def _at(self, path: Path, position: dict) -> dict:
        return {"text_document": types.TextDocumentIdentifier(uri=uri(path)),
                "position": types.Position(**position)}

    async def symbols(self, path: Path):
        return await self.request(self.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri(path)))))

    async def inlay_hints(self, path: Path) -> list[dict]:
        lines = self.text(path).count("\n") + 1
        hints = await self.request(self.client.text_document_inlay_hint_async(types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=lines, character=0)))))
        return [js(h) for h in hints or []]

    async def hover(self, path: Path, position: dict) -> dict | None:
        result = await self.request(self.client.text_document_hover_async(types.HoverParams(**self._at(path, position))))
        return js(result) if result is not None else None

    async def completion(self, path: Path, position: dict) -> dict:
        result = await self.request(self.client.text_document_completion_async(
            types.CompletionParams(**self._at(path, position))))
        result = js(result)
        return result if isinstance(result, dict) else {"isIncomplete": False, "items": result}

    async def definition(self, path: Path, position: dict) -> list[dict]:
        result = await self.request(self.client.text_document_definition_async(
            types.DefinitionParams(**self._at(path, position))))
        return [js(l) for l in (result if isinstance(result, list) else [result] if result else [])]

    async def references(self, path: Path, position: dict, declaration: bool = True) -> list[dict]:
        result = await self.request(self.client.text_document_references_async(types.ReferenceParams(
            **self._at(path, position), context=types.ReferenceContext(include_declaration=declaration))))
        return [js(l) for l in result or []]

    async def prepare_rename(self, path: Path, position: dict):
        result = await self.request(self.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(**self._at(path, position))))
        return js(result) if result is not None else None

    async def rename(self, path: Path, position: dict, new_name: str) -> dict:
        result = await self.request(self.client.text_document_rename_async(
            types.RenameParams(**self._at(path, position), new_name=new_name)))
        return js(result) if result is not None else None

    async def code_actions(self, path: Path, diagnostic: dict) -> list[dict]:
        """What the editor asks for at a diagnostic: actions for its range, with it as context."""
        result = await self.request(self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            range=CONVERTER.structure(diagnostic["range"], types.Range),
            context=types.CodeActionContext(diagnostics=[CONVERTER.structure(diagnostic, types.Diagnostic)]))))
        return [js(a) for a in result or []]


@pytest.fixture
def editor(client) -> Editor:
    return Editor(client)


def location(path: Path, range_: dict) -> dict:
    return {"uri": uri(path), "range": range_}


def short(date: str) -> str:
    """`2027-03-01` as the server's hints write it: `Mon Mar 1`."""
    day = datetime.date.fromisoformat(date)
    return f"{day:%a %b} {day.day}"


def long(date: str) -> str:
    """`2027-03-01` as a hover on a date writes it: `Monday, Mar 1, 2027`."""
    day = datetime.date.fromisoformat(date)
    return f"{day:%A, %b} {day.day}, {day.year}"


def dated(date: str) -> str:
    """`2027-03-01` as a hover on a milestone writes it: `Mon Mar 1, 2027`."""
    return f"{short(date)}, {date[:4]}"


def value_end(text: str, anchor: str, key: str) -> dict:
    """The position just past the value of `key:` in the first mapping at or after anchor."""
    match = re.compile(rf"\b{key}:\s*([^,}}\s]+)").search(text, text.index(anchor))
    return position(text, match.end(1))


def edit_of(workspace_edit: dict) -> dict[str, list[dict]]:
    """A WorkspaceEdit's text edits per URI (the server answers with `changes`)."""
    assert workspace_edit and "changes" in workspace_edit, f"not a WorkspaceEdit with changes: {workspace_edit}"
    return workspace_edit["changes"]


def ranges(edits: list[dict]) -> list[dict]:
    return sorted((e["range"] for e in edits), key=lambda r: (r["start"]["line"], r["start"]["character"]))


# =============================================================================================
# Lifecycle


async def test_initialize_answers_capabilities_and_version(client):
    result = js(client.initialize_result)
    version = pbl("--version").stdout.strip()
    assert result["serverInfo"] == {"name": "pbl", "version": version}
    caps = result["capabilities"]
    assert caps["positionEncoding"] == "utf-16"
    assert caps["textDocumentSync"]["change"] == 1 and caps["textDocumentSync"]["openClose"] is True
    for provider in ("hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider",
                     "inlayHintProvider"):
        assert caps.get(provider) is True, f"{provider} is not advertised: {caps}"
    assert ":" in caps["completionProvider"]["triggerCharacters"]
    # Rename with prepareRename (the client offered prepare support), and quick fixes.
    assert caps.get("renameProvider") == {"prepareProvider": True}
    assert "quickfix" in caps.get("codeActionProvider", {}).get("codeActionKinds", [])


async def test_utf32_is_chosen_when_offered_and_positions_count_code_points(client32, tmp_path):
    """With UTF-32 a character is a code point, as pbl counts columns; with UTF-16 an emoji
    counts two. The planted mistake sits after an emoji on the same line."""
    assert js(client32.initialize_result)["capabilities"]["positionEncoding"] == "utf-32"
    folder = copy_example(tmp_path, "broken/dangling-reference")
    project = folder / "project.yaml"
    project.write_text(read(project).replace("title: Sampling plan,", "title: Sampling plan 🧪,"))
    published = await Editor(client32).open(project)
    [diagnostic] = published[uri(project)]
    line = read(project).split("\n")[diagnostic["range"]["start"]["line"]]
    assert diagnostic["range"]["start"]["character"] == line.index("question]")  # Python counts code points
    assert sorted(map(as_tuple, published[uri(project)])) == expected_diagnostics(project, "utf-32")[uri(project)]


async def test_utf16_positions_count_an_emoji_twice(editor, tmp_path):
    folder = copy_example(tmp_path, "broken/dangling-reference")
    project = folder / "project.yaml"
    project.write_text(read(project).replace("title: Sampling plan,", "title: Sampling plan 🧪,"))
    published = await editor.open(project)
    [diagnostic] = published[uri(project)]
    line = read(project).split("\n")[diagnostic["range"]["start"]["line"]]
    assert diagnostic["range"]["start"]["character"] == line.index("question]") + 1
    assert sorted(map(as_tuple, published[uri(project)])) == expected_diagnostics(project)[uri(project)]


async def test_shutdown_then_exit_ends_the_server_with_status_0(client):
    await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    assert client._server.returncode == 0


async def test_exit_without_shutdown_ends_the_server_with_status_1(client):
    client.exit(None)
    assert await asyncio.wait_for(client._server.wait(), TIMEOUT) == 1


async def test_requests_after_shutdown_are_refused(client, tmp_path):
    await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(tmp_path / "x.yaml")),
            position=types.Position(line=0, character=0))), TIMEOUT)
    client.exit(None)
    assert await asyncio.wait_for(client._server.wait(), TIMEOUT) == 0


# =============================================================================================
# Diagnostics: exactly what `pbl validate` says


SHIPPED = {"mill-creek": "mill-creek.yaml", "op-ed-workshop": "op-ed-workshop.yaml",
           "playground-design": "playground-design.yaml"}


@pytest.mark.parametrize("name", SHIPPED)
async def test_shipped_examples_open_clean(editor, tmp_path, name):
    project = copy_example(tmp_path, name) / SHIPPED[name]
    assert validate(project) == []
    published = await editor.open(project)
    assert published[uri(project)] == []
    assert {key: value for key, value in published.items() if value} == {}


# Bytes that an editor cannot hand over as LSP text (a string of Unicode): the rule is about
# the file's encoding, which the editor has already decoded (or refused) by then.
NOT_TEXT = {"yaml-encoding", "yaml-invalid-utf8", "yaml-binary"}
BROKEN = sorted(p.parent.name for p in EXAMPLES.glob("broken/*/project.yaml") if p.parent.name not in NOT_TEXT)


def test_every_rule_example_is_covered():
    """No rule example drops out of the diagnostics test below unnoticed."""
    assert len(BROKEN) >= 50, BROKEN
    assert {"unknown-key", "dangling-reference", "unknown-standard", "yaml-tab-indentation",
            "missing-reflection", "student-data-in-template", "roster-malformed"} <= set(BROKEN)


@pytest.mark.parametrize("rule", BROKEN)
async def test_rule_example_diagnostics_match_validate_then_clear_when_fixed(editor, tmp_path, rule):
    """Each examples/broken/RULE/project.yaml plants one mistake: the server publishes what
    `pbl validate --format json` reports (line, column, end, rule, severity, message and
    help), on the file it is in; after a didChange to fixed.yaml's text it publishes what
    validate says of that (for the opened file: nothing left of RULE)."""
    folder = copy_example(tmp_path, f"broken/{rule}")
    project = folder / "project.yaml"
    expected = expected_diagnostics(project)
    assert any(code == rule for findings in expected.values() for (*_, code, _s, _m) in findings), \
        f"pbl validate does not report {rule} for its own example: {expected}"

    published = await editor.open(project)
    assert {key: sorted(map(as_tuple, value)) for key, value in published.items() if value or key in expected} \
        == expected
    for diagnostic in (d for value in published.values() for d in value):
        assert diagnostic["source"] == "pbl"

    fixed = folder / "fixed.yaml"
    if fixed.exists():
        project.write_text(read(fixed), encoding="utf-8")  # validate reads from disk; the server gets the text
        expected = expected_diagnostics(project)
        published = await editor.change(project, read(fixed))
        assert sorted(map(as_tuple, published[uri(project)])) == expected[uri(project)]
        assert rule not in {d.get("code") for d in published[uri(project)]}


async def test_a_finding_in_a_built_in_template_is_shown_on_a_file_the_editor_can_open(editor, tmp_path):
    """todo-placeholder's example extends the built-in `inquiry-week`, whose placeholder is the
    finding: `pbl validate` names it `<built-in>/projects/inquiry-week.yaml`, which is no file.
    The editor must still be shown it, on a file it can open (the project, say)."""
    project = copy_example(tmp_path, "broken/todo-placeholder") / "project.yaml"
    [finding] = validate(project)
    assert finding["file"].endswith("<built-in>/projects/inquiry-week.yaml")
    published = await editor.open(project)
    shown = {key: value for key, value in published.items() if value}
    assert [d["code"] for value in shown.values() for d in value] == ["todo-placeholder"]
    for key in shown:
        assert key.startswith("file://") and Path(unquote(key.removeprefix("file://"))).is_file(), \
            f"diagnostics published for {key}, which is no file"


async def test_notes_are_related_information(editor, tmp_path):
    """A finding's notes (here: where the duplicated id was first defined) come as
    relatedInformation with their own location."""
    project = copy_example(tmp_path, "broken/duplicate-id") / "project.yaml"
    [finding] = validate(project)
    assert finding["notes"], "the duplicate-id example should have a note"
    published = await editor.open(project)
    [diagnostic] = published[uri(project)]
    related = diagnostic.get("relatedInformation", [])
    assert [(r["location"]["uri"], r["location"]["range"]["start"]["line"] + 1,
             r["location"]["range"]["start"]["character"] + 1, r["message"]) for r in related] == \
        [(uri(project), n["line"], n["column"], n["message"]) for n in finding["notes"]]


async def test_a_planted_mistake_in_mill_creek_is_reported_as_you_type_and_cleared(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    good = read(project)
    assert (await editor.open(project))[uri(project)] == []

    bad = good.replace("after: [need-to-know]", "after: [need-to-knw]")
    published = await editor.change(project, bad)
    [diagnostic] = published[uri(project)]
    assert diagnostic["code"] == "dangling-reference"
    assert diagnostic["severity"] == 1
    assert diagnostic["range"] == span(bad, "need-to-knw")
    assert diagnostic["message"] == "no milestone has the id `need-to-knw`\nhelp: did you mean `need-to-know`?"
    # The buffer, not the file, is checked: the file on disk is still clean...
    assert validate(project) == []
    # ...and once saved, validate agrees with what the editor showed.
    project.write_text(bad, encoding="utf-8")
    assert sorted(map(as_tuple, published[uri(project)])) == expected_diagnostics(project)[uri(project)]

    assert (await editor.change(project, good))[uri(project)] == []


async def test_close_clears_the_diagnostics(editor, tmp_path):
    project = copy_example(tmp_path, "broken/unknown-key") / "project.yaml"
    assert (await editor.open(project))[uri(project)] != []
    editor.client.diagnostics.clear()
    editor.client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri(project))))

    async def cleared():
        while uri(project) not in editor.client.diagnostics:
            await asyncio.sleep(0.01)
    await asyncio.wait_for(cleared(), TIMEOUT)
    assert list(editor.client.diagnostics[uri(project)]) == []


# =============================================================================================
# Inlay hints: the real dates, as `pbl schedule` plans them


def expected_hints(text: str, schedule: dict) -> list[tuple]:
    """(position, label) after each cycle id and each milestone's `day:` value, from the
    schedule's sections: one date, or `p2 … · p6 …` when the sections' dates differ."""
    def label(per_section: list[tuple[str | None, str]]) -> str:
        if len({text for _, text in per_section}) == 1:
            return " " + per_section[0][1]
        return " " + " · ".join(f"{section} {text}" for section, text in per_section)

    hints = []
    first = schedule["sections"][0]
    for index, cycle in enumerate(first["cycles"]):
        spans = [(s["id"], short(s["cycles"][index]["start"]) + " – " + short(s["cycles"][index]["end"]))
                 for s in schedule["sections"]]
        hints.append((value_end(text, f"id: {cycle['id']}\n", "id"), label(spans)))
        for item_index, item in enumerate(cycle["items"]):
            if item["kind"] == "reflection":  # (its hint is after its own `day:`, which none of these has)
                continue
            dates = [(s["id"], short(s["cycles"][index]["items"][item_index]["date"])) for s in schedule["sections"]]
            hints.append((value_end(text, f"id: {item['id']}\n", "day"), label(dates)))
    return sorted(hints, key=lambda h: (h[0]["line"], h[0]["character"]))


async def test_inlay_hints_show_mill_creek_dates(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    hints = await editor.inlay_hints(project)
    got = [(h["position"], h["label"]) for h in hints]
    # Spelled out once, for the reader: the first cycle runs the first week of March 2027.
    assert (value_end(text, "id: investigate", "id"), " Mon Mar 1 – Fri Mar 5") in got
    assert (value_end(text, "id: need-to-know", "day"), " Mon Mar 1") in got
    assert (value_end(text, "id: claim-draft", "day"), " Tue Mar 9") in got
    assert all(h.get("kind") == 1 and h.get("paddingLeft") is True for h in hints)


@pytest.mark.parametrize("name", SHIPPED)
async def test_inlay_hints_are_the_dates_pbl_schedule_plans(editor, tmp_path, name):
    """All of them, for each shipped example, from `pbl schedule --format json` (playground-design
    meets four days a week around a day off; op-ed-workshop has two sections on an A/B rotation)."""
    project = copy_example(tmp_path, name) / SHIPPED[name]
    text = read(project)
    await editor.open(project)
    got = [(h["position"], h["label"]) for h in await editor.inlay_hints(project)]
    assert sorted(got, key=lambda h: (h[0]["line"], h[0]["character"])) == \
        expected_hints(text, pbl_json("schedule", "--format", "json", str(project)))


async def test_inlay_hints_give_each_sections_dates_when_they_differ(editor, tmp_path):
    project = copy_example(tmp_path, "op-ed-workshop") / "op-ed-workshop.yaml"
    text = read(project)
    await editor.open(project)
    got = [(h["position"], h["label"]) for h in await editor.inlay_hints(project)]
    assert (value_end(text, "id: find-the-issue", "id"), " p2 Mon Jan 11 – Wed Jan 20 · p6 Tue Jan 12 – Thu Jan 21") in got
    assert (value_end(text, "id: issue-pitch", "day"), " p2 Mon Jan 11 · p6 Tue Jan 12") in got


# =============================================================================================
# Outline


async def test_document_symbols_outline_cycles_milestones_and_reflections(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    symbols = [js(s) for s in await editor.symbols(project)]
    outline = [(s["name"], s["detail"], s["kind"], [(c["name"], c["detail"], c["kind"]) for c in s["children"]])
               for s in symbols]
    assert outline == [
        ("Investigate the creek", "investigate", 2, [
            ("Need-to-know list", "need-to-know", 24),
            ("Sampling plan", "sampling-plan", 24),
            ("Checkpoint: first data set", "data-check", 24),
            ("Gallery walk on the data tables", "peer-critique", 24),
            ("What surprised you in the data, and what would you measure next?", "reflection", 15),
        ]),
        ("Make the case", "argue", 2, [
            ("Draft claim, evidence and reasoning", "claim-draft", 24),
            ("Feedback round on the drafts", "draft-critique", 24),
            ("Revise the report", "revision", 24),
            ("Rehearse the presentation for the council", "rehearsal", 24),
            ("Which piece of feedback changed your argument the most, and why?", "reflection", 15),
        ]),
    ]
    assert symbols[0]["selectionRange"] == span(text, "investigate")
    assert symbols[0]["children"][1]["selectionRange"] == span(text, "sampling-plan")

    def inside(inner, outer):
        key = lambda p: (p["line"], p["character"])
        return key(outer["start"]) <= key(inner["start"]) and key(inner["end"]) <= key(outer["end"])
    for cycle in symbols:
        assert inside(cycle["selectionRange"], cycle["range"])
        for child in cycle["children"]:
            assert inside(child["range"], cycle["range"]) and inside(child["selectionRange"], child["range"])


# =============================================================================================
# Hover


def standard(catalog: str, code: str) -> dict:
    return next(s for s in pbl_json("standards", "list", "--catalog", catalog, "--format", "json") if s["code"] == code)


async def test_hover_on_a_standard_code_shows_its_statement(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    for code, catalog, where in [("MS-ESS3-3", "ngss-ms", "targets: ["), ("W.7.1", "ccss-ela-6-8", "id: claim-draft")]:
        entry = standard(catalog, code)
        hover = await editor.hover(project, find(text, code, offset=2, after=where))
        assert hover["contents"] == {"kind": "plaintext",
                                     "value": f"{code} ({catalog}, grade {entry['grade']})\n\n{entry['text']}"}
        assert hover["range"] == span(text, code, after=where)
    assert standard("ngss-ms", "MS-ESS3-3")["grade"] == "6-8"


async def test_hover_on_a_key_shows_its_documentation(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    milestone = schema_object("milestone")["properties"]
    hover = await editor.hover(project, find(text, "day: 1", offset=1))
    assert hover["contents"]["kind"] == "plaintext"
    assert hover["contents"]["value"] == f"day: a whole number (required)\n\n{milestone['day']['description']}"
    assert hover["range"] == span(text, "day", after="id: need-to-know")
    hover = await editor.hover(project, find(text, "driving_question", offset=3))
    assert hover["contents"]["value"].startswith("driving_question: ")
    assert schema_object("project")["properties"]["driving_question"]["description"] in hover["contents"]["value"]


async def test_hover_on_a_date_says_the_weekday_and_whether_school_is_in(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    cases = [("2027-03-26", "no school (Professional development day)"),
             ("2027-03-15", "no school (Spring break)"),
             ("2027-04-30", "school is in; the class meets"),   # the exhibition
             ("2027-03-01", "school is in; the class meets")]   # the start
    for date, status in cases:
        hover = await editor.hover(project, find(text, date, offset=3))
        assert hover is not None, f"no hover on {date}"
        assert hover["contents"]["value"] == f"{long(date)}\n{status}"
        assert hover["range"] == span(text, date)


async def test_hover_on_a_date_per_section(editor, tmp_path):
    project = copy_example(tmp_path, "op-ed-workshop") / "op-ed-workshop.yaml"
    text = read(project)
    await editor.open(project)
    hover = await editor.hover(project, find(text, "2027-03-12", offset=1))
    lines = hover["contents"]["value"].split("\n")
    assert lines[0] == "Friday, Mar 12, 2027"
    assert lines[1].startswith("p2: school is in; the class meets")      # A days: p2 meets
    assert lines[2].startswith("p6: school is in; the class does not meet")
    hover = await editor.hover(project, find(text, "2027-01-18", offset=1))
    assert hover["contents"]["value"] == \
        "Monday, Jan 18, 2027\np2: no school (Martin Luther King Jr. Day)\np6: no school (Martin Luther King Jr. Day)"


def item(schedule: dict, section: int, milestone: str) -> dict:
    return next(i for c in schedule["sections"][section]["cycles"] for i in c["items"] if i["id"] == milestone)


async def test_hover_on_a_milestone_id_shows_its_real_date(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    schedule = pbl_json("schedule", "--format", "json", str(project))
    need = item(schedule, 0, "need-to-know")
    expected = f"need-to-know: Need-to-know list\n\n{dated(need['date'])} (day 1 of its cycle)"
    # On the definition and on a use in `after:`, the same.
    for position in (find(text, "need-to-know", offset=1), find(text, "need-to-know", offset=1, after="after: [")):
        hover = await editor.hover(project, position)
        assert hover["contents"] == {"kind": "plaintext", "value": expected}
    assert dated(need["date"]) == "Mon Mar 1, 2027"


async def test_hover_on_a_milestone_id_gives_each_sections_date(editor, tmp_path):
    project = copy_example(tmp_path, "op-ed-workshop") / "op-ed-workshop.yaml"
    text = read(project)
    await editor.open(project)
    schedule = pbl_json("schedule", "--format", "json", str(project))
    value = (await editor.hover(project, find(text, "source-log", offset=2)))["contents"]["value"]
    assert value.startswith("source-log: Source log\n\n")
    for index, section in enumerate(schedule["sections"]):
        date = item(schedule, index, "source-log")["date"]
        assert f"{section['id']}: {dated(date)} (day 2 of its cycle)" in value.split("\n")
    assert "p2: Wed Jan 13, 2027 (day 2 of its cycle)" in value.split("\n")


# =============================================================================================
# Definition and references, across the roster and the progress files


async def test_definition_of_a_milestone_named_in_after(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    got = await editor.definition(project, find(text, "need-to-know", offset=3, after="after: ["))
    assert got == [location(project, span(text, "need-to-know"))]
    got = await editor.definition(project, find(text, "draft-critique", offset=0, after="after: [draft"))
    assert got == [location(project, span(text, "draft-critique"))]


async def test_definition_from_a_roster_cell(editor, tmp_path):
    """In roster.csv, a student's group is a reference to the project's group."""
    folder = copy_example(tmp_path, "mill-creek")
    project, roster = folder / "mill-creek.yaml", folder / "roster.csv"
    await editor.open(project)
    await editor.open(roster, language="csv")
    got = await editor.definition(roster, find(read(roster), "herons", offset=2))
    assert got == [location(project, span(read(project), "herons"))]


async def test_references_of_a_milestone_include_roster_header_and_progress_files(editor, tmp_path):
    folder = copy_example(tmp_path, "mill-creek")
    project, roster, week1 = folder / "mill-creek.yaml", folder / "roster.csv", folder / "progress" / "week-1.csv"
    text = read(project)
    await editor.open(project)

    got = await editor.references(project, find(text, "sampling-plan", offset=1))
    expected = [location(project, span(text, "sampling-plan")),
                location(roster, span(read(roster), "sampling-plan")),       # the header `choice:sampling-plan`
                location(week1, span(read(week1), "sampling-plan"))]         # `Sampling plan [sampling-plan]`
    assert set(map(str, got)) == set(map(str, expected))
    assert len(got) == len(expected), f"a location listed more than once: {sorted(map(str, got))}"

    got = await editor.references(project, find(text, "need-to-know", offset=1), declaration=False)
    assert sorted(map(str, got)) == sorted(map(str, [location(project, span(text, "need-to-know", after="after: [")),
                                                     location(week1, span(read(week1), "need-to-know"))]))


async def test_references_of_a_group_and_a_section_include_roster_cells(editor, tmp_path):
    folder = copy_example(tmp_path, "op-ed-workshop")
    project, roster = folder / "op-ed-workshop.yaml", folder / "roster.csv"
    text, csv = read(project), read(roster)
    await editor.open(project)
    got = await editor.references(project, find(text, "editors-b", offset=1))
    assert sorted(map(str, got)) == sorted(map(str, [location(project, span(text, "editors-b")),
                                                     location(roster, span(csv, "editors-b")),
                                                     location(roster, span(csv, "editors-b", nth=1))]))
    got = await editor.references(project, find(text, "p6", after="sections:"))
    assert sorted(map(str, got)) == sorted(map(str, [location(project, span(text, "p6", after="sections:")),
                                                     location(roster, _cell(csv, "p6", 0)),
                                                     location(roster, _cell(csv, "p6", 1))]))


def _cell(csv: str, value: str, nth: int) -> dict:
    """The range of the nth CSV cell that is exactly value."""
    r = span(csv, f",{value},", nth)
    r["start"]["character"] += 1
    r["end"]["character"] -= 1
    return r


# =============================================================================================
# Rename


async def test_prepare_rename_gives_the_ids_range_and_placeholder(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    got = await editor.prepare_rename(project, find(text, "need-to-know", offset=4))
    assert got == {"range": span(text, "need-to-know"), "placeholder": "need-to-know"}


async def test_rename_a_milestone_everywhere_and_the_project_stays_valid(editor, tmp_path):
    folder = copy_example(tmp_path, "mill-creek")
    project, week1 = folder / "mill-creek.yaml", folder / "progress" / "week-1.csv"
    text = read(project)
    await editor.open(project)
    changes = edit_of(await editor.rename(project, find(text, "need-to-know", offset=2, after="after: ["), "questions"))
    assert ranges(changes[uri(project)]) == [span(text, "need-to-know"), span(text, "need-to-know", after="after: [")]
    assert all(e["newText"] == "questions" for edits in changes.values() for e in edits)
    assert ranges(changes.get(uri(week1), [])) == [span(read(week1), "need-to-know")]
    assert set(changes) <= {uri(project), uri(week1)}, f"edits in files that do not name it: {set(changes)}"

    # Applied as an editor applies them, the project still checks clean, on disk and in the buffer.
    await apply_and_check_clean(editor, project, folder, changes)
    assert "after: [questions]" in read(project) and "need-to-know" not in read(project)


async def test_rename_a_milestone_with_choices_renames_the_roster_header(editor, tmp_path):
    folder = copy_example(tmp_path, "mill-creek")
    project, roster = folder / "mill-creek.yaml", folder / "roster.csv"
    text = read(project)
    await editor.open(project)
    changes = edit_of(await editor.rename(project, find(text, "sampling-plan", offset=3), "sampling"))
    assert ranges(changes[uri(project)]) == [span(text, "sampling-plan")]
    assert ranges(changes[uri(roster)]) == [span(read(roster), "sampling-plan")]
    await apply_and_check_clean(editor, project, folder, changes)
    assert read(roster).split("\n")[0] == "id,name,group,extra_days,goals,choice:sampling"


async def test_rename_a_section_renames_the_roster_cells(editor, tmp_path):
    folder = copy_example(tmp_path, "op-ed-workshop")
    project, roster = folder / "op-ed-workshop.yaml", folder / "roster.csv"
    await editor.open(project)
    changes = edit_of(await editor.rename(project, find(read(project), "p2", after="sections:"), "period-2"))
    assert ranges(changes[uri(roster)]) == [_cell(read(roster), "p2", 0), _cell(read(roster), "p2", 1)]
    await apply_and_check_clean(editor, project, folder, changes)


async def apply_and_check_clean(editor: Editor, project: Path, folder: Path, changes: dict):
    for file_uri, edits in changes.items():
        path = Path(unquote(file_uri.removeprefix("file://")))
        assert folder in path.parents, f"an edit outside the project: {file_uri}"
        path.write_text(apply_edits(read(path), edits), encoding="utf-8")
    assert validate(project) == []
    assert (await editor.change(project, read(project)))[uri(project)] == []


@pytest.mark.parametrize("new_name", ["need to know", "Need-To-Know", "-questions", ""])
async def test_rename_to_an_invalid_id_is_an_error(editor, tmp_path, new_name):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    await editor.open(project)
    with pytest.raises(JsonRpcException) as error:
        await editor.rename(project, find(read(project), "need-to-know", offset=1), new_name)
    assert error.value.message, "the error should say why"


# =============================================================================================
# Code actions: quick fixes that make their diagnostic go away


QUICK_FIXES = {
    # rule: the did-you-mean's first suggestion, which replaces the diagnostic's range (None:
    # another kind of fix, checked by what it leaves)
    "unknown-key": "milestones",
    "dangling-reference": "questions",
    "unknown-standard": "MS-ESS3-3",
    "yaml-tab-indentation": None,
    "missing-reflection": None,
}


@pytest.mark.parametrize("rule", QUICK_FIXES)
async def test_quick_fix_applied_makes_its_diagnostic_disappear(editor, tmp_path, rule):
    project = copy_example(tmp_path, f"broken/{rule}") / "project.yaml"
    published = await editor.open(project)
    diagnostics = [d for d in published[uri(project)] if d.get("code") == rule]
    assert diagnostics, f"no {rule} published"
    target = diagnostics[0]

    actions = await editor.code_actions(project, target)
    assert actions, f"no code action for {rule}"
    action = next((a for a in actions if a.get("isPreferred")), actions[0])
    assert action["kind"] == "quickfix"
    assert action["title"]
    assert [as_tuple(d) for d in action["diagnostics"]] == [as_tuple(target)]
    edits = edit_of(action["edit"])
    assert list(edits) == [uri(project)]
    if QUICK_FIXES[rule] is not None:
        # A did-you-mean: the first suggestion replaces the diagnostic's range.
        assert edits[uri(project)] == [{"range": target["range"], "newText": QUICK_FIXES[rule]}]
    if len(actions) == 1:
        # The one fix there is (a did-you-mean with one candidate, a tab, a missing prompt).
        assert action.get("isPreferred") is True

    fixed = apply_edits(editor.text(project), edits[uri(project)])
    after = await editor.change(project, fixed)
    left = [as_tuple(d) for d in after[uri(project)]]
    assert as_tuple(target) not in left
    assert len([d for d in after[uri(project)] if d.get("code") == rule]) == len(diagnostics) - 1
    # What the editor shows after the fix is what validate says of the fixed file.
    project.write_text(fixed, encoding="utf-8")
    assert sorted(left) == expected_diagnostics(project)[uri(project)]


async def test_each_did_you_mean_candidate_is_an_action(editor, tmp_path):
    """`did you mean A, B, C?`: one action per candidate, in that order."""
    project = copy_example(tmp_path, "broken/unknown-standard") / "project.yaml"
    published = await editor.open(project)
    target = published[uri(project)][0]
    candidates = re.findall(r"`([^`]+)`", target["message"].split("\nhelp: ", 1)[1])
    assert candidates == ["MS-ESS3-3", "MS-ESS1-3", "MS-ESS2-3"]
    actions = await editor.code_actions(project, target)
    assert [a["title"] for a in actions] == [f"Change to `{c}`" for c in candidates]
    assert [edit_of(a["edit"])[uri(project)][0]["newText"] for a in actions] == candidates
    assert sum(bool(a.get("isPreferred")) for a in actions) <= 1


async def test_the_tab_fix_indents_with_spaces(editor, tmp_path):
    project = copy_example(tmp_path, "broken/yaml-tab-indentation") / "project.yaml"
    published = await editor.open(project)
    [target] = published[uri(project)]
    [action] = await editor.code_actions(project, target)
    fixed = apply_edits(editor.text(project), edit_of(action["edit"])[uri(project)])
    line = fixed.split("\n")[target["range"]["start"]["line"]]
    assert "\t" not in line and line.lstrip(" ").startswith("- prompt:")
    assert (await editor.change(project, fixed))[uri(project)] == []


async def test_the_reflection_fix_inserts_a_prompt(editor, tmp_path):
    project = copy_example(tmp_path, "broken/missing-reflection") / "project.yaml"
    published = await editor.open(project)
    [target] = published[uri(project)]
    [action] = await editor.code_actions(project, target)
    fixed = apply_edits(editor.text(project), edit_of(action["edit"])[uri(project)])
    assert "reflection" in fixed.split("\n")[target["range"]["start"]["line"]]
    assert (await editor.change(project, fixed))[uri(project)] == []
    project.write_text(fixed, encoding="utf-8")
    assert validate(project) == []


async def test_no_code_action_without_a_fix(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    result = await editor.request(editor.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(project)),
        range=CONVERTER.structure(span(text, "need-to-know"), types.Range),
        context=types.CodeActionContext(diagnostics=[]))))
    assert not result


# =============================================================================================
# Completion


def labels(result: dict) -> list[str]:
    return [i["label"] for i in result["items"]]


async def test_completion_of_a_milestones_keys_from_the_indentation(editor, tmp_path):
    """On a new line inside a milestone, its keys, each with its documentation; the buffer is
    not valid YAML while the key is half typed."""
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    await editor.open(project)
    text = read(project).replace("        kind: launch\n", "        kind: launch\n        de\n", 1)
    await editor.change(project, text)
    result = await editor.completion(project, find(text, "        de\n", offset=10))
    milestone = schema_object("milestone")["properties"]
    assert set(labels(result)) == set(milestone)
    by_label = {i["label"]: i for i in result["items"]}
    assert by_label["deliverable"]["documentation"] == milestone["deliverable"]["description"]
    assert by_label["deliverable"]["insertText"] == "deliverable: "
    assert by_label["id"]["detail"].endswith("(required)")


async def test_completion_of_a_listed_value(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    kinds = await editor.completion(project, find(text, "kind: launch", offset=len("kind: ")))
    assert labels(kinds) == schema_object("milestone")["properties"]["kind"]["enum"]
    days = await editor.completion(project, find(text, "meets: [", offset=len("meets: [")))
    assert labels(days) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert set(labels(days)) <= set(schema_object("calendar")["properties"]["meets"]["items"]["enum"])


async def test_completion_of_milestone_ids_in_after(editor, tmp_path):
    """Inside `after: [`, the other milestones' ids (a milestone after itself would be a
    dependency cycle), each with its title."""
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    result = await editor.completion(project, find(text, "after: [need-to-know]", offset=len("after: [")))
    schedule = pbl_json("schedule", "--format", "json", str(project))
    ids = {i["id"]: i["title"] for c in schedule["sections"][0]["cycles"] for i in c["items"] if i["kind"] != "reflection"}
    assert set(labels(result)) == set(ids) - {"sampling-plan"}
    assert all(i["detail"] == ids[i["label"]] for i in result["items"])
    assert labels(result)[0] == "need-to-know"


async def test_completion_of_standard_codes_by_the_words_of_their_statement(editor, tmp_path):
    """Typing `ratio` in a milestone's standards finds the codes whose statement says "ratio",
    from the project's catalogs only."""
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    catalogs = ["ngss-ms", "ccss-ela-6-8", "ccss-math-6-8"]
    text = read(project).replace("catalogs: [ngss-ms, ccss-ela-6-8]", f"catalogs: [{', '.join(catalogs)}]") \
        .replace("standards: [MS-ESS3-3]\n      - id: sampling-plan", "standards: [ratio]\n      - id: sampling-plan", 1)
    project.write_text(text, encoding="utf-8")
    await editor.open(project)
    result = await editor.completion(project, find(text, "[ratio]", offset=len("[ratio")))

    in_project = {s["code"]: s for c in catalogs for s in pbl_json("standards", "list", "--catalog", c, "--format", "json")}
    matching = {code for code, s in in_project.items() if "ratio" in (code + " " + s["text"]).lower()}
    got = labels(result)
    assert got, "no standard code offered for `ratio`"
    assert set(got) <= matching, f"codes offered that do not say ratio or are not in the project's catalogs: {set(got) - matching}"
    # The ones that are about ratios come first, whatever the server's limit is.
    about_ratios = {code for code in matching if re.search(r"\bratios?\b", in_project[code]["text"], re.I)}
    assert about_ratios <= set(got)
    assert result["isIncomplete"] == (len(got) < len(matching))
    for entry in result["items"]:
        assert entry["documentation"] == in_project[entry["label"]]["text"]
        # Editors filter what the server sends by what was typed: the statement must be in filterText.
        assert "ratio" in entry.get("filterText", entry["label"]).lower()
    assert "HSG.GPE.B.6" not in got  # says "ratio", but its catalog (ccss-math-hs) is not the project's


async def test_completion_of_catalog_ids(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project)
    await editor.open(project)
    result = await editor.completion(project, find(text, "catalogs: [", offset=len("catalogs: [")))
    catalogs = {s["catalog"] for s in pbl_json("standards", "list", "--format", "json")}
    assert set(labels(result)) == catalogs
    assert {"ngss-ms", "ccss-ela-6-8", "ccss-math-3-5"} <= set(labels(result))


async def test_completion_of_template_names_after_extends(editor, tmp_path):
    project = copy_example(tmp_path, "mill-creek") / "mill-creek.yaml"
    text = read(project).replace("grade: 7\n", "grade: 7\nextends: \n", 1)
    await editor.open(project, text)
    result = await editor.completion(project, find(text, "extends: ", offset=len("extends: ")))
    listing = pbl("templates", "list").stdout.split("\n\n")[0].split("\n")[1:]
    templates = [line.split()[0] for line in listing if line.strip()]
    assert templates == ["community-exhibition", "design-sprint", "inquiry-week", "writing-workshop"]
    assert sorted(labels(result)) == sorted(templates)


