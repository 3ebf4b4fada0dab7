"""Assignments: a manager asks a salesperson to practise a scenario."""
