// pbl-bench: how long building the YAMLTree takes, and how much memory it needs.
//
//     pbl-bench FILE [--runs N] [--warmup N]   time N builds (default 10, after 1 untimed)
//     pbl-bench FILE --memory                  one build in this fresh process: peak RSS growth
//     pbl-bench FILE --validate [--runs N]     time N full validations (tree, model, catalogs, rules)
//
// The file is read into memory once, before anything is timed. One build is what a reader
// of a project file pays: `SourceText(bytes:limits:)` (size, encoding and UTF-8 checks) plus
// `YAMLReader(source:limits:).readAll()` (libyaml events composed into the flat tree).
//
// Output is one `key value` pair a line, times in milliseconds (CLOCK_MONOTONIC), sizes in
// bytes, the same shape as bench/scan.c; see bench/README.md.

#if canImport(Glibc)
import Glibc
#else
#error("pbl-bench reads /proc and glibc's allocator statistics; it runs on Linux")
#endif
import Planner
import YAMLTree

// MARK: command line

struct Options {
    var path = ""
    var runs = 10
    var warmup = 1
    var memory = false
    var validate = false
}

func usage(_ message: String) -> Never {
    fail("\(message)\nusage: pbl-bench FILE [--runs N] [--warmup N] | pbl-bench FILE --memory", status: 2)
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    func count(_ flag: String, minimum: Int) -> Int {
        guard let text = arguments.popFirst(), let value = Int(text), value >= minimum else {
            usage("\(flag) takes a number of at least \(minimum)")
        }
        return value
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--runs": options.runs = count("--runs", minimum: 1)
        case "--warmup": options.warmup = count("--warmup", minimum: 0)
        case "--memory": options.memory = true
        case "--validate": options.validate = true
        case "-h", "--help": usage("benchmark of the YAML tree build")
        default:
            if argument.hasPrefix("-") || !options.path.isEmpty { usage("unexpected argument `\(argument)`") }
            options.path = argument
        }
    }
    if options.path.isEmpty { usage("no input file") }
    return options
}

// MARK: system

/// The whole file, read with plain read(2) into one exactly sized array (no temporaries
/// that would inflate the memory baseline).
func readFile(_ path: String) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { fail("cannot open \(path): \(String(cString: strerror(errno)))", status: 3) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { fail("cannot stat \(path)", status: 3) }
    let size = Int(info.st_size)
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, size - filled) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { fail("cannot read \(path)", status: 3) }
        filled += count
    }
    return bytes
}

func fail(_ message: String, status: Int32 = 1) -> Never {
    var text = "pbl-bench: \(message)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(status)
}

func nowMs() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// A `kB` field of /proc/self/status (VmRSS, VmHWM), in bytes; -1 when unavailable.
func procStatus(_ field: String) -> Int {
    let descriptor = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return -1 }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 8192)
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { return -1 }
    let status = String(decoding: buffer[..<count], as: UTF8.self)
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
        return (Int(String(digits)) ?? -1) * 1024
    }
    return -1
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false when the kernel refuses.
func resetHighWaterMark() -> Bool {
    guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
    let written = fputs("5", file) >= 0
    return fclose(file) == 0 && written
}

/// Bytes handed out by glibc malloc and not yet freed, or -1 when unavailable.
///
/// `mallinfo2` is not visible to Swift (Glibc's module map leaves out malloc.h), so this
/// reads the totals of `malloc_info` (glibc ≥ 2.31 counts the top chunk as free):
/// in use = arena memory (`system current`) - free chunks (`fast` + `rest`) + mmapped chunks.
func mallocInUse() -> Int {
    typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_info") else { return -1 }
    let mallocInfo = unsafeBitCast(symbol, to: MallocInfo.self)
    var buffer: UnsafeMutablePointer<CChar>?
    var size = 0
    guard let stream = open_memstream(&buffer, &size) else { return -1 }
    let status = mallocInfo(0, stream)
    fclose(stream)
    defer { free(buffer) }
    guard status == 0, let buffer else { return -1 }
    let xml = String(decoding: UnsafeRawBufferPointer(start: buffer, count: size), as: UTF8.self)
    // The totals over all arenas follow the last </heap>.
    let totals = xml.split(separator: "</heap>").last ?? Substring(xml)
    func total(_ element: String, _ type: String) -> Int? {
        for line in totals.split(separator: "\n") where line.hasPrefix("<\(element) type=\"\(type)\"") {
            guard let sizeField = line.split(separator: " ").first(where: { $0.hasPrefix("size=") }) else { return nil }
            return Int(sizeField.dropFirst(6).prefix { $0.isNumber })
        }
        return nil
    }
    guard let system = total("system", "current"), let fast = total("total", "fast"),
          let rest = total("total", "rest"), let mmapped = total("total", "mmap") else { return -1 }
    return system - fast - rest + mmapped
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func format(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}

// MARK: the measured work

func limits(for bytes: [UInt8]) -> YAMLLimits {
    // The product's limits, except that a benchmark file over the input size limit is
    // still read (the limit is a policy, not what is being measured).
    var limits = YAMLLimits.default
    limits.maxInputBytes = max(limits.maxInputBytes, bytes.count)
    return limits
}

/// One build; the source check's share of the time goes to `sourceMs`.
@inline(never)
func build(_ bytes: [UInt8], limits: YAMLLimits, sourceMs: inout Double) -> [YAMLDocument] {
    do {
        let start = nowMs()
        let source = try SourceText(bytes: bytes, limits: limits)
        sourceMs = nowMs() - start
        return try YAMLReader(source: source, limits: limits).readAll()
    } catch {
        fail("the file does not read as YAML: \(error)")
    }
}

func nodeCount(_ documents: [YAMLDocument]) -> Int {
    documents.reduce(0) { $0 + $1.nodeCount }
}

// MARK: modes

func timeBuilds(_ options: Options) {
    let bytes = readFile(options.path)
    let limits = limits(for: bytes)
    var documents: [YAMLDocument] = []
    var sourceMs = 0.0
    var first: Double?
    for _ in 0..<options.warmup {
        documents = []
        let start = nowMs()
        documents = build(bytes, limits: limits, sourceMs: &sourceMs)
        if first == nil { first = nowMs() - start }
    }
    var times: [Double] = []
    var sourceTimes: [Double] = []
    for _ in 0..<options.runs {
        documents = []  // free the previous tree outside the timed region
        let start = nowMs()
        documents = build(bytes, limits: limits, sourceMs: &sourceMs)
        times.append(nowMs() - start)
        sourceTimes.append(sourceMs)
    }
    print("bytes \(bytes.count)")
    print("documents \(documents.count)")
    print("nodes \(nodeCount(documents))")
    // The first build of the process (the first warm-up): what a one-shot command pays.
    if let first { print("first_ms \(format(first))") }
    for time in times { print("run_ms \(format(time))") }
    print("min_ms \(format(times.min()!))")
    print("median_ms \(format(median(times)))")
    print("source_median_ms \(format(median(sourceTimes)))")
}

func measureMemory(_ options: Options) {
    let bytes = readFile(options.path)
    let limits = limits(for: bytes)
    let reset = resetHighWaterMark()
    let rssBefore = procStatus("VmRSS")
    let hwmBefore = procStatus("VmHWM")
    let mallocBefore = mallocInUse()
    var sourceMs = 0.0
    let documents = build(bytes, limits: limits, sourceMs: &sourceMs)
    let hwmAfter = procStatus("VmHWM")
    let rssAfter = procStatus("VmRSS")
    let mallocAfter = mallocInUse()
    withExtendedLifetime(documents) {
        let peak = hwmAfter - rssBefore
        let retained = mallocAfter - mallocBefore
        print("bytes \(bytes.count)")
        print("nodes \(nodeCount(documents))")
        // With the reset refused, VmHWM may still hold an earlier peak of this process;
        // then peak_bytes is a lower bound (and hwm_before says how high that peak was).
        print("hwm_reset \(reset ? "yes" : "no")")
        print("rss_before_bytes \(rssBefore)")
        print("hwm_before_bytes \(hwmBefore)")
        print("peak_bytes \(peak)")
        print("peak_ratio \(format(Double(peak) / Double(max(bytes.count, 1))))")
        print("rss_growth_bytes \(rssAfter - rssBefore)")
        print("retained_bytes \(retained)")
        print("retained_ratio \(format(Double(retained) / Double(max(bytes.count, 1))))")
    }
}

/// What `pbl validate FILE` does, in this process: read, parse, load the model and the
/// catalogs (a new validator each run, so catalogs are loaded each time, as a command does),
/// run every rule.
func timeValidations(_ options: Options) {
    var times: [Double] = []
    var first: Double?
    var findings = 0
    for run in 0..<(options.warmup + options.runs) {
        let start = nowMs()
        let report = Validator().validate(path: options.path)
        let elapsed = nowMs() - start
        findings = report.diagnostics.count
        if first == nil { first = elapsed }
        if run >= options.warmup { times.append(elapsed) }
    }
    print("diagnostics \(findings)")
    if let first { print("first_ms \(format(first))") }
    for time in times { print("run_ms \(format(time))") }
    print("min_ms \(format(times.min()!))")
    print("median_ms \(format(median(times)))")
}

let options = parseOptions()
if options.validate {
    timeValidations(options)
} else if options.memory {
    measureMemory(options)
} else {
    timeBuilds(options)
}
