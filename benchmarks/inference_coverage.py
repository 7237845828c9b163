"""Coverage of comove's 95% intervals on dependent data (issue 10), in one seeded run.

``.venv/bin/python benchmarks/inference_coverage.py [--quick]`` prints a table (method, n, coverage,
mean width, runtime) and writes it to benchmarks/COVERAGE.md. About 2-3 minutes on 2 cores.

Designs (the truth is known in each):

- **event, circular-shift design**: RUT record episodes (from 2015) with BTC's 90-day forward
  return as the response, the whole episode set shifted circularly to 1,000 random positions
  along RUT's trading days. Over all shifts the mean difference is exactly zero, so the
  coverage of zero is the coverage. n about 10, 30, 100 (RUT declustered at 60 and 10 days,
  SPX at 5 days). For the circular-shift interval this design is nearly tautological (it
  inverts the same shifts), so:
- **event, synthetic**: the real event dates kept, BTC replaced by simulated GARCH(1,1)-t(4)
  price paths (constant expected return, so every start day has the same expected forward
  return: the truth is zero). 1,000 paths. A few paths explode (90-day simple returns of
  several thousand percent), which is why mean and median widths differ so much.
- **correlation**: overlapping 5-day sums of a bivariate GARCH(1,1)-t(8) process with a
  common volatility (each day's pair has correlation rho = 0.3 and the days are
  uncorrelated, so the correlation of the sums is exactly rho), and of normal pairs (only
  the overlap makes the dependence), n = 250, 750 and 2,000 (the sizes ``corr --periods``
  sees). Kendall's tau on the same samples; its truth is ``2/pi asin(rho)`` = 0.1940, exact
  for the normal sums. The GARCH sums are not quite elliptical (the volatility reacts to
  x's shocks only): 60 simulated paths of 200,000 sums put their tau at 0.1924 ± 0.0004,
  0.0016 below (0.04-0.06 of the standard error of tau at these n, which moves coverage by
  a few tenths of a point at most); the rows use 0.1940.
- **correlation difference**: two independent periods (n = 750 and 500, 250 and 250,
  2,000 and 2,000) with the same rho, so the truth is zero; the rejection rate of each
  p-value at 5% is its size (Kendall: 750 and 500).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
# This file is named like the `coverage` package, which numba imports: keep its folder off the
# import path so that `import coverage` finds the package.
DATA = HERE.parent.parent / "shared" / "data"
SEED = 20261121
HORIZON = 90


@dataclass
class Row:
    design: str
    method: str
    n: str
    coverage: float
    width: float
    median_width: float
    runtime: float
    reps: int
    extra: str = ""

    def cells(self) -> list[str]:
        se = np.sqrt(self.coverage * (1 - self.coverage) / self.reps)
        return [self.design, self.method, self.n, f"{self.coverage:.1%} ± {1.96 * se:.1%}",
                f"{self.width:.3f}", f"{self.median_width:.3f}", f"{self.runtime:.1f} s",
                self.extra]


HEADER = ["design", "method", "n", "coverage (±95% MC)", "mean width", "median width",
          "runtime", "note"]


def measure(design: str, method: str, n: str, reps: int, truth: float,
            interval: Callable[[int], tuple[float, ...]], extra: str = "") -> Row:
    """Run ``interval(i)`` for each replication and count how often it covers ``truth``.

    An interval may come with a p-value as a third number: the note then gives how often
    the verdict rule ("interval excludes the truth and p < 0.05") rejects a true null.
    """
    start = time.perf_counter()
    bounds = np.array([interval(i) for i in range(reps)])
    covered = (bounds[:, 0] <= truth) & (truth <= bounds[:, 1])
    if bounds.shape[1] > 2:
        rule = float(np.mean(~covered & (bounds[:, 2] < 0.05)))
        extra = f"{extra}; verdict rule rejects {rule:.1%}" if extra else (
            f"verdict rule rejects {rule:.1%}")
    widths = bounds[:, 1] - bounds[:, 0]
    return Row(design, method, n, float(covered.mean()), float(np.nanmean(widths)),
               float(np.nanmedian(widths)), time.perf_counter() - start, reps, extra)


# ----------------------------------------------------------------------------- event studies
@dataclass
class EventDesign:
    label: str
    calendar: object  # pandas DatetimeIndex of the usable baseline start days
    positions: np.ndarray
    returns: np.ndarray  # BTC's forward returns from each usable day
    block: float


def event_designs(store_path: Path) -> list[EventDesign]:
    """The real event sets: positions among the usable baseline days at HORIZON."""
    import pandas as pd

    from comove.data import read_bars
    from comove.events.definitions import decluster, make_spec, raw_event_days
    from comove.events.study import forward_returns
    from comove.store import Store

    out = []
    store = Store(store_path)
    btc = read_bars(store, "BTC")[1]["close"].dropna()
    for asset, gap in (("RUT", 60), ("RUT", 10), ("SPX", 5)):
        bars = read_bars(store, asset)[1]
        raw = raw_event_days(make_spec("record"), bars, None)
        calendar = bars.index[(bars.index >= pd.Timestamp("2015-01-01"))
                              & (bars.index <= btc.index[-1])]
        days, _ = decluster(raw[raw >= calendar[0]], gap)
        returns = forward_returns(btc, calendar, HORIZON)
        usable = ~np.isnan(returns)
        calendar = calendar[usable]
        positions = np.flatnonzero(calendar.isin(days))
        rows_per_day = len(calendar) / max((calendar[-1] - calendar[0]).days, 1)
        out.append(EventDesign(f"{asset} records, decluster {gap}d", calendar, positions,
                               returns[usable], max(1.0, HORIZON * rows_per_day)))
    return out


def circular_interval(x: np.ndarray, positions: np.ndarray) -> tuple[float, float, float]:
    """comove's event interval and placebo p (:func:`comove.events.evidence.shift_evidence`)."""
    from comove.kernels.resample import shift_differences, shift_test

    observed = float(x[positions].mean() - x.mean())
    test = shift_test(shift_differences(x, positions), observed)
    return test.ci_low, test.ci_high, test.p


def bootstrap_interval(x: np.ndarray, positions: np.ndarray, block: float,
                       rng: np.random.Generator, resamples: int
                       ) -> tuple[float, float, float]:
    """The previous method: stationary bootstrap of the (return, is-event) pairs and a
    placebo of independent random days (as ``placebo="random"``)."""
    from comove.kernels.bootstrap import bootstrap_mean_difference

    flags = np.zeros(len(x), dtype=bool)
    flags[positions] = True
    draws = bootstrap_mean_difference(x, flags, resamples, block, rng)
    lo, hi = np.nanquantile(draws, [0.025, 0.975])
    observed = x[positions].mean() - x.mean()
    placebo = x[rng.integers(0, len(x), (resamples, len(positions)))].mean(axis=1) - x.mean()
    p = (1 + np.sum(np.abs(placebo) >= abs(observed))) / (1 + resamples)
    return float(lo), float(hi), float(p)


def event_rows(designs: list[EventDesign], shifts: int, paths: int, resamples: int
               ) -> list[Row]:
    rng = np.random.default_rng(SEED)
    rows = []
    for d in designs:
        n = f"{len(d.positions)}"
        moves = rng.integers(1, len(d.returns), shifts)
        x = d.returns

        def shifted(i: int, x: np.ndarray = x, d: EventDesign = d,
                    moves: np.ndarray = moves) -> np.ndarray:
            return np.sort((d.positions + moves[i]) % len(x))

        rows.append(measure("event, circular-shift design (BTC 90d)", "circular shift [new]", n,
                            shifts, 0.0, lambda i, x=x, s=shifted: circular_interval(x, s(i)),
                            d.label))
        rows.append(measure("event, circular-shift design (BTC 90d)",
                            "stationary bootstrap [previous]", n, shifts, 0.0,
                            lambda i, x=x, s=shifted, d=d: bootstrap_interval(
                                x, s(i), d.block, rng, resamples), d.label))
    prices = garch_paths(designs, paths, rng)
    for d in designs:
        n = f"{len(d.positions)}"
        start = min(e.calendar[0] for e in designs)  # type: ignore[index]
        offsets = np.asarray((d.calendar - start).days)  # type: ignore[operator]
        series = [np.expm1(p[offsets + HORIZON] - p[offsets]) for p in prices]
        rows.append(measure("event, synthetic GARCH-t BTC (90d)", "circular shift [new]", n,
                            paths, 0.0,
                            lambda i, s=series, d=d: circular_interval(s[i], d.positions),
                            d.label))
        rows.append(measure("event, synthetic GARCH-t BTC (90d)",
                            "stationary bootstrap [previous]", n, paths, 0.0,
                            lambda i, s=series, d=d: bootstrap_interval(
                                s[i], d.positions, d.block, rng, resamples), d.label))
    return rows


def garch_paths(designs: list[EventDesign], paths: int, rng: np.random.Generator
                ) -> np.ndarray:
    """Log-price paths on calendar days: GARCH(1,1) with t(4) shocks, daily vol about 3.5%,
    persistence 0.98, constant mean; one row per path."""
    first = min(d.calendar[0] for d in designs)  # type: ignore[index]
    last = max(d.calendar[-1] for d in designs)  # type: ignore[index]
    days = (last - first).days + HORIZON + 2
    a, b, nu, burn = 0.10, 0.88, 4.0, 500
    omega = 0.035 ** 2 * (1 - a - b)
    var = np.full(paths, 0.035 ** 2)
    log_returns = np.empty((paths, days + burn))
    for t in range(days + burn):
        shock = rng.standard_t(nu, paths) * np.sqrt((nu - 2) / nu)
        r = np.sqrt(var) * shock
        log_returns[:, t] = 0.001 + r
        var = omega + a * r * r + b * var
    return np.concatenate([np.zeros((paths, 1)), np.cumsum(log_returns[:, burn:], axis=1)],
                          axis=1)


# ----------------------------------------------------------------------------- correlation
def correlated_sums(reps: int, n: int, rho: float, rng: np.random.Generator, h: int = 5,
                    nu: float | None = 8.0, a: float = 0.06, b: float = 0.92
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping h-sums of sigma_t z_t, z bivariate t(nu) (normal if ``nu`` is None) with
    correlation rho, a common GARCH(1,1) volatility: the correlation of the sums is exactly
    rho."""
    burn = 300
    steps = n + h - 1 + burn
    chol = np.linalg.cholesky(np.array([[1.0, rho], [rho, 1.0]]))
    var = np.ones(reps)
    ex, ey = np.empty((reps, steps)), np.empty((reps, steps))
    for t in range(steps):
        g = rng.standard_normal((reps, 2)) @ chol.T
        z = g if nu is None else g * np.sqrt((nu - 2) / rng.chisquare(nu, reps))[:, None]
        s = np.sqrt(var)
        ex[:, t], ey[:, t] = s * z[:, 0], s * z[:, 1]
        var = (1 - a - b) + a * ex[:, t] ** 2 + b * var
    cx = np.cumsum(ex[:, burn:], axis=1)
    cy = np.cumsum(ey[:, burn:], axis=1)
    cx, cy = np.pad(cx, ((0, 0), (1, 0))), np.pad(cy, ((0, 0), (1, 0)))
    return cx[:, h:] - cx[:, :-h], cy[:, h:] - cy[:, :-h]


DGPS = {"GARCH(1,1)-t(8)": {"nu": 8.0, "a": 0.06, "b": 0.92},
        "overlap only, normal": {"nu": None, "a": 0.0, "b": 0.0}}


def bootstrap_correlations(x: np.ndarray, y: np.ndarray, n_resamples: int, mean_block: float,
                           rng: np.random.Generator) -> np.ndarray:
    """Stationary-bootstrap distribution of the Pearson correlation of the pairs (no NaN):
    the previous method's draws (it left comove.kernels.correlation with nothing else using
    it). The pairs are standardised first, so each resample's correlation is read from five
    sums without cancellation."""
    from comove.kernels.bootstrap import block_sums

    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return np.full(n_resamples, np.nan)
    a = (x - x.mean()) / x.std()
    b = (y - y.mean()) / y.std()
    n = len(a)
    out = []
    for sa, sb, saa, sbb, sab in block_sums([a, b, a * a, b * b, a * b], n_resamples,
                                              mean_block, rng):
        cov = sab / n - (sa / n) * (sb / n)
        va = saa / n - (sa / n) ** 2
        vb = sbb / n - (sb / n) ** 2
        with np.errstate(invalid="ignore", divide="ignore"):
            out.append(np.clip(cov / np.sqrt(va * vb), -1.0, 1.0))
    return np.concatenate(out)


def previous_fit(x: np.ndarray, y: np.ndarray, rng: np.random.Generator, resamples: int
                 ) -> tuple[float, float, np.ndarray]:
    """The previous Pearson interval: stationary-bootstrap percentile, mean block
    max(n^(1/3), 5)."""
    from comove.kernels.correlation import default_block

    boot = bootstrap_correlations(x, y, resamples, default_block(len(x), 5), rng)
    lo, hi = np.nanquantile(boot, [0.025, 0.975])
    return float(lo), float(hi), boot


def correlation_rows(reps: int, rank_reps: int, resamples: int) -> list[Row]:
    from comove.comovement.correlation import (
        bootstrap_difference_p,
        difference_between,
        period_correlation,
    )

    rng = np.random.default_rng(SEED + 1)
    # Kendall's resamples have their own streams, so that its rows do not move the others'.
    kendall_rng = np.random.default_rng(SEED + 3)
    rho = 0.3
    rows = []
    for name, dgp in DGPS.items():
        for n, n2 in ((750, 500), (250, 250), (2000, 2000)):
            x, y = correlated_sums(reps, n, rho, rng, **dgp)  # type: ignore[arg-type]
            x2, y2 = correlated_sums(reps, n2, rho, rng, **dgp)  # type: ignore[arg-type]
            design = f"correlation, {name}, 5-day overlapping sums"
            fits, olds, seconds = [], [], np.zeros((2, 2))  # (new, previous) x period
            for i in range(reps):
                new, old = [], []
                for k, (u, v) in enumerate(((x[i], y[i]), (x2[i], y2[i]))):
                    began = time.perf_counter()
                    new.append(period_correlation(u, v, 2 * k, 2 * k + 1, "pearson", resamples,
                                                  rng, horizon=5))
                    middle = time.perf_counter()
                    old.append(previous_fit(u, v, rng, resamples))
                    seconds[:, k] += middle - began, time.perf_counter() - middle
                fits.append(tuple(new))
                olds.append(tuple(old))
            single = [
                measure(design, "Pearson, symmetric block bootstrap-t on Fisher z [new]", f"{n}",
                        reps, rho, lambda i, f=fits: (f[i][0].ci_low, f[i][0].ci_high),
                        f"circular blocks of {fits[0][0].block:g} rows"),
                measure(design, "Pearson, stationary bootstrap percentile [previous]", f"{n}",
                        reps, rho, lambda i, o=olds: o[i][0][:2]),
            ]
            single[0].runtime, single[1].runtime = seconds[:, 0]
            rows += single
            if n == 750:
                rows.append(measure(design, "Pearson, Fisher z (assumes independent days)",
                                    f"{n}", reps, rho,
                                    lambda i, f=fits: (f[i][0].fisher_low, f[i][0].fisher_high)))
            # The previous Kendall interval draws from `rng` where it always did, so the
            # rows after it keep their draws.
            previous = (previous_kendall(x[:rank_reps], y[:rank_reps], resamples, rng)
                        if n == 750 and dgp["nu"] is not None else None)
            kendall = kendall_fits(x, y, resamples, kendall_rng)
            rows += kendall_rows(design, kendall, previous, 2 / np.pi * np.arcsin(rho))
            diffs = [difference_between(a, b) for a, b in fits]
            design = f"correlation difference, {name}, 5-day sums (truth 0)"
            size = np.mean([d.p < 0.05 for d in diffs])
            fisher = np.mean([d.fisher_p < 0.05 for d in diffs])
            rows.append(measure(design, "symmetric block bootstrap-t of r2 - r1 [new]",
                                f"{n} vs {n2}", reps, 0.0,
                                lambda i, d=diffs: (d[i].ci_low, d[i].ci_high),
                                f"a true null rejected at 5%: bootstrap-t p {size:.1%}, "
                                f"Fisher p {fisher:.1%} (assumes independent days)"))
            rows[-1].runtime += seconds[0].sum()
            draws = [b[2] - a[2] for a, b in olds]
            size = np.mean([bootstrap_difference_p(d) < 0.05 for d in draws])
            rows.append(measure(design, "stationary bootstrap percentile [previous]",
                                f"{n} vs {n2}", reps, 0.0,
                                lambda i, d=draws: tuple(np.nanquantile(d[i], [0.025, 0.975])),
                                f"a true null rejected at 5%: bootstrap p {size:.1%}"))
            rows[-1].runtime += seconds[1].sum()
            if n == 750:
                rows += kendall_difference_rows(design, kendall, previous, x2, y2, resamples,
                                                kendall_rng)
    return rows


@dataclass
class KendallFits:
    """Kendall fits of each sample (comove's interval) and their seconds."""

    fits: list  # of comove.comovement.correlation.PeriodCorrelation
    seconds: float


def kendall_fits(x: np.ndarray, y: np.ndarray, resamples: int, rng: np.random.Generator
                 ) -> KendallFits:
    from comove.comovement.correlation import period_correlation

    began = time.perf_counter()
    fits = [period_correlation(u, v, 0, 1, "kendall", resamples, rng, horizon=5)
            for u, v in zip(x, y, strict=True)]
    return KendallFits(fits, time.perf_counter() - began)


def previous_kendall(x: np.ndarray, y: np.ndarray, resamples: int, rng: np.random.Generator
                     ) -> KendallFits:
    """The previous Kendall interval's draws: tau-b recomputed on each stationary-bootstrap
    resample, mean block max(n^(1/3), 5) (``fits`` holds the draws)."""
    from comove.kernels.correlation import default_block
    from comove.kernels.resample import bootstrap_kendall

    began = time.perf_counter()
    draws = [bootstrap_kendall(u, v, resamples, default_block(len(u), 5), rng)
             for u, v in zip(x, y, strict=True)]
    return KendallFits(draws, time.perf_counter() - began)


def misses(bounds: list[tuple[float, float]], truth: float) -> str:
    b = np.array(bounds)
    return (f"interval below the truth {np.mean(b[:, 1] < truth):.1%}, above "
            f"{np.mean(b[:, 0] > truth):.1%}")


def kendall_rows(design: str, new: KendallFits, previous: KendallFits | None, tau: float
                 ) -> list[Row]:
    n, reps = f"{new.fits[0].n}", len(new.fits)
    bounds = [(f.ci_low, f.ci_high) for f in new.fits]
    rows = [measure(design, "Kendall, symmetric block bootstrap-t on Fisher z [new]", n, reps,
                    tau, lambda i: bounds[i],
                    f"circular blocks of {new.fits[0].block:g} rows; {misses(bounds, tau)}")]
    rows[-1].runtime += new.seconds
    if previous is not None:
        old = [tuple(np.nanquantile(d, [0.025, 0.975])) for d in previous.fits]
        rows.append(measure(design, "Kendall, stationary bootstrap percentile (tau per "
                            "resample) [previous]", n, len(old), tau, lambda i: old[i],
                            misses(old, tau)))
        rows[-1].runtime += previous.seconds
    if n == "750":
        rows.append(measure(design, "Kendall, Fisher z, FHP variance (assumes independent "
                            "days)", n, reps, tau,
                            lambda i: (new.fits[i].fisher_low, new.fits[i].fisher_high)))
    return rows


def kendall_difference_rows(design: str, first: KendallFits, previous: KendallFits | None,
                            x2: np.ndarray, y2: np.ndarray, resamples: int,
                            rng: np.random.Generator) -> list[Row]:
    """Kendall's change between two independent periods with the same tau (truth zero)."""
    from comove.comovement.correlation import bootstrap_difference_p, difference_between

    second = kendall_fits(x2, y2, resamples, rng)
    diffs = [difference_between(a, b) for a, b in zip(first.fits, second.fits, strict=True)]
    n = f"{first.fits[0].n} vs {second.fits[0].n}"
    size = np.mean([d.p < 0.05 for d in diffs])
    rows = [measure(design, "Kendall, symmetric block bootstrap-t of tau2 - tau1 [new]", n,
                    len(diffs), 0.0, lambda i: (diffs[i].ci_low, diffs[i].ci_high),
                    f"a true null rejected at 5%: bootstrap-t p {size:.1%}")]
    rows[-1].runtime += first.seconds + second.seconds
    if previous is not None:
        later = previous_kendall(x2[:len(previous.fits)], y2[:len(previous.fits)], resamples,
                                 np.random.default_rng(SEED + 4))
        draws = [b - a for a, b in zip(previous.fits, later.fits, strict=True)]
        size = np.mean([bootstrap_difference_p(d) < 0.05 for d in draws])
        rows.append(measure(design, "Kendall, stationary bootstrap percentile [previous]", n,
                            len(draws), 0.0,
                            lambda i: tuple(np.nanquantile(draws[i], [0.025, 0.975])),
                            f"a true null rejected at 5%: bootstrap p {size:.1%}"))
        rows[-1].runtime += previous.seconds + later.seconds
    return rows


# ----------------------------------------------------------------------------- main
def make_store(folder: Path) -> Path:
    from comove.ingest import import_files
    from comove.store import Store

    path = folder / "store"
    import_files(Store(path), [DATA / f"{name}.csv" for name in ("btc", "rut", "spx")])
    return path


def markdown(rows: list[Row], seconds: float, args: argparse.Namespace) -> str:
    lines = ["# Coverage of comove's 95% intervals on dependent data", "",
             "Generated by `.venv/bin/python benchmarks/inference_coverage.py` "
             f"(seed {SEED}; {args.shifts:,} shifts, {args.paths} synthetic paths, "
             f"{args.reps} correlation samples, {args.resamples:,} bootstrap resamples; "
             f"{seconds:.0f} s in all). Target: 93-97%. The designs are described in the "
             "module docstring; [new] marks the method comove uses now, [previous] the one "
             "it replaced.", "",
             "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    lines += ["", "Reading:", "",
              "- Event intervals: the circular-shift design rotates the real episode set "
              "along the real BTC returns, so the circular-shift interval covers about 95% "
              "there by construction; the synthetic design (real dates, simulated prices) is "
              "the independent check. The verdict rule is \"interval excludes zero and "
              "placebo p < 0.05\"; with circular shifts the two always agree, so it is one "
              "test of size about 5%.",
              "- Mean widths of the synthetic design are dominated by the few simulated paths "
              "that explode; the median is the typical width.",
              "- Correlation: Fisher's interval assumes independent days and is kept only as "
              "a labelled reference. The stationary-bootstrap percentile interval [previous] "
              "falls short under heavy-tailed GARCH: the variance of r rests on fourth "
              "moments, which a sample underestimates more often than not. The bootstrap-t "
              "[new] studentises each resample by block sums of r's influence function "
              "(Goetze-Kuensch), so that variability enters its critical value; blocks are at "
              "least three horizons long. Runtimes include both periods of a difference.",
              "- Kendall: the bootstrap-t [new] resamples the same circular blocks, recomputes "
              "tau-b on each resample and studentises it by block sums of tau's influence "
              "function (its Hoeffding projection). On Fisher's z and on the tau scale it "
              "covers the same here (tau = 0.19, where atanh is nearly straight). At tau = 0.59 "
              "(rho = 0.8; 1,000 samples at n = 250 and 750, not in the table) both cover "
              "93-96%, but on the tau scale the misses lean above the truth (normal sums: "
              "1.1-1.8% below, 3.5-4.1% above; on Fisher's z 2.4-2.6% and 2.9-3.0%), so "
              "comove uses z. The percentile interval [previous] (tau per stationary-bootstrap "
              "resample) runs on the first 400 samples only: it costs four to five times as "
              "much. For the change between periods it was near target already; the "
              "bootstrap-t does as well there."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer replications")
    args = parser.parse_args()
    args.shifts, args.paths, args.reps, args.rank_reps, args.resamples = (
        (200, 100, 100, 60, 499) if args.quick else (1000, 1000, 1000, 400, 999))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        designs = event_designs(make_store(Path(folder)))
    rows = event_rows(designs, args.shifts, args.paths, args.resamples)
    rows += correlation_rows(args.reps, args.rank_reps, args.resamples)
    seconds = time.perf_counter() - started
    widths = [max(len(h), *(len(r.cells()[k]) for r in rows)) for k, h in enumerate(HEADER)]
    print("  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r.cells(), widths, strict=True)))
    print(f"total {seconds:.0f} s")
    if not args.quick:
        (HERE / "COVERAGE.md").write_text(markdown(rows, seconds, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
