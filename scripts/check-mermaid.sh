#!/usr/bin/env bash
# npm run check:mermaid: parses the state diagram of docs/decision-tables.md with mermaid itself.
# mermaid and jsdom weigh about 180 MB, so they are installed in a temporary folder, not in the
# project, and this check is run by hand (docs/development.md) rather than on every CI run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
echo '{ "type": "module", "private": true }' > package.json
npm install --silent --no-audit --no-fund mermaid@11 jsdom@29 > /dev/null
sed -n '/```mermaid/,/```$/p' "$root/docs/decision-tables.md" | sed '1d;$d' > diagram.mmd
cat > check.mjs <<'JS'
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
Object.defineProperty(globalThis, "navigator", { value: dom.window.navigator, configurable: true });
const { default: mermaid } = await import("mermaid");
// A broken diagram first, so that a parser that accepts anything cannot pass this check.
const broken = await mermaid.parse("stateDiagram-v2\n  a --> --> b\n").then(() => true, () => false);
if (broken) throw new Error("mermaid accepted a broken diagram; this check proves nothing");
const result = await mermaid.parse(readFileSync("diagram.mmd", "utf8"));
console.log(`ok: docs/decision-tables.md has a valid ${result.diagramType} (${readFileSync("diagram.mmd", "utf8").split("\n").length} lines)`);
JS
node check.mjs
