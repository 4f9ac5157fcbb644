"""Plain typed objects for every input. No I/O here: readers build these."""
from generator.model.office import FontSettings, Office
from generator.model.plan import Action, Goal, Plan, Rhythm, Schedule, Task
from generator.model.organization import Department, Duty

__all__ = ["Action", "Department", "Duty", "FontSettings", "Goal", "Office", "Plan", "Rhythm", "Schedule", "Task"]
