"""The reading of a reply, made once per grade and shared by every criterion: its words and
phrase matches (context.py), sentences, clauses, negation and who each clause addresses
(clauses.py), stems (stems.py), the values it states (values.py), its sign-off, its moves to a
private channel, its politeness signal and the patterns that game the grader. Everything costly
is computed here, lazily and once, so criteria stay small and fast."""
