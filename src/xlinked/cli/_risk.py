"""``xlinked risk`` and ``xlinked explain``."""

from __future__ import annotations

import csv
import io as _io
import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import click

from .._input import parse_size
from .._output import csv_cell
from ..errors import ModelError, UnknownIndividualError
from ..model import Pedigree, TestResult
from ..risk import RiskModel, RiskResult, compute_risks, data_warnings, explain, preset
from ..risk._format import probability
from ..risk.engine import MODES, resolve_model
from ..risk.model import preset_info, preset_names
from . import say
from ._files import FAMILY_OPTION, FROM_OPTION, INPUT, read_pedigree, source_name

__all__ = ["COMMANDS", "explain_command", "presets_command", "risk"]

_MODE_HELP = (
    "float: fast decimals at the model's mutation rate; exact: fractions at that rate; "
    "limit: fractions as the mutation rate -> 0 (the textbook answers); approximate: "
    "sampled decimals, each with its standard error (what float falls back to when exact "
    "inference does not fit --max-memory and --max-time)."
)
_MODE_NAMES = {
    "float": "floating point at the model's mutation rate",
    "exact": "exact fractions at the model's mutation rate",
    "limit": "exact fractions in the limit mutation rate -> 0 (textbook)",
    "approximate": "APPROXIMATE (sampled; each value ± its standard error)",
}
_ESTIMATED = ("p_carrier", "p_affected", "next_son", "next_daughter")


def _model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--mode", type=click.Choice(MODES), default="float", show_default=True,
                     help=_MODE_HELP)(f)
    f = click.option("--preset", "preset_name", default=None, metavar="NAME|FILE",
                     help="Use a preset model (e.g. ipex) or a preset YAML file instead of "
                          "the file's model.")(f)
    f = click.option("--mutation-rate", default=None, metavar="RATE",
                     help="Override the new-mutation rate (eggs and, unless the model says "
                          "otherwise, sperm), e.g. 1e-6 or 1/100000.")(f)
    return f


CHILD_OPTION = click.option(
    "--child", "children", multiple=True, metavar="MOTHER:FATHER:SEX",
    help="Add a hypothetical future child (repeatable); FATHER may be empty, SEX is M, F or U.")


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


def _model(ped: Pedigree, preset_name: str | None, rate: str | None) -> RiskModel:
    model = preset(preset_name) if preset_name else resolve_model(ped, None)
    if rate is not None:
        try:
            model = model.replace(mutation_rate=rate)
        except ModelError as exc:
            raise ModelError(f"--mutation-rate: {exc}") from None
    return model


def _parse_child(text: str) -> tuple[str | None, str | None, str]:
    parts = text.split(":")
    if len(parts) != 3 or parts[2].strip().upper() not in ("M", "F", "U"):
        raise click.BadParameter(
            f"{text!r}: expected MOTHER:FATHER:SEX, e.g. II-2:II-1:M (FATHER may be empty)",
            param_hint="--child",
        )
    mother, father, sex = parts
    return mother or None, father or None, sex.strip().upper()


def _status(ped: Pedigree, pid: str) -> str:
    p = ped[pid]
    age = ped.ages[ped.index[pid]]
    words = []
    if p.pregnancy is not None:
        words.append("pregnancy" if p.pregnancy.ongoing else str(p.pregnancy.outcome))
    elif p.hypothetical:
        words.append("hypothetical")
    elif p.deceased:
        words.append("deceased")
    words.append({True: "affected", False: "unaffected", None: "unknown"}[p.affected])
    if p.affected is False and age is not None and p.pregnancy is None:
        words[-1] += f" {age:g}y"
    for t in p.tests:
        words.append({TestResult.POSITIVE: "test+", TestResult.NEGATIVE: "test-",
                      TestResult.INCONCLUSIVE: "test?"}[t.result])
    for m in p.measurements:
        value = f"{float(m.value):g}"
        words.append(f"LR {value}" if m.analyte is None else f"{m.analyte} {value} {m.unit}")
    return ", ".join(words)


def _table(ped: Pedigree, result: RiskResult, digits: int) -> str:
    head = ["id", "sex", "status", "carrier", "affected", "next son", "next daughter"]
    rows = []
    for p in result:
        status = _status(ped, p.id) if p.id in ped else "hypothetical child"
        cells = []
        for key in _ESTIMATED:
            value = getattr(p, key)
            text = probability(value, digits=digits)
            if p.stderr is not None and value is not None and key in p.stderr:
                text += f"±{_error(p.stderr[key])}"
            cells.append(text)
        rows.append([p.id, p.sex.value, status, *cells])
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(head)]
    right = {3, 4, 5, 6}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if k in right else c.ljust(w)
            for k, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out)


def _error(se: float) -> str:
    """A standard error in two significant digits: ``0.0021``, ``<0.0001``."""
    if se < 1e-4:
        return "<0.0001"
    return f"{se:.2g}" if se < 0.01 else f"{se:.2f}"


def _csv(result: RiskResult) -> str:
    keys = list(_ESTIMATED)
    exact = result.mode in ("exact", "limit")
    sampled = result.mode == "approximate"
    header = ["id", "sex", "affected", *keys, "partner", "partner_source"]
    if exact:
        header += [f"{k}_exact" for k in keys]
    if sampled:
        header += [f"{k}_stderr" for k in keys]
    buf = _io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for p in result:
        values = [getattr(p, k) for k in keys]
        row = [csv_cell(p.id), p.sex.value, "" if p.affected is None else str(p.affected).lower()]
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
  xlinked risk examples/pedigrees/isolated-case.yaml --child II-2:II-1:M
  xlinked risk family.ped --preset ipex --mutation-rate 1e-5 --format json
  xlinked risk big-isolate.yaml --max-time 120 --verbose
""")
@click.argument("file", type=INPUT)
@_model_options
@_budget_options
@click.option("--format", "out_format", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True, help="Output format.")
@CHILD_OPTION
@click.option("--digits", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Digits shown for decimals in the table.")
@FROM_OPTION
@FAMILY_OPTION
def risk(file: str, mode: str, preset_name: str | None, mutation_rate: str | None,
         max_memory: str, max_time: float, exact_only: bool, verbose: bool,
         out_format: str, children: tuple[str, ...], digits: int, from_format: str | None,
         family: str | None) -> None:
    """Carrier and affection probabilities for everyone in FILE.

    For each person: the probability of carrying the variant (women: carrier;
    men: hemizygous), of being affected (for an unaffected child, the risk
    still to come), and for women the risk that her next son is affected and
    that her next daughter is a carrier. Exact: loops and consanguinity
    included. Fractions in the exact modes. A family too inbred for exact
    inference within --max-memory and --max-time is answered approximately,
    each value with its standard error (unless --exact-only).
    """
    ped = read_pedigree(file, from_format, family)
    model = _model(ped, preset_name, mutation_rate)
    _warn(file, ped, model)
    specs = [_parse_child(c) for c in children]
    try:
        size = parse_size(max_memory)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-memory") from None
    result = compute_risks(ped, model, mode=mode, children=specs, max_memory=size,
                           max_time=max_time, fallback=not exact_only)
    if result.mode == "approximate" and mode != "approximate":
        say(f"warning: {source_name(file)}: exact inference does not fit the limits "
            f"({_how(result)}); the values are approximate, each with its standard error",
            err=True)
    if verbose:
        say(f"{source_name(file)}: {_how(result)}", err=True)
    if out_format == "json":
        data = result.to_dict()
        data["source"] = source_name(file)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if out_format == "csv":
        click.echo(_csv(result), nl=False)
        return
    name = model.name or ("the file's model" if model is ped.model else "custom model")
    say(f"{source_name(file)}: {len(ped)} individuals; model: {name}, mutation rate "
        f"{probability(model.mutation_rate)}; {_MODE_NAMES[result.mode]}")
    click.echo("")
    say(_table(ped, result, digits))
    click.echo("")
    click.echo("carrier: women heterozygous or homozygous, men hemizygous. affected: for an "
               "unaffected person, the risk still to come at their age (- for the deceased "
               "and pregnancy losses).")


@click.command("explain", epilog="""\b
Examples:
  xlinked explain examples/pedigrees/unaffected-sons.yaml II-3 --mode limit
  xlinked explain examples/pedigrees/first-cousins.yaml III-2
""")
@click.argument("file", type=INPUT)
@click.argument("person")
@_model_options
@click.option("--max-effects", type=click.IntRange(0, 1000), default=12, show_default=True,
              help="How many pieces of information (the nearest) to assess one by one.")
@FROM_OPTION
@FAMILY_OPTION
def explain_command(file: str, person: str, mode: str, preset_name: str | None,
                    mutation_rate: str | None, max_effects: int, from_format: str | None,
                    family: str | None) -> None:
    """Why PERSON's risk is what it is.

    Shows the classic Bayes table (prior, conditional, joint, posterior) when the
    family reduces to one, and how much each piece of information (an affected
    status, a test result) moves the risk, with and without it.
    """
    ped = read_pedigree(file, from_format, family)
    if person not in ped:
        raise UnknownIndividualError(person, ped.ids)
    model = _model(ped, preset_name, mutation_rate)
    _warn(file, ped, model)
    say(str(explain(ped, person, model, mode=mode, max_effects=max_effects)))


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


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"{s['from_age']:g}: {s['value']}" for s in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


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


def _warn(file: str, ped: Pedigree, model: RiskModel) -> None:
    file = source_name(file)
    for warning in data_warnings(ped, model):
        say(f"warning: {file}: {warning}", err=True)


COMMANDS = [risk, explain_command, presets_command]
