#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import PlannerModel
#endif

/// The line of an ignore file that makes git ignore a path.
public struct IgnoreRule: Sendable, Hashable {
    /// The file the pattern is in (`.gitignore`, `grade7/.gitignore`), from the working folder
    /// when it is inside it, as paths in messages are.
    public var file: String
    public var line: Int
    public var pattern: String
}

/// Asks git whether it ignores a path. Departments keep rosters out of their shared
/// repositories with a `.gitignore`, so a fresh clone (CI) has none: there a missing roster
/// that git ignores is expected, and one it does not ignore is still a mistake.
///
/// Asked only for a missing roster of a project inside a git work tree. git not installed,
/// not a repository, a path outside it, a failure or no answer within the time limit all
/// read as "not ignored", so the roster stays an error. git is spawned directly (the loader
/// needs no Foundation), its error output discarded.
public enum GitIgnore {
    /// git answers this in milliseconds; past this, pbl stops waiting and kills it.
    static let timeoutMilliseconds = 5_000

    /// The rule that ignores `path` (relative to `directory`, or absolute), or nil.
    public static func rule(ignoring path: String, from directory: String) -> IgnoreRule? {
        // A path this long is no roster; it also keeps the input within the pipe's buffer.
        guard path.utf8.count < 4096, !path.utf8.contains(0), let top = workTreeTop(containing: directory) else { return nil }
        // Not `--no-index`: a roster git tracks is in every clone, so one that is missing was
        // deleted, and that stays an error even when a pattern matches it.
        guard let output = run(["git", "-C", directory, "check-ignore", "--verbose", "--stdin", "-z"],
                               input: Array(path.utf8) + [0]) else { return nil }
        // -z: source, line number, pattern and path, each ended by NUL.
        let fields = output.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count >= 4, !fields[0].isEmpty, let line = Int(fields[1]) else { return nil }
        // With --verbose git also names a negated pattern (`!roster.csv`) that matches: then the
        // path is not ignored.
        guard !fields[2].hasPrefix("!") else { return nil }
        return IgnoreRule(file: shown(fields[0], top: top), line: line, pattern: fields[2])
    }

    /// The folder with `.git` in it (a folder, or a file in a linked work tree) at or above `directory`.
    private static func workTreeTop(containing directory: String) -> String? {
        guard var folder = realPath(directory) else { return nil }
        while true {
            var info = stat()
            if stat(Paths.join(folder, ".git"), &info) == 0 { return folder }
            guard folder != "/" else { return nil }
            folder = Paths.directory(of: folder)
        }
    }

    /// git names an ignore file from the top of the work tree (or absolutely, for a machine's
    /// own excludes file).
    private static func shown(_ source: String, top: String) -> String {
        let full = Paths.join(top, source)
        guard let here = realPath("."), here != "/", full.hasPrefix(here + "/") else { return full }
        return String(full.dropFirst(here.count + 1))
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Runs a program found on PATH with `input` on its standard input; its standard output when
    /// it exits 0 within the time limit, else nil.
    private static func run(_ arguments: [String], input: [UInt8]) -> [UInt8]? {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard makePipe(&toChild) else { return nil }
        guard makePipe(&fromChild) else {
            close(toChild[0]); close(toChild[1])
            return nil
        }
        // The input is written before git starts: it fits in the pipe's buffer, so this does not
        // block, and no write can meet a git that has already gone (which would be SIGPIPE).
        let written = input.withUnsafeBytes { write(toChild[1], $0.baseAddress, $0.count) }
        close(toChild[1])
        defer { close(toChild[0]); close(fromChild[0]) }
        guard written == input.count else {
            close(fromChild[1])
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A process group of its own, so that on a timeout whatever it started goes with it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid = pid_t()
        #if canImport(Darwin)
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, _NSGetEnviron().pointee)
        #else
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        #endif
        close(fromChild[1])
        guard spawned == 0 else { return nil }

        let deadline = milliseconds() + timeoutMilliseconds
        var output: [UInt8] = []
        var finished = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while output.count <= 65_536 {
            let left = deadline - milliseconds()
            guard left > 0 else { break }
            var waiting = pollfd(fd: fromChild[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = read(fromChild[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                finished = count == 0
                break
            }
            output += buffer[..<count]
        }
        // Output closed: git is exiting. Wait for it, still within the limit.
        var status: Int32 = 0
        var reaped = false
        while finished && !reaped && milliseconds() < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
            } else if result == 0 {
                usleep(1_000)
            } else if errno == ECHILD {
                // Reaped elsewhere (SIGCHLD ignored): gone, with its status unknown; its pid
                // may be another process's by now, so it is not killed.
                return nil
            } else if errno != EINTR {
                break
            }
        }
        if !reaped {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return nil
        }
        // 0: exited normally with status 0 (git check-ignore: the path is ignored).
        return status == 0 ? output : nil
    }

    /// A pipe whose ends other programs spawned later (files are checked in parallel) do not
    /// inherit: a stray copy of the output's write end would keep it open. (Swift's Glibc has no
    /// pipe2; one spawned between the two calls holds a copy until it exits, which the time
    /// limit bounds.)
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for descriptor in ends { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func milliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
    }
}
