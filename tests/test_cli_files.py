"""The CLI's validate and convert commands, and every kind of bad input (issue 2, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from xlinked import read
from xlinked.cli import main

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.is_file())


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


#: The examples that show a data warning on purpose.
EXPECTED_WARNINGS = {
    # PED holds no ages
    "family.ped": "age unknown for unaffected 'I-1', 'II-3', 'III-3', 'III-4': taken as past",
    # a treated man with children, under the IPEX fitness 0
    "affected-man-descendants.yaml": "father 'I-1' recorded affected or tested positive while "
                                     "male_fitness is 0",
}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_validates(path: Path) -> None:
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "valid:" in result.stdout and path.name in result.stdout
    if path.name in EXPECTED_WARNINGS:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and EXPECTED_WARNINGS[path.name] in lines[0]
    else:
        assert result.stderr == ""


def test_help_shows_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    for command in ("validate", "convert", "schema"):
        sub = run(command, "--help")
        assert sub.exit_code == 0
        assert "Example" in sub.stdout and f"xlinked {command}" in sub.stdout


def test_python_dash_m() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "xlinked", "--help"], capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0 and "validate" in out.stdout


# -- bad input -------------------------------------------------------------------------

HEAD = "xlinked: 1\nindividuals:\n"

BAD_INPUTS = {
    "duplicate-id": (
        HEAD + "  - {id: a, sex: F}\n  - {id: a, sex: M}\n",
        ["individual 'a'", "id is used more than once"],
    ),
    "unknown-parent": (
        HEAD + "  - {id: kid, sex: M, mother: ghost}\n",
        ["individual 'kid'", "mother 'ghost' is not defined"],
    ),
    "female-father": (
        HEAD + "  - {id: mum, sex: F}\n  - {id: kid, sex: M, father: mum}\n",
        ["individual 'kid'", "father 'mum' is female"],
    ),
    "male-mother": (
        HEAD + "  - {id: dad, sex: M}\n  - {id: kid, sex: M, mother: dad}\n",
        ["individual 'kid'", "mother 'dad' is male"],
    ),
    "own-ancestor": (
        HEAD + "  - {id: a, sex: F, mother: b}\n  - {id: b, sex: F, mother: a}\n",
        ["individual 'a'", "is their own ancestor"],
    ),
    "unknown-sex": (
        HEAD + "  - {id: a, sex: X}\n",
        ["individual 'a'", "sex must be M, F or U"],
    ),
    "numeric-id": (
        HEAD + "  - {id: 001, sex: F}\n",
        ["individuals[0]", "quote the id"],
    ),
    "probability-out-of-range": (
        HEAD + "  - {id: a, sex: F, tests: [{result: negative, sensitivity: 1.5}]}\n",
        ["individual 'a'", "tests[0]", "sensitivity", "between 0 and 1"],
    ),
    "probability-nan": (
        HEAD + "  - {id: a, sex: F, tests: [{result: negative, specificity: .nan}]}\n",
        ["individual 'a'", "tests[0]", "specificity", "finite number"],
    ),
    "probability-not-a-number": (
        "xlinked: 1\nmodel: {mutation_rate: lots}\n" + HEAD.split("\n", 1)[1]
        + "  - {id: a, sex: F}\n",
        ["model.mutation_rate", "must be a number"],
    ),
    "twins-without-shared-parents": (
        HEAD + "  - {id: m1, sex: F}\n  - {id: m2, sex: F}\n"
        "  - {id: a, sex: M, mother: m1}\n  - {id: b, sex: M, mother: m2}\n"
        "twins:\n  - {zygosity: DZ, members: [a, b]}\n",
        ["twins[0]", "'a' and 'b' do not share both parents"],
    ),
    "missing-individuals": ("xlinked: 1\nfamily: X\n", ["individuals", "non-empty list"]),
    "empty-individuals": ("xlinked: 1\nindividuals: []\n", ["individuals", "non-empty list"]),
    "not-yaml": ("xlinked: 1\nindividuals: [\n  {id: a\n", ["not valid YAML or JSON"]),
    "not-a-mapping": ("just some words\n", ["not an xlinked pedigree"]),
    "empty-file": ("", ["the file is empty"]),
    "python-tag": (
        "xlinked: 1\nindividuals: !!python/object/apply:os.system ['echo hi']\n",
        ["tags that construct objects"],
    ),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
        "xlinked: 1\nindividuals: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        ["aliases", "not allowed"],
    ),
    "unknown-key": (
        HEAD + "  - {id: a, sex: F, mothr: b}\n",
        ["individual 'a'", "unknown key 'mothr'", "did you mean 'mother'"],
    ),
    "bad-json": ('{"xlinked": 1, "individuals": [}', ["not valid JSON"]),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clean_message(tmp_path: Path, name: str) -> None:
    content, expected = BAD_INPUTS[name]
    path = tmp_path / f"{name}.{'json' if name == 'bad-json' else 'yaml'}"
    path.write_text(content)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: {path}")
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        HEAD
        + "  - {id: a, sex: F, mother: nobody}\n"
        + "  - {id: b, sex: Q}\n"
        + "  - {id: c, sex: M, father: a}\n"
        + "  - {id: c, sex: M}\n"
    )
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 4, result.stderr
    assert "4 problems found" in result.stderr


def test_missing_file() -> None:
    result = run("validate", "no/such/file.yaml")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no/such/file.yaml: no such file"


def test_directory_is_refused(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("validate", str(path))
    assert result.exit_code == 1 and "x.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_ped_row_with_wrong_columns_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ped"
    path.write_text("F a 0 0 2 1\nF b 0 0 1\n")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "bad.ped:2: expected 6 columns" in result.stderr
    assert "found 5" in result.stderr


# -- convert ----------------------------------------------------------------------------


def test_convert_native_to_ped_and_back(tmp_path: Path) -> None:
    src = EXAMPLES / "ipex-uncle.yaml"
    out = tmp_path / "family.ped"
    result = run("convert", str(src), str(out))
    assert result.exit_code == 0, result.output
    assert "warning: PED cannot hold test results (3 people" in result.stderr
    assert "deceased" in result.stderr and "pregnancy" in result.stderr
    back = tmp_path / "back.yaml"
    assert run("convert", str(out), str(back)).exit_code == 0
    original, again = read(src), read(back)
    assert [(p.id, p.sex, p.mother, p.father, p.affected) for p in again] == [
        (p.id, p.sex, p.mother, p.father, p.affected) for p in original
    ]


def test_convert_to_stdout_as_json() -> None:
    result = run("convert", str(EXAMPLES / "twins.yaml"), "-", "--to", "json")
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("{")
    assert '"zygosity": "MZ"' in result.stdout


def test_convert_bad_input_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "bad.yaml"
    src.write_text(HEAD + "  - {id: a, sex: F, mother: ghost}\n")
    out = tmp_path / "out.ped"
    result = run("convert", str(src), str(out))
    assert result.exit_code == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_convert_unknown_extension(tmp_path: Path) -> None:
    result = run("convert", str(EXAMPLES / "twins.yaml"), str(tmp_path / "out.xyz"))
    assert result.exit_code == 1
    assert "cannot tell the format from the extension '.xyz'" in result.stderr


def test_multi_family_ped_needs_family(tmp_path: Path) -> None:
    path = tmp_path / "two.ped"
    path.write_text("F1 a 0 0 2 1\nF2 b 0 0 1 1\n")
    result = run("convert", str(path), "-")  # validate checks every family (issue 11)
    assert result.exit_code == 1 and "choose one with --family" in result.stderr
    ok = run("validate", str(path), "--family", "F2")
    assert ok.exit_code == 0 and "1 individual in 1 generation," in ok.stdout


def test_schema_command_prints_the_schema() -> None:
    import json

    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["required"] == ["xlinked", "individuals"]


def test_import_warnings_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "pj.json"
    path.write_text('[{"name": "a", "sex": "F", "breast_cancer_diagnosis_age": 51}]')
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: {path}: breast_cancer_diagnosis_age")


def test_output_folder_missing_is_one_clean_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.ped"
    result = run("convert", str(EXAMPLES / "twins.yaml"), str(target))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {target}: cannot write: the folder '{target.parent}' does not exist"
    )


def test_errors_after_reading_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "impossible.yaml"
    path.write_text(HEAD + "  - {id: mum, sex: F}\n"
                    "  - {id: son, sex: M, mother: mum, affected: true,"
                    " tests: [{result: negative}]}\n")
    result = run("risk", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: the evidence is impossible")
    assert "'son'" in result.stderr and "Traceback" not in result.output


# -- issue 11: formats, several families, --gene / --condition -----------------------


def test_formats_lists_every_format_with_what_it_keeps_and_loses() -> None:
    from xlinked.io import CATALOGUE, FORMATS

    result = run("formats")
    assert result.exit_code == 0
    for name in FORMATS:
        assert f"{name}" in result.stdout
    assert result.stdout.count("keeps:") == result.stdout.count("loses:") == len(CATALOGUE)
    assert "DRAFT" in result.stdout
    assert {n for info in CATALOGUE for n in info.names} == set(FORMATS)


def test_validate_checks_every_family(tmp_path: Path) -> None:
    path = tmp_path / "many.ped"
    path.write_text("A mum 0 0 2 1\nA son 0 mum 1 2\nB x 0 ghost 1 1\nC dad 0 0 1 1\n")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}: family A: valid: 2 individuals" in result.stdout
    assert f"{path}: family C: valid: 1 individual" in result.stdout
    assert f"{path}: 3 families, 2 valid, 1 with problems" in result.stdout
    assert f"error: family B: {path}:3: id 'x': mother 'ghost' is not defined" in result.stderr
    one = run("validate", str(path), "--family", "A")
    assert one.exit_code == 0 and "family" not in one.stdout


def test_gene_option_reads_other_genes_tests(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('[{"name": "m", "sex": "F", "f9_gene_test": {"type": "T", "result": "N"},'
                    ' "dmd_gene_test": {"type": "T", "result": "P"}}]')
    plain = run("validate", str(path))
    assert "0 tested" in plain.stdout and "name the condition's gene with --gene" in plain.stderr
    chosen = run("validate", str(path), "--gene", "F9", "--condition", "haemophilia B")
    assert "1 tested" in chosen.stdout
    assert "dmd_gene_test (1 person: 'm'): tests of a gene other than F9" in chosen.stderr
    out = run("convert", str(path), "-", "--gene", "F9", "--condition", "haemophilia B")
    assert "name: haemophilia B" in out.stdout and "gene: F9" in out.stdout


@pytest.mark.parametrize("to", ["csv", "tsv", "gedcom", "ga4gh", "phenopackets"])
def test_convert_to_new_formats_and_back(tmp_path: Path, to: str) -> None:
    target = tmp_path / f"out.{to}"
    result = run("convert", str(EXAMPLES / "ipex-uncle.yaml"), str(target), "--to", to)
    assert result.exit_code == 0, result.output
    again = run("validate", str(target), "--from", to)
    assert again.exit_code == 0, again.output
    assert read(target, to).ids == read(EXAMPLES / "ipex-uncle.yaml").ids


def test_junk_is_not_split_into_nonsense_families(tmp_path: Path) -> None:
    """The first error names the real problem (issue 11), not 'N families' of words."""
    path = tmp_path / "junk.txt"
    path.write_text("hello world\nthis is not a pedigree\n")
    result = run("validate", str(path))
    assert result.exit_code == 1 and "families" not in result.output
    assert result.stderr.startswith(f"error: {path}:1: expected 6 columns")


def test_nothing_was_written_only_where_something_would_have_been(tmp_path):
    from click.testing import CliRunner

    from xlinked.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("xlinked: 1\nindividuals:\n  - {id: a, sex: Q}\n  - {id: b, sex: Z}\n")
    for args, written in ((["validate"], False), (["risk"], False), (["layout"], False),
                          (["explain"], False), (["convert"], True), (["draw"], True)):
        extra = {"explain": ["a"], "convert": [str(tmp_path / "o.ped")],
                 "draw": ["-o", str(tmp_path / "o.svg")]}.get(args[0], [])
        result = CliRunner().invoke(main, [args[0], str(bad), *extra])
        assert result.exit_code == 1
        last = result.stderr.splitlines()[-1]
        assert last == ("2 problems found; nothing was written." if written
                        else "2 problems found."), args
    assert not list(tmp_path.glob("o.*"))


def test_help_names_every_format_and_dash_reads_standard_input(tmp_path):
    from click.testing import CliRunner

    from conftest import EXAMPLES
    from xlinked.cli import main
    from xlinked.io import FORMATS

    text = " ".join(CliRunner().invoke(main, ["--help"]).stdout.split()).lower()
    for fmt in FORMATS:
        assert fmt in text, fmt
    assert "'-' reads standard input" in text
    data = (EXAMPLES / "isolated-case.yaml").read_text()
    for args in (["validate", "-"], ["risk", "-"], ["explain", "-", "II-2"], ["layout", "-"],
                 ["convert", "-", str(tmp_path / "x.ped")],
                 ["draw", "-", "-o", str(tmp_path / "x.svg")]):
        result = CliRunner().invoke(main, args, input=data)
        assert result.exit_code == 0, (args, result.stderr)
        if args[0] in ("validate", "risk"):
            assert "<stdin>" in result.stdout


def test_a_spreadsheet_without_id_column_says_what_to_do(tmp_path):
    from click.testing import CliRunner

    from xlinked.cli import main

    path = tmp_path / "sheet.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n")
    result = CliRunner().invoke(main, ["risk", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:1: no column for the person's id in the header ('a', 'b', 'c'): name "
        "one column 'id' (or iid, individual, individualid, indiv), and the parents 'mother' "
        "and 'father'"]
