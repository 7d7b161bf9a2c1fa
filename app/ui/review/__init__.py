"""The review editor (a dock beside the reader), its fields, and the Due view."""
