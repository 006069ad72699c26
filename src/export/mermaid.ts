import { RISK_COLOURS, type Diagram, type DiagramEdge, type DiagramNode } from "./diagram.js";
import { clip, escapeMermaid } from "./escape.js";

const LABEL_MAX = 60;

function nodeLine(node: DiagramNode): string {
  const label = escapeMermaid(clip(node.name, LABEL_MAX));
  const detail = node.detail ? `<br/>${escapeMermaid(clip(node.detail, LABEL_MAX))}` : "";
  const text = `"${label}${detail}"`;
  return node.kind === "data_store" ? `${node.key}[(${text})]` : `${node.key}[${text}]`;
}

function edgeLabel(edge: DiagramEdge): string {
  const parts = [edge.label];
  if (!edge.encrypted) parts.push("unencrypted");
  if (edge.crossings.length > 0) parts.push(`crosses ${edge.crossings.join(", ")}`);
  return parts.filter(Boolean).join(" · ");
}

/**
 * The data-flow diagram as a Mermaid flowchart (renders on GitHub): trust zones are subgraphs,
 * data stores cylinders, unencrypted connections dotted, crossing-point connections thick and red,
 * elements coloured by the highest severity of their open threats.
 */
export function renderMermaid(diagram: Diagram): string {
  const lines = ["flowchart LR"];
  for (const zone of diagram.zones) {
    lines.push(
      `  subgraph ${zone.key}["${escapeMermaid(clip(`${zone.name} (trust: ${zone.trustLevel})`, 80))}"]`,
    );
    for (const node of zone.nodes) lines.push(`    ${nodeLine(node)}`);
    lines.push("  end");
  }
  for (const node of diagram.loose) lines.push(`  ${nodeLine(node)}`);
  const crossingEdges: number[] = [];
  diagram.edges.forEach((edge, index) => {
    const arrow = edge.crossings.length > 0 ? "==>" : edge.encrypted ? "-->" : "-.->";
    const label = edgeLabel(edge);
    lines.push(`  ${edge.from} ${arrow}${label ? `|"${escapeMermaid(clip(label, 120))}"|` : ""} ${edge.to}`);
    if (edge.crossings.length > 0) crossingEdges.push(index);
  });
  if (diagram.nodes.length === 0) lines.push('  empty["No components or data stores yet"]');
  const used = new Set(diagram.nodes.map((n) => n.risk).filter((r) => r !== undefined));
  for (const risk of ["Critical", "High", "Medium", "Low"] as const) {
    if (!used.has(risk)) continue;
    const { fill, stroke } = RISK_COLOURS[risk];
    lines.push(`  classDef risk${risk} fill:${fill},stroke:${stroke},stroke-width:2px`);
    const members = diagram.nodes.filter((n) => n.risk === risk).map((n) => n.key);
    lines.push(`  class ${members.join(",")} risk${risk}`);
  }
  if (crossingEdges.length > 0)
    lines.push(`  linkStyle ${crossingEdges.join(",")} stroke:#b91c1c,stroke-width:3px`);
  return `${lines.join("\n")}\n`;
}
