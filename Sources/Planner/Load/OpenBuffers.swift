import Foundation

/// Files as an editor holds them, unsaved: read instead of the saved file wherever pbl reads
/// one beside a project (its roster, its progress files, the template it extends), so that
/// a change in one buffer shows in the projects that use it before it is saved.
public struct OpenBuffers: Sendable {
    private var bytesByPath: [String: [UInt8]] = [:]

    public init() {}

    public static let none = OpenBuffers()

    public var isEmpty: Bool { bytesByPath.isEmpty }

    public mutating func set(_ path: String, _ bytes: [UInt8]?) {
        bytesByPath[Self.key(path)] = bytes
    }

    public func bytes(for path: String) -> [UInt8]? {
        bytesByPath.isEmpty ? nil : bytesByPath[Self.key(path)]
    }

    /// One spelling per file: absolute, `.` and `..` resolved (links are not: an editor names
    /// the file as the user opened it, and so does a project).
    public static func key(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
