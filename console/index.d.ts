/** The folder of the console's static files (index.html, app.js, worker.js, chunks/). */
export declare const pageDir: string;
