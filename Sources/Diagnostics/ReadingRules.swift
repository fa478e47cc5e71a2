/// Rules reported while a file is read, before it is a project: the YAML reader's, the empty
/// file's and the render templates'. `pbl explain`, the docs and SARIF describe them like every
/// other id pbl prints; their examples (some made rather than shipped: a 16 MB file) are
/// `RuleInfo.readingExample`, in Planner.
public enum ReadingRules {
    public static let yamlSyntax = RuleInfo(id: "yaml-syntax", severity: .error, summary: "The file is not well-formed YAML.",
        explanation: """
            libyaml could not read the file past this point: a missing `:` after a key, a line that \
            does not line up with the keys above it, an unclosed quote or bracket. pbl names the \
            mistake in plain words where it can (a colon inside a value, a non-breaking space where a \
            space belongs) and shows where the construct started.
            """)
    public static let yamlTabIndentation = RuleInfo(id: "yaml-tab-indentation", severity: .error, summary: "A tab is used to indent.",
        explanation: "YAML indents with spaces only; a tab at the start of a line is an error. Replace it with spaces (most editors can show tabs).")
    public static let yamlDuplicateKey = RuleInfo(id: "yaml-duplicate-key", severity: .error, summary: "A mapping has the same key twice.",
        explanation: "YAML says keys are unique; a second `title:` would silently replace the first, so pbl refuses it and names both places.")
    public static let yamlUndefinedAlias = RuleInfo(id: "yaml-undefined-alias", severity: .error, summary: "An alias `*name` with no anchor `&name` before it.",
        explanation: "An alias repeats an anchored value; the anchor must come earlier in the same file. Check the spelling of both.")
    public static let yamlInvalidMerge = RuleInfo(id: "yaml-invalid-merge", severity: .error, summary: "A merge key `<<` whose value is not a mapping or a list of mappings.",
        explanation: "`<<: *defaults` merges an anchored mapping into this one; anything else after `<<` is a mistake.")
    public static let yamlDepthLimit = RuleInfo(id: "yaml-depth-limit", severity: .error, summary: "Nesting deeper than pbl reads.",
        explanation: "No project nests more than a few levels; a file nested hundreds deep is refused before it can use up memory.")
    public static let yamlAliasLimit = RuleInfo(id: "yaml-alias-limit", severity: .error, summary: "Aliases that would expand past pbl's limit.",
        explanation: "Aliases that repeat aliases can make a small file mean billions of values (an alias bomb); pbl stops counting at its limit and refuses the file.")
    public static let yamlInputSizeLimit = RuleInfo(id: "yaml-input-size-limit", severity: .error, summary: "The file is larger than pbl reads.",
        explanation: "Projects, rosters and catalogs are small; a file over the size limit is refused before it is read, so a wrong path cannot fill memory.")
    public static let yamlScalarSizeLimit = RuleInfo(id: "yaml-scalar-size-limit", severity: .error, summary: "One value is larger than pbl reads.",
        explanation: "No title or prompt is a megabyte long; a value over the limit is refused, with where it starts.")
    public static let yamlInvalidUTF8 = RuleInfo(id: "yaml-invalid-utf8", severity: .error, summary: "The file is not valid UTF-8.",
        explanation: "pbl reads UTF-8 text. A file saved in another encoding (Windows-1252, Latin-1) has bytes that are not UTF-8; save it as UTF-8 in your editor. The position of the first bad byte is given.")
    public static let yamlEncoding = RuleInfo(id: "yaml-encoding", severity: .error, summary: "The file is in an encoding pbl does not read (UTF-16 or UTF-32).",
        explanation: "The file starts with the byte order mark of UTF-16 or UTF-32 (what some editors call \"Unicode\", and some spreadsheet exports write); pbl reads UTF-8 only. Save the file as UTF-8 in your editor.")
    public static let yamlBinary = RuleInfo(id: "yaml-binary", severity: .error, summary: "The file is not text.",
        explanation: "The file has bytes no text file has (a spreadsheet, an image, a zip): name the YAML file instead, or export the data as CSV.")
    public static let emptyFile = RuleInfo(id: "empty-file", severity: .error, summary: "The file has nothing in it.",
        explanation: "A project file starts with `pbl: 1`, a catalog with `catalog: ID`; `pbl new` writes a project to start from.")
    public static let templateSyntax = RuleInfo(id: "template-syntax", severity: .error, summary: "A render template is not valid Mustache.",
        explanation: "A render template in a template root's render/ folder has a tag that does not close, a section closed in the wrong order or never closed, or a name a tag cannot have; the message quotes the tag, and names the section left open and its line. Run outside the repository, `pbl templates show render/NAME` prints the built-in one to compare with.")
    public static let templateEmpty = RuleInfo(id: "template-empty", severity: .error, summary: "A render template has nothing in it.",
        explanation: "An empty render template (or one of only spaces and line breaks) replaces pbl's own and prints empty pages, so it is an error in `pbl validate` and when rendering. Write the template, start again from the one it replaces with `pbl templates show render/NAME -o FILE`, or remove the file.")
    public static let unknownRenderTemplate = RuleInfo(id: "unknown-render-template", severity: .warning, summary: "A file in render/ that no output uses.",
        explanation: "Render templates are found by name (checklist.html.mustache, schedule.md.mustache, ...); a file with another name is never used, which is usually a misspelling. The nearest name is suggested.")

    /// The YAML reader's rules, one per `YAMLError.Kind`.
    public static let yaml: [RuleInfo] = [
        yamlSyntax, yamlTabIndentation, yamlDuplicateKey, yamlUndefinedAlias, yamlInvalidMerge, yamlDepthLimit,
        yamlAliasLimit, yamlInputSizeLimit, yamlScalarSizeLimit, yamlInvalidUTF8, yamlEncoding, yamlBinary,
    ]

    /// What a file that cannot be read as a YAML document gets: the reader's rules and `empty-file`.
    public static let file: [RuleInfo] = yaml + [emptyFile]

    /// The render templates' checks.
    public static let templates: [RuleInfo] = [templateSyntax, templateEmpty, unknownRenderTemplate]

    public static let all: [RuleInfo] = file + templates
}
