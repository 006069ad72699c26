import { describe, expect, it } from "vitest";
import {
  escapeDot,
  escapeHtml,
  escapeMarkdownBlock,
  escapeMarkdownCell,
  escapeMermaid,
  relativeLinkTarget,
} from "../../src/export/escape.js";
import { hasActiveContent } from "../../src/export/graphviz.js";
import { HOSTILE } from "./example-model.js";

describe("escapers", () => {
  it("HTML: no tag, attribute or entity can be opened", () => {
    for (const s of HOSTILE) {
      const out = escapeHtml(s);
      expect(out).not.toMatch(/[<>"'`]/);
      expect(out.replace(/&(amp|lt|gt|quot|#39|#96);/g, "")).not.toContain("&");
    }
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("Markdown cells: pipes, newlines, backticks, links and HTML are neutralised", () => {
    expect(escapeMarkdownCell("a | b")).toBe("a \\| b");
    expect(escapeMarkdownCell("one\ntwo\r\nthree")).toBe("one<br>two<br>three");
    expect(escapeMarkdownCell("`x` [y](javascript:z) *b* _i_ ~s~")).toBe(
      "\\`x\\` \\[y\\](javascript:z) \\*b\\* \\_i\\_ \\~s\\~",
    );
    expect(escapeMarkdownCell("<img src=x onerror=alert(1)>")).toBe("&lt;img src=x onerror=alert(1)&gt;");
    for (const s of HOSTILE) {
      const out = escapeMarkdownCell(s);
      expect(out).not.toMatch(/(^|[^\\])\|/);
      expect(out).not.toMatch(/<(?!br>)/);
      expect(out).not.toMatch(/\n/);
    }
  });

  it("Markdown blocks: a line cannot become a heading, list or quote", () => {
    expect(escapeMarkdownBlock("# title\n- item\n1. first\n> quote")).toBe(
      "\\# title  \n\\- item  \n1\\. first  \n&gt; quote",
    );
  });

  it("Mermaid labels: quotes, brackets, pipes, %% and HTML become entity codes", () => {
    const out = escapeMermaid('a "b" [c] (d) {e} |f| %%g <h> `i` ;\n\\');
    expect(out).toBe(
      "a #quot;b#quot; #91;c#93; #40;d#41; #123;e#125; #124;f#124; #37;#37;g #60;h#62; #96;i#96; #59; #92;",
    );
    for (const s of HOSTILE)
      expect(escapeMermaid(s).replace(/#\w+;/g, "")).not.toMatch(/["<>[\]{}()|`%\n;\\#]/);
  });

  it("DOT strings: quotes and backslashes escaped, angle brackets and ampersands as entities", () => {
    expect(escapeDot('say "hi" \\n <b> & done\nnext')).toBe('say \\"hi\\" \\\\n &lt;b&gt; &amp; done next');
    for (const s of HOSTILE) {
      const out = escapeDot(s);
      expect(out).not.toMatch(/(^|[^\\])"/);
      expect(out).not.toMatch(/[<>\n]/);
    }
  });

  it("link targets: only plain relative paths, URL-encoded", () => {
    expect(relativeLinkTarget("src/a b.ts")).toBe("src/a%20b.ts");
    expect(relativeLinkTarget("src/x(1).ts")).toBe("src/x(1).ts");
    for (const bad of ["../etc/passwd", "/etc/passwd", "javascript:alert(1)", "a\\b", "a//b", "./a", ""]) {
      expect(relativeLinkTarget(bad)).toBeUndefined();
    }
  });

  it("SVG check: flags active markup, not escaped text that merely mentions it", () => {
    expect(hasActiveContent('<svg><text x="1">&lt;script&gt; onerror=&quot;x&quot;</text></svg>')).toBe(
      false,
    );
    expect(hasActiveContent('<svg><a xlink:title="&lt;img onerror=alert(1)&gt;"><g/></a></svg>')).toBe(false);
    expect(hasActiveContent("<svg><script>alert(1)</script></svg>")).toBe(true);
    expect(hasActiveContent('<svg><g onload="alert(1)"></g></svg>')).toBe(true);
    expect(hasActiveContent('<svg><a xlink:href="javascript:alert(1)">x</a></svg>')).toBe(true);
    expect(hasActiveContent("<svg><foreignObject><div/></foreignObject></svg>")).toBe(true);
  });
});
