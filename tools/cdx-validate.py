#!/usr/bin/env python3
"""tools/cdx-validate.py SCHEMA_DIR FILE... - validate CycloneDX JSON documents against the
official JSON schema (bom-<specVersion>.schema.json in SCHEMA_DIR, with the spdx and jsf
schemas it references), using python3-jsonschema (Debian package). Prints the errors with
their JSON path; exits 1 when a document is invalid, 2 on bad usage."""
import json
import os
import sys

import jsonschema


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    sdir, files = sys.argv[1], sys.argv[2:]
    store = {}
    for name in os.listdir(sdir):
        if name.endswith(".schema.json"):
            with open(os.path.join(sdir, name)) as f:
                s = json.load(f)
            store[name] = s
            if "$id" in s:
                store[s["$id"]] = s
    bad = 0
    for path in files:
        with open(path) as f:
            doc = json.load(f)
        schema = store["bom-%s.schema.json" % doc.get("specVersion")]
        try:  # jsonschema >= 4.18: a referencing registry
            from referencing import Registry, Resource
            reg = Registry().with_resources(
                [(k, Resource.from_contents(v, default_specification=__import__(
                    "referencing.jsonschema").jsonschema.DRAFT7)) for k, v in store.items()])
            v = jsonschema.Draft7Validator(schema, registry=reg,
                                           format_checker=jsonschema.FormatChecker())
        except ImportError:  # Debian 12's 4.10: a resolver
            res = jsonschema.RefResolver.from_schema(schema, store=store)
            v = jsonschema.Draft7Validator(schema, resolver=res,
                                           format_checker=jsonschema.FormatChecker())
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        for e in errs:
            print("%s: /%s: %s" % (path, "/".join(map(str, e.path)), e.message[:300]))
        print("%s: %s" % (path, "valid" if not errs else "INVALID (%d errors)" % len(errs)))
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
