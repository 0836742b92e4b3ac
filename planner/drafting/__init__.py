"""From a bylaws document to a draft rulebook for a person to review:
document-to-text (`text`), number words (`numbers`), sections and sentences
with their citations (`sections`), timing clauses read into rules or
questions (`clauses`: a range of days; `phrases`: clauses read from their words;
`methods`: delivery methods; `readings`: what a reading yields), the annual
meeting's date (`meeting_dates`),
cross-references between sections (`references`), and the draft with its
coverage report and scenario skeleton (`draft`).

Layer 4 of the planner. May import: planner.errors, planner.days,
planner.rules, planner.model.
"""

__all__: list[str] = []
