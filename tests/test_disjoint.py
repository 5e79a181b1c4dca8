"""The union-find the OCR and layout stages group boxes and blocks with."""

from scan2text.disjoint import DisjointSets


def test_groups_are_ordered_by_smallest_member_with_members_ascending() -> None:
    sets = DisjointSets(7)
    sets.union(5, 1)
    sets.union(3, 6)
    sets.union(6, 5)
    sets.union(2, 2)
    assert sets.groups() == [[0], [1, 3, 5, 6], [2], [4]]
    assert sets.find(6) == sets.find(1) != sets.find(4)


def test_no_elements_no_groups() -> None:
    assert DisjointSets(0).groups() == []
