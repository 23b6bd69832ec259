#!/usr/bin/env bash
# scripts/gen-cwe.sh - regenerate src/util/cwe_names.c from the CWE list bundled with the BSI
# CSAF validator (tools/csaf-validator, installed by scripts/test.sh), so that vexil writes
# the CWE names that validator's test 6.1.11 expects. Run after updating the validator.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e '
import("./tools/csaf-validator/node_modules/@secvisogram/csaf-validator-lib/lib/shared/cwec.js").then(m => {
  const w = m.default.weaknesses.map(x => [parseInt(x.id.slice(4)), x.name]).filter(x => !isNaN(x[0])).sort((a, b) => a[0] - b[0]);
  const esc = s => s.replace(/\\/g, "\\\\").replace(/"/g, "\\\"");
  let out = "/* src/util/cwe_names.c - CWE identifiers and names (generated; do not edit by hand).\n * Source: the MITRE CWE list as bundled with @secvisogram/csaf-validator-lib 2.0.10\n * (lib/shared/cwec.js), the list the BSI CSAF validator checks names against (test 6.1.11).\n * CWE is a trademark of The MITRE Corporation; the list may be used under the CWE Terms of Use.\n * Regenerate with scripts/gen-cwe.sh after updating tools/csaf-validator. */\n#include \"util/cwe.h\"\n\nconst struct vx_cwe vx_cwe_table[] = {\n";
  for (const [id, name] of w) out += "\t{" + id + ", \"" + esc(name) + "\"},\n";
  out += "};\nconst unsigned long vx_cwe_count = sizeof(vx_cwe_table) / sizeof(vx_cwe_table[0]);\n";
  require("fs").writeFileSync("src/util/cwe_names.c", out);
  console.log("src/util/cwe_names.c: " + w.length + " weaknesses");
});'
