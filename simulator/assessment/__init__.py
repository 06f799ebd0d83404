"""Auto-graded assessments with nbgrader: each trainee gets their own cases, typed into widgets.

`replylab assessment build` writes the course (course.py); the notebook's locked cells call an
AssessmentSession (session.py), which finds the trainee (identity.py), rebuilds their cases
(spec.py), reads the answers file (answers.py), replays it on a simulated clock (clock.py) and
grades it (scoring.py, feedback.py). nbgrader_hooks.py is loaded by nbgrader, never the kernel.
"""

from simulator.assessment.session import DEFAULT_POINTS, AssessmentSession
from simulator.assessment.spec import AssessmentError, AssessmentSpec

__all__ = ["DEFAULT_POINTS", "AssessmentError", "AssessmentSession", "AssessmentSpec"]
