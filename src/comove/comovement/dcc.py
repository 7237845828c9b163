"""DCC(1,1)-GARCH correlation with correlation targeting (Engle, 2002), for two assets.

Why comove has its own: ``arch`` fits univariate GARCH models well but has no multivariate
model, and the Python DCC packages found are unmaintained or return a number whatever
happens in the optimiser. The estimation is the usual two steps:

1. a GARCH(1,1) with constant mean for each return series (``arch``), giving standardised
   residuals ``e``;
2. ``Q_t = (1 - a - b) S + a e_{t-1} e_{t-1}' + b Q_{t-1}`` with ``S`` the sample correlation
   of ``e`` (targeting), ``R_t`` the correlation matrix of ``Q_t``; ``a, b >= 0`` and
   ``a + b < 1`` maximise the correlation part of the Gaussian log-likelihood.

Failure is explicit: a univariate fit that does not converge, an optimiser that fails, or
estimates on the boundary (``a + b`` at 1: a unit root in correlation) raise
:class:`DCCError` with the reason, instead of returning correlations of no meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from comove.errors import ComoveError
from comove.kernels.dcc import dcc_correlations, dcc_neg_loglik

if TYPE_CHECKING:
    import pandas as pd

FloatArray = NDArray[np.float64]
MAX_PERSISTENCE = 0.999


class DCCError(ComoveError):
    """The DCC model could not be estimated reliably."""


@dataclass
class DCCResult:
    a: float
    b: float
    target: float
    correlation: pd.Series
    loglik: float
    garch: dict[str, dict[str, float]]

    def as_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "persistence": self.a + self.b,
                "target_correlation": self.target, "loglik": self.loglik, "garch": self.garch,
                "last": float(self.correlation.iloc[-1])}


def fit_dcc_residuals(e1: FloatArray, e2: FloatArray) -> tuple[float, float, float, float]:
    """Second step on standardised residuals: (a, b, target, log-likelihood)."""
    from scipy.optimize import minimize

    e1 = np.ascontiguousarray(e1, dtype=float)
    e2 = np.ascontiguousarray(e2, dtype=float)
    s12 = float(np.corrcoef(e1, e2)[0, 1])
    best = None
    for start in ((0.02, 0.95), (0.05, 0.90), (0.10, 0.80)):
        res = minimize(dcc_neg_loglik, np.array(start), args=(e1, e2, s12), method="SLSQP",
                       bounds=[(0.0, 1.0), (0.0, 1.0)],
                       constraints=[{"type": "ineq", "fun": lambda p: MAX_PERSISTENCE - p[0]
                                     - p[1]}],
                       options={"maxiter": 200, "ftol": 1e-10})
        if res.success and (best is None or res.fun < best.fun):
            best = res
    if best is None:
        raise DCCError("the DCC optimiser did not converge from any starting point",
                       "use rolling or EWMA correlation for this sample")
    a, b = (float(v) for v in best.x)
    if a + b >= MAX_PERSISTENCE - 1e-6:
        raise DCCError(
            f"the DCC estimates sit on the boundary (a + b = {a + b:.4f}): correlation "
            "behaves like a random walk in this sample, and the model does not describe it",
            "use rolling or EWMA correlation, or a shorter sample",
        )
    return a, b, s12, float(-best.fun)


def fit_dcc(x: pd.Series, y: pd.Series) -> DCCResult:
    """Fit GARCH(1,1) to each series and DCC(1,1) to the pair (complete pairs only).

    Returns are scaled by 100 for the univariate fits (``arch``'s recommendation); the
    correlations do not depend on the scale.
    """
    import pandas as pd
    from arch import arch_model

    pairs = x.notna() & y.notna()
    x, y = x[pairs], y[pairs]
    if len(x) < 250:
        raise DCCError(f"DCC needs at least 250 pairs of returns; there are {len(x)}",
                       "use a longer sample")
    residuals, garch = [], {}
    for name, series in (("x", x), ("y", y)):
        model = arch_model(series.to_numpy() * 100, mean="Constant", vol="GARCH", p=1, q=1,
                           rescale=False)
        fit = model.fit(disp="off", show_warning=False)
        if fit.convergence_flag != 0:
            raise DCCError(f"the GARCH(1,1) fit of {series.name or name} did not converge "
                           f"(flag {fit.convergence_flag})", "use rolling or EWMA correlation")
        residuals.append(np.asarray(fit.std_resid, dtype=float))
        garch[str(series.name or name)] = {k: float(v) for k, v in fit.params.items()}
    a, b, s12, loglik = fit_dcc_residuals(residuals[0], residuals[1])
    rho = dcc_correlations(residuals[0], residuals[1], a, b, s12)
    return DCCResult(a, b, s12, pd.Series(rho, index=x.index, name="dcc"), loglik, garch)


def simulate_dcc(n: int, a: float, b: float, target: float, seed: int = 0) -> tuple[
        FloatArray, FloatArray, FloatArray]:
    """Simulate two GARCH(1,1) series whose shocks follow a DCC(1,1) (for validation).

    Returns
    -------
    r1, r2, rho
        Returns (in percent) and the true conditional correlations.
    """
    rng = np.random.default_rng(seed)
    omega, alpha, beta = 0.05, 0.08, 0.90
    h1 = h2 = omega / (1 - alpha - beta)
    q11 = q22 = 1.0
    q12 = target
    r1, r2, rho = np.empty(n), np.empty(n), np.empty(n)
    for t in range(n):
        rho[t] = q12 / np.sqrt(q11 * q22)
        z1, z2 = rng.standard_normal(2)
        e1 = z1
        e2 = rho[t] * z1 + np.sqrt(1 - rho[t] ** 2) * z2
        r1[t], r2[t] = np.sqrt(h1) * e1, np.sqrt(h2) * e2
        q11 = (1 - a - b) + a * e1 * e1 + b * q11
        q22 = (1 - a - b) + a * e2 * e2 + b * q22
        q12 = (1 - a - b) * target + a * e1 * e2 + b * q12
        h1 = omega + alpha * r1[t] ** 2 + beta * h1
        h2 = omega + alpha * r2[t] ** 2 + beta * h2
    return r1, r2, rho
