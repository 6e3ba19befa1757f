"""The volunteering forms: one request's input; the rules across rows are in ``actions``."""
