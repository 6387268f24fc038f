/// <reference lib="dom" />
/** The console's two DOM helpers, one home for the page, its panels and its forms. */

/** An element with its attributes, and its text when `text` is not empty. */
export const el = (tag: string, attrs: Record<string, string> = {}, text = ""): HTMLElement => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== "") e.textContent = text;
  return e;
};

/** `e` with `children` appended. */
export const holding = (e: HTMLElement, ...children: (Node | string)[]): HTMLElement => {
  e.append(...children);
  return e;
};
