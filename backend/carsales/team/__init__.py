"""The team dashboard: managers' (their team's) and admins' (the dealership's) view of practice,
scores, measures, assignments and certifications, all aggregated in SQL (docs/team.md)."""
