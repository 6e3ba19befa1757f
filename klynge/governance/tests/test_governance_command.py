"""``klynge governance check``: the table, the JSON and the exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from klynge import cli
from klynge.governance.tests.rule_fixtures import dk_cluster, dk_council, no_community

pytestmark = pytest.mark.django_db
DATE = "2024-06-01"
KEYS = {"collaboration", "rule", "severity", "message", "body", "seat", "municipality",
        "citation", "source"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("governance", "check", "--date", DATE, *args, stdout=out)
    return out.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str]:
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("governance", "check", "--date", DATE, *args, stdout=out)
    return raised.value, out.getvalue()


def test_clean_collaborations_exit_zero_with_a_table() -> None:
    dk_cluster("klyngen")
    no_community("fellesskapet")
    output = run("--language", "en")
    assert "Klynge klyngen (klyngen)" in output
    assert "Helsefellesskap fellesskapet (fellesskapet)" in output
    assert output.count("No findings.") == 2
    assert "Collaborations: 2. Errors: 0. Warnings: 0. Notes: 0." in output


def test_errors_exit_one_and_are_listed_by_collaboration() -> None:
    built = dk_cluster("klyngen")
    built.seats["patients"].delete()
    dk_cluster("andre")
    error, output = run_failing("--language", "en")
    assert error.returncode == 1
    assert "1 governance error found." in str(error)
    klyngen = output.index("(klyngen)")
    andre = output.index("(andre)")
    line = next(line for line in output.splitlines() if "dk-cluster-patients" in line)
    assert line.split()[0] == "error"
    assert "Neither patients nor relatives have a seat" in line
    assert andre < klyngen < output.index(line)  # ordered by name, each under its heading


def test_warnings_alone_exit_zero() -> None:
    built = dk_cluster("klyngen")
    seat = built.seats["gp"]
    seat.pk = None
    seat.person = None
    seat.save()  # a second, vacant GP seat
    output = run("--collaboration", "klyngen", "--language", "en")
    assert "seat-vacant" in output
    assert "Warnings: 1." in output


def test_json_is_a_list_of_findings_with_stable_keys() -> None:
    built = dk_cluster("klyngen")
    built.seats["mayor_co_chair"].delete()
    error, output = run_failing("--collaboration", "klyngen", "--json", "--language", "en")
    assert error.returncode == 1
    findings = json.loads(output)
    assert findings and all(set(finding) == KEYS for finding in findings)
    mayors = [{k: v for k, v in f.items() if k not in ("citation", "source")}
              for f in findings if f["rule"] == "dk-cluster-mayors"]
    assert mayors == [{
        "collaboration": "klyngen", "rule": "dk-cluster-mayors", "severity": "error",
        "message": f"{built.municipalities[0].name} has no mayor on the political level.",
        "body": None, "seat": None,
        "municipality": built.municipalities[0].municipality.code,  # type: ignore[union-attr]
    }]


def test_json_of_a_clean_collaboration_is_an_empty_list() -> None:
    dk_cluster("klyngen")
    assert json.loads(run("--collaboration", "klyngen", "--json")) == []


def test_only_the_collaboration_asked_for() -> None:
    dk_cluster("klyngen")
    dk_cluster("andre").seats["gp"].delete()
    output = run("--collaboration", "klyngen", "--language", "en")
    assert "(andre)" not in output


def test_unknown_collaboration_exits_two() -> None:
    error, _output = run_failing("--collaboration", "findes-ikke")
    assert error.returncode == 2
    assert "findes-ikke" in str(error)


def test_unknown_language_exits_two() -> None:
    error, _output = run_failing("--language", "xx")
    assert error.returncode == 2


def test_bad_date_is_refused() -> None:
    with pytest.raises(CommandError, match="--date"):
        call_command("governance", "check", "--date", "1. juni", stdout=StringIO())


def test_the_date_decides_the_rules() -> None:
    built = dk_cluster("klyngen", valid_to=None)
    built.seats["gp"].delete()
    run_failing("--collaboration", "klyngen")
    out = StringIO()
    call_command("governance", "check", "--collaboration", "klyngen", "--date", "2027-03-01",
                 "--json", stdout=out)
    assert [f["rule"] for f in json.loads(out.getvalue())] == ["no-specific-rules"]


def test_the_klynge_console_script_exits_one_on_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built = dk_cluster("klyngen")
    built.seats["gp"].delete()
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test transaction
    with pytest.raises(SystemExit) as raised:
        cli.main(["klynge", "governance", "check", "--collaboration", "klyngen",
                  "--date", DATE, "--json", "--language", "en"])
    assert raised.value.code == 1
    captured = capsys.readouterr()
    assert [f["rule"] for f in json.loads(captured.out)] == ["dk-cluster-general-practice"]
    assert "1 governance error found." in captured.err


def test_the_table_cites_the_paragraph_of_each_finding() -> None:
    built = dk_cluster("klyngen")
    built.seats["patients"].delete()
    _error, output = run_failing("--collaboration", "klyngen", "--language", "en")
    lines = output.splitlines()
    index = next(i for i, line in enumerate(lines) if "dk-cluster-patients" in line)
    assert lines[index + 1].strip() == (
        "Source: sundhedsloven § 203, stk. 4, 3. pkt. (L 191, 2021-22) "
        "<https://ft.dk/samling/20211/lovforslag/l191/20211_l191_som_fremsat.htm>")


def test_rules_lists_the_rules_that_judged_with_their_citation() -> None:
    dk_council("raadet")
    out = StringIO()
    call_command("governance", "check", "--date", "2027-03-01", "--collaboration", "raadet",
                 "--language", "en", "--rules", stdout=out)
    output = out.getvalue()
    assert ("dk-council-chair (error, verified): regionsloven § 15, stk. 2 and 6 (as amended "
            "by L 214, 2024-25)") in output
    assert "dk-council-municipalities (info, unverified)" in output
    assert "dk-cluster" not in output


def apply_template(*args: str) -> str:
    out = StringIO()
    call_command("governance", "apply-template", "--kind", "health_cluster", "--date", DATE,
                 *args, stdout=out)
    return out.getvalue()


def test_apply_template_creates_what_is_missing_once() -> None:
    built = dk_cluster("klyngen")
    built.seats["patients"].delete()
    seats = built.strategic.seats.count()
    dry = apply_template("--dry-run")
    assert "vacant seat in Fagligt strategisk: patients" in dry
    assert built.strategic.seats.count() == seats  # the dry run created nothing
    output = apply_template()
    assert "0 bodies and 2 vacant seats created." in output  # patients and relatives
    assert "Collaborations: 1. Bodies created: 0. Vacant seats created: 2." in output
    assert "Vacant seats created: 0." in apply_template("--collaboration", "klyngen")
    assert "Nothing is missing." in apply_template("--dry-run")


def test_apply_template_for_an_unknown_collaboration_exits_two() -> None:
    with pytest.raises(CommandError) as raised:
        apply_template("--collaboration", "findes-ikke")
    assert raised.value.returncode == 2
