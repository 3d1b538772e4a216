"""factquiz: a terminal fact-check quiz whose answers are proven by the article."""

__version__ = "0.1.0"
