"""The window's annotation views: the reusable list, the week's annotations, search, and the
Annotations menu's commands (export, import, Markdown, colour meanings)."""
