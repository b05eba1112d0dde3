"""K_n(x) and Y_n(x) of integer order n for x > 0 from their convergent series (DLMF 10.31.1 and 10.8.1).

mpmath's general besselk and bessely reach an integer order as a limit of non-integer ones, which takes
seconds at the hundreds of digits that spot checks and certification ask for; the series below take
milliseconds.  Both series converge for every x > 0 but cancel: their terms grow like exp(x) while the values
are of size exp(-x) (K) or 1/sqrt(x) (Y), so the sums run with 2*x/ln(2) more bits.  Far out (x beyond the
digits asked for) mpmath's own asymptotic expansions are fast and are used instead.
"""

from __future__ import annotations

from typing import Any

import mpmath

__all__ = ["besselk", "bessely"]


def besselk(n: Any, x: Any) -> Any:
    """K_n(x): mpmath's value, from the series when n is an integer and x > 0 is not far out."""
    order = _small_integer(n)
    if order is None or not 0 < x <= 2 * mpmath.mp.dps:
        return mpmath.besselk(n, x)
    return _series(abs(order), x, modified=True)


def bessely(n: Any, x: Any) -> Any:
    """Y_n(x): mpmath's value, from the series when n is an integer and x > 0 is not far out."""
    order = _small_integer(n)
    if order is None or not 0 < x <= 2 * mpmath.mp.dps:
        return mpmath.bessely(n, x)
    value = _series(abs(order), x, modified=False)
    return -value if order < 0 and order % 2 else value  # Y_(-n) = (-1)**n Y_n


def _small_integer(n: Any) -> int | None:
    if n != int(n) or abs(int(n)) > 200:
        return None
    return int(n)


def _series(n: int, x: Any, *, modified: bool) -> Any:
    """K_n(x) (modified) or Y_n(x), n >= 0, x > 0."""
    target = mpmath.mp.prec
    with mpmath.workprec(target + int(3 * x) + 2 * n + 40):
        half = x / 2
        quarter = half * half
        sign = 1 if modified else -1  # (x**2/4)**k for K, (-x**2/4)**k for Y
        # The finite sum over k < n: (n - k - 1)!/k! * (-+x**2/4)**k.
        finite = mpmath.mpf(0)
        power = mpmath.mpf(1)
        for k in range(n):
            finite += mpmath.factorial(n - k - 1) / mpmath.factorial(k) * power
            power *= -sign * quarter
        # The infinite sum: (psi(k + 1) + psi(n + k + 1)) * (+-x**2/4)**k / (k! (n + k)!).
        psi_k = -mpmath.euler
        psi_nk = -mpmath.euler + mpmath.harmonic(n)
        term = 1 / mpmath.factorial(n)
        infinite = mpmath.mpf(0)
        k = 0
        tiny = mpmath.mpf(2) ** (-mpmath.mp.prec)
        while True:
            piece = (psi_k + psi_nk) * term
            infinite += piece
            k += 1
            term *= sign * quarter / (k * (n + k))
            psi_k += mpmath.mpf(1) / k
            psi_nk += mpmath.mpf(1) / (n + k)
            if k > half and abs(term) * (abs(psi_k) + abs(psi_nk)) < tiny * abs(infinite):
                break
        log_half = mpmath.log(half)
        if modified:
            value = (finite / (2 * half**n) + (-1) ** (n + 1) * log_half * mpmath.besseli(n, x)
                     + (-1) ** n * half**n / 2 * infinite)
        else:
            value = (-finite / (mpmath.pi * half**n) + 2 / mpmath.pi * log_half * mpmath.besselj(n, x)
                     - half**n / mpmath.pi * infinite)
    return +value
