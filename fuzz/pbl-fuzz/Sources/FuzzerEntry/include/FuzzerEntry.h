// Nothing for Swift to call: this target only supplies the executable's entry point.
