"""The assignment rules of the demo catalogue, on hand-made candidates (no database)."""

from motcua.catalog.models import OnlineLevel
from motcua.demo.catalogue import (
    COMMUNE_ONLINE,
    PROMOTION_DEPARTMENT,
    Candidate,
    plan_offerings,
)

PROVINCE, COMMUNE = "Cấp tỉnh", "Cấp xã"


def candidate(pid, field_name, levels=PROVINCE, documents=1, fee_free=False, fee_charged=False):
    return Candidate(pid, f"1.{pid:06d}", field_name, levels, documents, fee_free, fee_charged)


def test_departments_take_turns_with_their_simplest_procedures_first():
    candidates = [
        candidate(1, "Luật sư", documents=5),
        candidate(2, "Luật sư", documents=1),
        candidate(3, "Công chứng", documents=2),
        candidate(4, "Thú y", documents=9),
        candidate(5, "Thú y", documents=3),
    ]

    plan = plan_offerings(candidates, online_target=2)

    assert plan.online == {2, 5}
    assert plan.departments["Sở Tư pháp"] == {
        2: OnlineLevel.PARTIAL,
        3: OnlineLevel.FORMS,
        1: OnlineLevel.FORMS,
    }
    assert plan.departments["Sở Nông nghiệp và Phát triển nông thôn"][4] == OnlineLevel.FORMS


def test_online_target_counts_distinct_procedures_across_departments_and_districts():
    shared = candidate(1, "Chứng thực", levels=f"{PROVINCE}, {COMMUNE}")
    candidates = [shared, candidate(2, "Luật sư"), candidate(3, "Hoạt động xây dựng", COMMUNE)]

    plan = plan_offerings(candidates, online_target=3)

    assert plan.online == {1, 2, 3}
    assert plan.departments["Sở Tư pháp"][1] == plan.districts[1] == OnlineLevel.PARTIAL


def test_promoted_procedure_is_online_and_fully_online_at_its_department():
    notice = candidate(99, "Xúc tiến thương mại", documents=1)
    candidates = [candidate(1, "Luật sư", fee_free=True), candidate(2, "Luật sư"), notice]

    plan = plan_offerings(candidates, promoted_id=99, online_target=2, full_online_target=2)

    assert plan.departments[PROMOTION_DEPARTMENT] == {99: OnlineLevel.FULL}
    assert plan.departments["Sở Tư pháp"] == {1: OnlineLevel.FULL, 2: OnlineLevel.FORMS}


def test_level_four_only_for_free_procedures_and_within_the_limit():
    candidates = [candidate(pid, "Luật sư", fee_free=pid % 2 == 0) for pid in range(1, 9)]

    plan = plan_offerings(candidates, online_target=6, full_online_target=2)

    levels = plan.departments["Sở Tư pháp"]
    assert [pid for pid, level in levels.items() if level == OnlineLevel.FULL] == [2, 4]


def test_communes_get_their_simplest_commune_level_procedures_online():
    candidates = [candidate(pid, "Hộ tịch", COMMUNE, documents=pid) for pid in range(1, 20)]
    candidates.append(candidate(50, "Hộ tịch", PROVINCE))

    plan = plan_offerings(candidates)

    assert list(plan.communes) == list(range(1, COMMUNE_ONLINE + 1))
    assert set(plan.communes.values()) == {OnlineLevel.PARTIAL}
    assert plan.online == {50}


def test_fields_without_a_department_are_not_offered():
    plan = plan_offerings([candidate(1, "Thuế"), candidate(2, "Hải quan", COMMUNE)])

    assert plan.online == set()
    assert not any(plan.departments.values())
    assert plan.districts == plan.communes == {}


def test_promoted_procedure_comes_first_even_when_others_are_simpler():
    simpler = candidate(5, "Xúc tiến thương mại", documents=0)
    notice = candidate(99, "Xúc tiến thương mại", documents=3)

    plan = plan_offerings([simpler, notice], promoted_id=99, online_target=1)

    assert plan.online == {99}
    assert plan.departments[PROMOTION_DEPARTMENT] == {99: OnlineLevel.FULL, 5: OnlineLevel.FORMS}


def test_every_third_fully_online_procedure_charges_a_fee_to_pay_online():
    candidates = [
        candidate(pid, "Luật sư", fee_free=pid % 2 == 0, fee_charged=pid % 2 == 1)
        for pid in range(1, 11)
    ]

    plan = plan_offerings(candidates, online_target=10, full_online_target=6)

    levels = plan.departments["Sở Tư pháp"]
    assert [pid for pid, level in levels.items() if level == OnlineLevel.FULL] == [1, 2, 3, 4, 6, 8]
