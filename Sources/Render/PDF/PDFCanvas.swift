internal import CPangoCairo
import Foundation

/// PDFs being drawn: the one place that touches cairo and pango. It owns every C object it
/// makes (surface, cairo context, font map, pango context, font descriptions, layouts) and
/// frees them in `deinit`, so nothing of C reaches the renderers or Render's public API.
///
/// One canvas makes one document after another (`beginDocument` ... `finishDocument`): the
/// fonts and the shared layouts outlive each document, so a folder of a PDF per student does
/// not load fonts and shape the same titles once per student.
///
/// Units are PDF points (1/72 in), y grows down. Text is laid out before it is drawn
/// (`text` measures, `draw` paints), so renderers can paginate on real heights; a layout is
/// shaped once and drawn from the same object. Layouts come from a pool that `recycleText`
/// rewinds, so a class of 5,000 students reuses the few dozen layouts one student needs;
/// text every student shares (titles, prompts, dates) is shaped once and kept: shaping is
/// most of the cost of a page.
final class PDFCanvas {
    /// The fonts the checklists use, each one description made once per canvas at the sizes
    /// the canvas was made with (`FontSizes`, from the look's base size).
    enum Font: Int, CaseIterable {
        case name, sheetTitle, heading, body, small, footer

        var bold: Bool { self == .name || self == .sheetTitle || self == .heading }
    }

    /// Each font's size in points. A canvas is made for one look: its font descriptions are
    /// made once, so a class of students shares them.
    struct FontSizes: Equatable {
        var name: Double
        var sheetTitle: Double
        var heading: Double
        var body: Double
        var small: Double
        var footer: Double

        subscript(font: Font) -> Double {
            switch font {
            case .name: name
            case .sheetTitle: sheetTitle
            case .heading: heading
            case .body: body
            case .small: small
            case .footer: footer
            }
        }
    }

    /// A stretch of text in one style; `box` is an empty square to tick, laid out inline (it
    /// wraps and runs right to left with the words around it) and drawn by `draw`.
    struct Run {
        var text: String
        var bold = false
        var italic = false
        var gray = false
        var box = false

        static func box() -> Run { Run(text: "\u{FFFC}", box: true) }
    }

    enum Align { case natural, right, center }

    /// A laid-out paragraph: a layout of the pool, its size, and where its boxes landed.
    struct TextBox {
        /// Index into the pool, or (negative, -1 - index) into the kept layouts.
        fileprivate let slot: Int
        let width: Double
        let height: Double
        /// Distance from the top to the first line's baseline.
        let baseline: Double
        /// Inline tick boxes, relative to the layout's top left.
        let boxes: [(x: Double, y: Double, size: Double)]
    }

    /// The family list, tried per character: Noto Sans for Latin, Greek, Cyrillic and
    /// Vietnamese, Noto's Arabic and Hebrew (DejaVu Sans's are plainer), DejaVu Sans where Noto
    /// is missing; the rest (CJK: Noto Sans CJK) from fontconfig's fallback.
    static let families = "Noto Sans,Noto Sans Arabic,Noto Sans Hebrew,DejaVu Sans,sans-serif"

    private(set) var pageCount = 0
    let sizes: FontSizes

    /// The document being drawn: its bytes, its surface and its cairo context.
    private var sink = ByteSink()
    private var surface: OpaquePointer?
    private var cairo: OpaquePointer?
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let context: OpaquePointer
    private let fonts: [OpaquePointer]
    private var pool: [OpaquePointer] = []
    /// The look's logo, decoded once.
    private let logo: PDFImage?
    private var used = 0
    /// Shared text, laid out once: what was asked for -> its box (and a layout in `kept`).
    private var keptBoxes: [String: TextBox] = [:]
    private var kept: [OpaquePointer] = []
    /// Enough for every title, prompt and date of a large project; past it, shared text is
    /// laid out again each time rather than held without bound.
    static let keptLimit = 20_000

    /// A canvas whose fonts have `sizes`; `logo` (decoded when the renderer was made) becomes
    /// one image surface, drawn by `drawLogo` and stored once per document by cairo.
    init(sizes: FontSizes, logo: PDFImage? = nil) {
        self.sizes = sizes
        self.logo = logo
        // A font map of our own at 72 dpi: one pango unit of size is one point on the page.
        fontMap = pango_cairo_font_map_new()
        pango_cairo_font_map_set_resolution(OpaquePointer(fontMap), 72)
        context = pango_font_map_create_context(fontMap)
        // No hinting and unrounded positions: glyphs sit where the font says, as in print.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        // A fixed language, not the process locale: the same input picks the same fonts
        // (CJK fallback order depends on it) on every machine.
        pango_context_set_language(context, pango_language_from_string("en"))
        fonts = Font.allCases.map { font in
            let description = pango_font_description_from_string(Self.families)!
            pango_font_description_set_size(description, Int32((sizes[font] * Double(PANGO_SCALE)).rounded()))
            if font.bold { pango_font_description_set_weight(description, PANGO_WEIGHT_BOLD) }
            return description
        }
    }

    deinit {
        for layout in pool + kept { g_object_unref(UnsafeMutableRawPointer(layout)) }
        for font in fonts { pango_font_description_free(font) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
        closeDocument()
    }

    // MARK: Document

    /// Starts a document of pages `width` by `height` points (one that was not finished is
    /// dropped).
    func beginDocument(width: Double, height: Double) {
        closeDocument()
        sink = ByteSink()
        surface = cairo_pdf_surface_create_for_stream(writeToSink, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cairo = cairo_create(surface)
        pageCount = 0
    }

    private func closeDocument() {
        if let cairo { cairo_destroy(cairo) }
        if let surface { cairo_surface_destroy(surface) }
        cairo = nil
        surface = nil
    }

    /// Title, author and dates: the dates come from the caller's clock (SOURCE_DATE_EPOCH),
    /// so the same input gives the same bytes.
    func setMetadata(title: String, author: String, date: Date) {
        let stamp = Timestamp(date).iso8601
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, Self.clean(title))
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, Self.clean(author))
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "pbl")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, stamp)
    }

    /// A bookmark to the page now being drawn.
    func addOutline(_ title: String) {
        _ = cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, Self.clean(title), "page=\(pageCount + 1)", cairo_pdf_outline_flags_t(0))
    }

    /// Ends the page being drawn; cairo writes it out and keeps only what the end needs.
    func endPage() {
        cairo_show_page(cairo)
        pageCount += 1
    }

    struct DrawingError: Error, CustomStringConvertible {
        let status: String
        var description: String { "cannot make the PDF: \(status)" }
    }

    /// Finishes the document (fonts, outline, cross-reference table) and returns its bytes.
    func finishDocument() throws -> Data {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        closeDocument()
        guard status == CAIRO_STATUS_SUCCESS else { throw DrawingError(status: String(cString: cairo_status_to_string(status))) }
        return sink.data
    }

    // MARK: Text

    /// Whether a paragraph runs right to left (its first strong letter is Arabic, Hebrew, ...),
    /// as pango will lay it out: a list marker then belongs on its right.
    static func isRightToLeft(_ text: String) -> Bool {
        pango_find_base_dir(text, -1) == PANGO_DIRECTION_RTL
    }

    /// Lays text out in `width` points: words wrap at word boundaries (inside a word only
    /// when it is longer than a line), each paragraph's direction comes from its first strong
    /// letter. Longer than `maxLines` lines, it ends in an ellipsis: a page is finite.
    ///
    /// `shared` text (the same for every student: the plan's titles, dates, labels) is laid
    /// out once and its layout kept for the whole document.
    func text(_ runs: [Run], font: Font, width: Double, maxLines: Int = 30, align: Align = .natural, shared: Bool = false) -> TextBox {
        guard shared else { return layOut(runs, font: font, width: width, maxLines: maxLines, align: align, into: nextLayout()) }
        var key = "\(font.rawValue) \(width) \(maxLines) \(align)"
        for run in runs { key += "\u{0}\(run.bold ? 1 : 0)\(run.italic ? 1 : 0)\(run.gray ? 1 : 0)\(run.box ? 1 : 0)\(run.text)" }
        if let box = keptBoxes[key] { return box }
        guard kept.count < Self.keptLimit else { return text(runs, font: font, width: width, maxLines: maxLines, align: align) }
        let layout = pango_layout_new(context)!
        kept.append(layout)
        let box = layOut(runs, font: font, width: width, maxLines: maxLines, align: align, into: layout, slot: -kept.count)
        keptBoxes[key] = box
        return box
    }

    private func layOut(_ runs: [Run], font: Font, width: Double, maxLines: Int, align: Align, into layout: OpaquePointer,
                        slot: Int? = nil) -> TextBox {
        var text = ""
        let attributes = pango_attr_list_new()!
        var boxOffsets: [Int] = []
        let boxSize = sizes[font] * 0.95
        for run in runs {
            let start = text.utf8.count
            text += run.box ? run.text : Self.clean(run.text)
            let end = text.utf8.count
            guard end > start else { continue }
            func add(_ attribute: UnsafeMutablePointer<PangoAttribute>) {
                attribute.pointee.start_index = UInt32(start)
                attribute.pointee.end_index = UInt32(end)
                pango_attr_list_insert(attributes, attribute)
            }
            if run.bold { add(pango_attr_weight_new(PANGO_WEIGHT_BOLD)) }
            if run.italic { add(pango_attr_style_new(PANGO_STYLE_ITALIC)) }
            if run.gray { add(pango_attr_foreground_new(0x4444, 0x4444, 0x4444)) }
            if run.box {
                // Room for the box and a space either side; pango draws nothing there.
                let unit = Double(PANGO_SCALE)
                var ink = PangoRectangle(x: Int32(boxSize * 0.3 * unit), y: Int32(-boxSize * 0.85 * unit),
                                         width: Int32(boxSize * unit), height: Int32(boxSize * unit))
                var logical = PangoRectangle(x: 0, y: Int32(-boxSize * 0.85 * unit),
                                             width: Int32(boxSize * 1.6 * unit), height: Int32(boxSize * unit))
                add(pango_attr_shape_new(&ink, &logical))
                boxOffsets.append(start)
            }
        }
        // Lines 1.28 times the font size apart, as the HTML checklist's CSS has them: Noto's
        // own line height (1.36) would push a three-cycle checklist onto a second page.
        let lineHeight = pango_attr_line_height_new_absolute(Int32(sizes[font] * 1.28 * Double(PANGO_SCALE)))!
        lineHeight.pointee.start_index = 0
        lineHeight.pointee.end_index = UInt32.max
        pango_attr_list_insert(attributes, lineHeight)
        pango_layout_set_font_description(layout, fonts[font.rawValue])
        pango_layout_set_width(layout, Int32(max(1, width) * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        pango_layout_set_height(layout, Int32(-max(1, maxLines)))
        pango_layout_set_alignment(layout, align == .right ? PANGO_ALIGN_RIGHT : align == .center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT)
        pango_layout_set_text(layout, text, Int32(text.utf8.count))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        var inkRect = PangoRectangle(), logicalRect = PangoRectangle()
        pango_layout_get_extents(layout, &inkRect, &logicalRect)
        let scale = Double(PANGO_SCALE)
        let boxes = boxOffsets.map { offset -> (x: Double, y: Double, size: Double) in
            var position = PangoRectangle()
            pango_layout_index_to_pos(layout, Int32(offset), &position)
            // Right to left, the rectangle's width is negative: its x is the right edge.
            let left = Double(min(position.x, position.x + position.width)) / scale
            let lineTop = Double(position.y) / scale
            let lineHeight = Double(position.height) / scale
            return (left + boxSize * 0.3, lineTop + (lineHeight - boxSize) / 2 + boxSize * 0.08, boxSize)
        }
        return TextBox(slot: slot ?? used - 1, width: Double(logicalRect.x + logicalRect.width) / scale,
                       height: Double(logicalRect.height) / scale,
                       baseline: Double(pango_layout_get_baseline(layout)) / scale, boxes: boxes)
    }

    /// Paints a laid-out paragraph with its top left at (x, y), and its inline boxes.
    func draw(_ box: TextBox, x: Double, y: Double) {
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, box.slot >= 0 ? pool[box.slot] : kept[-1 - box.slot])
        for inline in box.boxes {
            strokeRect(x: x + inline.x, y: y + inline.y, width: inline.size, height: inline.size, lineWidth: 1)
        }
    }

    /// Lets the next `text` calls reuse every layout: call once what was laid out is drawn.
    func recycleText() { used = 0 }

    private func nextLayout() -> OpaquePointer {
        if used == pool.count { pool.append(pango_layout_new(context)) }
        used += 1
        return pool[used - 1]
    }

    /// What HTML does with whitespace (a line break in a title is a space) and what the text
    /// renderer does with control characters; long values are cut before pango sees them.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > 4000 { scalars.append("…"); break }
            let value = scalar.value
            if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE {
                scalars.append("\u{FFFD}")   // a noncharacter: pango refuses the whole text
            } else {
                scalars.append(Escape.isUnprintable(scalar) || value == 0x2028 || value == 0x2029 || value == 0xFFFC ? " " : scalar)
            }
        }
        return String(scalars)
    }

    // MARK: Lines and boxes

    func strokeRect(x: Double, y: Double, width: Double, height: Double, lineWidth: Double, gray: Double = 0) {
        cairo_set_source_rgb(cairo, gray, gray, gray)
        cairo_set_line_width(cairo, lineWidth)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_stroke(cairo)
    }

    func line(from start: (Double, Double), to end: (Double, Double), width: Double, gray: Double = 0) {
        cairo_set_source_rgb(cairo, gray, gray, gray)
        cairo_set_line_width(cairo, width)
        cairo_move_to(cairo, start.0, start.1)
        cairo_line_to(cairo, end.0, end.1)
        cairo_stroke(cairo)
    }

    /// Diagonal hatching in a rectangle: a cell that does not apply.
    func hatch(x: Double, y: Double, width: Double, height: Double) {
        cairo_save(cairo)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_clip(cairo)
        cairo_set_source_rgb(cairo, 0.7, 0.7, 0.7)
        cairo_set_line_width(cairo, 0.6)
        var offset = -height
        while offset < width {
            cairo_move_to(cairo, x + offset, y + height)
            cairo_line_to(cairo, x + offset + height, y)
            offset += 5
        }
        cairo_stroke(cairo)
        cairo_restore(cairo)
    }

    /// Runs `body` with drawing limited to a rectangle: a block taller than a page is cut
    /// at the margin rather than printed over the footer.
    /// The logo scaled to `width` by `height` points with its top left at (x, y).
    func drawLogo(x: Double, y: Double, width: Double, height: Double) {
        guard let logo, let cairo else { return }
        cairo_save(cairo)
        cairo_translate(cairo, x, y)
        cairo_scale(cairo, width / Double(logo.width), height / Double(logo.height))
        cairo_set_source_surface(cairo, logo.surface, 0, 0)
        cairo_paint(cairo)
        cairo_restore(cairo)
    }

    func clipped(x: Double, y: Double, width: Double, height: Double, _ body: () -> Void) {
        cairo_save(cairo)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_clip(cairo)
        body()
        cairo_restore(cairo)
    }
}

/// Where cairo's stream of PDF bytes goes: pages are written as they end.
private final class ByteSink {
    var data = Data()
}

private func writeToSink(_ closure: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<UInt8>?, _ length: UInt32) -> cairo_status_t {
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}
