import type { Condition, Guide, GuidePackage } from '../../shared/guide';

/** A condition in a few words, for an edge label. */
function describe(c: Condition): string {
  if ('all' in c) return c.all.map(describe).join(' och ');
  if ('any' in c) return c.any.map(describe).join(' eller ');
  if ('not' in c) return `inte (${describe(c.not)})`;
  if ('capability' in c) return `kontoret har ${c.capability}`;
  if ('complete' in c) return `${c.complete} komplett`;
  if ('equals' in c) return `${c.answer} = ${c.equals}`;
  if ('in' in c) return `${c.answer} ∈ ${c.in.join('/')}`;
  if ('atLeast' in c) return `${c.answer} ≥ ${c.atLeast}`;
  const plus = (p?: number) => (p ? (p > 0 ? ` + ${p}` : ` − ${-p}`) : '');
  if ('atLeastAge' in c) return `${c.answer} ≥ ${c.atLeastAge}(${c.bornIn})${plus(c.plus)}`;
  if ('belowAge' in c) return `${c.answer} < ${c.belowAge}(${c.bornIn})${plus(c.plus)}`;
  return `${c.answer} < ${c.below}`;
}

const quote = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;

/** A Mermaid flowchart of one guide, with the Swedish titles, for review and for officers' training. */
export function mermaidFor(pkg: GuidePackage, guide: Guide): string {
  const sv = pkg.texts.sv;
  const lines = ['flowchart TD'];
  for (const node of guide.nodes) {
    const label = `${node.id}: ${sv[node.title] ?? node.title}`;
    lines.push(
      node.type === 'outcome'
        ? `  ${node.id}([${quote(`${label} [${node.outcome}]`)}])`
        : `  ${node.id}[${quote(label)}]`,
    );
  }
  for (const node of guide.nodes) {
    if (node.type === 'outcome') continue;
    node.next.forEach((r) =>
      lines.push(r.when ? `  ${node.id} -->|${quote(describe(r.when))}| ${r.to}` : `  ${node.id} --> ${r.to}`),
    );
    if (node.type === 'action' && node.otherwise)
      lines.push(`  ${node.id} -.->|${quote(`saknar ${node.requires!.join(', ')}`)}| ${node.otherwise}`);
  }
  return `${lines.join('\n')}\n`;
}
