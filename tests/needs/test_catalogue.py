"""The needs catalogue and the person's page content: validated at load, errors name the file,
the key and the reason; the shipped files cover every pathway in English and Welsh."""

import pytest

from resettlement.config_files import ConfigError
from resettlement.needs.catalogue import load_catalogue
from resettlement.person_view.content import load_person_page, nation_of
from resettlement.policy import load_policy
from resettlement.settings import REPO_CONFIG_DIR
from resettlement.vocabulary import Pathway
from tests.factories import edit_yaml


def test_the_shipped_catalogue_has_needs_on_all_seven_pathways_in_english_and_welsh():
    catalogue = load_catalogue(REPO_CONFIG_DIR)
    assert set(catalogue.pathways) == set(Pathway)
    assert catalogue.get("finance_id", "birth_certificate") is not None
    assert catalogue.get("health", "gp_registration") is not None
    assert catalogue.get("health", "prescription_on_release") is not None
    for _pathway, needs in catalogue.choices():
        assert all(n.person.en and n.person.cy and n.person.en != n.person.cy for n in needs)


def test_the_shipped_policy_chases_needs_28_days_out_and_ends_a_link_at_five_wrong_dates():
    policy = load_policy(REPO_CONFIG_DIR)
    assert policy.needs.not_started_days_before_release == 28
    assert policy.person_link.max_wrong_dates_of_birth == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("health"), "key 'health': missing pathway"),
        (lambda d: d.update(space=d["health"]), "key 'space': not a pathway"),
        (lambda d: d["health"][0].update(owner="rom"), "key 'health[0].owner'"),
        (lambda d: d["health"].append(dict(d["health"][0])), "'health[5].code': duplicate code"),
        (lambda d: d["health"][0]["person"].pop("cy"), "key 'health[0].person.cy'"),
        (lambda d: d.update(health=[]), "key 'health': must list at least one need"),
    ],
)
def test_a_bad_catalogue_is_refused_naming_the_file_and_key(config_copy, change, message):
    path = config_copy / "needs.yaml"
    edit_yaml(path, change)
    with pytest.raises(ConfigError) as raised:
        load_catalogue(config_copy)
    assert str(path) in str(raised.value) and message in str(raised.value)


def test_a_bad_helpline_number_is_refused_naming_its_key(config_copy):
    path = config_copy / "person_page.yaml"
    edit_yaml(path, lambda d: d["helplines"][0].update(number="call us"))
    with pytest.raises(ConfigError, match=r"helplines\.0\.number"):
        load_person_page(config_copy)


def test_an_area_code_starting_w_is_in_wales():
    page = load_person_page(REPO_CONFIG_DIR)
    assert nation_of("W06000015") == "wales" and nation_of("E08000021") == "england"
    assert nation_of(None) == "england"
    assert any("Cymru" in h.name.en for h in page.helplines_for("wales"))
    assert not any("Cymru" in h.name.en for h in page.helplines_for("england"))
