"""The matching core: exclusions, ranking, candidates, and the assignment's solvers.

No database: plain objects in, plain objects out. The property tests draw small worlds and
small candidate graphs; the min-cost flow must equal HiGHS (and brute force where small).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.volunteering.matching import (
    PARTS,
    Assignment,
    Candidates,
    Certificate,
    Preferences,
    Reason,
    Referral,
    Rules,
    Volunteer,
    Weights,
    assign,
    candidates,
    capacities,
    check_with_highs,
    exclusions,
    greedy,
    rank,
)

DAY = dt.date(2026, 11, 30)
PLACES = {"A": (0.0, 0.0), "B": (10.0, 0.0), "C": (30.0, 0.0), "D": (19.99, 0.0)}
RULES = Rules(required_certificates=frozenset({"police_record"}), max_distance_km=20)
MON, TUE, WED, THU = ((d, "morning") for d in range(4))
POLICE = Certificate("police_record", dt.date(2025, 1, 1), dt.date(2029, 1, 1))
PROPERTY = settings(max_examples=30, deadline=None, database=None)


def km(a: str, b: str) -> float | None:
    if a not in PLACES or b not in PLACES:
        return None
    return math.dist(PLACES[a], PLACES[b])


def volunteer(id: int | str = 1, **changes: object) -> Volunteer:
    base = Volunteer(
        id=id,
        languages=frozenset({"da"}),
        area="A",
        availability=frozenset({MON, TUE}),
        gender="female",
        max_load=2,
        current_load=0,
        certificates=(POLICE,),
    )
    return dataclasses.replace(base, **changes)


def referral(id: int | str = 1, **changes: object) -> Referral:
    base = Referral(
        id=id,
        person_key=f"p{id}",
        languages=("da",),
        area="A",
        availability=frozenset({MON, TUE}),
    )
    return dataclasses.replace(base, **changes)


def lists(c: Candidates) -> dict[object, list[tuple[object, int]]]:
    """Each referral's kept volunteers with their scores, in order."""
    out: dict[object, list[tuple[object, int]]] = {}
    for r, v, s in zip(c.referral.tolist(), c.volunteer.tolist(), c.score.tolist(), strict=True):
        out.setdefault(c.referral_ids[r], []).append((c.volunteer_ids[v], s))
    return out


# Exclusions


EXPIRED = Certificate("police_record", dt.date(2023, 1, 1), DAY)
LATER = Certificate("police_record", DAY + dt.timedelta(days=1), None)


@pytest.mark.parametrize(
    ("v_changes", "r_changes", "reason"),
    [
        ({"active": False}, {}, Reason.INACTIVE),
        ({"current_load": 2}, {}, Reason.AT_CAPACITY),
        ({"max_load": 0}, {}, Reason.AT_CAPACITY),
        ({"certificates": ()}, {}, Reason.CERTIFICATE_MISSING),
        ({"certificates": (LATER,)}, {}, Reason.CERTIFICATE_MISSING),
        (
            {"certificates": (Certificate("first_aid", dt.date(2025, 1, 1)),)},
            {},
            Reason.CERTIFICATE_MISSING,
        ),
        ({"certificates": (EXPIRED,)}, {}, Reason.CERTIFICATE_EXPIRED),
        ({"languages": frozenset({"en"})}, {}, Reason.NO_COMMON_LANGUAGE),
        ({"area": "C"}, {}, Reason.TOO_FAR),
        ({"area": "nowhere"}, {}, Reason.DISTANCE_UNKNOWN),
        ({"availability": frozenset({WED})}, {}, Reason.NO_AVAILABILITY_OVERLAP),
        ({}, {"availability": frozenset()}, Reason.NO_AVAILABILITY_OVERLAP),
        ({}, {"preferences": Preferences(gender="male")}, Reason.PREFERENCE_EXCLUDED),
        (
            {"gender": None},
            {"preferences": Preferences(gender="female")},
            Reason.PREFERENCE_EXCLUDED,
        ),
        (
            {"traits": frozenset({"dog", "chess"})},
            {"preferences": Preferences(avoid=frozenset({"dog"}))},
            Reason.PREFERENCE_EXCLUDED,
        ),
    ],
)
def test_each_reason_excludes_and_is_shown(v_changes, r_changes, reason):
    v, r = volunteer(7, **v_changes), referral(**r_changes)
    assert exclusions(r, [v], RULES, DAY, km) == {7: (reason,)}
    assert rank(r, [v], RULES, DAY, km) == []
    assert len(candidates([r], [v], RULES, DAY, km)) == 0


def test_the_same_volunteer_unchanged_is_eligible():
    v, r = volunteer(7), referral()
    assert exclusions(r, [v], RULES, DAY, km) == {}
    assert [x.volunteer_id for x in rank(r, [v], RULES, DAY, km)] == [7]
    assert lists(candidates([r], [v], RULES, DAY, km)) == {
        1: [(7, rank(r, [v], RULES, DAY, km)[0].total)]
    }


def test_certificate_valid_through_the_day_before_it_expires_and_one_valid_is_enough():
    last_day = Certificate("police_record", dt.date(2023, 1, 1), DAY + dt.timedelta(days=1))
    both = (EXPIRED, last_day)
    r = referral()
    for certificates in ((last_day,), both):
        assert exclusions(r, [volunteer(certificates=certificates)], RULES, DAY, km) == {}
    no_rule = Rules(max_distance_km=20)
    assert exclusions(r, [volunteer(certificates=(EXPIRED,))], no_rule, DAY, km) == {}


def test_every_reason_is_listed_in_order():
    v = volunteer(
        3,
        active=False,
        certificates=(EXPIRED,),
        languages=frozenset({"en"}),
        area="C",
        availability=frozenset({THU}),
        traits=frozenset({"dog"}),
    )
    r = referral(preferences=Preferences(avoid=frozenset({"dog"})))
    assert exclusions(r, [v], RULES, DAY, km)[3] == (
        Reason.INACTIVE,
        Reason.CERTIFICATE_EXPIRED,
        Reason.NO_COMMON_LANGUAGE,
        Reason.TOO_FAR,
        Reason.NO_AVAILABILITY_OVERLAP,
        Reason.PREFERENCE_EXCLUDED,
    )
    assert exclusions(r, [v], RULES, DAY, km)[3][1] == "certificate_expired"  # a plain code


def test_missing_and_expired_certificates_of_two_kinds_give_both_reasons():
    rules = dataclasses.replace(RULES, required_certificates=frozenset({"police_record", "course"}))
    assert exclusions(referral(), [volunteer(certificates=(EXPIRED,))], rules, DAY, km) == {
        1: (Reason.CERTIFICATE_MISSING, Reason.CERTIFICATE_EXPIRED)
    }


def test_distance_limit_is_inclusive_and_a_mapping_works_both_ways():
    r = referral()
    assert exclusions(r, [volunteer(area="D")], RULES, DAY, km) == {}  # 19.99 km
    table = {("B", "A"): 20.0, ("A", "C"): 20.1}
    assert exclusions(
        r,
        [volunteer(1, area="B"), volunteer(2, area="C"), volunteer(3, area="A")],
        RULES,
        DAY,
        table,
    ) == {2: (Reason.TOO_FAR,)}
    assert exclusions(r, [volunteer(area="X")], RULES, DAY, table) == {
        1: (Reason.DISTANCE_UNKNOWN,)
    }
    people = [volunteer(1, area="B"), volunteer(2, area="C"), volunteer(3, area="X")]
    assert [v for v, _ in lists(candidates([r], people, RULES, DAY, table))[1]] == [1]
    assert rank(r, people, RULES, DAY, table)[0].parts["distance"] == 0  # 20 km: no points


# Ranking


def test_ranking_order_and_breakdown():
    wed_thu = frozenset({MON, TUE, WED, THU})
    r = referral(
        languages=("ar", "da"),
        availability=wed_thu,
        family_key="f1",
        preferences=Preferences(wished=frozenset({"chess", "walks"})),
    )
    people = [
        volunteer(
            3,
            languages=frozenset({"ar", "da"}),
            area="B",
            availability=frozenset({MON}),
            max_load=1,
        ),
        volunteer(
            2,
            languages=frozenset({"da"}),
            area="B",
            availability=wed_thu,
            traits=frozenset({"chess", "walks"}),
            max_load=3,
            past_family_keys=frozenset({"f1"}),
        ),
        volunteer(
            1,
            languages=frozenset({"ar"}),
            traits=frozenset({"chess"}),
            current_load=1,
            past_person_keys=frozenset({"p1"}),
        ),
        volunteer(
            0,
            languages=frozenset({"ar", "da"}),
            area="B",
            availability=frozenset({TUE}),
            max_load=1,
        ),
    ]
    ranked = rank(r, people, RULES, DAY, km)
    assert [(x.volunteer_id, x.total) for x in ranked] == [(1, 525), (2, 450), (0, 225), (3, 225)]
    assert ranked[0].parts == {
        "language": 100,
        "distance": 100,
        "availability": 50,
        "preferences": 50,
        "load": 25,
        "continuity": 200,
    }
    assert ranked[1].parts == {
        "language": 50,
        "distance": 50,
        "availability": 100,
        "preferences": 100,
        "load": 50,
        "continuity": 100,
    }
    assert list(ranked[2].parts) == list(PARTS)
    assert all(x.total == sum(x.parts.values()) for x in ranked)
    assert [x.volunteer_id for x in rank(r, people, RULES, DAY, km, limit=2)] == [1, 2]
    kept = lists(candidates([r], people, RULES, DAY, km, per_referral=3))
    assert kept == {1: [(1, 525), (2, 450), (0, 225)]}


def test_weights_change_the_order():
    r = referral()
    near = volunteer(1, current_load=1)  # distance 100, load 25
    far = volunteer(2, area="B")  # distance 50, load 50
    assert rank(r, [near, far], RULES, DAY, km)[0].volunteer_id == 1
    load_first = dataclasses.replace(RULES, weights=Weights(distance=10, load=200))
    assert rank(r, [near, far], load_first, DAY, km)[0].volunteer_id == 2


# Random worlds, shared by the property tests


def world(seed: int, referrals: int, volunteers: int, traits: int = 6):
    rng = random.Random(seed)
    places = {f"M{i}": (rng.uniform(0, 60), rng.uniform(0, 60)) for i in range(6)}
    languages = ["da", "en", "ar", "pl"]
    slots = [(d, p) for d in range(3) for p in ("am", "pm")]
    names = [f"t{i}" for i in range(traits)]

    def pick(items, low, high):
        return rng.sample(items, rng.randint(low, min(high, len(items))))

    refs = [
        Referral(
            id=i,
            person_key=f"p{i}",
            family_key=f"f{i % 4}" if rng.random() < 0.5 else None,
            languages=tuple(pick(languages, 1, 2)),
            area=rng.choice(list(places)),
            availability=frozenset(pick(slots, 0, 3)),
            preferences=Preferences(
                gender=rng.choice([None, None, "female", "male"]),
                avoid=frozenset(pick(names, 0, 1)) if rng.random() < 0.3 else frozenset(),
                wished=frozenset(pick(names, 0, 3)),
            ),
            urgency=rng.randint(0, 2),
        )
        for i in rng.sample(range(1000), referrals)
    ]
    vols = [
        Volunteer(
            id=f"v{i:03d}",
            languages=frozenset(pick(languages, 1, 3)),
            area=rng.choice([*places, "unknown"] if rng.random() < 0.1 else list(places)),
            availability=frozenset(pick(slots, 0, 4)),
            gender=rng.choice(["female", "male", None]),
            max_load=(m := rng.randint(0, 3)),
            current_load=rng.randint(0, m),
            certificates=(
                Certificate(
                    "police_record",
                    dt.date(2024, 1, 1),
                    rng.choice([None, DAY, DAY + dt.timedelta(days=1), dt.date(2025, 1, 1)]),
                ),
            )
            if rng.random() < 0.9
            else (),
            past_person_keys=frozenset(f"p{j}" for j in range(0, 1000, rng.randint(50, 400))),
            past_family_keys=frozenset(pick(["f0", "f1", "f2", "f3"], 0, 1)),
            active=rng.random() < 0.9,
            traits=frozenset(pick(names, 0, 4)),
        )
        for i in rng.sample(range(1000), volunteers)
    ]

    def distance(a, b):
        return None if "unknown" in (a, b) else math.dist(places[a], places[b])

    return refs, vols, distance


@PROPERTY
@given(
    seed=st.integers(0, 10**6),
    sizes=st.tuples(st.integers(1, 10), st.integers(1, 30)),
    per_referral=st.integers(1, 6),
    many_traits=st.booleans(),
    weights=st.one_of(
        st.just(Weights()),
        st.builds(Weights, *[st.integers(-50, 300)] * 7),
    ),
)
def test_candidates_are_ranks_lists_cut_at_per_referral(
    seed, sizes, per_referral, many_traits, weights
):
    refs, vols, distance = world(seed, *sizes, traits=130 if many_traits else 6)
    rules = Rules(frozenset({"police_record"}), max_distance_km=30, weights=weights)
    found = lists(candidates(refs, vols, rules, DAY, distance, per_referral=per_referral))
    for r in refs:
        expected = [(x.volunteer_id, x.total) for x in rank(r, vols, rules, DAY, distance)]
        assert found.get(r.id, []) == expected[:per_referral]
        excluded = exclusions(r, vols, rules, DAY, distance)
        assert set(excluded).isdisjoint(v for v, _ in found.get(r.id, []))
        assert len(excluded) + len(expected) == len(vols)


def test_expired_certificates_are_never_matched_at_scale():
    refs, vols, distance = world(11, 40, 200)
    expired = {
        v.id
        for v in vols
        if v.certificates and v.certificates[0].expires in (DAY, dt.date(2025, 1, 1))
    }
    assert expired
    c = candidates(refs, vols, RULES, DAY, distance)
    assert expired.isdisjoint(c.volunteer_ids[v] for v in c.volunteer.tolist())
    assert len(c) > 0
    for r in refs[:5]:
        shown = exclusions(r, vols, RULES, DAY, distance)
        assert all(Reason.CERTIFICATE_EXPIRED in shown[v] for v in expired)


# The assignment


def test_assignment_respects_capacities_and_assigns_each_referral_once():
    refs, vols, distance = world(5, 60, 40)
    c = candidates(refs, vols, RULES, DAY, distance)
    caps = capacities(vols)
    result = assign(c, caps)
    per_volunteer: dict[object, int] = {}
    for _, v in result.pairs:
        per_volunteer[v] = per_volunteer.get(v, 0) + 1
    assert per_volunteer and all(n <= caps[v] for v, n in per_volunteer.items())
    assert any(n == caps[v] for v, n in per_volunteer.items())  # capacity does bind
    assert len({r for r, _ in result.pairs}) == len(result.pairs)
    kept = {(r, v) for r, v, _ in c.triples()}
    assert set(result.pairs) <= kept
    assert len(result.pairs) + len(result.unassigned) == len(c.referral_ids)
    assert result.total_score == check_with_highs(c, caps)


def test_a_referral_stays_unassigned_when_no_capacity_is_left():
    c = Candidates.from_scores([(1, "a", 50), (2, "a", 70), (3, "a", 60), (3, "b", 10)])
    result = assign(c, {"a": 1, "b": 0})
    assert result == Assignment(pairs=((2, "a"),), total_score=70, unassigned=(1, 3))
    assert assign(c, {}) == Assignment((), 0, (1, 2, 3))


def test_negative_scores_are_never_assigned_and_zero_ones_may_be():
    c = Candidates.from_scores([(1, "a", -5), (2, "b", 0), (3, "c", -1), (3, "a", 4)])
    result = assign(c, {"a": 5, "b": 5, "c": 5})
    assert result.pairs == ((2, "b"), (3, "a"))
    assert result.total_score == 4
    assert greedy(c, {"a": 5, "b": 5, "c": 5}).pairs == result.pairs
    assert check_with_highs(c, {"a": 5, "b": 5, "c": 5}) == 4


def test_the_optimum_can_beat_greedy():
    c = Candidates.from_scores([(1, "a", 10), (1, "b", 9), (2, "a", 9)])
    caps = {"a": 1, "b": 1}
    assert greedy(c, caps) == Assignment(((1, "a"),), 10, (2,))
    assert assign(c, caps) == Assignment(((1, "b"), (2, "a")), 18, ())
    assert check_with_highs(c, caps) == 18


def test_the_total_comes_first_and_a_referrals_own_order_only_breaks_ties():
    # Referral 1 lists "a" first, referral 2 third; referral 2's pair is worth more.
    c = Candidates.from_scores([(1, "a", 1), (2, "x", 9), (2, "y", 8), (2, "a", 2)])
    assert assign(c, {"a": 1}) == Assignment(((2, "a"),), 2, (1,))
    # Equal totals: each referral gets the volunteer higher on its own list.
    c = Candidates.from_scores([(1, "b", 5), (1, "a", 5), (2, "c", 5), (2, "b", 5)])
    assert assign(c, {"a": 1, "b": 1, "c": 1}).pairs == ((1, "a"), (2, "b"))


def test_urgency_multiplies_weights_and_wins_a_contested_volunteer():
    routine, urgent = referral(1), referral(2, urgency=2, person_key="p2")
    v = volunteer(9, max_load=1)
    c = candidates([routine, urgent], [v], RULES, DAY, km)
    score = rank(routine, [v], RULES, DAY, km)[0].total
    assert c.score.tolist() == [score, score]
    assert c.weight.tolist() == [score, 3 * score]
    assert assign(c, capacities([v])) == Assignment(((2, 9),), 3 * score, (1,))
    with pytest.raises(ValueError, match="urgency 3"):
        candidates([referral(urgency=3)], [v], RULES, DAY, km)


def test_ties_go_to_the_lower_ids():
    c = Candidates.from_scores([(1, "b", 10), (1, "a", 10), (1, "c", 10)])
    assert c.position.tolist() == [0, 1, 2]
    assert [v for _, v, _ in c.triples()] == ["a", "b", "c"]
    assert assign(c, {"a": 1, "b": 1, "c": 1}).pairs == ((1, "a"),)
    assert assign(c, {"b": 1, "c": 1}).pairs == ((1, "b"),)
    assert greedy(c, {"a": 1, "b": 1, "c": 1}).pairs == ((1, "a"),)


def test_the_same_inputs_in_any_order_give_the_same_result():
    refs, vols, distance = world(3, 50, 60)
    first = candidates(refs, vols, RULES, DAY, distance, per_referral=5)
    chosen = assign(first, capacities(vols))
    rng = random.Random(1)
    for _ in range(3):
        shuffled_r, shuffled_v = refs[:], vols[:]
        rng.shuffle(shuffled_r)
        rng.shuffle(shuffled_v)
        again = candidates(shuffled_r, shuffled_v, RULES, DAY, distance, per_referral=5)
        assert again.triples() == first.triples()
        assert np.array_equal(again.position, first.position)
        assert assign(again, capacities(shuffled_v)) == chosen
        assert greedy(again, capacities(vols)) == greedy(first, capacities(vols))


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        candidates([referral(1), referral(1)], [volunteer()], RULES, DAY, km)
    with pytest.raises(ValueError, match="twice"):
        Candidates.from_scores([(1, "a", 1), (1, "a", 2)])


def brute_force(c: Candidates, caps: dict[str, int]) -> int:
    """The best total by trying every choice (a volunteer or none) for every referral."""
    options: dict[int, list[tuple[int, int]]] = {r: [] for r in range(len(c.referral_ids))}
    for r, v, w in zip(c.referral.tolist(), c.volunteer.tolist(), c.weight.tolist(), strict=True):
        options[r].append((v, w))
    best = 0
    for choice in itertools.product(*([None, *o] for o in options.values())):
        used: dict[int, int] = {}
        for pick in choice:
            if pick is not None:
                used[pick[0]] = used.get(pick[0], 0) + 1
        if all(n <= caps.get(c.volunteer_ids[v], 0) for v, n in used.items()):
            best = max(best, sum(p[1] for p in choice if p is not None))
    return best


graphs = st.lists(
    st.tuples(st.integers(0, 7), st.sampled_from("abcdef"), st.integers(-20, 100)),
    max_size=30,
    unique_by=lambda t: (t[0], t[1]),
)


@PROPERTY
@given(
    triples=graphs,
    caps=st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 3)),
    factors=st.dictionaries(st.integers(0, 7), st.integers(1, 3)),
)
def test_min_cost_flow_equals_highs_and_beats_greedy(triples, caps, factors):
    c = Candidates.from_scores(triples, factors)
    result = assign(c, caps)
    assert result.total_score == check_with_highs(c, caps)
    assert result.total_score >= greedy(c, caps).total_score
    weights = {(r, v): w for r, v, w in c.triples()}
    assert result.total_score == sum(weights[p] for p in result.pairs)
    assert all(weights[p] >= 0 for p in result.pairs)
    taken = [v for _, v in result.pairs]
    assert all(taken.count(v) <= caps.get(v, 0) for v in set(taken))
    if len(c.referral_ids) <= 5:
        assert result.total_score == brute_force(c, caps)


def test_scores_too_large_for_exact_min_cost_flow_are_refused():
    c = Candidates.from_scores([(1, "a", 10**18), (2, "a", 3)])
    with pytest.raises(ValueError, match="too large"):
        assign(c, {"a": 1})
