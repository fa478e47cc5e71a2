import Foundation

/// The folder `pbl render` writes, owned by pbl while it writes: a lock refuses a second
/// render into it at the same time, and a manifest of what was written lets the next render
/// remove what it no longer writes (a student who left the roster), and nothing else.
struct RenderFolder {
    static let lockName = ".pbl-render.lock"
    static let manifestName = ".pbl-render"

    enum Failure: Error, CustomStringConvertible {
        case busy(String)
        case cannotUse(String, String)

        var description: String {
            switch self {
            case .busy(let path): "another pbl render is writing to \(path); wait for it to finish, or choose another folder"
            case .cannotUse(let path, let reason): "cannot use \(path): \(reason)"
            }
        }
    }

    let url: URL
    private let lock: Int32
    private(set) var written: [String] = []

    /// Creates the folder if needed and takes its lock (held until `finish` or the process's end).
    static func claim(_ url: URL) throws -> RenderFolder {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw Failure.cannotUse(url.path, SystemReason.of(error))
        }
        let lock = open(url.appendingPathComponent(lockName).path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard lock >= 0 else { throw Failure.cannotUse(url.path, String(cString: strerror(errno))) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            throw errno == EWOULDBLOCK ? Failure.busy(url.path) : Failure.cannotUse(url.path, String(cString: strerror(errno)))
        }
        return RenderFolder(url: url, lock: lock)
    }

    mutating func record(_ relative: String) {
        written.append(relative)
    }

    /// The files the previous render listed that this one did not write are removed (only
    /// plain files, named by a path inside the folder), and the new list is written.
    func finish(with writer: OutputFile) throws {
        let manifest = url.appendingPathComponent(Self.manifestName)
        let previous = (try? String(contentsOf: manifest, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        let now = Set(written)
        for name in previous where !name.hasPrefix("#") && !now.contains(name) && Self.isInside(name) {
            var info = stat()
            let path = url.appendingPathComponent(name).path
            if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
        let text = "# Files pbl render wrote here: the next render removes those it does not write again.\n"
            + written.joined(separator: "\n") + "\n"
        try writer.write(text, to: manifest.path)
        close(lock)
    }

    /// A relative path without `..`, as pbl writes them.
    private static func isInside(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.split(separator: "/").contains("..")
    }
}
