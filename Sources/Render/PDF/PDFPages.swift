import Foundation

/// Page geometry and pagination shared by the PDF renderers.
struct PDFGeometry {
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    /// Where content stops; the footer sits below it.
    let bottom: Double
    /// The top of the footer line.
    let footerTop: Double

    var contentWidth: Double { width - left - right }

    /// Portrait (checklists) or landscape (sign-off sheets). Margins are 0.5-0.65 in, the
    /// footer's text 0.4 in above the edge: inside what school printers and copiers can print
    /// (their dead band is at most a quarter inch), on Letter and on A4 alike.
    init(paper: ChecklistContext.Paper, landscape: Bool) {
        let (short, long) = paper == .letter ? (612.0, 792.0) : (595.2756, 841.8898)
        width = landscape ? long : short
        height = landscape ? short : long
        left = 43.2
        right = 43.2
        top = 36
        bottom = height - 46
        footerTop = height - 38
    }
}

/// A piece of a page that is never split: a header, an item row, a reflection with its lines.
struct PDFBlock {
    var height: Double
    /// Space above it, dropped at the top of a page.
    var spaceBefore: Double = 0
    /// A heading: it goes to the next page with what follows it rather than end a page.
    var keepWithNext = false
    /// Draws the block with its top at y.
    var draw: (Double) -> Void
}

enum PDFPagination {
    /// Puts blocks on pages, top to bottom: the first page's content starts at `firstTop`, the
    /// others' at `nextTop` (below a repeated header), all end at `bottom`. A block that fits
    /// no page gets one of its own (and is cut at the margin); a page never ends on a heading
    /// when the heading and what follows it fit on the next. Returns each page's blocks with
    /// their tops.
    static func paginate(_ blocks: [PDFBlock], firstTop: Double, nextTop: Double, bottom: Double) -> [[(block: PDFBlock, y: Double)]] {
        var pages: [[(block: PDFBlock, y: Double)]] = [[]]
        var y = firstTop
        for (index, block) in blocks.enumerated() {
            let onPage = !pages[pages.count - 1].isEmpty
            var needed = (onPage ? block.spaceBefore : 0) + block.height
            // A heading needs room for itself and the chain of what it keeps with.
            var next = index
            while blocks[next].keepWithNext, next + 1 < blocks.count {
                next += 1
                needed += blocks[next].spaceBefore + blocks[next].height
            }
            let pageRoom = bottom - nextTop
            let chainFitsAPage = needed <= pageRoom
            if onPage, y + needed > bottom, chainFitsAPage || y + (block.spaceBefore + block.height) > bottom {
                pages.append([])
                y = nextTop
            }
            if !pages[pages.count - 1].isEmpty { y += block.spaceBefore }
            pages[pages.count - 1].append((block, y))
            y += block.height
        }
        return pages
    }
}
