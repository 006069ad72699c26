import { escapeHtml } from "./escape.js";

/** Markup that is already safe. Only this module and trusted renderers (the SVG) create it. */
export class Html {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = Html | string | number | undefined | null | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | undefined>;

const TAG = /^[a-z][a-z0-9-]*$/;
const ATTR = /^[a-z][a-z0-9-]*$/;
const VOID = new Set(["meta", "input", "br", "link", "col"]);

function render(child: Child): string {
  if (child === undefined || child === null || child === false) return "";
  if (child instanceof Html) return child.html;
  if (Array.isArray(child)) return (child as readonly Child[]).map(render).join("");
  return escapeHtml(String(child));
}

/**
 * An element. Text children and attribute values are always escaped; tag and attribute names are
 * fixed identifiers from our code (checked), and `on*` attributes are refused outright.
 */
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): Html {
  if (!TAG.test(tag)) throw new Error(`bad tag name ${tag}`);
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (!ATTR.test(name) || name.startsWith("on")) throw new Error(`bad attribute name ${name}`);
    if (value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  open += ">";
  if (VOID.has(tag)) return new Html(open);
  return new Html(`${open}${render(children)}</${tag}>`);
}

export function fragment(...children: Child[]): Html {
  return new Html(render(children));
}

/** Wraps markup produced by a trusted renderer (our own CSS/JS, Graphviz SVG). */
export function trusted(markup: string): Html {
  return new Html(markup);
}
