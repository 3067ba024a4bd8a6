"""Policy and reference data: validated at load, errors name the file, the key and the reason."""

import pytest

from resettlement.config_files import ConfigError
from resettlement.policy import load_policy
from resettlement.reference_data import load_reference
from resettlement.settings import REPO_CONFIG_DIR
from tests.factories import edit_yaml


def test_the_shipped_policy_has_the_design_defaults():
    policy = load_policy(REPO_CONFIG_DIR)
    assert policy.reception.hacs_assessment_due_hours == 72
    assert policy.reception.carat_triage_due_days == 5
    assert policy.housing.horizon_days == [84, 56, 28, 14, 7, 2]
    assert policy.housing.rom_from_days == 14
    assert policy.release_plan.opens_days_before_release == 84
    assert policy.release_plan.signoff_days_before_release == 28
    assert policy.handover.acceptance_working_days == 1
    assert policy.tenancy_checks.days_after_release == [1, 7, 28, 91, 182]


def test_the_shipped_reference_covers_twelve_regions_with_prisons_and_areas():
    ref = load_reference(REPO_CONFIG_DIR)
    assert len(ref.regions) == 12
    assert sum(1 for r in ref.regions if r == "WA") == 1
    for code in ref.regions:
        assert sum(p.region == code for p in ref.prisons.values()) >= 3, code
        assert sum(a.region == code for a in ref.areas.values()) >= 3, code


def test_a_negative_deadline_is_refused_naming_file_and_key(config_copy):
    edit_yaml(
        config_copy / "policy.yaml", lambda d: d["reception"].update(carat_triage_due_days=-1)
    )
    with pytest.raises(ConfigError) as caught:
        load_policy(config_copy)
    assert "policy.yaml" in str(caught.value)
    assert "reception.carat_triage_due_days" in str(caught.value)
    assert "greater than 0" in str(caught.value)


def test_horizon_days_out_of_order_are_refused(config_copy):
    edit_yaml(config_copy / "policy.yaml", lambda d: d["housing"].update(horizon_days=[28, 84]))
    with pytest.raises(ConfigError, match=r"housing\.horizon_days.*strictly decreasing"):
        load_policy(config_copy)


def test_an_unknown_key_is_refused(config_copy):
    edit_yaml(config_copy / "policy.yaml", lambda d: d["housing"].update(horizon=[84]))
    with pytest.raises(ConfigError, match=r"housing\.horizon.*Extra inputs"):
        load_policy(config_copy)


def test_a_bad_cron_is_refused(config_copy):
    edit_yaml(config_copy / "policy.yaml", lambda d: d["schedule"].update(daily_cron="every day"))
    with pytest.raises(ConfigError, match=r"schedule\.daily_cron.*crontab"):
        load_policy(config_copy)


def test_a_prison_in_an_unknown_region_is_refused_with_its_index(config_copy):
    path = config_copy / "reference" / "prisons.yaml"
    edit_yaml(path, lambda d: d[2].update(region="XX"))
    with pytest.raises(ConfigError) as caught:
        load_reference(config_copy)
    assert "prisons.yaml" in str(caught.value) and "[2].region" in str(caught.value)


def test_a_duplicate_code_is_refused(config_copy):
    path = config_copy / "reference" / "areas.yaml"
    edit_yaml(path, lambda d: d.append(dict(d[0])))
    with pytest.raises(ConfigError, match="duplicate code"):
        load_reference(config_copy)


def test_a_missing_file_is_named(config_copy):
    (config_copy / "policy.yaml").unlink()
    with pytest.raises(ConfigError, match=r"policy\.yaml: file not found"):
        load_policy(config_copy)


def test_broken_yaml_is_named(config_copy):
    (config_copy / "policy.yaml").write_text("reception: [unclosed")
    with pytest.raises(ConfigError, match=r"policy\.yaml: not valid YAML"):
        load_policy(config_copy)
