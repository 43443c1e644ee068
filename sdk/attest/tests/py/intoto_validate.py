#!/usr/bin/env python3
"""Validate an in-toto Statement v1 carrying a SLSA Provenance v1 predicate, independently of Rust.

usage: intoto_validate.py STATEMENT.json

Uses the in-toto-attestation Python bindings (protobuf):
  * json_format.Parse into in_toto_attestation.v1.Statement (unknown fields rejected);
  * Statement.validate() (type URI, non-empty subjects, each subject has a digest, ...);
  * json_format.ParseDict of the predicate into predicates.provenance.v1.Provenance (unknown fields
    rejected; startedOn/finishedOn must parse as RFC 3339 Timestamps);
  * the REQUIRED fields of SLSA provenance v1, which the Python binding has no validate() for:
    buildDefinition.buildType, buildDefinition.externalParameters (present), runDetails.builder.id,
    and ResourceDescriptor.validate() for resolvedDependencies / byproducts.

Exit codes: 0 valid, 1 invalid, 2 usage error, 3 missing Python package.
"""
import json
import sys

try:
    from google.protobuf import json_format
    import in_toto_attestation.v1.statement_pb2 as spb
    from in_toto_attestation.v1.statement import Statement
    from in_toto_attestation.v1.resource_descriptor import ResourceDescriptor
    from in_toto_attestation.predicates.provenance.v1 import provenance_pb2 as ppb
except ImportError as exc:  # pragma: no cover
    print(f"MISSING-PYTHON-PACKAGE: {exc}. Run: pip install -r sdk/attest/tests/requirements.txt", file=sys.stderr)
    sys.exit(3)

SLSA_V1 = "https://slsa.dev/provenance/v1"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = open(sys.argv[1], encoding="utf-8").read()
    try:
        data = json.loads(text)
        st = Statement.copy_from_pb(json_format.Parse(text, spb.Statement()))
        st.validate()
        if st.pb.predicate_type != SLSA_V1:
            raise ValueError(f"predicateType {st.pb.predicate_type!r} != {SLSA_V1}")
        prov = json_format.ParseDict(data["predicate"], ppb.Provenance())
        bd = data["predicate"].get("buildDefinition")
        if not bd or not prov.build_definition.build_type:
            raise ValueError("buildDefinition.buildType required")
        if "externalParameters" not in bd:
            raise ValueError("buildDefinition.externalParameters required")
        if not prov.run_details.builder.id:
            raise ValueError("runDetails.builder.id required")
        for rd in list(prov.build_definition.resolved_dependencies) + list(prov.run_details.byproducts):
            ResourceDescriptor.copy_from_pb(rd).validate()
    except Exception as exc:
        print(f"INVALID: {type(exc).__name__}: {exc}")
        return 1
    print(f"VALID: {len(st.pb.subject)} subject(s), builder {prov.run_details.builder.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
