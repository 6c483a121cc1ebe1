"""``xlinked risk`` and ``xlinked explain``."""

from __future__ import annotations

import dataclasses
import io as _io
import textwrap
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import click

from .._input import parse_size
from .._output import csv_cell
from .._values import age_text
from ..errors import UnknownIndividualError
from ..model import Pedigree, TestResult
from ..risk import RiskModel, RiskResult, preset
from ..risk._format import STYLES, show
from ..risk.model import preset_names
from . import say
from ._files import FAMILY_OPTION, FROM_OPTION, INPUT, read_pedigree, source_name
from ._model import ModelOptions, model_options, numbers_of, print_warnings

__all__ = ["COMMANDS", "explain_command", "model_for", "presets_command", "risk",
           "risk_document"]

#: ``--as``: how probabilities are shown in the table and the explanation.
AS_OPTION = click.option(
    "--as", "style", type=click.Choice(STYLES), default="number", show_default=True,
    help="How probabilities are shown: number (fractions in the exact modes, decimals in "
         "float), percent, or one-in ('1 in 3').")


def _budget_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--max-memory", default="2G", show_default=True, metavar="SIZE",
                     help="Memory allowed for exact inference (e.g. 500M, 4G); beyond it the "
                          "engine conditions on a few people, exact but slower.")(f)
    f = click.option("--max-time", type=click.FloatRange(min=0, min_open=True), default=60.0,
                     show_default=True, metavar="SECONDS",
                     help="Time allowed for exact inference, estimated before it starts; "
                          "also the sampler's time in approximate mode.")(f)
    f = click.option("--exact-only", is_flag=True,
                     help="Stop with an error instead of answering approximately when exact "
                          "inference does not fit the limits.")(f)
    f = click.option("--verbose", "-v", is_flag=True,
                     help="Say how the answer was computed (method, treewidth, largest "
                          "table) on stderr.")(f)
    return f


def model_for(ped: Pedigree, preset_name: str | None, rate: str | None) -> RiskModel:
    """The model ``xlinked risk`` uses: ``--preset`` or the file's, with ``--mutation-rate``."""
    return ModelOptions(preset=preset_name, mutation_rate=rate).model(ped)


def risk_result(ped: Pedigree, opts: ModelOptions, source: str, *,
                warn: bool = True) -> RiskResult:
    """The risks ``xlinked risk`` prints: computed with the options' model and
    hypothetical children, each person numbered as drawn."""
    result = opts.compute(ped, source, warn=warn)
    return result.numbered(numbers_of(opts.extended(ped), source, result))


def risk_document(result: RiskResult, source: str) -> dict[str, Any]:
    """What ``xlinked risk --format json`` prints (also ``GET /api/risks`` of ``xlinked serve``)."""
    data = result.to_dict()
    data["source"] = source
    return data


def _status(ped: Pedigree, pid: str) -> str:
    p = ped[pid]
    age = ped.ages[ped.index[pid]]
    words = [role for role, who in (("proband", ped.proband), ("consultand", ped.consultand))
             if who == pid]
    if p.pregnancy is not None:
        words.append("pregnancy" if p.pregnancy.ongoing else str(p.pregnancy.outcome))
    elif p.hypothetical:
        words.append("hypothetical")
    elif p.deceased:
        words.append("deceased")
    words.append({True: "affected", False: "unaffected", None: "unknown"}[p.affected])
    if p.affected is False and age is not None and p.pregnancy is None:
        words[-1] += f" {age_text(age)}"
    for t in p.tests:
        words.append({TestResult.POSITIVE: "test+", TestResult.NEGATIVE: "test-",
                      TestResult.INCONCLUSIVE: "test?"}[t.result])
    for m in p.measurements:
        value = f"{float(m.value):g}"
        words.append(f"LR {value}" if m.analyte is None else f"{m.analyte} {value} {m.unit}")
    return ", ".join(words)


#: The table's columns: (header, PersonRisk attribute).
_VALUES = (
    ("carrier", "p_carrier"),
    ("affected", "p_affected"),
    ("if boy affected", "if_boy"),
    ("if girl carrier", "if_girl"),
    ("germline mosaic", "p_mosaic"),
    ("next son affected", "next_son"),
    ("next daughter carrier", "next_daughter"),
)
#: The CSV's probability columns, in order.
CSV_VALUES = ("p_carrier", "p_affected", "next_son", "next_daughter", "if_boy", "if_girl",
              "p_mosaic")


def _shown_values(result: RiskResult) -> list[tuple[str, str]]:
    """The value columns with content: if boy/girl only when someone's sex is unknown,
    the mosaic column only when the model has germline mosaicism."""
    people = list(result)
    out = []
    for head, key in _VALUES:
        pair = ("if_boy", "if_girl") if key in ("if_boy", "if_girl") else (key,)
        if key in ("if_boy", "if_girl", "p_mosaic") and all(
                getattr(p, k) is None for p in people for k in pair):
            continue
        out.append((head, key))
    return out


def _table(ped: Pedigree, result: RiskResult, digits: int, style: str = "number") -> str:
    """The risk table; a ``number`` column beside the id (the drawn ``II-3``) when
    some id is not its number."""
    values = _shown_values(result)
    numbered = any(p.number is not None and p.number != p.id for p in result)
    head = ["id", *(["number"] if numbered else []), "sex", "status", *(h for h, _ in values)]
    rows = []
    for p in result:
        status = _status(ped, p.id) if p.id in ped else "hypothetical child"
        number = [p.number or ""] if numbered else []
        cells = []
        for _, key in values:
            value = getattr(p, key)
            text = show(value, style, digits=digits)
            if p.stderr is not None and value is not None and key in p.stderr:
                text += f"±{_error(p.stderr[key])}"
            cells.append(text)
        rows.append([p.id, *number, p.sex.value, status, *cells])
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(head)]
    first_value = len(head) - len(values)

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if k >= first_value else c.ljust(w)
            for k, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out)


def _error(se: float) -> str:
    """A standard error in two significant digits: ``0.0021``, ``<0.0001``."""
    if se < 1e-4:
        return "<0.0001"
    return f"{se:.2g}" if se < 0.01 else f"{se:.2f}"


def _table_notes(result: RiskResult) -> list[str]:
    """What the table's columns mean, for the columns shown."""
    keys = {key for _, key in _shown_values(result)}
    notes = [
        "carrier: women heterozygous or homozygous, men hemizygous. affected: for an "
        "unaffected person, the risk still to come at their age (- for the deceased and "
        "pregnancy losses).",
    ]
    if "if_boy" in keys:
        notes.append("if boy affected / if girl carrier: for a pregnancy or child of unknown "
                     "sex; 'affected' is the risk whatever the sex.")
    if "p_mosaic" in keys:
        notes.append("germline mosaic: the probability that the person's eggs or sperm carry "
                     "the variant although their blood does not (it adds to the risk of "
                     "their next son and daughter).")
    notes.append("next son affected, next daughter carrier: for each woman, her next child "
                 "by her current partner.")
    return notes


def _csv(result: RiskResult) -> str:
    keys = [k for k in CSV_VALUES if k != "p_mosaic" or result.model.has_mosaicism]
    exact = result.mode in ("exact", "limit")
    sampled = result.mode == "approximate"
    header = ["id", "number", "sex", "affected", *keys, "partner", "partner_source"]
    if exact:
        header += [f"{k}_exact" for k in keys]
    if sampled:
        header += [f"{k}_stderr" for k in keys]
    import csv

    buf = _io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for p in result:
        values = [getattr(p, k) for k in keys]
        row = [csv_cell(p.id), csv_cell(p.number or ""), p.sex.value,
               "" if p.affected is None else str(p.affected).lower()]
        row += ["" if v is None else repr(float(v)) for v in values]
        row += [csv_cell(p.partner or ""), p.partner_source or ""]
        if exact:
            row += ["" if v is None else str(Fraction(v)) for v in values]
        if sampled:
            err = p.stderr or {}
            row += ["" if v is None or k not in err else repr(err[k])
                    for k, v in zip(keys, values, strict=True)]
        writer.writerow(row)
    return buf.getvalue()


@click.command(epilog="""\b
Examples:
  xlinked risk examples/pedigrees/ipex-uncle.yaml
  xlinked risk examples/pedigrees/isolated-case.yaml --mode limit
  xlinked risk examples/pedigrees/isolated-case.yaml --child II-2:II-1:M --as one-in
  xlinked risk family.ped --preset ipex --mutation-rate 1e-5 --format json
  cat family.yaml | xlinked risk -
  xlinked risk big-isolate.yaml --max-time 120 --verbose
""")
@click.argument("file", type=INPUT)
@model_options
@_budget_options
@click.option("--format", "out_format", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True, help="Output format.")
@AS_OPTION
@click.option("--digits", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Digits shown for decimals in the table.")
@FROM_OPTION
@FAMILY_OPTION
def risk(file: str, model_opts: ModelOptions, max_memory: str, max_time: float,
         exact_only: bool, verbose: bool, out_format: str, style: str, digits: int,
         from_format: str | None, family: str | None) -> None:
    """Carrier and affection probabilities for everyone in FILE.

    For each person: the probability of carrying the variant (women: carrier;
    men: hemizygous), of being affected (for an unaffected child, the risk
    still to come; for a pregnancy of unknown sex, also if a boy and if a
    girl), and for women the risk that her next son is affected and that her
    next daughter is a carrier. Exact: loops and consanguinity included.
    Fractions in the exact modes. A family too inbred for exact inference
    within --max-memory and --max-time is answered approximately, each value
    with its standard error (unless --exact-only).
    """
    try:
        size = parse_size(max_memory)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-memory") from None
    model_opts = dataclasses.replace(model_opts, max_memory=size, max_time=max_time,
                                     exact_only=exact_only)
    ped = read_pedigree(file, from_format, family)
    result = risk_result(ped, model_opts, source_name(file))
    if result.mode == "approximate" and model_opts.mode != "approximate":
        say(f"warning: {source_name(file)}: exact inference does not fit the limits "
            f"({_how(result)}); the values are approximate, each with its standard error",
            err=True)
    if verbose:
        say(f"{source_name(file)}: {_how(result)}", err=True)
    if out_format == "json":
        import json

        click.echo(json.dumps(risk_document(result, source_name(file)), indent=2,
                              ensure_ascii=False))
        return
    if out_format == "csv":
        click.echo(_csv(result), nl=False)
        return
    say(f"{source_name(file)}: {len(ped)} individual{'' if len(ped) == 1 else 's'}; "
        f"{dataclasses.replace(model_opts, mode=result.mode).describe(ped, result.model)}")
    click.echo("")
    say(_table(ped, result, digits, style))
    click.echo("")
    for note in _table_notes(result):
        click.echo(textwrap.fill(note, 100, break_on_hyphens=False))


@click.command("explain", epilog="""\b
Examples:
  xlinked explain examples/pedigrees/unaffected-sons.yaml II-3 --mode limit
  xlinked explain examples/pedigrees/first-cousins.yaml III-2
  xlinked explain examples/pedigrees/isolated-case.yaml II-2 --format json
""")
@click.argument("file", type=INPUT)
@click.argument("person")
@model_options
@click.option("--format", "out_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output format.")
@AS_OPTION
@click.option("--max-effects", type=click.IntRange(0, 1000), default=12, show_default=True,
              help="How many pieces of information (the nearest) to assess one by one.")
@FROM_OPTION
@FAMILY_OPTION
def explain_command(file: str, person: str, model_opts: ModelOptions, out_format: str,
                    style: str, max_effects: int, from_format: str | None,
                    family: str | None) -> None:
    """Why PERSON's risk is what it is.

    Shows the classic Bayes table (prior, conditional, joint, posterior) when the
    family reduces to one, and how much each piece of information (an affected
    status, a test result) moves the risk, with and without it, person by person.
    """
    ped = read_pedigree(file, from_format, family)
    model = model_opts.model(ped)
    ped = model_opts.extended(ped)
    print_warnings(ped, model, source_name(file))
    if person not in ped:
        raise UnknownIndividualError(person, ped.ids)
    from ..risk.explain import explain

    # numbered as `xlinked draw` shows the family: with loops, the risks under the
    # symbols can change the drawing's order, so they are computed for it
    risks = (model_opts.compute(ped, source_name(file), warn=False, children=False)
             if ped.has_loops else None)
    result = explain(ped, person, model, mode=model_opts.mode, max_effects=max_effects,
                     numbers=numbers_of(ped, source_name(file), risks))
    if out_format == "json":
        data = result.to_dict()
        data["source"] = source_name(file)
        import json

        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    say(result.text(style=style))


@click.command("presets", epilog="""\b
Examples:
  xlinked presets
  xlinked presets dmd
  xlinked risk examples/pedigrees/dmd-ck.yaml --preset dmd --mode limit
""")
@click.argument("name", required=False)
def presets_command(name: str | None) -> None:
    """List the built-in presets, or show one preset's values and sources.

    A preset is a risk model for one condition; use it with --preset NAME or
    model: {preset: NAME} in a pedigree file. docs/presets.md says which values
    are published and which are conventions.
    """
    from ..risk.model import preset_info

    if name is None:
        infos = [preset_info(key) for key in preset_names()]
        width = max(len(i.key) for i in infos)
        for info in infos:
            click.echo(f"{info.key.ljust(width)}  {info.summary}")
        return
    info = preset_info(name)
    model = preset(info.key)
    click.echo(f"{info.key}: {info.name}")
    if info.description:
        click.echo("")
        click.echo(info.description)
    click.echo("")
    click.echo("Parameters (model: section keys):")
    for key, value in model.to_mapping().items():
        if key in ("name", "measurements"):
            continue
        click.echo(f"  {key}: {_show(value)}")
    for ref in model.measurements:
        units = ", ".join(u for u, _ in ref.units)
        ages = ", ".join(f"{s.from_age:g}" for s in ref.steps)
        click.echo(f"  measurements.{ref.analyte}: {ref.name} ({ref.label}; {ref.family}, "
                   f"units {units}; reference from age {ages})")
    if info.sources:
        click.echo("")
        click.echo("Sources:")
        for source in info.sources:
            click.echo(f"  - {source}")


def _how(result: RiskResult) -> str:
    """How the answer was computed, in one line."""
    width = (f"treewidth {result.treewidth}, largest table {result.table_size:,.0f} entries"
             if result.treewidth >= 0 else "treewidth above 25")
    if result.method == "junction tree":
        return f"exact, junction tree; {width}"
    if result.method == "conditioning":
        return (f"exact, conditioning on {len(result.cutset)} people; {width} for the "
                "whole family")
    return (f"blocked Gibbs sampling, {result.samples:,} block updates, blocks separated by "
            f"{len(result.cutset)} people; {width} for exact inference")


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"{s['from_age']:g}: {s['value']}" for s in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


COMMANDS = [risk, explain_command, presets_command]
