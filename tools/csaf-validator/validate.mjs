// tools/csaf-validator/validate.mjs FILE... - judge CSAF 2.0 documents with the BSI
// validator library (@secvisogram/csaf-validator-lib, strict mode): the strict schema and
// every mandatory test must pass; optional tests give warnings, informative ones infos.
// The informative tests that need the network or hunspell (6.3.6, 6.3.7, 6.3.8) are not run.
// Prints one line per finding ("FILE: error|warning|info TEST PATH: MESSAGE") and a summary
// line per file; exits 1 when any file has an error, 2 on bad usage.
import { readFile } from 'node:fs/promises'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js'
import * as informative from '@secvisogram/csaf-validator-lib/informativeTests.js'

const files = process.argv.slice(2)
if (!files.length) {
  console.error('usage: validate.mjs FILE...')
  process.exit(2)
}
const skip = new Set(['informativeTest_6_3_6', 'informativeTest_6_3_7', 'informativeTest_6_3_8'])
const tests = [csaf_2_0_strict, ...Object.values(mandatory), ...Object.values(optional),
  ...Object.values(informative).filter((t) => !skip.has(t.name))]
let bad = 0
for (const f of files) {
  const doc = JSON.parse(await readFile(f, 'utf8'))
  const r = await validateStrict(tests, doc)
  let e = 0, w = 0, i = 0
  for (const t of r.tests) {
    for (const x of t.errors ?? []) { e++; console.log(`${f}: error ${t.name} ${x.instancePath}: ${x.message}`) }
    for (const x of t.warnings ?? []) { w++; console.log(`${f}: warning ${t.name} ${x.instancePath}: ${x.message}`) }
    for (const x of t.infos ?? []) { i++; console.log(`${f}: info ${t.name} ${x.instancePath}: ${x.message}`) }
  }
  console.log(`${f}: ${r.isValid ? 'valid' : 'INVALID'}: ${e} errors, ${w} warnings, ${i} infos`)
  if (!r.isValid) bad++
}
process.exit(bad ? 1 : 0)
