"""Course-site formats read into the domain model: Jekyll ``index.md`` and ``syllabus.json``."""
