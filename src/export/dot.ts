import { RISK_COLOURS, type Diagram, type DiagramNode } from "./diagram.js";
import { clip, escapeDot } from "./escape.js";

const LABEL_MAX = 48;
const TRUST_FILL: Record<string, string> = {
  Untrusted: "#fdecec",
  Low: "#fdf3e7",
  Medium: "#fefbe8",
  High: "#eef6ee",
  Full: "#eaf1fb",
};

const q = (text: string) => `"${escapeDot(text)}"`;

function nodeStatement(node: DiagramNode): string {
  const colours = RISK_COLOURS[node.risk ?? "none"];
  const threats =
    node.openThreats > 0 ? `${node.openThreats} open threat${node.openThreats > 1 ? "s" : ""}` : "";
  const label = [clip(node.name, LABEL_MAX), clip(node.detail, LABEL_MAX), threats]
    .filter(Boolean)
    .join("\n");
  // Lines are joined with DOT's own "\n" escape after each part has been escaped.
  const text = label
    .split("\n")
    .map((line) => escapeDot(line))
    .join("\\n");
  const shape = node.kind === "data_store" ? "cylinder" : "box";
  const style = node.kind === "data_store" ? "filled" : "rounded,filled";
  return `${node.key} [label="${text}", shape=${shape}, style="${style}", fillcolor="${colours.fill}", color="${colours.stroke}", tooltip=${q(node.name)}];`;
}

/**
 * The data-flow diagram in Graphviz DOT: zones as clusters, components as rounded boxes, data
 * stores as cylinders, fill by risk; connections labelled by protocol, dashed red when
 * unencrypted, bold when they cross a trust boundary.
 */
export function renderDot(diagram: Diagram, title: string): string {
  const lines = [
    "digraph threatmodel {",
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=11, labelloc=t, label=${q(clip(title, 100))}, nodesep=0.5, ranksep=0.9];`,
    '  node [fontname="Helvetica", fontsize=10, margin="0.15,0.08"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#374151"];',
  ];
  diagram.zones.forEach((zone, index) => {
    lines.push(`  subgraph cluster_${index + 1} {`);
    lines.push(
      `    label=${q(`${clip(zone.name, 60)} (trust: ${zone.trustLevel})`)}; style="filled,dashed"; color="#6b7280"; fillcolor="${TRUST_FILL[zone.trustLevel] ?? "#f9fafb"}";`,
    );
    for (const node of zone.nodes) lines.push(`    ${nodeStatement(node)}`);
    lines.push("  }");
  });
  for (const node of diagram.loose) lines.push(`  ${nodeStatement(node)}`);
  for (const edge of diagram.edges) {
    const label = [edge.label, edge.encrypted ? "" : "unencrypted"].filter(Boolean).join(" · ");
    const attrs = [`label=${q(label)}`];
    if (!edge.encrypted) attrs.push('style=dashed, color="#b91c1c", fontcolor="#b91c1c"');
    if (edge.crossings.length > 0) {
      attrs.push("penwidth=2.5");
      attrs.push(`tooltip=${q(`crosses ${edge.crossings.join(", ")}`)}`);
    }
    lines.push(`  ${edge.from} -> ${edge.to} [${attrs.join(", ")}];`);
  }
  if (diagram.nodes.length === 0)
    lines.push('  empty [label="No components or data stores yet", shape=plaintext];');
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
