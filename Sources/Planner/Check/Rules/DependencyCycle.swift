import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

struct DependencyCycleCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "dependency-cycle", severity: .error,
        summary: "Milestones whose `after` lists lead in a circle.",
        explanation: """
            `after` says which milestones must come first. If A comes after B and B after A, \
            no order of the plan can satisfy both. pbl prints the whole circle.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        for circle in context.dependencyCircles {
            guard let first = circle.first, let (_, milestone) = context.milestone(first),
                  let edge = milestone.after.first(where: { $0.value == circle.dropFirst().first ?? first }) else { continue }
            let path = (circle + [first]).map { "`\($0)`" }.joined(separator: " → ")
            sink.report(rule, "milestones depend on each other in a circle: \(path)", at: edge,
                        help: "remove one of these `after` entries")
        }
    }

    /// Each elementary circle once, found by an iterative depth-first search.
    static func circles(milestones: [(cycle: Int, milestone: Milestone)], known: [String: Int]) -> [[String]] {
        let order = milestones.compactMap(\.milestone.id?.value)
        var edges: [String: [String]] = [:]
        for (_, milestone) in milestones where !milestone.after.isEmpty {
            guard let id = milestone.id?.value else { continue }
            edges[id, default: []] += milestone.after.map(\.value).filter { known[$0] != nil }
        }
        enum Color { case white, grey, black }
        var color: [String: Color] = [:]
        var found: [[String]] = []
        for start in order where color[start, default: .white] == .white {
            var stack: [(node: String, next: Int)] = [(start, 0)]
            var path: [String] = [start]
            color[start] = .grey
            while let top = stack.last {
                let targets = edges[top.node] ?? []
                if top.next < targets.count {
                    stack[stack.count - 1].next += 1
                    let target = targets[top.next]
                    switch color[target, default: .white] {
                    case .white:
                        color[target] = .grey
                        stack.append((target, 0))
                        path.append(target)
                    case .grey:
                        if let index = path.firstIndex(of: target) { found.append(Array(path[index...])) }
                    case .black:
                        break
                    }
                } else {
                    color[top.node] = .black
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
        return found
    }
}
