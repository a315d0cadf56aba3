#!/usr/bin/env python3
"""Reference numbers for Tests/AmuletTensorTests/MeanDifferenceTestTests.swift.

Run once with SciPy (python3 scripts/reference/statistics.py); the printed numbers are
committed in the Swift test as expectations. Everything here comes from SciPy's own
implementations (ttest_rel, ttest_ind, t, nct), never from the Swift code under test.
Holm's step-down adjustment is written out from Holm (1979) and checked against a
brute-force definition (the smallest family-wise level at which each hypothesis is rejected).
"""
import itertools
import numpy as np
from scipy import stats

ALPHA = 0.05


def paired(base, treated, margin):
    base, treated = np.array(base), np.array(treated)
    d = treated - base
    n = len(d)
    res = stats.ttest_rel(treated, base)
    se = d.std(ddof=1) / np.sqrt(n)
    half = stats.t.ppf(0.975, n - 1) * se
    # TOST: two one-sided tests against -margin and +margin.
    p_lower = stats.ttest_1samp(d, -margin, alternative="greater").pvalue
    p_upper = stats.ttest_1samp(d, margin, alternative="less").pvalue
    print(f"paired mean={d.mean()!r} t={res.statistic!r} p={res.pvalue!r} df={n-1}")
    print(f"  half95={half!r} tost={max(p_lower, p_upper)!r}")
    return d


def welch(ref, treated, margin):
    ref, treated = np.array(ref), np.array(treated)
    res = stats.ttest_ind(treated, ref, equal_var=False)
    a = ref.var(ddof=1) / len(ref)
    b = treated.var(ddof=1) / len(treated)
    df = (a + b) ** 2 / (a * a / (len(ref) - 1) + b * b / (len(treated) - 1))
    half = stats.t.ppf(0.975, df) * np.sqrt(a + b)
    greater = stats.ttest_ind(treated, ref, equal_var=False, alternative="greater").pvalue
    diff = treated.mean() - ref.mean()
    se = np.sqrt(a + b)
    p_lower = stats.t.sf((diff + margin) / se, df)
    p_upper = stats.t.cdf((diff - margin) / se, df)
    print(f"welch diff={diff!r} t={res.statistic!r} p={res.pvalue!r} df={df!r}")
    print(f"  half95={half!r} greater={greater!r} tost={max(p_lower, p_upper)!r}")


def power_paired(n, effect, sd):
    df = n - 1
    crit = stats.t.ppf(1 - ALPHA / 2, df)
    nc = effect * np.sqrt(n) / sd
    return stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc)


def power_welch(n, effect, sd_ref, sd_treated):
    # Equal group sizes n, the pooled SD of the two observed SDs (as statsmodels TTestIndPower).
    df = 2 * n - 2
    crit = stats.t.ppf(1 - ALPHA / 2, df)
    pooled = np.sqrt((sd_ref**2 + sd_treated**2) / 2)
    nc = effect / (pooled * np.sqrt(2 / n))
    return stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc)


def needed(power, *args):
    n = 2
    while power(n, *args) < 0.8:
        n += 1
    return n


def holm(p):
    m = len(p)
    order = np.argsort(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def holm_brute(p):
    # Smallest alpha at which Holm's procedure rejects each hypothesis, by bisection.
    m = len(p)

    def rejected(alpha):
        out = [False] * m
        for rank, i in enumerate(np.argsort(p)):
            if p[i] <= alpha / (m - rank):
                out[i] = True
            else:
                break
        return out

    result = []
    for i in range(m):
        lo, hi = 0.0, 1.0
        if not rejected(1.0)[i]:
            result.append(1.0)
            continue
        for _ in range(100):
            mid = (lo + hi) / 2
            if rejected(mid)[i]:
                hi = mid
            else:
                lo = mid
        result.append(hi)
    return np.array(result)


print("-- effect: dp raises an AUC by about 0.045 (threshold 0.01)")
paired([0.60, 0.61, 0.59, 0.62, 0.60], [0.64, 0.66, 0.62, 0.67, 0.65], 0.01)
print("-- no interaction: differences near +0.001 (threshold 0.01)")
paired([0.700, 0.702, 0.698, 0.701], [0.7010, 0.7032, 0.6989, 0.7021], 0.01)
print("-- inconclusive: differences of both signs (threshold 0.01)")
d = paired([0.60, 0.61, 0.59, 0.62], [0.62, 0.595, 0.62, 0.61], 0.01)
print(f"  needed={needed(power_paired, 0.01, d.std(ddof=1))} sd={d.std(ddof=1)!r}")
print(f"  power(n=4)={power_paired(4, 0.01, d.std(ddof=1))!r}")
print("-- welch")
welch([0.80, 0.82, 0.84], [0.70, 0.71, 0.72], 0.01)
welch([0.61, 0.64, 0.60, 0.66], [0.55, 0.58, 0.52], 0.01)
ref, tr = np.array([0.80, 0.82, 0.84]), np.array([0.81, 0.83, 0.79])
welch(ref, tr, 0.01)
print(f"  needed={needed(power_welch, 0.01, ref.std(ddof=1), tr.std(ddof=1))}")
print("-- noncentral t cdf")
for t, df, nc in [(1.5, 4, 0.7), (-0.3, 2.5, 1.2), (3.0, 10, 2.0), (2.0, 30, -1.0)]:
    print(f"  nct.cdf({t}, {df}, {nc}) = {stats.nct.cdf(t, df, nc)!r}")
print("-- holm")
p = np.array([0.01, 0.04, 0.03, 0.005, 0.2])
a = holm(p)
assert np.allclose(a, holm_brute(p), atol=1e-9)
print("  p=", list(p), "adjusted=", [repr(x) for x in a])
