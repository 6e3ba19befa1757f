"""Small pieces every app's ``actions.py`` uses: what changes, and what depends on a row."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.admin.utils import NestedObjects
from django.db import models, router


def is_different(obj: models.Model, name: str, value: Any) -> bool:
    """Whether setting ``name`` to ``value`` changes ``obj`` (relations compared by id)."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        new_id = value.pk if isinstance(value, models.Model) else value
        return bool(getattr(obj, field.attname) != new_id)  # type: ignore[union-attr]
    return bool(getattr(obj, name) != value)


def apply_changes(obj: models.Model, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set each of ``values`` that differs on ``obj``; ``{name: (old, new)}`` of those set."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        if is_different(obj, name, value):
            changes[name] = (getattr(obj, name), value)
            setattr(obj, name, value)
    return changes


def dependents(obj: models.Model) -> list[str]:
    """What would go with ``obj`` or keep it from going: ``"3 seats"``, one line per kind;
    history rows are not counted (they outlive the row they describe)."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    counts: Counter[str] = Counter()
    for model, instances in collector.model_objs.items():
        model_class: Any = model
        if model_class is type(obj) or model_class.__name__.startswith("Historical"):
            continue
        counts[str(model_class._meta.verbose_name_plural)] += len(instances)
    for protected in collector.protected:
        counts[str(type(protected)._meta.verbose_name_plural)] += 1
    return [f"{count} {name}" for name, count in sorted(counts.items())]


def validate_candidate(model: type[models.Model], obj: models.Model | None,
                       values: dict[str, Any], names: tuple[str, ...] | list[str],
                       exclude: list[str] | None = None) -> models.Model:
    """Run the model's own checks (fields, ``clean``, unique constraints) on ``obj`` as it
    would be with ``values`` (a new object when ``obj`` is None); the candidate is returned,
    nothing is saved."""
    current = {name: getattr(obj, name) for name in names} if obj is not None else {}
    candidate = model(**(current | values))
    if obj is not None:
        candidate.pk = obj.pk
        candidate._state.adding = False
    candidate.full_clean(exclude=exclude, validate_unique=True)
    return candidate


def locked(model: type[models.Model]) -> Any:
    """``model``'s rows for update: locked until the transaction ends (only the model's own
    rows, so PostgreSQL accepts it beside an outer join of ``select_related``)."""
    return model._default_manager.select_for_update(of=("self",))


def only_fields(values: dict[str, Any], allowed: tuple[str, ...], name: str) -> None:
    """``TypeError`` (a programming error, not bad input) for a field an action does not take."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{name}() got unexpected fields {sorted(unknown)}")
