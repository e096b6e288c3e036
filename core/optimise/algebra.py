"""What the model's constraint families share: scaling of rows (thousands, millions), senses, term lists."""

from __future__ import annotations

import pulp

Q = 1e-3  # quantities -> thousands
M = 1e-6  # money -> millions
GE, LE, EQ = pulp.LpConstraintGE, pulp.LpConstraintLE, pulp.LpConstraintEQ
Terms = list[tuple[pulp.LpVariable, float]]
