import type { Answer, Condition, Guide, GuideNode } from './guide';
import {
  applicableItems,
  dateDaysBefore,
  daysBefore,
  nodeMap,
  walk,
  type WalkContext,
  type WalkStep,
} from './guideWalk';

/**
 * Every path through a guide: at each node that needs an answer, branch over one
 * representative answer per distinct behaviour (each option; each side of every
 * threshold a condition tests; a checklist complete and not). Used by the validator
 * (dead ends) and by the tests that prove every path ends at an outcome.
 */

export interface GuidePath {
  steps: WalkStep[];
  /** The outcome node, or the node where no route matched. */
  end: GuideNode;
  deadEnd: boolean;
}

const MAX_PATHS = 20_000;

function conditionsIn(guide: Guide): Condition[] {
  const out: Condition[] = [];
  const visit = (c: Condition) => {
    out.push(c);
    if ('all' in c) c.all.forEach(visit);
    if ('any' in c) c.any.forEach(visit);
    if ('not' in c) visit(c.not);
  };
  for (const node of guide.nodes) {
    if (node.type !== 'outcome') node.next.forEach((r) => r.when && visit(r.when));
    if (node.type === 'checklist') node.items.forEach((i) => i.when && visit(i.when));
  }
  return out;
}

/**
 * The numbers either side of every threshold tested on `nodeId` (for a date: days before
 * today): fixed thresholds, every age an age table can set (plus its offset), and for a
 * birth-year question the edges of every table row's birth years.
 */
function thresholdValues(guide: Guide, nodeId: string, min: number | undefined, max: number | undefined): number[] {
  const values = new Set<number>();
  const tables = new Map((guide.tables ?? []).map((t) => [t.id, t]));
  for (const c of conditionsIn(guide)) {
    if (!('answer' in c)) continue;
    if ('atLeastAge' in c || 'belowAge' in c) {
      const table = tables.get('atLeastAge' in c ? c.atLeastAge : c.belowAge);
      for (const row of table?.rows ?? []) {
        if (c.answer === nodeId) values.add(row.age + (c.plus ?? 0) - 1).add(row.age + (c.plus ?? 0));
        if (c.bornIn === nodeId) {
          if (row.bornFrom !== undefined) values.add(row.bornFrom - 1).add(row.bornFrom);
          if (row.bornTo !== undefined) values.add(row.bornTo).add(row.bornTo + 1);
        }
      }
      continue;
    }
    if (c.answer !== nodeId) continue;
    const t = 'atLeast' in c ? c.atLeast : 'below' in c ? c.below : undefined;
    if (t !== undefined) values.add(t - 1).add(t);
  }
  if (values.size === 0) values.add(min ?? 0);
  return [...values]
    .filter((v) => (min === undefined || v >= min) && (max === undefined || v <= max))
    .sort((a, b) => a - b);
}

export function representativeAnswers(
  guide: Guide,
  node: GuideNode,
  answers: Record<string, Answer>,
  ctx: WalkContext,
): Answer[] {
  switch (node.type) {
    case 'question':
      if (node.input === 'choice') return node.options!.map((o) => o.value);
      if (node.input === 'yesno') return ['yes', 'no'];
      if (node.input === 'number') return thresholdValues(guide, node.id, node.min, node.max);
      return thresholdValues(guide, node.id, undefined, undefined).map((d) => dateDaysBefore(d, ctx.today));
    case 'personnummer':
      return thresholdValues(guide, node.id, 0, 149);
    case 'checklist': {
      const items = applicableItems(node, answers, ctx, nodeMap(guide));
      const all = items.map((i) => i.id);
      return items.some((i) => i.required) ? [all, items.filter((i) => !i.required).map((i) => i.id)] : [all];
    }
    case 'info':
    case 'action':
      return [true];
    case 'outcome':
      return [];
  }
}

export function enumeratePaths(guide: Guide, ctx: WalkContext): GuidePath[] {
  const paths: GuidePath[] = [];
  const explore = (answers: Record<string, Answer>) => {
    if (paths.length >= MAX_PATHS) throw new Error(`guide ${guide.errandKind} has more than ${MAX_PATHS} paths`);
    const state = walk(guide, ctx, answers);
    if (state.outcome || state.deadEnd) {
      paths.push({ steps: state.path, end: state.current, deadEnd: state.deadEnd });
      return;
    }
    for (const answer of representativeAnswers(guide, state.current, answers, ctx))
      explore({ ...answers, [state.current.id]: answer });
  };
  explore({});
  return paths;
}

/** A step as text for goldens and error messages: `node=answer`, with dates as days before today. */
export function describeStep(step: WalkStep, today: string): string {
  const { node, answer } = step;
  if (step.route === 'otherwise') return `${node.id}=unavailable`;
  if (answer === true) return node.id;
  if (Array.isArray(answer)) return `${node.id}=[${answer.join(',')}]`;
  if (node.type === 'question' && node.input === 'date' && typeof answer === 'string')
    return `${node.id}=${daysBefore(answer, today)}d_ago`;
  return `${node.id}=${String(answer)}`;
}
