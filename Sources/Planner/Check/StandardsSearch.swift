import PlannerModel
import PlannerDates

/// Finding standards by words, for `pbl standards search`: a word in the summary counts,
/// as does its plural (`ratio` finds "ratios" but not "rational"); a match in the code
/// counts more; a sub-standard inherits half its parent's score, so `6.RP.A.3a` ranks with
/// `6.RP.A.3`.
public enum StandardsSearch {
    public struct Hit: Sendable {
        public var standard: Standard
        public var catalog: String
        public var score: Int
    }

    public static func search(_ query: String, in catalogs: [Catalog]) -> [Hit] {
        let words = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return [] }
        var scores: [String: Int] = [:]
        var hits: [Hit] = []
        for catalog in catalogs {
            for standard in catalog.standards {
                guard let code = standard.code?.value else { continue }
                let text = (standard.text?.value ?? "").lowercased()
                let textWords = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                var score = 0
                for word in words {
                    score += 3 * textWords.filter { $0 == word || $0 == word + "s" || $0 == word + "es" }.count
                    if StandardCode.normalize(code).contains(StandardCode.normalize(word)) { score += 5 }
                }
                scores[StandardCode.normalize(code)] = score
                hits.append(Hit(standard: standard, catalog: catalog.id?.value ?? catalog.file, score: score))
            }
        }
        for index in hits.indices {
            if let parent = hits[index].standard.parent?.value, let inherited = scores[StandardCode.normalize(parent)] {
                hits[index].score += inherited / 2
            }
        }
        return hits.filter { $0.score > 0 }.sorted {
            $0.score != $1.score ? $0.score > $1.score : ($0.standard.code?.value ?? "") < ($1.standard.code?.value ?? "")
        }
    }
}
