"""Learned role filling: who did it, to whom or what, with what.

Per report, every noun phrase of its parsed sentences is a candidate (``candidates``), described
by its words, its dependency path to the event word, voice, say-verb scope, entity type, the
lexicons and the actor dictionary's kind (``features``). A linear model trained by
``training/roles/train_roles.py`` on MUC-4 train and sentences we wrote (``model``; numpy at run
time) labels each as perpetrator_individual, perpetrator_org, target, victim, weapon or none, and
``decide`` keeps the confident ones. Assembly (``extract.assemble.reports``) writes them into the
report when ``[extract] roles = "learned"``; where the model keeps nothing for a field, the rule
finders' values stay. Pure: no database, no network.
"""

from __future__ import annotations

from warmonitor.roles.candidates import Candidate, gather_candidates
from warmonitor.roles.decide import RoleFill, decide_roles, learned_roles
from warmonitor.roles.features import candidate_features
from warmonitor.roles.model import (
    MODEL_DIR,
    ROLE_LABELS,
    RoleModel,
    RoleModelError,
    load_role_model,
    read_role_model,
    save_role_model,
)

__all__ = [
    "MODEL_DIR",
    "ROLE_LABELS",
    "Candidate",
    "RoleFill",
    "RoleModel",
    "RoleModelError",
    "candidate_features",
    "decide_roles",
    "gather_candidates",
    "learned_roles",
    "load_role_model",
    "read_role_model",
    "save_role_model",
]
