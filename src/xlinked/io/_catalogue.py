"""What every file format keeps and loses: the table behind ``xlinked formats``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATALOGUE", "FormatInfo"]


@dataclass(frozen=True)
class FormatInfo:
    """One file format: its names, how it is recognised, what it keeps and loses."""

    names: tuple[str, ...]
    title: str
    detected_by: str
    read: bool
    write: bool
    keeps: str
    loses: str
    note: str = ""


#: Every format, in the order ``xlinked formats`` lists them.
CATALOGUE: tuple[FormatInfo, ...] = (
    FormatInfo(
        ("yaml", "json"), "xlinked native format (YAML or JSON)",
        ".yaml, .yml, .json (a mapping with 'xlinked: 1')", True, True,
        "everything", "nothing"),
    FormatInfo(
        ("ped",), "LINKAGE / PLINK PED and FAM (also peddy, pedtools/QuickPed, R write.table)",
        ".ped, .fam; a first line naming the columns is read by name", True, True,
        "family id, structure, sex, affection (PED codes 2/1/0/-9); extra named columns "
        "(written back with a header line)",
        "everything else: deceased, ages, birth years, proband, consultand, twins, tests, "
        "carrier measurements, pregnancies, adoption, labels, notes, couples, condition, "
        "risk model"),
    FormatInfo(
        ("csv", "tsv"), "spreadsheet table with named columns (CSV, TSV, white space)",
        ".csv, .tsv, .tab; a header naming an id column and a parent or sex column", True, True,
        "family, structure, sex, affection, deceased, age, birth year, onset age, proband, "
        "consultand, twins, adoption, the first test (result, sensitivity, specificity, method, "
        "gene), labels, notes, extra columns",
        "second and further tests, test variant/date/lab/note, carrier measurements, gender, "
        "pregnancies, "
        "hypothetical, evaluated, clinical features, couples, condition, risk model"),
    FormatInfo(
        ("pedigreejs",), "pedigreejs JSON (what the CanRisk web tool saves)",
        "a JSON array of people", True, True,
        "structure, sex, labels, proband, deceased, age, birth year, affection and onset "
        "(<condition>_diagnosis_age), tests for any gene (<gene>_gene_test, with our "
        "sensitivity/specificity keys), MZ/DZ twins, adoption, miscarriage/termination/"
        "stillbirth, divorce; other tools' keys",
        "inconclusive results, a second result for one gene, carrier measurements, ongoing "
        "pregnancies and weeks, "
        "twins of unknown zygosity, childless couples and consanguinity, hypothetical, "
        "evaluated, gender, clinical features, notes, consultand, condition, risk model",
        "--gene and --condition name the keys; other genes' tests are reported and kept"),
    FormatInfo(
        ("canrisk",), "CanRisk 1.0-4.0 and BOADICEA 2.0/4.0 (written as CanRisk 2.0)",
        ".canrisk, .boadicea, or a first line '##CanRisk ...' / 'BOADICEA import ...'",
        True, True,
        "family id, structure, sex M/F, proband (Target), deceased, age (whole years), "
        "birth year, MZ twin pairs, labels (8 characters); cancer, gene-test and pathology "
        "cells and risk-factor lines are kept and written back",
        "people of unknown sex, affection, onset age, tests for the X-linked condition, carrier "
        "measurements, "
        "pregnancies, adoption, DZ twins, couples, notes, consultand, condition, risk model; "
        "ids are shortened to 7 characters (mapping reported)"),
    FormatInfo(
        ("gedcom",), "GEDCOM 5.5.1 and 7.0 (genealogy programs)",
        ".ged, or a first line '0 HEAD'", True, True,
        "structure (birth links only: adoption and foster links are not parents), sex, names "
        "(as labels), birth year, deceased, notes, adoption into the family, divorced and "
        "childless couples; affection in our _XLK_AFFECTED tag",
        "proband, consultand, ages, onset, tests, carrier measurements, twins, pregnancies, "
        "gender, hypothetical, "
        "evaluated, clinical features, consanguinity, condition, risk model; places, sources "
        "and other events are not read",
        "written as GEDCOM 7.0; names are written as they are (anonymise first)"),
    FormatInfo(
        ("ga4gh",), "GA4GH Pedigree, Phenopackets form (DRAFT standard)",
        "a mapping with 'individuals' (Phenopackets) and 'relationships' (KIN terms)",
        True, True,
        "family id, structure (KIN mother/father), sex, proband (indexPatients), deceased, "
        "age at last encounter, twins (MZ/DZ/unknown), couples (partner, consanguineous, "
        "separated); affection and onset only for a condition with a known ontology term "
        "(IPEX: OMIM:304790)",
        "birth year (Phenopackets need a full date), tests, carrier measurements, labels, "
        "notes, pregnancies, "
        "adoption, gender, hypothetical, evaluated, clinical features, consultand, condition, "
        "risk model",
        "the standard is a draft and its form may change"),
    FormatInfo(
        ("phenopackets",), "Phenopackets v2 Family (GA4GH)",
        "a mapping with 'pedigree': {'persons': [...]}", True, True,
        "family id, structure, sex, affection (affectedStatus), proband, deceased and age "
        "(Phenopackets of the proband and relatives)",
        "twins, couples, adoption, birth year, onset (except IPEX), tests, carrier measurements, "
        "labels, notes, "
        "pregnancies, gender, hypothetical, evaluated, clinical features, consultand, "
        "condition, risk model"),
)
