import { CAPABILITIES, type Capability } from './domain';
import { isAllowedExternalUrl } from './externalLinks';
import { GuidePackageSchema, type Condition, type Guide, type GuideNode, type GuidePackage } from './guide';
import { describeStep, enumeratePaths } from './guidePaths';
import { dateDaysBefore } from './guideWalk';
import { sourcingIssues } from './guideSources';

/** One authoring mistake, with where it is in the package (e.g. ['guides', 0, 'nodes', 3, 'next', 1, 'to']). */
export interface GuideIssue {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];

/** Every subset of the capabilities: a guide must end at an outcome at any office. */
const CAPABILITY_SETS: Capability[][] = Array.from({ length: 1 << CAPABILITIES.length }, (_, mask) =>
  CAPABILITIES.filter((_, i) => mask & (1 << i)),
);
/**
 * Dates in guides count days back from today, so any fixed day gives the same paths,
 * except where an age table changes: those guides are also walked on each row's first
 * day and the day before it.
 */
const VALIDATION_DAY = '2026-01-15';

function validationDays(guide: Guide): string[] {
  const days = new Set([VALIDATION_DAY]);
  for (const table of guide.tables ?? [])
    for (const row of table.rows) days.add(row.validFrom).add(dateDaysBefore(1, row.validFrom));
  return [...days].sort();
}

/** The schema alone: a package's shape, without walking its guides. */
export function parsePackage(raw: unknown): { package: GuidePackage | null; issues: GuideIssue[] } {
  const parsed = GuidePackageSchema.safeParse(raw);
  if (parsed.success) return { package: parsed.data, issues: [] };
  return {
    package: null,
    issues: parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
    })),
  };
}

/**
 * Turns authoring mistakes into errors before a package is used: schema, unknown
 * targets and references, unreachable nodes, cycles, dead ends, choice options
 * without a route, conditions on answers not given on every path, missing sv texts,
 * facts without a source (shared/guideSources.ts).
 */
export function validatePackage(raw: unknown): { package: GuidePackage | null; issues: GuideIssue[] } {
  const parsed = parsePackage(raw);
  if (!parsed.package) return parsed;
  const pkg = parsed.package;
  const issues: GuideIssue[] = [];
  const add = (path: Path, message: string) => issues.push({ path, message });
  checkPackageRefs(pkg, add);
  for (const issue of sourcingIssues(pkg)) add(issue.path, issue.message);
  const seenKinds = new Set<string>();
  pkg.guides.forEach((guide, gi) => {
    if (seenKinds.has(guide.errandKind)) add(['guides', gi, 'errandKind'], `a second guide for ${guide.errandKind}`);
    seenKinds.add(guide.errandKind);
    checkGuide(guide, ['guides', gi], add);
  });
  return { package: issues.length ? null : pkg, issues };
}

function checkPackageRefs(pkg: GuidePackage, add: (path: Path, message: string) => void) {
  const sv = pkg.texts.sv;
  const key = (k: string | undefined, path: Path) => {
    if (k !== undefined && !(k in sv)) add(path, `text key "${k}" is missing in sv`);
  };
  for (const [name, list] of [
    ['documents', pkg.documents],
    ['fees', pkg.fees],
    ['links', pkg.links],
  ] as const) {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) add([name, i, 'id'], `duplicate id "${item.id}"`);
      seen.add(item.id);
      key(item.label, [name, i, 'label']);
    });
  }
  pkg.links.forEach((link, i) => {
    if (!isAllowedExternalUrl(link.url)) add(['links', i, 'url'], `${link.url} is not an allowed agency origin`);
  });
  pkg.guides.forEach((guide, gi) => {
    key(guide.title, ['guides', gi, 'title']);
    const tableIds = new Set<string>();
    guide.tables?.forEach((t, ti) => {
      if (tableIds.has(t.id)) add(['guides', gi, 'tables', ti, 'id'], `duplicate table id "${t.id}"`);
      tableIds.add(t.id);
      key(t.label, ['guides', gi, 'tables', ti, 'label']);
    });
    guide.nodes.forEach((node, ni) => {
      const at: Path = ['guides', gi, 'nodes', ni];
      key(node.title, [...at, 'title']);
      key(node.text, [...at, 'text']);
      node.links?.forEach((id, i) => refIn(pkg.links, id, [...at, 'links', i], 'link', add));
      node.fees?.forEach((id, i) => refIn(pkg.fees, id, [...at, 'fees', i], 'fee', add));
      if (node.type === 'question') node.options?.forEach((o, oi) => key(o.label, [...at, 'options', oi, 'label']));
      if (node.type === 'checklist')
        node.items.forEach((item, ii) => {
          key(item.text, [...at, 'items', ii, 'text']);
          if (item.document) refIn(pkg.documents, item.document, [...at, 'items', ii, 'document'], 'document', add);
        });
      if (node.type === 'outcome') {
        node.documents?.forEach((id, i) => refIn(pkg.documents, id, [...at, 'documents', i], 'document', add));
        if (node.referral && 'link' in node.referral && node.referral.link)
          refIn(pkg.links, node.referral.link, [...at, 'referral', 'link'], 'link', add);
      }
    });
  });
}

function refIn(
  list: readonly { id: string }[],
  id: string,
  path: Path,
  what: string,
  add: (p: Path, m: string) => void,
) {
  if (!list.some((x) => x.id === id)) add(path, `unknown ${what} "${id}"`);
}

function targetsOf(node: GuideNode): string[] {
  if (node.type === 'outcome') return [];
  const out = node.next.map((r) => r.to);
  if (node.type === 'action' && node.otherwise) out.push(node.otherwise);
  return out;
}

/** Nodes reachable from the start, optionally pretending `without` is not there. */
function reachable(guide: Guide, nodes: Map<string, GuideNode>, without?: string): Set<string> {
  const seen = new Set<string>();
  const stack = guide.start === without ? [] : [guide.start];
  while (stack.length) {
    const id = stack.pop()!;
    const node = nodes.get(id);
    if (seen.has(id) || !node) continue;
    seen.add(id);
    for (const to of targetsOf(node)) if (to !== without) stack.push(to);
  }
  return seen;
}

function findCycle(guide: Guide, nodes: Map<string, GuideNode>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const dfs = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...trail.slice(trail.indexOf(id)), id];
    const node = nodes.get(id);
    if (!node) return null;
    state.set(id, 'open');
    trail.push(id);
    for (const to of targetsOf(node)) {
      const cycle = dfs(to);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(id, 'done');
    return null;
  };
  for (const node of guide.nodes) {
    const cycle = dfs(node.id);
    if (cycle) return cycle;
  }
  return null;
}

function checkGuide(guide: Guide, at: Path, add: (path: Path, message: string) => void) {
  const nodes = new Map<string, GuideNode>();
  guide.nodes.forEach((node, ni) => {
    if (nodes.has(node.id)) add([...at, 'nodes', ni, 'id'], `duplicate node id "${node.id}"`);
    nodes.set(node.id, node);
  });
  let broken = false;
  const fail = (path: Path, message: string) => {
    broken = true;
    add(path, message);
  };
  if (!nodes.has(guide.start)) fail([...at, 'start'], `unknown start node "${guide.start}"`);
  guide.nodes.forEach((node, ni) => {
    if (node.type === 'outcome') return;
    node.next.forEach((r, ri) => {
      if (!nodes.has(r.to)) fail([...at, 'nodes', ni, 'next', ri, 'to'], `unknown target "${r.to}"`);
    });
    if (node.type === 'action' && node.otherwise && !nodes.has(node.otherwise))
      fail([...at, 'nodes', ni, 'otherwise'], `unknown target "${node.otherwise}"`);
  });
  if (broken) return;

  const cycle = findCycle(guide, nodes);
  if (cycle) return add([...at, 'nodes'], `cycle: ${cycle.join(' → ')}`);

  const live = reachable(guide, nodes);
  guide.nodes.forEach((node, ni) => {
    if (!live.has(node.id)) add([...at, 'nodes', ni], `node "${node.id}" cannot be reached from "${guide.start}"`);
  });

  // Which nodes lie on every path to a node: those whose removal cuts it off from the start.
  const dominators = new Map<string, Set<string>>();
  const dominates = (x: string, n: string) => {
    if (x === guide.start) return true;
    let cut = dominators.get(x);
    if (!cut) dominators.set(x, (cut = reachable(guide, nodes, x)));
    return !cut.has(n);
  };

  guide.nodes.forEach((node, ni) => {
    const nodeAt: Path = [...at, 'nodes', ni];
    const conditions: [Condition, Path][] = [];
    if (node.type !== 'outcome')
      node.next.forEach((r, ri) => r.when && conditions.push([r.when, [...nodeAt, 'next', ri, 'when']]));
    if (node.type === 'checklist')
      node.items.forEach((item, ii) => item.when && conditions.push([item.when, [...nodeAt, 'items', ii, 'when']]));
    for (const [condition, path] of conditions)
      checkCondition(
        condition,
        path,
        node,
        nodes,
        dominates,
        add,
        node.type === 'checklist' && path.includes('items'),
        guide,
      );
    if (node.type === 'question' && (node.input === 'choice' || node.input === 'yesno')) {
      const tested = testedValues(node);
      if (tested.size) {
        const options = node.input === 'yesno' ? ['yes', 'no'] : node.options!.map((o) => o.value);
        for (const option of options)
          if (!tested.has(option)) add([...nodeAt, 'next'], `option "${option}" of "${node.id}" has no route`);
      }
    }
  });
  if (issuesAreGraphSafe(guide, nodes)) checkEveryPathEnds(guide, at, add);
}

/** Option values a question's own routes test. */
function testedValues(node: Extract<GuideNode, { type: 'question' }>): Set<string> {
  const values = new Set<string>();
  const visit = (c: Condition) => {
    if ('answer' in c && c.answer === node.id) {
      if ('equals' in c) values.add(c.equals);
      if ('in' in c) c.in.forEach((v) => values.add(v));
    }
    if ('all' in c) c.all.forEach(visit);
    if ('any' in c) c.any.forEach(visit);
    if ('not' in c) visit(c.not);
  };
  node.next.forEach((r) => r.when && visit(r.when));
  return values;
}

function checkCondition(
  c: Condition,
  path: Path,
  at: GuideNode,
  nodes: Map<string, GuideNode>,
  dominates: (x: string, n: string) => boolean,
  add: (path: Path, message: string) => void,
  inItem: boolean,
  guide: Guide,
) {
  if ('all' in c)
    return c.all.forEach((x, i) => checkCondition(x, [...path, 'all', i], at, nodes, dominates, add, inItem, guide));
  if ('any' in c)
    return c.any.forEach((x, i) => checkCondition(x, [...path, 'any', i], at, nodes, dominates, add, inItem, guide));
  if ('not' in c) return checkCondition(c.not, [...path, 'not'], at, nodes, dominates, add, inItem, guide);
  if ('capability' in c) return;
  const ref = 'complete' in c ? c.complete : c.answer;
  const target = nodes.get(ref);
  if (!target) return add(path, `condition on unknown node "${ref}"`);
  // A node's own answer is known to its routes, not to its own checklist items.
  const ownAnswer = ref === at.id && !inItem;
  if (!ownAnswer && (ref === at.id || !dominates(ref, at.id)))
    add(path, `"${ref}" is not answered on every path to "${at.id}"`);
  if ('complete' in c) {
    if (target.type !== 'checklist') add(path, `"complete" needs a checklist, "${ref}" is a ${target.type}`);
    return;
  }
  if ('equals' in c || 'in' in c) {
    const options =
      target.type === 'question' && target.input === 'choice'
        ? target.options!.map((o) => o.value)
        : target.type === 'question' && target.input === 'yesno'
          ? ['yes', 'no']
          : null;
    if (!options) return add(path, `"equals"/"in" need a choice or yes/no question, "${ref}" is not one`);
    for (const v of 'equals' in c ? [c.equals] : c.in)
      if (!options.includes(v)) add(path, `"${v}" is not an option of "${ref}"`);
    return;
  }
  if ('atLeastAge' in c || 'belowAge' in c) {
    const table = 'atLeastAge' in c ? c.atLeastAge : c.belowAge;
    if (!guide.tables?.some((t) => t.id === table)) add(path, `unknown age table "${table}"`);
    const age = target.type === 'personnummer' || (target.type === 'question' && target.input === 'number');
    if (!age) add(path, `an age table condition needs an age (number or personnummer step), "${ref}" is not one`);
    const born = nodes.get(c.bornIn);
    if (!born) return add(path, `condition on unknown node "${c.bornIn}"`);
    if (born.type !== 'question' || born.input !== 'number')
      add(path, `"bornIn" needs a number question (the birth year), "${c.bornIn}" is not one`);
    const ownBorn = c.bornIn === at.id && !inItem;
    if (!ownBorn && (c.bornIn === at.id || !dominates(c.bornIn, at.id)))
      add(path, `"${c.bornIn}" is not answered on every path to "${at.id}"`);
    return;
  }
  const numeric =
    target.type === 'personnummer' ||
    (target.type === 'question' && (target.input === 'number' || target.input === 'date'));
  if (!numeric) add(path, `"atLeast"/"below" need a number, date or personnummer step, "${ref}" is not one`);
}

/** Enumeration needs known targets and no cycles; the checks above report those first. */
function issuesAreGraphSafe(guide: Guide, nodes: Map<string, GuideNode>): boolean {
  return (
    nodes.has(guide.start) &&
    guide.nodes.every((n) => targetsOf(n).every((t) => nodes.has(t))) &&
    !findCycle(guide, nodes)
  );
}

function checkEveryPathEnds(guide: Guide, at: Path, add: (path: Path, message: string) => void) {
  const reported = new Set<string>();
  for (const today of validationDays(guide))
    for (const capabilities of CAPABILITY_SETS) {
      let paths;
      try {
        paths = enumeratePaths(guide, { capabilities, today });
      } catch (error) {
        return add([...at], (error as Error).message);
      }
      for (const p of paths) {
        if (!p.deadEnd || reported.has(p.end.id)) continue;
        reported.add(p.end.id);
        const ni = guide.nodes.findIndex((n) => n.id === p.end.id);
        const steps = p.steps.map((s) => describeStep(s, today)).join(' → ') || '(start)';
        const on = today === VALIDATION_DAY ? '' : `, on ${today}`;
        add(
          [...at, 'nodes', ni, 'next'],
          `dead end at "${p.end.id}": no route matches after ${steps} (office with: ${capabilities.join(', ') || 'none'}${on})`,
        );
      }
    }
}

/** Issues as lines: `guides[0].nodes[3].next[1].to: unknown target "x"`. */
export function formatIssue(issue: GuideIssue): string {
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
  return `${path || '(package)'}: ${issue.message}`;
}
