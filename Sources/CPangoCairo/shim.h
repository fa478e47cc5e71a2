#ifndef PBL_CPANGOCAIRO_SHIM_H
#define PBL_CPANGOCAIRO_SHIM_H
// Debian's libpango1.0-dev and libcairo2-dev (pkg-config pangocairo): pango lays text out
// (shaping, bidi, line breaking, font fallback through fontconfig), cairo draws it into a
// PDF with subset, searchable fonts. Only Sources/Render/PDF/PDFCanvas.swift uses them.
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#endif
