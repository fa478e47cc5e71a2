internal import CPangoCairo
import Foundation

/// A PNG decoded by cairo, once, when the renderer is made: a logo that cairo cannot read
/// stops the command before anything is written, never half-way through a class.
final class PDFImage: @unchecked Sendable {
    // Sendable: the surface is never drawn on or changed after it is decoded; cairo only reads it.
    let surface: OpaquePointer
    let width: Int
    let height: Int

    struct DecodeError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot draw the logo \(path): \(reason)" }
    }

    init(png: [UInt8], path: String) throws(DecodeError) {
        let reader = PNGBytes(png)
        let decoded = cairo_image_surface_create_from_png_stream(readPNG, Unmanaged.passUnretained(reader).toOpaque())!
        let status = cairo_surface_status(decoded)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(decoded)
            throw DecodeError(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        surface = decoded
        width = Int(cairo_image_surface_get_width(decoded))
        height = Int(cairo_image_surface_get_height(decoded))
    }

    deinit { cairo_surface_destroy(surface) }
}

/// The bytes cairo's PNG reader pulls from, in order.
private final class PNGBytes {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

private func readPNG(_ closure: UnsafeMutableRawPointer?, _ data: UnsafeMutablePointer<UInt8>?, _ length: UInt32) -> cairo_status_t {
    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
    let reader = Unmanaged<PNGBytes>.fromOpaque(closure).takeUnretainedValue()
    let count = Int(length)
    guard reader.offset + count <= reader.bytes.count else { return CAIRO_STATUS_READ_ERROR }
    reader.bytes.withUnsafeBufferPointer { buffer in
        data.update(from: buffer.baseAddress! + reader.offset, count: count)
    }
    reader.offset += count
    return CAIRO_STATUS_SUCCESS
}
