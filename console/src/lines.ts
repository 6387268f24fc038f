/** Where in the YAML text a config path is: the playground's errors and findings name their line (shared with `autoreply check`). */
export { lineFinder, lineOf, linesOf, pathSegments } from "../../src/tools/positions.js";
