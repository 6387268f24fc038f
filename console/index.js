// The folder of the console's static files (index.html, app.js, worker.js, chunks/): what
// `autoreply playground` serves, and what a host copies to any static web server.
import { fileURLToPath } from "node:url";

export const pageDir = fileURLToPath(new URL("./dist/", import.meta.url));
