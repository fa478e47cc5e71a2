import PlannerModel

/// Dates as people write them, read back as the ISO date pbl needs, for the help line of a
/// malformed date: `01.03.2027` (day first: dotted dates always are), `3/1/2027` (month
/// first, unless the first number cannot be a month), `2027-4-22`, `April 22, 2027`,
/// `22 Apr 2027`. Only help: the format itself stays ISO, so a plan means one thing.
enum DateSpelling {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                   "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]

    static func guess(_ raw: String) -> CivilDate? {
        var text = raw.trimmed.lowercased()
        // "Thursday, April 22, 2027": the weekday adds nothing.
        for name in weekdays where text.hasPrefix(name) {
            let rest = text.dropFirst(name.count)
            if rest.first == "," || rest.first == " " || rest.first == "." {
                text = String(rest.drop { $0 == "," || $0 == " " || $0 == "." })
                break
            }
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." && false }).map(String.init)
        if words.count >= 2, words.contains(where: { month($0) != nil }) { return named(words) }
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let separators = Set(text.filter { !$0.isNumber })
        guard numbers.count == 3, separators.count == 1, let separator = separators.first else { return nil }
        let (a, b, c) = (numbers[0], numbers[1], numbers[2])
        if a > 999 { return CivilDate(year: a, month: b, day: c) }   // 2027-4-22, 2027/04/22
        guard c > 999 else { return nil }
        if separator == "." { return CivilDate(year: c, month: b, day: a) }
        return a > 12 ? CivilDate(year: c, month: b, day: a) : CivilDate(year: c, month: a, day: b)
    }

    /// Both ends of a range written with another separator (` - `, `–`, ` to `) or spelling.
    static func guessRange(_ raw: String) -> String? {
        let text = raw.trimmed
        for separator in ["..", " - ", " – ", "–", " — ", " to "] {
            let parts = text.splitting(on: separator)
            guard parts.count == 2 else { continue }
            guard let first = CivilDate(iso: parts[0].trimmed) ?? guess(parts[0]),
                  let last = CivilDate(iso: parts[1].trimmed) ?? guess(parts[1]) else { return nil }
            return "\(first)..\(last)"
        }
        return guess(text).map(\.description)
    }

    private static func month(_ word: String) -> Int? {
        let word = word.hasSuffix(".") ? String(word.dropLast()) : word
        guard word.count >= 3, let index = months.firstIndex(where: { word.hasPrefix($0) }) else { return nil }
        // "march" and "mar" but not "marble".
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                    "november", "december"][index]
        return full.hasPrefix(word) || word == "sept" ? index + 1 : nil
    }

    /// "april 22 2027", "22 april 2027", "april 22nd 2027".
    private static func named(_ words: [String]) -> CivilDate? {
        var month: Int?, numbers: [Int] = []
        for word in words {
            if let found = self.month(word) { month = found; continue }
            let digits = word.prefix { $0.isNumber }
            guard !digits.isEmpty, let value = Int(digits), ["", "st", "nd", "rd", "th"].contains(String(word.dropFirst(digits.count)))
            else { return nil }
            numbers.append(value)
        }
        guard let month, numbers.count == 2 else { return nil }
        let (day, year) = numbers[0] > 31 ? (numbers[1], numbers[0]) : (numbers[0], numbers[1])
        guard year > 999 else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
