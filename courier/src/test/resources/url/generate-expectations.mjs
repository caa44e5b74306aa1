// Regenerates expectations.jsonl from inputs.txt with Node's global URL class, a WHATWG URL Standard
// implementation (Ada in Node 20), so UrlConformanceTest compares Courier's parser with a real oracle.
//
//   node courier/src/test/resources/url/generate-expectations.mjs
//
// inputs.txt: one test per line, a JSON string with the input, optionally a TAB and a JSON string with
// the base; '#' lines and blank lines are skipped. Output: one JSON object per line, with input, base
// (null when absent) and either failure:true or the URL's href, protocol, username, password, host,
// hostname, port, pathname, search and hash. Both files are committed; the Java test never runs node.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const lines = readFileSync(join(dir, 'inputs.txt'), 'utf8').split('\n');
const out = [];
const seen = new Set();

lines.forEach((line, index) => {
  if (line.trim() === '' || line.startsWith('#')) {
    return;
  }
  const fields = line.split('\t');
  if (fields.length > 2) {
    throw new Error(`inputs.txt:${index + 1}: expected "input" or "input<TAB>base"`);
  }
  const input = JSON.parse(fields[0]);
  const base = fields.length === 2 ? JSON.parse(fields[1]) : null;
  const key = JSON.stringify([input, base]);
  if (seen.has(key)) {
    throw new Error(`inputs.txt:${index + 1}: duplicate test ${key}`);
  }
  seen.add(key);
  if (base !== null) {
    // An invalid base would make the row test nothing; refuse it instead.
    new URL(base);
  }
  let url;
  try {
    url = base === null ? new URL(input) : new URL(input, base);
  } catch {
    out.push(JSON.stringify({ input, base, failure: true }));
    return;
  }
  const { href, protocol, username, password, host, hostname, port, pathname, search, hash } = url;
  out.push(JSON.stringify({ input, base, href, protocol, username, password, host, hostname, port, pathname, search, hash }));
});

writeFileSync(join(dir, 'expectations.jsonl'), out.join('\n') + '\n');
console.log(`wrote ${out.length} expectations with node ${process.version}`);
