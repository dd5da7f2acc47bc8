"""Quality management (성과평가·점검): the mandatory completion assessment (online exam or offline
scores), completion (수료), employment outcomes and rates, the satisfaction survey, and
inspections with the ranked list of courses to look at first.

A top-level package like `content` and `attendance`: it imports `classroom.core`, the public
models and services of `classroom` domains and attendance's public read API and fraud signals
(through `attendance_source`, the one place quality reads attendance); attendance and the
`classroom` domains never import it.
"""
