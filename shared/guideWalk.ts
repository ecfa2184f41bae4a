import type { Capability } from './domain';
import type { AgeTable, Answer, Answers, ChecklistNode, Condition, Guide, GuideNode, OutcomeNode } from './guide';

/**
 * Walking a guide is a pure function: (guide, office, answers) → where the officer is.
 * The state is only the answers, keyed by node id, so going back and changing an
 * answer recomputes the path, and later answers that are still on it are kept.
 */

export interface WalkContext {
  /** What the office has (biometrics, ID-card photo, Migrationsverket services). */
  capabilities: readonly Capability[];
  /** The local day (YYYY-MM-DD, Europe/Stockholm) date questions count days from. */
  today: string;
}

export interface WalkStep {
  node: GuideNode;
  answer: Answer | undefined;
  /** Which route was taken: its index in `next`, or 'otherwise' when the office lacked a capability. */
  route: number | 'otherwise';
}

export interface WalkState {
  /** The nodes passed, in order, with their answers. */
  path: WalkStep[];
  /** The node waiting for an answer, or the outcome reached. */
  current: GuideNode;
  outcome: OutcomeNode | null;
  /** True when no route of `current` matched: an authoring error the validator catches. */
  deadEnd: boolean;
}

/** A guide's nodes by id, with its age tables by id (what conditions look up). */
export type GuideNodes = Map<string, GuideNode> & { tables: ReadonlyMap<string, AgeTable> };

export function nodeMap(guide: Guide): GuideNodes {
  return Object.assign(new Map(guide.nodes.map((n) => [n.id, n] as const)), {
    tables: new Map((guide.tables ?? []).map((t) => [t.id, t] as const)),
  });
}

/**
 * The age a table sets for people born in `birthYear`, under the rules in force on
 * `today`: of the rows covering the year, the one with the latest `validFrom` not after
 * today (a later row replaces an earlier one). Undefined when no row covers it.
 */
export function ageLimit(table: AgeTable, birthYear: number, today: string): number | undefined {
  let best: AgeTable['rows'][number] | undefined;
  for (const row of table.rows) {
    if (row.validFrom > today) continue;
    if (row.bornFrom !== undefined && birthYear < row.bornFrom) continue;
    if (row.bornTo !== undefined && birthYear > row.bornTo) continue;
    if (!best || row.validFrom >= best.validFrom) best = row;
  }
  return best?.age;
}

/** Whole days from an ISO date to today (positive = the date is in the past). */
export function daysBefore(date: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** The ISO date `days` before today (negative = in the future). */
export function dateDaysBefore(days: number, today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** The answer of `node`, if it is a usable one; anything else counts as not answered. */
export function validAnswer(node: GuideNode, answer: Answer | undefined): Answer | undefined {
  if (answer === undefined) return undefined;
  switch (node.type) {
    case 'question':
      if (node.input === 'choice')
        return typeof answer === 'string' && node.options!.some((o) => o.value === answer) ? answer : undefined;
      if (node.input === 'yesno') return answer === 'yes' || answer === 'no' ? answer : undefined;
      if (node.input === 'number')
        return typeof answer === 'number' &&
          Number.isInteger(answer) &&
          (node.min === undefined || answer >= node.min) &&
          (node.max === undefined || answer <= node.max)
          ? answer
          : undefined;
      return typeof answer === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(answer) && !Number.isNaN(Date.parse(answer))
        ? answer
        : undefined;
    case 'personnummer':
      // Only the age is kept: the number itself never leaves the input field.
      return typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < 150 ? answer : undefined;
    case 'checklist':
      return Array.isArray(answer) ? answer : undefined;
    case 'info':
    case 'action':
      return answer === true ? true : undefined;
    case 'outcome':
      return undefined;
  }
}

/** Checklist items that apply given the answers so far. */
export function applicableItems(node: ChecklistNode, answers: Answers, ctx: WalkContext, nodes: GuideNodes) {
  return node.items.filter((item) => item.when === undefined || holds(item.when, answers, ctx, nodes));
}

export function holds(condition: Condition, answers: Answers, ctx: WalkContext, nodes: GuideNodes): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, answers, ctx, nodes));
  if ('any' in condition) return condition.any.some((c) => holds(c, answers, ctx, nodes));
  if ('not' in condition) return !holds(condition.not, answers, ctx, nodes);
  if ('capability' in condition) return ctx.capabilities.includes(condition.capability);
  if ('complete' in condition) {
    const node = nodes.get(condition.complete);
    if (node?.type !== 'checklist') return false;
    const ticked = answers[node.id];
    if (!Array.isArray(ticked)) return false;
    return applicableItems(node, answers, ctx, nodes).every((item) => !item.required || ticked.includes(item.id));
  }
  const node = nodes.get(condition.answer);
  const answer = node ? validAnswer(node, answers[condition.answer]) : undefined;
  if (answer === undefined) return false;
  if ('equals' in condition) return answer === condition.equals;
  if ('in' in condition) return typeof answer === 'string' && condition.in.includes(answer);
  if ('atLeastAge' in condition || 'belowAge' in condition) {
    const limit = tableLimit(condition, answers, ctx, nodes);
    if (limit === undefined || typeof answer !== 'number') return false;
    return 'atLeastAge' in condition ? answer >= limit : answer < limit;
  }
  const value = typeof answer === 'string' ? daysBefore(answer, ctx.today) : answer;
  if (typeof value !== 'number') return false;
  return 'atLeast' in condition ? value >= condition.atLeast : value < condition.below;
}

/** The age limit a table condition compares with: the table's age for the answered birth year, plus `plus`. */
function tableLimit(
  condition:
    { atLeastAge: string; bornIn: string; plus?: number } | { belowAge: string; bornIn: string; plus?: number },
  answers: Answers,
  ctx: WalkContext,
  nodes: GuideNodes,
): number | undefined {
  const table = nodes.tables.get('atLeastAge' in condition ? condition.atLeastAge : condition.belowAge);
  const bornNode = nodes.get(condition.bornIn);
  const born = bornNode ? validAnswer(bornNode, answers[condition.bornIn]) : undefined;
  if (!table || typeof born !== 'number') return undefined;
  const age = ageLimit(table, born, ctx.today);
  return age === undefined ? undefined : age + (condition.plus ?? 0);
}

export function walk(guide: Guide, ctx: WalkContext, answers: Answers): WalkState {
  const nodes = nodeMap(guide);
  const path: WalkStep[] = [];
  let node = nodes.get(guide.start);
  // A valid guide is acyclic, so a walk visits each node at most once.
  for (let guard = 0; node && guard <= guide.nodes.length; guard++) {
    if (node.type === 'outcome') return { path, current: node, outcome: node, deadEnd: false };
    if (node.type === 'action' && node.requires && !node.requires.every((c) => ctx.capabilities.includes(c))) {
      path.push({ node, answer: undefined, route: 'otherwise' });
      node = nodes.get(node.otherwise!);
      continue;
    }
    const answer = validAnswer(node, answers[node.id]);
    if (answer === undefined) return { path, current: node, outcome: null, deadEnd: false };
    const route = node.next.findIndex((r) => r.when === undefined || holds(r.when, answers, ctx, nodes));
    if (route < 0) return { path, current: node, outcome: null, deadEnd: true };
    path.push({ node, answer, route });
    node = nodes.get(node.next[route]!.to);
  }
  throw new Error(`guide ${guide.errandKind} has a cycle or an unknown target`);
}

/** Going back: the last answered step becomes current again; its answer is dropped, later ones are kept. */
export function stepBack(state: WalkState, answers: Answers): Answers {
  const last = [...state.path].reverse().find((s) => s.route !== 'otherwise');
  if (!last) return answers;
  const rest = { ...answers };
  delete rest[last.node.id];
  return rest;
}
