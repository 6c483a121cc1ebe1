"""Editing a family document: each edit gives a valid family, and refuses what it cannot do."""

from __future__ import annotations

import pytest

from xlinked.io import native
from xlinked.serve._edits import EditError, apply, new_document


def people(doc):
    return {p["id"]: p for p in doc["individuals"]}


def valid(doc):
    return native.from_dict(doc)  # raises when the edit broke the family


def test_new_document_is_one_consultand():
    doc = new_document(today="2025-01-15")
    ped = valid(doc)
    assert len(ped) == 1 and ped.consultand == "1" and str(ped.date) == "2025-01-15"


def test_add_child_makes_a_partner_once():
    doc = apply(new_document(), {"op": "add_child", "id": "1", "sex": "M"})
    doc = apply(doc, {"op": "add_child", "id": "1", "sex": "F"})
    p = people(doc)
    assert p["2"]["sex"] == "M" and "mother" not in p["2"]  # the partner
    assert (p["3"]["mother"], p["3"]["father"], p["3"]["sex"]) == ("1", "2", "M")
    assert (p["4"]["mother"], p["4"]["father"], p["4"]["sex"]) == ("1", "2", "F")
    valid(doc)


def test_a_man_s_child_has_him_as_father():
    doc = new_document(sex="M")
    doc = apply(doc, {"op": "add_child", "id": "1", "sex": "F"})
    child = people(doc)["3"]
    assert child["father"] == "1" and child["mother"] == "2"
    valid(doc)


def test_add_parents_only_the_missing_ones_and_not_twice():
    doc = apply(new_document(), {"op": "add_parents", "id": "1"})
    me = people(doc)["1"]
    assert people(doc)[me["mother"]]["sex"] == "F" and people(doc)[me["father"]]["sex"] == "M"
    valid(doc)
    with pytest.raises(EditError, match="already has both parents"):
        apply(doc, {"op": "add_parents", "id": "1"})


def test_partner_without_children_is_a_union():
    doc = apply(new_document(), {"op": "add_partner", "id": "1"})
    assert doc["unions"] == [{"partners": ["1", "2"]}]
    assert valid(doc).partners("1") == ("2",)
    doc = apply(doc, {"op": "add_partner", "id": "1", "children": True})
    kid = people(doc)["4"]
    assert (kid["mother"], kid["father"], kid["sex"]) == ("1", "3", "U")
    valid(doc)


def test_sibling_is_born_next_and_gets_the_parents():
    doc = apply(new_document(), {"op": "add_sibling", "id": "1", "sex": "M"})
    ids = [p["id"] for p in doc["individuals"]]
    me, sib = people(doc)["1"], people(doc)["4"]
    assert ids.index("4") == ids.index("1") + 1  # list order is birth order
    assert (sib["mother"], sib["father"]) == (me["mother"], me["father"])
    valid(doc)


def test_twins_share_parents_and_group():
    doc = apply(new_document(), {"op": "add_twin", "id": "1"})
    doc = apply(doc, {"op": "add_twin", "id": "1"})
    assert doc["twins"] == [{"zygosity": "MZ", "members": ["1", "4", "5"]}]
    assert people(doc)["5"]["sex"] == "F"  # MZ: same sex
    valid(doc)
    doc = apply(doc, {"op": "add_twin", "id": "4", "zygosity": "DZ"})  # joins the group
    assert len(doc["twins"]) == 1
    with pytest.raises(EditError, match="zygosity"):
        apply(doc, {"op": "add_twin", "id": "1", "zygosity": "XZ"})


def test_pregnancy():
    doc = apply(new_document(), {"op": "add_pregnancy", "id": "1"})
    preg = people(doc)["3"]
    assert preg["pregnancy"] is True and preg["mother"] == "1"
    assert valid(doc)["3"].pregnancy is not None


def test_delete_removes_every_reference():
    doc = apply(new_document(), {"op": "add_twin", "id": "1"})
    doc = apply(doc, {"op": "add_partner", "id": "1"})
    doc["proband"] = "4"
    mother = people(doc)["1"]["mother"]
    doc = apply(doc, {"op": "delete", "id": "4"})  # the twin
    assert "twins" not in doc and "proband" not in doc
    doc = apply(doc, {"op": "delete", "id": mother})
    assert "mother" not in people(doc)["1"]
    partner = doc["unions"][0]["partners"][1]
    doc = apply(doc, {"op": "delete", "id": partner})
    assert "unions" not in doc
    valid(doc)


def test_refusals():
    doc = new_document()
    with pytest.raises(EditError, match="last one"):
        apply(doc, {"op": "delete", "id": "1"})
    with pytest.raises(EditError, match="no individual 'x'"):
        apply(doc, {"op": "add_child", "id": "x"})
    with pytest.raises(EditError, match="unknown edit 'fly'"):
        apply(doc, {"op": "fly", "id": "1"})
    with pytest.raises(EditError, match="sex must be"):
        apply(doc, {"op": "add_child", "id": "1", "sex": "Q"})


def test_a_parent_needs_a_sex():
    doc = new_document(sex="U")
    for edit in ({"op": "add_child", "id": "1", "sex": "M"}, {"op": "add_pregnancy", "id": "1"},
                 {"op": "add_partner", "id": "1", "children": True}):
        with pytest.raises(EditError, match="set '1''s sex at birth"):
            apply(doc, edit)
    valid(apply(doc, {"op": "add_partner", "id": "1"}))  # a partner alone is fine
    doc = apply(new_document(), {"op": "add_partner", "id": "1"})
    doc["individuals"][1]["sex"] = "F"
    with pytest.raises(EditError, match="same sex at birth"):
        apply(doc, {"op": "add_child", "id": "1"})


def test_edits_do_not_change_their_input():
    doc = new_document()
    before = repr(doc)
    apply(doc, {"op": "add_parents", "id": "1"})
    assert repr(doc) == before


def test_new_ids_skip_used_ones():
    doc = {"xlinked": 1, "individuals": [{"id": "7", "sex": "F"}, {"id": "II-1", "sex": "M"}]}
    doc = apply(doc, {"op": "add_child", "id": "7", "sex": "M"})
    assert [p["id"] for p in doc["individuals"]] == ["7", "8", "II-1", "9"]
