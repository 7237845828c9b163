"""Granger causality on two series with numpy alone: the VAR lag order by an information
criterion, the F-test of a block of lags (classic or HC3), and the F distribution's tail.

Equal to statsmodels (``VAR(data).select_order(max_lag)``, ``OLS(...).fit().f_test`` and
``fit(cov_type="HC3").f_test``) and to scipy (``stats.f.sf``) to about 1e-12 relative; the
tests compare them. Neither is imported here: statsmodels.tsa pulls in scipy.stats and much
more, about a second at start-up, for what is a handful of small least-squares fits.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

#: Information criteria :func:`lag_order` computes (statsmodels' ``LagOrderResults`` names).
CRITERIA = ("aic", "bic", "hqic", "fpe")


def lag_design(data: FloatArray, lags: int, offset: int = 0) -> tuple[FloatArray, FloatArray]:
    """The regressors (a constant, then every series at lags 1..``lags``) and the targets of
    a VAR(``lags``) on ``data[offset:]`` (rows are dates, columns series)."""
    data = np.asarray(data, dtype=float)[offset:]
    n = len(data) - lags
    columns = [np.ones((n, 1))] + [data[lags - k: len(data) - k] for k in range(1, lags + 1)]
    return np.hstack(columns), data[lags:]


def information_criteria(data: FloatArray, max_lag: int) -> dict[str, FloatArray]:
    """AIC, BIC, HQIC and FPE of VAR(p) with a constant, for ``p = 0..max_lag``, every order
    fitted on the same rows (the last ``n - max_lag``), as statsmodels' ``select_order``
    (Lütkepohl 2005, pp. 146-150): ``log det`` of the residual covariance (divided by the
    number of rows) plus the penalty on ``p k^2 + k`` free parameters."""
    data = np.asarray(data, dtype=float)
    rows, k = len(data) - max_lag, data.shape[1]
    out: dict[str, list[float]] = {name: [] for name in CRITERIA}
    for p in range(max_lag + 1):
        design, target = lag_design(data, p, max_lag - p)
        coef = np.linalg.lstsq(design, target, rcond=1e-15)[0]
        resid = target - design @ coef
        sse = resid.T @ resid
        df_model = k * p + 1
        df_resid = rows - df_model
        if df_resid:
            logdet = 2.0 * float(np.sum(np.log(np.diag(np.linalg.cholesky(sse / rows)))))
        else:
            logdet = -np.inf
        free = p * k * k + k
        out["aic"].append(logdet + 2.0 / rows * free)
        out["bic"].append(logdet + math.log(rows) / rows * free)
        out["hqic"].append(logdet + 2.0 * math.log(math.log(rows)) / rows * free)
        out["fpe"].append(((rows + df_model) / df_resid) ** k * math.exp(logdet)
                          if df_resid else np.inf)
    return {name: np.asarray(values) for name, values in out.items()}


def lag_order(data: FloatArray, max_lag: int, criterion: str = "aic") -> int:
    """The VAR order in ``0..max_lag`` that minimises ``criterion`` (the first on a tie)."""
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}; known: {', '.join(CRITERIA)}")
    return int(np.argmin(information_criteria(data, max_lag)[criterion]))


def granger_f(effect: FloatArray, cause: FloatArray, lag: int, covariance: str = "HC3"
              ) -> tuple[float, float]:
    """F statistic and p-value of "lags 1..lag of ``cause`` add nothing to a regression of
    ``effect`` on a constant and its own lags 1..lag".

    With ``covariance="HC3"`` the Wald statistic uses the HC3 covariance (MacKinnon and
    White, 1985), divided by ``lag`` and referred to F(lag, n - k), as statsmodels'
    ``OLS(...).fit(cov_type="HC3").f_test``; ``"classic"`` is the usual F-test.
    """
    if covariance not in ("HC3", "classic"):
        raise ValueError(f"unknown covariance {covariance!r}; known: HC3, classic")
    effect, cause = np.asarray(effect, dtype=float), np.asarray(cause, dtype=float)
    n = len(effect) - lag
    columns = [np.ones(n)]
    columns += [effect[lag - k: len(effect) - k] for k in range(1, lag + 1)]
    columns += [cause[lag - k: len(cause) - k] for k in range(1, lag + 1)]
    design = np.column_stack(columns)
    target = effect[lag:]
    k = design.shape[1]
    q, r = np.linalg.qr(design)
    beta = np.linalg.solve(r, q.T @ target)
    resid = target - design @ beta
    r_inv = np.linalg.inv(r)
    bread = r_inv @ r_inv.T  # (X'X)^-1
    tested = slice(1 + lag, k)
    if covariance == "HC3":
        leverage = np.sum(q * q, axis=1)
        weights = (resid / (1.0 - leverage)) ** 2
        meat = design.T @ (design * weights[:, None])
        cov = bread @ meat @ bread
    else:
        cov = bread * float(resid @ resid) / (n - k)
    b = beta[tested]
    wald = float(b @ np.linalg.solve(cov[tested, tested], b))
    f = wald / lag
    return f, f_sf(f, lag, n - k)


def f_sf(f: float, dfn: float, dfd: float) -> float:
    """``P(F > f)`` for F(``dfn``, ``dfd``): the regularized incomplete beta
    ``I_x(dfd/2, dfn/2)`` at ``x = dfd / (dfd + dfn f)`` (equal to ``scipy.stats.f.sf``)."""
    if f != f or dfn <= 0 or dfd <= 0:
        return float("nan")
    if f <= 0:
        return 1.0
    if f == math.inf:
        return 0.0
    # x and 1 - x computed apart, so neither loses digits to cancellation
    x = dfd / (dfd + dfn * f)
    y = dfn * f / (dfd + dfn * f)
    return betainc(dfd / 2.0, dfn / 2.0, x, y)


def betainc(a: float, b: float, x: float, y: float | None = None) -> float:
    """The regularized incomplete beta ``I_x(a, b)`` (``y = 1 - x``, given separately when
    it is known more precisely), by its continued fraction (Lentz's method) on the side
    where it converges fast."""
    y = 1.0 - x if y is None else y
    if x <= 0:
        return 0.0
    if y <= 0:
        return 1.0
    log_front = a * _log(x, y) + b * _log(y, x) - log_beta(a, b)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, y) / b


def log_beta(a: float, b: float) -> float:
    """``log B(a, b)``; for large arguments without the cancellation of three large
    ``lgamma`` values (R's ``lbeta``: Stirling's series for the corrections)."""
    p, q = min(a, b), max(a, b)
    if q < 10:
        return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)
    corr = _stirling(q) - _stirling(p + q)
    if p < 10:
        return (math.lgamma(p) + corr + p - p * math.log(p + q)
                + (q - 0.5) * math.log1p(-p / (p + q)))
    corr += _stirling(p)
    return (-0.5 * math.log(q) + 0.5 * math.log(2 * math.pi) + corr
            + (p - 0.5) * math.log(p / (p + q)) + q * math.log1p(-p / (p + q)))


def _stirling(x: float) -> float:
    """``lgamma(x) - ((x - 1/2) log x - x + log(2 pi) / 2)`` for ``x >= 10`` (Stirling's
    series; the terms left out are below 1e-17)."""
    z = 1.0 / (x * x)
    return (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (
        1 / 1188 - z * (691 / 360360 - z / 156)))))) / x


def _log(x: float, y: float) -> float:
    """``log(x)`` for ``x = 1 - y``: through ``log1p(-y)`` when ``x`` is near 1."""
    return math.log1p(-y) if y < 0.5 else math.log(x)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of ``I_x(a, b)`` (Numerical Recipes' ``betacf``, modified
    Lentz), to double precision."""
    tiny, eps = 1e-300, 1e-16
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < eps:
            break
    return h


__all__ = ["CRITERIA", "betainc", "f_sf", "granger_f", "information_criteria", "lag_design",
           "lag_order"]
