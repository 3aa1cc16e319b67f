"""The planning engine: a pure function (situation, knowledge base, as_of) -> plan.

No Django here: the engine runs in the CLI, the web app, tests and benchmarks alike.
"""

from recours.engine.knowledge import KnowledgeError, load_knowledge
from recours.engine.plan import make_plan
from recours.engine.situation import Situation, SituationError, parse_situation

__all__ = [
    "KnowledgeError",
    "Situation",
    "SituationError",
    "load_knowledge",
    "make_plan",
    "parse_situation",
]
