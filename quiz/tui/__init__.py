"""The Textual front end. Only `quiz.cli` imports it, lazily, so the rest never pays for Textual."""
