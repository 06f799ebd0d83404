"""The criteria: small functions over one reading of the reply (grading/reading/), each
returning points plus evidence in one dimension. A criterion imports the reading and the shared
modules (lexicon, model, rubric), never another criterion (tests/test_grading_layers.py)."""
