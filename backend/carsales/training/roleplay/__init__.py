"""The role-play customer (pure: no web, no database): a dialogue graph per scenario (graph.py),
the engine that answers each of the salesperson's turns (engine.py), what a turn did by the
semantic judge (turns.py), the customer played by an OpenAI-compatible model (llm.py), and the
conversation's measures (measures.py). docs/training-scenarios.md has the graph's format,
docs/training-live.md the live turn."""
