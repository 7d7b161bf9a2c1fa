"""Network: the HTTP session and what travels over it (syllabus source; later PDFs and forms)."""
