"""The cxkg command in-process: browse commands, exit codes and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxkg.cli import main

MINI = str(Path(__file__).parent / "data" / "mini.ttl")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_labels_definition_and_links(capsys):
    code, out, err = run(capsys, "show", "nps", "-f", MINI)
    assert code == 0 and not err
    assert out.splitlines()[0].startswith("Net Promoter Score")
    for expected in ("acronyms: NPS", "definition: Share of promoters", "broader: Metrics",
                     "related: Customer loyalty", "sources: Test source"):
        assert expected in out


def test_show_names_the_replacement_of_a_deprecated_concept(capsys):
    code, out, _ = run(capsys, "show", "ex:omni-channel", "-f", MINI)
    assert code == 0 and "deprecated: replaced by Omnichannel" in out


def test_unknown_term_exits_1_with_suggestions_and_no_traceback(capsys):
    code, out, err = run(capsys, "show", "net promotor", "-f", MINI)
    assert code == 1 and not out
    assert err.count("\n") == 1 and "Net Promoter Score" in err and "Traceback" not in err


def test_ambiguous_acronym_exits_1_listing_both(capsys):
    code, _, err = run(capsys, "show", "CES", "-f", MINI)
    assert code == 1 and "Customer Effort Score" in err and "Consumer Electronics Show" in err


def test_malformed_turtle_exits_2_with_file_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n')
    code, out, err = run(capsys, "show", "x", "-f", str(bad))
    assert code == 2 and not out
    assert err.strip().count("\n") == 0 and f"{bad}:3:" in err and "Traceback" not in err


def test_missing_file_and_unknown_extension_exit_2(capsys, tmp_path):
    assert run(capsys, "stats", "-f", str(tmp_path / "absent.ttl"))[0] == 2
    odd = tmp_path / "vocab.weird"
    odd.write_text("")
    code, _, err = run(capsys, "stats", "-f", str(odd))
    assert code == 2 and "cannot tell the RDF format" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "show")[0] == 2
    assert run(capsys, "no-such-command")[0] == 2
    assert run(capsys, "search", "x", "--limit", "0")[0] == 2


def test_search_ranks_and_names_the_reason(capsys):
    code, out, _ = run(capsys, "search", "chur", "-f", MINI)
    lines = out.splitlines()
    assert code == 0 and "Churn" in lines[0] and "prefix" in lines[0]
    assert run(capsys, "search", "zzzzqq", "-f", MINI)[0] == 1


def test_stats_counts(capsys):
    code, out, _ = run(capsys, "stats", "-f", MINI)
    assert code == 0
    assert "concepts: 14" in out and "triples: 109" in out
    assert "Metrics" in out and "Test source" in out


def test_tree_indents_the_hierarchy(capsys):
    code, out, _ = run(capsys, "tree", "-f", MINI)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Channels"
    assert "    Churn" in lines  # grandchild of Metrics, under Customer loyalty
    code, out, _ = run(capsys, "tree", "customer loyalty", "-f", MINI)
    assert out.splitlines() == ["Customer loyalty", "  Churn"]


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("cxkg ")


@pytest.mark.parametrize("command", ["show nps", "search churn", "stats", "tree"])
def test_commands_work_on_the_bundled_graph(capsys, command):
    code, out, _ = run(capsys, *command.split())
    assert code == 0 and out


def test_show_and_search_speak_json(capsys):
    import json

    code, out, _ = run(capsys, "show", "nps", "--json", "-f", MINI)
    record = json.loads(out)
    assert code == 0 and record["label"] == "Net Promoter Score" and record["acronyms"] == ["NPS"]
    assert record["broader"] == ["http://example.org/mini/metrics"]
    code, out, _ = run(capsys, "search", "churn", "--json", "-f", MINI)
    hits = json.loads(out)
    assert code == 0 and hits[0]["label"] == "Churn" and hits[0]["reason"] == "exact label"
