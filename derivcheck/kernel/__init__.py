"""The independent checker: re-verifies a certificate by plain substitution and polynomial expansion.

It imports sympy and the result data model only, nothing of the engine that found the argument: a proof is
accepted only if, on every piece of a cover of the domain, both sides (each branch chosen here, g' computed
here from g) rewritten into the piece's symbols equal the certificate's normal forms, and the two forms are
the same rational function.  A counterexample is accepted only if both sides, evaluated here at its exact
point at two precisions, differ beyond doubt; a value declared at a point only if g' from each side, computed
here, has the stated limits and the value lies where the finding allows.  Anything it cannot establish is a
failure, never a pass.
"""

from __future__ import annotations

from derivcheck.kernel.kink import recheck_kink
from derivcheck.kernel.proof import recheck_proof
from derivcheck.kernel.refutation import recheck_refutation
from derivcheck.results.certificate import Certificate, KinkProof, Proof, Recheck, RecheckStatus
from derivcheck.results.certificate_json import CertificateFormatError, certificate_from_json

__all__ = ["recheck", "recheck_json"]


def recheck(certificate: Certificate) -> Recheck:
    """What the checker finds of `certificate`."""
    if certificate.limitation:
        return Recheck(RecheckStatus.NOT_RECHECKABLE, certificate.limitation)
    if isinstance(certificate, Proof):
        return recheck_proof(certificate)
    if isinstance(certificate, KinkProof):
        return recheck_kink(certificate)
    return recheck_refutation(certificate)


def recheck_json(data: object) -> Recheck:
    """What the checker finds of a certificate as `--format json` writes it (malformed data fails)."""
    try:
        certificate = certificate_from_json(data)
    except CertificateFormatError as error:
        return Recheck(RecheckStatus.FAILED, f"not a certificate: {error}")
    return recheck(certificate)
