import Diagnostics
import YAMLTree

/// The reading rules' examples (`ReadingRules`: a file that is not YAML pbl reads, an empty
/// file, a broken render template), in `examples/broken/<id>/` like every other rule's, so
/// `pbl explain` shows them and the tests run them:
///
/// - most are `project.yaml` and `fixed.yaml`, text shown as it is;
/// - the three whose `project.yaml` is bytes that are not text (invalid UTF-8, UTF-16, a zip)
///   are in the checkout for `pbl validate`, but not built into pbl, since no string holds
///   them: pbl says how each is made from `fixed.yaml`, and the tests check the file is so;
/// - the two size limits' are not shipped at all (16 MiB, 1 MiB): pbl says how to make them
///   from `fixed.yaml`, and the tests make them that way, at pbl's own limits;
/// - the render templates' are template repositories, `failing/templates/render/NAME` and
///   `fixed/templates/render/NAME` (the folder `pbl validate` takes is `failing`, whose
///   templates/ folder is that repository's template root).
public struct ReadingRuleExample: Sendable, Equatable {
    /// The file that triggers the rule, from the repository's root.
    public let failingFile: String
    /// The same file fixed.
    public let fixedFile: String
    /// What `pbl validate` is given to report it: the file, or a template's repository.
    public let failingTarget: String
    public let fixedTarget: String
    /// The failing file's text, when pbl can show it.
    public let failingText: String?
    public let fixedText: String
    /// How the failing file is made from the fixed one, when its text is not shown as it is.
    public let making: String?
    /// Whether the checkout holds the failing file (the size limits' are made, not shipped).
    public let isShipped: Bool
}

extension RuleInfo {
    /// The example of a reading rule; nil for the other rules (their examples are
    /// `failingExample` and `passingExample`).
    public var readingExample: ReadingRuleExample? {
        let folder = "examples/broken/\(id)/"
        let limits = YAMLLimits.default
        func file(making: String? = nil, shownAsText: Bool = true, shipped: Bool = true) -> ReadingRuleExample {
            ReadingRuleExample(
                failingFile: folder + "project.yaml", fixedFile: folder + "fixed.yaml",
                failingTarget: folder + "project.yaml", fixedTarget: folder + "fixed.yaml",
                failingText: shownAsText ? EmbeddedFiles.files[folder + "project.yaml"] : nil,
                fixedText: EmbeddedFiles.files[folder + "fixed.yaml"] ?? "", making: making, isShipped: shipped)
        }
        func template(_ failing: String, fixed: String, making: String? = nil) -> ReadingRuleExample {
            let failingFile = folder + "failing/templates/render/" + failing
            let fixedFile = folder + "fixed/templates/render/" + fixed
            return ReadingRuleExample(
                failingFile: failingFile, fixedFile: fixedFile, failingTarget: folder + "failing", fixedTarget: folder + "fixed",
                failingText: EmbeddedFiles.files[failingFile], fixedText: EmbeddedFiles.files[fixedFile] ?? "",
                making: making, isShipped: true)
        }
        switch id {
        case ReadingRules.yamlSyntax.id, ReadingRules.yamlTabIndentation.id, ReadingRules.yamlDuplicateKey.id,
             ReadingRules.yamlUndefinedAlias.id, ReadingRules.yamlInvalidMerge.id, ReadingRules.yamlDepthLimit.id,
             ReadingRules.yamlAliasLimit.id, ReadingRules.emptyFile.id:
            return file()
        case ReadingRules.yamlInvalidUTF8.id:
            return file(making: """
                fixed.yaml saved as Windows-1252 (Latin-1) instead of UTF-8: the ó of "Ana López" \
                is the one byte F3, where UTF-8 writes the two bytes C3 B3.
                """, shownAsText: false)
        case ReadingRules.yamlEncoding.id:
            return file(making: """
                fixed.yaml saved as UTF-16, little-endian (what some editors call "Unicode"): \
                it starts with the byte order mark FF FE, and every character takes two bytes.
                """, shownAsText: false)
        case ReadingRules.yamlBinary.id:
            return file(making: """
                fixed.yaml in a zip archive, stored without compression (an .xlsx workbook is a zip \
                archive too): what pbl reads when a spreadsheet or an archive is named instead of \
                the project. The archive's header has NUL bytes (00), which no text has.
                """, shownAsText: false)
        case ReadingRules.yamlInputSizeLimit.id:
            let size = limits.maxInputBytes + 1
            return file(making: """
                fixed.yaml followed by one comment line of `#`s, to \(size) bytes: one byte over \
                pbl's input size limit (\(limits.maxInputBytes) bytes). Make it with
                `{ cat fixed.yaml; head -c \(size) /dev/zero | tr '\\0' '#'; } | head -c \(size) > project.yaml`
                """, shownAsText: false, shipped: false)
        case ReadingRules.yamlScalarSizeLimit.id:
            return file(making: """
                fixed.yaml with its driving question pasted over and over, so that the value of \
                `driving_question` is \(limits.maxScalarBytes + 1) bytes long: one byte over pbl's limit \
                for one value (\(limits.maxScalarBytes) bytes); the tests make it.
                """, shownAsText: false, shipped: false)
        case ReadingRules.templateSyntax.id:
            return template("checklist.txt.mustache", fixed: "checklist.txt.mustache")
        case ReadingRules.templateEmpty.id:
            return template("schedule.md.mustache", fixed: "schedule.md.mustache",
                            making: "a render template with nothing in it but a line break")
        case ReadingRules.unknownRenderTemplate.id:
            return template("checklists.txt.mustache", fixed: "checklist.txt.mustache")
        default:
            return nil
        }
    }
}
