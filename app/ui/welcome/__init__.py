"""The first-run welcome: the course, the student's identity for forms, the term, reminders
and where the data lives, in five short pages (``wizard``); when it shows (``opening``).

Nothing here loads at start-up but ``opening``: the pages load when the welcome opens.
"""
