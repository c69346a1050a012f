"""Small numeric rules shared by every stage that shows a number."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def round2(x):
    """Round to 2 decimals, halves away from zero (school rounding), on the
    value the arithmetic meant: 1.005 (stored as 1.00499…) gives 1.01.
    Works on scalars, arrays and Series; NaN stays NaN."""
    if type(x) is float or type(x) is int or isinstance(x, np.floating):
        # The same operations on one Python float, without building an array:
        # pages format hundreds of thousands of single figures.
        f = float(x)
        if math.isfinite(f):
            y = abs(f) * 100.0
            return ((f > 0) - (f < 0)) * math.floor(y + 0.5 + y * 1e-12 + 1e-9) / 100.0 + 0.0
    a = np.asarray(x, dtype=float)
    y = np.abs(a) * 100.0
    # A relative nudge far above float noise and far below a real hundredth.
    r = np.sign(a) * np.floor(y + 0.5 + y * 1e-12 + 1e-9) / 100.0
    r = r + 0.0  # turn -0.0 into 0.0
    if isinstance(x, pd.Series):
        return pd.Series(r, index=x.index, name=x.name)
    if np.ndim(r) == 0:
        return float(r)
    return r


def fmt2(x: float | None) -> str:
    """A rounded figure as it is written in exports: '83.33', '' for none."""
    if x is None or pd.isna(x):
        return ""
    return f"{round2(x):.2f}"


def fmt_value(x: float | None) -> str:
    """A raw value as staff entered it: shortest exact form, '' for none."""
    if x is None or pd.isna(x):
        return ""
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def round_to(x, decimals: int):
    """round2 at `decimals` (0, 1 or 2) places, halves away from zero, on
    Series or arrays: rank_decimals (rule 5b). At 2 it is round2 itself."""
    if decimals == 2:
        return round2(x)
    a = np.asarray(x, dtype=float)
    scale = 10.0**decimals
    y = np.abs(a) * scale
    r = np.sign(a) * np.floor(y + 0.5 + y * 1e-12 + 1e-9) / scale + 0.0
    if isinstance(x, pd.Series):
        return pd.Series(r, index=x.index, name=x.name)
    return float(r) if np.ndim(r) == 0 else r
