"""`quiz report`: a teacher's analysis of a class's results.

- `model`: the attempts a report is made of, whatever they were read from (pure data)
- `figures`: the statistics (Moodle's definitions; pure, no I/O)
- `build`: attempts -> a `Report` (groups by bank version, picks the attempts that count)
- `load`: attempts from progress stores and from `quiz play --plain --json` result files
- `render`: the report as Rich tables, JSON, CSV files or one HTML page
- `command`: the `quiz report` command

Nothing here imports Textual; the app's Class screen draws a `Report` built here.
"""
