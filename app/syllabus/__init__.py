"""Course-site formats turned into the domain model: the Jekyll ``index.md`` and ``syllabus.json``."""
