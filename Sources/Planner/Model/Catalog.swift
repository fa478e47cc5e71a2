import YAMLTree

/// A standards catalog: the codes a project may promise, with a short summary of each.
public struct Catalog: Sendable {
    public var file: String
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?
    public var source: Located<String>?
    public var version: Located<String>?
    public var codePattern: Located<String>?
    /// Setting the standards indexes their codes: a catalog is loaded once per run and its
    /// codes are looked up for every code of every project that lists it.
    public var standards: [Standard] = [] {
        didSet { codes = CatalogCodes(standards) }
    }
    public private(set) var codes = CatalogCodes([])
    /// Codes the framework leaves empty on purpose (CCSS's "not applicable" slots, such as
    /// RL.11-12.8 and WHST.11-12.3): not standards, but not typos either.
    public var notApplicable: [Located<String>] = []

    public init(file: String, range: SourceRange, id: Located<String>? = nil, title: Located<String>? = nil,
                source: Located<String>? = nil, version: Located<String>? = nil, codePattern: Located<String>? = nil,
                standards: [Standard] = [], notApplicable: [Located<String>] = []) {
        self.file = file
        self.range = range
        self.id = id
        self.title = title
        self.source = source
        self.version = version
        self.codePattern = codePattern
        // didSet does not run in an initializer.
        self.standards = standards
        self.codes = CatalogCodes(standards)
        self.notApplicable = notApplicable
    }
}

public struct Standard: Sendable {
    public var range: SourceRange
    public var code: Located<String>?
    public var grade: Located<Grade>?
    public var subject: Located<String>?
    public var text: Located<String>?
    /// The standard in a student's words, printed on checklists.
    public var studentText: Located<String>?
    /// The code of the standard this one is part of (`W.7.1` for `W.7.1a`).
    public var parent: Located<String>?
    /// Marked (+): beyond what every student studies (CCSS high-school mathematics).
    public var plus: Located<Bool>?
    /// Marked as a modeling standard (the star in CCSS high-school mathematics).
    public var modeling: Located<Bool>?

    public init(range: SourceRange, code: Located<String>? = nil, grade: Located<Grade>? = nil,
                subject: Located<String>? = nil, text: Located<String>? = nil, studentText: Located<String>? = nil,
                parent: Located<String>? = nil, plus: Located<Bool>? = nil, modeling: Located<Bool>? = nil) {
        self.range = range
        self.code = code
        self.grade = grade
        self.subject = subject
        self.text = text
        self.studentText = studentText
        self.parent = parent
        self.plus = plus
        self.modeling = modeling
    }
}

