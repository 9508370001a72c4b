"""Introductions: a member of an organization asks an organization of the other country to get
in touch; addresses are shown to both sides only once the counterpart accepts."""
