"""One request's input for the volunteering pages; the rules across rows are in ``actions``."""
