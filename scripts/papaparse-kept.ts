import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/**
 * In the tools entry (as tsup.config.ts builds it and scripts/size.ts measures it), Papa Parse keeps
 * what the batch reader calls: `Papa.parse` of a string with a comma, no header, no typing and no
 * transform (its string streamer, parser handle and parser), and `Papa.unparse`. Its UMD file cannot be tree-shaken, so the functions the reader never reaches (the
 * network, file and Node stream readers, the Web Worker's, the delimiter's guess, the header row and
 * the dynamic typing) are replaced, found by name with their bodies: by one that throws, or for the
 * header-and-typing pass, by its own first line (it returns the rows as they are when none of the
 * three is asked for). 15 KB of the package's two builds (issue 32 needed the room). The build fails
 * if one is no longer there (a new Papa Parse); tests/batch.test.ts reads and writes CSV through
 * what is kept. The CommonJS build leaves out `Papa.unparse` too: only the command line writes CSV
 * (`autoreply stats --csv`, through the ES build's `__internal.toCsv`).
 */
const PAPA_UNUSED = ["getWorkerBlob", "newWorker", "mainThreadReceivedMessage", "completeWorker", "workerThreadReceivedMessage", "NetworkStreamer", "FileStreamer", "ReadableStreamStreamer", "DuplexStreamStreamer", "guessDelimiter", "fillHeaderFields", "testFloat", "shouldApplyDynamicTyping", "parseDynamic", "applyHeaderAndDynamicTypingAndTransformation"];
const PAPA_KEPT: Readonly<Record<string, string>> = { applyHeaderAndDynamicTypingAndTransformation: "if (!_results || (!_config.header && !_config.dynamicTyping && !_config.transform)) return _results;" };
export const papaParseKept: Plugin = {
  name: "papaparse-kept",
  setup(build) {
    const unused = build.initialOptions.format === "cjs" ? [...PAPA_UNUSED, "JsonToCsv"] : PAPA_UNUSED;
    build.onLoad({ filter: /[\\/]node_modules[\\/]papaparse[\\/]papaparse\.js$/ }, async (args) => {
      let source = await readFile(args.path, "utf8");
      for (const name of unused) {
        const head = new RegExp(`function ${name}\\([^)]*\\)\\s*\\{`).exec(source);
        const kept = PAPA_KEPT[name] ?? "";
        if (head === null || !source.slice(head.index, head.index + 400).replace(/\s+/g, " ").includes(kept)) return { errors: [{ text: `papaparse-kept: ${args.path} no longer has function ${name} as it was; see scripts/papaparse-kept.ts` }] };
        // Its body ends at the brace that closes the one opening it (Papa Parse's source has no brace in a string or a regular expression there).
        let depth = 0;
        let end = head.index + head[0].length - 1;
        for (; end < source.length; end++) {
          if (source[end] === "{") depth++;
          else if (source[end] === "}" && --depth === 0) break;
        }
        source = `${source.slice(0, head.index)}function ${name}() { ${kept} throw new Error("Papa Parse's ${name} is not in this build"); }${source.slice(end + 1)}`;
      }
      return { contents: source, loader: "js" };
    });
  },
};
