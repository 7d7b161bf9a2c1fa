"""Review forms: reading a Google Form's page, and finding the form behind a course's link."""
