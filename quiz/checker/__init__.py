"""The bank checker (`quiz check`), a layer above the bank, the sources and the grader: `check`
proves every citation and runs the other checks, `grounding` (is the answer in the cited
words?), `lint` (item-writing rules) and `coverage` (facts no question asks).

Nothing is imported here, so that `quiz draft` can use `grounding` and `lint` without the
checker's own imports."""
