"""Annotations: the domain rules, reading and writing them in PDFs, finding quotes."""
